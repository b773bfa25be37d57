/* resp_cache.c — see resp_cache.h. A direct-mapped table of ENTRIES slots
 * behind one mutex: a lookup is a hash, a compare of the key and a copy of
 * the body into the request's arena; a new answer replaces whatever its slot
 * held. Memory is bounded by ENTRIES × MAX_BODY and allocated only as
 * answers are kept, so the idle server pays nothing. */
#include "api/resp_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

#define ENTRIES 512
#define MAX_BODY (256 * 1024)

typedef struct entry {
    uint64_t hash;
    char *key; /* NULL: empty slot */
    const void *conn;
    uint64_t version[2];
    char *content_type;
    char *body;
    size_t body_len;
    size_t nheaders;
    char *header_names[ZF_HTTP_MAX_HEADERS];
    char *header_values[ZF_HTTP_MAX_HEADERS];
} entry_t;

static entry_t slots[ENTRIES];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

int zf_resp_cache_enabled(void) {
    static int enabled = -1;
    if (enabled < 0) {
        const char *v = getenv("ZHIFA_RESPONSE_CACHE");
        enabled = !(v && strcmp(v, "0") == 0);
    }
    return enabled;
}

/* FNV-1a over the key text and the connection: each pool connection keeps
 * its own entry for a key (its data version is its own), and the entries of
 * two connections must not take each other's slot — alternating requests
 * then rebuilt the answer every time (the dashboard's p99 went to 134 ms) */
static uint64_t hash_of(const zf_resp_cache_key_t *k) {
    uint64_t h = 1469598103934665603ULL;
    for (const char *s = k->text; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    uintptr_t c = (uintptr_t)k->conn;
    for (size_t i = 0; i < sizeof c; i++, c >>= 8)
        h = (h ^ (c & 0xff)) * 1099511628211ULL;
    return h;
}

static int matches(const entry_t *e, uint64_t h, const zf_resp_cache_key_t *k) {
    return e->key && e->hash == h && e->conn == k->conn && e->version[0] == k->version[0] &&
           e->version[1] == k->version[1] && strcmp(e->key, k->text) == 0;
}

static void entry_clear(entry_t *e) {
    free(e->key);
    free(e->content_type);
    free(e->body);
    for (size_t i = 0; i < e->nheaders; i++) {
        free(e->header_names[i]);
        free(e->header_values[i]);
    }
    memset(e, 0, sizeof *e);
}

int zf_resp_cache_get(zf_req_t *req, const zf_resp_cache_key_t *key, zf_resp_t *resp) {
    uint64_t h = hash_of(key);
    entry_t *e = &slots[h % ENTRIES];
    pthread_mutex_lock(&mu);
    if (!matches(e, h, key)) {
        pthread_mutex_unlock(&mu);
        return 0;
    }
    char *body = zf_arena_alloc_uninit(req->arena, e->body_len + 1);
    memcpy(body, e->body, e->body_len);
    body[e->body_len] = 0;
    const char *ctype = zf_arena_strdup(req->arena, e->content_type);
    size_t nh = e->nheaders;
    const char *names[ZF_HTTP_MAX_HEADERS], *values[ZF_HTTP_MAX_HEADERS];
    for (size_t i = 0; i < nh; i++) {
        names[i] = zf_arena_strdup(req->arena, e->header_names[i]);
        values[i] = zf_arena_strdup(req->arena, e->header_values[i]);
    }
    size_t len = e->body_len;
    pthread_mutex_unlock(&mu);
    zf_resp_text(resp, 200, ctype, body, len);
    for (size_t i = 0; i < nh; i++)
        zf_resp_header(resp, names[i], values[i]);
    zf_resp_header(resp, "X-Zhifa-Cache", "hit");
    return 1;
}

void zf_resp_cache_put(const zf_resp_cache_key_t *key, const zf_resp_t *resp) {
    if (resp->status != 200 || resp->has_body_fd || !resp->body || resp->body_len > MAX_BODY)
        return;
    entry_t fresh = {
        .hash = hash_of(key),
        .key = zf_xstrdup(key->text),
        .conn = key->conn,
        .version = {key->version[0], key->version[1]},
        .content_type = zf_xstrdup(resp->content_type ? resp->content_type : ""),
        .body = zf_xmalloc(resp->body_len ? resp->body_len : 1),
        .body_len = resp->body_len,
        .nheaders = resp->nheaders,
    };
    memcpy(fresh.body, resp->body, resp->body_len);
    for (size_t i = 0; i < resp->nheaders; i++) {
        fresh.header_names[i] = zf_xstrdup(resp->header_names[i]);
        fresh.header_values[i] = zf_xstrdup(resp->header_values[i]);
    }
    pthread_mutex_lock(&mu);
    entry_t *e = &slots[fresh.hash % ENTRIES];
    entry_t old = *e;
    *e = fresh;
    pthread_mutex_unlock(&mu);
    entry_clear(&old);
}
