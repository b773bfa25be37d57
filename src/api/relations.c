/* relations.c — officers' declared relations to enterprises (回避,
 * 行政处罚法 第四十三条: an officer with a direct interest must withdraw).
 * Draws never send an officer to an enterprise he has a relation with in
 * force on the draw day. Read with officer.read inside the scope; declared
 * or ended by admin and section heads (officer.write) — or by the officer
 * himself for his own record. Every change is logged (R22). */
#include <string.h>

#include "api/api.h"
#include "store/draws.h"
#include "store/enterprises.h"
#include "store/officers.h"
#include "core/util.h"

static json_t *relation_json(const zf_officer_relation_t *r) {
    return json_pack("{s:I, s:I, s:{s:I, s:s, s:s}, s:s, s:s, s:s, s:s}", "id", (json_int_t)r->id,
                     "officer_id", (json_int_t)r->officer_id, "enterprise", "id",
                     (json_int_t)r->enterprise_id, "name", r->enterprise_name, "credit_code",
                     r->enterprise_code, "relation", r->relation, "valid_from", r->valid_from,
                     "valid_to", r->valid_to, "created_at", r->created_at);
}

/* The officer of the route; `write`: the caller must hold officer.write in
 * its scope, or be this officer. -1 after answering. */
static int load(zf_req_t *req, zf_resp_t *resp, int write, zf_officer_t *o) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return -1;
    zf_error_t err = {0};
    const zf_actor_t *actor = zf_api_actor(req);
    int rc = zf_officer_get(zf_api_db(req), req->arena, id, o, &err);
    if (rc == 0) rc = zf_perm_check(actor, "officer.read", o->unit_path, &err);
    if (rc == 0 && write) {
        int self = o->user_id != 0 && o->user_id == actor->user_id;
        if (!self) rc = zf_perm_check(actor, "officer.write", o->unit_path, &err);
    }
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

void zf_api_relations_list(zf_req_t *req, zf_resp_t *resp) {
    zf_officer_t o;
    if (load(req, resp, 0, &o) != 0) return;
    zf_error_t err = {0};
    zf_officer_relation_t *r;
    size_t n;
    if (zf_store_relations_list(zf_api_db(req), req->arena, o.id, &r, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, relation_json(&r[i]));
    zf_resp_json(req, resp, 200, json_pack("{s:o}", "items", items));
}

static int check_day(const char *field, const char *v, zf_error_t *err) {
    zf_day_t d;
    if (v && *v && zf_day_parse(v, &d) != 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field,
                            "日期“%s”无效，应为 YYYY-MM-DD", v);
    return 0;
}

void zf_api_relation_create(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"enterprise_id", ZF_FIELD_INT, 1, "企业", 0, 0},
        {"relation", ZF_FIELD_STRING, 1, "关系", 100, 1},
        {"valid_from", ZF_FIELD_STRING, 0, "起始日期", 10, 0},
        {"valid_to", ZF_FIELD_STRING, 0, "终止日期", 10, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, 4);
    if (!body) return;
    zf_officer_t o;
    if (load(req, resp, 1, &o) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_officer_relation_t r = {0};
    r.officer_id = o.id;
    r.enterprise_id = json_integer_value(json_object_get(body, "enterprise_id"));
    r.relation = json_string_value(json_object_get(body, "relation"));
    const char *vf = json_string_value(json_object_get(body, "valid_from"));
    const char *vt = json_string_value(json_object_get(body, "valid_to"));
    r.valid_from = vf ? vf : "";
    r.valid_to = vt ? vt : "";
    char now[32];
    zf_now_iso(now);
    r.created_at = now;
    r.created_by = zf_api_actor(req)->user_id;
    zf_enterprise_t e;
    int rc = check_day("valid_from", r.valid_from, &err);
    if (rc == 0) rc = check_day("valid_to", r.valid_to, &err);
    if (rc == 0 && *r.valid_from && *r.valid_to && strcmp(r.valid_to, r.valid_from) < 0)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "valid_to",
                          "终止日期不能早于起始日期");
    if (rc == 0) rc = zf_enterprise_get(db, req->arena, r.enterprise_id, &e, &err);
    if (rc == ZF_ENOTFOUND)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "enterprise_id",
                          "企业 %lld 不存在", (long long)r.enterprise_id);
    int64_t id = 0;
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_store_relation_insert(db, &r, &id, &err);
    zf_officer_relation_t saved;
    if (rc == 0) rc = zf_store_relation_get(db, req->arena, id, &saved, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *j = relation_json(&saved);
    zf_api_commit_change(req, resp, "relation.create", "officer_relation", id, o.unit_id, NULL,
                         json_incref(j), j, 201);
}

void zf_api_relation_end(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"valid_to", ZF_FIELD_STRING, 1, "终止日期", 10, 10},
    };
    json_t *body = zf_api_body(req, resp, spec, 1);
    if (!body) return;
    zf_officer_t o;
    if (load(req, resp, 1, &o) != 0) return;
    int64_t rid = zf_api_id_param(req, resp, "rid");
    if (!rid) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    const char *vt = json_string_value(json_object_get(body, "valid_to"));
    zf_officer_relation_t before, after;
    int rc = check_day("valid_to", vt, &err);
    if (rc == 0) rc = zf_store_relation_get(db, req->arena, rid, &before, &err);
    if (rc == 0 && before.officer_id != o.id)
        rc = zf_error_set(&err, ZF_ENOTFOUND, 404, "relation.not_found", NULL, "关系声明不存在");
    if (rc == 0 && *before.valid_from && strcmp(vt, before.valid_from) < 0)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "valid_to",
                          "终止日期不能早于起始日期");
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_store_relation_end(db, rid, vt, &err);
    if (rc == 0) rc = zf_store_relation_get(db, req->arena, rid, &after, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *j = relation_json(&after);
    zf_api_commit_change(req, resp, "relation.end", "officer_relation", rid, o.unit_id,
                         relation_json(&before), json_incref(j), j, 200);
}
