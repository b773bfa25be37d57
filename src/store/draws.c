/* draws.c — see draws.h. Portable SQL only ($N placeholders, RETURNING id,
 * keyset paging); the scope filter is the unit path prefix. */
#include "store/draws.h"

#include <string.h>

static const char *dup(zf_arena_t *a, zf_stmt_t *st, int col) {
    return zf_arena_strdup(a, zf_stmt_text(st, col));
}
static int64_t opt_int(zf_stmt_t *st, int col) {
    return zf_stmt_is_null(st, col) ? 0 : zf_stmt_int(st, col);
}

/* ---- draws ---- */

#define DRAW_COLUMNS                                                                               \
    "d.id, d.unit_id, un.name, un.path, d.plan_id, d.title, d.year, d.month, d.draw_date, "        \
    "d.status, d.params, d.pool_size, d.inspector_count, d.target_count, d.per_enterprise, "       \
    "d.excluded_at_cap, d.warnings, d.hash_enterprises, d.hash_inspectors, d.hash_exclusions, "    \
    "d.commitment, d.secret, d.witness, d.seed, d.cancel_reason, d.created_by, cu.name, "          \
    "d.created_at, d.witnessed_by, wu.name, d.drawn_at, d.cancelled_by, d.cancelled_at, "          \
    "d.version"
#define DRAW_FROM                                                                                  \
    " FROM draws d JOIN units un ON un.id = d.unit_id JOIN users cu ON cu.id = d.created_by "      \
    "LEFT JOIN users wu ON wu.id = d.witnessed_by "

static void read_draw(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_draw_row_t *d = item;
    d->id = zf_stmt_int(st, 0);
    d->unit_id = zf_stmt_int(st, 1);
    d->unit_name = dup(a, st, 2);
    d->unit_path = dup(a, st, 3);
    d->plan_id = opt_int(st, 4);
    d->title = dup(a, st, 5);
    d->year = zf_stmt_int(st, 6);
    d->month = zf_stmt_int(st, 7);
    d->draw_date = dup(a, st, 8);
    d->status = dup(a, st, 9);
    d->params = dup(a, st, 10);
    d->pool_size = zf_stmt_int(st, 11);
    d->inspector_count = zf_stmt_int(st, 12);
    d->target_count = zf_stmt_int(st, 13);
    d->per_enterprise = zf_stmt_int(st, 14);
    d->excluded_at_cap = zf_stmt_int(st, 15);
    d->warnings = dup(a, st, 16);
    d->hash_enterprises = dup(a, st, 17);
    d->hash_inspectors = dup(a, st, 18);
    d->hash_exclusions = dup(a, st, 19);
    d->commitment = dup(a, st, 20);
    d->secret = dup(a, st, 21);
    d->witness = dup(a, st, 22);
    d->seed = dup(a, st, 23);
    d->cancel_reason = dup(a, st, 24);
    d->created_by = zf_stmt_int(st, 25);
    d->created_by_name = dup(a, st, 26);
    d->created_at = dup(a, st, 27);
    d->witnessed_by = opt_int(st, 28);
    d->witnessed_by_name = dup(a, st, 29);
    d->drawn_at = dup(a, st, 30);
    d->cancelled_by = opt_int(st, 31);
    d->cancelled_at = dup(a, st, 32);
    d->version = zf_stmt_int(st, 33);
    d->pools = "";
    d->result = "";
}

int zf_store_draw_insert(zf_db_t *db, const zf_draw_row_t *in, int64_t *id, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO draws (unit_id, plan_id, title, year, month, draw_date, status, params, "
        "pools, pool_size, inspector_count, target_count, per_enterprise, excluded_at_cap, "
        "warnings, hash_enterprises, hash_inspectors, hash_exclusions, commitment, secret, "
        "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'frozen', $7, $8, $9, $10, $11, "
        "$12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, in->unit_id);
    if (in->plan_id > 0)
        zf_stmt_bind_int(st, 2, in->plan_id);
    else
        zf_stmt_bind_null(st, 2);
    zf_stmt_bind_text(st, 3, in->title);
    zf_stmt_bind_int(st, 4, in->year);
    zf_stmt_bind_int(st, 5, in->month);
    zf_stmt_bind_text(st, 6, in->draw_date);
    zf_stmt_bind_text(st, 7, in->params);
    zf_stmt_bind_text(st, 8, in->pools);
    zf_stmt_bind_int(st, 9, in->pool_size);
    zf_stmt_bind_int(st, 10, in->inspector_count);
    zf_stmt_bind_int(st, 11, in->target_count);
    zf_stmt_bind_int(st, 12, in->per_enterprise);
    zf_stmt_bind_int(st, 13, in->excluded_at_cap);
    zf_stmt_bind_text(st, 14, in->warnings);
    zf_stmt_bind_text(st, 15, in->hash_enterprises);
    zf_stmt_bind_text(st, 16, in->hash_inspectors);
    zf_stmt_bind_text(st, 17, in->hash_exclusions);
    zf_stmt_bind_text(st, 18, in->commitment);
    zf_stmt_bind_text(st, 19, in->secret);
    zf_stmt_bind_int(st, 20, in->created_by);
    zf_stmt_bind_text(st, 21, in->created_at);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) *id = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int zf_store_draw_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_draw_row_t *out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db, "SELECT " DRAW_COLUMNS ", d.pools, d.result" DRAW_FROM "WHERE d.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) {
        read_draw(st, a, out);
        out->pools = dup(a, st, 34);
        out->result = dup(a, st, 35);
    }
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "draw.not_found", NULL, "抽查记录不存在");
    return 0;
}

int zf_store_draws_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, int public_only,
                        int64_t before_id, int64_t limit, zf_draw_row_t **out, size_t *n,
                        zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT " DRAW_COLUMNS DRAW_FROM
                                  "WHERE un.path LIKE $1 || '%' AND ($2 = 0 OR d.status = 'done') "
                                  "AND ($3 = 0 OR d.id < $3) ORDER BY d.id DESC LIMIT $4",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, scope_path ? scope_path : "");
    zf_stmt_bind_int(st, 2, public_only ? 1 : 0);
    zf_stmt_bind_int(st, 3, before_id);
    zf_stmt_bind_int(st, 4, limit);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_draw, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

/* 0 rows changed: tell not-frozen from stale version. */
static int draw_conflict(zf_db_t *db, int64_t id, zf_error_t *err) {
    zf_arena_t *a = zf_arena_new();
    zf_draw_row_t d;
    int rc = zf_store_draw_get(db, a, id, &d, err);
    if (rc == 0) {
        if (strcmp(d.status, "frozen") != 0)
            rc = zf_error_set(err, ZF_ECONFLICT, 409, "draw.not_frozen", NULL,
                              "该抽查已%s，不能再操作",
                              strcmp(d.status, "done") == 0 ? "完成抽取" : "撤销");
        else
            rc = zf_error_set(err, ZF_ECONFLICT, 409, "conflict.version", "version",
                              "记录已被他人修改，请刷新后重试");
    }
    zf_arena_free(a);
    return rc;
}

int zf_store_draw_finish(zf_db_t *db, int64_t id, int64_t version, const char *witness,
                         const char *seed, const char *result, int64_t witnessed_by,
                         const char *drawn_at, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "UPDATE draws SET status = 'done', witness = $3, seed = $4, result = $5, witnessed_by = "
        "$6, drawn_at = $7, version = version + 1 WHERE id = $1 AND version = $2 AND status = "
        "'frozen'",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    zf_stmt_bind_int(st, 2, version);
    zf_stmt_bind_text(st, 3, witness);
    zf_stmt_bind_text(st, 4, seed);
    zf_stmt_bind_text(st, 5, result);
    zf_stmt_bind_int(st, 6, witnessed_by);
    zf_stmt_bind_text(st, 7, drawn_at);
    int64_t ch = zf_stmt_run(st, err);
    if (ch < 0) return (int)ch;
    return ch == 0 ? draw_conflict(db, id, err) : 0;
}

int zf_store_draw_cancel(zf_db_t *db, int64_t id, int64_t version, const char *reason,
                         int64_t cancelled_by, const char *cancelled_at, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "UPDATE draws SET status = 'cancelled', cancel_reason = $3, cancelled_by = $4, "
        "cancelled_at = $5, version = version + 1 WHERE id = $1 AND version = $2 AND status = "
        "'frozen'",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    zf_stmt_bind_int(st, 2, version);
    zf_stmt_bind_text(st, 3, reason);
    zf_stmt_bind_int(st, 4, cancelled_by);
    zf_stmt_bind_text(st, 5, cancelled_at);
    int64_t ch = zf_stmt_run(st, err);
    if (ch < 0) return (int)ch;
    return ch == 0 ? draw_conflict(db, id, err) : 0;
}

/* ---- pool sources ---- */

static void read_candidate(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_draw_candidate_t *c = item;
    c->id = zf_stmt_int(st, 0);
    c->credit_code = dup(a, st, 1);
    c->name = dup(a, st, 2);
    c->unit_id = zf_stmt_int(st, 3);
    c->unit_name = dup(a, st, 4);
    c->unit_path = dup(a, st, 5);
    c->domain = dup(a, st, 6);
    c->supervision = dup(a, st, 7);
    c->risk = dup(a, st, 8);
    c->credit_punished = (int)zf_stmt_int(st, 9);
}

int zf_store_draw_enterprises(zf_db_t *db, zf_arena_t *a, const char *scope_path,
                              zf_draw_candidate_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db,
                      "SELECT e.id, e.credit_code, e.name, e.unit_id, un.name, un.path, e.domain, "
                      "e.supervision, e.risk, e.credit_punished FROM enterprises e "
                      "JOIN units un ON un.id = e.unit_id "
                      "WHERE un.path LIKE $1 || '%' AND e.status = 'operating' ORDER BY e.id",
                      err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, scope_path);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_candidate, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

static void read_id(zf_stmt_t *st, zf_arena_t *a, void *item) {
    (void)a;
    *(int64_t *)item = zf_stmt_int(st, 0);
}

int zf_store_draw_inspected_since(zf_db_t *db, zf_arena_t *a, const char *since, int64_t **ids,
                                  size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT DISTINCT enterprise_id FROM inspection_ledger WHERE "
                                  "status = 'done' AND done_on >= $1 ORDER BY enterprise_id",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, since);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **ids, read_id, &items, n, err);
    if (rc == 0) *ids = items;
    return rc;
}

static void read_pair(zf_stmt_t *st, zf_arena_t *a, void *item) {
    (void)a;
    zf_draw_pair_t *p = item;
    p->enterprise_id = zf_stmt_int(st, 0);
    p->officer_id = zf_stmt_int(st, 1);
}

int zf_store_draw_relations_in_force(zf_db_t *db, zf_arena_t *a, const char *day,
                                     zf_draw_pair_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT DISTINCT enterprise_id, officer_id FROM officer_relations WHERE (valid_from = '' "
        "OR valid_from <= $1) AND (valid_to = '' OR valid_to >= $1) ORDER BY enterprise_id, "
        "officer_id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, day);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_pair, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_store_draw_last_pairs(zf_db_t *db, zf_arena_t *a, zf_draw_pair_t **out, size_t *n,
                             zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT l.enterprise_id, lo.officer_id FROM inspection_ledger l JOIN "
        "inspection_ledger_officers lo ON lo.ledger_id = l.id WHERE l.source = 'draw' AND "
        "l.status <> 'cancelled' AND l.source_id = (SELECT MAX(l2.source_id) FROM "
        "inspection_ledger l2 WHERE l2.enterprise_id = l.enterprise_id AND l2.source = 'draw' "
        "AND l2.status <> 'cancelled') ORDER BY l.enterprise_id, lo.officer_id",
        err);
    if (!st) return ZF_EIO;
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_pair, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

/* ---- relations ---- */

#define REL_COLUMNS                                                                                \
    "r.id, r.officer_id, r.enterprise_id, e.name, e.credit_code, r.relation, r.valid_from, "       \
    "r.valid_to, r.created_at, r.created_by FROM officer_relations r JOIN enterprises e ON e.id "  \
    "= r.enterprise_id "

static void read_relation(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_officer_relation_t *r = item;
    r->id = zf_stmt_int(st, 0);
    r->officer_id = zf_stmt_int(st, 1);
    r->enterprise_id = zf_stmt_int(st, 2);
    r->enterprise_name = dup(a, st, 3);
    r->enterprise_code = dup(a, st, 4);
    r->relation = dup(a, st, 5);
    r->valid_from = dup(a, st, 6);
    r->valid_to = dup(a, st, 7);
    r->created_at = dup(a, st, 8);
    r->created_by = opt_int(st, 9);
}

int zf_store_relations_list(zf_db_t *db, zf_arena_t *a, int64_t officer_id,
                            zf_officer_relation_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "SELECT " REL_COLUMNS "WHERE r.officer_id = $1 ORDER BY r.id", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, officer_id);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_relation, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_store_relation_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_officer_relation_t *out,
                          zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " REL_COLUMNS "WHERE r.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) read_relation(st, a, out);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "relation.not_found", NULL, "关系声明不存在");
    return 0;
}

int zf_store_relation_insert(zf_db_t *db, const zf_officer_relation_t *in, int64_t *id,
                             zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO officer_relations (officer_id, enterprise_id, relation, valid_from, "
        "valid_to, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, in->officer_id);
    zf_stmt_bind_int(st, 2, in->enterprise_id);
    zf_stmt_bind_text(st, 3, in->relation);
    zf_stmt_bind_text(st, 4, in->valid_from ? in->valid_from : "");
    zf_stmt_bind_text(st, 5, in->valid_to ? in->valid_to : "");
    zf_stmt_bind_text(st, 6, in->created_at);
    if (in->created_by > 0)
        zf_stmt_bind_int(st, 7, in->created_by);
    else
        zf_stmt_bind_null(st, 7);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) *id = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int zf_store_relation_end(zf_db_t *db, int64_t id, const char *valid_to, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "UPDATE officer_relations SET valid_to = $2 WHERE id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    zf_stmt_bind_text(st, 2, valid_to);
    int64_t ch = zf_stmt_run(st, err);
    return ch < 0 ? (int)ch : 0;
}
