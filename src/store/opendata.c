/* opendata.c — see opendata.h. */
#include "store/opendata.h"

#include <stdint.h>
#include <string.h>

#include "core/opendata.h"

static void read_inspection(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_od_inspection_t *r = item;
#define T(i) zf_arena_strdup(a, zf_stmt_text(st, i))
    *r = (zf_od_inspection_t){
        .id = zf_stmt_int(st, 0),
        .inspected_on = T(1),
        .unit_name = T(2),
        .source = T(3),
        .draw_id = zf_stmt_int(st, 4),
        .enterprise_name = T(5),
        .credit_code = T(6),
        .township = T(7),
        .domain = T(8),
        .findings = zf_stmt_int(st, 9),
        .hazards_ordinary = zf_stmt_int(st, 10),
        .hazards_major = zf_stmt_int(st, 11),
        .hazards_rectified = zf_stmt_int(st, 12),
        .case_opened = zf_stmt_int(st, 13) != 0,
        .signed_at = T(14),
    };
#undef T
}

int zf_od_inspections_list(zf_db_t *db, zf_arena_t *a, const zf_od_insp_filter_t *f,
                           zf_od_inspection_t **out, size_t *n, zf_error_t *err) {
    /* Optional conditions as "($k = '' OR …)", one statement text whatever
     * is given. A case "was opened" of the inspection when it names the
     * inspection as its source, one of its findings or one of its hazards,
     * and was filed or decided on the spot (a draft or withdrawn idea of a
     * case is not a case). The enterprise search skips individual
     * businesses ($5): their real name must not be findable. */
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT i.id, i.inspected_on, u.name, i.source, "
        "CASE WHEN i.source = 'draw' THEN i.source_id ELSE 0 END, e.name, e.credit_code, "
        "eu.name, COALESCE((SELECT c.domain FROM checklists c WHERE c.code = i.checklist_code "
        "AND c.version = i.checklist_version), ''), "
        "(SELECT COUNT(*) FROM inspection_findings fi WHERE fi.inspection_id = i.id), "
        "(SELECT COUNT(*) FROM hazards h WHERE h.inspection_id = i.id AND h.grade = 'ordinary'), "
        "(SELECT COUNT(*) FROM hazards h WHERE h.inspection_id = i.id AND h.grade = 'major'), "
        "(SELECT COUNT(*) FROM hazards h WHERE h.inspection_id = i.id "
        "AND h.status IN ('rectified', 'verified')), "
        "CASE WHEN EXISTS (SELECT 1 FROM cases c WHERE (c.filed_on <> '' OR c.decided_on <> '') "
        "AND ((c.source_id = i.id AND c.source_kind = 'inspection') "
        "OR c.finding_id IN (SELECT fi.id FROM inspection_findings fi "
        "WHERE fi.inspection_id = i.id) "
        "OR c.id IN (SELECT h.case_id FROM hazards h WHERE h.inspection_id = i.id))) "
        "THEN 1 ELSE 0 END, i.signed_at "
        "FROM inspections i JOIN units u ON u.id = i.unit_id "
        "JOIN enterprises e ON e.id = i.enterprise_id JOIN units eu ON eu.id = e.unit_id "
        "WHERE i.status <> 'open' AND i.id < $1 "
        "AND ($2 = '' OR i.inspected_on >= $2) AND ($3 = '' OR i.inspected_on <= $3) "
        "AND ($4 = '' OR (substr(e.credit_code, 1, 2) <> $5 "
        "AND (e.name LIKE $6 ESCAPE '\\' OR e.credit_code LIKE $6 ESCAPE '\\'))) "
        "ORDER BY i.id DESC LIMIT $7",
        err);
    if (!st) return ZF_EIO;
    const char *q = f->enterprise ? f->enterprise : "";
    /* a plain range, not "($1 = 0 OR …)": the OR kept SQLite from seeking,
     * and a deep page read every row above it (36 ms at 150,000 of 300,000) */
    zf_stmt_bind_int(st, 1, f->before_id > 0 ? f->before_id : INT64_MAX);
    zf_stmt_bind_text(st, 2, f->from ? f->from : "");
    zf_stmt_bind_text(st, 3, f->to ? f->to : "");
    zf_stmt_bind_text(st, 4, q);
    zf_stmt_bind_text(st, 5, ZF_OD_INDIVIDUAL_PREFIX);
    zf_stmt_bind_text(st, 6, zf_db_like_contains(a, q));
    zf_stmt_bind_int(st, 7, f->limit > 0 && f->limit <= 500 ? f->limit : 50);
    return zf_stmt_collect(st, a, sizeof **out, read_inspection, (void **)out, n, err);
}

static void read_violation(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_od_violation_t *r = item;
    *r = (zf_od_violation_t){
        .id = zf_stmt_int(st, 0),
        .publication_id = zf_stmt_int(st, 1),
        .number = zf_arena_strdup(a, zf_stmt_text(st, 2)),
        .doc = zf_arena_strdup(a, zf_stmt_text(st, 3)),
        .position = zf_stmt_int(st, 4),
        .item_code = zf_arena_strdup(a, zf_stmt_text(st, 5)),
        .amount_fen = zf_stmt_int(st, 6),
        .initial_fen = zf_stmt_int(st, 7),
        .values = zf_stmt_int(st, 8),
    };
}

int zf_od_violations_list(zf_db_t *db, zf_arena_t *a, int64_t before_id, int limit,
                          zf_od_violation_t **out, size_t *n, zf_error_t *err) {
    /* The position is counted, not windowed: a window over the page would
     * restart at the page's first row. */
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT v.id, p.id, p.number, p.doc, "
        "(SELECT COUNT(*) FROM case_violations v2 WHERE v2.case_id = v.case_id AND v2.id < v.id), "
        "v.item_code, v.amount_fen, "
        "COALESCE((SELECT h.amount_fen FROM case_violation_amounts h WHERE h.violation_id = v.id "
        "ORDER BY h.seq LIMIT 1), v.amount_fen), "
        "(SELECT COUNT(*) FROM case_violation_amounts h WHERE h.violation_id = v.id) "
        "FROM case_violations v JOIN publications p ON p.case_id = v.case_id "
        "AND p.status = 'published' "
        "WHERE v.id < $1 ORDER BY v.id DESC LIMIT $2",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, before_id > 0 ? before_id : INT64_MAX); /* a range the index seeks */
    zf_stmt_bind_int(st, 2, limit > 0 && limit <= 500 ? limit : 50);
    return zf_stmt_collect(st, a, sizeof **out, read_violation, (void **)out, n, err);
}

static void read_amount(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_od_amount_t *r = item;
    *r = (zf_od_amount_t){
        .publication_id = zf_stmt_int(st, 0),
        .number = zf_arena_strdup(a, zf_stmt_text(st, 1)),
        .violation_id = zf_stmt_int(st, 2),
        .item_code = zf_arena_strdup(a, zf_stmt_text(st, 3)),
        .seq = zf_stmt_int(st, 4),
        .stage = zf_arena_strdup(a, zf_stmt_text(st, 5)),
        .amount_fen = zf_stmt_int(st, 6),
        .changed_at = zf_arena_strdup(a, zf_stmt_text(st, 7)),
    };
}

int zf_od_amounts_between(zf_db_t *db, zf_arena_t *a, int64_t lo, int64_t hi, zf_od_amount_t **out,
                          size_t *n, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db,
                      "SELECT p.id, p.number, v.id, v.item_code, h.seq, h.stage, h.amount_fen, "
                      "h.changed_at FROM case_violation_amounts h "
                      "JOIN case_violations v ON v.id = h.violation_id "
                      "JOIN publications p ON p.case_id = v.case_id AND p.status = 'published' "
                      "WHERE h.violation_id >= $1 AND h.violation_id <= $2 "
                      "ORDER BY h.violation_id DESC, h.seq",
                      err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, lo);
    zf_stmt_bind_int(st, 2, hi);
    return zf_stmt_collect(st, a, sizeof **out, read_amount, (void **)out, n, err);
}
