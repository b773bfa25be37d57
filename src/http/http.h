/* http.h — the HTTP layer: a libmicrohttpd server, a router with path
 * parameters, request/response helpers and static files.
 *
 * Knows nothing about enforcement: the API layer registers routes and a
 * dispatch hook (sessions, CSRF, permissions live there). Every request gets
 * its own arena; everything a handler allocates comes from it.
 *
 * What the server answers by itself, never reaching a handler:
 *   unknown route under /api/            404 http.not_found
 *   known path, wrong method             405 http.method_not_allowed + Allow
 *   body over the limit                  413 http.body_too_large
 *   body on a JSON route, not JSON       415 http.unsupported_media_type
 *   anything else outside /api/          static file from static_dir, or
 *                                        index.html (SPA fallback), or 404
 * Errors use the envelope {"error":{"code","message","field"}}. */
#ifndef ZF_HTTP_HTTP_H
#define ZF_HTTP_HTTP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"

#define ZF_HTTP_MAX_PARAMS 8
#define ZF_HTTP_MAX_HEADERS 16

typedef struct zf_req {
    zf_arena_t *arena;
    const char *method; /* "GET", "POST", … */
    const char *path;   /* decoded path without query, "/api/v1/units/3" */
    const char *body;   /* NUL-terminated copy of the body, "" if none */
    size_t body_len;
    const char *remote_ip; /* "127.0.0.1" */
    int64_t started_us;    /* monotonic microseconds when the request began */
    size_t nparams;        /* route parameters, "{id}" in the pattern */
    const char *param_names[ZF_HTTP_MAX_PARAMS];
    const char *param_values[ZF_HTTP_MAX_PARAMS];
    void *app;        /* the server's app pointer (zf_http_opts.app) */
    void *session;    /* for the dispatch hook's use; NULL at start */
    void *conn__;     /* private: struct MHD_Connection * */
    void *verbatim__; /* private: JSON texts placed as they are (zf_req_json_text) */
} zf_req_t;

typedef struct zf_resp {
    int status; /* 0 until set */
    const char *content_type;
    const char *body; /* arena or static memory */
    size_t body_len;
    size_t nheaders;
    const char *header_names[ZF_HTTP_MAX_HEADERS];
    const char *header_values[ZF_HTTP_MAX_HEADERS];
    int has_body_fd; /* body is the file body_fd (zf_resp_file), not body */
    int body_fd;
    uint64_t body_fd_size;
} zf_resp_t;

/* Request accessors; all return NULL when absent. Strings are borrowed. */
const char *zf_req_header(zf_req_t *req, const char *name); /* case-insensitive */
const char *zf_req_query(zf_req_t *req, const char *name);  /* decoded; "?flag" gives "" */
const char *zf_req_cookie(zf_req_t *req, const char *name);
/* Every query argument in the order sent, each name and value prefixed by its
 * length ("4:from10:2026-01-01…"), so two requests with the same string asked
 * the same; "" when there is none. In the arena. */
const char *zf_req_query_all(zf_req_t *req);
const char *zf_req_param(zf_req_t *req, const char *name); /* route parameter */

/* Parse the body as a JSON object (JSON_REJECT_DUPLICATES). On failure fills
 * err with 400 http.bad_json and the line/column/position in the message, and
 * returns NULL. The json_t is released with the arena. */
json_t *zf_req_json(zf_req_t *req, zf_error_t *err);

/* A value for this request's answer that is a stored JSON text (an object
 * or array, as jansson's compact dump wrote it): the answer carries the text
 * as it is instead of parsing it into a tree and writing the tree out again
 * (issue 12: a case's stored discretion answers were a seventh of a case
 * edit's CPU). Only when the text is exactly what that round trip would
 * give — compact, canonical escapes, integers, no repeated key — otherwise,
 * and for anything zf_resp_json does not write (a log event), it is
 * parsed. NULL, "" or text that does not parse give {}. text must live as
 * long as the request's arena. New reference, for this request's answer
 * only. */
json_t *zf_req_json_text(zf_req_t *req, const char *text);

/* Response helpers. zf_resp_json steals the reference to v and serialises it
 * compactly into the arena (JSON_COMPACT, as jansson writes it). */
void zf_resp_json(zf_req_t *req, zf_resp_t *resp, int status, json_t *v);
void zf_resp_error(zf_req_t *req, zf_resp_t *resp, const zf_error_t *err);
void zf_resp_text(zf_resp_t *resp, int status, const char *content_type, const char *body,
                  size_t len);
/* name and value are borrowed until the response is sent: static or arena
 * memory. A Cache-Control set here replaces the default "no-store". */
void zf_resp_header(zf_resp_t *resp, const char *name, const char *value);
void zf_resp_empty(zf_resp_t *resp, int status); /* e.g. 204 */
/* Answer with the first `size` bytes of the open file fd (an export built in
 * an unlinked temp file): memory stays flat whatever the size. The server
 * owns fd from here on and closes it when the response is gone. */
void zf_resp_file(zf_resp_t *resp, int status, const char *content_type, int fd, uint64_t size);

/* ---- deferred answers (issue 9: slow work off the pool thread, STACK.md) ----
 * A handler that hands slow work (a PDF) to another thread calls
 * zf_req_suspend(req) and returns without an answer: the pool thread goes on
 * serving its other connections. From then on the other thread owns req and
 * resp (the arena too) and calls zf_req_resume(req) exactly once, after
 * filling resp; the server then sends resp. The connection waits until then
 * (suspended connections never time out: always resume). The API layer
 * returns the request's database connection when the handler returns: the
 * other thread borrows its own (api/documents.c). */
void zf_req_suspend(zf_req_t *req);
void zf_req_resume(zf_req_t *req);

/* ---- router ---- */

typedef void (*zf_handler_fn)(zf_req_t *req, zf_resp_t *resp);

enum {
    ZF_ROUTE_JSON_BODY = 1 << 0, /* requires Content-Type: application/json (415) */
    ZF_ROUTE_PUBLIC = 1 << 1,    /* no session needed (for the dispatch hook) */
    ZF_ROUTE_NO_CSRF = 1 << 2,   /* state-changing but exempt from CSRF (login) */
    ZF_ROUTE_UPLOAD = 1 << 3,    /* a file upload: body limit is upload_limit, not body_limit */
    /* the exchange API (issue 11): authenticated by an `Authorization: Bearer`
     * token of a partner agency, never by a session; no CSRF (no cookie) */
    ZF_ROUTE_EXCHANGE = 1 << 4,
    /* a GET whose answer depends only on the database, the signed-in user
     * and the day: kept until the next commit (api/resp_cache.h) */
    ZF_ROUTE_CACHE = 1 << 5
};

typedef struct zf_route {
    const char *method;
    const char *pattern; /* "/api/v1/units/{id}"; a segment "{name}" matches one segment */
    zf_handler_fn handler;
    int flags;
    const char *action; /* permission action name, for the dispatch hook and the matrix */
} zf_route_t;

typedef struct zf_router zf_router_t;

zf_router_t *zf_router_new(void);
void zf_router_free(zf_router_t *r);
/* Add a route; the route struct must outlive the router (static tables).
 * Aborts on a malformed pattern or a second route with the same method and
 * pattern shape: both are bugs in a static table. */
void zf_router_add(zf_router_t *r, const zf_route_t *route);

/* Find the route for method+path. Among the patterns matching path and
 * method, literal segments beat parameters ("/units/tree" over
 * "/units/{id}"); HEAD uses the GET route when there is no HEAD route.
 * Returns 0 and sets *out and the params in
 * req (names and values copied into req->arena); ZF_ENOTFOUND when no pattern
 * matches the path; ZF_EINVAL when the path matches but not the method, with
 * the allowed methods ("GET, POST") written into allow (arena string). */
int zf_router_match(const zf_router_t *r, zf_req_t *req, const zf_route_t **out,
                    const char **allow);

/* All routes in insertion order (for the permission matrix and OpenAPI). */
size_t zf_router_count(const zf_router_t *r);
const zf_route_t *zf_router_at(const zf_router_t *r, size_t i);

/* ---- server ---- */

/* Called for every matched route instead of calling the handler directly, so
 * the API layer can load the session, check CSRF and permission, then call
 * route->handler. If NULL, the handler is called directly. */
typedef void (*zf_dispatch_fn)(zf_req_t *req, zf_resp_t *resp, const zf_route_t *route);

typedef struct zf_http_opts {
    const char *listen_host; /* "127.0.0.1" */
    unsigned short port;     /* 0 = pick a free port (see zf_http_port) */
    unsigned threads;        /* worker threads in the pool; 0 = number of CPUs */
    size_t body_limit;       /* bytes; larger bodies get 413 */
    size_t upload_limit;     /* bytes, for ZF_ROUTE_UPLOAD routes; 0 = 32 MiB */
    const char *static_dir;  /* web/dist, or NULL for no static files */
    const zf_router_t *router;
    zf_dispatch_fn dispatch;
    void *app;        /* handed to handlers as req->app */
    int log_requests; /* one line per request on stderr */
    /* Comma-separated IP literals of reverse proxies (nginx) whose
     * X-Real-IP header names the client; NULL = trust no header. Behind a
     * proxy every peer is the proxy, so without this the login throttle
     * would count all users as one address. */
    const char *trusted_proxies;
} zf_http_opts_t;

typedef struct zf_http zf_http_t;

/* Start listening. Returns NULL and fills err if the address cannot be bound
 * or trusted_proxies holds something that is not an IP address. */
zf_http_t *zf_http_start(const zf_http_opts_t *opts, zf_error_t *err);
/* The port actually bound (useful with port 0). */
unsigned short zf_http_port(const zf_http_t *h);
/* Stop accepting, let in-flight requests finish (waiting at most 10 s),
 * free everything. */
void zf_http_stop(zf_http_t *h);

#endif
