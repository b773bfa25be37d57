/* sessions.c — server-side sessions, login throttling and the meta table.
 * See store.h. Sessions live in the database so that any of several servers
 * can answer any request (R35). */
#include <sodium.h>
#include <string.h>

#include "core/sha256.h"
#include "core/util.h"
#include "store/store.h"

static void token_hash(const char *token, unsigned char out[32]) {
    zf_sha256(token, strlen(token), out);
}

static void random_hex(char out[65]) {
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    zf_hex_encode(raw, sizeof raw, out);
}

int zf_session_create(zf_db_t *db, int64_t user_id, int64_t ttl_ms, const char *ip, char token[65],
                      char csrf[65], zf_error_t *err) {
    random_hex(token);
    random_hex(csrf);
    unsigned char hash[32];
    token_hash(token, hash);
    int64_t now = zf_now_ms();
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_ms, expires_ms, ip) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_blob(st, 1, hash, sizeof hash);
    zf_stmt_bind_int(st, 2, user_id);
    zf_stmt_bind_text(st, 3, csrf);
    zf_stmt_bind_int(st, 4, now);
    zf_stmt_bind_int(st, 5, now + ttl_ms);
    zf_stmt_bind_text(st, 6, ip ? ip : "");
    int64_t n = zf_stmt_run(st, err);
    if (n < 0) return (int)n;
    /* Expired sessions are swept on every login: cheap with the index. */
    st = zf_db_prepare(db, "DELETE FROM sessions WHERE expires_ms < $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, now);
    n = zf_stmt_run(st, err);
    return n < 0 ? (int)n : 0;
}

int zf_session_lookup(zf_db_t *db, zf_arena_t *a, const char *token, zf_actor_t *actor,
                      const char **csrf, zf_error_t *err) {
    if (!token || strlen(token) != 64)
        return zf_error_set(err, ZF_ENOTFOUND, 401, "auth.required", NULL, "请先登录");
    unsigned char hash[32];
    token_hash(token, hash);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT u.id, u.username, u.name, u.role, u.unit_id, un.path, s.csrf_token "
        "FROM sessions s JOIN users u ON u.id = s.user_id JOIN units un ON un.id = u.unit_id "
        "WHERE s.token_hash = $1 AND s.expires_ms > $2 AND u.active = 1",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_blob(st, 1, hash, sizeof hash);
    zf_stmt_bind_int(st, 2, zf_now_ms());
    int rc = zf_stmt_step(st, err);
    if (rc == 1) {
        actor->user_id = zf_stmt_int(st, 0);
        actor->username = zf_arena_strdup(a, zf_stmt_text(st, 1));
        actor->name = zf_arena_strdup(a, zf_stmt_text(st, 2));
        actor->role = zf_arena_strdup(a, zf_stmt_text(st, 3));
        actor->unit_id = zf_stmt_int(st, 4);
        actor->unit_path = zf_arena_strdup(a, zf_stmt_text(st, 5));
        *csrf = zf_arena_strdup(a, zf_stmt_text(st, 6));
    }
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 401, "auth.required", NULL,
                            "登录已失效，请重新登录");
    const char *bureau = zf_unit_bureau_path(db, a, actor->unit_path, err);
    actor->scope_path = zf_perm_scope_root(actor->role, actor->unit_path, bureau);
    return 0;
}

int zf_session_delete(zf_db_t *db, const char *token, zf_error_t *err) {
    unsigned char hash[32];
    token_hash(token ? token : "", hash);
    zf_stmt_t *st = zf_db_prepare(db, "DELETE FROM sessions WHERE token_hash = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_blob(st, 1, hash, sizeof hash);
    int64_t n = zf_stmt_run(st, err);
    return n < 0 ? (int)n : 0;
}

int zf_sessions_delete_for_user(zf_db_t *db, int64_t user_id, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "DELETE FROM sessions WHERE user_id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, user_id);
    int64_t n = zf_stmt_run(st, err);
    return n < 0 ? (int)n : 0;
}

int64_t zf_login_failures_since(zf_db_t *db, const char *key, int64_t since_ms, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db, "SELECT count(*) FROM login_failures WHERE key = $1 AND at_ms >= $2", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, key);
    zf_stmt_bind_int(st, 2, since_ms);
    int rc = zf_stmt_step(st, err);
    int64_t n = rc == 1 ? zf_stmt_int(st, 0) : rc;
    zf_stmt_done(st);
    return n;
}

int zf_login_failure_add(zf_db_t *db, const char *key, int64_t now_ms, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "INSERT INTO login_failures (key, at_ms) VALUES ($1, $2)", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, key);
    zf_stmt_bind_int(st, 2, now_ms);
    int64_t n = zf_stmt_run(st, err);
    if (n < 0) return (int)n;
    /* Forget failures older than a day so the table stays small. */
    st = zf_db_prepare(db, "DELETE FROM login_failures WHERE at_ms < $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, now_ms - 86400000);
    n = zf_stmt_run(st, err);
    return n < 0 ? (int)n : 0;
}

int zf_login_failures_clear(zf_db_t *db, const char *key, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "DELETE FROM login_failures WHERE key = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, key);
    int64_t n = zf_stmt_run(st, err);
    return n < 0 ? (int)n : 0;
}

const char *zf_meta_get(zf_db_t *db, zf_arena_t *a, const char *key, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT value FROM meta WHERE key = $1", err);
    if (!st) return NULL;
    zf_stmt_bind_text(st, 1, key);
    const char *v = NULL;
    if (zf_stmt_step(st, err) == 1) v = zf_arena_strdup(a, zf_stmt_text(st, 0));
    zf_stmt_done(st);
    return v;
}

int zf_meta_set(zf_db_t *db, const char *key, const char *value, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO meta (key, value) VALUES ($1, $2) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, key);
    zf_stmt_bind_text(st, 2, value);
    int64_t n = zf_stmt_run(st, err);
    return n < 0 ? (int)n : 0;
}
