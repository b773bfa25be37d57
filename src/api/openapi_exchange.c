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
    "\"token_id\",\"created_at\",\"replies\",\"files\"],\"properties\":{\"id\":{\"type\":"
    "\"integer\"},"
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
    "\"files\":{\"type\":\"integer\",\"description\":\"通报或会商及其回复未撤回的材料数\"},"
    "\"reply_items\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Reply\"}},"
    "\"attachments\":{\"type\":\"array\",\"description\":\"通报或会商本身的材料（不含回复的）\","
    "\"items\":{\"$ref\":\"#/components/schemas/Attachment\"}}}},"
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
    "\"token_id\":{\"type\":\"integer\",\"nullable\":true},\"created_at\":{\"type\":\"string\"},"
    "\"attachments\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/"
    "Attachment\"}}}},"
    "\"Attachment\":{\"type\":\"object\",\"required\":[\"id\",\"notice_id\",\"reply_id\","
    "\"file_name\",\"mime\",\"type_name\",\"size\",\"sha256\",\"uploaded_by\",\"uploaded_by_name\","
    "\"token_id\",\"uploaded_at\",\"withdrawn\",\"withdrawn_at\",\"withdraw_reason\",\"withdrawn_"
    "by\","
    "\"withdrawn_by_name\",\"withdrawn_token_id\"],\"properties\":{\"id\":{\"type\":\"integer\"},"
    "\"notice_id\":{\"type\":\"integer\"},\"reply_id\":{\"type\":\"integer\",\"nullable\":true},"
    "\"file_name\":{\"type\":\"string\",\"description\":\"原文件名（已去除路径与控制字符）\"},"
    "\"mime\":{\"type\":\"string\",\"enum\":[\"application/pdf\",\"image/jpeg\",\"image/png\","
    "\"application/vnd.openxmlformats-officedocument.wordprocessingml.document\","
    "\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\",\"text/plain\"],"
    "\"description\":\"按文件内容判断的类型\"},\"type_name\":{\"type\":\"string\"},"
    "\"size\":{\"type\":\"integer\"},\"sha256\":{\"type\":\"string\"},"
    "\"uploaded_by\":{\"type\":\"integer\",\"nullable\":true},\"uploaded_by_name\":{\"type\":"
    "\"string\"},\"token_id\":{\"type\":\"integer\",\"nullable\":true},"
    "\"uploaded_at\":{\"type\":\"string\"},\"withdrawn\":{\"type\":\"boolean\"},"
    "\"withdrawn_at\":{\"type\":\"string\",\"nullable\":true},\"withdraw_reason\":{\"type\":"
    "\"string\"},\"withdrawn_by\":{\"type\":\"integer\",\"nullable\":true},"
    "\"withdrawn_by_name\":{\"type\":\"string\"},"
    "\"withdrawn_token_id\":{\"type\":\"integer\",\"nullable\":true,\"description\":"
    "\"由协作单位令牌撤回时为该令牌\"}}},"
    "\"Withdraw\":{\"type\":\"object\",\"required\":[\"reason\"],\"additionalProperties\":"
    "false,\"properties\":{\"reason\":{\"type\":\"string\",\"minLength\":2,\"maxLength\":500,"
    "\"description\":\"撤回理由\"}}},"
    "\"ReplyNew\":{\"type\":\"object\",\"required\":[\"body\"],\"additionalProperties\":false,"
    "\"properties\":{\"body\":{\"type\":\"string\",\"maxLength\":5000}}}"
    "}";

/* METHOD pattern → request schema (or NULL), answer status and schema, and
 * the error codes the route itself sends (besides token.* and input.*). */
static const char BINARY[] = "(binary)";

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
    /* the materials (migration 041): the file's bytes as the body, the
     * bytes as the answer (BINARY) */
    {"POST", "/api/v1/exchange/notices/{id}/attachments", BINARY, "201", "Attachment",
     "token.scope token.resource notice.not_found notice.attachment_not_own "
     "notice.reply_not_found notice.attachment_name notice.attachment_empty "
     "notice.attachment_too_big notice.attachment_type notice.attachment_type_mismatch"},
    {"GET", "/api/v1/exchange/notice-attachments/{id}/content", NULL, "200", BINARY,
     "token.resource notice.attachment_not_found notice.attachment_withdrawn"},
    /* the agency takes back a file it sent (migration 046) */
    {"POST", "/api/v1/exchange/notice-attachments/{id}/withdraw", "Withdraw", "200", "Attachment",
     "token.scope token.resource notice.attachment_not_found notice.attachment_not_own "
     "notice.attachment_withdrawn"},
};

/* The types a material is sent back as (the sniffed one). */
static const char *const MATERIAL_TYPES[] = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "text/plain; charset=utf-8",
};

static json_t *binary_schema(void) {
    return json_pack("{s:s, s:s}", "type", "string", "format", "binary");
}

static json_t *query_param(const char *name, const char *type, int required, const char *what) {
    return json_pack("{s:s, s:s, s:b, s:s, s:{s:s}}", "name", name, "in", "query", "required",
                     required, "description", what, "schema", "type", type);
}

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
        if (OPS[i].request == BINARY) {
            json_object_set_new(
                op, "requestBody",
                json_pack("{s:b, s:s, s:{s:{s:o}}}", "required", 1, "description",
                          "文件的原始字节（非 multipart）。类型按内容判断：PDF、JPEG、PNG、"
                          "Word（.docx）、Excel（.xlsx）或 UTF-8 纯文本；扩展名须与内容一致",
                          "content", "application/octet-stream", "schema", binary_schema()));
            json_t *params = json_object_get(op, "parameters");
            json_array_append_new(
                params,
                query_param("name", "string", 1, "原文件名（UTF-8，百分号编码），最多 255 字节"));
            json_array_append_new(params, query_param("reply_id", "integer", 0,
                                                      "附于哪条回复（须为贵单位的回复）；不填则附于"
                                                      "通报或会商本身（须为贵单位推送的）"));
        } else if (OPS[i].request) {
            json_object_set_new(op, "requestBody",
                                json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content",
                                          "application/json", "schema", ref(OPS[i].request)));
        }
        json_t *responses = json_object_get(op, "responses");
        json_object_del(responses, "200");
        if (OPS[i].answer == BINARY) {
            json_t *content = json_object();
            for (size_t k = 0; k < sizeof MATERIAL_TYPES / sizeof MATERIAL_TYPES[0]; k++)
                json_object_set_new(content, MATERIAL_TYPES[k],
                                    json_pack("{s:o}", "schema", binary_schema()));
            json_object_set_new(
                responses, OPS[i].status,
                json_pack("{s:s, s:o, s:{s:{s:s, s:{s:s}}, s:{s:s, s:{s:s}}}}", "description",
                          "文件的字节，Content-Type 为按内容判断的类型", "content", content,
                          "headers", "Content-Disposition", "description",
                          "attachment; filename*=UTF-8''…（RFC 5987 编码的原文件名）", "schema",
                          "type", "string", "X-Content-SHA256", "description",
                          "文件的 SHA-256（十六进制）", "schema", "type", "string"));
        } else {
            json_object_set_new(responses, OPS[i].status,
                                json_pack("{s:s, s:{s:{s:o}}}", "description", "成功", "content",
                                          "application/json", "schema", ref(OPS[i].answer)));
        }
        json_object_set_new(op, "x-zhifa-error-codes", json_string(OPS[i].errors));
        return;
    }
}
