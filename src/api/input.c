/* input.c — request validation shared by every handler: field specs, ids. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/util.h"

static size_t utf8_code_points(const char *s) {
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xc0) != 0x80) n++;
    return n;
}

static const char *type_name(int type) {
    switch (type) {
    case ZF_FIELD_INT: return "整数";
    case ZF_FIELD_BOOL: return "true 或 false";
    case ZF_FIELD_ARRAY: return "数组";
    default: return "字符串";
    }
}

static int check_one(json_t *v, const zf_field_t *f, zf_error_t *err) {
    int ok = (f->type == ZF_FIELD_STRING && json_is_string(v)) ||
             (f->type == ZF_FIELD_INT && json_is_integer(v)) ||
             (f->type == ZF_FIELD_BOOL && json_is_boolean(v)) ||
             (f->type == ZF_FIELD_ARRAY && json_is_array(v));
    if (!ok)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", f->name, "字段 %s（%s）应为%s",
                            f->name, f->label, type_name(f->type));
    if (f->type == ZF_FIELD_ARRAY) {
        size_t n = json_array_size(v), max = f->max_len ? f->max_len : 200;
        if (n > max || n < f->min_len)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", f->name,
                                "字段 %s（%s）应有 %zu 至 %zu 项，收到 %zu 项", f->name, f->label,
                                f->min_len, max, n);
        return 0;
    }
    if (f->type != ZF_FIELD_STRING) return 0;
    const char *s = json_string_value(v);
    size_t bytes = json_string_length(v);
    if (bytes != strlen(s) || !zf_utf8_valid_text(s, bytes))
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", f->name,
                            "字段 %s（%s）含有不允许的控制字符", f->name, f->label);
    size_t len = utf8_code_points(s);
    size_t max = f->max_len ? f->max_len : 200;
    if (len > max)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", f->name,
                            "字段 %s（%s）过长：%zu 个字符，最多 %zu 个", f->name, f->label, len,
                            max);
    if (len == 0 && f->min_len > 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", f->name, "字段 %s（%s）不能为空",
                            f->name, f->label);
    if (len < f->min_len)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", f->name,
                            "字段 %s（%s）至少需要 %zu 个字符", f->name, f->label, f->min_len);
    return 0;
}

int zf_api_check_fields(json_t *body, const zf_field_t *spec, size_t n, zf_error_t *err) {
    const char *key;
    json_t *value;
    json_object_foreach(body, key, value) {
        size_t i = 0;
        while (i < n && strcmp(spec[i].name, key) != 0)
            i++;
        if (i == n)
            return zf_error_set(err, ZF_EINVAL, 400, "input.unknown_field", key, "不认识的字段：%s",
                                key);
        if (json_is_null(value) && !spec[i].required) continue;
        int rc = check_one(value, &spec[i], err);
        if (rc) return rc;
    }
    for (size_t i = 0; i < n; i++) {
        if (spec[i].required && !json_object_get(body, spec[i].name))
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", spec[i].name,
                                "缺少必填字段 %s（%s）", spec[i].name, spec[i].label);
    }
    return 0;
}

json_t *zf_api_body(zf_req_t *req, zf_resp_t *resp, const zf_field_t *spec, size_t n) {
    zf_error_t err = {0};
    json_t *body = zf_req_json(req, &err);
    if (!body) {
        zf_api_fail(req, resp, &err);
        return NULL;
    }
    if (zf_api_check_fields(body, spec, n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return NULL;
    }
    return body;
}

int64_t zf_api_id_param(zf_req_t *req, zf_resp_t *resp, const char *name) {
    const char *s = zf_req_param(req, name);
    if (!s) s = zf_req_query(req, name);
    zf_error_t err = {0};
    char *end = NULL;
    errno = 0;
    long long v = s && *s >= '0' && *s <= '9' ? strtoll(s, &end, 10) : 0;
    if (!s || errno || !end || *end || v <= 0) {
        zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", name, "参数 %s 应为正整数，收到“%s”",
                     name, s ? s : "");
        zf_api_fail(req, resp, &err);
        return 0;
    }
    return v;
}

const zf_field_t zf_api_withdraw_reason = {"reason", ZF_FIELD_STRING, 1, "撤回理由", 500, 2};

const char *zf_api_reason_and_id(zf_req_t *req, zf_resp_t *resp, const zf_field_t *reason,
                                 int64_t *id) {
    /* the body first, then the path: the order every caller answered in
     * before this was shared, so the same bad request gets the same 400 */
    json_t *body = zf_api_body(req, resp, reason, 1);
    if (!body) return NULL;
    *id = zf_api_id_param(req, resp, "id");
    if (!*id) return NULL;
    return json_string_value(json_object_get(body, reason->name));
}

const char *zf_body_str(json_t *body, const char *key) {
    return json_string_value(json_object_get(body, key));
}

int64_t zf_body_int(json_t *body, const char *key, int64_t dflt) {
    json_t *v = json_object_get(body, key);
    return json_is_integer(v) ? json_integer_value(v) : dflt;
}

int zf_body_bool(json_t *body, const char *key, int dflt) {
    json_t *v = json_object_get(body, key);
    return json_is_boolean(v) ? json_is_true(v) : dflt;
}

int zf_api_page_params(zf_req_t *req, int64_t *before, int64_t *limit, zf_error_t *err) {
    const char *b = zf_req_query(req, "before"), *l = zf_req_query(req, "limit");
    char *end = NULL;
    if (b && *b) {
        *before = strtoll(b, &end, 10);
        if (*end || *before <= 0)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "before",
                                "参数 before 应为正整数");
    }
    if (l && *l) {
        *limit = strtoll(l, &end, 10);
        if (*end || *limit < 1 || *limit > 200)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "limit",
                                "每页条数 limit 应为 1–200");
    }
    return 0;
}
