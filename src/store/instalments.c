/* instalments.c — see instalments.h. Portable SQL only. */
#include "store/instalments.h"

#include <string.h>

#include "core/util.h"

static const char *dup(zf_arena_t *a, zf_stmt_t *st, int col) {
    return zf_arena_strdup(a, zf_stmt_text(st, col));
}
static int64_t opt(zf_stmt_t *st, int col) {
    return zf_stmt_is_null(st, col) ? 0 : zf_stmt_int(st, col);
}

static void read_plan(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_case_instalment_plan_t *p = item;
    memset(p, 0, sizeof *p);
    p->id = zf_stmt_int(st, 0);
    p->case_id = zf_stmt_int(st, 1);
    p->status = dup(a, st, 2);
    p->applied_on = dup(a, st, 3);
    p->reason = dup(a, st, 4);
    p->outstanding_fen = zf_stmt_int(st, 5);
    p->decided_on = dup(a, st, 6);
    p->decided_by = opt(st, 7);
    p->decision_note = dup(a, st, 8);
    p->entered_by = opt(st, 9);
    p->created_at = dup(a, st, 10);
}

static void read_item(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_case_instalment_t *i = item;
    i->id = zf_stmt_int(st, 0);
    i->plan_id = zf_stmt_int(st, 1);
    i->seq = zf_stmt_int(st, 2);
    i->amount_fen = zf_stmt_int(st, 3);
    i->due_on = dup(a, st, 4);
}

int zf_instalment_plans_load(zf_db_t *db, zf_arena_t *a, int64_t case_id,
                             zf_case_instalment_plan_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT id, case_id, status, applied_on, reason, outstanding_fen, decided_on, "
        "decided_by, decision_note, entered_by, created_at FROM case_instalment_plans WHERE "
        "case_id = $1 ORDER BY id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, case_id);
    void *plans;
    size_t np = 0;
    int rc = zf_stmt_collect(st, a, sizeof(zf_case_instalment_plan_t), read_plan, &plans, &np, err);
    if (rc) return rc;
    /* the items of all the case's plans in one query, then split by plan */
    st = zf_db_prepare(db,
                       "SELECT i.id, i.plan_id, i.seq, i.amount_fen, i.due_on FROM "
                       "case_instalments i JOIN case_instalment_plans p ON p.id = i.plan_id "
                       "WHERE p.case_id = $1 ORDER BY i.plan_id, i.seq",
                       err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, case_id);
    void *items;
    size_t ni = 0;
    rc = zf_stmt_collect(st, a, sizeof(zf_case_instalment_t), read_item, &items, &ni, err);
    if (rc) return rc;
    zf_case_instalment_plan_t *ps = plans;
    zf_case_instalment_t *is = items;
    size_t k = 0;
    for (size_t i = 0; i < np; i++) {
        ps[i].items = is + k;
        while (k < ni && is[k].plan_id == ps[i].id) {
            ps[i].nitems++;
            k++;
        }
    }
    *out = ps;
    *n = np;
    return 0;
}

int zf_instalment_plan_insert(zf_db_t *db, zf_case_instalment_plan_t *p, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO case_instalment_plans (case_id, status, applied_on, reason, "
        "outstanding_fen, entered_by, created_at) VALUES ($1, 'applied', $2, $3, $4, $5, $6) "
        "RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, p->case_id);
    zf_stmt_bind_text(st, 2, p->applied_on);
    zf_stmt_bind_text(st, 3, p->reason);
    zf_stmt_bind_int(st, 4, p->outstanding_fen);
    if (p->entered_by > 0)
        zf_stmt_bind_int(st, 5, p->entered_by);
    else
        zf_stmt_bind_null(st, 5);
    zf_stmt_bind_text(st, 6, now);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) p->id = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    p->status = "applied";
    for (size_t i = 0; i < p->nitems; i++) {
        st = zf_db_prepare(db,
                           "INSERT INTO case_instalments (plan_id, seq, amount_fen, due_on) "
                           "VALUES ($1, $2, $3, $4) RETURNING id",
                           err);
        if (!st) return ZF_EIO;
        zf_stmt_bind_int(st, 1, p->id);
        zf_stmt_bind_int(st, 2, (int64_t)i + 1);
        zf_stmt_bind_int(st, 3, p->items[i].amount_fen);
        zf_stmt_bind_text(st, 4, p->items[i].due_on);
        rc = zf_stmt_step(st, err);
        if (rc == 1) p->items[i].id = zf_stmt_int(st, 0);
        zf_stmt_done(st);
        if (rc < 0) return rc;
        p->items[i].plan_id = p->id;
        p->items[i].seq = (int64_t)i + 1;
    }
    return 0;
}

int zf_instalment_plan_decide(zf_db_t *db, int64_t plan_id, const char *status,
                              const char *decided_on, int64_t decided_by, const char *note,
                              zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "UPDATE case_instalment_plans SET status = $1, decided_on = $2, decided_by = $3, "
        "decision_note = $4 WHERE id = $5 AND status = 'applied'",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, status);
    zf_stmt_bind_text(st, 2, decided_on);
    zf_stmt_bind_int(st, 3, decided_by);
    zf_stmt_bind_text(st, 4, note ? note : "");
    zf_stmt_bind_int(st, 5, plan_id);
    int64_t n = zf_stmt_run(st, err);
    if (n < 0) return (int)n;
    if (n == 0)
        return zf_error_set(err, ZF_ECONFLICT, 409, "instalment.not_applied", "plan_id",
                            "该分期缴纳申请已处理或不存在");
    return 0;
}
