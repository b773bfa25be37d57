/* openapi_exchange.c — the request and answer schemas of the exchange API
 * (issue 11): the routes partner agencies call with a Bearer token are the
 * audience of the OpenAPI file, so theirs are written out field by field;
 * the other routes keep the generic object of openapi.c (docs/api.md is
 * their reference). Written by hand from api/exchange.c and
 * zf_api_enterprise_json; tests/api/openapi.test.js checks real answers of
 * every exchange route against these schemas, so a field renamed in the
 * code without changing it here fails the test. */
#include <stdio.h>
#include <string.h>

#include "api/openapi.h"

static const char SCHEMAS[] =
    "{"
    "\"AgencyRef\":{\"type\":\"object\",\"required\":[\"id\",\"name\"],\"properties\":{"
    "\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"}}},"
    "\"Token\":{\"type\":\"object\",\"required\":[\"id\",\"label\",\"scope\",\"resources\","
    "\"agency\"],"
    "\"properties\":{\"id\":{\"type\":\"integer\"},\"label\":{\"type\":\"string\"},"
    "\"scope\":{\"type\":\"string\",\"enum\":[\"read\",\"push\"]},"
    "\"resources\":{\"type\":\"string\",\"description\":\"空格分隔：enterprise.read notice.read "
    "notice.write\"},"
    "\"agency\":{\"$ref\":\"#/components/schemas/AgencyRef\"}}},"
    "\"Shared\":{\"type\":\"object\",\"required\":[\"token\",\"items\"],\"properties\":{"
    "\"token\":{\"$ref\":\"#/components/schemas/Token\"},"
    "\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
    "\"required\":[\"subject_kind\",\"subject_id\",\"shared_at\"],\"properties\":{"
    "\"subject_kind\":{\"type\":\"string\",\"enum\":[\"enterprise\"]},"
    "\"subject_id\":{\"type\":\"integer\"},\"shared_at\":{\"type\":\"string\",\"format\":\"date-"
    "time\"},"
    "\"name\":{\"type\":\"string\"}}}}}},"
    "\"Enterprise\":{\"type\":\"object\",\"required\":[\"id\",\"credit_code\",\"name\",\"unit\","
    "\"address\",\"domain\",\"domain_name\",\"scale\",\"risk\",\"supervision\",\"status\","
    "\"version\"],"
    "\"properties\":{\"id\":{\"type\":\"integer\"},"
    "\"credit_code\":{\"type\":\"string\",\"description\":\"统一社会信用代码（GB 32100-2015）\"},"
    "\"name\":{\"type\":\"string\"},\"unit\":{\"$ref\":\"#/components/schemas/AgencyRef\"},"
    "\"address\":{\"type\":\"string\"},\"domain\":{\"type\":\"string\"},\"domain_name\":{\"type\":"
    "\"string\"},"
    "\"scale\":{\"type\":\"string\"},\"scale_name\":{\"type\":\"string\"},"
    "\"legal_rep\":{\"type\":\"string\"},\"legal_rep_phone\":{\"type\":\"string\"},"
    "\"contact\":{\"type\":\"string\"},\"contact_phone\":{\"type\":\"string\"},"
    "\"risk\":{\"type\":\"string\"},\"risk_name\":{\"type\":\"string\"},"
    "\"supervision\":{\"type\":\"string\"},\"supervision_name\":{\"type\":\"string\"},"
    "\"status\":{\"type\":\"string\",\"enum\":[\"operating\",\"suspended\",\"closed\"]},"
    "\"status_name\":{\"type\":\"string\"},\"credit_punished\":{\"type\":\"boolean\"},"
    "\"version\":{\"type\":\"integer\"},\"created_at\":{\"type\":\"string\"},\"updated_at\":{"
    "\"type\":\"string\"}}},"
    "\"EnterpriseList\":{\"type\":\"object\",\"required\":[\"items\"],\"properties\":{"
    "\"items\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Enterprise\"}}}},"
    "\"Notice\":{\"type\":\"object\",\"required\":[\"id\",\"agency\",\"unit_id\",\"direction\","
    "\"kind\","
    "\"kind_name\",\"title\",\"body\",\"materials\",\"case_ref\",\"created_by\",\"created_by_"
    "name\","
    "\"token_id\",\"created_at\",\"replies\"],\"properties\":{\"id\":{\"type\":\"integer\"},"
    "\"agency\":{\"$ref\":\"#/components/schemas/AgencyRef\"},\"unit_id\":{\"type\":\"integer\"},"
    "\"direction\":{\"type\":\"string\",\"enum\":[\"in\",\"out\"]},"
    "\"kind\":{\"type\":\"string\",\"enum\":[\"notification\",\"consultation\"]},"
    "\"kind_name\":{\"type\":\"string\"},\"title\":{\"type\":\"string\"},\"body\":{\"type\":"
    "\"string\"},"
    "\"materials\":{\"type\":\"string\"},\"case_ref\":{\"type\":\"string\"},"
    "\"created_by\":{\"type\":\"integer\",\"nullable\":true},\"created_by_name\":{\"type\":"
    "\"string\"},"
    "\"token_id\":{\"type\":\"integer\",\"nullable\":true},\"created_at\":{\"type\":\"string\"},"
    "\"replies\":{\"type\":\"integer\"},"
    "\"reply_items\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Reply\"}}}},"
    "\"NoticeList\":{\"type\":\"object\",\"required\":[\"items\",\"next_before\"],\"properties\":{"
    "\"items\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Notice\"}},"
    "\"next_before\":{\"type\":\"integer\",\"nullable\":true,\"description\":\"下一页：before="
    "此值\"}}},"
    "\"NoticeNew\":{\"type\":\"object\",\"required\":[\"kind\",\"title\",\"body\"],"
    "\"additionalProperties\":false,\"properties\":{"
    "\"kind\":{\"type\":\"string\",\"enum\":[\"notification\",\"consultation\"]},"
    "\"title\":{\"type\":\"string\",\"maxLength\":100},\"body\":{\"type\":\"string\",\"maxLength\":"
    "5000},"
    "\"materials\":{\"type\":\"string\",\"maxLength\":5000},\"case_ref\":{\"type\":\"string\","
    "\"maxLength\":100}}},"
    "\"Reply\":{\"type\":\"object\",\"required\":[\"id\",\"body\",\"created_by\",\"created_by_"
    "name\","
    "\"token_id\",\"created_at\"],\"properties\":{\"id\":{\"type\":\"integer\"},\"body\":{\"type\":"
    "\"string\"},"
    "\"created_by\":{\"type\":\"integer\",\"nullable\":true},\"created_by_name\":{\"type\":"
    "\"string\"},"
    "\"token_id\":{\"type\":\"integer\",\"nullable\":true},\"created_at\":{\"type\":\"string\"}}},"
    "\"ReplyNew\":{\"type\":\"object\",\"required\":[\"body\"],\"additionalProperties\":false,"
    "\"properties\":{\"body\":{\"type\":\"string\",\"maxLength\":5000}}}"
    "}";

/* METHOD pattern → request schema (or NULL), answer status and schema, and
 * the error codes the route itself sends (besides token.* and input.*). */
static const struct {
    const char *method, *pattern, *request, *status, *answer, *errors;
} OPS[] = {
    {"GET", "/api/v1/exchange/shared", NULL, "200", "Shared", ""},
    {"GET", "/api/v1/exchange/enterprises", NULL, "200", "EnterpriseList", "token.resource"},
    {"GET", "/api/v1/exchange/enterprises/{id}", NULL, "200", "Enterprise",
     "token.resource exchange.not_shared"},
    {"GET", "/api/v1/exchange/notices", NULL, "200", "NoticeList", "token.resource"},
    {"POST", "/api/v1/exchange/notices", "NoticeNew", "201", "Notice",
     "token.scope token.resource"},
    {"POST", "/api/v1/exchange/notices/{id}/replies", "ReplyNew", "201", "Reply",
     "token.scope token.resource notice.not_found"},
};

static json_t *ref(const char *name) {
    char buf[96];
    snprintf(buf, sizeof buf, "#/components/schemas/%s", name);
    return json_pack("{s:s}", "$ref", buf);
}

void zf_openapi_exchange_schemas(json_t *schemas) {
    json_t *all = json_loads(SCHEMAS, 0, NULL);
    if (!all) return; /* a literal: the test would fail first */
    json_object_update(schemas, all);
    json_decref(all);
}

void zf_openapi_exchange_operation(const char *method, const char *pattern, json_t *op) {
    for (size_t i = 0; i < sizeof OPS / sizeof OPS[0]; i++) {
        if (strcmp(OPS[i].method, method) != 0 || strcmp(OPS[i].pattern, pattern) != 0) continue;
        if (OPS[i].request)
            json_object_set_new(op, "requestBody",
                                json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content",
                                          "application/json", "schema", ref(OPS[i].request)));
        json_t *responses = json_object_get(op, "responses");
        json_object_del(responses, "200");
        json_object_set_new(responses, OPS[i].status,
                            json_pack("{s:s, s:{s:{s:o}}}", "description", "成功", "content",
                                      "application/json", "schema", ref(OPS[i].answer)));
        json_object_set_new(op, "x-zhifa-error-codes", json_string(OPS[i].errors));
        return;
    }
}
