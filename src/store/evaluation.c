/* evaluation.c — see evaluation.h. */
#include "store/evaluation.h"

#include <string.h>

#include "core/util.h"

static const char *dup(zf_arena_t *a, zf_stmt_t *st, int col) {
    return zf_arena_strdup(a, zf_stmt_text(st, col));
}

/* ---- standards ---- */

static void read_std(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_evalstd_row_t *r = item;
    r->id = zf_stmt_int(st, 0);
    r->version = zf_stmt_int(st, 1);
    r->name = dup(a, st, 2);
    r->created_by = zf_stmt_is_null(st, 3) ? 0 : zf_stmt_int(st, 3);
    r->created_at = dup(a, st, 4);
    r->body = zf_stmt_column_count(st) > 5 ? dup(a, st, 5) : NULL;
}

int zf_evalstd_list(zf_db_t *db, zf_arena_t *a, zf_evalstd_row_t **out, size_t *n,
                    zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT id, version, name, created_by, created_at FROM "
                                  "evaluation_standards ORDER BY version DESC",
                                  err);
    if (!st) return ZF_EIO;
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_std, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_evalstd_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_evalstd_row_t *out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT id, version, name, created_by, created_at, body FROM evaluation_standards "
        "WHERE ($1 = 0 OR id = $1) ORDER BY version DESC LIMIT 1",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) read_std(st, a, out);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "evaluation.standard_not_found", NULL,
                            "该评查标准版本不存在");
    return 0;
}

int zf_evalstd_insert(zf_db_t *db, zf_arena_t *a, const char *name, const char *body,
                      int64_t created_by, zf_evalstd_row_t *out, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO evaluation_standards (version, name, body, created_by, created_at) "
        "SELECT COALESCE(MAX(version), 0) + 1, $1, $2, $3, $4 FROM evaluation_standards "
        "RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, name);
    zf_stmt_bind_text(st, 2, body);
    if (created_by > 0)
        zf_stmt_bind_int(st, 3, created_by);
    else
        zf_stmt_bind_null(st, 3);
    zf_stmt_bind_text(st, 4, now);
    int rc = zf_stmt_step(st, err);
    int64_t id = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    return zf_evalstd_get(db, a, id, out, err);
}

/* ---- rounds ---- */

int zf_eval_round_insert(zf_db_t *db, const zf_eval_round_t *r, int64_t *id, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO evaluation_rounds (unit_id, name, period_from, period_to, mode, "
        "sample_count, sample_percent, pool_size, pool_hash, seed, standard_id, owner_id, "
        "created_at, pool) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) "
        "RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, r->unit_id);
    zf_stmt_bind_text(st, 2, r->name);
    zf_stmt_bind_text(st, 3, r->period_from);
    zf_stmt_bind_text(st, 4, r->period_to);
    zf_stmt_bind_text(st, 5, r->mode);
    zf_stmt_bind_int(st, 6, r->sample_count);
    zf_stmt_bind_int(st, 7, r->sample_percent);
    zf_stmt_bind_int(st, 8, r->pool_size);
    zf_stmt_bind_text(st, 9, r->pool_hash ? r->pool_hash : "");
    zf_stmt_bind_text(st, 10, r->seed ? r->seed : "");
    zf_stmt_bind_int(st, 11, r->standard_id);
    zf_stmt_bind_int(st, 12, r->owner_id);
    zf_stmt_bind_text(st, 13, now);
    zf_stmt_bind_text(st, 14, r->pool ? r->pool : "");
    int rc = zf_stmt_step(st, err);
    if (rc == 1) *id = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

#define ROUND_COLUMNS                                                                              \
    "r.id, r.unit_id, u.path, u.name, r.name, r.period_from, r.period_to, r.mode, "                \
    "r.sample_count, r.sample_percent, r.pool_size, r.pool_hash, r.seed, r.standard_id, "          \
    "s.version, r.owner_id, us.name, r.version, r.created_at, "                                    \
    "(SELECT count(*) FROM evaluation_cases ec WHERE ec.round_id = r.id), "                        \
    "(SELECT count(*) FROM evaluation_cases ec WHERE ec.round_id = r.id "                          \
    "AND ec.status = 'submitted'), "                                                               \
    "(SELECT count(*) FROM evaluation_feedback f WHERE f.round_id = r.id "                         \
    "AND f.status = 'open'), r.pool "                                                              \
    "FROM evaluation_rounds r JOIN units u ON u.id = r.unit_id "                                   \
    "JOIN evaluation_standards s ON s.id = r.standard_id JOIN users us ON us.id = r.owner_id "

static void read_round(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_eval_round_t *r = item;
    r->id = zf_stmt_int(st, 0);
    r->unit_id = zf_stmt_int(st, 1);
    r->unit_path = dup(a, st, 2);
    r->unit_name = dup(a, st, 3);
    r->name = dup(a, st, 4);
    r->period_from = dup(a, st, 5);
    r->period_to = dup(a, st, 6);
    r->mode = dup(a, st, 7);
    r->sample_count = zf_stmt_int(st, 8);
    r->sample_percent = zf_stmt_int(st, 9);
    r->pool_size = zf_stmt_int(st, 10);
    r->pool_hash = dup(a, st, 11);
    r->seed = dup(a, st, 12);
    r->standard_id = zf_stmt_int(st, 13);
    r->standard_version = zf_stmt_int(st, 14);
    r->owner_id = zf_stmt_int(st, 15);
    r->owner_name = dup(a, st, 16);
    r->version = zf_stmt_int(st, 17);
    r->created_at = dup(a, st, 18);
    r->n_cases = zf_stmt_int(st, 19);
    r->n_submitted = zf_stmt_int(st, 20);
    r->n_open_feedback = zf_stmt_int(st, 21);
    r->pool = dup(a, st, 22);
}

int zf_eval_round_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_eval_round_t *out,
                      zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " ROUND_COLUMNS "WHERE r.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) read_round(st, a, out);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "evaluation.round_not_found", NULL,
                            "该评查轮次不存在");
    return 0;
}

int zf_eval_rounds_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t before_id,
                        int64_t limit, zf_eval_round_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT " ROUND_COLUMNS "WHERE u.path LIKE $1 || '%' "
                                  "AND ($2 = 0 OR r.id < $2) ORDER BY r.id DESC LIMIT $3",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, scope_path);
    zf_stmt_bind_int(st, 2, before_id);
    zf_stmt_bind_int(st, 3, limit);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_round, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_eval_evaluator_add(zf_db_t *db, int64_t round_id, int64_t user_id, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db, "INSERT INTO evaluation_evaluators (round_id, user_id) VALUES ($1, $2)", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, round_id);
    zf_stmt_bind_int(st, 2, user_id);
    int64_t rc = zf_stmt_run(st, err);
    return rc < 0 ? (int)rc : 0;
}

static void read_person(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_eval_person_t *p = item;
    p->id = zf_stmt_int(st, 0);
    p->name = dup(a, st, 1);
    p->role = dup(a, st, 2);
}

int zf_eval_eligible(zf_db_t *db, zf_arena_t *a, const char *scope_path, zf_eval_person_t **out,
                     size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT u.id, u.name, u.role FROM users u JOIN units un ON un.id = u.unit_id "
        "WHERE u.active = 1 AND ((u.role IN ('legal_reviewer', 'section_head') "
        "AND un.path LIKE $1 || '%') OR (u.role = 'city_supervisor' AND $1 LIKE un.path || '%')) "
        "ORDER BY u.role, u.id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, scope_path);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_person, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_eval_evaluators(zf_db_t *db, zf_arena_t *a, int64_t round_id, zf_eval_person_t **out,
                       size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT u.id, u.name, u.role FROM evaluation_evaluators e "
                                  "JOIN users u ON u.id = e.user_id WHERE e.round_id = $1 "
                                  "ORDER BY u.id",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, round_id);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_person, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_eval_is_evaluator(zf_db_t *db, int64_t round_id, int64_t user_id, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db, "SELECT 1 FROM evaluation_evaluators WHERE round_id = $1 AND user_id = $2", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, round_id);
    zf_stmt_bind_int(st, 2, user_id);
    int rc = zf_stmt_step(st, err);
    zf_stmt_done(st);
    return rc;
}

static void read_id(zf_stmt_t *st, zf_arena_t *a, void *item) {
    (void)a;
    *(int64_t *)item = zf_stmt_int(st, 0);
}

int zf_eval_pool(zf_db_t *db, zf_arena_t *a, const char *unit_path, const char *from,
                 const char *to, int64_t limit, int64_t **ids, size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT c.id FROM cases c JOIN units u ON u.id = c.unit_id "
                                  "WHERE u.path LIKE $1 || '%' AND c.decided_on <> '' "
                                  "AND c.decided_on >= $2 AND c.decided_on <= $3 "
                                  "AND c.state <> 'withdrawn' ORDER BY c.id LIMIT $4",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, unit_path);
    zf_stmt_bind_text(st, 2, from);
    zf_stmt_bind_text(st, 3, to);
    zf_stmt_bind_int(st, 4, limit);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **ids, read_id, &items, n, err);
    if (rc == 0) *ids = items;
    return rc;
}

/* ---- cases of a round ---- */

int zf_eval_case_insert(zf_db_t *db, int64_t round_id, int64_t case_id, int64_t position,
                        int64_t sampler_i, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO evaluation_cases (round_id, case_id, position, "
                                  "sampler_i, updated_at) VALUES ($1, $2, $3, $4, $5)",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, round_id);
    zf_stmt_bind_int(st, 2, case_id);
    zf_stmt_bind_int(st, 3, position);
    zf_stmt_bind_int(st, 4, sampler_i);
    zf_stmt_bind_text(st, 5, now);
    int64_t rc = zf_stmt_run(st, err);
    return rc < 0 ? (int)rc : 0;
}

#define CASE_COLUMNS                                                                               \
    "ec.id, ec.round_id, ec.case_id, COALESCE(c.number, ''), c.title, c.state, c.decided_on, "     \
    "c.unit_id, u.name, ec.position, ec.sampler_i, ec.status, ec.evaluator_id, "                   \
    "COALESCE(ev.name, ''), ec.marks, ec.total, ec.grade, ec.veto, ec.version, ec.submitted_at, "  \
    "(SELECT count(*) FROM evaluation_feedback f WHERE f.evaluation_id = ec.id "                   \
    "AND f.status = 'open') "                                                                      \
    "FROM evaluation_cases ec JOIN cases c ON c.id = ec.case_id JOIN units u ON u.id = c.unit_id " \
    "LEFT JOIN users ev ON ev.id = ec.evaluator_id "

static void read_case(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_eval_case_t *c = item;
    c->id = zf_stmt_int(st, 0);
    c->round_id = zf_stmt_int(st, 1);
    c->case_id = zf_stmt_int(st, 2);
    c->case_number = dup(a, st, 3);
    c->case_title = dup(a, st, 4);
    c->case_state = dup(a, st, 5);
    c->decided_on = dup(a, st, 6);
    c->unit_id = zf_stmt_int(st, 7);
    c->unit_name = dup(a, st, 8);
    c->position = zf_stmt_int(st, 9);
    c->sampler_i = zf_stmt_int(st, 10);
    c->status = dup(a, st, 11);
    c->evaluator_id = zf_stmt_is_null(st, 12) ? 0 : zf_stmt_int(st, 12);
    c->evaluator_name = dup(a, st, 13);
    c->marks = dup(a, st, 14);
    c->total = zf_stmt_int(st, 15);
    c->grade = dup(a, st, 16);
    c->veto = zf_stmt_int(st, 17);
    c->version = zf_stmt_int(st, 18);
    c->submitted_at = dup(a, st, 19);
    c->open_feedback = zf_stmt_int(st, 20);
    c->officers = NULL;
}

int zf_eval_cases_list(zf_db_t *db, zf_arena_t *a, int64_t round_id, zf_eval_case_t **out,
                       size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db, "SELECT " CASE_COLUMNS "WHERE ec.round_id = $1 ORDER BY ec.position, ec.id", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, round_id);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_case, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_eval_case_get(zf_db_t *db, zf_arena_t *a, int64_t round_id, int64_t case_id,
                     zf_eval_case_t *out, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "SELECT " CASE_COLUMNS "WHERE ec.round_id = $1 AND ec.case_id = $2", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, round_id);
    zf_stmt_bind_int(st, 2, case_id);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) read_case(st, a, out);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "evaluation.case_not_found", NULL,
                            "该案件不在本评查轮次中");
    return 0;
}

int zf_eval_case_save(zf_db_t *db, const zf_eval_case_t *c, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    int submitted = strcmp(c->status, "submitted") == 0;
    zf_stmt_t *st = zf_db_prepare(
        db,
        "UPDATE evaluation_cases SET status = $1, evaluator_id = $2, marks = $3, total = $4, "
        "grade = $5, veto = $6, submitted_at = $7, updated_at = $8, version = version + 1 "
        "WHERE id = $9 AND version = $10",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, c->status);
    if (c->evaluator_id > 0)
        zf_stmt_bind_int(st, 2, c->evaluator_id);
    else
        zf_stmt_bind_null(st, 2);
    zf_stmt_bind_text(st, 3, c->marks);
    zf_stmt_bind_int(st, 4, c->total);
    zf_stmt_bind_text(st, 5, c->grade);
    zf_stmt_bind_int(st, 6, c->veto);
    zf_stmt_bind_text(st, 7, submitted ? now : "");
    zf_stmt_bind_text(st, 8, now);
    zf_stmt_bind_int(st, 9, c->id);
    zf_stmt_bind_int(st, 10, c->version);
    return zf_stmt_run_versioned(st, "该案件的评查记录", err);
}

int zf_eval_case_handled_by(zf_db_t *db, int64_t case_id, int64_t user_id, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT 1 FROM case_officers co JOIN officers o "
                                  "ON o.id = co.officer_id WHERE co.case_id = $1 "
                                  "AND (co.user_id = $2 OR o.user_id = $2) LIMIT 1",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, case_id);
    zf_stmt_bind_int(st, 2, user_id);
    int rc = zf_stmt_step(st, err);
    zf_stmt_done(st);
    return rc;
}

int zf_eval_case_officer_users(zf_db_t *db, zf_arena_t *a, int64_t case_id, int64_t **ids,
                               size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT DISTINCT COALESCE(co.user_id, o.user_id) FROM "
                                  "case_officers co JOIN officers o ON o.id = co.officer_id "
                                  "WHERE co.case_id = $1 AND COALESCE(co.user_id, o.user_id) "
                                  "IS NOT NULL ORDER BY 1",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, case_id);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **ids, read_id, &items, n, err);
    if (rc == 0) *ids = items;
    return rc;
}

/* ---- feedback ---- */

int zf_eval_feedback_insert(zf_db_t *db, const zf_eval_feedback_t *f, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO evaluation_feedback (evaluation_id, round_id, case_id, user_id, item_code, "
        "item_name, problem, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, f->evaluation_id);
    zf_stmt_bind_int(st, 2, f->round_id);
    zf_stmt_bind_int(st, 3, f->case_id);
    zf_stmt_bind_int(st, 4, f->user_id);
    zf_stmt_bind_text(st, 5, f->item_code);
    zf_stmt_bind_text(st, 6, f->item_name);
    zf_stmt_bind_text(st, 7, f->problem);
    zf_stmt_bind_text(st, 8, now);
    int64_t rc = zf_stmt_run(st, err);
    return rc < 0 ? (int)rc : 0;
}

int64_t zf_eval_feedback_withdraw(zf_db_t *db, int64_t evaluation_id, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "UPDATE evaluation_feedback SET status = 'withdrawn' "
                                  "WHERE evaluation_id = $1 AND status = 'open'",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, evaluation_id);
    return zf_stmt_run(st, err);
}

#define FEEDBACK_COLUMNS                                                                           \
    "f.id, f.evaluation_id, f.round_id, f.case_id, f.user_id, r.name, COALESCE(c.number, ''), "    \
    "c.title, us.name, f.item_code, f.item_name, f.problem, f.status, f.answer, f.answered_at, "   \
    "f.created_at FROM evaluation_feedback f JOIN evaluation_rounds r ON r.id = f.round_id "       \
    "JOIN cases c ON c.id = f.case_id JOIN users us ON us.id = f.user_id "

static void read_feedback(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_eval_feedback_t *f = item;
    f->id = zf_stmt_int(st, 0);
    f->evaluation_id = zf_stmt_int(st, 1);
    f->round_id = zf_stmt_int(st, 2);
    f->case_id = zf_stmt_int(st, 3);
    f->user_id = zf_stmt_int(st, 4);
    f->round_name = dup(a, st, 5);
    f->case_number = dup(a, st, 6);
    f->case_title = dup(a, st, 7);
    f->user_name = dup(a, st, 8);
    f->item_code = dup(a, st, 9);
    f->item_name = dup(a, st, 10);
    f->problem = dup(a, st, 11);
    f->status = dup(a, st, 12);
    f->answer = dup(a, st, 13);
    f->answered_at = dup(a, st, 14);
    f->created_at = dup(a, st, 15);
}

int zf_eval_feedback_of_user(zf_db_t *db, zf_arena_t *a, int64_t user_id, int64_t before_id,
                             int64_t limit, zf_eval_feedback_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT " FEEDBACK_COLUMNS "WHERE f.user_id = $1 "
                                  "AND f.status <> 'withdrawn' AND ($2 = 0 OR f.id < $2) "
                                  "ORDER BY f.id DESC LIMIT $3",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, user_id);
    zf_stmt_bind_int(st, 2, before_id);
    zf_stmt_bind_int(st, 3, limit);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_feedback, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_eval_feedback_open_of_round(zf_db_t *db, zf_arena_t *a, int64_t round_id,
                                   zf_eval_feedback_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db, "SELECT " FEEDBACK_COLUMNS "WHERE f.round_id = $1 AND f.status = 'open' ORDER BY f.id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, round_id);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_feedback, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_eval_feedback_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_eval_feedback_t *out,
                         zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " FEEDBACK_COLUMNS "WHERE f.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) read_feedback(st, a, out);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "evaluation.feedback_not_found", NULL,
                            "该评查反馈不存在");
    return 0;
}

int zf_eval_feedback_answer(zf_db_t *db, int64_t id, const char *answer, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "UPDATE evaluation_feedback SET status = 'answered', "
                                  "answer = $1, answered_at = $2 WHERE id = $3 AND status = 'open'",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, answer);
    zf_stmt_bind_text(st, 2, now);
    zf_stmt_bind_int(st, 3, id);
    int64_t rc = zf_stmt_run(st, err);
    if (rc < 0) return (int)rc;
    /* answered once: the officer's 整改说明 is part of the record */
    if (rc == 0)
        return zf_error_set(err, ZF_ECONFLICT, 409, "evaluation.already_answered", NULL,
                            "该评查反馈已答复或已撤回，不能再次答复");
    return 0;
}

/* ---- results ---- */

static void read_agg(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_eval_agg_t *g = item;
    g->key = zf_stmt_int(st, 0);
    g->name = dup(a, st, 1);
    g->count = zf_stmt_int(st, 2);
    g->sum = zf_stmt_int(st, 3);
    g->fails = zf_stmt_int(st, 4);
}

int zf_eval_results(zf_db_t *db, zf_arena_t *a, int64_t round_id, int by_unit, zf_eval_agg_t **out,
                    size_t *n, zf_error_t *err) {
    /* CAST: PostgreSQL's sum over BIGINT is NUMERIC */
    static const char by_officer_sql[] =
        "SELECT o.id, o.name, count(*), CAST(sum(ec.total) AS BIGINT), "
        "CAST(sum(CASE WHEN ec.grade = 'fail' THEN 1 ELSE 0 END) AS BIGINT) "
        "FROM evaluation_cases ec JOIN case_officers co ON co.case_id = ec.case_id "
        "JOIN officers o ON o.id = co.officer_id "
        "WHERE ec.round_id = $1 AND ec.status = 'submitted' GROUP BY o.id, o.name ORDER BY o.id";
    static const char by_unit_sql[] =
        "SELECT u.id, u.name, count(*), CAST(sum(ec.total) AS BIGINT), "
        "CAST(sum(CASE WHEN ec.grade = 'fail' THEN 1 ELSE 0 END) AS BIGINT) "
        "FROM evaluation_cases ec JOIN cases c ON c.id = ec.case_id "
        "JOIN units u ON u.id = c.unit_id "
        "WHERE ec.round_id = $1 AND ec.status = 'submitted' GROUP BY u.id, u.name ORDER BY u.id";
    zf_stmt_t *st = zf_db_prepare(db, by_unit ? by_unit_sql : by_officer_sql, err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, round_id);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_agg, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}
