/* plans.c — see plans.h. Portable SQL only. */
#include "store/plans.h"

#include <string.h>

#include "core/util.h"

static const char *dup(zf_arena_t *a, zf_stmt_t *st, int col) {
    return zf_arena_strdup(a, zf_stmt_text(st, col));
}

static int64_t opt(zf_stmt_t *st, int col) {
    return zf_stmt_is_null(st, col) ? 0 : zf_stmt_int(st, col);
}

#define PCOLS                                                                                      \
    "p.id, p.unit_id, p.year, u.name, u.path, u.kind, p.status, p.cycle_red, p.cycle_orange, "     \
    "p.cycle_yellow, p.cycle_blue, p.cycle_credit, p.sampling_permille, p.general_pool, "          \
    "p.general_expected, p.draw_months, p.capacity, p.joint_window, p.report, p.return_reason, "   \
    "p.submitted_at, p.approved_at, p.submitted_by, p.approved_by, p.version, p.created_at, "      \
    "p.updated_at, p.created_by"
#define PJOIN " FROM plans p JOIN units u ON u.id = p.unit_id "

static void read_plan(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_plan_t *p = item;
    p->id = zf_stmt_int(st, 0);
    p->unit_id = zf_stmt_int(st, 1);
    p->year = zf_stmt_int(st, 2);
    p->unit_name = dup(a, st, 3);
    p->unit_path = dup(a, st, 4);
    p->unit_kind = dup(a, st, 5);
    p->status = dup(a, st, 6);
    for (int i = 0; i < 4; i++)
        p->cycle[i] = zf_stmt_int(st, 7 + i);
    p->cycle_credit = zf_stmt_int(st, 11);
    p->sampling_permille = zf_stmt_int(st, 12);
    p->general_pool = zf_stmt_int(st, 13);
    p->general_expected = zf_stmt_int(st, 14);
    p->draw_months = dup(a, st, 15);
    p->capacity = zf_stmt_int(st, 16);
    p->joint_window = zf_stmt_int(st, 17);
    p->report = dup(a, st, 18);
    p->return_reason = dup(a, st, 19);
    p->submitted_at = dup(a, st, 20);
    p->approved_at = dup(a, st, 21);
    p->submitted_by = opt(st, 22);
    p->approved_by = opt(st, 23);
    p->version = zf_stmt_int(st, 24);
    p->created_at = dup(a, st, 25);
    p->updated_at = dup(a, st, 26);
    p->created_by = opt(st, 27);
}

int zf_plan_insert(zf_db_t *db, const zf_plan_t *p, int64_t actor_id, int64_t *id,
                   zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "SELECT count(*) FROM plans WHERE unit_id = $1 AND year = $2", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, p->unit_id);
    zf_stmt_bind_int(st, 2, p->year);
    int rc = zf_stmt_step(st, err);
    int64_t have = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (have)
        return zf_error_set(err, ZF_ECONFLICT, 409, "plan.exists", "year",
                            "该单位 %lld 年度的计划已存在", (long long)p->year);
    char now[32];
    zf_now_iso(now);
    st = zf_db_prepare(
        db,
        "INSERT INTO plans (unit_id, year, status, cycle_red, cycle_orange, cycle_yellow, "
        "cycle_blue, cycle_credit, sampling_permille, general_pool, general_expected, "
        "draw_months, capacity, joint_window, report, version, created_at, created_by, "
        "updated_at) VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
        "$14, 1, $15, $16, $15) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, p->unit_id);
    zf_stmt_bind_int(st, 2, p->year);
    for (int i = 0; i < 4; i++)
        zf_stmt_bind_int(st, 3 + i, p->cycle[i]);
    zf_stmt_bind_int(st, 7, p->cycle_credit);
    zf_stmt_bind_int(st, 8, p->sampling_permille);
    zf_stmt_bind_int(st, 9, p->general_pool);
    zf_stmt_bind_int(st, 10, p->general_expected);
    zf_stmt_bind_text(st, 11, p->draw_months ? p->draw_months : "");
    zf_stmt_bind_int(st, 12, p->capacity);
    zf_stmt_bind_int(st, 13, p->joint_window);
    zf_stmt_bind_text(st, 14, p->report ? p->report : "{}");
    zf_stmt_bind_text(st, 15, now);
    if (actor_id > 0)
        zf_stmt_bind_int(st, 16, actor_id);
    else
        zf_stmt_bind_null(st, 16);
    rc = zf_stmt_step(st, err);
    if (rc == 1) *id = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int zf_plan_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_plan_t *out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " PCOLS PJOIN "WHERE p.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    void *items;
    size_t n;
    int rc = zf_stmt_collect(st, a, sizeof *out, read_plan, &items, &n, err);
    if (rc) return rc;
    if (!n) return zf_error_set(err, ZF_ENOTFOUND, 404, "plan.not_found", NULL, "计划不存在");
    *out = *(zf_plan_t *)items;
    return 0;
}

int zf_plans_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t year, zf_plan_t **out,
                  size_t *n, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db,
                      "SELECT " PCOLS PJOIN "WHERE u.path LIKE $1 AND ($2 = 0 OR p.year = $2) "
                      "ORDER BY p.year DESC, u.path, p.id",
                      err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, zf_arena_printf(a, "%s%%", scope_path));
    zf_stmt_bind_int(st, 2, year);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_plan, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_plan_save(zf_db_t *db, const zf_plan_t *p, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "UPDATE plans SET status = $1, report = $2, return_reason = $3, submitted_at = $4, "
        "submitted_by = $5, approved_at = $6, approved_by = $7, general_pool = $8, "
        "general_expected = $9, updated_at = $10, version = version + 1 WHERE id = $11 AND "
        "version = $12",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, p->status);
    zf_stmt_bind_text(st, 2, p->report ? p->report : "{}");
    zf_stmt_bind_text(st, 3, p->return_reason ? p->return_reason : "");
    zf_stmt_bind_text(st, 4, p->submitted_at ? p->submitted_at : "");
    if (p->submitted_by > 0)
        zf_stmt_bind_int(st, 5, p->submitted_by);
    else
        zf_stmt_bind_null(st, 5);
    zf_stmt_bind_text(st, 6, p->approved_at ? p->approved_at : "");
    if (p->approved_by > 0)
        zf_stmt_bind_int(st, 7, p->approved_by);
    else
        zf_stmt_bind_null(st, 7);
    zf_stmt_bind_int(st, 8, p->general_pool);
    zf_stmt_bind_int(st, 9, p->general_expected);
    zf_stmt_bind_text(st, 10, now);
    zf_stmt_bind_int(st, 11, p->id);
    zf_stmt_bind_int(st, 12, p->version);
    int rc = zf_stmt_run_versioned(st, "计划", err);
    if (rc) return rc;
    return 0;
}

static void read_ent(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_plan_enterprise_t *e = item;
    e->id = zf_stmt_int(st, 0);
    e->name = dup(a, st, 1);
    e->supervision = dup(a, st, 2);
    e->risk = dup(a, st, 3);
    e->credit_punished = (int)zf_stmt_int(st, 4);
}

int zf_plan_registry(zf_db_t *db, zf_arena_t *a, const char *path_prefix,
                     zf_plan_enterprise_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT e.id, e.name, e.supervision, e.risk, e.credit_punished FROM enterprises e "
        "WHERE e.unit_id IN (SELECT id FROM units WHERE path LIKE $1) AND e.status = "
        "'operating' ORDER BY e.supervision DESC, e.risk_rank, e.id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, zf_arena_printf(a, "%s%%", path_prefix));
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_ent, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_plan_entries(zf_db_t *db, zf_arena_t *a, int64_t plan_id, zf_ledger_entry_t **out, size_t *n,
                    zf_error_t *err) {
    return zf_store_ledger_for_source(db, a, "plan", plan_id, out, n, err);
}

static void read_assign(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_plan_assign_t *x = item;
    x->ledger_id = zf_stmt_int(st, 0);
    x->officer_id = zf_stmt_int(st, 1);
    x->name = dup(a, st, 2);
}

int zf_plan_assignments(zf_db_t *db, zf_arena_t *a, int64_t plan_id, zf_plan_assign_t **out,
                        size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT lo.ledger_id, lo.officer_id, o.name FROM inspection_ledger_officers lo JOIN "
        "inspection_ledger l ON l.id = lo.ledger_id JOIN officers o ON o.id = lo.officer_id "
        "WHERE l.source = 'plan' AND l.source_id = $1 ORDER BY lo.ledger_id, lo.officer_id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, plan_id);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_assign, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

typedef struct {
    int64_t a, b;
} pair_t;

static void read_pair(zf_stmt_t *st, zf_arena_t *a, void *item) {
    (void)a;
    pair_t *p = item;
    p->a = zf_stmt_int(st, 0);
    p->b = zf_stmt_int(st, 1);
}

int zf_plan_overlaps(zf_db_t *db, zf_arena_t *a, int64_t plan_id, zf_plan_overlap_t **out,
                     size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT x.id, y.id FROM inspection_ledger x JOIN inspection_ledger y ON "
        "y.enterprise_id = x.enterprise_id AND y.year = x.year AND y.unit_id <> x.unit_id "
        "WHERE x.source = 'plan' AND x.source_id = $1 AND x.status = 'planned' AND "
        "y.status = 'planned' AND x.month IS NOT NULL AND y.month IS NOT NULL "
        "ORDER BY x.enterprise_id, x.id, y.id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, plan_id);
    void *items;
    size_t np;
    int rc = zf_stmt_collect(st, a, sizeof(pair_t), read_pair, &items, &np, err);
    if (rc) return rc;
    pair_t *pairs = items;
    zf_plan_overlap_t *o = zf_arena_alloc(a, (np ? np : 1) * sizeof *o);
    for (size_t i = 0; i < np; i++) {
        rc = zf_store_ledger_get(db, a, pairs[i].a, &o[i].a, err);
        if (rc == 0) rc = zf_store_ledger_get(db, a, pairs[i].b, &o[i].b, err);
        if (rc) return rc;
    }
    *out = o;
    *n = np;
    return 0;
}
