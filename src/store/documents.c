/* documents.c — issued documents, template versions, field providers
 * (store/documents.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/util.h"
#include "store/documents.h"

#define DOC_COLS                                                                                   \
    "d.id, d.kind, d.template_version, d.template_sha256, d.subject_kind, d.subject_id, "          \
    "d.unit_id, u.path, d.year, d.seq, d.number, d.status, d.sha256, d.size, d.pages, "            \
    "d.verify_code, d.fields, d.issued_on, d.issued_at, d.issued_by, us.name, "                    \
    "d.corrects_document_id FROM documents d JOIN units u ON u.id = d.unit_id "                    \
    "LEFT JOIN users us ON us.id = d.issued_by "

static void read_doc(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_doc_row_t *d = item;
    d->id = zf_stmt_int(st, 0);
    d->kind = zf_arena_strdup(a, zf_stmt_text(st, 1));
    d->template_version = zf_stmt_int(st, 2);
    d->template_sha256 = zf_arena_strdup(a, zf_stmt_text(st, 3));
    d->subject_kind = zf_arena_strdup(a, zf_stmt_text(st, 4));
    d->subject_id = zf_stmt_int(st, 5);
    d->unit_id = zf_stmt_int(st, 6);
    d->unit_path = zf_arena_strdup(a, zf_stmt_text(st, 7));
    d->year = zf_stmt_int(st, 8);
    d->seq = zf_stmt_int(st, 9);
    d->number = zf_arena_strdup(a, zf_stmt_text(st, 10));
    d->status = zf_arena_strdup(a, zf_stmt_text(st, 11));
    d->sha256 = zf_arena_strdup(a, zf_stmt_text(st, 12));
    d->size = zf_stmt_int(st, 13);
    d->pages = zf_stmt_int(st, 14);
    d->verify_code = zf_arena_strdup(a, zf_stmt_text(st, 15));
    d->fields = zf_arena_strdup(a, zf_stmt_text(st, 16));
    d->issued_on = zf_arena_strdup(a, zf_stmt_text(st, 17));
    d->issued_at = zf_arena_strdup(a, zf_stmt_text(st, 18));
    d->issued_by = zf_stmt_int(st, 19);
    d->issued_by_name = zf_arena_strdup(a, zf_stmt_text(st, 20));
    d->corrects_document_id = zf_stmt_is_null(st, 21) ? 0 : zf_stmt_int(st, 21);
}

int zf_store_doc_insert(zf_db_t *db, const zf_doc_row_t *d, int64_t *id, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO documents (kind, template_version, template_sha256, subject_kind, subject_id, "
        "unit_id, year, seq, number, status, sha256, size, pages, verify_code, fields, issued_on, "
        "issued_at, issued_by, corrects_document_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
        "$10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, d->kind);
    zf_stmt_bind_int(st, 2, d->template_version);
    zf_stmt_bind_text(st, 3, d->template_sha256);
    zf_stmt_bind_text(st, 4, d->subject_kind);
    zf_stmt_bind_int(st, 5, d->subject_id);
    zf_stmt_bind_int(st, 6, d->unit_id);
    zf_stmt_bind_int(st, 7, d->year);
    zf_stmt_bind_int(st, 8, d->seq);
    zf_stmt_bind_text(st, 9, d->number);
    zf_stmt_bind_text(st, 10, d->status);
    zf_stmt_bind_text(st, 11, d->sha256);
    zf_stmt_bind_int(st, 12, d->size);
    zf_stmt_bind_int(st, 13, d->pages);
    zf_stmt_bind_text(st, 14, d->verify_code);
    zf_stmt_bind_text(st, 15, d->fields);
    zf_stmt_bind_text(st, 16, d->issued_on);
    zf_stmt_bind_text(st, 17, d->issued_at);
    zf_stmt_bind_int(st, 18, d->issued_by);
    if (d->corrects_document_id)
        zf_stmt_bind_int(st, 19, d->corrects_document_id);
    else
        zf_stmt_bind_null(st, 19);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) *id = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return rc == 1 ? 0 : (rc < 0 ? rc : ZF_EIO);
}

static int get_one(zf_stmt_t *st, zf_arena_t *a, zf_doc_row_t *out, zf_error_t *err) {
    zf_doc_row_t *rows;
    size_t n;
    int rc = zf_stmt_collect(st, a, sizeof *rows, read_doc, (void **)&rows, &n, err);
    if (rc != 0) return rc;
    if (n == 0) return zf_error_set(err, ZF_ENOTFOUND, 404, "document.not_found", "", "文书不存在");
    *out = rows[0];
    return 0;
}

int zf_store_doc_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_doc_row_t *out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " DOC_COLS "WHERE d.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    return get_one(st, a, out, err);
}

int zf_store_doc_by_code(zf_db_t *db, zf_arena_t *a, const char *code, zf_doc_row_t *out,
                         zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " DOC_COLS "WHERE d.verify_code = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, code);
    return get_one(st, a, out, err);
}

int zf_store_doc_corrected_by(zf_db_t *db, zf_arena_t *a, int64_t id, zf_doc_row_t *out,
                              zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db, "SELECT " DOC_COLS "WHERE d.corrects_document_id = $1 ORDER BY d.id DESC LIMIT 1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    return get_one(st, a, out, err);
}

int zf_store_doc_list(zf_db_t *db, zf_arena_t *a, const char *subject_kind, int64_t subject_id,
                      zf_doc_row_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db,
                      "SELECT " DOC_COLS "WHERE d.subject_kind = $1 AND d.subject_id = $2 "
                      "ORDER BY d.id LIMIT 500",
                      err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, subject_kind);
    zf_stmt_bind_int(st, 2, subject_id);
    return zf_stmt_collect(st, a, sizeof **out, read_doc, (void **)out, n, err);
}

int zf_store_doc_template_latest(zf_db_t *db, zf_arena_t *a, const char *kind, const char **body,
                                 int64_t *version, const char **sha256, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT body, version, sha256 FROM document_templates "
                                  "WHERE kind = $1 ORDER BY version DESC LIMIT 1",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, kind);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) {
        *body = zf_arena_strdup(a, zf_stmt_text(st, 0));
        *version = zf_stmt_int(st, 1);
        *sha256 = zf_arena_strdup(a, zf_stmt_text(st, 2));
    }
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "document_template.not_found", "",
                            "模板不存在");
    return 0;
}

int zf_store_doc_template_save(zf_db_t *db, const char *kind, const char *body, const char *sha256,
                               int64_t user_id, int64_t *version, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO document_templates (kind, version, body, sha256, created_at, created_by) "
        "SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5 FROM document_templates "
        "WHERE kind = $1 RETURNING version",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, kind);
    zf_stmt_bind_text(st, 2, body);
    zf_stmt_bind_text(st, 3, sha256);
    zf_stmt_bind_text(st, 4, now);
    if (user_id)
        zf_stmt_bind_int(st, 5, user_id);
    else
        zf_stmt_bind_null(st, 5);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) *version = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return rc == 1 ? 0 : (rc < 0 ? rc : ZF_EIO);
}

/* ---- field providers ---- */

/* fields[a][b] = s (objects made on the way); empty strings are skipped so
 * the template prints its blank line for the pen. */
static void put(json_t *fields, const char *group, const char *key, const char *s) {
    if (!s || !*s) return;
    json_t *g = json_object_get(fields, group);
    if (!json_is_object(g)) {
        g = json_object();
        json_object_set_new(fields, group, g);
    }
    json_object_set_new(g, key, json_string(s));
}

static void put_officer(json_t *fields, int i, const char *name, const char *cert) {
    json_t *o = json_object_get(fields, "officers");
    if (!json_is_object(o)) {
        o = json_object();
        json_object_set_new(fields, "officers", o);
    }
    char k[16];
    snprintf(k, sizeof k, "%d", i);
    json_object_set_new(o, k, json_pack("{s:s, s:s}", "name", name, "cert_no", cert));
}

/* "2026-10-12" → "2026年10月12日"; anything else unchanged. */
static const char *cn_date(zf_arena_t *a, const char *d) {
    if (!d || strlen(d) != 10 || d[4] != '-' || d[7] != '-') return d;
    int y = 0, m = 0, day = 0;
    if (sscanf(d, "%4d-%2d-%2d", &y, &m, &day) != 3) return d;
    return zf_arena_printf(a, "%d年%d月%d日", y, m, day);
}

/* Money is int64 fen: "人民币20000.00元". */
static const char *yuan(zf_arena_t *a, int64_t fen) {
    return zf_arena_printf(a, "人民币%lld.%02lld元", (long long)(fen / 100),
                           (long long)(fen % 100));
}

static int unit_path(zf_db_t *db, zf_arena_t *a, int64_t unit_id, const char **path,
                     zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT path FROM units WHERE id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, unit_id);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) *path = zf_arena_strdup(a, zf_stmt_text(st, 0));
    zf_stmt_done(st);
    return rc == 1 ? 0 : (rc < 0 ? rc : ZF_EIO);
}

static int not_found(zf_error_t *err, const char *kind, int64_t id) {
    return zf_error_set(err, ZF_ENOTFOUND, 404, "document.subject_not_found", "subject_id",
                        "文书对象 %s %lld 不存在", kind, (long long)id);
}

/* party.* from the enterprise registry; *unit_id its unit. */
static int fill_enterprise(zf_db_t *db, zf_arena_t *a, int64_t id, json_t *f, int64_t *unit_id,
                           zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT name, credit_code, address, legal_rep, legal_rep_phone, "
                                  "unit_id FROM enterprises WHERE id = $1",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) {
        put(f, "party", "name", zf_stmt_text(st, 0));
        put(f, "party", "credit_code", zf_stmt_text(st, 1));
        put(f, "party", "address", zf_stmt_text(st, 2));
        put(f, "party", "legal_rep", zf_stmt_text(st, 3));
        put(f, "party", "phone", zf_stmt_text(st, 4));
        if (unit_id) *unit_id = zf_stmt_int(st, 5);
    }
    zf_stmt_done(st);
    (void)a;
    if (rc < 0) return rc;
    return rc == 1 ? 0 : not_found(err, "enterprise", id);
}

/* Rows of a one-text-column query joined with sep, numbered when numbered. */
static int join_rows(zf_db_t *db, zf_arena_t *a, zf_stmt_t *st, const char *sep, int numbered,
                     const char **out, zf_error_t *err) {
    (void)db;
    const char *acc = "";
    int n = 0, rc;
    while ((rc = zf_stmt_step(st, err)) == 1) {
        const char *t = zf_stmt_text(st, 0);
        if (!*t) continue;
        n++;
        if (numbered)
            acc = zf_arena_printf(a, "%s%s%d. %s", acc, n > 1 ? sep : "", n, t);
        else
            acc = zf_arena_printf(a, "%s%s%s", acc, n > 1 ? sep : "", t);
    }
    zf_stmt_done(st);
    if (rc < 0) return rc;
    *out = acc;
    return 0;
}

static int fill_inspection(zf_db_t *db, zf_arena_t *a, int64_t id, json_t *f, int64_t *unit_id,
                           zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db,
                      "SELECT enterprise_id, unit_id, inspected_on, onsite_start, "
                      "onsite_end, source, checklist_code FROM inspections WHERE id = $1",
                      err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    int rc = zf_stmt_step(st, err);
    int64_t ent = 0;
    if (rc == 1) {
        ent = zf_stmt_int(st, 0);
        *unit_id = zf_stmt_int(st, 1);
        put(f, "inspection", "date", cn_date(a, zf_stmt_text(st, 2)));
        const char *s = zf_stmt_text(st, 3), *e = zf_stmt_text(st, 4);
        if (*s) put(f, "inspection", "time", zf_arena_printf(a, "%s 至 %s", s, *e ? e : "—"));
        put(f, "inspection", "kind", zf_arena_strdup(a, zf_stmt_text(st, 5)));
        const char *cl = zf_stmt_text(st, 6);
        if (*cl) put(f, "inspection", "items", zf_arena_printf(a, "按检查表 %s 逐项检查。", cl));
    }
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0) return not_found(err, "inspection", id);
    rc = fill_enterprise(db, a, ent, f, NULL, err);
    if (rc) return rc;
    put(f, "inspection", "place",
        json_string_value(json_object_get(json_object_get(f, "party"), "address")));
    put(f, "subject", "ref", zf_arena_printf(a, "现场检查 %lld", (long long)id));
    /* the two officers who inspected (行政处罚法 第42条) */
    st = zf_db_prepare(db,
                       "SELECT o.name, o.cert_no FROM inspection_officers io JOIN officers o ON "
                       "o.id = io.officer_id WHERE io.inspection_id = $1 AND io.kind = 'officer' "
                       "ORDER BY io.id LIMIT 2",
                       err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    int i = 0;
    while ((rc = zf_stmt_step(st, err)) == 1)
        put_officer(f, ++i, zf_stmt_text(st, 0), zf_stmt_text(st, 1));
    zf_stmt_done(st);
    if (rc < 0) return rc;
    const char *txt;
    st = zf_db_prepare(
        db, "SELECT name FROM inspection_attendees WHERE inspection_id = $1 ORDER BY id", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    if ((rc = join_rows(db, a, st, "、", 0, &txt, err)) != 0) return rc;
    put(f, "inspection", "present", txt);
    st = zf_db_prepare(
        db, "SELECT description FROM inspection_findings WHERE inspection_id = $1 ORDER BY id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    if ((rc = join_rows(db, a, st, "\n", 1, &txt, err)) != 0) return rc;
    put(f, "inspection", "findings", *txt ? txt : "未发现问题。");
    put(f, "violations", "text", txt);
    st = zf_db_prepare(db, "SELECT MAX(deadline) FROM hazards WHERE inspection_id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    if ((rc = zf_stmt_step(st, err)) == 1)
        put(f, "rectification", "deadline", cn_date(a, zf_arena_strdup(a, zf_stmt_text(st, 0))));
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

static int fill_hazard(zf_db_t *db, zf_arena_t *a, int64_t id, json_t *f, int64_t *unit_id,
                       zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT h.inspection_id, h.description, h.ordered_on, h.deadline, h.reinspected_on, "
        "h.reinspection_result, h.reinspection_note FROM hazards h WHERE h.id = $1",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    int rc = zf_stmt_step(st, err);
    int64_t insp = 0;
    const char *result = "", *desc = "", *deadline = "";
    if (rc == 1) {
        insp = zf_stmt_int(st, 0);
        desc = zf_arena_strdup(a, zf_stmt_text(st, 1));
        put(f, "order", "date", cn_date(a, zf_arena_strdup(a, zf_stmt_text(st, 2))));
        deadline = cn_date(a, zf_arena_strdup(a, zf_stmt_text(st, 3)));
        put(f, "review", "date", cn_date(a, zf_arena_strdup(a, zf_stmt_text(st, 4))));
        result = zf_arena_strdup(a, zf_stmt_text(st, 5));
        put(f, "review", "findings", zf_arena_strdup(a, zf_stmt_text(st, 6)));
    }
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0) return not_found(err, "hazard", id);
    rc = fill_inspection(db, a, insp, f, unit_id, err);
    if (rc) return rc;
    /* the hazard's own text and deadline, not the whole inspection's */
    put(f, "violations", "text", desc);
    put(f, "rectification", "deadline", deadline);
    if (strcmp(result, "pass") == 0 || strcmp(result, "verified") == 0)
        put(f, "review", "conclusion", "经复查，该问题已整改完毕。");
    else if (*result)
        put(f, "review", "conclusion", zf_arena_printf(a, "复查结论：%s。", result));
    st = zf_db_prepare(db,
                       "SELECT number FROM documents WHERE kind = 'rectification_order' AND "
                       "((subject_kind = 'hazard' AND subject_id = $1) OR (subject_kind = "
                       "'inspection' AND subject_id = $2)) ORDER BY id DESC LIMIT 1",
                       err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    zf_stmt_bind_int(st, 2, insp);
    if ((rc = zf_stmt_step(st, err)) == 1)
        put(f, "order", "number", zf_arena_strdup(a, zf_stmt_text(st, 0)));
    zf_stmt_done(st);
    put(f, "subject", "ref", zf_arena_printf(a, "隐患 %lld", (long long)id));
    return rc < 0 ? rc : 0;
}

/* The period for statement and defence in force today: legal_params
 * deadline.statement.days / .workdays (LAW.md §1.8: not in the law itself,
 * 未核实 — configuration with effective dates, core/deadline.c). */
static int fill_statement_days(zf_db_t *db, zf_arena_t *a, json_t *f, zf_error_t *err) {
    time_t t = time(NULL) + 8 * 3600; /* China, UTC+8 */
    struct tm tm;
    gmtime_r(&t, &tm);
    char today[11];
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    static const char *const keys[] = {"deadline.statement.days", "deadline.statement.workdays"};
    const char *vals[2] = {"", ""};
    for (int i = 0; i < 2; i++) {
        zf_stmt_t *st = zf_db_prepare(db,
                                      "SELECT value FROM legal_params WHERE key = $1 AND "
                                      "effective_from <= $2 ORDER BY effective_from DESC LIMIT 1",
                                      err);
        if (!st) return ZF_EIO;
        zf_stmt_bind_text(st, 1, keys[i]);
        zf_stmt_bind_text(st, 2, today);
        int rc = zf_stmt_step(st, err);
        if (rc == 1) vals[i] = zf_arena_strdup(a, zf_stmt_text(st, 0));
        zf_stmt_done(st);
        if (rc < 0) return rc;
    }
    if (*vals[0])
        put(f, "notice", "statement_days",
            strcmp(vals[1], "1") == 0 ? zf_arena_printf(a, "%s个工作", vals[0]) : vals[0]);
    return 0;
}

static int fill_case(zf_db_t *db, zf_arena_t *a, int64_t id, json_t *f, int64_t *unit_id,
                     zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT unit_id, number, title, facts, filed_on, source_kind, notified_amount_fen, "
        "decided_amount_fen, served_on, service_method, decided_on FROM cases WHERE id = $1",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) {
        *unit_id = zf_stmt_int(st, 0);
        const char *number = zf_arena_strdup(a, zf_stmt_text(st, 1));
        put(f, "case", "number", number);
        put(f, "subject", "ref", *number ? number : zf_arena_printf(a, "案件 %lld", (long long)id));
        put(f, "case", "cause", zf_arena_strdup(a, zf_stmt_text(st, 2)));
        put(f, "case", "facts", zf_arena_strdup(a, zf_stmt_text(st, 3)));
        put(f, "case", "found_date", cn_date(a, zf_arena_strdup(a, zf_stmt_text(st, 4))));
        put(f, "case", "source", zf_arena_strdup(a, zf_stmt_text(st, 5)));
        int64_t notified = zf_stmt_int(st, 6), decided = zf_stmt_int(st, 7);
        if (notified > 0)
            put(f, "penalty", "proposed", zf_arena_printf(a, "罚款%s", yuan(a, notified)));
        if (decided > 0) {
            put(f, "penalty", "decision", zf_arena_printf(a, "罚款%s", yuan(a, decided)));
            put(f, "penalty", "amount_text", yuan(a, decided));
        }
        put(f, "served", "date", cn_date(a, zf_arena_strdup(a, zf_stmt_text(st, 8))));
        put(f, "served", "method", zf_arena_strdup(a, zf_stmt_text(st, 9)));
    }
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0) return not_found(err, "case", id);
    /* the principal party */
    st = zf_db_prepare(db,
                       "SELECT name, id_code, legal_rep, phone, address, kind FROM case_parties "
                       "WHERE case_id = $1 ORDER BY is_principal DESC, id LIMIT 1",
                       err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    if ((rc = zf_stmt_step(st, err)) == 1) {
        put(f, "party", "name", zf_arena_strdup(a, zf_stmt_text(st, 0)));
        const char *code = zf_arena_strdup(a, zf_stmt_text(st, 1));
        put(f, "party", strcmp(zf_stmt_text(st, 5), "person") == 0 ? "id_number" : "credit_code",
            code);
        put(f, "party", "legal_rep", zf_arena_strdup(a, zf_stmt_text(st, 2)));
        put(f, "party", "phone", zf_arena_strdup(a, zf_stmt_text(st, 3)));
        put(f, "party", "address", zf_arena_strdup(a, zf_stmt_text(st, 4)));
    }
    zf_stmt_done(st);
    if (rc < 0) return rc;
    /* the case officers, lead first */
    st = zf_db_prepare(db,
                       "SELECT o.name, o.cert_no FROM case_officers co JOIN officers o ON o.id = "
                       "co.officer_id WHERE co.case_id = $1 ORDER BY co.role DESC, co.id LIMIT 2",
                       err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    int i = 0;
    while ((rc = zf_stmt_step(st, err)) == 1)
        put_officer(f, ++i, zf_stmt_text(st, 0), zf_stmt_text(st, 1));
    zf_stmt_done(st);
    if (rc < 0) return rc;
    /* the violations and their basis from the catalogue version applied */
    st = zf_db_prepare(
        db,
        "SELECT cv.violation_basis, cv.penalty_basis, cv.title FROM case_violations v "
        "JOIN catalogue_items ci ON ci.code = v.item_code JOIN catalogue_versions cv "
        "ON cv.item_id = ci.id AND cv.version = v.item_version WHERE v.case_id = $1 "
        "ORDER BY v.id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    const char *basis = "", *cause = "";
    while ((rc = zf_stmt_step(st, err)) == 1) {
        basis = zf_arena_printf(a, "%s%s%s", basis, *basis ? "；" : "", zf_stmt_text(st, 0));
        cause = zf_arena_printf(a, "%s%s%s", cause, *cause ? "；" : "", zf_stmt_text(st, 2));
        if (*zf_stmt_text(st, 1))
            basis = zf_arena_printf(a, "%s（处罚依据：%s）", basis, zf_stmt_text(st, 1));
    }
    zf_stmt_done(st);
    if (rc < 0) return rc;
    put(f, "case", "legal_basis", basis);
    if (!json_object_get(json_object_get(f, "case"), "cause")) put(f, "case", "cause", cause);
    /* 行政处罚法 第67条第3款: 自收到行政处罚决定书之日起十五日内缴纳 */
    put(f, "payment", "deadline_days", "十五");
    return fill_statement_days(db, a, f, err);
}

typedef int (*provider_fn)(zf_db_t *db, zf_arena_t *a, int64_t id, json_t *f, int64_t *unit_id,
                           zf_error_t *err);

static int fill_enterprise_subject(zf_db_t *db, zf_arena_t *a, int64_t id, json_t *f,
                                   int64_t *unit_id, zf_error_t *err) {
    int rc = fill_enterprise(db, a, id, f, unit_id, err);
    if (rc == 0) put(f, "subject", "ref", zf_arena_printf(a, "企业 %lld", (long long)id));
    return rc;
}

static const struct {
    const char *kind;
    provider_fn fill;
} providers[] = {
    {"case", fill_case},
    {"inspection", fill_inspection},
    {"hazard", fill_hazard},
    {"enterprise", fill_enterprise_subject},
};

int zf_store_doc_subject_known(const char *subject_kind) {
    for (size_t i = 0; subject_kind && i < sizeof providers / sizeof providers[0]; i++)
        if (strcmp(providers[i].kind, subject_kind) == 0) return 1;
    return 0;
}

int zf_store_doc_subject_fill(zf_db_t *db, zf_arena_t *a, const char *subject_kind,
                              int64_t subject_id, json_t *fields, int64_t *unit_id,
                              const char **path, zf_error_t *err) {
    for (size_t i = 0; subject_kind && i < sizeof providers / sizeof providers[0]; i++) {
        if (strcmp(providers[i].kind, subject_kind) != 0) continue;
        int64_t unit = 0;
        int rc = providers[i].fill(db, a, subject_id, fields, &unit, err);
        if (rc == 0) rc = unit_path(db, a, unit, path, err);
        if (rc == 0) *unit_id = unit;
        return rc;
    }
    return zf_error_set(err, ZF_EINVAL, 400, "document.subject_kind", "subject_kind",
                        "文书对象类型应为 case、inspection、hazard 或 enterprise");
}
