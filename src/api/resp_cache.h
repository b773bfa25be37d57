/* resp_cache.h — answers of chosen GET routes kept while the database has
 * not changed (issue 12: a case detail, a list page and the dashboard read
 * thirty-odd statements and ~10 KB of JSON for an answer that stays the same
 * until the next commit).
 *
 * An entry is valid for exactly one (connection, data version) pair
 * (zf_db_snapshot_version): any commit by any connection or process moves
 * the version, so nothing written is ever answered stale. The key holds the
 * signed-in user with their role, unit and scope, the day in China (every
 * deadline and overdue flag of these answers is counted in days) and the
 * path with every query argument. Only 200 answers without a file body are
 * kept. ZHIFA_RESPONSE_CACHE=0 turns it off (benchmarks compare both). */
#ifndef ZF_API_RESP_CACHE_H
#define ZF_API_RESP_CACHE_H

#include <stdint.h>

#include "http/http.h"

typedef struct zf_resp_cache_key {
    const char *text;    /* actor, day, path and query; in the request's arena */
    const void *conn;    /* the pool connection whose snapshot was read */
    uint64_t version[2]; /* zf_db_snapshot_version of that snapshot */
} zf_resp_cache_key_t;

/* 1 when the cache is on (ZHIFA_RESPONSE_CACHE unset or not "0"). */
int zf_resp_cache_enabled(void);

/* 1 and *resp filled (body and headers copied into the arena, header
 * X-Zhifa-Cache: hit) when an entry for key is kept; 0 otherwise. */
int zf_resp_cache_get(zf_req_t *req, const zf_resp_cache_key_t *key, zf_resp_t *resp);

/* Keep a copy of resp under key (ignored when not a 200 with an in-memory
 * body, or larger than the cache's per-entry limit). */
void zf_resp_cache_put(const zf_resp_cache_key_t *key, const zf_resp_t *resp);

#endif
