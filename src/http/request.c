/* request.c — request accessors, the JSON body parser and response helpers.
 * Everything here runs on the pool thread that owns the request, and every
 * allocation comes from the request's arena. */
#include <stdint.h>
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
        char *q = zf_arena_alloc_uninit(b->arena, cap);
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

/* The answer's JSON text: written here, byte for byte as jansson's
 * json_dump_callback(JSON_COMPACT | JSON_ENCODE_ANY) writes it (keys in the
 * object's order, "\"", "\\", \b \f \n \r \t and \u00XX for the other
 * control characters, UTF-8 passed through and checked), in one growing
 * buffer. Why not jansson's: it hands every token to a callback and, for
 * each object and array, formats its address with snprintf into a hash
 * table to detect cycles — a tenth of a case edit's CPU for a 10 KB
 * answer (issue 12). Cycles cannot occur in what handlers build; depth is
 * capped instead. Reals (none in the API: money is integer fen) go through
 * jansson's own formatting. tests/unit/test_http.c compares both. */
typedef struct json_sink {
    char *p;
    size_t n, cap;
} json_sink_t;

#define JSON_MAX_DEPTH 4096 /* above the parser's 2048: what was read can be written */

static void sink_reserve(json_sink_t *s, size_t more) {
    if (s->n + more + 1 <= s->cap) return;
    size_t cap = s->cap ? s->cap : 4096;
    while (cap < s->n + more + 1)
        cap *= 2;
    s->p = zf_xrealloc(s->p, cap);
    s->cap = cap;
}

static void sink_put(json_sink_t *s, const char *p, size_t n) {
    sink_reserve(s, n);
    memcpy(s->p + s->n, p, n);
    s->n += n;
}

/* A JSON string as jansson writes it: refused (-1) unless valid UTF-8
 * (core/util.h zf_utf8_valid: jansson's rules), the ASCII that needs it
 * escaped, everything else as is. */
static int sink_string(json_sink_t *s, const char *str, size_t len) {
    static const char hex[] = "0123456789ABCDEF";
    if (!zf_utf8_valid(str, len)) return -1;
    const unsigned char *p = (const unsigned char *)str, *end = p + len, *run = p;
    sink_reserve(s, len + 2);
    s->p[s->n++] = '"';
    for (; p < end; p++) {
        unsigned char c = *p;
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        sink_put(s, (const char *)run, (size_t)(p - run));
        char esc[6];
        sink_put(s, esc, zf_json_escape_byte(c, hex, esc));
        run = p + 1;
    }
    sink_put(s, (const char *)run, (size_t)(p - run));
    sink_put(s, "\"", 1);
    return 0;
}

static void sink_integer(json_sink_t *s, json_int_t v) {
    char buf[24];
    char *e = buf + sizeof buf, *q = e;
    /* negate in unsigned arithmetic: INT64_MIN has no positive */
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        *--q = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) *--q = '-';
    sink_put(s, q, (size_t)(e - q));
}

static int sink_json(json_sink_t *s, const json_t *v, const zf_http__verbatim_t *verbatim,
                     int depth) {
    if (!v || depth > JSON_MAX_DEPTH) return -1;
    switch (json_typeof(v)) {
    case JSON_NULL: sink_put(s, "null", 4); return 0;
    case JSON_TRUE: sink_put(s, "true", 4); return 0;
    case JSON_FALSE: sink_put(s, "false", 5); return 0;
    case JSON_INTEGER: sink_integer(s, json_integer_value(v)); return 0;
    case JSON_REAL: {
        char *r = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        if (!r) return -1;
        sink_put(s, r, strlen(r));
        free(r);
        return 0;
    }
    case JSON_STRING: return sink_string(s, json_string_value(v), json_string_length(v));
    case JSON_ARRAY: {
        size_t n = json_array_size(v);
        sink_put(s, "[", 1);
        for (size_t i = 0; i < n; i++) {
            if (i) sink_put(s, ",", 1);
            if (sink_json(s, json_array_get(v, i), verbatim, depth + 1) != 0) return -1;
        }
        sink_put(s, "]", 1);
        return 0;
    }
    case JSON_OBJECT: {
        /* a placeholder is an empty object (a real one is written "{}") */
        if (verbatim && json_object_size(v) == 0)
            for (const zf_http__verbatim_t *w = verbatim; w; w = w->next)
                if (w->at == v) {
                    sink_put(s, w->text, w->len);
                    return 0;
                }
        sink_put(s, "{", 1);
        int first = 1;
        for (void *it = json_object_iter((json_t *)v); it;
             it = json_object_iter_next((json_t *)v, it)) {
            if (!first) sink_put(s, ",", 1);
            first = 0;
            if (sink_string(s, json_object_iter_key(it), json_object_iter_key_len(it)) != 0)
                return -1;
            sink_put(s, ":", 1);
            if (sink_json(s, json_object_iter_value(it), verbatim, depth + 1) != 0) return -1;
        }
        sink_put(s, "}", 1);
        return 0;
    }
    }
    return -1;
}

char *zf_http__json_text(const json_t *v, const zf_http__verbatim_t *verbatim, size_t *len) {
    json_sink_t sink = {0};
    if (sink_json(&sink, v, verbatim, 0) != 0 || sink.n == 0) {
        free(sink.p);
        return NULL;
    }
    sink.p[sink.n] = 0;
    *len = sink.n;
    return sink.p;
}

/* ---- stored JSON texts placed as they are (zf_req_json_text) ---- */

typedef struct plain_scan {
    const unsigned char *p, *end;
} plain_scan_t;

static int plain_value(plain_scan_t *c, int depth);

/* A string as the writer writes it; its bytes (quotes included) in *at, *n. */
static int plain_string(plain_scan_t *c, const unsigned char **at, size_t *n) {
    const unsigned char *start = c->p;
    if (c->p >= c->end || *c->p != '"') return 0;
    c->p++;
    while (c->p < c->end) {
        unsigned char ch = *c->p;
        if (ch == '"') {
            c->p++;
            *at = start;
            *n = (size_t)(c->p - start);
            return 1;
        }
        if (ch < 0x20) return 0;
        if (ch >= 0x80) {
            /* a run of bytes >= 0x80 is whole UTF-8 sequences or invalid */
            const unsigned char *q = c->p;
            while (q < c->end && *q >= 0x80)
                q++;
            if (!zf_utf8_valid((const char *)c->p, (size_t)(q - c->p))) return 0;
            c->p = q;
            continue;
        }
        if (ch != '\\') {
            c->p++;
            continue;
        }
        if (c->end - c->p < 2) return 0;
        unsigned char e = c->p[1];
        if (e == '"' || e == '\\' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
            c->p += 2;
            continue;
        }
        /* \u00XX (upper-case hex) for the control characters without a
         * short escape; \u0000 does not load (no JSON_ALLOW_NUL) */
        if (e != 'u' || c->end - c->p < 6 || c->p[2] != '0' || c->p[3] != '0') return 0;
        unsigned char h = c->p[4], l = c->p[5];
        int lo = l >= '0' && l <= '9' ? l - '0' : l >= 'A' && l <= 'F' ? l - 'A' + 10 : -1;
        if ((h != '0' && h != '1') || lo < 0) return 0;
        int code = (h - '0') * 16 + lo;
        if (code == 0 || code == '\b' || code == '\f' || code == '\n' || code == '\r' ||
            code == '\t')
            return 0;
        c->p += 6;
    }
    return 0;
}

static int plain_number(plain_scan_t *c) {
    const unsigned char *start = c->p;
    if (c->p < c->end && *c->p == '-') c->p++;
    const unsigned char *digits = c->p;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
        c->p++;
    size_t n = (size_t)(c->p - digits);
    if (n == 0 || n > 18 || (n > 1 && *digits == '0')) return 0;
    if (*digits == '0' && digits != start) return 0; /* "-0" is written "0" */
    /* a fraction or exponent makes a real: not plain */
    return !(c->p < c->end && (*c->p == '.' || *c->p == 'e' || *c->p == 'E'));
}

static int plain_word(plain_scan_t *c, const char *w) {
    size_t n = strlen(w);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0) return 0;
    c->p += n;
    return 1;
}

#define PLAIN_MAX_DEPTH 64
#define PLAIN_MAX_KEYS 64

static int plain_object(plain_scan_t *c, int depth) {
    const unsigned char *key[PLAIN_MAX_KEYS];
    size_t keylen[PLAIN_MAX_KEYS], nkeys = 0;
    c->p++; /* { */
    if (c->p < c->end && *c->p == '}') {
        c->p++;
        return 1;
    }
    for (;;) {
        const unsigned char *k;
        size_t kn;
        if (!plain_string(c, &k, &kn) || nkeys == PLAIN_MAX_KEYS) return 0;
        /* a repeated key loads as one (the last value at the first place):
         * canonical escapes make equal keys equal bytes */
        for (size_t i = 0; i < nkeys; i++)
            if (keylen[i] == kn && memcmp(key[i], k, kn) == 0) return 0;
        key[nkeys] = k;
        keylen[nkeys++] = kn;
        if (c->p >= c->end || *c->p++ != ':') return 0;
        if (!plain_value(c, depth + 1)) return 0;
        if (c->p >= c->end) return 0;
        if (*c->p == '}') {
            c->p++;
            return 1;
        }
        if (*c->p++ != ',') return 0;
    }
}

static int plain_array(plain_scan_t *c, int depth) {
    c->p++; /* [ */
    if (c->p < c->end && *c->p == ']') {
        c->p++;
        return 1;
    }
    for (;;) {
        if (!plain_value(c, depth + 1)) return 0;
        if (c->p >= c->end) return 0;
        if (*c->p == ']') {
            c->p++;
            return 1;
        }
        if (*c->p++ != ',') return 0;
    }
}

static int plain_value(plain_scan_t *c, int depth) {
    if (c->p >= c->end || depth > PLAIN_MAX_DEPTH) return 0;
    const unsigned char *at;
    size_t n;
    switch (*c->p) {
    case '{': return plain_object(c, depth);
    case '[': return plain_array(c, depth);
    case '"': return plain_string(c, &at, &n);
    case 't': return plain_word(c, "true");
    case 'f': return plain_word(c, "false");
    case 'n': return plain_word(c, "null");
    default: return plain_number(c);
    }
}

int zf_http__json_is_plain(const char *s, size_t n) {
    plain_scan_t c = {(const unsigned char *)s, (const unsigned char *)s + n};
    if (n == 0 || (*s != '{' && *s != '[')) return 0; /* json_loads wants one of them */
    return plain_value(&c, 1) && c.p == c.end;
}

static void verbatim_unref(void *p) { json_decref(p); }

json_t *zf_req_json_text(zf_req_t *req, const char *text) {
    size_t n = text ? strlen(text) : 0;
    if (n && zf_http__json_is_plain(text, n)) {
        zf_http__verbatim_t *w = zf_arena_alloc(req->arena, sizeof *w);
        json_t *at = json_object();
        w->at = at;
        w->text = text;
        w->len = n;
        w->next = req->verbatim__;
        req->verbatim__ = w;
        /* the placeholder stays allocated until the arena goes, so no other
         * object can take its address while the answer is written */
        zf_arena_defer(req->arena, verbatim_unref, json_incref(at));
        return at;
    }
    json_t *j = n ? json_loads(text, 0, NULL) : NULL;
    return j ? j : json_object();
}

void zf_resp_json(zf_req_t *req, zf_resp_t *resp, int status, json_t *v) {
    size_t len = 0;
    char *text = v ? zf_http__json_text(v, req->verbatim__, &len) : NULL;
    if (!text) {
        /* A NULL from a failed json_pack, or a value jansson cannot encode:
         * a bug in the handler, not the client's fault. */
        static const char encode_failed[] =
            "{\"error\":{\"code\":\"http.encode\",\"message\":\"服务器无法生成应答\"}}";
        json_decref(v);
        fprintf(stderr, "zhifa http: %s %s: response value cannot be encoded\n", req->method,
                req->path);
        zf_resp_text(resp, 500, "application/json; charset=utf-8", encode_failed,
                     sizeof encode_failed - 1);
        return;
    }
    json_decref(v);
    zf_arena_defer(req->arena, free, text);
    zf_resp_text(resp, status, "application/json; charset=utf-8", text, len);
}

/* A copy of s where each byte that does not start a valid UTF-8 sequence is
 * replaced by U+FFFD: a message quoting what the client sent ("收到“%s”")
 * may quote bytes that are not UTF-8, or be cut by snprintf inside a
 * sequence, and json_string refuses both — the person should still read
 * what was wrong. */
static char *utf8_repaired(zf_arena_t *a, const char *s) {
    size_t n = strlen(s);
    char *out = zf_arena_alloc_uninit(a, 3 * n + 1), *o = out;
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
