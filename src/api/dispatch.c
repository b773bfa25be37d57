/* dispatch.c — what happens between the router and a handler: load the
 * session from its cookie, refuse state changes without the CSRF token, check
 * that the role may perform the route's action at all. Finer checks (which
 * unit) are made by the handler with zf_perm_check once it knows the target. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "api/resp_cache.h"
#include "core/util.h"

zf_app_t *zf_api_app(zf_req_t *req) { return req->app; }

/* The API layer's per-request state, hung on req->session. */
typedef struct api_state {
    zf_api_session_t *session; /* NULL when not signed in */
    zf_db_pool_t *pool;
    zf_db_t *db;               /* borrowed on first use, returned at the end */
    const zf_xtoken_t *xtoken; /* exchange routes: the token (issue 11) */
} api_state_t;

static void release_db(void *ctx) {
    api_state_t *st = ctx;
    if (!st->db) return;
    zf_db_read_end(st->db);
    zf_db_release(st->pool, st->db);
    st->db = NULL;
}

static api_state_t *state(zf_req_t *req) {
    if (!req->session) req->session = zf_arena_alloc(req->arena, sizeof(api_state_t));
    return req->session;
}

const zf_actor_t *zf_api_actor(zf_req_t *req) {
    api_state_t *st = req->session;
    return st && st->session ? &st->session->actor : NULL;
}

const zf_api_session_t *zf_api_session(zf_req_t *req) {
    api_state_t *st = req->session;
    return st ? st->session : NULL;
}

zf_db_t *zf_api_db(zf_req_t *req) {
    api_state_t *st = state(req);
    if (!st->db) {
        zf_app_t *app = req->app;
        st->pool = app->pool;
        st->db = zf_db_acquire(app->pool);
        zf_arena_defer(req->arena, release_db, st);
        /* a GET reads in one snapshot (zf_db_read_begin); a failure to
         * start one only costs the per-statement locks */
        if (strcmp(req->method, "GET") == 0) {
            zf_error_t ignored = {0};
            (void)zf_db_read_begin(st->db, &ignored);
        }
    }
    return st->db;
}

void zf_api_fail(zf_req_t *req, zf_resp_t *resp, const zf_error_t *err) {
    if (err->status >= 500)
        fprintf(stderr, "level=error method=%s path=%s code=%s message=\"%s\"\n", req->method,
                req->path, err->code, err->message);
    zf_resp_error(req, resp, err);
}

/* Append e and commit; on failure roll back and answer the error. */
static int commit_logged(zf_req_t *req, zf_resp_t *resp, const zf_log_entry_t *e) {
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    int64_t idx = zf_log_append(db, e, &err);
    int rc = idx < 0 ? (int)idx : zf_db_commit(db, &err);
    if (rc != 0) zf_api_abort(req, resp, &err);
    return rc;
}

int zf_api_commit(zf_req_t *req, zf_resp_t *resp, const zf_log_entry_t *e, int status,
                  json_t *answer) {
    int rc = commit_logged(req, resp, e);
    if (rc != 0) {
        json_decref(answer);
        return rc;
    }
    zf_resp_json(req, resp, status, answer);
    return 0;
}

int zf_api_commit_change_only(zf_req_t *req, zf_resp_t *resp, const char *action,
                              const char *object_type, int64_t object_id, int64_t unit_id,
                              json_t *before, json_t *after_logged) {
    zf_log_entry_t e = {
        .actor_id = zf_api_actor(req)->user_id,
        .unit_id = unit_id,
        .action = action,
        .object_type = object_type,
        .object_id = zf_arena_printf(req->arena, "%lld", (long long)object_id),
        .before = before,
        .after = after_logged,
    };
    int rc = commit_logged(req, resp, &e);
    json_decref(before);
    json_decref(after_logged);
    return rc;
}

void zf_api_commit_change(zf_req_t *req, zf_resp_t *resp, const char *action,
                          const char *object_type, int64_t object_id, int64_t unit_id,
                          json_t *before, json_t *after_logged, json_t *answer, int status) {
    if (zf_api_commit_change_only(req, resp, action, object_type, object_id, unit_id, before,
                                  after_logged) != 0) {
        json_decref(answer);
        return;
    }
    zf_resp_json(req, resp, status, answer);
}

void zf_api_abort(zf_req_t *req, zf_resp_t *resp, const zf_error_t *err) {
    zf_db_rollback(zf_api_db(req));
    zf_api_fail(req, resp, err);
}

static int is_safe_method(const char *m) {
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0 || strcmp(m, "OPTIONS") == 0;
}

/* Constant-time comparison of two tokens. */
static int tokens_equal(const char *a, const char *b) {
    if (!a || !b) return 0;
    size_t n = strlen(a);
    if (n != strlen(b) || n == 0) return 0;
    return sodium_memcmp(a, b, n) == 0;
}

static void dispatch(zf_req_t *req, zf_resp_t *resp, const zf_route_t *route);

/* The connection goes back to the pool as soon as the handler has answered,
 * not when the response has been sent: one MHD worker runs the handlers of
 * several ready connections before it writes their responses, so holding a
 * connection until then let a few simultaneous requests empty the pool and
 * block every worker in zf_db_acquire for good (found by the slow-client
 * fault test, issue 12). The arena's deferred release stays for safety. */
void zf_api_dispatch(zf_req_t *req, zf_resp_t *resp, const zf_route_t *route) {
    dispatch(req, resp, route);
    if (req->session) release_db(req->session);
}

const zf_xtoken_t *zf_api_xtoken(zf_req_t *req) {
    api_state_t *st = req->session;
    return st ? st->xtoken : NULL;
}

/* An exchange route (issue 11, docs/internals/exchange.md): the caller is a
 * partner agency presenting `Authorization: Bearer <token>`. No session and
 * no cookie are looked at, so there is nothing for a forged cross-site
 * request to ride on and no CSRF token is asked for. The actor is the
 * agency (role "partner"); every use is counted on the token. */
static void dispatch_exchange(zf_req_t *req, zf_resp_t *resp, const zf_route_t *route) {
    zf_error_t err = {0};
    const char *auth = zf_req_header(req, "Authorization");
    const char *bearer = NULL;
    if (auth && strncasecmp(auth, "Bearer ", 7) == 0) bearer = auth + 7;
    while (bearer && *bearer == ' ')
        bearer++;
    if (!bearer || !*bearer) {
        zf_resp_header(resp, "WWW-Authenticate", "Bearer realm=\"zhifa\"");
        zf_error_set(&err, ZF_EAUTH, 401, "auth.token_required", NULL,
                     "数据交换接口须在 Authorization 头中提供接口令牌（Bearer）");
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_db_t *db = zf_api_db(req);
    zf_xtoken_t *t = zf_arena_alloc(req->arena, sizeof *t);
    if (zf_xtoken_authenticate(db, req->arena, bearer, t, &err) != 0) {
        if (err.status == 401)
            zf_resp_header(resp, "WWW-Authenticate",
                           "Bearer realm=\"zhifa\", error=\"invalid_token\"");
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_api_session_t *s = zf_arena_alloc(req->arena, sizeof *s);
    s->actor.user_id = 0;
    s->actor.username = zf_arena_printf(req->arena, "token:%s", t->token_prefix);
    s->actor.name = t->agency_name;
    s->actor.role = "partner";
    s->actor.unit_id = t->unit_id;
    s->actor.unit_path = t->unit_path;
    s->actor.scope_path = t->unit_path;
    api_state_t *st = state(req);
    st->session = s;
    st->xtoken = t;
    if (route->action && zf_perm_check(&s->actor, route->action, NULL, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    /* reads are counted too (last_used_at, use_count): the bureau sees which
     * tokens are in use before it revokes one */
    if (zf_xtoken_touch(db, t->id, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    route->handler(req, resp);
}

/* A GET of a ZF_ROUTE_CACHE route (api/resp_cache.h): answered from the
 * cache when this connection's snapshot has the version the answer was
 * built on; otherwise built and kept, if the handler read that same
 * snapshot to the end (a handler that wrote moved the version). */
static void dispatch_cached(zf_req_t *req, zf_resp_t *resp, const zf_route_t *route) {
    const zf_actor_t *a = zf_api_actor(req);
    zf_db_t *db = zf_api_db(req);
    char today[11];
    zf_api_today(today);
    zf_resp_cache_key_t key = {
        .conn = db,
        .text = zf_arena_printf(req->arena, "%lld|%s|%lld|%s|%s|%s?%s", (long long)a->user_id,
                                a->role, (long long)a->unit_id, a->scope_path ? a->scope_path : "",
                                today, req->path, zf_req_query_all(req)),
    };
    if (zf_db_snapshot_version(db, key.version) != 0) {
        route->handler(req, resp);
        return;
    }
    if (zf_resp_cache_get(req, &key, resp)) return;
    route->handler(req, resp);
    uint64_t after[2];
    if (zf_db_snapshot_version(db, after) == 0 && after[0] == key.version[0] &&
        after[1] == key.version[1]) {
        zf_resp_cache_put(&key, resp);
        if (resp->status == 200) zf_resp_header(resp, "X-Zhifa-Cache", "miss");
    }
}

static void dispatch(zf_req_t *req, zf_resp_t *resp, const zf_route_t *route) {
    zf_error_t err = {0};
    if (route->flags & ZF_ROUTE_EXCHANGE) {
        dispatch_exchange(req, resp, route);
        return;
    }
    const char *token = zf_req_cookie(req, "zf_session");
    if (token && *token) {
        zf_api_session_t *s = zf_arena_alloc(req->arena, sizeof *s);
        if (zf_session_lookup(zf_api_db(req), req->arena, token, &s->actor, &s->csrf, &err) == 0) {
            s->token = zf_arena_strdup(req->arena, token);
            state(req)->session = s;
        } else if (err.status >= 500) {
            zf_api_fail(req, resp, &err);
            return;
        }
    }
    const zf_api_session_t *session = zf_api_session(req);
    if (!(route->flags & ZF_ROUTE_PUBLIC) && !session) {
        zf_error_set(&err, ZF_EAUTH, 401, "auth.required", NULL,
                     token ? "登录已失效，请重新登录" : "请先登录");
        zf_api_fail(req, resp, &err);
        return;
    }
    if (!is_safe_method(req->method) && !(route->flags & ZF_ROUTE_NO_CSRF)) {
        if (!session || !tokens_equal(zf_req_header(req, "X-CSRF-Token"), session->csrf)) {
            zf_error_set(&err, ZF_EPERM, 403, "auth.csrf", NULL,
                         "请求缺少有效的防伪令牌（X-CSRF-Token），请刷新页面后重试");
            zf_api_fail(req, resp, &err);
            return;
        }
    }
    if (route->action && session &&
        zf_perm_check(zf_api_actor(req), route->action, NULL, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    if ((route->flags & ZF_ROUTE_CACHE) && session && strcmp(req->method, "GET") == 0 &&
        zf_resp_cache_enabled()) {
        dispatch_cached(req, resp, route);
        return;
    }
    route->handler(req, resp);
}
