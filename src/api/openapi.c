/* openapi.c — GET /api/v1/openapi.json: the API described as OpenAPI 3.0,
 * generated from the route table itself, so it cannot drift from what the
 * server answers (issue 11: the exchange API is documented in an OpenAPI
 * file served by zhifa). Public: what the API is, is not a secret; what a
 * caller may do is decided per request.
 *
 * Each operation carries its method and path (path parameters declared),
 * whether it is public, the permission action the dispatcher checks with
 * its Chinese label (x-zhifa-action, and the roles that hold it in
 * x-zhifa-roles), whether a state change needs the CSRF header, and whether
 * it takes a JSON body or an upload. The exchange API's bodies and answers
 * are written out field by field (openapi_exchange.c: partner agencies are
 * this file's readers); the others are described in docs/api.md. */
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/openapi.h"
#include "core/perm.h"

/* "enterprises" from "/api/v1/enterprises/{id}/burden": the first segment
 * after the version, used as the operation's tag. */
static json_t *tag_of(zf_arena_t *a, const char *pattern) {
    const char *p = pattern;
    if (strncmp(p, "/api/v1/", 8) == 0) p += 8;
    size_t n = strcspn(p, "/");
    return json_string(zf_arena_strndup(a, p, n));
}

/* The {name} segments of a pattern as path parameters. */
static json_t *path_params(zf_arena_t *a, const char *pattern) {
    json_t *params = json_array();
    for (const char *p = strchr(pattern, '{'); p; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');
        if (!end) break;
        json_array_append_new(params,
                              json_pack("{s:s, s:s, s:b, s:{s:s}}", "name",
                                        zf_arena_strndup(a, p + 1, (size_t)(end - p - 1)), "in",
                                        "path", "required", 1, "schema", "type", "string"));
    }
    return params;
}

static json_t *roles_holding(const char *action) {
    json_t *roles = json_array();
    for (size_t i = 0; i < zf_roles_count(); i++)
        if (zf_perm_role_may(zf_role_at(i)->code, action))
            json_array_append_new(roles, json_string(zf_role_at(i)->code));
    return roles;
}

/* The query parameters of the lists paged by keyset (issue 11 leftovers:
 * the agencies and the exchange tokens); the other routes' are in
 * docs/api.md. */
static const struct {
    const char *pattern; /* GET routes */
    const char *name;
    const char *type;
    const char *description;
} query_params[] = {
    {"/api/v1/agencies", "limit", "integer", "每页条数 1–200，默认 50"},
    {"/api/v1/agencies", "before", "integer",
     "上一页应答的 next_before：只列编号小于它的（由新到旧）"},
    {"/api/v1/agencies", "all", "string", "1：也列出已停用的协作单位"},
    {"/api/v1/agencies", "kind", "string", "部门类型代码，多个以逗号分隔（见应答的 kinds）"},
    {"/api/v1/agencies", "q", "string", "名称包含的文字（至多 64 字）"},
    {"/api/v1/api-tokens", "limit", "integer", "每页条数 1–200，默认 50"},
    {"/api/v1/api-tokens", "before", "integer",
     "上一页应答的 next_before：只列编号小于它的（由新到旧）"},
    {"/api/v1/api-tokens", "agency_id", "integer", "只列该协作单位的令牌"},
};

static void add_query_params(const zf_route_t *rt, json_t *params) {
    if (strcmp(rt->method, "GET") != 0) return;
    for (size_t i = 0; i < sizeof query_params / sizeof query_params[0]; i++)
        if (strcmp(query_params[i].pattern, rt->pattern) == 0)
            json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:s, s:{s:s}}", "name",
                                                    query_params[i].name, "in", "query", "required",
                                                    0, "description", query_params[i].description,
                                                    "schema", "type", query_params[i].type));
}

static json_t *operation(zf_arena_t *a, const zf_route_t *rt) {
    int public_route = (rt->flags & ZF_ROUTE_PUBLIC) != 0;
    const char *label = rt->action ? zf_action_label(rt->action) : NULL;
    const char *summary = label ? label : public_route ? "公开接口" : "登录用户可用";
    json_t *op =
        json_pack("{s:s, s:[o], s:s, s:o}", "summary", summary, "tags", tag_of(a, rt->pattern),
                  "operationId", zf_arena_printf(a, "%s %s", rt->method, rt->pattern), "parameters",
                  path_params(a, rt->pattern));
    add_query_params(rt, json_object_get(op, "parameters"));
    if (public_route) {
        json_object_set_new(op, "security", json_array()); /* no session needed */
    } else if (rt->flags & ZF_ROUTE_EXCHANGE) {
        /* issue 11: a partner agency's token, no session, no CSRF */
        json_object_set_new(op, "security", json_pack("[{s:[]}]", "bearer"));
        json_object_set_new(op, "x-zhifa-exchange", json_true());
    } else {
        json_object_set_new(op, "security", json_pack("[{s:[]}]", "session"));
    }
    if (rt->action) {
        json_object_set_new(op, "x-zhifa-action", json_string(rt->action));
        json_object_set_new(op, "x-zhifa-roles", roles_holding(rt->action));
    }
    int unsafe = strcmp(rt->method, "GET") != 0;
    json_object_set_new(op, "x-zhifa-csrf",
                        json_boolean(unsafe && !(rt->flags & ZF_ROUTE_NO_CSRF) && !public_route &&
                                     !(rt->flags & ZF_ROUTE_EXCHANGE)));
    if (rt->flags & ZF_ROUTE_JSON_BODY)
        json_object_set_new(op, "requestBody",
                            json_pack("{s:b, s:{s:{s:{s:s}}}}", "required", 1, "content",
                                      "application/json", "schema", "type", "object"));
    else if (rt->flags & ZF_ROUTE_UPLOAD)
        json_object_set_new(op, "requestBody",
                            json_pack("{s:b, s:{s:{s:{s:s, s:s}}}}", "required", 1, "content",
                                      "application/octet-stream", "schema", "type", "string",
                                      "format", "binary"));
    json_object_set_new(
        op, "responses",
        json_pack("{s:{s:s}, s:{s:s, s:{s:{s:{s:s}}}}}", "200", "description", "成功", "default",
                  "description",
                  "错误：{\"error\":{\"code\",\"message\",\"field\"}}，message 为中文", "content",
                  "application/json", "schema", "$ref", "#/components/schemas/Error"));
    if (rt->flags & ZF_ROUTE_EXCHANGE) zf_openapi_exchange_operation(rt->method, rt->pattern, op);
    return op;
}

/* The document depends only on the route and permission tables, which are
 * compiled in: build it once, on the first request, and serve the text. */
static char *openapi_text;
static size_t openapi_len;
static pthread_once_t openapi_once = PTHREAD_ONCE_INIT;

static void build_openapi(void) {
    zf_arena_t *a = zf_arena_new();
    zf_router_t *r = zf_api_router();
    json_t *paths = json_object();
    for (size_t i = 0; i < zf_router_count(r); i++) {
        const zf_route_t *rt = zf_router_at(r, i);
        json_t *item = json_object_get(paths, rt->pattern);
        if (!item) {
            item = json_object();
            json_object_set_new(paths, rt->pattern, item);
        }
        char method[16];
        size_t n = strlen(rt->method);
        if (n >= sizeof method) n = sizeof method - 1;
        for (size_t k = 0; k < n; k++)
            method[k] = (char)(rt->method[k] >= 'A' && rt->method[k] <= 'Z' ? rt->method[k] + 32
                                                                            : rt->method[k]);
        method[n] = '\0';
        json_object_set_new(item, method, operation(a, rt));
    }
    zf_router_free(r);
    json_t *doc = json_pack(
        "{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:{s:{s:s, s:s, s:s}}, s:{s:{s:s, s:{s:{s:s, "
        "s:{s:{s:s}, s:{s:s}, s:{s:s}}}}}}}}",
        "openapi", "3.0.3", "info", "title", "zhifa 应急管理综合行政执法平台 API", "version", "1",
        "description",
        "由服务器的路由表生成。接口的请求与应答见 docs/api.md；每个请求按角色与所在单位检查权限"
        "（x-zhifa-action、x-zhifa-roles），改变状态的请求须带 X-CSRF-Token（x-zhifa-csrf）。",
        "paths", paths, "components", "securitySchemes", "session", "type", "apiKey", "in",
        "cookie", "name", "zf_session", "schemas", "Error", "type", "object", "properties", "error",
        "type", "object", "properties", "code", "type", "string", "message", "type", "string",
        "field", "type", "string");
    zf_openapi_exchange_schemas(json_object_get(json_object_get(doc, "components"), "schemas"));
    /* the exchange API (issue 11): Authorization: Bearer <token of a partner agency> */
    json_object_set_new(
        json_object_get(json_object_get(doc, "components"), "securitySchemes"), "bearer",
        json_pack("{s:s, s:s, s:s}", "type", "http", "scheme", "bearer", "description",
                  "协作单位的数据交换接口令牌（64 位十六进制，签发时只显示一次）"));
    openapi_text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    openapi_len = openapi_text ? strlen(openapi_text) : 0;
    json_decref(doc);
    zf_arena_free(a);
}

void zf_api_openapi(zf_req_t *req, zf_resp_t *resp) {
    pthread_once(&openapi_once, build_openapi);
    if (!openapi_text) {
        zf_error_t err = {0};
        zf_error_set(&err, ZF_EIO, 500, "openapi.unavailable", NULL,
                     "接口说明生成失败（内存不足）");
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_header(resp, "Cache-Control", "public, max-age=300");
    zf_resp_text(resp, 200, "application/json; charset=utf-8", openapi_text, openapi_len);
}
