/* session_cache.c — see session_cache.h. A set-associative table: the set
 * is chosen by the token hash's first bytes (SHA-256 output, so uniform and
 * not choosable by a client who does not know the token), two ways per set,
 * the least recently used way replaced. Direct-mapped was simpler but a
 * district has a few hundred signed-in officers at once: two sessions
 * landing on one slot would take it from each other on every request; a
 * second way removes most such conflicts for one more compare. Memory: the
 * slots (about 30 KB) are allocated on a connection's first signed-in
 * request, each entry's strings in one block when it is kept. */
#include "store/session_cache.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/backend.h"

typedef struct slot {
    unsigned char hash[32];
    int used;
    uint64_t last_use; /* the cache's tick at the last find or put */
    char *strings;     /* one block holding every string of `value` */
    size_t strings_len;
    zf_session_cached_t value;
} slot_t;

struct zf_session_cache {
    uint64_t tick;
    slot_t sets[ZF_SESSION_CACHE_SETS][ZF_SESSION_CACHE_WAYS];
};

int zf_session_cache_enabled(void) {
    static int enabled = -1;
    if (enabled < 0) {
        const char *v = getenv("ZHIFA_SESSION_CACHE");
        enabled = !(v && strcmp(v, "0") == 0);
    }
    return enabled;
}

zf_session_cache_t *zf_session_cache_of(zf_db_t *db) {
    if (!zf_session_cache_enabled()) return NULL;
    if (!db->session_cache) db->session_cache = zf_xcalloc(1, sizeof(zf_session_cache_t));
    return db->session_cache;
}

static void slot_clear(slot_t *s) {
    if (s->strings) {
        sodium_memzero(s->strings, s->strings_len); /* the CSRF token is in it */
        free(s->strings);
    }
    memset(s, 0, sizeof *s);
}

void zf_session_cache_free(zf_session_cache_t *c) {
    if (!c) return;
    for (size_t i = 0; i < ZF_SESSION_CACHE_SETS; i++)
        for (size_t w = 0; w < ZF_SESSION_CACHE_WAYS; w++)
            slot_clear(&c->sets[i][w]);
    free(c);
}

static slot_t *set_of(zf_session_cache_t *c, const unsigned char hash[32]) {
    unsigned idx = ((unsigned)hash[0] << 8 | hash[1]) % ZF_SESSION_CACHE_SETS;
    return c->sets[idx];
}

static slot_t *slot_find(zf_session_cache_t *c, const unsigned char hash[32]) {
    slot_t *set = set_of(c, hash);
    for (size_t w = 0; w < ZF_SESSION_CACHE_WAYS; w++)
        if (set[w].used && memcmp(set[w].hash, hash, 32) == 0) return &set[w];
    return NULL;
}

const zf_session_cached_t *zf_session_cache_find(zf_session_cache_t *c,
                                                 const unsigned char hash[32]) {
    slot_t *s = slot_find(c, hash);
    if (!s) return NULL;
    s->last_use = ++c->tick;
    return &s->value;
}

void zf_session_cache_validated(zf_session_cache_t *c, const unsigned char hash[32],
                                const uint64_t snap[2]) {
    slot_t *s = slot_find(c, hash);
    if (!s) return;
    s->value.has_snapshot = 1;
    s->value.snapshot[0] = snap[0];
    s->value.snapshot[1] = snap[1];
}

/* Append s (NULL stays NULL) to the block at *pos; returns the copy. */
static const char *pack(char *block, size_t *pos, const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *out = block + *pos;
    memcpy(out, s, n);
    *pos += n;
    return out;
}

static size_t len_of(const char *s) { return s ? strlen(s) + 1 : 0; }

void zf_session_cache_put(zf_session_cache_t *c, const unsigned char hash[32],
                          const zf_actor_t *actor, const char *csrf, int64_t expires_ms,
                          int64_t auth_version, const uint64_t snap[2]) {
    slot_t *s = slot_find(c, hash);
    if (!s) {
        /* an empty way, else the least recently used one */
        slot_t *set = set_of(c, hash);
        s = &set[0];
        for (size_t w = 0; w < ZF_SESSION_CACHE_WAYS; w++) {
            if (!set[w].used) {
                s = &set[w];
                break;
            }
            if (set[w].last_use < s->last_use) s = &set[w];
        }
    }
    slot_clear(s);
    size_t total = len_of(actor->username) + len_of(actor->name) + len_of(actor->role) +
                   len_of(actor->unit_path) + len_of(actor->scope_path) + len_of(csrf);
    s->strings = zf_xmalloc(total ? total : 1);
    s->strings_len = total;
    size_t pos = 0;
    memcpy(s->hash, hash, 32);
    s->used = 1;
    s->last_use = ++c->tick;
    s->value.actor.user_id = actor->user_id;
    s->value.actor.unit_id = actor->unit_id;
    s->value.actor.username = pack(s->strings, &pos, actor->username);
    s->value.actor.name = pack(s->strings, &pos, actor->name);
    s->value.actor.role = pack(s->strings, &pos, actor->role);
    s->value.actor.unit_path = pack(s->strings, &pos, actor->unit_path);
    s->value.actor.scope_path = pack(s->strings, &pos, actor->scope_path);
    s->value.csrf = pack(s->strings, &pos, csrf);
    s->value.expires_ms = expires_ms;
    s->value.auth_version = auth_version;
    s->value.has_snapshot = snap != NULL;
    if (snap) {
        s->value.snapshot[0] = snap[0];
        s->value.snapshot[1] = snap[1];
    }
}

void zf_session_cache_drop(zf_session_cache_t *c, const unsigned char hash[32]) {
    slot_t *s = slot_find(c, hash);
    if (s) slot_clear(s);
}
