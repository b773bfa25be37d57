/* case_cfg_cache.c — the configuration a case is judged by, loaded once per
 * (China day, configuration generation) and shared by the requests of the
 * process (see zf_case_cfg_load in case_api.h).
 *
 * Why: every case request loaded the calendar, the dated legal parameters
 * (twice), the deadline rules and the officer rules — about a fifth of a
 * case detail's CPU — though they change a few times a year. The generation
 * row (migration 044) moves in the writer's transaction whenever one of
 * their tables changes, from this process, another process on the same
 * database, or by hand, so one primary-key read per request tells whether
 * the shared copy is still the database's.
 *
 * Lifetime: the shared copy lives in an arena of its own with a reference
 * count; the cache holds one reference and every request that uses it holds
 * one until its arena is freed (the pointers inside the configuration —
 * calendar days, parameter texts — point into that arena). A newer copy
 * replaces it in the cache; the old one is freed by its last user. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/case_api.h"
#include "store/catalogue.h"

typedef struct cfg_entry {
    atomic_int refs;
    zf_arena_t *arena;
    char today[11];
    int64_t generation;
    char instance[33];
    zf_case_cfg_t cfg;
} cfg_entry_t;

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static cfg_entry_t *cached;

static void entry_release(void *p) {
    cfg_entry_t *e = p;
    if (atomic_fetch_sub(&e->refs, 1) == 1) zf_arena_free(e->arena);
}

int zf_case_cfg_load(zf_db_t *db, zf_arena_t *a, zf_case_cfg_t *cfg, zf_error_t *err) {
    /* Inside a transaction the shared copy serves when the generation this
     * transaction reads is the copy's: a change of the four tables made in
     * the transaction itself moved the generation (the triggers run in it),
     * so it misses and loads fresh. What a transaction loads is never shared:
     * it may roll back. (Issue 12: every case edit loaded it twice, fresh,
     * a quarter of the edit's CPU.) */
    int in_tx = zf_db_in_transaction(db);
    char today[11];
    zf_api_today(today);
    int64_t gen = 0;
    char instance[33];
    int rc = zf_config_generation(db, &gen, instance, err);
    if (rc) return rc;

    pthread_mutex_lock(&cache_mu);
    cfg_entry_t *e = cached;
    if (e && e->generation == gen && strcmp(e->today, today) == 0 &&
        strcmp(e->instance, instance) == 0)
        atomic_fetch_add(&e->refs, 1);
    else
        e = NULL;
    pthread_mutex_unlock(&cache_mu);

    if (!e && in_tx) return zf_case_cfg_load_fresh(db, a, cfg, err);
    if (!e) {
        /* Load outside the lock: two requests may both load after a change;
         * the later one's copy stays, the other is freed by its user. */
        zf_arena_t *ea = zf_arena_new();
        e = zf_arena_alloc(ea, sizeof *e);
        memset(e, 0, sizeof *e);
        e->arena = ea;
        e->generation = gen;
        snprintf(e->instance, sizeof e->instance, "%s", instance);
        rc = zf_case_cfg_load_fresh(db, ea, &e->cfg, err);
        if (rc) {
            zf_arena_free(ea);
            return rc;
        }
        /* the day it was loaded for, not a later one crossing midnight */
        snprintf(e->today, sizeof e->today, "%s", e->cfg.today);
        atomic_init(&e->refs, 2); /* the cache's and this request's */
        pthread_mutex_lock(&cache_mu);
        cfg_entry_t *old = cached;
        cached = e;
        pthread_mutex_unlock(&cache_mu);
        if (old) entry_release(old);
    }
    zf_arena_defer(a, entry_release, e);
    *cfg = e->cfg;
    return 0;
}
