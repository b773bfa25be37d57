/* units.c — org units (R1): list, read, create, edit. Only admin writes,
 * and only inside their own scope; every change is logged with its before
 * and after in the same transaction (R22). */
#include <string.h>

#include "api/api.h"

json_t *zf_api_unit_json(const zf_unit_t *u) {
    const char *kind_name = zf_unit_kind_name(u->kind);
    return json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)u->id, "parent_id",
                     u->parent_id ? json_integer(u->parent_id) : json_null(), "code", u->code,
                     "name", u->name, "kind", u->kind, "kind_name", kind_name ? kind_name : "",
                     "version", (json_int_t)u->version);
}

void zf_api_units_list(zf_req_t *req, zf_resp_t *resp) {
    const zf_actor_t *actor = zf_api_actor(req);
    zf_error_t err = {0};
    zf_unit_t *units;
    size_t n;
    if (zf_units_list(zf_api_db(req), req->arena, actor->scope_path, &units, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, zf_api_unit_json(&units[i]));
    zf_resp_json(req, resp, 200, json_pack("{s:o}", "items", items));
}

/* Load a unit the actor may act on with `action`; answers (404, or 403
 * perm.out_of_scope) and returns -1 otherwise. */
static int load_unit(zf_req_t *req, zf_resp_t *resp, const char *action, zf_unit_t *u) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return -1;
    zf_error_t err = {0};
    int rc = zf_unit_get(zf_api_db(req), req->arena, id, u, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), action, u->path, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

void zf_api_unit_get(zf_req_t *req, zf_resp_t *resp) {
    zf_unit_t u;
    if (load_unit(req, resp, "unit.read", &u) == 0)
        zf_resp_json(req, resp, 200, zf_api_unit_json(&u));
}

static int check_kind(const char *kind, zf_error_t *err) {
    if (kind && !zf_unit_kind_name(kind))
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "kind",
                            "机构类型“%s”无效，应为 city_detachment、bureau、brigade、office、"
                            "township 或 devzone",
                            kind);
    return 0;
}

/* Log the change with its before and after, commit, answer the unit. */
static void finish_write(zf_req_t *req, zf_resp_t *resp, const char *action,
                         const zf_unit_t *before, const zf_unit_t *after, int status) {
    json_t *jbefore = before ? zf_api_unit_json(before) : NULL;
    json_t *jafter = zf_api_unit_json(after);
    zf_api_commit_change(req, resp, action, "unit", after->id, after->id, jbefore, jafter,
                         json_incref(jafter), status);
}

void zf_api_unit_create(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"parent_id", ZF_FIELD_INT, 1, "上级机构", 0, 0},
        {"code", ZF_FIELD_STRING, 1, "机构代码", 32, 1},
        {"name", ZF_FIELD_STRING, 1, "机构名称", 64, 1},
        {"kind", ZF_FIELD_STRING, 1, "机构类型", 32, 1},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    int64_t parent_id = json_integer_value(json_object_get(body, "parent_id"));
    const char *code = json_string_value(json_object_get(body, "code"));
    const char *name = json_string_value(json_object_get(body, "name"));
    const char *kind = json_string_value(json_object_get(body, "kind"));
    zf_unit_t parent, created;
    int rc = check_kind(kind, &err);
    if (rc == 0) rc = zf_unit_get(db, req->arena, parent_id, &parent, &err);
    /* only "no such unit" is the caller's mistake; a database failure stays 5xx */
    if (rc == ZF_ENOTFOUND)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "parent_id",
                          "上级机构 %lld 不存在", (long long)parent_id);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), "unit.write", parent.path, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_unit_insert(db, req->arena, parent_id, code, name, kind, &created, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    finish_write(req, resp, "unit.create", NULL, &created, 201);
}

void zf_api_unit_update(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本号", 0, 0},
        {"code", ZF_FIELD_STRING, 0, "机构代码", 32, 1},
        {"name", ZF_FIELD_STRING, 0, "机构名称", 64, 1},
        {"kind", ZF_FIELD_STRING, 0, "机构类型", 32, 1},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_unit_t before, after;
    if (load_unit(req, resp, "unit.write", &before) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    const char *kind = json_string_value(json_object_get(body, "kind"));
    int rc = check_kind(kind, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_unit_update(db, req->arena, before.id,
                            json_integer_value(json_object_get(body, "version")),
                            json_string_value(json_object_get(body, "code")),
                            json_string_value(json_object_get(body, "name")), kind, &after, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    finish_write(req, resp, "unit.update", &before, &after, 200);
}
