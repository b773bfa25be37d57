/* sessions.c — server-side sessions, login throttling and the meta table.
 * See store.h. Sessions live in the database so that any of several servers
 * can answer any request (R35). */
#include <sodium.h>
#include <string.h>

#include "core/sha256.h"
#include "core/util.h"
#include "store/session_cache.h"
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

/* The auth_version counter (migration 050): moved by triggers whenever a
 * session is updated or deleted, or a user or unit changes, by any writer.
 * 0 and *out, or negative (no row: never use the cache). */
static int auth_version_read(zf_db_t *db, int64_t *out) {
    zf_error_t err = {0};
    zf_stmt_t *st = zf_db_prepare(db, "SELECT version FROM auth_version WHERE id = 1", &err);
    if (!st) return ZF_EIO;
    int rc = zf_stmt_step(st, &err);
    if (rc == 1) *out = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return rc == 1 ? 0 : ZF_ENOTFOUND;
}

static int expired(zf_error_t *err) {
    return zf_error_set(err, ZF_ENOTFOUND, 401, "auth.required", NULL, "登录已失效，请重新登录");
}

/* A cached session, if the connection's cache holds one that is still what
 * the database says: 1 and *out when so, 0 when the full lookup must run
 * (the entry, if any, is dropped). The entry's expiry is checked in memory
 * by the caller. */
static int cached_valid(zf_db_t *db, zf_session_cache_t *c, const unsigned char hash[32],
                        const zf_session_cached_t **out) {
    const zf_session_cached_t *e = zf_session_cache_find(c, hash);
    if (!e) return 0;
    uint64_t snap[2];
    int have_snap = zf_db_snapshot_version(db, snap) == 0;
    /* SQLite: nothing was committed since the entry was last checked on
     * this connection, so nothing it holds can have changed */
    if (have_snap && e->has_snapshot && snap[0] == e->snapshot[0] && snap[1] == e->snapshot[1]) {
        *out = e;
        return 1;
    }
    int64_t version;
    if (auth_version_read(db, &version) == 0 && version == e->auth_version) {
        if (have_snap) zf_session_cache_validated(c, hash, snap);
        *out = e;
        return 1;
    }
    zf_session_cache_drop(c, hash);
    return 0;
}

int zf_session_lookup(zf_db_t *db, zf_arena_t *a, const char *token, zf_actor_t *actor,
                      const char **csrf, zf_error_t *err) {
    if (!token || strlen(token) != 64)
        return zf_error_set(err, ZF_ENOTFOUND, 401, "auth.required", NULL, "请先登录");
    unsigned char hash[32];
    token_hash(token, hash);
    int64_t now = zf_now_ms();
    zf_session_cache_t *cache = zf_session_cache_of(db);
    const zf_session_cached_t *e = NULL;
    if (cache && cached_valid(db, cache, hash, &e)) {
        if (e->expires_ms <= now) {
            zf_session_cache_drop(cache, hash);
            return expired(err);
        }
        actor->user_id = e->actor.user_id;
        actor->username = zf_arena_strdup(a, e->actor.username);
        actor->name = zf_arena_strdup(a, e->actor.name);
        actor->role = zf_arena_strdup(a, e->actor.role);
        actor->unit_id = e->actor.unit_id;
        actor->unit_path = zf_arena_strdup(a, e->actor.unit_path);
        actor->scope_path = e->actor.scope_path ? zf_arena_strdup(a, e->actor.scope_path) : NULL;
        *csrf = zf_arena_strdup(a, e->csrf);
        return 0;
    }

    /* The counter is read before the rows: a change committed between the
     * two leaves the entry under an older number (checked again next time),
     * never newer rows' number on older rows (PostgreSQL reads each
     * statement's own snapshot; SQLite's GET reads one snapshot anyway). */
    int64_t version = 0;
    uint64_t snap[2];
    int cacheable = cache && auth_version_read(db, &version) == 0;
    int have_snap = cacheable && zf_db_snapshot_version(db, snap) == 0;
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT u.id, u.username, u.name, u.role, u.unit_id, un.path, s.csrf_token, s.expires_ms "
        "FROM sessions s JOIN users u ON u.id = s.user_id JOIN units un ON un.id = u.unit_id "
        "WHERE s.token_hash = $1 AND s.expires_ms > $2 AND u.active = 1",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_blob(st, 1, hash, sizeof hash);
    zf_stmt_bind_int(st, 2, now);
    int rc = zf_stmt_step(st, err);
    int64_t expires_ms = 0;
    if (rc == 1) {
        actor->user_id = zf_stmt_int(st, 0);
        actor->username = zf_arena_strdup(a, zf_stmt_text(st, 1));
        actor->name = zf_arena_strdup(a, zf_stmt_text(st, 2));
        actor->role = zf_arena_strdup(a, zf_stmt_text(st, 3));
        actor->unit_id = zf_stmt_int(st, 4);
        actor->unit_path = zf_arena_strdup(a, zf_stmt_text(st, 5));
        *csrf = zf_arena_strdup(a, zf_stmt_text(st, 6));
        expires_ms = zf_stmt_int(st, 7);
    }
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0) return expired(err);
    /* a failed read of the bureau leaves the unit's own path as the scope,
     * as before; such an answer is not kept */
    zf_error_t bureau_err = {0};
    const char *bureau = zf_unit_bureau_path(db, a, actor->unit_path, &bureau_err);
    actor->scope_path = zf_perm_scope_root(actor->role, actor->unit_path, bureau);
    if (cacheable && bureau_err.status == 0)
        zf_session_cache_put(cache, hash, actor, *csrf, expires_ms, version,
                             have_snap ? snap : NULL);
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
