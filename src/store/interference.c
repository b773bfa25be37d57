/* interference.c — see interference.h. */
#include "store/interference.h"

#include <string.h>

#include "core/util.h"

static const struct {
    const char *method;
    const char *name;
} methods[] = {
    {"phone", "电话"},         {"in_person", "当面"},     {"note", "批条、便签"},
    {"message", "短信、微信"}, {"via_other", "托人转达"}, {"other", "其他"},
};

const char *zf_interference_method_name(const char *method) {
    if (!method) return NULL;
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (strcmp(methods[i].method, method) == 0) return methods[i].name;
    return NULL;
}

const char *zf_interference_method_at(size_t i) {
    return i < sizeof methods / sizeof methods[0] ? methods[i].method : NULL;
}

#define COLUMNS                                                                                    \
    "r.id, r.unit_id, u.path, u.name, r.official_name, r.official_post, r.official_unit, "         \
    "r.occurred_on, r.method, r.request, r.matter, r.case_id, r.recorded_by, us.name, "            \
    "r.recorded_at FROM interference_records r JOIN units u ON u.id = r.unit_id "                  \
    "JOIN users us ON us.id = r.recorded_by "

static void read_record(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_interference_t *r = item;
    r->id = zf_stmt_int(st, 0);
    r->unit_id = zf_stmt_int(st, 1);
    r->unit_path = zf_arena_strdup(a, zf_stmt_text(st, 2));
    r->unit_name = zf_arena_strdup(a, zf_stmt_text(st, 3));
    r->official_name = zf_arena_strdup(a, zf_stmt_text(st, 4));
    r->official_post = zf_arena_strdup(a, zf_stmt_text(st, 5));
    r->official_unit = zf_arena_strdup(a, zf_stmt_text(st, 6));
    r->occurred_on = zf_arena_strdup(a, zf_stmt_text(st, 7));
    r->method = zf_arena_strdup(a, zf_stmt_text(st, 8));
    r->request = zf_arena_strdup(a, zf_stmt_text(st, 9));
    r->matter = zf_arena_strdup(a, zf_stmt_text(st, 10));
    r->case_id = zf_stmt_is_null(st, 11) ? 0 : zf_stmt_int(st, 11);
    r->recorded_by = zf_stmt_int(st, 12);
    r->recorded_by_name = zf_arena_strdup(a, zf_stmt_text(st, 13));
    r->recorded_at = zf_arena_strdup(a, zf_stmt_text(st, 14));
}

int zf_interference_insert(zf_db_t *db, zf_arena_t *a, const zf_interference_t *r,
                           zf_interference_t *out, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO interference_records (unit_id, official_name, official_post, "
        "official_unit, occurred_on, method, request, matter, case_id, recorded_by, "
        "recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, r->unit_id);
    zf_stmt_bind_text(st, 2, r->official_name);
    zf_stmt_bind_text(st, 3, r->official_post);
    zf_stmt_bind_text(st, 4, r->official_unit);
    zf_stmt_bind_text(st, 5, r->occurred_on);
    zf_stmt_bind_text(st, 6, r->method);
    zf_stmt_bind_text(st, 7, r->request);
    zf_stmt_bind_text(st, 8, r->matter);
    if (r->case_id > 0)
        zf_stmt_bind_int(st, 9, r->case_id);
    else
        zf_stmt_bind_null(st, 9);
    zf_stmt_bind_int(st, 10, r->recorded_by);
    zf_stmt_bind_text(st, 11, now);
    int rc = zf_stmt_step(st, err);
    int64_t id = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    return zf_interference_get(db, a, id, out, err);
}

int zf_interference_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_interference_t *out,
                        zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " COLUMNS "WHERE r.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) read_record(st, a, out);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "interference.not_found", NULL,
                            "该干预记录不存在");
    return 0;
}

/* The selection shared by the list and the counts: $1 scope, $2 from, $3 to
 * ('' = no bound; dates are YYYY-MM-DD, so text order is date order). */
#define WHERE_PERIOD                                                                               \
    "WHERE u.path LIKE $1 || '%' AND ($2 = '' OR r.occurred_on >= $2) "                            \
    "AND ($3 = '' OR r.occurred_on <= $3) "

int zf_interference_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, const char *from,
                         const char *to, int64_t before_id, int64_t limit, zf_interference_t **out,
                         size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db, "SELECT " COLUMNS WHERE_PERIOD "AND ($4 = 0 OR r.id < $4) ORDER BY r.id DESC LIMIT $5",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, scope_path);
    zf_stmt_bind_text(st, 2, from ? from : "");
    zf_stmt_bind_text(st, 3, to ? to : "");
    zf_stmt_bind_int(st, 4, before_id);
    zf_stmt_bind_int(st, 5, limit);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_record, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

static void read_count(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_count_t *c = item;
    c->key = zf_arena_strdup(a, zf_stmt_text(st, 0));
    c->count = zf_stmt_int(st, 1);
}

int zf_interference_counts(zf_db_t *db, zf_arena_t *a, const char *scope_path, const char *from,
                           const char *to, int by_method, zf_count_t **out, size_t *n,
                           zf_error_t *err) {
    static const char by_unit_sql[] =
        "SELECT r.official_unit, count(*) FROM interference_records r "
        "JOIN units u ON u.id = r.unit_id " WHERE_PERIOD
        "GROUP BY r.official_unit ORDER BY count(*) DESC, r.official_unit";
    static const char by_method_sql[] = "SELECT r.method, count(*) FROM interference_records r "
                                        "JOIN units u ON u.id = r.unit_id " WHERE_PERIOD
                                        "GROUP BY r.method ORDER BY count(*) DESC, r.method";
    zf_stmt_t *st = zf_db_prepare(db, by_method ? by_method_sql : by_unit_sql, err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, scope_path);
    zf_stmt_bind_text(st, 2, from ? from : "");
    zf_stmt_bind_text(st, 3, to ? to : "");
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_count, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}
