/* interference.c — 领导干部干预执法活动记录 (R31; issue 11). Any member of
 * staff records that an official asked something about a case or matter:
 * who (name, post, unit), when, how, what was asked. The register is
 * append-only — there is no update or delete route, and the table's
 * triggers refuse UPDATE and DELETE on both databases — and only the
 * discipline and supervision roles read it, inside their scope (the
 * recorder's unit decides where a record belongs). 中办发〔2015〕23号《领导
 * 干部干预司法活动、插手具体案件处理的记录、通报和责任追究规定》 and its
 * counterpart for administrative enforcement ask that every such request be
 * recorded in full (全程留痕、有据可查). */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/day.h"
#include "store/interference.h"

#define REPORT_MAX_ROWS 1000

static json_t *record_json(const zf_interference_t *r) {
    const char *mn = zf_interference_method_name(r->method);
    return json_pack("{s:I, s:{s:I, s:s}, s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:s, s:s, s:o, "
                     "s:{s:I, s:s}, s:s}",
                     "id", (json_int_t)r->id, "unit", "id", (json_int_t)r->unit_id, "name",
                     r->unit_name, "official", "name", r->official_name, "post", r->official_post,
                     "unit", r->official_unit, "occurred_on", r->occurred_on, "method", r->method,
                     "method_name", mn ? mn : "", "request", r->request, "matter", r->matter,
                     "case_id", r->case_id ? json_integer(r->case_id) : json_null(), "recorded_by",
                     "id", (json_int_t)r->recorded_by, "name", r->recorded_by_name, "recorded_at",
                     r->recorded_at);
}

static json_t *methods_json(void) {
    json_t *arr = json_array();
    for (size_t i = 0; zf_interference_method_at(i); i++)
        json_array_append_new(arr,
                              json_pack("{s:s, s:s}", "code", zf_interference_method_at(i), "name",
                                        zf_interference_method_name(zf_interference_method_at(i))));
    return arr;
}

void zf_api_interference_create(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"official_name", ZF_FIELD_STRING, 1, "干预人姓名", 32, 1},
        {"official_post", ZF_FIELD_STRING, 1, "干预人职务", 64, 1},
        {"official_unit", ZF_FIELD_STRING, 1, "干预人单位", 64, 1},
        {"occurred_on", ZF_FIELD_STRING, 1, "发生日期", 10, 10},
        {"method", ZF_FIELD_STRING, 1, "干预方式", 16, 1},
        {"request", ZF_FIELD_STRING, 1, "干预内容", 2000, 1},
        {"matter", ZF_FIELD_STRING, 1, "涉及案件或事项", 200, 1},
        {"case_id", ZF_FIELD_INT, 0, "案件编号", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    const zf_actor_t *actor = zf_api_actor(req);
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_interference_t r = {0}, created;
    r.unit_id = actor->unit_id;
    r.official_name = json_string_value(json_object_get(body, "official_name"));
    r.official_post = json_string_value(json_object_get(body, "official_post"));
    r.official_unit = json_string_value(json_object_get(body, "official_unit"));
    r.occurred_on = json_string_value(json_object_get(body, "occurred_on"));
    r.method = json_string_value(json_object_get(body, "method"));
    r.request = json_string_value(json_object_get(body, "request"));
    r.matter = json_string_value(json_object_get(body, "matter"));
    json_t *jc = json_object_get(body, "case_id");
    r.case_id = jc ? json_integer_value(jc) : 0;
    r.recorded_by = actor->user_id;
    zf_day_t day;
    char today[11];
    zf_api_today(today);
    int rc = 0;
    if (zf_day_parse(r.occurred_on, &day) != 0)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "occurred_on",
                          "发生日期应为 YYYY-MM-DD 格式的有效日期");
    else if (strcmp(r.occurred_on, today) > 0)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "occurred_on",
                          "发生日期不能晚于今天（%s）", today);
    if (rc == 0 && !zf_interference_method_name(r.method))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "method",
                          "干预方式“%s”无效，应为 phone、in_person、note、message、via_other 或 "
                          "other",
                          r.method);
    if (rc == 0 && jc && r.case_id <= 0)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "case_id", "案件编号应为正整数");
    if (rc == 0) rc = zf_perm_check(actor, "interference.write", actor->unit_path, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_interference_insert(db, req->arena, &r, &created, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = record_json(&created);
    zf_api_commit_change(req, resp, "interference.record", "interference", created.id,
                         created.unit_id, NULL, after, json_incref(after), 201);
}

/* from= and to= (YYYY-MM-DD each, optional unless required). */
static int period(zf_req_t *req, int required, const char **from, const char **to,
                  zf_error_t *err) {
    *from = zf_req_query(req, "from");
    *to = zf_req_query(req, "to");
    if (*from && !**from) *from = NULL;
    if (*to && !**to) *to = NULL;
    zf_day_t d;
    if ((required && !*from) || (*from && zf_day_parse(*from, &d) != 0))
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "from",
                            "起始日期 from 应为 YYYY-MM-DD");
    if ((required && !*to) || (*to && zf_day_parse(*to, &d) != 0))
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "to",
                            "截止日期 to 应为 YYYY-MM-DD");
    if (*from && *to && strcmp(*from, *to) > 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "to", "截止日期不能早于起始日期");
    return 0;
}

void zf_api_interference_list(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    const char *from, *to;
    int64_t before = 0, limit = 50;
    int rc = period(req, 0, &from, &to, &err);
    const char *b = zf_req_query(req, "before"), *l = zf_req_query(req, "limit");
    char *end = NULL;
    if (rc == 0 && b && *b) {
        before = strtoll(b, &end, 10);
        if (*end || before <= 0)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "before",
                              "参数 before 应为正整数");
    }
    if (rc == 0 && l && *l) {
        limit = strtoll(l, &end, 10);
        if (*end || limit < 1 || limit > 200)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "limit",
                              "每页条数 limit 应为 1–200");
    }
    zf_interference_t *items;
    size_t n;
    if (rc == 0)
        rc = zf_interference_list(zf_api_db(req), req->arena, zf_api_actor(req)->scope_path, from,
                                  to, before, limit, &items, &n, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, record_json(&items[i]));
    zf_resp_json(req, resp, 200,
                 json_pack("{s:o, s:o, s:o}", "items", arr, "next_before",
                           (int64_t)n == limit && n ? json_integer(items[n - 1].id) : json_null(),
                           "methods", methods_json()));
}

void zf_api_interference_get(zf_req_t *req, zf_resp_t *resp) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_error_t err = {0};
    zf_interference_t r;
    int rc = zf_interference_get(zf_api_db(req), req->arena, id, &r, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), "interference.read", r.unit_path, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, record_json(&r));
}

static json_t *counts_json(const zf_count_t *c, size_t n, int methods, int64_t *total) {
    json_t *arr = json_array();
    *total = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_pack("{s:s, s:I}", "key", c[i].key, "count", (json_int_t)c[i].count);
        if (methods) {
            const char *mn = zf_interference_method_name(c[i].key);
            json_object_set_new(o, "name", json_string(mn ? mn : c[i].key));
        }
        json_array_append_new(arr, o);
        *total += c[i].count;
    }
    return arr;
}

void zf_api_interference_report(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    const char *from, *to;
    const char *scope = zf_api_actor(req)->scope_path;
    zf_db_t *db = zf_api_db(req);
    int rc = period(req, 1, &from, &to, &err);
    zf_count_t *by_unit = NULL, *by_method = NULL;
    size_t nu = 0, nm = 0, n = 0;
    zf_interference_t *items = NULL;
    if (rc == 0)
        rc = zf_interference_counts(db, req->arena, scope, from, to, 0, &by_unit, &nu, &err);
    if (rc == 0)
        rc = zf_interference_counts(db, req->arena, scope, from, to, 1, &by_method, &nm, &err);
    if (rc == 0)
        rc = zf_interference_list(db, req->arena, scope, from, to, 0, REPORT_MAX_ROWS, &items, &n,
                                  &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    int64_t total, total2;
    json_t *ju = counts_json(by_unit, nu, 0, &total);
    json_t *jm = counts_json(by_method, nm, 1, &total2);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, record_json(&items[i]));
    zf_resp_json(req, resp, 200,
                 json_pack("{s:s, s:s, s:I, s:o, s:o, s:o, s:b}", "from", from, "to", to, "total",
                           (json_int_t)total, "by_official_unit", ju, "by_method", jm, "items", arr,
                           "items_truncated", total > (int64_t)n));
}
