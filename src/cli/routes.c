/* routes.c — `zhifa routes`: print the API route table as JSON, one object
 * per route in table order:
 *   [{"method":"GET","pattern":"/api/v1/units/{id}","flags":["public"],"action":"unit.read"},…]
 * The permission-matrix test (tests/api/matrix.test.js) and
 * scripts/matrix-suggest.js read it, so a new route without a row in
 * tests/permission-matrix.json is noticed (issue 12). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "cli/cli.h"

static const char usage[] = "用法: zhifa routes\n"
                            "以 JSON 输出全部 API 路由：方法、路径模式、"
                            "标志（json_body、public、no_csrf、exchange）与权限动作。\n";

int zf_cmd_routes(int argc, char **argv) {
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return 0;
    }
    if (argc >= 2) {
        fputs(usage, stderr);
        return 2;
    }
    zf_router_t *r = zf_api_router();
    json_t *out = json_array();
    for (size_t i = 0; i < zf_router_count(r); i++) {
        const zf_route_t *rt = zf_router_at(r, i);
        json_t *flags = json_array();
        if (rt->flags & ZF_ROUTE_JSON_BODY) json_array_append_new(flags, json_string("json_body"));
        if (rt->flags & ZF_ROUTE_PUBLIC) json_array_append_new(flags, json_string("public"));
        if (rt->flags & ZF_ROUTE_NO_CSRF) json_array_append_new(flags, json_string("no_csrf"));
        if (rt->flags & ZF_ROUTE_EXCHANGE) json_array_append_new(flags, json_string("exchange"));
        json_array_append_new(out, json_pack("{s:s, s:s, s:o, s:o}", "method", rt->method,
                                             "pattern", rt->pattern, "flags", flags, "action",
                                             rt->action ? json_string(rt->action) : json_null()));
    }
    zf_router_free(r);
    int rc = json_dumpf(out, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(out);
    return rc == 0 ? 0 : 1;
}
