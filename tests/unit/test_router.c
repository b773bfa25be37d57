/* Unit tests for src/http: the router (table), the JSON body parser (table),
 * and the server itself, started on a free loopback port and spoken to over
 * raw sockets so that what is on the wire (status line, headers, keep-alive)
 * is checked, not what a client library makes of it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <pthread.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "http/http.h"
#include "http/internal.h"

/* ---- router ---- */

static void h_noop(zf_req_t *req, zf_resp_t *resp) {
    (void)req;
    zf_resp_empty(resp, 204);
}

static const zf_route_t ROUTES[] = {
    {"GET", "/api/v1/units", h_noop, 0, "unit.list"},
    {"POST", "/api/v1/units", h_noop, ZF_ROUTE_JSON_BODY, "unit.create"},
    {"GET", "/api/v1/units/{id}", h_noop, 0, "unit.read"},
    {"PATCH", "/api/v1/units/{id}", h_noop, ZF_ROUTE_JSON_BODY, "unit.update"},
    {"GET", "/api/v1/units/tree", h_noop, 0, "unit.tree"},
    {"GET", "/api/v1/objects/{type}/{id}/history", h_noop, 0, "log.history"},
    {"HEAD", "/api/v1/ping", h_noop, 0, "ping.head"},
    {"GET", "/api/v1/ping", h_noop, 0, "ping.get"},
};

typedef struct match_case {
    const char *id;
    const char *method;
    const char *path;
    int rc;
    const char *action; /* expected route (rc == 0) */
    const char *allow;  /* expected Allow (rc == ZF_EINVAL) */
    const char *p1, *v1, *p2, *v2;
} match_case_t;

static const match_case_t MATCH_CASES[] = {
    {"R01", "GET", "/api/v1/units", 0, "unit.list", NULL, NULL, NULL, NULL, NULL},
    {"R02", "POST", "/api/v1/units", 0, "unit.create", NULL, NULL, NULL, NULL, NULL},
    {"R03", "GET", "/api/v1/units/42", 0, "unit.read", NULL, "id", "42", NULL, NULL},
    {"R04", "GET", "/api/v1/units/tree", 0, "unit.tree", NULL, NULL, NULL, NULL, NULL},
    /* tree has no PATCH: the parameter route answers (literal only wins on a tie) */
    {"R05", "PATCH", "/api/v1/units/tree", 0, "unit.update", NULL, "id", "tree", NULL, NULL},
    {"R06", "GET", "/api/v1/units/", ZF_ENOTFOUND, NULL, NULL, NULL, NULL, NULL, NULL},
    {"R07", "GET", "/api/v1/units/42/", ZF_ENOTFOUND, NULL, NULL, NULL, NULL, NULL, NULL},
    {"R08", "GET", "/api/v1/units//", ZF_ENOTFOUND, NULL, NULL, NULL, NULL, NULL, NULL},
    {"R09", "GET", "/api/v1/objects/case/7/history", 0, "log.history", NULL, "type", "case", "id",
     "7"},
    {"R10", "GET", "/api/v1/objects/case//history", ZF_ENOTFOUND, NULL, NULL, NULL, NULL, NULL,
     NULL},
    {"R11", "DELETE", "/api/v1/units/3", ZF_EINVAL, NULL, "GET, HEAD, PATCH", NULL, NULL, NULL,
     NULL},
    {"R12", "PUT", "/api/v1/units", ZF_EINVAL, NULL, "GET, HEAD, POST", NULL, NULL, NULL, NULL},
    {"R13", "HEAD", "/api/v1/units/5", 0, "unit.read", NULL, "id", "5", NULL, NULL},
    {"R14", "HEAD", "/api/v1/ping", 0, "ping.head", NULL, NULL, NULL, NULL, NULL},
    {"R15", "GET", "/api/v1/nope", ZF_ENOTFOUND, NULL, NULL, NULL, NULL, NULL, NULL},
    {"R16", "GET", "/api/v1/Units", ZF_ENOTFOUND, NULL, NULL, NULL, NULL, NULL, NULL},
    {"R17", "GET", "", ZF_ENOTFOUND, NULL, NULL, NULL, NULL, NULL, NULL},
    {"R18", "GET", "/api/v1/units/%E6%B3%95", 0, "unit.read", NULL, "id", "%E6%B3%95", NULL, NULL},
    {"R19", "GET", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/1/2/3/4/5/6/7/8",
     ZF_ENOTFOUND, NULL, NULL, NULL, NULL, NULL, NULL},
};

static zf_router_t *make_router(void) {
    zf_router_t *r = zf_router_new();
    for (size_t i = 0; i < sizeof ROUTES / sizeof ROUTES[0]; i++)
        zf_router_add(r, &ROUTES[i]);
    return r;
}

static void test_router_table(void **state) {
    (void)state;
    zf_router_t *r = make_router();
    for (size_t i = 0; i < sizeof MATCH_CASES / sizeof MATCH_CASES[0]; i++) {
        const match_case_t *c = &MATCH_CASES[i];
        zf_req_t req = {.arena = zf_arena_new(), .method = c->method, .path = c->path};
        const zf_route_t *route = NULL;
        const char *allow = NULL;
        int rc = zf_router_match(r, &req, &route, &allow);
        if (rc != c->rc) fail_msg("%s: rc %d, want %d", c->id, rc, c->rc);
        if (c->action) {
            assert_non_null(route);
            if (strcmp(route->action, c->action) != 0)
                fail_msg("%s: route %s, want %s", c->id, route->action, c->action);
        }
        if (c->allow) {
            assert_non_null(allow);
            if (strcmp(allow, c->allow) != 0)
                fail_msg("%s: Allow \"%s\", want \"%s\"", c->id, allow, c->allow);
        }
        if (c->p1) assert_string_equal(zf_req_param(&req, c->p1), c->v1);
        if (c->p2) assert_string_equal(zf_req_param(&req, c->p2), c->v2);
        if (rc == 0) assert_int_equal(req.nparams, (c->p1 != NULL) + (c->p2 != NULL));
        assert_null(zf_req_param(&req, "nope"));
        zf_arena_free(req.arena);
    }
    zf_router_free(r);
}

/* Literal beats parameter whatever the order of registration. */
static void test_router_literal_wins_in_any_order(void **state) {
    (void)state;
    zf_router_t *r = zf_router_new();
    zf_router_add(r, &ROUTES[4]); /* tree first this time */
    zf_router_add(r, &ROUTES[2]);
    zf_req_t req = {.arena = zf_arena_new(), .method = "GET", .path = "/api/v1/units/tree"};
    const zf_route_t *route = NULL;
    assert_int_equal(zf_router_match(r, &req, &route, NULL), 0);
    assert_string_equal(route->action, "unit.tree");
    assert_int_equal(req.nparams, 0);
    zf_arena_free(req.arena);
    zf_router_free(r);
}

static void test_router_count_and_at(void **state) {
    (void)state;
    zf_router_t *r = make_router();
    size_t n = sizeof ROUTES / sizeof ROUTES[0];
    assert_int_equal(zf_router_count(r), n);
    for (size_t i = 0; i < n; i++)
        assert_ptr_equal(zf_router_at(r, i), &ROUTES[i]);
    assert_null(zf_router_at(r, n));
    zf_router_free(r);
}

/* ---- zf_req_json ---- */

typedef struct json_case {
    const char *id;
    const char *body;
    size_t len; /* 0: strlen(body) */
    int ok;
    const char *message_has; /* substring of the error message */
} json_case_t;

static const json_case_t JSON_CASES[] = {
    {"J01", "{\"username\":\"admin\",\"password\":\"x\"}", 0, 1, NULL},
    {"J02", "{\"name\":\"叶集区应急管理局\",\"n\":9007199254740993}", 0, 1, NULL},
    {"J03", "", 0, 0, "为空"},
    {"J04", "[1,2]", 0, 0, "对象"},
    {"J05", "\"text\"", 0, 0, "对象"},
    {"J06", "{\"username\":\"admin\",", 0, 0, "第 1 行第 20 列（位置 20）"},
    {"J07", "{\"a\":1,\"a\":2}", 0, 0, "位置"},
    {"J08", "{\"a\":\"\xff\xfe\"}", 0, 0, "位置"},
    {"J09", "{\"a\":\"x\0y\"}", 11, 0, "位置"},
    {"J10", "{\"a\":1}\0", 8, 0, "位置"},
    {"J11", "{\"a\":1} {}", 0, 0, "位置"},
    {"J12", "{\"a\":\"\\u0000\"}", 0, 0, "位置"},
    {"J13", "{\"a\":\"[[[[{{{{\"}", 0, 1, NULL}, /* brackets inside strings do not nest */
    {"J14", "{\"a\":\"\\\"[[[[\"}", 0, 1, NULL}, /* nor after an escaped quote */
    {"J15", "\n{\n  \"a\": tru\n}", 0, 0, "第 3 行"},
};

static void check_json_case(const json_case_t *c) {
    zf_req_t req = {.arena = zf_arena_new(), .method = "POST", .path = "/"};
    req.body = c->body;
    req.body_len = c->len ? c->len : strlen(c->body);
    zf_error_t err;
    zf_error_clear(&err);
    json_t *v = zf_req_json(&req, &err);
    if (c->ok && !v) fail_msg("%s: refused: %s", c->id, err.message);
    if (!c->ok) {
        if (v) fail_msg("%s: accepted", c->id);
        assert_int_equal(err.status, 400);
        assert_string_equal(err.code, "http.bad_json");
        if (!strstr(err.message, c->message_has))
            fail_msg("%s: message \"%s\" lacks \"%s\"", c->id, err.message, c->message_has);
    }
    zf_arena_free(req.arena); /* releases v: ASan reports a leak otherwise */
}

static void test_json_table(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof JSON_CASES / sizeof JSON_CASES[0]; i++)
        check_json_case(&JSON_CASES[i]);
}

static char *nested(int depth) {
    char *s = malloc((size_t)depth * 7 + 16);
    size_t o = 0;
    for (int i = 0; i < depth; i++)
        o += (size_t)sprintf(s + o, "{\"a\":");
    s[o++] = '1';
    for (int i = 0; i < depth; i++)
        s[o++] = '}';
    s[o] = '\0';
    return s;
}

/* ---- the answer's JSON text (request.c) against jansson's ---- */

static void expect_same_text(json_t *v, const char *what) {
    size_t len = 0;
    char *ours = zf_http__json_text(v, NULL, &len);
    char *theirs = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!theirs) {
        if (ours) fail_msg("%s: jansson cannot encode it, we wrote %s", what, ours);
    } else {
        if (!ours) fail_msg("%s: we could not encode %s", what, theirs);
        if (len != strlen(theirs) || memcmp(ours, theirs, len) != 0)
            fail_msg("%s:\n ours   %.*s\n jansson %s", what, (int)len, ours, theirs);
    }
    free(ours);
    free(theirs);
    json_decref(v);
}

static void test_json_text_as_jansson(void **state) {
    (void)state;
    /* every control character, the two mandatory escapes, slash and DEL kept */
    char ctl[40];
    for (int i = 0; i < 32; i++)
        ctl[i] = (char)i;
    memcpy(ctl + 32, "\"\\/\x7f", 4);
    expect_same_text(json_stringn(ctl, 36), "control characters");
    expect_same_text(json_string(""), "empty string");
    expect_same_text(json_string("案件已被他人修改，请刷新后重试"), "Chinese");
    expect_same_text(json_string("𠀤 and 䶮 and \xe2\x80\xa8"), "4-byte UTF-8, U+2028");
    expect_same_text(json_stringn("a\0b", 3), "embedded NUL");
    /* invalid UTF-8 that got in unchecked: neither encodes it */
    expect_same_text(json_string_nocheck("bad \xc3\x28"), "invalid continuation");
    expect_same_text(json_string_nocheck("\xed\xa0\x80"), "surrogate");
    expect_same_text(json_string_nocheck("\xe0\x80\xaf"), "overlong");
    expect_same_text(json_string_nocheck("\xf4\x90\x80\x80"), "above U+10FFFF");
    expect_same_text(json_string_nocheck("\xe6\xa1"), "truncated");
    expect_same_text(json_integer(0), "0");
    expect_same_text(json_integer(-1), "-1");
    expect_same_text(json_integer(INT64_MAX), "INT64_MAX");
    expect_same_text(json_integer(INT64_MIN), "INT64_MIN");
    expect_same_text(json_real(0.1), "0.1");
    expect_same_text(json_real(-1e300), "-1e300");
    expect_same_text(json_null(), "null");
    expect_same_text(json_pack("[bb[]{}]", 1, 0), "booleans, empty containers");
    /* keys in the object's order, a replaced key keeping its place, keys
     * that need escaping */
    json_t *o = json_pack("{s:i, s:s, s:[i, {s:n}]}", "z", 1, "a\"\n", "x", "m", 2, "k");
    json_object_set_new(o, "z", json_string("replaced"));
    json_object_set_new(o, "b", json_object());
    expect_same_text(o, "object order");
    json_t *deep = json_array();
    json_t *in = deep;
    for (int i = 0; i < 200; i++) {
        json_t *next = json_array();
        json_array_append_new(in, next);
        in = next;
    }
    expect_same_text(deep, "200 levels");
    /* an answer as big as a case detail, from its own text */
    json_error_t jerr;
    json_t *big = json_loads("{\"violations\":[{\"discretion\":{\"steps\":[{\"rule\":\"第一档\","
                             "\"min\":10000,\"max\":50000,\"why\":\"情节轻微\\n\\t已改正\"}],"
                             "\"ok\":true,\"r\":null}}],\"facts\":\"a\\u0001b\"}",
                             0, &jerr);
    assert_non_null(big);
    expect_same_text(big, "a case-like answer");
    size_t len;
    assert_null(zf_http__json_text(NULL, NULL, &len));
}

/* Stored JSON texts placed as they are (zf_req_json_text): whatever the
 * text, the answer is what parsing it and writing the tree gives ({} when
 * it does not parse), and the texts in the writer's own form are the ones
 * taken verbatim. */
static void test_json_text_verbatim(void **state) {
    (void)state;
    static const struct {
        const char *text;
        int plain;
    } cases[] = {
        {"{\"steps\":[{\"rule\":\"第一档\",\"min\":10000,\"max\":-5,\"ok\":true,\"r\":null}]}", 1},
        {"[]", 1},
        {"{}", 1},
        {"[1,\"a\\\"b\\\\c\\n\\t\\u001F\",false]", 1},
        {"{\"a\":1,\"b\":{\"a\":2}}", 1},   /* the same key in two objects */
        {"{\"a\":1,\"a\":2}", 0},           /* a repeated key loads as one */
        {"{\"a\": 1}", 0},                  /* whitespace */
        {"{\"a\":1}\n", 0},                 /* trailing newline */
        {"{\"a\":1.5}", 0},                 /* a real */
        {"{\"a\":1e3}", 0},                 /* an exponent */
        {"{\"a\":-0}", 0},                  /* written 0 */
        {"{\"a\":0123}", 0},                /* does not load */
        {"{\"a\":1234567890123456789}", 0}, /* 19 digits: left to the parser */
        {"{\"a\":\"\\/\"}", 0},             /* written / */
        {"{\"a\":\"\\u00e9\"}", 0},         /* written as the character */
        {"{\"a\":\"\\u0009\"}", 0},         /* written \t */
        {"{\"a\":\"\\u001f\"}", 0},         /* lower-case hex */
        {"{\"a\":\"\\u0000\"}", 0},         /* does not load */
        {"{\"a\":\"\xc3\x28\"}", 0},        /* invalid UTF-8: does not load */
        {"\"a\"", 0},                       /* not an object or array */
        {"{\"a\":", 0},                     /* truncated */
        {"not json", 0},
        {"", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *t = cases[i].text;
        assert_int_equal(zf_http__json_is_plain(t, strlen(t)), cases[i].plain);
        zf_req_t req = {0};
        req.arena = zf_arena_new();
        json_t *ours_v = json_pack("{s:o, s:i}", "d", zf_req_json_text(&req, t), "n", 1);
        json_t *parsed = *t ? json_loads(t, 0, NULL) : NULL;
        json_t *theirs_v = json_pack("{s:o, s:i}", "d", parsed ? parsed : json_object(), "n", 1);
        size_t len = 0;
        char *ours = zf_http__json_text(ours_v, req.verbatim__, &len);
        char *theirs = json_dumps(theirs_v, JSON_COMPACT);
        assert_non_null(ours);
        assert_non_null(theirs);
        if (strcmp(ours, theirs) != 0) fail_msg("%s:\n ours    %s\n jansson %s", t, ours, theirs);
        /* verbatim exactly when plain */
        assert_int_equal(req.verbatim__ != NULL, cases[i].plain);
        free(ours);
        free(theirs);
        json_decref(ours_v);
        json_decref(theirs_v);
        zf_arena_free(req.arena);
    }
}

static void test_json_depth_limit(void **state) {
    (void)state;
    char *ok = nested(64);
    char *deep = nested(65);
    json_case_t c64 = {"D64", ok, 0, 1, NULL};
    json_case_t c65 = {"D65", deep, 0, 0, "嵌套过深"};
    check_json_case(&c64);
    check_json_case(&c65);
    free(ok);
    free(deep);
}

static void test_resp_error_envelope(void **state) {
    (void)state;
    zf_req_t req = {.arena = zf_arena_new(), .method = "GET", .path = "/"};
    zf_resp_t resp = {0};
    zf_error_t err;
    zf_error_set(&err, ZF_EINVAL, 400, "input.unknown_field", "extra", "不认识的字段：%s", "extra");
    zf_resp_error(&req, &resp, &err);
    assert_int_equal(resp.status, 400);
    assert_string_equal(resp.content_type, "application/json; charset=utf-8");
    assert_string_equal(resp.body, "{\"error\":{\"code\":\"input.unknown_field\",\"message\":"
                                   "\"不认识的字段：extra\",\"field\":\"extra\"}}");
    zf_error_set(&err, ZF_ECONFLICT, 409, "conflict.version", NULL, "数据已被他人修改");
    zf_resp_error(&req, &resp, &err);
    assert_int_equal(resp.status, 409);
    assert_null(strstr(resp.body, "field"));
    zf_arena_free(req.arena);
}

/* ---- the server, over raw sockets ---- */

#define BODY_LIMIT (1u << 20)

typedef struct server_fixture {
    zf_http_t *http;
    zf_router_t *router;
    unsigned short port;
    char static_dir[64];
    char outside[96];
} server_fixture_t;

static int dispatch_calls;

static void h_health(zf_req_t *req, zf_resp_t *resp) {
    zf_resp_json(req, resp, 200, json_pack("{s:s}", "status", "ok"));
}

static void h_echo(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err;
    json_t *body = zf_req_json(req, &err);
    if (!body) {
        zf_resp_error(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, json_incref(body));
}

static void h_unit(zf_req_t *req, zf_resp_t *resp) {
    zf_resp_json(req, resp, 200, json_pack("{s:s}", "id", zf_req_param(req, "id")));
}

static void h_tree(zf_req_t *req, zf_resp_t *resp) {
    zf_resp_json(req, resp, 200, json_pack("{s:s}", "tree", "yes"));
}

static void h_silent(zf_req_t *req, zf_resp_t *resp) {
    (void)req;
    (void)resp;
}

static const char *or_dash(const char *s) { return s ? s : "-"; }

static void h_inspect(zf_req_t *req, zf_resp_t *resp) {
    zf_resp_json(req, resp, 200,
                 json_pack("{s:s,s:s,s:s,s:s,s:s}", "q", or_dash(zf_req_query(req, "q")), "flag",
                           or_dash(zf_req_query(req, "flag")), "cookie",
                           or_dash(zf_req_cookie(req, "zf_session")), "header",
                           or_dash(zf_req_header(req, "x-test")), "ip", req->remote_ip));
    zf_resp_header(resp, "Cache-Control", "private, max-age=5");
}

static const zf_route_t SERVER_ROUTES[] = {
    {"GET", "/api/v1/health", h_health, ZF_ROUTE_PUBLIC, "health"},
    {"POST", "/api/v1/echo", h_echo, ZF_ROUTE_JSON_BODY, "echo"},
    {"GET", "/api/v1/units/{id}", h_unit, 0, "unit.read"},
    {"PATCH", "/api/v1/units/{id}", h_unit, ZF_ROUTE_JSON_BODY, "unit.update"},
    {"GET", "/api/v1/units/tree", h_tree, 0, "unit.tree"},
    {"GET", "/api/v1/silent", h_silent, 0, "silent"},
    {"GET", "/api/v1/inspect", h_inspect, 0, "inspect"},
};

static void counting_dispatch(zf_req_t *req, zf_resp_t *resp, const zf_route_t *route) {
    __atomic_add_fetch(&dispatch_calls, 1, __ATOMIC_SEQ_CST);
    route->handler(req, resp);
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int server_setup(void **state) {
    server_fixture_t *fx = calloc(1, sizeof *fx);
    snprintf(fx->static_dir, sizeof fx->static_dir, "/tmp/zf-http-test-XXXXXX");
    if (!mkdtemp(fx->static_dir)) return -1;
    char p[256];
    snprintf(p, sizeof p, "%s/index.html", fx->static_dir);
    write_file(p, "<!doctype html><title>执法</title>");
    snprintf(p, sizeof p, "%s/assets", fx->static_dir);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/assets/app.1f2e.js", fx->static_dir);
    write_file(p, "console.log(1)");
    snprintf(p, sizeof p, "%s/robots.txt", fx->static_dir);
    write_file(p, "");
    /* A secret beside the root, and a symlink inside pointing at it. */
    snprintf(fx->outside, sizeof fx->outside, "%s-secret.txt", fx->static_dir);
    write_file(fx->outside, "SECRET");
    snprintf(p, sizeof p, "%s/leak.txt", fx->static_dir);
    if (symlink(fx->outside, p) != 0) return -1;

    fx->router = zf_router_new();
    for (size_t i = 0; i < sizeof SERVER_ROUTES / sizeof SERVER_ROUTES[0]; i++)
        zf_router_add(fx->router, &SERVER_ROUTES[i]);
    zf_http_opts_t opts = {
        .listen_host = "127.0.0.1",
        .port = 0,
        .threads = 2,
        .body_limit = BODY_LIMIT,
        .static_dir = fx->static_dir,
        .router = fx->router,
        .dispatch = counting_dispatch,
        .log_requests = getenv("ZF_HTTP_TEST_LOG") != NULL,
    };
    zf_error_t err;
    fx->http = zf_http_start(&opts, &err);
    if (!fx->http) return -1;
    fx->port = zf_http_port(fx->http);
    if (fx->port == 0) return -1;
    *state = fx;
    return 0;
}

static int server_teardown(void **state) {
    server_fixture_t *fx = *state;
    zf_http_stop(fx->http);
    zf_router_free(fx->router);
    char p[256];
    snprintf(p, sizeof p, "%s/leak.txt", fx->static_dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/assets/app.1f2e.js", fx->static_dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/assets", fx->static_dir);
    rmdir(p);
    snprintf(p, sizeof p, "%s/index.html", fx->static_dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/robots.txt", fx->static_dir);
    unlink(p);
    rmdir(fx->static_dir);
    unlink(fx->outside);
    free(fx);
    return 0;
}

/* One parsed answer. */
typedef struct answer {
    int status; /* 0: connection closed or timed out before an answer */
    char head[70000];
    char *body; /* malloc'd, NUL-terminated */
    size_t body_len;
} answer_t;

static int connect_to(unsigned short port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct timeval tv = {5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    return fd;
}

static void send_all(int fd, const char *data, size_t len) {
    while (len > 0) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n <= 0) return; /* the server may answer and close early */
        data += n;
        len -= (size_t)n;
    }
}

/* Value of header name in head (case-insensitive), copied into out; NULL if
 * absent. */
static const char *header_in(const answer_t *a, const char *name, char *out, size_t cap) {
    size_t nlen = strlen(name);
    const char *line = strstr(a->head, "\r\n");
    while (line && line[2] != '\r') {
        line += 2;
        if (strncasecmp(line, name, nlen) == 0 && line[nlen] == ':') {
            const char *v = line + nlen + 1;
            while (*v == ' ')
                v++;
            const char *end = strstr(v, "\r\n");
            size_t len = (size_t)(end - v);
            if (len >= cap) len = cap - 1;
            memcpy(out, v, len);
            out[len] = '\0';
            return out;
        }
        line = strstr(line, "\r\n");
    }
    return NULL;
}

/* Read one answer from fd. head_only: a HEAD request (no body follows). */
static void read_answer(int fd, answer_t *a, int head_only) {
    memset(a->head, 0, sizeof a->head);
    a->status = 0;
    a->body = NULL;
    a->body_len = 0;
    size_t got = 0;
    char *end = NULL;
    while (!end && got < sizeof a->head - 1) {
        ssize_t n =
            recv(fd, a->head + got, 1, 0); /* byte by byte: stop exactly at the head's end */
        if (n <= 0) return;
        got += (size_t)n;
        end = strstr(a->head, "\r\n\r\n");
    }
    if (!end) return;
    sscanf(a->head, "HTTP/1.%*d %d", &a->status);
    char v[64];
    size_t len = header_in(a, "Content-Length", v, sizeof v) ? strtoul(v, NULL, 10) : 0;
    if (head_only) len = 0;
    a->body = calloc(1, len + 1);
    while (a->body_len < len) {
        ssize_t n = recv(fd, a->body + a->body_len, len - a->body_len, 0);
        if (n <= 0) break;
        a->body_len += (size_t)n;
    }
}

static void exchange(unsigned short port, const char *request, size_t len, answer_t *a) {
    int fd = connect_to(port);
    send_all(fd, request, len ? len : strlen(request));
    read_answer(fd, a, strncmp(request, "HEAD ", 5) == 0);
    close(fd);
}

/* POST body to path with the given Content-Type (NULL: none). */
static void post(unsigned short port, const char *path, const char *ctype, const char *body,
                 answer_t *a) {
    size_t blen = strlen(body);
    char *req = malloc(blen + 512);
    int n =
        snprintf(req, 512, "POST %s HTTP/1.1\r\nHost: t\r\n%s%s%sContent-Length: %zu\r\n\r\n", path,
                 ctype ? "Content-Type: " : "", ctype ? ctype : "", ctype ? "\r\n" : "", blen);
    memcpy(req + n, body, blen);
    exchange(port, req, (size_t)n + blen, a);
    free(req);
}

static answer_t *new_answer(void) { return calloc(1, sizeof(answer_t)); }

static void free_answer(answer_t *a) {
    free(a->body);
    free(a);
}

/* Status, code in the envelope, a Chinese message, and the common headers. */
static void assert_error(const answer_t *a, int status, const char *code) {
    if (a->status != status)
        fail_msg("status %d, want %d:\n%s%s", a->status, status, a->head, a->body);
    char want[96];
    snprintf(want, sizeof want, "{\"error\":{\"code\":\"%s\",\"message\":\"", code);
    if (strncmp(a->body, want, strlen(want)) != 0) fail_msg("body %s, want code %s", a->body, code);
    assert_true((unsigned char)a->body[strlen(want)] >= 0xe4); /* a CJK character */
    char v[128];
    assert_non_null(header_in(a, "X-Content-Type-Options", v, sizeof v));
    assert_string_equal(v, "nosniff");
    assert_non_null(header_in(a, "X-Frame-Options", v, sizeof v));
    assert_non_null(header_in(a, "Referrer-Policy", v, sizeof v));
    assert_non_null(header_in(a, "Content-Type", v, sizeof v));
    assert_string_equal(v, "application/json; charset=utf-8");
}

static void test_keep_alive(void **state) {
    server_fixture_t *fx = *state;
    int fd = connect_to(fx->port);
    answer_t *a = new_answer();
    char v[128];
    for (int i = 0; i < 3; i++) {
        const char *req = i == 1 ? "POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nContent-Type: "
                                   "application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}"
                                 : "GET /api/v1/health HTTP/1.1\r\nHost: t\r\n\r\n";
        send_all(fd, req, strlen(req));
        read_answer(fd, a, 0);
        if (a->status != 200) fail_msg("request %d on one connection: status %d", i, a->status);
        if (header_in(a, "Connection", v, sizeof v) && strcasecmp(v, "close") == 0)
            fail_msg("request %d answered Connection: close (queued on the first call?)", i);
        free(a->body);
        a->body = NULL;
    }
    free_answer(a);
    close(fd);
}

static void test_api_errors(void **state) {
    server_fixture_t *fx = *state;
    answer_t *a = new_answer();
    char v[128];

    exchange(fx->port, "GET /api/v1/nope HTTP/1.1\r\nHost: t\r\n\r\n", 0, a);
    assert_error(a, 404, "http.not_found");
    assert_non_null(header_in(a, "Cache-Control", v, sizeof v));
    assert_string_equal(v, "no-store");
    free(a->body);

    exchange(fx->port, "GET /api HTTP/1.1\r\nHost: t\r\n\r\n", 0, a);
    assert_error(a, 404, "http.not_found");
    free(a->body);

    exchange(fx->port, "DELETE /api/v1/units/3 HTTP/1.1\r\nHost: t\r\n\r\n", 0, a);
    assert_error(a, 405, "http.method_not_allowed");
    assert_non_null(header_in(a, "Allow", v, sizeof v));
    assert_string_equal(v, "GET, HEAD, PATCH");
    free(a->body);

    post(fx->port, "/api/v1/echo", "text/plain", "{}", a);
    assert_error(a, 415, "http.unsupported_media_type");
    free(a->body);

    post(fx->port, "/api/v1/echo", NULL, "{}", a);
    assert_error(a, 415, "http.unsupported_media_type");
    free(a->body);

    post(fx->port, "/api/v1/echo", "application/json", "{\"username\":\"admin\",", a);
    assert_error(a, 400, "http.bad_json");
    assert_non_null(strstr(a->body, "位置 20"));
    free(a->body);

    exchange(fx->port, "GET /api/v1/silent HTTP/1.1\r\nHost: t\r\n\r\n", 0, a);
    assert_error(a, 500, "http.no_response");
    free(a->body);

    exchange(fx->port, "GET /api/v1/units/%FF HTTP/1.1\r\nHost: t\r\n\r\n", 0, a);
    assert_error(a, 400, "http.bad_path");
    free(a->body);

    exchange(fx->port, "GET /api/v1/units/1%00x HTTP/1.1\r\nHost: t\r\n\r\n", 0, a);
    assert_error(a, 400, "http.bad_path");
    free(a->body);

    exchange(fx->port, "GET /index.html%00.png HTTP/1.1\r\nHost: t\r\n\r\n", 0, a);
    assert_error(a, 400, "http.bad_path");
    free(a->body);

    exchange(fx->port, "GET /api/v1/units/1%0Ax HTTP/1.1\r\nHost: t\r\n\r\n", 0, a);
    assert_error(a, 400, "http.bad_path");
    free_answer(a);
}

static void test_api_success(void **state) {
    server_fixture_t *fx = *state;
    answer_t *a = new_answer();
    char v[128];
    int before = __atomic_load_n(&dispatch_calls, __ATOMIC_SEQ_CST);

    post(fx->port, "/api/v1/echo", "Application/JSON; charset=utf-8",
         "{\"name\":\"执法\", \"n\":  1}", a);
    assert_int_equal(a->status, 200);
    assert_string_equal(a->body, "{\"name\":\"执法\",\"n\":1}");
    free(a->body);

    exchange(fx->port, "GET /api/v1/units/tree HTTP/1.1\r\nHost: t\r\n\r\n", 0, a);
    assert_string_equal(a->body, "{\"tree\":\"yes\"}");
    free(a->body);

    exchange(fx->port, "GET /api/v1/units/%E5%8F%B6 HTTP/1.1\r\nHost: t\r\n\r\n", 0, a);
    assert_string_equal(a->body, "{\"id\":\"叶\"}");
    free(a->body);

    exchange(fx->port, "HEAD /api/v1/units/7 HTTP/1.1\r\nHost: t\r\n\r\n", 0, a);
    assert_int_equal(a->status, 200);
    assert_non_null(header_in(a, "Content-Length", v, sizeof v));
    assert_string_equal(v, "10");
    free(a->body);

    exchange(fx->port,
             "GET /api/v1/inspect?q=%E5%AE%89%E5%85%A8+a&flag HTTP/1.1\r\nHost: t\r\n"
             "Cookie: theme=dark; zf_session=abc123\r\nX-Test: yes\r\n\r\n",
             0, a);
    assert_int_equal(a->status, 200);
    assert_string_equal(a->body, "{\"q\":\"安全 a\",\"flag\":\"\",\"cookie\":\"abc123\","
                                 "\"header\":\"yes\",\"ip\":\"127.0.0.1\"}");
    assert_non_null(header_in(a, "Cache-Control", v, sizeof v));
    assert_string_equal(v, "private, max-age=5"); /* the handler's own, not no-store */
    free_answer(a);
    assert_true(__atomic_load_n(&dispatch_calls, __ATOMIC_SEQ_CST) >= before + 5);
}

/* A body over the limit, sent in full with Content-Length: the server reads
 * and drops it, answers 413, and the connection stays usable. */
static void test_body_too_large_declared(void **state) {
    server_fixture_t *fx = *state;
    size_t size = 2u << 20;
    char head[256];
    int hl = snprintf(head, sizeof head,
                      "POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                      "Content-Length: %zu\r\n\r\n",
                      size);
    char *body = malloc(size);
    memset(body, ' ', size);
    int fd = connect_to(fx->port);
    send_all(fd, head, (size_t)hl);
    send_all(fd, body, size);
    answer_t *a = new_answer();
    read_answer(fd, a, 0);
    assert_error(a, 413, "http.body_too_large");
    free(a->body);
    send_all(fd, "GET /api/v1/health HTTP/1.1\r\nHost: t\r\n\r\n", 40);
    read_answer(fd, a, 0);
    assert_int_equal(a->status, 200);
    free_answer(a);
    free(body);
    close(fd);
}

/* Chunked, so the size is known only as it arrives. */
static void test_body_too_large_chunked(void **state) {
    server_fixture_t *fx = *state;
    int fd = connect_to(fx->port);
    const char *head = "POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                       "Transfer-Encoding: chunked\r\n\r\n";
    send_all(fd, head, strlen(head));
    size_t chunk = 64 * 1024;
    char *data = malloc(chunk);
    memset(data, ' ', chunk);
    for (int i = 0; i < 20; i++) {
        char line[32];
        int n = snprintf(line, sizeof line, "%zx\r\n", chunk);
        send_all(fd, line, (size_t)n);
        send_all(fd, data, chunk);
        send_all(fd, "\r\n", 2);
    }
    send_all(fd, "0\r\n\r\n", 5);
    answer_t *a = new_answer();
    read_answer(fd, a, 0);
    assert_error(a, 413, "http.body_too_large");
    free_answer(a);
    free(data);
    close(fd);
}

/* Expect: 100-continue with a size over the limit: 413 at once, no body sent. */
static void test_body_too_large_expect(void **state) {
    server_fixture_t *fx = *state;
    answer_t *a = new_answer();
    exchange(fx->port,
             "POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
             "Content-Length: 5000000\r\nExpect: 100-continue\r\n\r\n",
             0, a);
    assert_error(a, 413, "http.body_too_large");
    free_answer(a);
}

static void test_long_url_and_cookie(void **state) {
    server_fixture_t *fx = *state;
    size_t n = 40 * 1024;
    char *req = malloc(n + 256);
    int o = sprintf(req, "GET /api/v1/health?x=");
    memset(req + o, 'a', n);
    o += (int)n;
    o += sprintf(req + o, " HTTP/1.1\r\nHost: t\r\n\r\n");
    answer_t *a = new_answer();
    exchange(fx->port, req, (size_t)o, a);
    assert_int_equal(a->status, 200);
    free(a->body);

    o = sprintf(req, "GET /api/v1/health HTTP/1.1\r\nHost: t\r\nCookie: big=");
    memset(req + o, 'c', 20 * 1024);
    o += 20 * 1024;
    o += sprintf(req + o, "\r\n\r\n");
    exchange(fx->port, req, (size_t)o, a);
    assert_int_equal(a->status, 200);
    free(a->body);

    /* Far beyond the connection memory: MHD's own 414/431, never a drop. */
    free(req);
    n = 100 * 1024;
    req = malloc(n + 256);
    o = sprintf(req, "GET /api/v1/health?x=");
    memset(req + o, 'a', n);
    o += (int)n;
    o += sprintf(req + o, " HTTP/1.1\r\nHost: t\r\n\r\n");
    exchange(fx->port, req, (size_t)o, a);
    if (a->status < 400 || a->status >= 500) fail_msg("100 KB URL: status %d", a->status);
    free_answer(a);
    free(req);
}

static void test_static_files(void **state) {
    server_fixture_t *fx = *state;
    answer_t *a = new_answer();
    char v[512];

    exchange(fx->port, "GET / HTTP/1.1\r\nHost: t\r\n\r\n", 0, a);
    assert_int_equal(a->status, 200);
    assert_non_null(strstr(a->body, "执法"));
    assert_non_null(header_in(a, "Content-Type", v, sizeof v));
    assert_string_equal(v, "text/html; charset=utf-8");
    assert_non_null(header_in(a, "Content-Security-Policy", v, sizeof v));
    assert_non_null(strstr(v, "frame-ancestors 'none'"));
    assert_non_null(header_in(a, "Cache-Control", v, sizeof v));
    assert_string_equal(v, "no-cache");
    free(a->body);

    exchange(fx->port, "GET /assets/app.1f2e.js HTTP/1.1\r\nHost: t\r\n\r\n", 0, a);
    assert_int_equal(a->status, 200);
    assert_string_equal(a->body, "console.log(1)");
    assert_non_null(header_in(a, "Content-Type", v, sizeof v));
    assert_string_equal(v, "text/javascript; charset=utf-8");
    assert_non_null(header_in(a, "Cache-Control", v, sizeof v));
    assert_string_equal(v, "public, max-age=31536000, immutable");
    assert_null(header_in(a, "Content-Security-Policy", v, sizeof v));
    assert_non_null(header_in(a, "X-Content-Type-Options", v, sizeof v));
    free(a->body);

    exchange(fx->port, "GET /robots.txt HTTP/1.1\r\nHost: t\r\n\r\n", 0, a);
    assert_int_equal(a->status, 200);
    assert_int_equal(a->body_len, 0);
    free(a->body);

    /* SPA routes */
    exchange(fx->port, "GET /cases/12/edit?tab=2 HTTP/1.1\r\nHost: t\r\n\r\n", 0, a);
    assert_int_equal(a->status, 200);
    assert_non_null(strstr(a->body, "<!doctype html>"));
    free(a->body);
    exchange(fx->port, "GET /assets HTTP/1.1\r\nHost: t\r\n\r\n", 0, a);
    assert_int_equal(a->status, 200);
    free(a->body);

    exchange(fx->port, "HEAD / HTTP/1.1\r\nHost: t\r\n\r\n", 0, a);
    assert_int_equal(a->status, 200);
    free(a->body);

    exchange(fx->port, "GET /assets/missing.js HTTP/1.1\r\nHost: t\r\n\r\n", 0, a);
    assert_error(a, 404, "http.not_found");
    free(a->body);

    exchange(fx->port, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n", 0, a);
    assert_error(a, 405, "http.method_not_allowed");
    assert_non_null(header_in(a, "Allow", v, sizeof v));
    free_answer(a);
}

static void test_static_traversal(void **state) {
    server_fixture_t *fx = *state;
    static const char *const attempts[] = {
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "/assets/../../../etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/leak.txt",
        "/./index.html",
        "/.%2e/",
    };
    answer_t *a = new_answer();
    char secret_name[128];
    const char *slash = strrchr(fx->outside, '/');
    snprintf(secret_name, sizeof secret_name, "/..%s", slash);
    for (size_t i = 0; i <= sizeof attempts / sizeof attempts[0]; i++) {
        const char *path = i < sizeof attempts / sizeof attempts[0] ? attempts[i] : secret_name;
        char req[256];
        snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: t\r\n\r\n", path);
        exchange(fx->port, req, 0, a);
        if (a->status == 0 || a->status >= 500) fail_msg("%s: status %d", path, a->status);
        if (a->body && (strstr(a->body, "root:") || strstr(a->body, "SECRET")))
            fail_msg("%s: served a file outside the root", path);
        free(a->body);
        a->body = NULL;
    }
    free_answer(a);
}

/* A declared size far past the limit is answered before the body is read
 * (and the connection closed); an endless chunked body is cut off. Either
 * way the server goes on serving. */
static void test_body_far_too_large(void **state) {
    server_fixture_t *fx = *state;
    answer_t *a = new_answer();
    char v[64];
    exchange(fx->port,
             "POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
             "Content-Length: 300000000\r\n\r\n{\"a\":",
             0, a);
    assert_error(a, 413, "http.body_too_large");
    assert_non_null(header_in(a, "Connection", v, sizeof v));
    assert_string_equal(v, "close");
    free(a->body);
    a->body = NULL;

    int fd = connect_to(fx->port);
    const char *head = "POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                       "Transfer-Encoding: chunked\r\n\r\n";
    send_all(fd, head, strlen(head));
    size_t chunk = 256 * 1024;
    char *data = malloc(chunk);
    memset(data, ' ', chunk);
    char line[32];
    int n = snprintf(line, sizeof line, "%zx\r\n", chunk);
    for (int i = 0; i < 48; i++) { /* 12 MiB: limit + DRAIN_MAX is 9 MiB */
        send_all(fd, line, (size_t)n);
        send_all(fd, data, chunk);
        send_all(fd, "\r\n", 2);
    }
    read_answer(fd, a, 0);
    assert_int_equal(a->status, 0); /* cut off: no answer */
    close(fd);
    free(data);
    free(a->body);

    exchange(fx->port, "GET /api/v1/health HTTP/1.1\r\nHost: t\r\n\r\n", 0, a);
    assert_int_equal(a->status, 200);
    free_answer(a);
}

static void h_slow(zf_req_t *req, zf_resp_t *resp) {
    struct timespec ts = {0, 300 * 1000 * 1000};
    nanosleep(&ts, NULL);
    zf_resp_json(req, resp, 200, json_pack("{s:b}", "slow", 1));
}

typedef struct slow_call {
    unsigned short port;
    answer_t *answer;
} slow_call_t;

static void *call_slow(void *arg) {
    slow_call_t *c = arg;
    exchange(c->port, "GET /api/v1/slow HTTP/1.1\r\nHost: t\r\n\r\n", 0, c->answer);
    return NULL;
}

/* zf_http_stop lets a request in progress finish and send its answer, and
 * frees everything (ASan checks the second half). */
static void test_stop_waits_for_requests(void **state) {
    (void)state;
    static const zf_route_t slow_route = {"GET", "/api/v1/slow", h_slow, 0, "slow"};
    zf_router_t *router = zf_router_new();
    zf_router_add(router, &slow_route);
    zf_http_opts_t opts = {
        .listen_host = "127.0.0.1", .threads = 2, .body_limit = 1024, .router = router};
    zf_error_t err;
    zf_http_t *http = zf_http_start(&opts, &err);
    assert_non_null(http);
    slow_call_t call = {zf_http_port(http), new_answer()};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, call_slow, &call), 0);
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, NULL);
    zf_http_stop(http);
    pthread_join(t, NULL);
    assert_int_equal(call.answer->status, 200);
    assert_string_equal(call.answer->body, "{\"slow\":true}");
    free_answer(call.answer);

    /* Nobody listens any more. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(call.port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    assert_int_not_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    close(fd);
    zf_router_free(router);
}

/* Binding a port that is taken fails cleanly with a Chinese message. */
static void test_start_port_taken(void **state) {
    server_fixture_t *fx = *state;
    zf_http_opts_t opts = {
        .listen_host = "127.0.0.1", .port = fx->port, .threads = 1, .body_limit = 1024};
    zf_error_t err;
    zf_error_clear(&err);
    assert_null(zf_http_start(&opts, &err));
    assert_string_equal(err.code, "http.listen");
    opts.listen_host = "no such host.invalid";
    assert_null(zf_http_start(&opts, &err));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_router_table),
        cmocka_unit_test(test_router_literal_wins_in_any_order),
        cmocka_unit_test(test_router_count_and_at),
        cmocka_unit_test(test_json_table),
        cmocka_unit_test(test_json_depth_limit),
        cmocka_unit_test(test_json_text_as_jansson),
        cmocka_unit_test(test_json_text_verbatim),
        cmocka_unit_test(test_resp_error_envelope),
        cmocka_unit_test(test_keep_alive),
        cmocka_unit_test(test_api_errors),
        cmocka_unit_test(test_api_success),
        cmocka_unit_test(test_body_too_large_declared),
        cmocka_unit_test(test_body_too_large_chunked),
        cmocka_unit_test(test_body_too_large_expect),
        cmocka_unit_test(test_long_url_and_cookie),
        cmocka_unit_test(test_static_files),
        cmocka_unit_test(test_static_traversal),
        cmocka_unit_test(test_body_far_too_large),
        cmocka_unit_test(test_stop_waits_for_requests),
        cmocka_unit_test(test_start_port_taken),
    };
    /* One group (meson's TAP reader wants one plan); the fixture is the
     * server, which the pure unit tests simply do not use. */
    return cmocka_run_group_tests_name("http", tests, server_setup, server_teardown);
}
