/* draws.c — double-random draws (双随机, R13) and their public pages
 * (一公开, R14): create (freeze the pools, commit to the secret), witness
 * (a second person: run, reveal, ledger), cancel, list and detail inside
 * the caller's scope, and the public list, detail, downloadable record and
 * rules without login. Every change is logged in its transaction (R22). */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/draw_record.h"
#include "core/util.h"


static const char *status_name(const char *s) {
    if (strcmp(s, "frozen") == 0) return "已冻结，待见证抽取";
    if (strcmp(s, "done") == 0) return "已抽取";
    if (strcmp(s, "cancelled") == 0) return "已撤销";
    return s;
}

/* The summary of a draw; with_people adds who created and witnessed it
 * (signed-in pages only). */
static json_t *draw_json(const zf_draw_row_t *d, int with_people) {
    json_t *o = json_pack(
        "{s:I, s:s, s:{s:I, s:s}, s:I, s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:{s:s, s:s, "
        "s:s}, s:s, s:s, s:s, s:s, s:I}",
        "id", (json_int_t)d->id, "title", d->title, "unit", "id", (json_int_t)d->unit_id, "name",
        d->unit_name, "year", (json_int_t)d->year, "month", (json_int_t)d->month, "draw_date",
        d->draw_date, "status", d->status, "status_name", status_name(d->status), "pool_size",
        (json_int_t)d->pool_size, "inspector_count", (json_int_t)d->inspector_count, "target_count",
        (json_int_t)d->target_count, "per_enterprise", (json_int_t)d->per_enterprise,
        "excluded_at_cap", (json_int_t)d->excluded_at_cap, "hashes", "enterprises",
        d->hash_enterprises, "inspectors", d->hash_inspectors, "exclusions", d->hash_exclusions,
        "commitment", d->commitment, "frozen_at", d->created_at, "drawn_at", d->drawn_at,
        "cancel_reason", d->cancel_reason, "version", (json_int_t)d->version);
    json_object_set_new(o, "plan_id", d->plan_id ? json_integer(d->plan_id) : json_null());
    if (with_people) {
        json_object_set_new(
            o, "created_by",
            json_pack("{s:I, s:s}", "id", (json_int_t)d->created_by, "name", d->created_by_name));
        json_object_set_new(o, "witnessed_by",
                            d->witnessed_by
                                ? json_pack("{s:I, s:s}", "id", (json_int_t)d->witnessed_by, "name",
                                            d->witnessed_by_name)
                                : json_null());
    }
    return o;
}

/* Load the draw of the route's {id}; with action, check it against the
 * draw's unit. -1 after answering. */
static int load_draw(zf_req_t *req, zf_resp_t *resp, const char *action, zf_draw_row_t *d) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return -1;
    zf_error_t err = {0};
    int rc = zf_store_draw_get(zf_api_db(req), req->arena, id, d, &err);
    if (rc == 0 && action) rc = zf_perm_check(zf_api_actor(req), action, d->unit_path, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

/* ---- signed-in ---- */

static int64_t query_int(zf_req_t *req, const char *name) {
    const char *s = zf_req_query(req, name);
    return s && *s ? strtoll(s, NULL, 10) : 0;
}

void zf_api_draws_list(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_draw_row_t *rows;
    size_t n;
    int64_t limit = query_int(req, "limit");
    if (limit <= 0 || limit > 200) limit = 50;
    if (zf_store_draws_list(zf_api_db(req), req->arena, zf_api_actor(req)->scope_path, 0,
                            query_int(req, "before_id"), limit, &rows, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, draw_json(&rows[i], 1));
    zf_resp_json(req, resp, 200, json_pack("{s:o}", "items", items));
}

void zf_api_draw_get(zf_req_t *req, zf_resp_t *resp) {
    zf_draw_row_t d;
    if (load_draw(req, resp, "draw.read", &d) != 0) return;
    json_t *o = draw_json(&d, 1);
    json_object_set_new(o, "record", zf_draw_record_json(&d));
    zf_resp_json(req, resp, 200, o);
}

static const char *domains[] = {"hazchem", "fireworks", "mining", "industry", "other"};
static const char *classes[] = {"key", "general"};
static const char *risks[] = {"red", "orange", "yellow", "blue"};

static int one_of(const char *v, const char *const *set, size_t n) {
    if (!v || !*v) return 1;
    for (size_t i = 0; i < n; i++)
        if (strcmp(v, set[i]) == 0) return 1;
    return 0;
}

static int bad(zf_error_t *err, const char *field, const char *msg) {
    return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field, "%s", msg);
}

/* Parameters from a JSON object (the POST body, or the preview's query
 * turned into one); the draw's unit and the pool's scope for the actor. */
static int params_from(zf_req_t *req, json_t *b, zf_draw_params_t *p, zf_unit_t *unit,
                       const char **pool_scope, const char *action, zf_error_t *err) {
    const zf_actor_t *actor = zf_api_actor(req);
    memset(p, 0, sizeof *p);
#define S(k) json_string_value(json_object_get(b, k))
#define I(k) json_integer_value(json_object_get(b, k))
    p->title = S("title") ? S("title") : "";
    p->township_id = I("township_id");
    p->domain = S("domain") ? S("domain") : "";
    p->supervision = S("supervision") ? S("supervision") : "";
    p->risk = S("risk") ? S("risk") : "";
    p->inspected_since = S("inspected_since") ? S("inspected_since") : "";
    p->credit = S("credit") ? S("credit") : "";
    p->count = I("count");
    p->ratio_permille = I("ratio_permille");
    p->per_enterprise =
        json_object_get(b, "inspectors_per_enterprise") ? I("inspectors_per_enterprise") : 2;
    p->plan_id = I("plan_id");
    p->exclude_unstaffable = json_is_true(json_object_get(b, "exclude_unstaffable"));
    p->month = I("month");
    char *today = zf_arena_alloc(req->arena, 11);
    zf_api_today(today);
    p->date = S("date") && *S("date") ? zf_arena_strdup(req->arena, S("date")) : today;
    int64_t unit_id = I("unit_id");
#undef S
#undef I
    /* First the draw's unit and the caller's right to it (so a refusal by
     * scope comes before any complaint about the body): a township officer
     * draws in her township; others in their unit (the brigade) or a unit of
     * their scope they name */
    if (unit_id <= 0) unit_id = actor->unit_id;
    zf_db_t *db = zf_api_db(req);
    int rc = zf_unit_get(db, req->arena, unit_id, unit, err);
    if (rc == ZF_ENOTFOUND) return bad(err, "unit_id", "抽查单位不存在");
    if (rc == 0) rc = zf_perm_check(actor, action, unit->path, err);
    if (rc) return rc;
    p->unit_id = unit->id;
    int township = strcmp(unit->kind, "township") == 0 || strcmp(unit->kind, "devzone") == 0;
    *pool_scope = township ? unit->path : actor->scope_path;
    if (p->township_id) {
        zf_unit_t t;
        rc = zf_unit_get(db, req->arena, p->township_id, &t, err);
        if (rc == ZF_ENOTFOUND || (rc == 0 && !zf_perm_in_scope(*pool_scope, t.path)))
            return bad(err, "township_id", "乡镇/街道不在本次抽查的范围内");
        if (rc) return rc;
    }
    zf_day_t day;
    if (zf_day_parse(p->date, &day) != 0) return bad(err, "date", "抽取日期应为 YYYY-MM-DD");
    p->year = zf_day_year(day);
    if (p->month < 1 || p->month > 12) return bad(err, "month", "检查月份应为 1 至 12");
    if (!one_of(p->domain, domains, 5)) return bad(err, "domain", "行业领域无效");
    if (!one_of(p->supervision, classes, 2))
        return bad(err, "supervision", "监管类别应为 key 或 general");
    if (!one_of(p->risk, risks, 4))
        return bad(err, "risk", "风险等级应为 red、orange、yellow 或 blue");
    if (*p->credit && strcmp(p->credit, "punished") != 0)
        return bad(err, "credit", "信用惩戒筛选应为 punished（只抽失信惩戒企业）或留空");
    zf_day_t since;
    if (*p->inspected_since && zf_day_parse(p->inspected_since, &since) != 0)
        return bad(err, "inspected_since", "排除检查日期应为 YYYY-MM-DD");
    if ((p->count > 0) == (p->ratio_permille > 0))
        return bad(err, "count",
                   "请给出抽取家数 count 或抽取比例 ratio_permille（千分比）中的一个");
    if (p->count < 0 || p->ratio_permille < 0 || p->ratio_permille > 1000)
        return bad(err, "ratio_permille", "抽取比例应在 1‰ 至 1000‰ 之间");
    if (p->per_enterprise < 2 || p->per_enterprise > ZF_DRAW_MAX_PER_ENTERPRISE)
        return zf_error_set(
            err, ZF_EINVAL, 400, "input.invalid", "inspectors_per_enterprise",
            "每家企业的检查人员应为 2 至 %d 名（行政处罚法 第四十二条：执法人员不得少于两人）",
            ZF_DRAW_MAX_PER_ENTERPRISE);
    if (!*p->title)
        p->title = zf_arena_printf(req->arena, "%s %lld年%lld月双随机抽查", unit->name,
                                   (long long)p->year, (long long)p->month);
    return 0;
}

static const zf_field_t create_spec[] = {
    {"title", ZF_FIELD_STRING, 0, "抽查名称", 100, 0},
    {"unit_id", ZF_FIELD_INT, 0, "抽查单位", 0, 0},
    {"plan_id", ZF_FIELD_INT, 0, "年度计划", 0, 0},
    {"month", ZF_FIELD_INT, 1, "检查月份", 0, 0},
    {"date", ZF_FIELD_STRING, 0, "抽取日期", 10, 0},
    {"township_id", ZF_FIELD_INT, 0, "乡镇/街道", 0, 0},
    {"domain", ZF_FIELD_STRING, 0, "行业领域", 16, 0},
    {"supervision", ZF_FIELD_STRING, 0, "监管类别", 16, 0},
    {"risk", ZF_FIELD_STRING, 0, "风险等级", 16, 0},
    {"inspected_since", ZF_FIELD_STRING, 0, "排除此日期后已检查的企业", 10, 0},
    {"credit", ZF_FIELD_STRING, 0, "信用惩戒", 16, 0},
    {"count", ZF_FIELD_INT, 0, "抽取家数", 0, 0},
    {"ratio_permille", ZF_FIELD_INT, 0, "抽取比例（‰）", 0, 0},
    {"inspectors_per_enterprise", ZF_FIELD_INT, 0, "每家企业检查人员数", 0, 0},
    {"exclude_unstaffable", ZF_FIELD_BOOL, 0, "排除无法满足回避等条件的企业", 0, 0},
};

void zf_api_draw_create(zf_req_t *req, zf_resp_t *resp) {
    json_t *body = zf_api_body(req, resp, create_spec, sizeof create_spec / sizeof create_spec[0]);
    if (!body) return;
    zf_error_t err = {0};
    zf_draw_params_t p;
    zf_unit_t unit;
    const char *scope;
    int rc = params_from(req, body, &p, &unit, &scope, "draw.create", &err);
    zf_db_t *db = zf_api_db(req);
    int64_t id = 0;
    json_t *sum = NULL;
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_drawsvc_freeze(db, req->arena, &p, scope, zf_api_actor(req)->user_id, 0, &id, &sum,
                               &err);
    zf_draw_row_t d;
    if (rc == 0) rc = zf_store_draw_get(db, req->arena, id, &d, &err);
    if (rc != 0) {
        json_decref(sum);
        zf_api_abort(req, resp, &err);
        return;
    }
    /* the event publishes what is frozen: parameters, pool sizes, hashes and
     * the commitment (R14: published before the draw) */
    json_object_set_new(sum, "parameters", zf_drawsvc_params_json(&p));
    json_object_set_new(sum, "status", json_string("frozen"));
    json_t *answer = draw_json(&d, 1);
    json_object_set_new(answer, "preview", json_incref(sum));
    zf_api_commit_change(req, resp, "draw.create", "draw", id, unit.id, NULL, sum, answer, 201);
}

/* GET /api/v1/draws/preview?month=&township_id=&… — the pool the draw would
 * freeze, without storing anything (the create form's live size). */
void zf_api_draw_preview(zf_req_t *req, zf_resp_t *resp) {
    json_t *b = json_object();
    static const char *ints[] = {"unit_id",
                                 "plan_id",
                                 "month",
                                 "township_id",
                                 "count",
                                 "ratio_permille",
                                 "inspectors_per_enterprise"};
    static const char *strs[] = {"title",       "date", "domain",
                                 "supervision", "risk", "inspected_since", "credit"};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        const char *v = zf_req_query(req, ints[i]);
        if (v && *v) json_object_set_new(b, ints[i], json_integer(strtoll(v, NULL, 10)));
    }
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        const char *v = zf_req_query(req, strs[i]);
        if (v && *v) json_object_set_new(b, strs[i], json_string(v));
    }
    const char *ex = zf_req_query(req, "exclude_unstaffable");
    if (ex && (strcmp(ex, "1") == 0 || strcmp(ex, "true") == 0))
        json_object_set_new(b, "exclude_unstaffable", json_true());
    if (!json_object_get(b, "month")) json_object_set_new(b, "month", json_integer(1));
    if (!json_object_get(b, "count") && !json_object_get(b, "ratio_permille"))
        json_object_set_new(b, "count", json_integer(1));
    zf_error_t err = {0};
    zf_draw_params_t p;
    zf_unit_t unit;
    const char *scope;
    json_t *sum = NULL;
    int rc = params_from(req, b, &p, &unit, &scope, "draw.create", &err);
    if (rc == 0)
        rc = zf_drawsvc_freeze(zf_api_db(req), req->arena, &p, scope, 0, 1, NULL, &sum, &err);
    json_decref(b);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, sum);
}

void zf_api_draw_witness(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"witness", ZF_FIELD_STRING, 1, "见证值", 200, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, 1);
    if (!body) return;
    zf_draw_row_t d;
    if (load_draw(req, resp, "draw.witness", &d) != 0) return;
    zf_error_t err = {0};
    const zf_actor_t *actor = zf_api_actor(req);
    int rc = 0;
    /* the witness is a second person: the operator who froze the pools may
     * not also supply the value mixed into the seed */
    if (actor->user_id == d.created_by)
        rc = zf_error_set(&err, ZF_EPERM, 403, "draw.witness_is_creator", NULL,
                          "见证人不能是创建本次抽查的人员，请由另一名负责人输入见证值");
    else if (strcmp(d.status, "frozen") != 0)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "draw.not_frozen", NULL, "该抽查已%s",
                          status_name(d.status));
    zf_db_t *db = zf_api_db(req);
    json_t *logged = NULL;
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_drawsvc_witness(db, req->arena, &d,
                                json_string_value(json_object_get(body, "witness")), actor->user_id,
                                &logged, &err);
    zf_draw_row_t after;
    if (rc == 0) rc = zf_store_draw_get(db, req->arena, d.id, &after, &err);
    if (rc != 0) {
        json_decref(logged);
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *answer = draw_json(&after, 1);
    json_object_set_new(answer, "record", zf_draw_record_json(&after));
    zf_api_commit_change(req, resp, "draw.witness", "draw", d.id, d.unit_id,
                         json_pack("{s:s}", "status", "frozen"), logged, answer, 200);
}

void zf_api_draw_cancel(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"reason", ZF_FIELD_STRING, 1, "撤销理由", 200, 2},
        {"version", ZF_FIELD_INT, 0, "版本号", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, 2);
    if (!body) return;
    zf_draw_row_t d;
    if (load_draw(req, resp, "draw.create", &d) != 0) return;
    zf_error_t err = {0};
    zf_db_t *db = zf_api_db(req);
    json_t *jv = json_object_get(body, "version");
    int64_t version = jv ? json_integer_value(jv) : d.version;
    const char *reason = json_string_value(json_object_get(body, "reason"));
    char now[32];
    zf_now_iso(now);
    int rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_store_draw_cancel(db, d.id, version, reason, zf_api_actor(req)->user_id, now, &err);
    zf_draw_row_t after;
    if (rc == 0) rc = zf_store_draw_get(db, req->arena, d.id, &after, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_commit_change(req, resp, "draw.cancel", "draw", d.id, d.unit_id,
                         json_pack("{s:s}", "status", "frozen"),
                         json_pack("{s:s, s:s}", "status", "cancelled", "reason", reason),
                         draw_json(&after, 1), 200);
}

/* ---- public, no login (R14) ---- */

void zf_api_public_draws(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_draw_row_t *rows;
    size_t n;
    int64_t limit = query_int(req, "limit");
    if (limit <= 0 || limit > 200) limit = 50;
    if (zf_store_draws_list(zf_api_db(req), req->arena, NULL, 0, query_int(req, "before_id"), limit,
                            &rows, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, draw_json(&rows[i], 0));
    zf_resp_json(req, resp, 200, json_pack("{s:o}", "items", items));
}

void zf_api_public_draw(zf_req_t *req, zf_resp_t *resp) {
    zf_draw_row_t d;
    if (load_draw(req, resp, NULL, &d) != 0) return;
    json_t *o = draw_json(&d, 0);
    json_object_set_new(o, "record", zf_draw_record_json(&d));
    zf_resp_json(req, resp, 200, o);
}

void zf_api_public_draw_record(zf_req_t *req, zf_resp_t *resp) {
    zf_draw_row_t d;
    if (load_draw(req, resp, NULL, &d) != 0) return;
    size_t len;
    char *text = zf_draw_record_text(req->arena, &d, &len);
    char *disp =
        zf_arena_printf(req->arena, "attachment; filename=\"draw-%lld.json\"", (long long)d.id);
    zf_resp_header(resp, "Content-Disposition", disp);
    zf_resp_text(resp, 200, "application/json; charset=utf-8", text, len);
}
