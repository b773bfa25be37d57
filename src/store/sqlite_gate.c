/* sqlite_gate.c — see sqlite_gate.h. */
#include "store/sqlite_gate.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util.h"

struct zf_sqlite_gate {
    char *path;
    int refs;
    void *writer;
    void (*destroy_writer)(void *);
    pthread_mutex_t mu;
    struct zf_sqlite_gate *next;
};

static pthread_mutex_t gates_mu = PTHREAD_MUTEX_INITIALIZER;
static zf_sqlite_gate_t *gates;

zf_sqlite_gate_t *zf_sqlite_gate_get(const char *path) {
    if (!path || !*path) return NULL;
    pthread_mutex_lock(&gates_mu);
    zf_sqlite_gate_t *g = gates;
    while (g && strcmp(g->path, path) != 0)
        g = g->next;
    if (!g) {
        g = zf_xcalloc(1, sizeof *g);
        g->path = zf_xstrdup(path);
        pthread_mutex_init(&g->mu, NULL);
        g->next = gates;
        gates = g;
    }
    g->refs++;
    pthread_mutex_unlock(&gates_mu);
    return g;
}

void zf_sqlite_gate_put(zf_sqlite_gate_t *g) {
    if (!g) return;
    pthread_mutex_lock(&gates_mu);
    if (--g->refs == 0) {
        zf_sqlite_gate_t **p = &gates;
        while (*p != g)
            p = &(*p)->next;
        *p = g->next;
        if (g->writer) g->destroy_writer(g->writer);
        pthread_mutex_destroy(&g->mu);
        free(g->path);
        free(g);
    }
    pthread_mutex_unlock(&gates_mu);
}

int zf_sqlite_gate_enter(zf_sqlite_gate_t *g, int timeout_ms) {
    if (!g) return 0;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    return pthread_mutex_timedlock(&g->mu, &until) == 0 ? 0 : -1;
}

void zf_sqlite_gate_leave(zf_sqlite_gate_t *g) {
    if (g) pthread_mutex_unlock(&g->mu);
}

int zf_sqlite_gate_users(zf_sqlite_gate_t *g) {
    if (!g) return 0;
    pthread_mutex_lock(&gates_mu);
    int n = g->refs;
    pthread_mutex_unlock(&gates_mu);
    return n;
}

void *zf_sqlite_gate_writer(zf_sqlite_gate_t *g) { return g ? g->writer : NULL; }

void zf_sqlite_gate_set_writer(zf_sqlite_gate_t *g, void *writer, void (*destroy)(void *)) {
    g->writer = writer;
    g->destroy_writer = destroy;
}
