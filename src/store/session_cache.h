/* session_cache.h — the sessions a pool connection has found, kept in memory
 * (issue 12, migration 050, docs/internals/session_cache.md).
 *
 * A container only: it holds, per token hash, what zf_session_lookup found
 * (the actor, the CSRF token, the expiry) with the auth_version counter it
 * was read at and the connection's snapshot version at its last validation.
 * When an entry may be used is zf_session_lookup's decision
 * (store/sessions.c); this module never runs SQL.
 *
 * One cache per pool connection, created on first use and freed with the
 * connection (db.c). A connection is used by one request at a time, so the
 * cache needs no lock: it must only be touched by the thread that holds the
 * connection. Bounded: ZF_SESSION_CACHE_SETS × ZF_SESSION_CACHE_WAYS
 * entries, each set replacing its least recently used way. */
#ifndef ZF_STORE_SESSION_CACHE_H
#define ZF_STORE_SESSION_CACHE_H

#include <stdint.h>

#include "core/perm.h"
#include "store/db.h"

#define ZF_SESSION_CACHE_SETS 128
#define ZF_SESSION_CACHE_WAYS 2

typedef struct zf_session_cache zf_session_cache_t;

/* A cached session. Strings are the cache's own: valid until the next put
 * or drop on the same cache. */
typedef struct zf_session_cached {
    zf_actor_t actor; /* scope_path may be NULL, as zf_perm_scope_root gives */
    const char *csrf;
    int64_t expires_ms;   /* sessions.expires_ms */
    int64_t auth_version; /* the counter when the entry was read */
    int has_snapshot;     /* snapshot holds a zf_db_snapshot_version */
    uint64_t snapshot[2]; /* of the connection at the last validation */
} zf_session_cached_t;

/* 0 when ZHIFA_SESSION_CACHE=0 in the environment, else 1. Read at the
 * first call, which zf_db_pool_open makes (before threads share a pool). */
int zf_session_cache_enabled(void);

/* The cache of db, created empty on first use; NULL when disabled. */
zf_session_cache_t *zf_session_cache_of(zf_db_t *db);

/* Free a cache and everything in it; NULL is a no-op (db.c, when the
 * connection closes). */
void zf_session_cache_free(zf_session_cache_t *c);

/* The entry for the token hash, or NULL. Borrowed: see zf_session_cached_t. */
const zf_session_cached_t *zf_session_cache_find(zf_session_cache_t *c,
                                                 const unsigned char hash[32]);

/* The entry for hash was found valid in the snapshot of version snap: the
 * next lookup in a snapshot of that same version may use it without a
 * query. No-op when the entry is gone. */
void zf_session_cache_validated(zf_session_cache_t *c, const unsigned char hash[32],
                                const uint64_t snap[2]);

/* Keep (replace) the entry for hash: strings are copied. snap NULL: no
 * snapshot version known (PostgreSQL, or a request outside a read
 * snapshot), so the next use reads the counter. */
void zf_session_cache_put(zf_session_cache_t *c, const unsigned char hash[32],
                          const zf_actor_t *actor, const char *csrf, int64_t expires_ms,
                          int64_t auth_version, const uint64_t snap[2]);

/* Forget the entry for hash (the lookup failed, or it expired). */
void zf_session_cache_drop(zf_session_cache_t *c, const unsigned char hash[32]);

#endif
