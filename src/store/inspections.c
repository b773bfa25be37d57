/* inspections.c — see inspections.h (migration 016). */
#include "store/inspections.h"

#include <string.h>

#include "core/util.h"

/* ---- generic row readers ---- */

static json_t *row_object(zf_stmt_t *st) {
    json_t *o = json_object();
    int n = zf_stmt_column_count(st);
    for (int i = 0; i < n; i++) {
        const char *name = zf_stmt_column_name(st, i);
        switch (zf_stmt_column_type(st, i)) {
        case ZF_COL_NULL: json_object_set_new(o, name, json_null()); break;
        case ZF_COL_INT: json_object_set_new(o, name, json_integer(zf_stmt_int(st, i))); break;
        default: json_object_set_new(o, name, json_string(zf_stmt_text(st, i))); break;
        }
    }
    return o;
}

int zf_insp_rows(zf_stmt_t *st, json_t **out, zf_error_t *err) {
    json_t *arr = json_array();
    int rc;
    while ((rc = zf_stmt_step(st, err)) == 1)
        json_array_append_new(arr, row_object(st));
    zf_stmt_done(st);
    if (rc < 0) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return 0;
}

int zf_insp_row(zf_stmt_t *st, json_t **out, const char *code, const char *msg, zf_error_t *err) {
    int rc = zf_stmt_step(st, err);
    if (rc == 1) *out = row_object(st);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0) return zf_error_set(err, ZF_ENOTFOUND, 404, code, NULL, "%s", msg);
    return 0;
}

static int one_id(zf_stmt_t *st, int64_t *id, zf_error_t *err) {
    int rc = zf_stmt_step(st, err);
    *id = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

static void bind_opt(zf_stmt_t *st, int i, int64_t v) {
    if (v)
        zf_stmt_bind_int(st, i, v);
    else
        zf_stmt_bind_null(st, i);
}

static const char *s_or(const char *s) { return s ? s : ""; }

/* ---- inspections ---- */

#define INSP_COLS                                                                                  \
    "i.id, i.client_id, i.enterprise_id, e.name AS enterprise_name, i.unit_id, "                   \
    "u.name AS unit_name, u.path AS unit_path, i.source, i.source_id, i.ledger_id, i.status, "     \
    "i.inspected_on, i.notice_start, i.notice_end, i.onsite_start, i.onsite_end, "                 \
    "i.feedback_start, i.feedback_end, i.legal_education, i.checklist_code, "                      \
    "i.checklist_version, i.signer_name, i.signature_id, i.signed_at, i.signed_by, i.version, "    \
    "i.created_at, i.created_by, i.updated_at "

int zf_inspection_get(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT " INSP_COLS
                                  "FROM inspections i JOIN enterprises e ON e.id = i.enterprise_id "
                                  "JOIN units u ON u.id = i.unit_id WHERE i.id = $1",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    return zf_insp_row(st, out, "inspection.not_found", "检查记录不存在", err);
}

int zf_inspection_by_client(zf_db_t *db, const char *client_id, int64_t *id, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT id FROM inspections WHERE client_id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, client_id);
    return one_id(st, id, err);
}

int zf_inspection_insert(zf_db_t *db, const zf_insp_new_t *n, int64_t *id, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO inspections (client_id, enterprise_id, unit_id, source, source_id, "
        "ledger_id, status, inspected_on, notice_start, notice_end, onsite_start, onsite_end, "
        "feedback_start, feedback_end, legal_education, checklist_code, checklist_version, "
        "version, created_at, created_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, "
        "$8, $9, $10, $11, $12, $13, $14, $15, $16, 1, $17, $18, $17) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    const zf_insp_doc_t *d = &n->doc;
    zf_stmt_bind_text(st, 1, n->client_id);
    zf_stmt_bind_int(st, 2, n->enterprise_id);
    zf_stmt_bind_int(st, 3, n->unit_id);
    zf_stmt_bind_text(st, 4, n->source);
    bind_opt(st, 5, n->source_id);
    bind_opt(st, 6, n->ledger_id);
    zf_stmt_bind_text(st, 7, n->inspected_on);
    zf_stmt_bind_text(st, 8, s_or(d->notice_start));
    zf_stmt_bind_text(st, 9, s_or(d->notice_end));
    zf_stmt_bind_text(st, 10, s_or(d->onsite_start));
    zf_stmt_bind_text(st, 11, s_or(d->onsite_end));
    zf_stmt_bind_text(st, 12, s_or(d->feedback_start));
    zf_stmt_bind_text(st, 13, s_or(d->feedback_end));
    zf_stmt_bind_text(st, 14, s_or(d->legal_education));
    zf_stmt_bind_text(st, 15, s_or(d->checklist_code));
    zf_stmt_bind_int(st, 16, d->checklist_version);
    zf_stmt_bind_text(st, 17, now);
    bind_opt(st, 18, n->created_by);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) *id = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int zf_inspection_update(zf_db_t *db, int64_t id, int64_t version, const zf_insp_doc_t *d,
                         zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "UPDATE inspections SET notice_start = $3, notice_end = $4, onsite_start = $5, "
        "onsite_end = $6, feedback_start = $7, feedback_end = $8, legal_education = $9, "
        "checklist_code = $10, checklist_version = $11, updated_at = $12, version = version + 1 "
        "WHERE id = $1 AND version = $2",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    zf_stmt_bind_int(st, 2, version);
    zf_stmt_bind_text(st, 3, s_or(d->notice_start));
    zf_stmt_bind_text(st, 4, s_or(d->notice_end));
    zf_stmt_bind_text(st, 5, s_or(d->onsite_start));
    zf_stmt_bind_text(st, 6, s_or(d->onsite_end));
    zf_stmt_bind_text(st, 7, s_or(d->feedback_start));
    zf_stmt_bind_text(st, 8, s_or(d->feedback_end));
    zf_stmt_bind_text(st, 9, s_or(d->legal_education));
    zf_stmt_bind_text(st, 10, s_or(d->checklist_code));
    zf_stmt_bind_int(st, 11, d->checklist_version);
    zf_stmt_bind_text(st, 12, now);
    return zf_stmt_run_versioned(st, "检查记录", err);
}

int zf_inspection_sign(zf_db_t *db, int64_t id, int64_t version, const char *signer_name,
                       int64_t signature_id, int64_t user_id, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "UPDATE inspections SET status = 'signed', signer_name = $3, signature_id = $4, "
        "signed_at = $5, signed_by = $6, updated_at = $5, version = version + 1 "
        "WHERE id = $1 AND version = $2 AND status = 'open'",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    zf_stmt_bind_int(st, 2, version);
    zf_stmt_bind_text(st, 3, signer_name);
    zf_stmt_bind_int(st, 4, signature_id);
    zf_stmt_bind_text(st, 5, now);
    zf_stmt_bind_int(st, 6, user_id);
    return zf_stmt_run_versioned(st, "检查记录", err);
}

int zf_inspection_link_ledger(zf_db_t *db, int64_t ledger_id, int64_t inspection_id,
                              zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "UPDATE inspection_ledger SET inspection_id = $2 WHERE id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, ledger_id);
    zf_stmt_bind_int(st, 2, inspection_id);
    int64_t rc = zf_stmt_run(st, err);
    return rc < 0 ? (int)rc : 0;
}

int zf_inspections_list(zf_db_t *db, const zf_insp_filter_t *f, json_t **out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT " INSP_COLS "FROM inspections i JOIN enterprises e ON e.id = i.enterprise_id "
        "JOIN units u ON u.id = i.unit_id WHERE u.path LIKE $1 || '%' "
        "AND ($2 = 0 OR i.enterprise_id = $2) AND ($3 = 0 OR i.unit_id = $3) "
        "AND ($4 = '' OR i.status = $4) AND ($5 = '' OR i.inspected_on >= $5) "
        "AND ($6 = '' OR i.inspected_on <= $6) AND ($7 = 0 OR i.id < $7) "
        "ORDER BY i.id DESC LIMIT $8",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, f->scope_path);
    zf_stmt_bind_int(st, 2, f->enterprise_id);
    zf_stmt_bind_int(st, 3, f->unit_id);
    zf_stmt_bind_text(st, 4, s_or(f->status));
    zf_stmt_bind_text(st, 5, s_or(f->date_from));
    zf_stmt_bind_text(st, 6, s_or(f->date_to));
    zf_stmt_bind_int(st, 7, f->before_id);
    zf_stmt_bind_int(st, 8, f->limit);
    return zf_insp_rows(st, out, err);
}

int zf_inspection_open_on(zf_db_t *db, int64_t enterprise_id, const char *day, int64_t *id,
                          zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT id FROM inspections WHERE enterprise_id = $1 AND "
                                  "inspected_on = $2 AND status = 'open' ORDER BY id LIMIT 1",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, enterprise_id);
    zf_stmt_bind_text(st, 2, day);
    return one_id(st, id, err);
}

/* ---- sub-records ---- */

static int list_by(zf_db_t *db, const char *sql, int64_t id, json_t **out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, sql, err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    return zf_insp_rows(st, out, err);
}

int zf_insp_officers(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err) {
    return list_by(db,
                   "SELECT io.kind, io.officer_id, CASE WHEN io.officer_id IS NULL THEN io.name "
                   "ELSE o.name END AS name, io.field FROM inspection_officers io LEFT JOIN "
                   "officers o ON o.id = io.officer_id WHERE io.inspection_id = $1 ORDER BY io.id",
                   id, out, err);
}

int zf_insp_attendees(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err) {
    return list_by(db,
                   "SELECT name, post, phone FROM inspection_attendees WHERE inspection_id = $1 "
                   "ORDER BY id",
                   id, out, err);
}

int zf_insp_answers(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err) {
    return list_by(db,
                   "SELECT item_id, answer, note FROM inspection_answers WHERE inspection_id = $1 "
                   "ORDER BY item_id",
                   id, out, err);
}

int zf_insp_findings(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err) {
    return list_by(db,
                   "SELECT f.id, f.client_id, f.description, f.item_id, f.catalogue_code, "
                   "f.created_at, f.created_by, h.id AS hazard_id FROM inspection_findings f "
                   "LEFT JOIN hazards h ON h.finding_id = f.id WHERE f.inspection_id = $1 "
                   "ORDER BY f.id",
                   id, out, err);
}

#define EVIDENCE_COLS                                                                              \
    "id, client_id, inspection_id, finding_id, hazard_id, sha256, declared_sha256, kind, mime, "   \
    "size, taken_at, uploaded_by, uploaded_at, withdrawn_at, withdraw_reason, withdrawn_by "

int zf_insp_evidence(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err) {
    return list_by(db, "SELECT " EVIDENCE_COLS "FROM evidence WHERE inspection_id = $1 ORDER BY id",
                   id, out, err);
}

int zf_insp_hazards(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err) {
    return list_by(db,
                   "SELECT id, finding_id, grade, description, ordered_on, deadline, status, "
                   "reinspected_on, reinspection_result, case_id, version FROM hazards "
                   "WHERE inspection_id = $1 ORDER BY id",
                   id, out, err);
}

int zf_insp_arrivals(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err) {
    return list_by(db,
                   "SELECT a.user_id, us.name, a.arrived_at FROM inspection_arrivals a JOIN users "
                   "us ON us.id = a.user_id WHERE a.inspection_id = $1 ORDER BY a.id",
                   id, out, err);
}

int zf_insp_clear(zf_db_t *db, const char *table, int64_t id, zf_error_t *err) {
    const char *sql;
    if (strcmp(table, "officers") == 0)
        sql = "DELETE FROM inspection_officers WHERE inspection_id = $1";
    else if (strcmp(table, "attendees") == 0)
        sql = "DELETE FROM inspection_attendees WHERE inspection_id = $1";
    else
        sql = "DELETE FROM inspection_answers WHERE inspection_id = $1";
    zf_stmt_t *st = zf_db_prepare(db, sql, err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    int64_t rc = zf_stmt_run(st, err);
    return rc < 0 ? (int)rc : 0;
}

int zf_insp_add_officer(zf_db_t *db, int64_t id, const char *kind, int64_t officer_id,
                        const char *name, const char *field, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO inspection_officers (inspection_id, kind, "
                                  "officer_id, name, field) VALUES ($1, $2, $3, $4, $5)",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    zf_stmt_bind_text(st, 2, kind);
    bind_opt(st, 3, officer_id);
    zf_stmt_bind_text(st, 4, s_or(name));
    zf_stmt_bind_text(st, 5, s_or(field));
    int64_t rc = zf_stmt_run(st, err);
    return rc < 0 ? (int)rc : 0;
}

int zf_insp_add_attendee(zf_db_t *db, int64_t id, const char *name, const char *post,
                         const char *phone, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO inspection_attendees (inspection_id, name, post, "
                                  "phone) VALUES ($1, $2, $3, $4)",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    zf_stmt_bind_text(st, 2, name);
    zf_stmt_bind_text(st, 3, post);
    zf_stmt_bind_text(st, 4, s_or(phone));
    int64_t rc = zf_stmt_run(st, err);
    return rc < 0 ? (int)rc : 0;
}

int zf_insp_add_answer(zf_db_t *db, int64_t id, const char *item_id, const char *answer,
                       const char *note, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO inspection_answers (inspection_id, item_id, answer, "
                                  "note) VALUES ($1, $2, $3, $4)",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    zf_stmt_bind_text(st, 2, item_id);
    zf_stmt_bind_text(st, 3, answer);
    zf_stmt_bind_text(st, 4, s_or(note));
    int64_t rc = zf_stmt_run(st, err);
    return rc < 0 ? (int)rc : 0;
}

int zf_insp_add_arrival(zf_db_t *db, int64_t id, int64_t user_id, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO inspection_arrivals (inspection_id, user_id, "
                                  "arrived_at) VALUES ($1, $2, $3)",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    zf_stmt_bind_int(st, 2, user_id);
    zf_stmt_bind_text(st, 3, now);
    int64_t rc = zf_stmt_run(st, err);
    return rc < 0 ? (int)rc : 0;
}

/* ---- findings ---- */

int zf_finding_get(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT id, client_id, inspection_id, description, item_id, "
                                  "catalogue_code, created_at, created_by FROM "
                                  "inspection_findings WHERE id = $1",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    return zf_insp_row(st, out, "finding.not_found", "检查发现的问题不存在", err);
}

int zf_finding_by_client(zf_db_t *db, const char *client_id, int64_t *id, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "SELECT id FROM inspection_findings WHERE client_id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, client_id);
    return one_id(st, id, err);
}

int zf_finding_insert(zf_db_t *db, const char *client_id, int64_t inspection_id,
                      const char *description, const char *item_id, const char *catalogue_code,
                      int64_t user_id, int64_t *id, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO inspection_findings (client_id, inspection_id, "
                                  "description, item_id, catalogue_code, created_at, created_by) "
                                  "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, client_id);
    zf_stmt_bind_int(st, 2, inspection_id);
    zf_stmt_bind_text(st, 3, description);
    zf_stmt_bind_text(st, 4, s_or(item_id));
    zf_stmt_bind_text(st, 5, s_or(catalogue_code));
    zf_stmt_bind_text(st, 6, now);
    bind_opt(st, 7, user_id);
    return one_id(st, id, err);
}

/* ---- hazards ---- */

#define HAZARD_COLS                                                                                \
    "h.id, h.finding_id, h.inspection_id, h.enterprise_id, e.name AS enterprise_name, h.unit_id, " \
    "u.name AS unit_name, u.path AS unit_path, h.grade, h.description, h.ordered_on, h.deadline, " \
    "h.status, CASE WHEN h.status = 'open' AND h.deadline < $2 THEN 1 ELSE 0 END AS overdue, "     \
    "h.reinspected_on, h.reinspection_result, h.reinspection_note, h.reinspected_by, h.case_id, "  \
    "h.version, h.created_at, h.created_by "

int zf_hazard_get(zf_db_t *db, int64_t id, const char *today, json_t **out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT " HAZARD_COLS
                                  "FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id "
                                  "JOIN units u ON u.id = h.unit_id WHERE h.id = $1",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    zf_stmt_bind_text(st, 2, today);
    return zf_insp_row(st, out, "hazard.not_found", "隐患不存在", err);
}

int zf_hazard_by_finding(zf_db_t *db, int64_t finding_id, int64_t *id, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT id FROM hazards WHERE finding_id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, finding_id);
    return one_id(st, id, err);
}

int zf_hazard_insert(zf_db_t *db, const zf_hazard_row_t *h, int64_t *id, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO hazards (finding_id, inspection_id, enterprise_id, unit_id, grade, "
        "description, ordered_on, deadline, status, version, created_at, created_by) VALUES ($1, "
        "$2, $3, $4, $5, $6, $7, $8, 'open', 1, $9, $10) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, h->finding_id);
    zf_stmt_bind_int(st, 2, h->inspection_id);
    zf_stmt_bind_int(st, 3, h->enterprise_id);
    zf_stmt_bind_int(st, 4, h->unit_id);
    zf_stmt_bind_text(st, 5, h->grade);
    zf_stmt_bind_text(st, 6, h->description);
    zf_stmt_bind_text(st, 7, h->ordered_on);
    zf_stmt_bind_text(st, 8, h->deadline);
    zf_stmt_bind_text(st, 9, now);
    bind_opt(st, 10, h->created_by);
    return one_id(st, id, err);
}

int zf_hazard_update(zf_db_t *db, int64_t id, int64_t version, const zf_hazard_change_t *c,
                     zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "UPDATE hazards SET grade = COALESCE($3, grade), description = COALESCE($4, description), "
        "deadline = COALESCE($5, deadline), status = COALESCE($6, status), "
        "reinspected_on = COALESCE($7, reinspected_on), "
        "reinspection_result = COALESCE($8, reinspection_result), "
        "reinspection_note = COALESCE($9, reinspection_note), "
        "reinspected_by = COALESCE($10, reinspected_by), "
        "case_id = CASE WHEN $11 < 0 THEN case_id ELSE $11 END, version = version + 1 "
        "WHERE id = $1 AND version = $2",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    zf_stmt_bind_int(st, 2, version);
    zf_stmt_bind_text(st, 3, c->grade);
    zf_stmt_bind_text(st, 4, c->description);
    zf_stmt_bind_text(st, 5, c->deadline);
    zf_stmt_bind_text(st, 6, c->status);
    zf_stmt_bind_text(st, 7, c->reinspected_on);
    zf_stmt_bind_text(st, 8, c->reinspection_result);
    zf_stmt_bind_text(st, 9, c->reinspection_note);
    bind_opt(st, 10, c->reinspected_by);
    zf_stmt_bind_int(st, 11, c->case_id);
    return zf_stmt_run_versioned(st, "隐患", err);
}

int zf_hazards_list(zf_db_t *db, const zf_hazard_filter_t *f, json_t **out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT " HAZARD_COLS "FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id "
        "JOIN units u ON u.id = h.unit_id WHERE u.path LIKE $1 || '%' "
        "AND ($3 = 0 OR h.unit_id = $3) AND ($4 = 0 OR h.enterprise_id = $4) "
        "AND ($5 = 0 OR (h.status = 'open' AND h.deadline < $2)) "
        "AND ($6 = 0 OR h.status = 'open') AND ($7 = '' OR h.status = $7) "
        "AND ($8 = 0 OR h.id < $8) ORDER BY h.id DESC LIMIT $9",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, f->scope_path);
    zf_stmt_bind_text(st, 2, f->today);
    zf_stmt_bind_int(st, 3, f->unit_id);
    zf_stmt_bind_int(st, 4, f->enterprise_id);
    zf_stmt_bind_int(st, 5, f->overdue);
    zf_stmt_bind_int(st, 6, f->unrectified);
    zf_stmt_bind_text(st, 7, s_or(f->status));
    zf_stmt_bind_int(st, 8, f->before_id);
    zf_stmt_bind_int(st, 9, f->limit);
    return zf_insp_rows(st, out, err);
}

int zf_hazards_of_enterprise(zf_db_t *db, int64_t enterprise_id, const char *today, json_t **out,
                             zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT h.id, h.grade, h.description, h.ordered_on, h.deadline, h.status, "
        "CASE WHEN h.status = 'open' AND h.deadline < $2 THEN 1 ELSE 0 END AS overdue "
        "FROM hazards h WHERE h.enterprise_id = $1 AND h.status <> 'verified' ORDER BY h.deadline, "
        "h.id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, enterprise_id);
    zf_stmt_bind_text(st, 2, today);
    return zf_insp_rows(st, out, err);
}

/* ---- evidence ---- */

int zf_evidence_get(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " EVIDENCE_COLS "FROM evidence WHERE id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    return zf_insp_row(st, out, "evidence.not_found", "证据不存在", err);
}

int zf_evidence_by_client(zf_db_t *db, const char *client_id, int64_t *id, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT id FROM evidence WHERE client_id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, client_id);
    return one_id(st, id, err);
}

int zf_evidence_insert(zf_db_t *db, const zf_evidence_row_t *e, int64_t *id, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO evidence (client_id, inspection_id, finding_id, hazard_id, sha256, "
        "declared_sha256, kind, mime, size, taken_at, uploaded_by, uploaded_at) VALUES ($1, $2, "
        "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, e->client_id);
    zf_stmt_bind_int(st, 2, e->inspection_id);
    bind_opt(st, 3, e->finding_id);
    bind_opt(st, 4, e->hazard_id);
    zf_stmt_bind_text(st, 5, e->sha256);
    zf_stmt_bind_text(st, 6, e->declared_sha256);
    zf_stmt_bind_text(st, 7, e->kind);
    zf_stmt_bind_text(st, 8, e->mime);
    zf_stmt_bind_int(st, 9, e->size);
    zf_stmt_bind_text(st, 10, e->taken_at);
    zf_stmt_bind_int(st, 11, e->uploaded_by);
    zf_stmt_bind_text(st, 12, now);
    return one_id(st, id, err);
}

int zf_evidence_withdraw(zf_db_t *db, int64_t id, const char *reason, int64_t user_id,
                         zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "UPDATE evidence SET withdrawn_at = $2, withdraw_reason = $3, "
                                  "withdrawn_by = $4 WHERE id = $1 AND withdrawn_at = ''",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    zf_stmt_bind_text(st, 2, now);
    zf_stmt_bind_text(st, 3, reason);
    zf_stmt_bind_int(st, 4, user_id);
    int64_t rc = zf_stmt_run(st, err);
    if (rc < 0) return (int)rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ECONFLICT, 409, "evidence.withdrawn", NULL,
                            "该证据已被撤回，不能再次撤回");
    return 0;
}

/* ---- QR secret, feedback ---- */

int zf_enterprise_qr_secret(zf_db_t *db, int64_t enterprise_id, char out[65], zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT secret FROM enterprise_qr WHERE enterprise_id = $1 "
                                  "ORDER BY id DESC LIMIT 1",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, enterprise_id);
    int rc = zf_stmt_step(st, err);
    out[0] = 0;
    if (rc == 1) snprintf(out, 65, "%s", zf_stmt_text(st, 0));
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int zf_enterprise_qr_insert(zf_db_t *db, int64_t enterprise_id, const char *secret, int64_t user_id,
                            zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO enterprise_qr (enterprise_id, secret, created_at, "
                                  "created_by) VALUES ($1, $2, $3, $4)",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, enterprise_id);
    zf_stmt_bind_text(st, 2, secret);
    zf_stmt_bind_text(st, 3, now);
    bind_opt(st, 4, user_id);
    int64_t rc = zf_stmt_run(st, err);
    return rc < 0 ? (int)rc : 0;
}

int zf_enterprise_feedback_insert(zf_db_t *db, int64_t enterprise_id, int64_t inspection_id,
                                  const char *kind, const char *body, const char *contact,
                                  int64_t *id, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO enterprise_feedback (enterprise_id, inspection_id, "
                                  "kind, body, contact, created_at) VALUES ($1, $2, $3, $4, $5, "
                                  "$6) RETURNING id",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, enterprise_id);
    bind_opt(st, 2, inspection_id);
    zf_stmt_bind_text(st, 3, kind);
    zf_stmt_bind_text(st, 4, body);
    zf_stmt_bind_text(st, 5, s_or(contact));
    zf_stmt_bind_text(st, 6, now);
    return one_id(st, id, err);
}

int zf_enterprise_feedback_count(zf_db_t *db, int64_t enterprise_id, const char *since, int64_t *n,
                                 zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT COUNT(*) FROM enterprise_feedback WHERE enterprise_id = "
                                  "$1 AND created_at >= $2",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, enterprise_id);
    zf_stmt_bind_text(st, 2, since);
    return one_id(st, n, err);
}

int zf_inspections_of_enterprise(zf_db_t *db, int64_t enterprise_id, int64_t year, json_t **out,
                                 zf_error_t *err) {
    char from[11], to[11];
    snprintf(from, sizeof from, "%04lld-01-01", (long long)year);
    snprintf(to, sizeof to, "%04lld-12-31", (long long)year);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT i.id, i.inspected_on, i.status, i.source, u.name AS unit_name, i.signer_name, "
        "i.signed_at FROM inspections i JOIN units u ON u.id = i.unit_id WHERE i.enterprise_id = "
        "$1 "
        "AND i.inspected_on >= $2 AND i.inspected_on <= $3 ORDER BY i.inspected_on, i.id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, enterprise_id);
    zf_stmt_bind_text(st, 2, from);
    zf_stmt_bind_text(st, 3, to);
    return zf_insp_rows(st, out, err);
}
