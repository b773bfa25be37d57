/* arena.h — a region allocator: one per request and per CLI command.
 *
 * Everything allocated while serving a request comes from its arena and is
 * released at once by zf_arena_free(). Cleanup hooks run (last registered
 * first) before the memory goes, for things that own outside resources
 * (json_t references, statements, temp files). Allocation never returns
 * NULL: out of memory aborts through zf_xmalloc (see util.h).
 * Not thread-safe: an arena belongs to one request on one thread. */
#ifndef ZF_CORE_ARENA_H
#define ZF_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct zf_arena zf_arena_t;

/* Create an empty arena. Free it with zf_arena_free(). */
zf_arena_t *zf_arena_new(void);

/* Run cleanup hooks (newest first) and release every block. NULL is a no-op. */
void zf_arena_free(zf_arena_t *a);

/* n bytes, aligned for any type, zero-filled. */
void *zf_arena_alloc(zf_arena_t *a, size_t n);
/* As zf_arena_alloc without zeroing: for bytes the caller writes at once
 * (copies, formatted text), where zeroing 11 KB answers cost 5 % of a
 * kept case detail's CPU. */
void *zf_arena_alloc_uninit(zf_arena_t *a, size_t n);

/* Copy of s (NULL gives NULL); zf_arena_strndup copies at most n bytes and
 * always terminates. */
char *zf_arena_strdup(zf_arena_t *a, const char *s);
char *zf_arena_strndup(zf_arena_t *a, const char *s, size_t n);

/* printf into the arena. */
char *zf_arena_printf(zf_arena_t *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *zf_arena_vprintf(zf_arena_t *a, const char *fmt, va_list ap);

/* Room for one more element in an arena array of `count` elements of `elem`
 * bytes with capacity *cap: returns items itself, or (when full, or when
 * items is NULL) a copy with twice the room and *cap updated. The old copy
 * stays in the arena until it is freed. */
void *zf_arena_reserve(zf_arena_t *a, void *items, size_t *cap, size_t count, size_t elem);

/* Register fn(ctx) to run when the arena is freed. */
void zf_arena_defer(zf_arena_t *a, void (*fn)(void *), void *ctx);

/* Bytes handed out so far (for tests and limits). */
size_t zf_arena_used(const zf_arena_t *a);

#endif
