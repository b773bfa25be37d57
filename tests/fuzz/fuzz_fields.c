/* fuzz_fields.c — libFuzzer target: a request body as zf_req_json parses it
 * (jansson, JSON_REJECT_DUPLICATES) then zf_api_check_fields against the
 * real specs of the unit and user endpoints. Never crashes; an accepted body
 * really has every required field with the right type and length. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"

static const zf_field_t unit_create[] = {
    {"parent_id", ZF_FIELD_INT, 1, "上级机构", 0, 0},
    {"code", ZF_FIELD_STRING, 1, "机构代码", 32, 1},
    {"name", ZF_FIELD_STRING, 1, "机构名称", 64, 1},
    {"kind", ZF_FIELD_STRING, 1, "机构类型", 32, 1},
};
static const zf_field_t user_update[] = {
    {"version", ZF_FIELD_INT, 1, "版本号", 0, 0},
    {"name", ZF_FIELD_STRING, 0, "姓名", 64, 1},
    {"role", ZF_FIELD_STRING, 0, "角色", 32, 1},
    {"unit_id", ZF_FIELD_INT, 0, "所属机构", 0, 0},
    {"active", ZF_FIELD_BOOL, 0, "是否启用", 0, 0},
    {"password", ZF_FIELD_STRING, 0, "密码", 256, 1},
};

static void check(json_t *body, const zf_field_t *spec, size_t n) {
    zf_error_t err = {0};
    if (zf_api_check_fields(body, spec, n, &err) != 0) {
        if (err.status != 400 || !err.code[0]) abort();
        return;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_object_get(body, spec[i].name);
        if (spec[i].required && !v) abort();
        if (v && spec[i].type == ZF_FIELD_STRING && json_is_string(v) &&
            json_string_length(v) > 4 * (spec[i].max_len ? spec[i].max_len : 200))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    json_error_t jerr;
    json_t *body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
    if (!body) return 0;
    if (json_is_object(body)) {
        check(body, unit_create, sizeof unit_create / sizeof unit_create[0]);
        check(body, user_update, sizeof user_update / sizeof user_update[0]);
    }
    json_decref(body);
    return 0;
}
