/* demo_draws.c — the double-random part of `zhifa demo` (issue 6): a few
 * declared relations (回避) so that an exclusion shows in a record, two
 * finished draws (district-wide by the brigade, witnessed by the bureau
 * leader; 史河街道 by its township officer, witnessed by the legal
 * reviewer) and one frozen draw awaiting its witness. Dates are relative
 * to today (the officers' certificates and training are too), so the demo
 * draws whatever day it is loaded. */
#include "cli/demo_draws.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "api/draw_record.h"
#include "core/officers.h"
#include "core/util.h"
#include "store/draws.h"
#include "cli/demo_log.h"
#include "store/log.h"
#include "store/officers.h"
#include "store/store.h"

static zf_day_t today(void) { return (zf_day_t)((zf_now_ms() + 8LL * 3600 * 1000) / 86400000LL); }

/* The officer record named `name` of unit `code`, or 0. */
static int64_t officer_id(zf_db_t *db, zf_arena_t *a, const char *unit_code, const char *name,
                          zf_error_t *err) {
    zf_unit_t u;
    if (zf_unit_get_by_code(db, a, unit_code, &u, err) != 0) return 0;
    zf_officer_t *o;
    size_t n;
    if (zf_officers_list(db, a, u.path, u.id, NULL, NULL, NULL, &o, &n, err) != 0) return 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(o[i].name, name) == 0) return o[i].id;
    return 0;
}

/* The first enterprise of a township (by id), or 0. */
static int64_t enterprise_of(zf_db_t *db, zf_arena_t *a, const char *unit_code, size_t nth,
                             zf_error_t *err) {
    zf_unit_t u;
    if (zf_unit_get_by_code(db, a, unit_code, &u, err) != 0) return 0;
    zf_draw_candidate_t *c;
    size_t n;
    if (zf_store_draw_enterprises(db, a, u.path, &c, &n, err) != 0) return 0;
    return nth < n ? c[nth].id : 0;
}

static int relation(zf_db_t *db, zf_arena_t *a, const char *unit, const char *name,
                    const char *ent_unit, size_t nth, const char *what, zf_error_t *err) {
    zf_officer_relation_t r = {0};
    r.officer_id = officer_id(db, a, unit, name, err);
    r.enterprise_id = enterprise_of(db, a, ent_unit, nth, err);
    if (!r.officer_id || !r.enterprise_id) return 0; /* demo data changed: skip */
    char now[32], from[11];
    zf_now_iso(now);
    zf_day_format(today() - 400, from);
    r.relation = what;
    r.valid_from = from;
    r.valid_to = "";
    r.created_at = now;
    int64_t id;
    int rc = zf_store_relation_insert(db, &r, &id, err);
    zf_unit_t u;
    if (rc == 0) rc = zf_unit_get_by_code(db, a, unit, &u, err);
    if (rc == 0)
        rc = zf_demo_log(db, a, 0, "relation.create", "officer_relation", id, u.id,
                         json_pack("{s:I, s:I, s:I, s:s, s:s}", "id", (json_int_t)id, "officer_id",
                                   (json_int_t)r.officer_id, "enterprise_id",
                                   (json_int_t)r.enterprise_id, "relation", what, "valid_from",
                                   from),
                         err);
    return rc;
}

static int user_id(zf_db_t *db, zf_arena_t *a, const char *username, zf_user_t *u,
                   zf_error_t *err) {
    return zf_user_get_by_username(db, a, username, u, err);
}

/* Freeze a draw as `creator`; if witness_user, run it with `witness`. */
static int one_draw(zf_db_t *db, zf_arena_t *a, const char *unit_code, const char *creator,
                    const char *witness_user, const char *witness, int days_ago,
                    int64_t ratio_permille, int64_t count, zf_error_t *err) {
    zf_unit_t unit, bureau;
    zf_user_t cu, wu;
    int rc = zf_unit_get_by_code(db, a, unit_code, &unit, err);
    if (rc == 0) rc = zf_unit_get_by_code(db, a, "341504", &bureau, err);
    if (rc == 0) rc = user_id(db, a, creator, &cu, err);
    if (rc) return rc;
    char *date = zf_arena_alloc(a, 11);
    zf_day_t d = today() - days_ago;
    zf_day_format(d, date);
    int y, m, dd;
    zf_day_to_ymd(d, &y, &m, &dd);
    int township = strcmp(unit.kind, "township") == 0;
    zf_draw_params_t p = {0};
    p.unit_id = unit.id;
    p.year = y;
    p.month = m == 12 ? 12 : m + 1; /* inspections due the month after the draw */
    p.title = zf_arena_printf(a, "%s %d年%d月双随机抽查", township ? unit.name : "叶集区", y,
                              (int)p.month);
    p.date = date;
    p.domain = p.supervision = p.risk = p.inspected_since = "";
    p.supervision = "general"; /* key enterprises are inspected on the plan's cycle */
    p.count = count;
    p.ratio_permille = ratio_permille;
    p.per_enterprise = 2;
    /* a township's few officers may all have been sent to one of its
     * enterprises by an earlier draw (the secret is random, so which one is
     * not known in advance): leave such enterprises out, published, rather
     * than fail the demo */
    p.exclude_unstaffable = 1;
    int64_t id;
    json_t *sum = NULL;
    rc = zf_drawsvc_freeze(db, a, &p, township ? unit.path : bureau.path, cu.id, 0, &id, &sum, err);
    if (rc) return rc;
    json_object_set_new(sum, "parameters", zf_drawsvc_params_json(&p));
    json_object_set_new(sum, "status", json_string("frozen"));
    rc = zf_demo_log(db, a, cu.id, "draw.create", "draw", id, unit.id, sum, err);
    if (rc || !witness_user) return rc;
    zf_draw_row_t row;
    rc = user_id(db, a, witness_user, &wu, err);
    if (rc == 0) rc = zf_store_draw_get(db, a, id, &row, err);
    json_t *logged = NULL;
    if (rc == 0) rc = zf_drawsvc_witness(db, a, &row, witness, wu.id, &logged, err);
    if (rc == 0) rc = zf_demo_log(db, a, wu.id, "draw.witness", "draw", id, unit.id, logged, err);
    return rc;
}

int zf_demo_draws_load(zf_db_t *db, zf_arena_t *a, zf_error_t *err) {
    /* 回避: declared relations (行政处罚法 第四十三条) */
    int rc = relation(db, a, "341504-01", "张伟", "341504001", 0, "配偶在该企业任安全主管", err);
    if (rc == 0)
        rc = relation(db, a, "341504-01", "李强", "341504002", 1, "曾在该企业任职（2023年离职）",
                      err);
    if (rc == 0) rc = relation(db, a, "341504001", "韩雪", "341504001", 2, "近亲属持股", err);
    if (rc == 0)
        rc = relation(db, a, "341504001", "曹阳", "341504001", 3, "近亲属任该企业负责人", err);
    /* two finished draws and one frozen */
    if (rc == 0)
        rc = one_draw(db, a, "341504-01", "chenjie", "liuyang", "局务会2026-第9次", 50, 50, 0, err);
    if (rc == 0)
        rc = one_draw(db, a, "341504001", "sunli", "zhaomin", "史河街道见证 7391", 20, 0, 4, err);
    if (rc == 0) rc = one_draw(db, a, "341504-01", "chenjie", NULL, NULL, 0, 30, 0, err);
    return rc;
}
