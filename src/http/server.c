/* server.c — the libmicrohttpd daemon and the life of one request.
 *
 * Mode: an internal thread pool, each thread with its own epoll set (see
 * STACK.md for why, and for the traps this file works around).
 *
 * Life of a request, and the MHD callbacks that see it:
 *   on_uri        request line read: allocate the context and its arena, note
 *                 whether the raw path had "%00" (MHD decodes it into a NUL
 *                 that silently cuts the path short, so later we could not
 *                 tell "/a%00b" from "/a").
 *   on_access #1  headers read: check Content-Length against the limit.
 *                 Nothing is queued here if it can be helped: 0.9.75 answers
 *                 "Connection: close" to a response queued on the first call,
 *                 which kills keep-alive.
 *   on_access #2… body chunks: appended to a buffer capped at body_limit;
 *                 past the cap they are read and dropped (up to DRAIN_MAX,
 *                 so the client can read our 413 instead of seeing a reset;
 *                 past that the connection is cut: 0.9.75 refuses a
 *                 response queued while the body is still arriving).
 *   on_access end upload_data_size == 0: route, run the handler, queue.
 *   on_completed  response sent or connection gone: log line, free.
 *
 * The context is owned by MHD's connection slot (con_cls) from on_uri to
 * on_completed; nothing else holds it, so no locking is needed. The only
 * state shared between pool threads is the read-only options, router and
 * static root, and the atomic in-flight counter used by zf_http_stop. */
#include <arpa/inet.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"
#include "http/internal.h"

#define CONN_MEMORY_LIMIT (64u * 1024u) /* a 20 KB cookie or a 40 KB URL must fit */
#define CONN_TIMEOUT_S 30u
/* Connections one client address may hold. Not applied when listening on
 * loopback: there the only client is the reverse proxy in front (DESIGN.md),
 * and a per-address cap would cap the whole site. */
#define PER_IP_LIMIT 64u
/* Bytes past body_limit we still read (and drop) so that the client, which
 * is busy sending, sees our 413 instead of a connection reset. A declared
 * Content-Length beyond this is answered at once (and the connection
 * closed); a chunked body that runs beyond it is cut off. */
#define DRAIN_MAX (8u * 1024u * 1024u)
/* Longest path written to the request log: the URL limit is far higher. */
#define LOG_PATH_MAX 1024
/* How long zf_http_stop waits for requests in progress. */
#define STOP_GRACE_MS 10000

#define MAX_TRUSTED_PROXIES 16

struct zf_http {
    struct MHD_Daemon *daemon;
    zf_http_opts_t opts; /* router, app and dispatch are borrowed */
    /* opts.trusted_proxies parsed and normalised by inet_ntop, so that
     * "::1" and "0:0::1" compare equal to the peer's text form. */
    char proxies[MAX_TRUSTED_PROXIES][INET6_ADDRSTRLEN];
    size_t nproxies;
    zf_http__static_t st;
    unsigned short port;
    atomic_int inflight; /* contexts alive: from on_uri to on_completed */
};

typedef struct req_ctx {
    zf_http_t *server;
    zf_req_t req;
    zf_resp_t resp;
    int headers_seen; /* the first access-handler call has happened */
    int path_has_nul; /* the raw path contained %00 */
    int too_large;    /* declared or received body over the limit */
    int queued;       /* a response is queued; ignore what follows */
    unsigned status;  /* status queued, for the log */
    char *body;       /* malloc'd, grown up to body_limit + 1 */
    size_t body_len, body_cap;
    size_t drained; /* bytes dropped after too_large */
    size_t limit;   /* body limit for this request: the route's, else the server's */
    int defer;      /* deferred answer (zf_req_suspend): DEFER_* below, under defer_mu */
} req_ctx_t;

/* Deferred answers (zf_req_suspend/resume). The handler asks to suspend
 * (REQUESTED); answer() suspends the MHD connection when the handler has
 * returned (SUSPENDED) — unless the worker already finished (DONE_EARLY);
 * the worker's resume either resumes the connection (RESUMED) or, when it
 * beats answer(), only marks it done. One lock for all: deferrals are few. */
enum { DEFER_NONE, DEFER_REQUESTED, DEFER_SUSPENDED, DEFER_DONE_EARLY, DEFER_RESUMED };
static pthread_mutex_t defer_mu = PTHREAD_MUTEX_INITIALIZER;

static req_ctx_t *ctx_of(zf_req_t *req) {
    return (req_ctx_t *)(void *)((char *)req - offsetof(req_ctx_t, req));
}

void zf_req_suspend(zf_req_t *req) {
    pthread_mutex_lock(&defer_mu);
    ctx_of(req)->defer = DEFER_REQUESTED;
    pthread_mutex_unlock(&defer_mu);
}

void zf_req_resume(zf_req_t *req) {
    req_ctx_t *ctx = ctx_of(req);
    pthread_mutex_lock(&defer_mu);
    if (ctx->defer == DEFER_SUSPENDED) {
        ctx->defer = DEFER_RESUMED;
        MHD_resume_connection((struct MHD_Connection *)req->conn__);
    } else {
        ctx->defer = DEFER_DONE_EARLY;
    }
    pthread_mutex_unlock(&defer_mu);
}

static int64_t monotonic_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap) {
    (void)cls;
    /* One buffer and one fputs so lines from pool threads do not interleave. */
    char line[512];
    int n = snprintf(line, sizeof line, "zhifa http: ");
    vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    size_t len = strlen(line);
    if (len && line[len - 1] != '\n' && len + 1 < sizeof line) {
        line[len] = '\n';
        line[len + 1] = '\0';
    }
    fputs(line, stderr);
}

/* ---- context ---- */

static const char *client_ip(struct MHD_Connection *conn, zf_arena_t *arena) {
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char buf[INET6_ADDRSTRLEN] = "-";
    if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)ci->client_addr;
        inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof buf);
    } else if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ci->client_addr;
        inet_ntop(AF_INET6, &sin6->sin6_addr, buf, sizeof buf);
    }
    return zf_arena_strdup(arena, buf);
}

/* The text form of an IPv4 or IPv6 literal, normalised; 0 if s is not one. */
static int normalise_ip(const char *s, size_t n, char out[INET6_ADDRSTRLEN]) {
    char buf[INET6_ADDRSTRLEN];
    unsigned char bin[sizeof(struct in6_addr)];
    if (n == 0 || n >= sizeof buf) return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (inet_pton(AF_INET, buf, bin) == 1)
        return inet_ntop(AF_INET, bin, out, INET6_ADDRSTRLEN) != NULL;
    if (inet_pton(AF_INET6, buf, bin) == 1)
        return inet_ntop(AF_INET6, bin, out, INET6_ADDRSTRLEN) != NULL;
    return 0;
}

/* Behind a trusted proxy the client is the one its X-Real-IP names (nginx:
 * proxy_set_header X-Real-IP $remote_addr, which overwrites whatever the
 * client sent). From any other peer the header is ignored: a client cannot
 * pick its own address to dodge the login throttle. */
static void apply_real_ip(req_ctx_t *ctx, struct MHD_Connection *conn) {
    zf_http_t *h = ctx->server;
    size_t i = 0;
    while (i < h->nproxies && strcmp(h->proxies[i], ctx->req.remote_ip) != 0)
        i++;
    if (i == h->nproxies) return;
    const char *v = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Real-IP");
    char ip[INET6_ADDRSTRLEN];
    if (v && normalise_ip(v, strlen(v), ip))
        ctx->req.remote_ip = zf_arena_strdup(ctx->req.arena, ip);
}

/* Does the path part of the raw URI (before '?') contain "%00"? */
static int raw_path_has_nul(const char *uri) {
    for (const char *p = uri; *p && *p != '?'; p++) {
        if (p[0] == '%' && p[1] == '0' && p[2] == '0') return 1;
    }
    return 0;
}

static req_ctx_t *ctx_new(zf_http_t *h, struct MHD_Connection *conn, const char *uri) {
    req_ctx_t *ctx = zf_xcalloc(1, sizeof *ctx);
    ctx->server = h;
    zf_req_t *req = &ctx->req;
    req->arena = zf_arena_new();
    req->started_us = monotonic_us();
    req->app = h->opts.app;
    req->conn__ = conn;
    req->method = "-";
    req->body = "";
    req->remote_ip = client_ip(conn, req->arena);
    /* Until the handler sees the decoded path, log the raw one. */
    const char *q = uri ? strchr(uri, '?') : NULL;
    req->path = uri ? zf_arena_strndup(req->arena, uri, q ? (size_t)(q - uri) : strlen(uri)) : "-";
    ctx->path_has_nul = uri ? raw_path_has_nul(uri) : 0;
    atomic_fetch_add(&h->inflight, 1);
    return ctx;
}

static void ctx_free(req_ctx_t *ctx) {
    atomic_fetch_sub(&ctx->server->inflight, 1);
    zf_arena_free(ctx->req.arena);
    free(ctx->body);
    free(ctx);
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn) {
    return ctx_new(cls, conn, uri);
}

/* ---- request log ---- */

static int needs_quotes(const char *s, size_t n) {
    if (n == 0 || !zf_utf8_valid_text(s, n)) return 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f) return 1;
    }
    return 0;
}

/* A logfmt value: bare when safe, else quoted with \" \\ and \xNN for
 * control characters and bytes that are not valid UTF-8. */
static const char *logfmt_value(zf_arena_t *arena, const char *s) {
    size_t n = strlen(s);
    int cut = n > LOG_PATH_MAX;
    if (cut) n = LOG_PATH_MAX;
    if (!cut && !needs_quotes(s, n)) return s;
    int valid = zf_utf8_valid_text(s, n);
    char *out = zf_arena_alloc_uninit(arena, 4 * n + 8);
    size_t o = 0;
    out[o++] = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            out[o++] = '\\';
            out[o++] = (char)c;
        } else if (c < ' ' || c == 0x7f || (c >= 0x80 && !valid)) {
            o += (size_t)snprintf(out + o, 5, "\\x%02x", c);
        } else {
            out[o++] = (char)c;
        }
    }
    if (cut) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o++] = '"';
    out[o] = '\0';
    return out;
}

static const char *termination_name(enum MHD_RequestTerminationCode toe) {
    switch (toe) {
    case MHD_REQUEST_TERMINATED_COMPLETED_OK: return NULL;
    case MHD_REQUEST_TERMINATED_WITH_ERROR: return "error";
    case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED: return "timeout";
    case MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN: return "shutdown";
    case MHD_REQUEST_TERMINATED_READ_ERROR: return "read_error";
    case MHD_REQUEST_TERMINATED_CLIENT_ABORT: return "client_abort";
    default: return "other";
    }
}

/* status=0 means we queued nothing: MHD answered by itself (400, 414, 431,
 * 505) or the client went away; end= says how the request ended when it
 * was not a completed answer. */
static void log_request(req_ctx_t *ctx, enum MHD_RequestTerminationCode toe) {
    zf_req_t *req = &ctx->req;
    char now[32];
    zf_now_iso(now);
    double dur_ms = (double)(monotonic_us() - req->started_us) / 1000.0;
    const char *end = termination_name(toe);
    /* One fprintf per line: stdio locks the stream for the whole call. */
    fprintf(stderr, "time=%s method=%s path=%s status=%u dur_ms=%.2f ip=%s%s%s\n", now,
            logfmt_value(req->arena, req->method), logfmt_value(req->arena, req->path), ctx->status,
            dur_ms, req->remote_ip, end ? " end=" : "", end ? end : "");
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
    (void)conn;
    zf_http_t *h = cls;
    req_ctx_t *ctx = *con_cls;
    if (!ctx) return;
    if (h->opts.log_requests) log_request(ctx, toe);
    ctx_free(ctx);
    *con_cls = NULL;
}

/* ---- building the answer ---- */

static int has_header(const zf_resp_t *resp, const char *name) {
    for (size_t i = 0; i < resp->nheaders; i++) {
        if (strcasecmp(resp->header_names[i], name) == 0) return 1;
    }
    return 0;
}

/* Turn resp into an MHD response. The body is copied: MHD may still hold the
 * response when on_completed frees the arena on an aborted connection. */
static struct MHD_Response *response_from(const zf_resp_t *resp) {
    int bodyless = resp->status == 204 || resp->status == 304 || resp->status < 200;
    size_t len = bodyless || !resp->body ? 0 : resp->body_len;
    struct MHD_Response *r =
        resp->has_body_fd ? MHD_create_response_from_fd64(resp->body_fd_size, resp->body_fd)
        : len ? MHD_create_response_from_buffer(len, (void *)resp->body, MHD_RESPMEM_MUST_COPY)
              : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!r) return NULL;
    if (resp->content_type && !bodyless)
        MHD_add_response_header(r, "Content-Type", resp->content_type);
    for (size_t i = 0; i < resp->nheaders; i++) {
        /* MHD refuses values with CR or LF: a handler bug, never a split
         * response. */
        if (MHD_add_response_header(r, resp->header_names[i], resp->header_values[i]) != MHD_YES)
            fprintf(stderr, "zhifa http: response header %s refused\n", resp->header_names[i]);
    }
    /* API answers are personal and change with every write. */
    if (!has_header(resp, "Cache-Control")) MHD_add_response_header(r, "Cache-Control", "no-store");
    zf_http__add_security_headers(r, resp->content_type);
    return r;
}

static int is_api_path(const char *path) {
    return strcmp(path, "/api") == 0 || strncmp(path, "/api/", 5) == 0;
}

static int method_has_body(const char *method) {
    return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
           strcmp(method, "PATCH") == 0;
}

static void run_route(req_ctx_t *ctx) {
    zf_http_t *h = ctx->server;
    zf_req_t *req = &ctx->req;
    zf_resp_t *resp = &ctx->resp;
    const zf_route_t *route = NULL;
    const char *allow = NULL;
    int rc = h->opts.router ? zf_router_match(h->opts.router, req, &route, &allow) : ZF_ENOTFOUND;
    if (rc == ZF_ENOTFOUND) {
        zf_http__resp_fail(req, resp, 404, "http.not_found", "请求的接口不存在");
        return;
    }
    if (rc != ZF_OK) {
        zf_http__resp_fail(req, resp, 405, "http.method_not_allowed", "该接口不支持此请求方法");
        if (allow) zf_resp_header(resp, "Allow", allow);
        return;
    }
    if ((route->flags & ZF_ROUTE_JSON_BODY) && method_has_body(req->method) &&
        !zf_http__is_json_type(zf_req_header(req, "Content-Type"))) {
        zf_http__resp_fail(req, resp, 415, "http.unsupported_media_type",
                           "请求体必须是 JSON（Content-Type: application/json）");
        return;
    }
    if (h->opts.dispatch)
        h->opts.dispatch(req, resp, route);
    else
        route->handler(req, resp);
    if (ctx->defer) return; /* deferred: another thread fills resp (zf_req_suspend) */
    if (resp->status < 100 || resp->status > 599) {
        fprintf(stderr, "zhifa http: BUG: %s %s (route %s) left no valid response (status %d)\n",
                req->method, req->path, route->pattern, resp->status);
        memset(resp, 0, sizeof *resp);
        zf_http__resp_fail(req, resp, 500, "http.no_response", "服务器内部错误：未生成应答");
    }
}

static enum MHD_Result queue(req_ctx_t *ctx, struct MHD_Connection *conn, struct MHD_Response *r,
                             unsigned status) {
    if (!r) return MHD_NO; /* out of memory in MHD: drop the connection */
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    ctx->queued = 1;
    ctx->status = status;
    return ret;
}

static enum MHD_Result answer_413(req_ctx_t *ctx, struct MHD_Connection *conn) {
    zf_req_t *req = &ctx->req;
    char *msg = zf_arena_printf(req->arena, "请求体过大：不得超过 %zu 字节", ctx->limit);
    zf_http__resp_fail(req, &ctx->resp, 413, "http.body_too_large", msg);
    return queue(ctx, conn, response_from(&ctx->resp), 413);
}

/* Valid UTF-8 with no control characters at all: zf_utf8_valid_text lets
 * tab and newlines through (they are fine in text), never in a path. */
static int path_is_valid(const char *path) {
    size_t n = strlen(path);
    if (!zf_utf8_valid_text(path, n)) return 0;
    return strpbrk(path, "\t\r\n") == NULL;
}

/* The whole request is in: decide the answer and queue it. */
static enum MHD_Result answer(req_ctx_t *ctx, struct MHD_Connection *conn) {
    zf_http_t *h = ctx->server;
    zf_req_t *req = &ctx->req;
    zf_resp_t *resp = &ctx->resp;
    if (ctx->defer) {
        /* called again after zf_req_resume: the worker filled resp */
        pthread_mutex_lock(&defer_mu);
        int done = ctx->defer == DEFER_RESUMED || ctx->defer == DEFER_DONE_EARLY;
        pthread_mutex_unlock(&defer_mu);
        if (!done) return MHD_YES;
        return queue(ctx, conn, response_from(resp), (unsigned)resp->status);
    }
    if (ctx->too_large) return answer_413(ctx, conn);
    if (ctx->body) {
        ctx->body[ctx->body_len] = '\0';
        req->body = ctx->body;
        req->body_len = ctx->body_len;
    }
    if (ctx->path_has_nul || !path_is_valid(req->path)) {
        zf_http__resp_fail(req, resp, 400, "http.bad_path", "请求路径含有非法字符");
    } else if (is_api_path(req->path)) {
        run_route(ctx);
        if (ctx->defer) {
            /* suspend unless the worker already answered (then queue now) */
            pthread_mutex_lock(&defer_mu);
            int early = ctx->defer == DEFER_DONE_EARLY;
            if (!early) {
                ctx->defer = DEFER_SUSPENDED;
                MHD_suspend_connection(conn);
            }
            pthread_mutex_unlock(&defer_mu);
            if (!early) return MHD_YES;
        }
    } else {
        unsigned status = 0;
        struct MHD_Response *r = zf_http__static_serve(&h->st, req, resp, &status);
        if (r) return queue(ctx, conn, r, status);
    }
    return queue(ctx, conn, response_from(resp), (unsigned)resp->status);
}

/* ---- the access handler ---- */

/* Parse a Content-Length value strictly; -1 if it is not a plain number. */
static long long parse_length(const char *s) {
    if (!s || !*s) return -1;
    long long v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        if (v > (LLONG_MAX - 9) / 10) return LLONG_MAX;
        v = v * 10 + (*p - '0');
    }
    return v;
}

static enum MHD_Result on_headers(req_ctx_t *ctx, struct MHD_Connection *conn, const char *url,
                                  const char *method) {
    zf_req_t *req = &ctx->req;
    req->method = zf_arena_strdup(req->arena, method);
    /* With "%00" in it the decoded path is cut at the NUL: keep the raw one,
     * which the log shows and no handler sees (the answer is 400). */
    if (!ctx->path_has_nul) req->path = zf_arena_strdup(req->arena, url);
    long long declared =
        parse_length(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length"));
    /* A route may raise the limit (file uploads); look it up now, before the
     * body arrives, when the body is chunked or declared over the usual
     * limit (most requests have no body: they skip this match). run_route
     * matches again later and sets the parameters. */
    ctx->limit = ctx->server->opts.body_limit;
    const zf_route_t *route = NULL;
    const char *allow = NULL;
    int chunked =
        declared < 0 && MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding");
    if ((chunked || (declared > 0 && (unsigned long long)declared > ctx->limit)) && req->path &&
        is_api_path(req->path) && ctx->server->opts.router &&
        zf_router_match(ctx->server->opts.router, req, &route, &allow) == ZF_OK &&
        (route->flags & ZF_ROUTE_UPLOAD))
        ctx->limit =
            ctx->server->opts.upload_limit ? ctx->server->opts.upload_limit : 32u * 1024u * 1024u;
    size_t limit = ctx->limit;
    if (declared < 0 || (unsigned long long)declared <= limit) return MHD_YES;
    ctx->too_large = 1;
    /* A client waiting for "100 Continue" has not sent the body yet: tell it
     * now and save both sides the upload. The same for a declared size we
     * would not even drain. Either way the connection closes after. */
    const char *expect = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Expect");
    int waits = expect && strcasecmp(expect, "100-continue") == 0;
    if (waits || (unsigned long long)declared - limit > DRAIN_MAX) return answer_413(ctx, conn);
    return MHD_YES;
}

static enum MHD_Result on_body(req_ctx_t *ctx, const char *data, size_t *size) {
    size_t n = *size;
    size_t limit = ctx->limit;
    *size = 0;
    if (!ctx->too_large && n > limit - ctx->body_len) {
        ctx->too_large = 1;
        free(ctx->body);
        ctx->body = NULL;
        ctx->body_len = ctx->body_cap = 0;
    }
    if (ctx->too_large) {
        ctx->drained += n;
        if (ctx->drained <= DRAIN_MAX) return MHD_YES;
        /* 0.9.75 accepts a response only before the body or after all of it,
         * so an endless upload can only be cut off. MHD logs its own
         * "application reported internal error" after this line. */
        fprintf(stderr, "zhifa http: %s %s: body over the limit by more than %u bytes, closing\n",
                ctx->req.method, logfmt_value(ctx->req.arena, ctx->req.path), DRAIN_MAX);
        return MHD_NO;
    }
    if (ctx->body_len + n + 1 > ctx->body_cap) {
        size_t cap = ctx->body_cap ? ctx->body_cap : 4096;
        while (cap < ctx->body_len + n + 1)
            cap *= 2;
        if (cap > limit + 1) cap = limit + 1;
        ctx->body = zf_xrealloc(ctx->body, cap);
        ctx->body_cap = cap;
    }
    memcpy(ctx->body + ctx->body_len, data, n);
    ctx->body_len += n;
    return MHD_YES;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn, const char *url,
                                 const char *method, const char *version, const char *upload_data,
                                 size_t *upload_data_size, void **con_cls) {
    (void)version;
    req_ctx_t *ctx = *con_cls;
    if (!ctx) {
        /* on_uri always runs first; this is only a safety net. */
        ctx = ctx_new(cls, conn, NULL);
        *con_cls = ctx;
    }
    if (ctx->queued) {
        /* Answered early (413): whatever still arrives is dropped. */
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (!ctx->headers_seen) {
        ctx->headers_seen = 1;
        apply_real_ip(ctx, conn);
        return on_headers(ctx, conn, url, method);
    }
    if (*upload_data_size > 0) return on_body(ctx, upload_data, upload_data_size);
    return answer(ctx, conn);
}

/* ---- start and stop ---- */

static int resolve_ipv4(const char *host, unsigned short port, struct sockaddr_in *out) {
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM};
    struct addrinfo *res = NULL;
    if (getaddrinfo(host, NULL, &hints, &res) != 0 || !res) return -1;
    memcpy(out, res->ai_addr, sizeof *out);
    out->sin_port = htons(port);
    freeaddrinfo(res);
    return 0;
}

static unsigned per_ip_limit(const struct sockaddr_in *addr) {
    int loopback = (ntohl(addr->sin_addr.s_addr) >> 24) == 127;
    return loopback ? 0u : PER_IP_LIMIT; /* 0: no limit */
}

/* The thread-pool option, or no option at all for one thread: MHD warns
 * about a pool size of 0 or 1 instead of taking it to mean "no pool". */
static void pool_option(unsigned wanted, struct MHD_OptionItem out[2]) {
    long n = wanted > 0 ? (long)wanted : sysconf(_SC_NPROCESSORS_ONLN);
    struct MHD_OptionItem end = {MHD_OPTION_END, 0, NULL};
    struct MHD_OptionItem pool = {MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)n, NULL};
    out[0] = n > 1 ? pool : end;
    out[1] = end;
}

zf_http_t *zf_http_start(const zf_http_opts_t *opts, zf_error_t *err) {
    const char *host = opts->listen_host ? opts->listen_host : "127.0.0.1";
    struct sockaddr_in addr;
    if (resolve_ipv4(host, opts->port, &addr) != 0) {
        zf_error_set(err, ZF_EINVAL, 500, "http.listen", NULL, "无法解析监听地址 %s", host);
        return NULL;
    }
    zf_http_t *h = zf_xcalloc(1, sizeof *h);
    h->opts = *opts;
    for (const char *p = opts->trusted_proxies; p && *p;) {
        size_t n = strcspn(p, ",");
        while (n && p[n - 1] == ' ')
            n--;
        if (h->nproxies == MAX_TRUSTED_PROXIES || !normalise_ip(p, n, h->proxies[h->nproxies])) {
            zf_error_set(err, ZF_EINVAL, 500, "http.trusted_proxy", NULL,
                         "受信任代理应为逗号分隔的 IP 地址（最多 %d 个），无法识别“%.*s”",
                         MAX_TRUSTED_PROXIES, (int)n, p);
            free(h);
            return NULL;
        }
        h->nproxies++;
        p += strcspn(p, ",");
        while (*p == ',' || *p == ' ')
            p++;
    }
    atomic_init(&h->inflight, 0);
    zf_http__static_init(&h->st, opts->static_dir);
    struct MHD_OptionItem pool[2];
    pool_option(opts->threads, pool);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
                     MHD_USE_ITC;      /* ITC: MHD_quiesce_daemon needs it in this mode */
    flags |= MHD_ALLOW_SUSPEND_RESUME; /* deferred answers: zf_req_suspend (issue 9) */
    h->daemon = MHD_start_daemon(
        flags, opts->port, NULL, NULL, on_access, h,
        /* The logger first, or MHD prints its complaints about the options
         * that precede it through its own default logger. */
        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL, MHD_OPTION_SOCK_ADDR,
        (const struct sockaddr *)&addr, MHD_OPTION_ARRAY, pool, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)CONN_MEMORY_LIMIT, MHD_OPTION_CONNECTION_TIMEOUT, CONN_TIMEOUT_S,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip_limit(&addr), MHD_OPTION_URI_LOG_CALLBACK,
        on_uri, h, MHD_OPTION_NOTIFY_COMPLETED, on_completed, h, MHD_OPTION_END);
    if (!h->daemon) {
        zf_error_set(err, ZF_EIO, 500, "http.listen", NULL,
                     "无法在 %s:%u 上监听（端口被占用或没有权限）", host, (unsigned)opts->port);
        goto fail;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
    h->port = info ? info->port : opts->port;
    return h;
fail:
    zf_http__static_free(&h->st);
    free(h);
    return NULL;
}

unsigned short zf_http_port(const zf_http_t *h) { return h->port; }

void zf_http_stop(zf_http_t *h) {
    if (!h) return;
    /* Stop accepting, then give requests already in progress time to finish:
     * MHD_stop_daemon waits for a handler that is running but closes every
     * connection after it, even one whose answer is still being sent. */
    MHD_socket listen_fd = MHD_quiesce_daemon(h->daemon);
    for (int waited = 0; atomic_load(&h->inflight) > 0 && waited < STOP_GRACE_MS; waited += 10) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(h->daemon);
    /* The caller owns the quiesced socket, and may close it only now that no
     * pool thread can touch it. */
    if (listen_fd != MHD_INVALID_SOCKET) close(listen_fd);
    zf_http__static_free(&h->st);
    free(h);
}
