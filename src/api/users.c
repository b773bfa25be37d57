/* users.c — accounts (R33): list, read, create, edit. Only admin writes,
 * inside their scope. Password hashes never appear in answers or in the log;
 * a password change is logged as the fact that it changed. Disabling a user
 * or changing their password ends their sessions. */
#include <ctype.h>
#include <string.h>

#include "api/api.h"

#define PASSWORD_MIN 8

void zf_api_users_list(zf_req_t *req, zf_resp_t *resp) {
    const zf_actor_t *actor = zf_api_actor(req);
    zf_error_t err = {0};
    int64_t unit_id = 0;
    if (zf_req_query(req, "unit_id") && *zf_req_query(req, "unit_id")) {
        unit_id = zf_api_id_param(req, resp, "unit_id");
        if (!unit_id) return;
    }
    const char *q = zf_req_query(req, "q");
    zf_user_t *users;
    size_t n;
    if (zf_users_list(zf_api_db(req), req->arena, actor->scope_path, unit_id, q, &users, &n,
                      &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, zf_api_user_json(&users[i]));
    zf_resp_json(req, resp, 200, json_pack("{s:o}", "items", items));
}

static int load_user(zf_req_t *req, zf_resp_t *resp, const char *action, zf_user_t *u) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return -1;
    zf_error_t err = {0};
    int rc = zf_user_get(zf_api_db(req), req->arena, id, u, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), action, u->unit_path, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

void zf_api_user_get(zf_req_t *req, zf_resp_t *resp) {
    zf_user_t u;
    if (load_user(req, resp, "user.read", &u) == 0)
        zf_resp_json(req, resp, 200, zf_api_user_json(&u));
}

static int check_username(const char *s, zf_error_t *err) {
    size_t n = strlen(s);
    int ok = n >= 2 && n <= 32;
    for (size_t i = 0; ok && i < n; i++)
        ok = isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '.' || s[i] == '-';
    if (!ok)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "username",
                            "用户名“%s”无效：应为 2–32 个英文字母、数字、下划线、点或连字符", s);
    return 0;
}

static int check_role(const char *role, zf_error_t *err) {
    if (role && !zf_role_name(role))
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "role", "角色“%s”不存在", role);
    /* issue 11: a partner agency is no account; it gets an exchange token */
    if (role && strcmp(role, "partner") == 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "role",
                            "协作单位不是账号角色，请在“数据交换”中为其签发接口令牌");
    return 0;
}

static int check_password(const char *pw, zf_error_t *err) {
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)pw; *p; p++)
        if ((*p & 0xc0) != 0x80) n++;
    if (pw && n < PASSWORD_MIN)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "password",
                            "密码至少需要 %d 个字符", PASSWORD_MIN);
    return 0;
}

/* The target unit must exist and lie in the actor's scope. */
static int check_unit(zf_req_t *req, int64_t unit_id, zf_error_t *err) {
    zf_unit_t u;
    int rc = zf_unit_get(zf_api_db(req), req->arena, unit_id, &u, err);
    if (rc == ZF_ENOTFOUND)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "unit_id", "所属机构 %lld 不存在",
                            (long long)unit_id);
    if (rc) return rc;
    return zf_perm_check(zf_api_actor(req), "user.write", u.path, err);
}

/* Log the change (never the password, only that it changed), end the user's
 * sessions when they were disabled or got a new password, commit, answer. */
static void finish_write(zf_req_t *req, zf_resp_t *resp, const char *action,
                         const zf_user_t *before, const zf_user_t *after, int password_changed,
                         int status) {
    zf_error_t err = {0};
    if ((password_changed || !after->active) &&
        zf_sessions_delete_for_user(zf_api_db(req), after->id, &err) != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *jbefore = before ? zf_api_user_json(before) : NULL;
    json_t *logged_after = zf_api_user_json(after);
    if (password_changed) json_object_set_new(logged_after, "password_changed", json_true());
    zf_api_commit_change(req, resp, action, "user", after->id, after->unit_id, jbefore,
                         logged_after, zf_api_user_json(after), status);
}

void zf_api_user_create(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"username", ZF_FIELD_STRING, 1, "用户名", 32, 2},
        {"name", ZF_FIELD_STRING, 1, "姓名", 64, 1},
        {"role", ZF_FIELD_STRING, 1, "角色", 32, 1},
        {"unit_id", ZF_FIELD_INT, 1, "所属机构", 0, 0},
        {"password", ZF_FIELD_STRING, 1, "密码", 256, 1},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    const char *username = json_string_value(json_object_get(body, "username"));
    const char *role = json_string_value(json_object_get(body, "role"));
    const char *password = json_string_value(json_object_get(body, "password"));
    int64_t unit_id = json_integer_value(json_object_get(body, "unit_id"));
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    char hash[128];
    zf_user_t created;
    int rc = check_username(username, &err);
    if (rc == 0) rc = check_role(role, &err);
    if (rc == 0) rc = check_password(password, &err);
    if (rc == 0) rc = check_unit(req, unit_id, &err);
    if (rc == 0) rc = zf_api_password_hash(zf_api_app(req), password, hash, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_user_insert(db, req->arena, username,
                            json_string_value(json_object_get(body, "name")), role, unit_id, hash,
                            &created, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    finish_write(req, resp, "user.create", NULL, &created, 0, 201);
}

void zf_api_user_update(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本号", 0, 0},
        {"name", ZF_FIELD_STRING, 0, "姓名", 64, 1},
        {"role", ZF_FIELD_STRING, 0, "角色", 32, 1},
        {"unit_id", ZF_FIELD_INT, 0, "所属机构", 0, 0},
        {"active", ZF_FIELD_BOOL, 0, "是否启用", 0, 0},
        {"password", ZF_FIELD_STRING, 0, "密码", 256, 1},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_user_t before, after;
    if (load_user(req, resp, "user.write", &before) != 0) return;
    const char *role = json_string_value(json_object_get(body, "role"));
    const char *password = json_string_value(json_object_get(body, "password"));
    json_t *junit = json_object_get(body, "unit_id");
    json_t *jactive = json_object_get(body, "active");
    int64_t unit_id = json_is_integer(junit) ? json_integer_value(junit) : 0;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    char hash[128];
    int rc = check_role(role, &err);
    if (rc == 0 && password) rc = check_password(password, &err);
    if (rc == 0 && unit_id) rc = check_unit(req, unit_id, &err);
    if (rc == 0 && password) rc = zf_api_password_hash(zf_api_app(req), password, hash, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_user_update(db, req->arena, before.id,
                            json_integer_value(json_object_get(body, "version")),
                            json_string_value(json_object_get(body, "name")), role, unit_id,
                            json_is_boolean(jactive) ? json_is_true(jactive) : -1,
                            password ? hash : NULL, &after, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    finish_write(req, resp, "user.update", &before, &after, password != NULL, 200);
}
