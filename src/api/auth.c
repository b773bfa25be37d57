/* auth.c — login, logout, the signed-in user, roles, health (R33).
 *
 * Login throttling: after 5 failed attempts for one username, or 20 from one
 * address, within 15 minutes, further attempts get 429 until the window has
 * passed — even with the right password, so guessing cannot go on. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "core/util.h"

#define THROTTLE_WINDOW_MS (15 * 60 * 1000)
#define THROTTLE_PER_USER 5
#define THROTTLE_PER_ADDRESS 20

json_t *zf_api_user_json(const zf_user_t *u) {
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:{s:I, s:s, s:s}, s:b, s:I}", "id",
                     (json_int_t)u->id, "username", u->username, "name", u->name, "role", u->role,
                     "role_name", zf_role_name(u->role) ? zf_role_name(u->role) : "", "unit", "id",
                     (json_int_t)u->unit_id, "name", u->unit_name, "code", u->unit_code, "active",
                     u->active, "version", (json_int_t)u->version);
}

void zf_api_health(zf_req_t *req, zf_resp_t *resp) {
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    int64_t size = zf_log_size(db, &err);
    if (size < 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:s, s:s}", "status", "ok", "database", zf_db_backend(db)));
}

static void set_session_cookie(zf_req_t *req, zf_resp_t *resp, const char *token,
                               int64_t max_age_s) {
    zf_app_t *app = zf_api_app(req);
    zf_resp_header(resp, "Set-Cookie",
                   zf_arena_printf(req->arena,
                                   "zf_session=%s; Path=/; HttpOnly; SameSite=Strict; "
                                   "Max-Age=%lld%s",
                                   token, (long long)max_age_s,
                                   app->cookie_secure ? "; Secure" : ""));
}

/* 0 when the attempt may go on; otherwise answers 429. */
static int check_throttle(zf_req_t *req, zf_resp_t *resp, const char *user_key,
                          const char *ip_key) {
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    int64_t since = zf_now_ms() - THROTTLE_WINDOW_MS;
    int64_t by_user = zf_login_failures_since(db, user_key, since, &err);
    int64_t by_ip = by_user < 0 ? 0 : zf_login_failures_since(db, ip_key, since, &err);
    if (by_user < 0 || by_ip < 0) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    if (by_user >= THROTTLE_PER_USER || by_ip >= THROTTLE_PER_ADDRESS) {
        zf_resp_header(resp, "Retry-After", "900");
        zf_error_set(&err, ZF_EBUSY, 429, "auth.throttled", NULL,
                     "登录失败次数过多，请 15 分钟后再试");
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

static int record_failure(zf_db_t *db, const char *user_key, const char *ip_key, zf_error_t *err) {
    int rc = zf_db_begin(db, err);
    if (rc == 0) rc = zf_login_failure_add(db, user_key, zf_now_ms(), err);
    if (rc == 0) rc = zf_login_failure_add(db, ip_key, zf_now_ms(), err);
    if (rc == 0) return zf_db_commit(db, err);
    zf_db_rollback(db);
    return rc;
}

void zf_api_login(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"username", ZF_FIELD_STRING, 1, "用户名", 64, 1},
        {"password", ZF_FIELD_STRING, 1, "密码", 256, 1},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    const char *username = json_string_value(json_object_get(body, "username"));
    const char *password = json_string_value(json_object_get(body, "password"));
    zf_app_t *app = zf_api_app(req);
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    const char *user_key = zf_arena_printf(req->arena, "user:%s", username);
    const char *ip_key = zf_arena_printf(req->arena, "ip:%s", req->remote_ip);
    if (check_throttle(req, resp, user_key, ip_key) != 0) return;

    zf_user_t user;
    int found = zf_user_get_by_username(db, req->arena, username, &user, &err) == 0;
    if (!found && err.status >= 500) {
        zf_api_fail(req, resp, &err);
        return;
    }
    int good =
        zf_api_password_verify(app, found ? user.password_hash : zf_api_dummy_hash(app), password);
    if (!found || !good || !user.active) {
        if (record_failure(db, user_key, ip_key, &err) != 0) {
            zf_api_fail(req, resp, &err);
            return;
        }
        /* One answer for unknown users, wrong passwords and disabled
         * accounts: the answer must not tell which usernames exist. */
        zf_error_set(&err, ZF_EAUTH, 401, "auth.bad_credentials", NULL,
                     "用户名或密码错误，或账号已停用");
        zf_api_fail(req, resp, &err);
        return;
    }

    char token[65], csrf[65];
    int rc = zf_db_begin(db, &err);
    /* Rotation: a session cookie sent with the login is ended, never reused. */
    const char *old = zf_req_cookie(req, "zf_session");
    if (rc == 0 && old) rc = zf_session_delete(db, old, &err);
    if (rc == 0)
        rc = zf_session_create(db, user.id, app->session_ttl_ms, req->remote_ip, token, csrf, &err);
    if (rc == 0) rc = zf_login_failures_clear(db, user_key, &err);
    if (rc == 0) {
        zf_log_entry_t e = {
            .actor_id = user.id,
            .unit_id = user.unit_id,
            .action = "auth.login",
            .object_type = "user",
            .object_id = zf_arena_printf(req->arena, "%lld", (long long)user.id),
            .after = json_pack("{s:s}", "ip", req->remote_ip),
        };
        int64_t idx = zf_log_append(db, &e, &err);
        json_decref(e.after);
        if (idx < 0) rc = (int)idx;
    }
    if (rc == 0) rc = zf_db_commit(db, &err);
    if (rc != 0) {
        zf_db_rollback(db);
        zf_api_fail(req, resp, &err);
        return;
    }
    set_session_cookie(req, resp, token, app->session_ttl_ms / 1000);
    zf_resp_json(req, resp, 200,
                 json_pack("{s:o, s:s}", "user", zf_api_user_json(&user), "csrf_token", csrf));
}

void zf_api_logout(zf_req_t *req, zf_resp_t *resp) {
    const zf_api_session_t *s = zf_api_session(req);
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    int rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_session_delete(db, s->token, &err);
    if (rc == 0) {
        zf_log_entry_t e = {
            .actor_id = s->actor.user_id,
            .unit_id = s->actor.unit_id,
            .action = "auth.logout",
            .object_type = "user",
            .object_id = zf_arena_printf(req->arena, "%lld", (long long)s->actor.user_id),
        };
        int64_t idx = zf_log_append(db, &e, &err);
        if (idx < 0) rc = (int)idx;
    }
    if (rc == 0) rc = zf_db_commit(db, &err);
    if (rc != 0) {
        zf_db_rollback(db);
        zf_api_fail(req, resp, &err);
        return;
    }
    set_session_cookie(req, resp, "", 0);
    zf_resp_empty(resp, 204);
}

void zf_api_me(zf_req_t *req, zf_resp_t *resp) {
    const zf_api_session_t *s = zf_api_session(req);
    zf_error_t err = {0};
    zf_user_t user;
    if (zf_user_get(zf_api_db(req), req->arena, s->actor.user_id, &user, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *actions = json_array();
    for (size_t i = 0; i < zf_actions_count(); i++) {
        const char *action = zf_action_at(i);
        if (zf_perm_role_may(s->actor.role, action))
            json_array_append_new(
                actions, json_pack("{s:s, s:s}", "code", action, "name", zf_action_label(action)));
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:o, s:s, s:o}", "user", zf_api_user_json(&user), "csrf_token",
                           s->csrf, "actions", actions));
}

void zf_api_roles(zf_req_t *req, zf_resp_t *resp) {
    json_t *items = json_array();
    for (size_t i = 0; i < zf_roles_count(); i++) {
        const zf_role_info_t *r = zf_role_at(i);
        json_array_append_new(items, json_pack("{s:s, s:s}", "code", r->code, "name", r->name));
    }
    zf_resp_json(req, resp, 200, json_pack("{s:o}", "items", items));
}
