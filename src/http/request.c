/* request.c — request accessors, the JSON body parser and response helpers.
 * Everything here runs on the pool thread that owns the request, and every
 * allocation comes from the request's arena. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "http/http.h"
#include "http/internal.h"

/* Element Plus sets inline styles, hence 'unsafe-inline' for styles only;
 * scripts stay 'self' so an injected <script> never runs. */
#define CSP_HTML                                                                                   \
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "           \
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "             \
    "form-action 'self'"

/* ---- request accessors ---- */

static struct MHD_Connection *conn_of(zf_req_t *req) { return req->conn__; }

const char *zf_req_header(zf_req_t *req, const char *name) {
    if (!req->conn__) return NULL;
    return MHD_lookup_connection_value(conn_of(req), MHD_HEADER_KIND, name);
}

const char *zf_req_query(zf_req_t *req, const char *name) {
    if (!req->conn__) return NULL;
    const char *value = NULL;
    size_t len = 0;
    /* "?flag" (no '=') is present with no value: give "" so callers can tell
     * it from absent. */
    if (MHD_lookup_connection_value_n(conn_of(req), MHD_GET_ARGUMENT_KIND, name, strlen(name),
                                      &value, &len) != MHD_YES)
        return NULL;
    return value ? value : "";
}

typedef struct query_buf {
    zf_arena_t *arena;
    char *p;
    size_t n, cap;
} query_buf_t;

static void query_put(query_buf_t *b, const char *s, size_t len) {
    char head[24];
    int hn = snprintf(head, sizeof head, "%zu:", len);
    size_t need = b->n + (size_t)hn + len + 1;
    if (need > b->cap) {
        size_t cap = need * 2;
        char *q = zf_arena_alloc(b->arena, cap);
        if (b->n) memcpy(q, b->p, b->n);
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, head, (size_t)hn);
    b->n += (size_t)hn;
    if (len) memcpy(b->p + b->n, s, len);
    b->n += len;
    b->p[b->n] = 0;
}

static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 size_t key_size, const char *value, size_t value_size) {
    (void)kind;
    query_buf_t *b = cls;
    query_put(b, key, key_size);
    /* "?flag" (no value) differs from "?flag=" only for zf_req_query's
     * callers, who read both as "" */
    query_put(b, value ? value : "", value ? value_size : 0);
    return MHD_YES;
}

const char *zf_req_query_all(zf_req_t *req) {
    if (!req->conn__) return "";
    query_buf_t b = {.arena = req->arena};
    MHD_get_connection_values_n(conn_of(req), MHD_GET_ARGUMENT_KIND, query_arg, &b);
    return b.n ? b.p : "";
}

const char *zf_req_cookie(zf_req_t *req, const char *name) {
    if (!req->conn__) return NULL;
    return MHD_lookup_connection_value(conn_of(req), MHD_COOKIE_KIND, name);
}

const char *zf_req_param(zf_req_t *req, const char *name) {
    for (size_t i = 0; i < req->nparams; i++) {
        if (strcmp(req->param_names[i], name) == 0) return req->param_values[i];
    }
    return NULL;
}

/* ---- JSON body ---- */

static void json_release(void *v) { json_decref(v); }

/* Deepest [ / { nesting outside strings. Stops counting once past limit, so
 * the scan is linear and cannot overflow on a hostile body. */
static int json_depth_exceeds(const char *s, size_t n, int limit) {
    int depth = 0;
    int in_string = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\')
                i++; /* skip the escaped character, even a quote */
            else if (c == '"')
                in_string = 0;
            continue;
        }
        if (c == '"')
            in_string = 1;
        else if (c == '[' || c == '{') {
            depth++;
            if (depth > limit) return 1;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return 0;
}

static void bad_json(zf_error_t *err, const char *message) {
    zf_error_set(err, ZF_EINVAL, 400, "http.bad_json", NULL, "%s", message);
}

json_t *zf_req_json(zf_req_t *req, zf_error_t *err) {
    if (!req->body || req->body_len == 0) {
        bad_json(err, "请求体为空：应为一个 JSON 对象");
        return NULL;
    }
    if (json_depth_exceeds(req->body, req->body_len, ZF_HTTP__JSON_MAX_DEPTH)) {
        zf_error_set(err, ZF_EINVAL, 400, "http.bad_json", NULL,
                     "请求体的 JSON 嵌套过深（超过 %d 层）", ZF_HTTP__JSON_MAX_DEPTH);
        return NULL;
    }
    /* jansson checks the UTF-8 itself, refuses raw control characters (NUL
     * included) inside strings and "\u0000" without JSON_ALLOW_NUL, and with
     * the EOF check on refuses anything after the value. JSON_DECODE_ANY
     * only so that a lone string or number gets the clearer "not an object"
     * message below. */
    json_error_t jerr;
    json_t *v =
        json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
    if (!v) {
        zf_error_set(err, ZF_EINVAL, 400, "http.bad_json", NULL,
                     "请求体不是合法的 JSON：第 %d 行第 %d 列（位置 %d）：%s", jerr.line,
                     jerr.column, jerr.position, jerr.text);
        return NULL;
    }
    zf_arena_defer(req->arena, json_release, v);
    if (!json_is_object(v)) {
        bad_json(err, "请求体应为一个 JSON 对象（{…}）");
        return NULL;
    }
    return v;
}

/* ---- responses ---- */

void zf_http__resp_fail(zf_req_t *req, zf_resp_t *resp, int status, const char *code,
                        const char *message) {
    zf_error_t err;
    zf_error_set(&err, ZF_EINVAL, status, code, NULL, "%s", message);
    zf_resp_error(req, resp, &err);
}

/* The answer's JSON text, grown as jansson writes it: one encoding pass
 * (json_dumpb twice — once for the length, once for the bytes — was a sixth
 * of a case detail's CPU). */
typedef struct json_sink {
    char *p;
    size_t n, cap;
} json_sink_t;

static int json_sink_write(const char *buffer, size_t size, void *data) {
    json_sink_t *s = data;
    if (s->n + size + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap < s->n + size + 1)
            cap *= 2;
        char *p = realloc(s->p, cap);
        if (!p) return -1;
        s->p = p;
        s->cap = cap;
    }
    memcpy(s->p + s->n, buffer, size);
    s->n += size;
    return 0;
}

void zf_resp_json(zf_req_t *req, zf_resp_t *resp, int status, json_t *v) {
    json_sink_t sink = {0};
    if (!v || json_dump_callback(v, json_sink_write, &sink, JSON_COMPACT | JSON_ENCODE_ANY) != 0 ||
        sink.n == 0) {
        /* A NULL from a failed json_pack, or a value jansson cannot encode:
         * a bug in the handler, not the client's fault. */
        static const char encode_failed[] =
            "{\"error\":{\"code\":\"http.encode\",\"message\":\"服务器无法生成应答\"}}";
        free(sink.p);
        json_decref(v);
        fprintf(stderr, "zhifa http: %s %s: response value cannot be encoded\n", req->method,
                req->path);
        zf_resp_text(resp, 500, "application/json; charset=utf-8", encode_failed,
                     sizeof encode_failed - 1);
        return;
    }
    json_decref(v);
    sink.p[sink.n] = 0;
    zf_arena_defer(req->arena, free, sink.p);
    zf_resp_text(resp, status, "application/json; charset=utf-8", sink.p, sink.n);
}

/* A copy of s where each byte that does not start a valid UTF-8 sequence is
 * replaced by U+FFFD: a message quoting what the client sent ("收到“%s”")
 * may quote bytes that are not UTF-8, or be cut by snprintf inside a
 * sequence, and json_string refuses both — the person should still read
 * what was wrong. */
static char *utf8_repaired(zf_arena_t *a, const char *s) {
    size_t n = strlen(s);
    char *out = zf_arena_alloc(a, 3 * n + 1), *o = out;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = c < 0x80             ? 1
                   : (c & 0xe0) == 0xc0 ? 2
                   : (c & 0xf0) == 0xe0 ? 3
                   : (c & 0xf8) == 0xf0 ? 4
                                        : 0;
        if (k && i + k <= n && zf_utf8_valid(s + i, k)) {
            memcpy(o, s + i, k);
            o += k;
            i += k;
        } else {
            memcpy(o, "\xef\xbf\xbd", 3);
            o += 3;
            i++;
        }
    }
    *o = '\0';
    return out;
}

void zf_resp_error(zf_req_t *req, zf_resp_t *resp, const zf_error_t *err) {
    json_t *inner = json_object();
    json_object_set_new(inner, "code", json_string(err->code[0] ? err->code : "internal"));
    json_t *msg = json_string(err->message);
    if (!msg) msg = json_string(utf8_repaired(req->arena, err->message));
    json_object_set_new(inner, "message", msg ? msg : json_string("请求失败"));
    if (err->field[0]) {
        json_t *field = json_string(err->field);
        if (field) json_object_set_new(inner, "field", field);
    }
    int status = err->status >= 400 && err->status <= 599 ? err->status : 500;
    zf_resp_json(req, resp, status, json_pack("{s:o}", "error", inner));
}

void zf_resp_text(zf_resp_t *resp, int status, const char *content_type, const char *body,
                  size_t len) {
    resp->status = status;
    resp->content_type = content_type;
    resp->body = body;
    resp->body_len = len;
}

void zf_resp_header(zf_resp_t *resp, const char *name, const char *value) {
    if (resp->nheaders == ZF_HTTP_MAX_HEADERS) {
        /* A handler that needs more headers than this is doing something odd;
         * say so loudly in the log rather than crash the request. */
        fprintf(stderr, "zhifa http: too many response headers, dropped %s\n", name);
        return;
    }
    resp->header_names[resp->nheaders] = name;
    resp->header_values[resp->nheaders] = value;
    resp->nheaders++;
}

void zf_resp_empty(zf_resp_t *resp, int status) { zf_resp_text(resp, status, NULL, "", 0); }

void zf_resp_file(zf_resp_t *resp, int status, const char *content_type, int fd, uint64_t size) {
    zf_resp_text(resp, status, content_type, "", 0);
    resp->has_body_fd = 1;
    resp->body_fd = fd;
    resp->body_fd_size = size;
}

void zf_http__add_security_headers(struct MHD_Response *r, const char *content_type) {
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "same-origin");
    if (content_type && strncasecmp(content_type, "text/html", 9) == 0)
        MHD_add_response_header(r, "Content-Security-Policy", CSP_HTML);
}

int zf_http__is_json_type(const char *content_type) {
    if (!content_type) return 0;
    const char *p = content_type;
    while (*p == ' ' || *p == '\t')
        p++;
    static const char want[] = "application/json";
    if (strncasecmp(p, want, sizeof want - 1) != 0) return 0;
    p += sizeof want - 1;
    while (*p == ' ' || *p == '\t')
        p++;
    return *p == '\0' || *p == ';';
}
