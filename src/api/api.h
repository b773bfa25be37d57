/* api.h — the JSON API: one file per resource, each parses the request,
 * checks permission (core/perm), calls the store and writes JSON. Knows HTTP
 * status codes, not sockets, and no SQL.
 *
 * The app struct is built by `zhifa serve` and shared read-only by every
 * worker thread (the pool and the hashing gate synchronise themselves). */
#ifndef ZF_API_API_H
#define ZF_API_API_H

#include <jansson.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>

#include "core/perm.h"
#include "core/sign.h"
#include "http/http.h"
#include "store/db.h"
#include "store/log.h"
#include "store/store.h"

typedef struct zf_app {
    zf_db_pool_t *pool;
    zf_signing_key_t log_key;  /* signs checkpoints */
    char log_origin[128];      /* names this log in its checkpoints */
    int64_t session_ttl_ms;
    int cookie_secure;         /* add `Secure` to the cookie (behind TLS) */
    unsigned long long pwhash_ops;
    size_t pwhash_mem;
    sem_t pwhash_gate;         /* caps concurrent argon2id hashes (memory) */
    pthread_mutex_t dummy_mu;
    char dummy_hash[128];      /* verified against for unknown users (timing); lazy */
} zf_app_t;

/* Set up the app's own parts (hash gate, dummy hash). 0 or negative. */
int zf_app_init(zf_app_t *app);
void zf_app_fini(zf_app_t *app);

/* Build the router with every API route (static table in routes.c). */
zf_router_t *zf_api_router(void);

/* The dispatch hook for zf_http_opts: session, CSRF, coarse permission. */
void zf_api_dispatch(zf_req_t *req, zf_resp_t *resp, const zf_route_t *route);

/* ---- helpers for handlers ---- */

typedef struct zf_api_session {
    zf_actor_t actor;
    const char *csrf;
    const char *token;
} zf_api_session_t;

/* The request's app and signed-in actor (NULL on public routes without a
 * session). */
zf_app_t *zf_api_app(zf_req_t *req);
const zf_actor_t *zf_api_actor(zf_req_t *req);
const zf_api_session_t *zf_api_session(zf_req_t *req);

/* A database connection for this request, released when the request ends. */
zf_db_t *zf_api_db(zf_req_t *req);

/* Answer with an error (zf_error_t) and log 5xx ones. */
void zf_api_fail(zf_req_t *req, zf_resp_t *resp, const zf_error_t *err);

/* Finish a change the handler made inside its transaction: append the log
 * event e (R22: the change and its event commit together), commit, and answer
 * `status` with `answer` (reference stolen). On failure roll back and answer
 * the error instead. Returns 0 or a negative code. */
int zf_api_commit(zf_req_t *req, zf_resp_t *resp, const zf_log_entry_t *e, int status,
                  json_t *answer);
/* Roll back the open transaction, if any, and answer err. */
void zf_api_abort(zf_req_t *req, zf_resp_t *resp, const zf_error_t *err);

/* Request body validation. A spec lists every accepted field: unknown fields
 * give 400 input.unknown_field; missing required ones and wrong types 400
 * input.invalid naming the field. Strings must be valid text (no control
 * characters) and at most max_len characters (bytes/3 for CJK is not used:
 * the limit counts Unicode code points). */
enum { ZF_FIELD_STRING, ZF_FIELD_INT, ZF_FIELD_BOOL };

typedef struct zf_field {
    const char *name;
    int type;
    int required;
    const char *label; /* Chinese, for messages: "机构名称" */
    size_t max_len;    /* strings: max code points, 0 = 200 */
    size_t min_len;    /* strings: min code points (after trimming nothing) */
} zf_field_t;

int zf_api_check_fields(json_t *body, const zf_field_t *spec, size_t n, zf_error_t *err);

/* Parse the body and check it against spec in one go; NULL after answering
 * the error. */
json_t *zf_api_body(zf_req_t *req, zf_resp_t *resp, const zf_field_t *spec, size_t n);

/* Route parameter or query value as a positive 64-bit id; 0 after answering
 * 400/404 (the message names the parameter). */
int64_t zf_api_id_param(zf_req_t *req, zf_resp_t *resp, const char *name);

/* Handlers (one file per resource). */
void zf_api_health(zf_req_t *req, zf_resp_t *resp);
void zf_api_login(zf_req_t *req, zf_resp_t *resp);
void zf_api_logout(zf_req_t *req, zf_resp_t *resp);
void zf_api_me(zf_req_t *req, zf_resp_t *resp);
void zf_api_roles(zf_req_t *req, zf_resp_t *resp);
void zf_api_units_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_unit_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_unit_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_unit_update(zf_req_t *req, zf_resp_t *resp);
void zf_api_users_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_user_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_user_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_user_update(zf_req_t *req, zf_resp_t *resp);
void zf_api_log_checkpoint(zf_req_t *req, zf_resp_t *resp);
void zf_api_log_checkpoints(zf_req_t *req, zf_resp_t *resp);
void zf_api_log_inclusion(zf_req_t *req, zf_resp_t *resp);
void zf_api_log_consistency(zf_req_t *req, zf_resp_t *resp);
void zf_api_log_event(zf_req_t *req, zf_resp_t *resp);
void zf_api_object_history(zf_req_t *req, zf_resp_t *resp);

/* JSON views shared by several handlers. */
json_t *zf_api_unit_json(const struct zf_unit *u);
json_t *zf_api_user_json(const struct zf_user *u);

/* Password hashing with argon2id under the app's gate. */
int zf_api_password_hash(zf_app_t *app, const char *password, char out[128], zf_error_t *err);
int zf_api_password_verify(zf_app_t *app, const char *hash, const char *password);
/* An argon2id hash of nothing anyone knows, with the app's parameters. */
const char *zf_api_dummy_hash(zf_app_t *app);

#endif
