/* credit.c — see credit.h. */
#include "store/credit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/log.h"

#define COLUMNS                                                                                    \
    "r.id, r.enterprise_id, r.kind, r.status, r.criteria, r.facts, r.case_id, r.case_number, "     \
    "r.decision_date, r.summary, r.principal_name, r.authority, r.propose_reason, "                \
    "r.proposed_by, r.proposed_at, r.decision_reason, r.decided_by, r.decided_at, "                \
    "r.notified_on, r.notice_doc, r.notified_by, r.published_from, r.expires_on, "                 \
    "r.period_months, r.listed_by, r.removed_on, r.removal_kind, r.removal_reason, "               \
    "r.removed_by, r.restored_on, r.restore_reason, r.version, r.created_at, r.updated_at, "       \
    "e.name, e.credit_code, u.path, e.unit_id, e.credit_punished, "                                \
    "r.notice_document_id, r.decision_document_id, r.statement "                                   \
    "FROM credit_records r JOIN enterprises e ON e.id = r.enterprise_id "                          \
    "JOIN units u ON u.id = e.unit_id "

static const char *S(zf_arena_t *a, zf_stmt_t *st, int c) {
    return zf_arena_strdup(a, zf_stmt_text(st, c));
}
static int64_t I(zf_stmt_t *st, int c) { return zf_stmt_is_null(st, c) ? 0 : zf_stmt_int(st, c); }

static void read_record(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_credit_record_t *r = item;
    int c = 0;
    r->id = I(st, c++);
    r->enterprise_id = I(st, c++);
    r->kind = S(a, st, c++);
    r->status = S(a, st, c++);
    r->criteria = S(a, st, c++);
    r->facts = S(a, st, c++);
    r->case_id = I(st, c++);
    r->case_number = S(a, st, c++);
    r->decision_date = S(a, st, c++);
    r->summary = S(a, st, c++);
    r->principal_name = S(a, st, c++);
    r->authority = S(a, st, c++);
    r->propose_reason = S(a, st, c++);
    r->proposed_by = I(st, c++);
    r->proposed_at = S(a, st, c++);
    r->decision_reason = S(a, st, c++);
    r->decided_by = I(st, c++);
    r->decided_at = S(a, st, c++);
    r->notified_on = S(a, st, c++);
    r->notice_doc = S(a, st, c++);
    r->notified_by = I(st, c++);
    r->published_from = S(a, st, c++);
    r->expires_on = S(a, st, c++);
    r->period_months = I(st, c++);
    r->listed_by = I(st, c++);
    r->removed_on = S(a, st, c++);
    r->removal_kind = S(a, st, c++);
    r->removal_reason = S(a, st, c++);
    r->removed_by = I(st, c++);
    r->restored_on = S(a, st, c++);
    r->restore_reason = S(a, st, c++);
    r->version = I(st, c++);
    r->created_at = S(a, st, c++);
    r->updated_at = S(a, st, c++);
    r->enterprise_name = S(a, st, c++);
    r->credit_code = S(a, st, c++);
    r->unit_path = S(a, st, c++);
    r->unit_id = I(st, c++);
    r->enterprise_punished = (int)I(st, c++);
    r->notice_document_id = I(st, c++);
    r->decision_document_id = I(st, c++);
    r->statement = S(a, st, c++);
}

int zf_credit_record_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_credit_record_t *out,
                         zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " COLUMNS "WHERE r.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) read_record(st, a, out);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "credit.not_found", "id",
                            "信用记录 %lld 不存在", (long long)id);
    return 0;
}

static void bind_user(zf_stmt_t *st, int i, int64_t id) {
    if (id > 0)
        zf_stmt_bind_int(st, i, id);
    else
        zf_stmt_bind_null(st, i);
}

static const char *T(const char *s) { return s ? s : ""; }

static void bind_doc(zf_stmt_t *st, int i, int64_t id) { bind_user(st, i, id); }

int zf_credit_record_insert(zf_db_t *db, zf_arena_t *a, const zf_credit_record_t *r,
                            zf_credit_record_t *out, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO credit_records (enterprise_id, kind, status, criteria, facts, case_id, "
        "case_number, decision_date, summary, principal_name, authority, propose_reason, "
        "proposed_by, proposed_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
        "$8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, r->enterprise_id);
    zf_stmt_bind_text(st, 2, r->kind);
    zf_stmt_bind_text(st, 3, r->status);
    zf_stmt_bind_text(st, 4, T(r->criteria));
    zf_stmt_bind_text(st, 5, r->facts ? r->facts : "{}");
    zf_stmt_bind_int(st, 6, r->case_id);
    zf_stmt_bind_text(st, 7, T(r->case_number));
    zf_stmt_bind_text(st, 8, T(r->decision_date));
    zf_stmt_bind_text(st, 9, T(r->summary));
    zf_stmt_bind_text(st, 10, T(r->principal_name));
    zf_stmt_bind_text(st, 11, T(r->authority));
    zf_stmt_bind_text(st, 12, T(r->propose_reason));
    bind_user(st, 13, r->proposed_by);
    zf_stmt_bind_text(st, 14, now);
    zf_stmt_bind_text(st, 15, now);
    int rc = zf_stmt_step(st, err);
    int64_t id = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    return zf_credit_record_get(db, a, id, out, err);
}

int zf_credit_record_update(zf_db_t *db, zf_arena_t *a, zf_credit_record_t *r, int64_t version,
                            zf_error_t *err) {
    (void)a;
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "UPDATE credit_records SET status = $1, decision_reason = $2, decided_by = $3, "
        "decided_at = $4, notified_on = $5, notice_doc = $6, notified_by = $7, published_from = "
        "$8, expires_on = $9, period_months = $10, listed_by = $11, removed_on = $12, "
        "removal_kind = $13, removal_reason = $14, removed_by = $15, restored_on = $16, "
        "restore_reason = $17, updated_at = $18, version = version + 1, "
        "notice_document_id = $21, decision_document_id = $22, statement = $23 "
        "WHERE id = $19 AND version = $20",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, r->status);
    zf_stmt_bind_text(st, 2, T(r->decision_reason));
    bind_user(st, 3, r->decided_by);
    zf_stmt_bind_text(st, 4, T(r->decided_at));
    zf_stmt_bind_text(st, 5, T(r->notified_on));
    zf_stmt_bind_text(st, 6, T(r->notice_doc));
    bind_user(st, 7, r->notified_by);
    zf_stmt_bind_text(st, 8, T(r->published_from));
    zf_stmt_bind_text(st, 9, T(r->expires_on));
    zf_stmt_bind_int(st, 10, r->period_months);
    bind_user(st, 11, r->listed_by);
    zf_stmt_bind_text(st, 12, T(r->removed_on));
    zf_stmt_bind_text(st, 13, T(r->removal_kind));
    zf_stmt_bind_text(st, 14, T(r->removal_reason));
    bind_user(st, 15, r->removed_by);
    zf_stmt_bind_text(st, 16, T(r->restored_on));
    zf_stmt_bind_text(st, 17, T(r->restore_reason));
    zf_stmt_bind_text(st, 18, now);
    zf_stmt_bind_int(st, 19, r->id);
    zf_stmt_bind_int(st, 20, version);
    /* 028: the issued notice and decision (documents), NULL when none */
    bind_doc(st, 21, r->notice_document_id);
    bind_doc(st, 22, r->decision_document_id);
    zf_stmt_bind_text(st, 23, T(r->statement)); /* 032 */
    int rc = zf_stmt_run_versioned(st, "信用记录", err);
    if (rc == 0) {
        r->version = version + 1;
        r->updated_at = zf_arena_strdup(a, now);
    }
    return rc;
}

/* name fragment / code prefix pattern with LIKE's wildcards escaped */
static const char *like_pattern(zf_arena_t *a, const char *q, int prefix) {
    size_t n = strlen(q);
    char *p = zf_arena_alloc(a, n * 2 + 3);
    size_t k = 0;
    if (!prefix) p[k++] = '%';
    for (size_t i = 0; i < n; i++) {
        if (q[i] == '%' || q[i] == '_' || q[i] == '\\') p[k++] = '\\';
        p[k++] = q[i];
    }
    p[k++] = '%';
    p[k] = '\0';
    return p;
}

int zf_credit_records_list(zf_db_t *db, zf_arena_t *a, const zf_credit_filter_t *f,
                           zf_credit_record_t **out, size_t *n, int *more, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT " COLUMNS "WHERE u.path LIKE $1 || '%' AND ($2 = '' OR r.kind = $2) "
        "AND ($3 = '' OR r.status = $3) AND ($4 = 0 OR r.enterprise_id = $4) "
        "AND ($5 = 0 OR r.case_id = $5) AND ($6 = 0 OR r.id < $6) "
        "AND ($7 = '' OR e.name LIKE $8 ESCAPE '\\' OR e.credit_code LIKE $9 ESCAPE '\\') "
        "ORDER BY r.id DESC LIMIT $10",
        err);
    if (!st) return ZF_EIO;
    const char *q = f->q ? f->q : "";
    zf_stmt_bind_text(st, 1, f->scope_path);
    zf_stmt_bind_text(st, 2, T(f->kind));
    zf_stmt_bind_text(st, 3, T(f->status));
    zf_stmt_bind_int(st, 4, f->enterprise_id);
    zf_stmt_bind_int(st, 5, f->case_id);
    zf_stmt_bind_int(st, 6, f->before_id);
    zf_stmt_bind_text(st, 7, q);
    zf_stmt_bind_text(st, 8, like_pattern(a, q, 0));
    zf_stmt_bind_text(st, 9, like_pattern(a, q, 1));
    zf_stmt_bind_int(st, 10, f->limit + 1);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_record, &items, n, err);
    if (rc) return rc;
    *out = items;
    *more = *n > (size_t)f->limit;
    if (*more) *n = (size_t)f->limit;
    return 0;
}

int zf_credit_active_count(zf_db_t *db, int64_t enterprise_id, int64_t except_id, int64_t *count,
                           zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT COUNT(*) FROM credit_records WHERE enterprise_id = $1 "
                                  "AND kind = 'serious_list' AND status = 'listed' AND id <> $2",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, enterprise_id);
    zf_stmt_bind_int(st, 2, except_id);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) *count = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int zf_credit_due(zf_db_t *db, zf_arena_t *a, const char *today, zf_credit_record_t **out,
                  size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT " COLUMNS "WHERE r.kind = 'serious_list' AND r.status = "
                                  "'listed' AND r.expires_on <= $1 ORDER BY r.id LIMIT 10000",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, today);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_record, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_credit_public_list(zf_db_t *db, zf_arena_t *a, const char *today, const char *q,
                          int64_t before_id, int limit, zf_credit_record_t **out, size_t *n,
                          int *more, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT " COLUMNS "WHERE r.kind = 'serious_list' AND r.status = 'listed' "
        "AND r.published_from <= $1 AND r.expires_on > $1 AND ($2 = 0 OR r.id < $2) "
        "AND ($3 = '' OR e.name LIKE $4 ESCAPE '\\' OR e.credit_code LIKE $5 ESCAPE '\\') "
        "ORDER BY r.id DESC LIMIT $6",
        err);
    if (!st) return ZF_EIO;
    q = q ? q : "";
    zf_stmt_bind_text(st, 1, today);
    zf_stmt_bind_int(st, 2, before_id);
    zf_stmt_bind_text(st, 3, q);
    zf_stmt_bind_text(st, 4, like_pattern(a, q, 0));
    zf_stmt_bind_text(st, 5, like_pattern(a, q, 1));
    zf_stmt_bind_int(st, 6, limit + 1);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_record, &items, n, err);
    if (rc) return rc;
    *out = items;
    *more = *n > (size_t)limit;
    if (*more) *n = (size_t)limit;
    return 0;
}

/* ---- applications ---- */

#define APP_COLUMNS                                                                                \
    "id, record_id, enterprise_id, submitted_on, applicant, conditions, statement, status, "       \
    "decision_reason, decided_on, decided_by, created_by, created_at, version "                    \
    "FROM credit_applications "

static void read_app(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_credit_application_t *ap = item;
    ap->id = I(st, 0);
    ap->record_id = I(st, 1);
    ap->enterprise_id = I(st, 2);
    ap->submitted_on = S(a, st, 3);
    ap->applicant = S(a, st, 4);
    ap->conditions = S(a, st, 5);
    ap->statement = S(a, st, 6);
    ap->status = S(a, st, 7);
    ap->decision_reason = S(a, st, 8);
    ap->decided_on = S(a, st, 9);
    ap->decided_by = I(st, 10);
    ap->created_by = I(st, 11);
    ap->created_at = S(a, st, 12);
    ap->version = I(st, 13);
}

int zf_credit_application_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_credit_application_t *out,
                              zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " APP_COLUMNS "WHERE id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) read_app(st, a, out);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "credit.application_not_found", "id",
                            "提前移出申请 %lld 不存在", (long long)id);
    return 0;
}

int zf_credit_application_insert(zf_db_t *db, zf_arena_t *a, const zf_credit_application_t *ap,
                                 zf_credit_application_t *out, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO credit_applications (record_id, enterprise_id, submitted_on, applicant, "
        "conditions, statement, status, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, "
        "'submitted', $7, $8) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, ap->record_id);
    zf_stmt_bind_int(st, 2, ap->enterprise_id);
    zf_stmt_bind_text(st, 3, ap->submitted_on);
    zf_stmt_bind_text(st, 4, T(ap->applicant));
    zf_stmt_bind_text(st, 5, T(ap->conditions));
    zf_stmt_bind_text(st, 6, T(ap->statement));
    bind_user(st, 7, ap->created_by);
    zf_stmt_bind_text(st, 8, now);
    int rc = zf_stmt_step(st, err);
    int64_t id = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    return zf_credit_application_get(db, a, id, out, err);
}

int zf_credit_application_decide(zf_db_t *db, zf_credit_application_t *ap, int64_t version,
                                 zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "UPDATE credit_applications SET status = $1, decision_reason = "
                                  "$2, decided_by = $3, decided_on = $4, version = version + 1 "
                                  "WHERE id = $5 AND version = $6",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, ap->status);
    zf_stmt_bind_text(st, 2, T(ap->decision_reason));
    bind_user(st, 3, ap->decided_by);
    zf_stmt_bind_text(st, 4, T(ap->decided_on));
    zf_stmt_bind_int(st, 5, ap->id);
    zf_stmt_bind_int(st, 6, version);
    int rc = zf_stmt_run_versioned(st, "提前移出申请", err);
    if (rc == 0) ap->version = version + 1;
    return rc;
}

int zf_credit_applications_of(zf_db_t *db, zf_arena_t *a, int64_t record_id,
                              zf_credit_application_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "SELECT " APP_COLUMNS "WHERE record_id = $1 ORDER BY id LIMIT 1000", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, record_id);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_app, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

/* ---- parameters ---- */

int zf_credit_param_known(const char *key, const char **unit) {
    /* 028: days to state and defend after the notice [未核实] */
    if (key && strcmp(key, "credit.serious.statement_days") == 0) {
        if (unit) *unit = "日";
        return 1;
    }
    if (key && (strcmp(key, "credit.serious.period_months") == 0 ||
                strcmp(key, "credit.serious.early_removal_months") == 0)) {
        if (unit) *unit = "月";
        return 1;
    }
    return 0;
}

int zf_credit_param(zf_db_t *db, const char *key, const char *date, int64_t *value,
                    zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT value FROM legal_params WHERE key = $1 AND "
                                  "effective_from <= $2 ORDER BY effective_from DESC LIMIT 1",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, key);
    zf_stmt_bind_text(st, 2, date);
    int rc = zf_stmt_step(st, err);
    char *end = NULL;
    long long v = rc == 1 ? strtoll(zf_stmt_text(st, 0), &end, 10) : -1;
    int ok = rc == 1 && end && !*end && v >= 0 && v <= 1200;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (!ok)
        return zf_error_set(err, ZF_EIO, 500, "credit.param_missing", key,
                            "法定参数 %s 在 %s 没有有效的值，请在 系统管理 › 法定参数 中设置", key,
                            date);
    *value = v;
    return 0;
}

/* ---- JSON ---- */

json_t *zf_credit_record_json(const zf_credit_record_t *r) {
    json_t *crit = json_array();
    const char *p = r->criteria ? r->criteria : "";
    while (*p) {
        while (*p == ' ')
            p++;
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (!len) break;
        char id[16];
        if (len < sizeof id) {
            memcpy(id, p, len);
            id[len] = '\0';
            const zf_credit_criterion_t *c = zf_credit_criterion(id);
            if (c)
                json_array_append_new(crit, json_pack("{s:s, s:i, s:s, s:s, s:s}", "id", c->id,
                                                      "number", c->number, "text", c->text,
                                                      "source", c->source, "basis", c->basis));
        }
        p += len;
    }
    json_t *facts = json_loads(r->facts && *r->facts ? r->facts : "{}", 0, NULL);
    json_t *j = json_object();
#define SET_S(k, v) json_object_set_new(j, k, json_string((v) ? (v) : ""))
#define SET_I(k, v) json_object_set_new(j, k, json_integer(v))
    SET_I("id", r->id);
    SET_I("enterprise_id", r->enterprise_id);
    SET_S("enterprise_name", r->enterprise_name);
    SET_S("credit_code", r->credit_code);
    SET_I("unit_id", r->unit_id);
    SET_S("kind", r->kind);
    SET_S("kind_name", zf_credit_status_name(r->kind));
    SET_S("status", r->status);
    SET_S("status_name", zf_credit_status_name(r->status));
    json_object_set_new(j, "criteria", crit);
    json_object_set_new(j, "facts", facts ? facts : json_object());
    SET_I("case_id", r->case_id);
    SET_S("case_number", r->case_number);
    SET_S("decision_date", r->decision_date);
    SET_S("summary", r->summary);
    SET_S("principal_name", r->principal_name);
    SET_S("authority", r->authority);
    SET_S("propose_reason", r->propose_reason);
    SET_I("proposed_by", r->proposed_by);
    SET_S("proposed_at", r->proposed_at);
    SET_S("decision_reason", r->decision_reason);
    SET_I("decided_by", r->decided_by);
    SET_S("decided_at", r->decided_at);
    SET_S("notified_on", r->notified_on);
    SET_S("notice_doc", r->notice_doc);
    SET_I("notice_document_id", r->notice_document_id);
    SET_I("decision_document_id", r->decision_document_id);
    SET_S("statement", r->statement);
    SET_S("published_from", r->published_from);
    SET_S("expires_on", r->expires_on);
    SET_I("period_months", r->period_months);
    SET_S("removed_on", r->removed_on);
    SET_S("removal_kind", r->removal_kind);
    SET_S("removal_kind_name", *T(r->removal_kind) ? zf_credit_status_name(r->removal_kind) : "");
    SET_S("removal_reason", r->removal_reason);
    SET_S("restored_on", r->restored_on);
    SET_S("restore_reason", r->restore_reason);
    SET_I("version", r->version);
    SET_S("created_at", r->created_at);
    SET_S("updated_at", r->updated_at);
#undef SET_S
#undef SET_I
    return j;
}

json_t *zf_credit_application_json(const zf_credit_application_t *ap) {
    json_t *conds = json_array();
    const char *p = ap->conditions ? ap->conditions : "";
    char buf[64];
    while (*p) {
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len && len < sizeof buf) {
            memcpy(buf, p, len);
            buf[len] = '\0';
            json_array_append_new(conds, json_string(buf));
        }
        p += len;
        while (*p == ' ')
            p++;
    }
    return json_pack("{s:I, s:I, s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:I}", "id",
                     (json_int_t)ap->id, "record_id", (json_int_t)ap->record_id, "enterprise_id",
                     (json_int_t)ap->enterprise_id, "submitted_on", T(ap->submitted_on),
                     "applicant", T(ap->applicant), "conditions", conds, "statement",
                     T(ap->statement), "status", T(ap->status), "status_name",
                     zf_credit_status_name(ap->status), "decision_reason", T(ap->decision_reason),
                     "decided_on", T(ap->decided_on), "version", (json_int_t)ap->version);
}

/* ---- facts ---- */

json_t *zf_credit_facts_json(const zf_credit_facts_t *f) {
    json_t *dates = json_array();
    for (size_t i = 0; i < f->n_larger; i++) {
        char d[11];
        zf_day_format(f->larger_dates[i], d);
        json_array_append_new(dates, json_string(d));
    }
    return json_pack("{s:b, s:i, s:o, s:i, s:b, s:b, s:b, s:b, s:b, s:b, s:b}", "penalized",
                     f->penalized, "accident_grade", f->accident_grade, "larger_accident_dates",
                     dates, "multiple_114_pct", f->multiple_114_pct, "concealed", f->concealed,
                     "fled", f->fled, "no_licence", f->no_licence, "intermediary", f->intermediary,
                     "intermediary_fraud", f->intermediary_fraud, "refused", f->refused,
                     "other_serious", f->other_serious);
}

static int bad_fact(zf_error_t *err, const char *name, const char *msg) {
    char field[64];
    snprintf(field, sizeof field, "facts.%s", name);
    return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field, "事实 %s：%s", name, msg);
}

int zf_credit_facts_from_json(json_t *j, zf_credit_facts_t *f, zf_error_t *err) {
    memset(f, 0, sizeof *f);
    if (!json_is_object(j)) return bad_fact(err, "facts", "应为对象");
    static const char *bools[] = {"penalized",    "concealed",          "fled",    "no_licence",
                                  "intermediary", "intermediary_fraud", "refused", "other_serious"};
    int *slots[] = {&f->penalized,    &f->concealed,          &f->fled,    &f->no_licence,
                    &f->intermediary, &f->intermediary_fraud, &f->refused, &f->other_serious};
    const char *key;
    json_t *v;
    json_object_foreach(j, key, v) {
        int known = 0;
        for (size_t i = 0; i < sizeof bools / sizeof bools[0]; i++) {
            if (strcmp(key, bools[i]) != 0) continue;
            if (!json_is_boolean(v)) return bad_fact(err, key, "应为 true 或 false");
            *slots[i] = json_is_true(v);
            known = 1;
        }
        if (known) continue;
        if (strcmp(key, "accident_grade") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 4)
                return bad_fact(err, key,
                                "事故等级应为 0（无）、1 一般、2 较大、3 重大、4 特别重大");
            f->accident_grade = (int)json_integer_value(v);
        } else if (strcmp(key, "multiple_114_pct") == 0) {
            json_int_t m = json_is_integer(v) ? json_integer_value(v) : -1;
            if (m != 0 && (m < 100 || m > 500))
                return bad_fact(err, key, "第一百一十四条罚款倍数（百分比）应为 0 或 100–500");
            f->multiple_114_pct = (int)m;
        } else if (strcmp(key, "larger_accident_dates") == 0) {
            if (!json_is_array(v) || json_array_size(v) > ZF_CREDIT_MAX_ACCIDENTS)
                return bad_fact(err, key, "应为日期数组（最多 64 个）");
            size_t i;
            json_t *d;
            json_array_foreach(v, i, d) {
                zf_day_t day;
                if (!json_is_string(d) || zf_day_parse(json_string_value(d), &day) != 0)
                    return bad_fact(err, key, "日期应为 YYYY-MM-DD");
                f->larger_dates[f->n_larger++] = day;
            }
        } else {
            return bad_fact(err, key, "未知的事实");
        }
    }
    return 0;
}

/* ---- for the case module ---- */

static int log_event(zf_db_t *db, zf_arena_t *a, int64_t actor_id, const char *action,
                     const zf_credit_record_t *r, zf_error_t *err) {
    json_t *after = zf_credit_record_json(r);
    zf_log_entry_t e = {.actor_id = actor_id,
                        .unit_id = r->unit_id,
                        .action = action,
                        .object_type = "credit_record",
                        .object_id = zf_arena_printf(a, "%lld", (long long)r->id),
                        .after = after};
    int64_t idx = zf_log_append(db, &e, err);
    json_decref(after);
    return idx < 0 ? (int)idx : 0;
}

int zf_credit_case_outcome(zf_db_t *db, zf_arena_t *a, int64_t actor_id,
                           const zf_credit_outcome_t *o, int64_t *bad_id, int64_t *proposal_id,
                           zf_error_t *err) {
    if (bad_id) *bad_id = 0;
    if (proposal_id) *proposal_id = 0;
    if (!o->facts.penalized) return 0;
    if (o->case_id > 0) {
        zf_credit_filter_t f = {.scope_path = "/", .case_id = o->case_id, .limit = 1};
        zf_credit_record_t *rows;
        size_t n;
        int more;
        int rc = zf_credit_records_list(db, a, &f, &rows, &n, &more, err);
        if (rc) return rc;
        if (n) return 0; /* idempotent per case */
    }
    json_t *fj = zf_credit_facts_json(&o->facts);
    char *facts = json_dumps(fj, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(fj);
    const char *facts_a = zf_arena_strdup(a, facts ? facts : "{}");
    free(facts);
    zf_credit_record_t r = {.enterprise_id = o->enterprise_id,
                            .kind = "bad_record",
                            .status = "recorded",
                            .facts = facts_a,
                            .case_id = o->case_id,
                            .case_number = o->case_number,
                            .decision_date = o->decision_date,
                            .summary = o->summary,
                            .principal_name = o->principal_name,
                            .authority = o->authority,
                            .proposed_by = actor_id},
                       stored;
    int rc = zf_credit_record_insert(db, a, &r, &stored, err);
    if (rc == 0) rc = log_event(db, a, actor_id, "credit.bad_record", &stored, err);
    if (rc) return rc;
    if (bad_id) *bad_id = stored.id;
    const zf_credit_criterion_t *met[9];
    size_t n = zf_credit_evaluate(&o->facts, met, 9);
    if (!n) return 0;
    char ids[128] = "";
    size_t len = 0;
    const char *reason = "";
    for (size_t i = 0; i < n; i++) {
        len += (size_t)snprintf(ids + len, sizeof ids - len, "%s%s", i ? " " : "", met[i]->id);
        reason = zf_arena_printf(a, "%s%s符合列入情形(%d)：%s", reason, i ? "；" : "",
                                 met[i]->number, met[i]->text);
    }
    r.kind = "serious_list";
    r.status = "proposed";
    r.criteria = ids;
    r.propose_reason = reason;
    rc = zf_credit_record_insert(db, a, &r, &stored, err);
    if (rc == 0) rc = log_event(db, a, actor_id, "credit.propose", &stored, err);
    if (rc == 0 && proposal_id) *proposal_id = stored.id;
    return rc;
}
