/* router.c — method + path → route, with "{name}" path parameters.
 *
 * Patterns are split into segments once, when the route is added; matching is
 * a linear scan that compares the method as a small number and the segment
 * count before any text, so that the scan of a few hundred routes costs well
 * under a microsecond (comparing method strings first cost 4-7 % of a kept
 * case detail's CPU, issue 12).
 *
 * Rules, in the order they decide:
 *   - A path matches a pattern when both have the same number of segments and
 *     each literal segment is equal byte for byte; "{name}" matches exactly
 *     one non-empty segment. So "/a/" (segments "a","") does not match "/a",
 *     and "//" never matches a parameter.
 *   - Among the patterns that match the path AND the method, the most
 *     specific wins: compared segment by segment from the left, a literal
 *     beats a parameter at the first place they differ. "/units/tree" thus
 *     beats "/units/{id}" for GET, whatever order they were added in.
 *   - If patterns match the path but none allows the method, the answer is
 *     "method not allowed" with every method those patterns allow (as Go's
 *     net/http mux does since 1.22).
 *   - HEAD is served by a GET route unless a HEAD route exists.
 * Invariant: the router is read-only once the server starts, so the pool
 * threads share it without locks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "http/http.h"

#define ROUTER_MAX_SEGMENTS 32

typedef struct segment {
    const char *text; /* literal text, or the parameter's name */
    size_t len;
    int is_param;
} segment_t;

#define ROUTER_MAX_METHODS 16

typedef struct entry {
    const zf_route_t *route;
    int method_id; /* index into zf_router.methods */
    size_t nseg;
    segment_t *segs; /* one malloc'd array; text points into pattern_copy */
    char *pattern_copy;
} entry_t;

struct zf_router {
    entry_t *entries;
    size_t n, cap;
    const char *methods[ROUTER_MAX_METHODS]; /* each method of the table once */
    int nmethods;
};

/* The method's number in the table, or -1 when no route has it. */
static int method_find(const zf_router_t *r, const char *method) {
    for (int i = 0; i < r->nmethods; i++)
        if (strcmp(r->methods[i], method) == 0) return i;
    return -1;
}

/* A path split into segments, pointing into the path itself. */
typedef struct split_path {
    size_t nseg;
    const char *seg[ROUTER_MAX_SEGMENTS];
    size_t len[ROUTER_MAX_SEGMENTS];
} split_path_t;

zf_router_t *zf_router_new(void) { return zf_xcalloc(1, sizeof(zf_router_t)); }

void zf_router_free(zf_router_t *r) {
    if (!r) return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->entries[i].segs);
        free(r->entries[i].pattern_copy);
    }
    free(r->entries);
    free(r);
}

/* Split "/a/b/c" into "a","b","c". Returns -1 if s does not start with '/'
 * or has more than ROUTER_MAX_SEGMENTS segments (no route is that deep, so
 * such a path simply matches nothing). */
static int split(const char *s, split_path_t *out) {
    if (s[0] != '/') return -1;
    out->nseg = 0;
    const char *p = s + 1;
    for (;;) {
        if (out->nseg == ROUTER_MAX_SEGMENTS) return -1;
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        out->seg[out->nseg] = p;
        out->len[out->nseg] = len;
        out->nseg++;
        if (!slash) return 0;
        p = slash + 1;
    }
}

/* A bad pattern is a bug in a static route table: say which and stop, so it
 * is found by the first test run rather than by a user. */
static void die_pattern(const char *pattern, const char *why) {
    fprintf(stderr, "zhifa: bad route pattern \"%s\": %s\n", pattern, why);
    abort();
}

static void parse_pattern(entry_t *e, const char *pattern) {
    split_path_t sp;
    if (split(pattern, &sp) != 0) die_pattern(pattern, "must start with / and be shallow");
    e->pattern_copy = zf_xstrdup(pattern);
    e->segs = zf_xcalloc(sp.nseg, sizeof *e->segs);
    e->nseg = sp.nseg;
    size_t nparams = 0;
    for (size_t i = 0; i < sp.nseg; i++) {
        const char *text = e->pattern_copy + (sp.seg[i] - pattern);
        size_t len = sp.len[i];
        segment_t *seg = &e->segs[i];
        if (len >= 2 && text[0] == '{' && text[len - 1] == '}') {
            if (len == 2) die_pattern(pattern, "empty parameter name");
            seg->is_param = 1;
            seg->text = text + 1;
            seg->len = len - 2;
            nparams++;
        } else {
            if (memchr(text, '{', len) || memchr(text, '}', len))
                die_pattern(pattern, "a parameter must be a whole segment");
            seg->text = text;
            seg->len = len;
        }
    }
    if (nparams > ZF_HTTP_MAX_PARAMS) die_pattern(pattern, "too many parameters");
}

static int same_shape(const entry_t *a, const entry_t *b) {
    if (a->nseg != b->nseg) return 0;
    for (size_t i = 0; i < a->nseg; i++) {
        if (a->segs[i].is_param != b->segs[i].is_param) return 0;
        if (a->segs[i].is_param) continue;
        if (a->segs[i].len != b->segs[i].len) return 0;
        if (memcmp(a->segs[i].text, b->segs[i].text, a->segs[i].len) != 0) return 0;
    }
    return 1;
}

void zf_router_add(zf_router_t *r, const zf_route_t *route) {
    entry_t e = {.route = route};
    parse_pattern(&e, route->pattern);
    e.method_id = method_find(r, route->method);
    if (e.method_id < 0) {
        if (r->nmethods == ROUTER_MAX_METHODS) die_pattern(route->pattern, "too many methods");
        e.method_id = r->nmethods;
        r->methods[r->nmethods++] = route->method;
    }
    /* Two routes with one shape and one method could never both be reached:
     * the table has a copy-paste error. */
    for (size_t i = 0; i < r->n; i++) {
        if (same_shape(&r->entries[i], &e) && r->entries[i].method_id == e.method_id)
            die_pattern(route->pattern, "duplicate route for this method");
    }
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 32;
        r->entries = zf_xrealloc(r->entries, r->cap * sizeof *r->entries);
    }
    r->entries[r->n++] = e;
}

size_t zf_router_count(const zf_router_t *r) { return r->n; }

const zf_route_t *zf_router_at(const zf_router_t *r, size_t i) {
    return i < r->n ? r->entries[i].route : NULL;
}

/* Compared from the last segment: the leading ones ("api", "v1") are the
 * same in nearly every route, the last ones tell routes apart. */
static int entry_matches(const entry_t *e, const split_path_t *sp) {
    if (e->nseg != sp->nseg) return 0;
    for (size_t i = e->nseg; i-- > 0;) {
        const segment_t *seg = &e->segs[i];
        if (seg->is_param) {
            if (sp->len[i] == 0) return 0;
            continue;
        }
        if (seg->len != sp->len[i] || (seg->len && seg->text[0] != sp->seg[i][0]) ||
            memcmp(seg->text, sp->seg[i], seg->len) != 0)
            return 0;
    }
    return 1;
}

/* Is a more specific than b? Both match the same path, so both have the same
 * number of segments. */
static int more_specific(const entry_t *a, const entry_t *b) {
    for (size_t i = 0; i < a->nseg; i++) {
        if (a->segs[i].is_param != b->segs[i].is_param) return !a->segs[i].is_param;
    }
    return 0;
}

/* The most specific entry matching the path for this method, or NULL. */
static const entry_t *best_for_method(const zf_router_t *r, const split_path_t *sp,
                                      const char *method) {
    int id = method_find(r, method);
    if (id < 0) return NULL;
    const entry_t *best = NULL;
    for (size_t i = 0; i < r->n; i++) {
        const entry_t *e = &r->entries[i];
        if (e->method_id != id || e->nseg != sp->nseg) continue;
        if (!entry_matches(e, sp)) continue;
        if (!best || more_specific(e, best)) best = e;
    }
    return best;
}

/* "GET, HEAD, POST": the methods of every route matching the path, each once,
 * in table order; HEAD follows GET because a GET route also answers HEAD. */
static const char *allow_list(const zf_router_t *r, const split_path_t *sp, zf_arena_t *arena) {
    const char *seen[32];
    size_t nseen = 0;
    char *out = zf_arena_strdup(arena, "");
    for (size_t i = 0; i < r->n && nseen < 30; i++) {
        const entry_t *e = &r->entries[i];
        if (!entry_matches(e, sp)) continue;
        const char *m = e->route->method;
        int dup = 0;
        for (size_t k = 0; k < nseen; k++)
            dup |= strcmp(seen[k], m) == 0;
        if (dup) continue;
        seen[nseen++] = m;
        out = zf_arena_printf(arena, "%s%s%s", out, *out ? ", " : "", m);
        if (strcmp(m, "GET") == 0) {
            seen[nseen++] = "HEAD";
            out = zf_arena_printf(arena, "%s, HEAD", out);
        }
    }
    return out;
}

static void copy_params(const entry_t *e, const split_path_t *sp, zf_req_t *req) {
    req->nparams = 0;
    for (size_t i = 0; i < e->nseg; i++) {
        if (!e->segs[i].is_param) continue;
        req->param_names[req->nparams] =
            zf_arena_strndup(req->arena, e->segs[i].text, e->segs[i].len);
        req->param_values[req->nparams] = zf_arena_strndup(req->arena, sp->seg[i], sp->len[i]);
        req->nparams++;
    }
}

int zf_router_match(const zf_router_t *r, zf_req_t *req, const zf_route_t **out,
                    const char **allow) {
    split_path_t sp;
    if (split(req->path, &sp) != 0) return ZF_ENOTFOUND;
    const entry_t *best = best_for_method(r, &sp, req->method);
    /* HEAD falls back to GET only when no route answers HEAD itself. */
    if (!best && strcmp(req->method, "HEAD") == 0) best = best_for_method(r, &sp, "GET");
    if (best) {
        copy_params(best, &sp, req);
        *out = best->route;
        return ZF_OK;
    }
    for (size_t i = 0; i < r->n; i++) {
        if (entry_matches(&r->entries[i], &sp)) {
            if (allow) *allow = allow_list(r, &sp, req->arena);
            return ZF_EINVAL;
        }
    }
    return ZF_ENOTFOUND;
}
