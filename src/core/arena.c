/* arena.c — see arena.h. Blocks grow geometrically; big requests get a block
 * of their own so one large body does not waste a whole chunk. */
#include "core/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

#define ARENA_FIRST_BLOCK 4096
#define ARENA_MAX_BLOCK (1u << 20)
#define ARENA_ALIGN 16

struct block {
    struct block *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

struct deferred {
    struct deferred *next;
    void (*fn)(void *);
    void *ctx;
};

struct zf_arena {
    struct block *head;
    struct deferred *defers;
    size_t next_size;
    size_t total;
};

zf_arena_t *zf_arena_new(void) {
    zf_arena_t *a = zf_xcalloc(1, sizeof *a);
    a->next_size = ARENA_FIRST_BLOCK;
    return a;
}

void zf_arena_free(zf_arena_t *a) {
    if (!a) return;
    struct deferred *d = a->defers;
    while (d) {
        struct deferred *next = d->next;
        d->fn(d->ctx);
        d = next;
    }
    struct block *b = a->head;
    while (b) {
        struct block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

static struct block *arena_grow(zf_arena_t *a, size_t need) {
    if (need > a->next_size && a->head) {
        /* A large request gets a block of its own, linked behind the head so
         * the head's free space stays usable for small requests. */
        struct block *big = zf_xmalloc(sizeof *big + need);
        big->size = need;
        big->used = 0;
        big->next = a->head->next;
        a->head->next = big;
        return big;
    }
    size_t size = need > a->next_size ? need : a->next_size;
    struct block *b = zf_xmalloc(sizeof *b + size);
    b->size = size;
    b->used = 0;
    b->next = a->head;
    a->head = b;
    if (a->next_size < ARENA_MAX_BLOCK) a->next_size *= 2;
    return b;
}

void *zf_arena_alloc_uninit(zf_arena_t *a, size_t n) {
    if (n == 0) n = 1;
    size_t rounded = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (rounded < n) abort(); /* overflow */
    struct block *b = a->head;
    if (!b || b->size - b->used < rounded) b = arena_grow(a, rounded);
    void *p = b->data + b->used;
    b->used += rounded;
    a->total += rounded;
    return p;
}

void *zf_arena_alloc(zf_arena_t *a, size_t n) {
    void *p = zf_arena_alloc_uninit(a, n);
    memset(p, 0, n ? n : 1);
    return p;
}

char *zf_arena_strndup(zf_arena_t *a, const char *s, size_t n) {
    if (!s) return NULL;
    size_t len = strnlen(s, n);
    char *p = zf_arena_alloc_uninit(a, len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *zf_arena_strdup(zf_arena_t *a, const char *s) {
    if (!s) return NULL;
    return zf_arena_strndup(a, s, strlen(s));
}

char *zf_arena_vprintf(zf_arena_t *a, const char *fmt, va_list ap) {
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) abort();
    char *p = zf_arena_alloc_uninit(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *zf_arena_printf(zf_arena_t *a, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *p = zf_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void *zf_arena_reserve(zf_arena_t *a, void *items, size_t *cap, size_t count, size_t elem) {
    if (items && count < *cap) return items;
    size_t new_cap = *cap ? *cap * 2 : 8;
    if (new_cap < *cap || new_cap > SIZE_MAX / elem) abort(); /* overflow */
    void *bigger = zf_arena_alloc(a, new_cap * elem);
    if (items && count) memcpy(bigger, items, count * elem);
    *cap = new_cap;
    return bigger;
}

void zf_arena_defer(zf_arena_t *a, void (*fn)(void *), void *ctx) {
    struct deferred *d = zf_arena_alloc(a, sizeof *d);
    d->fn = fn;
    d->ctx = ctx;
    d->next = a->defers;
    a->defers = d;
}

size_t zf_arena_used(const zf_arena_t *a) { return a->total; }
