/* enterprises.c — the enterprise registry (R11): list with filters, sort and
 * keyset paging, detail, create, edit with optimistic locking, credit-code
 * check, import, export and the import template. Records belong to their
 * township (the unit for permissions); every change is logged with before
 * and after in the same transaction (R22). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "api/api.h"
#include "api/enterprises.h"
#include "core/uscc.h"
#include "core/util.h"
#include "io/table_out.h"

#define PAGE_MAX 200
#define EXPORT_PAGE 1000
#define XLSX_MIME "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* ---- fields ---- */

static size_t code_points(const char *s) {
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xc0) != 0x80) n++;
    return n;
}

static int text_ok(const char *s, size_t max, const char *label, char *reason, size_t cap) {
    size_t bytes = strlen(s);
    if (!zf_utf8_valid_text(s, bytes) || strpbrk(s, "\t\r\n")) {
        snprintf(reason, cap, "%s含有换行或控制字符", label);
        return -1;
    }
    if (code_points(s) > max) {
        snprintf(reason, cap, "%s过长：最多 %zu 个字符", label, max);
        return -1;
    }
    return 0;
}

/* 联系电话: digits with the usual separators ("0564-1234567", "138 0000 0000",
 * "+86 13800000000", "0564-1234567转8001"). */
static int phone_ok(const char *s, char *reason, size_t cap) {
    size_t digits = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (strchr(" -+()/", *p))
            continue;
        else if (strncmp(p, "转", 3) == 0)
            p += 2;
        else {
            snprintf(reason, cap, "电话号码只能包含数字、空格、“-”“+”“()”和“转”");
            return -1;
        }
    }
    if (digits < 7 || digits > 20) {
        snprintf(reason, cap, "电话号码应有 7–20 位数字，实际 %zu 位", digits);
        return -1;
    }
    return 0;
}

static int code_list_ok(const char *list, const char *label, const char *value, const char **out,
                        char *reason, size_t cap) {
    const char *code = zf_enterprise_code_parse(list, value);
    if (code) {
        *out = code;
        return 0;
    }
    size_t n;
    const zf_code_name_t *c = zf_enterprise_codes(list, &n);
    char names[160] = "";
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", i ? "、" : "", c[i].name);
    snprintf(reason, cap, "%s“%s”无效，应为：%s", label, value, names);
    return -1;
}

int zf_enterprise_check_field(zf_arena_t *a, const char *field, const char *value, const char **out,
                              char *reason, size_t cap) {
    if (strcmp(field, "credit_code") == 0) {
        zf_uscc_result_t r;
        if (!zf_uscc_check(value, &r)) {
            snprintf(reason, cap, "统一社会信用代码无效：%s", r.reason);
            return -1;
        }
        *out = zf_arena_strdup(a, r.normalized);
        return 0;
    }
    if (strcmp(field, "group_code") == 0) {
        /* 集团统一社会信用代码 (migration 012): empty = no group */
        zf_uscc_result_t r;
        if (!*value) {
            *out = "";
            return 0;
        }
        if (!zf_uscc_check(value, &r)) {
            snprintf(reason, cap, "集团统一社会信用代码无效：%s", r.reason);
            return -1;
        }
        *out = zf_arena_strdup(a, r.normalized);
        return 0;
    }
    if (strcmp(field, "domain") == 0)
        return code_list_ok("domain", "行业领域", value, out, reason, cap);
    if (strcmp(field, "scale") == 0) return code_list_ok("scale", "规模", value, out, reason, cap);
    if (strcmp(field, "risk") == 0)
        return code_list_ok("risk", "风险等级", value, out, reason, cap);
    if (strcmp(field, "supervision") == 0)
        return code_list_ok("supervision", "监管类别", value, out, reason, cap);
    if (strcmp(field, "status") == 0)
        return code_list_ok("status", "状态", value, out, reason, cap);
    if (strcmp(field, "legal_rep_phone") == 0 || strcmp(field, "contact_phone") == 0) {
        if (*value && phone_ok(value, reason, cap) != 0) return -1;
        *out = zf_arena_strdup(a, value);
        return 0;
    }
    static const struct {
        const char *field, *label;
        size_t max;
        int required;
    } texts[] = {
        {"name", "企业名称", 100, 1},
        {"address", "地址", 200, 0},
        {"legal_rep", "法定代表人", 50, 0},
        {"contact", "联系人", 50, 0},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        if (strcmp(field, texts[i].field) != 0) continue;
        if (texts[i].required && !*value) {
            snprintf(reason, cap, "%s不能为空", texts[i].label);
            return -1;
        }
        if (text_ok(value, texts[i].max, texts[i].label, reason, cap) != 0) return -1;
        *out = zf_arena_strdup(a, value);
        return 0;
    }
    snprintf(reason, cap, "未知字段 %s", field);
    return -1;
}

json_t *zf_api_enterprise_json(const zf_enterprise_t *e) {
    const char *dn = zf_enterprise_code_name("domain", e->domain);
    const char *sn = zf_enterprise_code_name("scale", e->scale);
    const char *rn = zf_enterprise_code_name("risk", e->risk);
    const char *cn = zf_enterprise_code_name("supervision", e->supervision);
    const char *stn = zf_enterprise_code_name("status", e->status);
    json_t *j = json_pack(
        "{s:I, s:s, s:s, s:{s:I, s:s}, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
        (json_int_t)e->id, "credit_code", e->credit_code, "name", e->name, "unit", "id",
        (json_int_t)e->unit_id, "name", e->unit_name ? e->unit_name : "", "address",
        e->address ? e->address : "", "domain", e->domain, "domain_name", dn ? dn : "", "scale",
        e->scale, "scale_name", sn ? sn : "", "legal_rep", e->legal_rep ? e->legal_rep : "",
        "legal_rep_phone", e->legal_rep_phone ? e->legal_rep_phone : "", "contact",
        e->contact ? e->contact : "", "contact_phone", e->contact_phone ? e->contact_phone : "",
        "risk", e->risk);
    json_object_set_new(j, "risk_name", json_string(rn ? rn : ""));
    json_object_set_new(j, "supervision", json_string(e->supervision));
    json_object_set_new(j, "supervision_name", json_string(cn ? cn : ""));
    json_object_set_new(j, "status", json_string(e->status));
    json_object_set_new(j, "status_name", json_string(stn ? stn : ""));
    json_object_set_new(j, "credit_punished", json_boolean(e->credit_punished));
    json_object_set_new(j, "group_code", json_string(e->group_code ? e->group_code : ""));
    json_object_set_new(j, "version", json_integer(e->version));
    json_object_set_new(j, "created_at", json_string(e->created_at ? e->created_at : ""));
    json_object_set_new(j, "updated_at", json_string(e->updated_at ? e->updated_at : ""));
    return j;
}

/* ---- list ---- */

static const char *sort_names[ZF_ENT_SORT_COUNT] = {"name", "code", "risk", "updated"};

/* The cursor is the hex of "sort|desc|id|key": opaque to clients, and a
 * cursor from another sort order is refused instead of giving odd pages. */
static const char *cursor_encode(zf_arena_t *a, const zf_enterprise_filter_t *f,
                                 const zf_enterprise_t *last) {
    const char *key = f->sort == ZF_ENT_SORT_NAME   ? last->name
                      : f->sort == ZF_ENT_SORT_CODE ? last->credit_code
                      : f->sort == ZF_ENT_SORT_RISK
                          ? zf_arena_printf(a, "%d", zf_enterprise_risk_rank(last->risk))
                          : last->updated_at;
    const char *raw =
        zf_arena_printf(a, "%d|%d|%lld|%s", f->sort, f->desc, (long long)last->id, key);
    size_t n = strlen(raw);
    char *hex = zf_arena_alloc(a, n * 2 + 1);
    zf_hex_encode((const unsigned char *)raw, n, hex);
    return hex;
}

static int cursor_decode(zf_arena_t *a, const char *hex, zf_enterprise_filter_t *f,
                         zf_error_t *err) {
    size_t n = strlen(hex);
    char *raw = zf_arena_alloc(a, n / 2 + 1);
    int sort, desc;
    long long id;
    int off = 0;
    if (n == 0 || n % 2 || n > 2048 || zf_hex_decode(hex, (unsigned char *)raw, n / 2) != 0 ||
        (raw[n / 2] = '\0', sscanf(raw, "%d|%d|%lld|%n", &sort, &desc, &id, &off) != 3) ||
        off <= 0 || sort != f->sort || desc != f->desc || id <= 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "cursor",
                            "分页游标无效或与当前排序不符，请从第一页重新加载");
    f->has_cursor = 1;
    f->after_id = id;
    f->after_text = raw + off;
    f->after_int = strtoll(raw + off, NULL, 10);
    return 0;
}

/* Read the list's query parameters into f; 400 naming the parameter. */
static int read_filter(zf_req_t *req, const zf_actor_t *actor, zf_enterprise_filter_t *f, int paged,
                       zf_error_t *err) {
    memset(f, 0, sizeof *f);
    f->scope_path = actor->scope_path;
    f->q = zf_req_query(req, "q");
    if (f->q && !*f->q) f->q = NULL;
    if (f->q && (strlen(f->q) > 200 || !zf_utf8_valid_text(f->q, strlen(f->q))))
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "q", "搜索词无效或过长");
    const char *code = zf_req_query(req, "credit_code");
    if (code && *code) {
        char norm[80];
        zf_uscc_normalize(code, norm, sizeof norm);
        for (const char *p = norm; *p; p++)
            if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z')) || p - norm >= 18)
                return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "credit_code",
                                    "统一社会信用代码只含数字和大写字母，最多18位");
        f->code = zf_arena_strdup(req->arena, norm);
    }
    const char *group = zf_req_query(req, "group_code");
    if (group && *group) {
        zf_uscc_result_t r;
        if (!zf_uscc_check(group, &r))
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "group_code",
                                "集团统一社会信用代码无效：%s", r.reason);
        f->group_code = zf_arena_strdup(req->arena, r.normalized);
    }
    const char *unit = zf_req_query(req, "unit_id");
    if (unit && *unit) {
        char *end = NULL;
        errno = 0;
        long long v = strtoll(unit, &end, 10);
        if (errno || !end || *end || v <= 0)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "unit_id",
                                "参数 unit_id 应为正整数，收到“%s”", unit);
        f->unit_id = v;
    }
    static const struct {
        const char *param, *label;
    } lists[] = {{"domain", "行业领域"},
                 {"risk", "风险等级"},
                 {"supervision", "监管类别"},
                 {"status", "状态"}};
    const char **slots[] = {&f->domain, &f->risk, &f->supervision, &f->status};
    for (size_t i = 0; i < 4; i++) {
        const char *v = zf_req_query(req, lists[i].param);
        if (!v || !*v) continue;
        const char *c = zf_enterprise_code_parse(lists[i].param, v);
        if (!c)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", lists[i].param, "%s“%s”无效",
                                lists[i].label, v);
        *slots[i] = c;
    }
    const char *sort = zf_req_query(req, "sort");
    f->sort = ZF_ENT_SORT_NAME;
    if (sort && *sort) {
        int k = 0;
        while (k < ZF_ENT_SORT_COUNT && strcmp(sort_names[k], sort) != 0)
            k++;
        if (k == ZF_ENT_SORT_COUNT)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "sort",
                                "排序字段“%s”无效，应为 name、code、risk 或 updated", sort);
        f->sort = k;
    }
    const char *order = zf_req_query(req, "order");
    if (order && *order) {
        if (strcmp(order, "asc") != 0 && strcmp(order, "desc") != 0)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "order",
                                "排序方向应为 asc 或 desc");
        f->desc = strcmp(order, "desc") == 0;
    }
    if (!paged) return 0;
    f->limit = 50;
    const char *limit = zf_req_query(req, "limit");
    if (limit && *limit) {
        char *end = NULL;
        long v = strtol(limit, &end, 10);
        if (!end || *end || v < 1 || v > PAGE_MAX)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "limit",
                                "每页条数 limit 应为 1–%d", PAGE_MAX);
        f->limit = (int)v;
    }
    const char *cursor = zf_req_query(req, "cursor");
    if (cursor && *cursor) return cursor_decode(req->arena, cursor, f, err);
    return 0;
}

void zf_api_enterprises_list(zf_req_t *req, zf_resp_t *resp) {
    const zf_actor_t *actor = zf_api_actor(req);
    zf_error_t err = {0};
    zf_enterprise_filter_t f;
    zf_enterprise_t *items;
    size_t n;
    int more;
    int64_t total = 0;
    zf_db_t *db = zf_api_db(req);
    if (read_filter(req, actor, &f, 1, &err) != 0 ||
        zf_enterprises_list(db, req->arena, &f, &items, &n, &more, &err) != 0 ||
        zf_enterprises_count(db, &f, &total, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, zf_api_enterprise_json(&items[i]));
    json_t *next =
        more && n ? json_string(cursor_encode(req->arena, &f, &items[n - 1])) : json_null();
    zf_resp_json(req, resp, 200,
                 json_pack("{s:o, s:o, s:I}", "items", arr, "next_cursor", next, "total",
                           (json_int_t)total));
}

/* ---- one enterprise ---- */

static int load(zf_req_t *req, zf_resp_t *resp, const char *action, zf_enterprise_t *e) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return -1;
    zf_error_t err = {0};
    int rc = zf_enterprise_get(zf_api_db(req), req->arena, id, e, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), action, e->unit_path, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

void zf_api_enterprise_get(zf_req_t *req, zf_resp_t *resp) {
    zf_enterprise_t e;
    if (load(req, resp, "enterprise.read", &e) == 0)
        zf_resp_json(req, resp, 200, zf_api_enterprise_json(&e));
}

static const zf_field_t enterprise_spec[] = {
    {"version", ZF_FIELD_INT, 0, "版本号", 0, 0},
    {"credit_code", ZF_FIELD_STRING, 0, "统一社会信用代码", 40, 1},
    {"name", ZF_FIELD_STRING, 0, "企业名称", 100, 1},
    {"unit_id", ZF_FIELD_INT, 0, "所属乡镇", 0, 0},
    {"address", ZF_FIELD_STRING, 0, "地址", 200, 0},
    {"domain", ZF_FIELD_STRING, 0, "行业领域", 20, 1},
    {"scale", ZF_FIELD_STRING, 0, "规模", 20, 1},
    {"legal_rep", ZF_FIELD_STRING, 0, "法定代表人", 50, 0},
    {"legal_rep_phone", ZF_FIELD_STRING, 0, "法定代表人电话", 40, 0},
    {"contact", ZF_FIELD_STRING, 0, "联系人", 50, 0},
    {"contact_phone", ZF_FIELD_STRING, 0, "联系电话", 40, 0},
    {"risk", ZF_FIELD_STRING, 0, "风险等级", 20, 1},
    {"supervision", ZF_FIELD_STRING, 0, "监管类别", 20, 1},
    {"status", ZF_FIELD_STRING, 0, "状态", 20, 1},
    {"credit_punished", ZF_FIELD_BOOL, 0, "失信惩戒", 0, 0},
    {"group_code", ZF_FIELD_STRING, 0, "集团统一社会信用代码", 40, 0},
};
#define NSPEC (sizeof enterprise_spec / sizeof enterprise_spec[0])

/* Apply the body's fields to e (create: every required one must be there).
 * Checks the township (kind and scope). 400 naming the field. */
static int apply_body(zf_req_t *req, json_t *body, zf_enterprise_t *e, int create,
                      zf_error_t *err) {
    static const char *required[] = {"credit_code", "name", "unit_id",    "domain",
                                     "scale",       "risk", "supervision"};
    if (create) {
        for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
            if (!json_object_get(body, required[i]) ||
                json_is_null(json_object_get(body, required[i]))) {
                const char *label = required[i];
                for (size_t k = 0; k < NSPEC; k++)
                    if (strcmp(enterprise_spec[k].name, required[i]) == 0)
                        label = enterprise_spec[k].label;
                return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", required[i],
                                    "缺少必填字段 %s（%s）", required[i], label);
            }
        }
    } else if (!json_object_get(body, "version")) {
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "version",
                            "缺少必填字段 version（版本号）");
    }
    const char **slots[] = {&e->credit_code,   &e->name,      &e->address,         &e->domain,
                            &e->scale,         &e->legal_rep, &e->legal_rep_phone, &e->contact,
                            &e->contact_phone, &e->risk,      &e->supervision,     &e->status,
                            &e->group_code};
    static const char *names[] = {"credit_code",   "name",      "address",         "domain",
                                  "scale",         "legal_rep", "legal_rep_phone", "contact",
                                  "contact_phone", "risk",      "supervision",     "status",
                                  "group_code"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        json_t *v = json_object_get(body, names[i]);
        if (!v || json_is_null(v)) continue;
        char reason[256];
        const char *out;
        if (zf_enterprise_check_field(req->arena, names[i], json_string_value(v), &out, reason,
                                      sizeof reason) != 0)
            return zf_error_set(err, ZF_EINVAL, 400,
                                strcmp(names[i], "credit_code") == 0  ? "enterprise.invalid_code"
                                : strcmp(names[i], "group_code") == 0 ? "enterprise.invalid_group"
                                                                      : "input.invalid",
                                names[i], "%s", reason);
        *slots[i] = out;
    }
    json_t *cp = json_object_get(body, "credit_punished");
    if (json_is_boolean(cp)) e->credit_punished = json_is_true(cp);
    json_t *unit = json_object_get(body, "unit_id");
    if (json_is_integer(unit)) {
        zf_unit_t u;
        zf_error_t uerr = {0};
        if (zf_unit_get(zf_api_db(req), req->arena, json_integer_value(unit), &u, &uerr) != 0 ||
            (strcmp(u.kind, "township") != 0 && strcmp(u.kind, "devzone") != 0))
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "unit_id",
                                "所属乡镇无效：应为乡镇、街道或开发区");
        if (zf_perm_check(zf_api_actor(req), "enterprise.write", u.path, err) != 0) return ZF_EPERM;
        e->unit_id = u.id;
        e->unit_name = u.name;
        e->unit_path = u.path;
    }
    if (!e->status) e->status = "operating";
    if (!e->group_code) e->group_code = "";
    if (*e->group_code && e->credit_code && strcmp(e->group_code, e->credit_code) == 0)
        return zf_error_set(err, ZF_EINVAL, 400, "enterprise.invalid_group", "group_code",
                            "集团统一社会信用代码不能是本企业自己的统一社会信用代码");
    return 0;
}

static void finish_write(zf_req_t *req, zf_resp_t *resp, const char *action,
                         const zf_enterprise_t *before, const zf_enterprise_t *after, int status) {
    json_t *jbefore = before ? zf_api_enterprise_json(before) : NULL;
    json_t *jafter = zf_api_enterprise_json(after);
    zf_api_commit_change(req, resp, action, "enterprise", after->id, after->unit_id, jbefore,
                         jafter, json_incref(jafter), status);
}

void zf_api_enterprise_create(zf_req_t *req, zf_resp_t *resp) {
    json_t *body = zf_api_body(req, resp, enterprise_spec + 1, NSPEC - 1);
    if (!body) return;
    zf_enterprise_t e = {0};
    zf_error_t err = {0};
    zf_db_t *db = zf_api_db(req);
    int rc = apply_body(req, body, &e, 1, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_enterprise_insert(db, req->arena, &e, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    finish_write(req, resp, "enterprise.create", NULL, &e, 201);
}

void zf_api_enterprise_update(zf_req_t *req, zf_resp_t *resp) {
    json_t *body = zf_api_body(req, resp, enterprise_spec, NSPEC);
    if (!body) return;
    zf_enterprise_t before, after;
    if (load(req, resp, "enterprise.write", &before) != 0) return;
    after = before;
    zf_error_t err = {0};
    zf_db_t *db = zf_api_db(req);
    int rc = apply_body(req, body, &after, 0, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_enterprise_update(db, req->arena, &after,
                                  json_integer_value(json_object_get(body, "version")), &err);
    /* issue 6: placed under credit punishment (0 → 1): the mandatory
     * follow-up and the affiliates' checks, in this transaction */
    json_t *followups = NULL;
    if (rc == 0 && !before.credit_punished && after.credit_punished)
        rc = zf_api_credit_followups(req, &after, &followups, &err);
    if (rc != 0) {
        json_decref(followups);
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *jbefore = zf_api_enterprise_json(&before);
    json_t *jafter = zf_api_enterprise_json(&after);
    json_t *answer = json_deep_copy(jafter);
    json_object_set_new(answer, "followups", followups ? followups : json_array());
    zf_api_commit_change(req, resp, "enterprise.update", "enterprise", after.id, after.unit_id,
                         jbefore, jafter, answer, 200);
}

/* GET /api/v1/enterprises/check-code?code=…: the live check of the edit
 * dialog; also names the enterprise that already has the code. */
void zf_api_enterprise_check_code(zf_req_t *req, zf_resp_t *resp) {
    const char *code = zf_req_query(req, "code");
    zf_uscc_result_t r;
    zf_uscc_check(code ? code : "", &r);
    json_t *warnings = json_array();
    for (size_t i = 0; i < r.nwarnings; i++)
        json_array_append_new(warnings, json_string(r.warnings[i]));
    json_t *existing = json_null();
    if (r.valid) {
        zf_enterprise_t e;
        zf_error_t err = {0};
        if (zf_enterprise_get_by_code(zf_api_db(req), req->arena, r.normalized, &e, &err) == 0)
            existing = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)e.id, "name", e.name,
                                 "unit_name", e.unit_name);
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:b, s:s, s:i, s:s, s:o, s:o}", "valid", r.valid, "normalized",
                           r.normalized, "position", r.position, "reason", r.reason, "warnings",
                           warnings, "existing", existing));
}

/* GET /api/v1/enterprises/codes: the code lists and the import columns. */
void zf_api_enterprise_codes(zf_req_t *req, zf_resp_t *resp) {
    static const char *lists[] = {"domain", "scale", "risk", "supervision", "status"};
    json_t *out = json_object();
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        size_t n;
        const zf_code_name_t *c = zf_enterprise_codes(lists[i], &n);
        json_t *arr = json_array();
        for (size_t k = 0; k < n; k++)
            json_array_append_new(arr,
                                  json_pack("{s:s, s:s}", "code", c[k].code, "name", c[k].name));
        json_object_set_new(out, lists[i], arr);
    }
    size_t n;
    const zf_import_column_t *cols = zf_enterprise_import_columns(&n);
    json_t *arr = json_array();
    for (size_t k = 0; k < n; k++)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:b}", "header", cols[k].header, "field",
                                             cols[k].field, "required", cols[k].required));
    json_object_set_new(out, "import_columns", arr);
    zf_resp_json(req, resp, 200, out);
}

/* ---- import ---- */

/* The import as a background job (jobs.c): the request thread only copies
 * the file; the worker checks it outside the write lock and stores it in
 * one transaction. */
typedef struct import_job {
    char *data;
    size_t len;
    const char *format;
    char *encoding;
    zf_actor_t actor; /* a copy: the request's arena is gone by then */
    char *strings[5];
} import_job_t;

static void import_job_free(void *p) {
    import_job_t *ij = p;
    if (!ij) return;
    free(ij->data);
    free(ij->encoding);
    for (size_t i = 0; i < sizeof ij->strings / sizeof ij->strings[0]; i++)
        free(ij->strings[i]);
    free(ij);
}

static void import_progress(void *ctx, const char *phase, size_t done, size_t total) {
    zf_job_progress(ctx, phase, done, total);
}

static int import_job_run(void *arg, zf_db_t *db, zf_job_t *job, json_t **result, int *status) {
    import_job_t *ij = arg;
    zf_arena_t *a = zf_arena_new();
    zf_error_t err = {0};
    zf_import_opts_t opts = {.format = ij->format,
                             .encoding = ij->encoding,
                             .actor = &ij->actor,
                             .progress = import_progress,
                             .progress_ctx = job,
                             .begin_before_store = 1};
    json_t *report = NULL;
    zf_job_progress(job, "check", 0, 0);
    int rc = zf_enterprise_import(db, a, ij->data, ij->len, &opts, &report, &err);
    if (rc == 0) rc = zf_db_commit(db, &err);
    if (rc == 0) {
        *result = report;
        *status = 200;
    } else {
        zf_db_rollback(db);
        json_t *env =
            json_pack("{s:{s:s, s:s}}", "error", "code", err.code, "message", err.message);
        if (err.field[0])
            json_object_set_new(json_object_get(env, "error"), "field", json_string(err.field));
        if (report && strcmp(err.code, "import.invalid_rows") == 0) json_object_update(env, report);
        json_decref(report);
        *result = env;
        *status = err.status ? err.status : 500;
    }
    zf_arena_free(a);
    return rc == 0 ? 0 : -1;
}

static char *dup_or_null(const char *s) { return s ? zf_xstrdup(s) : NULL; }

/* POST /api/v1/enterprises/import[?async=1]: runs on the job runner. With
 * async=1 the answer is 202 {"job": JOB} at once and the client polls
 * GET /api/v1/jobs/{id} (the web progress bar); without it the request
 * waits for the job and answers its result, as before. */
void zf_api_enterprise_import(zf_req_t *req, zf_resp_t *resp) {
    const zf_actor_t *actor = zf_api_actor(req);
    zf_error_t err = {0};
    const char *ctype = zf_req_header(req, "Content-Type");
    const char *format = NULL;
    if (ctype && strncasecmp(ctype, XLSX_MIME, strlen(XLSX_MIME)) == 0)
        format = "xlsx";
    else if (ctype && (strncasecmp(ctype, "text/csv", 8) == 0 ||
                       strncasecmp(ctype, "application/vnd.ms-excel", 24) == 0 ||
                       strncasecmp(ctype, "text/plain", 10) == 0))
        format = "csv";
    if (!format) {
        zf_error_set(&err, ZF_EINVAL, 415, "http.unsupported_media_type", NULL,
                     "请上传 CSV（Content-Type: text/csv）或 XLSX（%s）文件", XLSX_MIME);
        zf_api_fail(req, resp, &err);
        return;
    }
    if (zf_perm_check(actor, "enterprise.write", NULL, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    const char *async = zf_req_query(req, "async");
    int is_async = async && (strcmp(async, "1") == 0 || strcmp(async, "true") == 0);
    if (async && !is_async && strcmp(async, "0") != 0 && strcmp(async, "false") != 0) {
        zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "async", "async 应为 1 或 0");
        zf_api_fail(req, resp, &err);
        return;
    }
    import_job_t *ij = zf_xcalloc(1, sizeof *ij);
    ij->len = req->body_len;
    ij->data = zf_xmalloc(req->body_len + 1);
    if (req->body_len) memcpy(ij->data, req->body, req->body_len);
    ij->data[req->body_len] = '\0';
    ij->format = format; /* a literal */
    ij->encoding = dup_or_null(zf_req_query(req, "encoding"));
    ij->actor = *actor;
    ij->actor.username = ij->strings[0] = dup_or_null(actor->username);
    ij->actor.name = ij->strings[1] = dup_or_null(actor->name);
    ij->actor.role = ij->strings[2] = dup_or_null(actor->role);
    ij->actor.unit_path = ij->strings[3] = dup_or_null(actor->unit_path);
    ij->actor.scope_path = ij->strings[4] = dup_or_null(actor->scope_path);
    int64_t id = zf_jobs_submit(zf_api_app(req), zf_api_db(req), "enterprise.import",
                                actor->user_id, import_job_run, ij, import_job_free, &err);
    if (id < 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    if (is_async) {
        json_t *job = zf_jobs_get(zf_api_db(req), id, 0);
        zf_resp_json(req, resp, 202, json_pack("{s:o}", "job", job ? job : json_null()));
        return;
    }
    json_t *result = NULL;
    int status = 500;
    if (zf_jobs_wait(id, &result, &status) != 0) {
        zf_error_set(&err, ZF_EIO, 500, "job.lost", NULL,
                     "导入任务的结果已丢失，请查看企业库后重试");
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, status, result);
}

/* ---- export and template ---- */

static const char *export_headers[] = {
    "统一社会信用代码", "企业名称", "所属乡镇",   "地址",
    "行业领域",         "规模",     "法定代表人", "联系人",
    "联系电话",         "风险等级", "监管类别",   "状态",
    "法定代表人电话",   "失信惩戒", "更新时间",   "集团统一社会信用代码"};
#define NEXPORT (sizeof export_headers / sizeof export_headers[0])

static const char *format_param(zf_req_t *req, zf_resp_t *resp) {
    const char *format = zf_req_query(req, "format");
    if (!format || !*format) return "csv";
    if (strcmp(format, "csv") == 0 || strcmp(format, "xlsx") == 0) return format;
    zf_error_t err = {0};
    zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "format", "导出格式应为 csv 或 xlsx");
    zf_api_fail(req, resp, &err);
    return NULL;
}

void zf_api_enterprises_export(zf_req_t *req, zf_resp_t *resp) {
    const char *format = format_param(req, resp);
    if (!format) return;
    zf_error_t err = {0};
    zf_enterprise_filter_t f;
    if (read_filter(req, zf_api_actor(req), &f, 0, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    const char *path = zf_api_download_path(req, "enterprises", format, &err);
    if (!path) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_table_out_t *t = zf_table_out_open(format, path, "企业", &err);
    int rc = t ? 0 : -1;
    if (rc == 0) rc = zf_table_out_row(t, export_headers, NEXPORT, &err);
    zf_db_t *db = zf_api_db(req);
    f.limit = EXPORT_PAGE;
    int more = 1;
    while (rc == 0 && more) {
        /* one arena per page: memory stays flat however many rows */
        zf_arena_t *page = zf_arena_new();
        zf_enterprise_t *items;
        size_t n;
        rc = zf_enterprises_list(db, page, &f, &items, &n, &more, &err);
        for (size_t i = 0; rc == 0 && i < n; i++) {
            const zf_enterprise_t *e = &items[i];
            const char *cells[NEXPORT] = {e->credit_code,
                                          e->name,
                                          e->unit_name,
                                          e->address,
                                          zf_enterprise_code_name("domain", e->domain),
                                          zf_enterprise_code_name("scale", e->scale),
                                          e->legal_rep,
                                          e->contact,
                                          e->contact_phone,
                                          zf_enterprise_code_name("risk", e->risk),
                                          zf_enterprise_code_name("supervision", e->supervision),
                                          zf_enterprise_code_name("status", e->status),
                                          e->legal_rep_phone,
                                          e->credit_punished ? "是" : "否",
                                          e->updated_at,
                                          e->group_code};
            rc = zf_table_out_row(t, cells, NEXPORT, &err);
        }
        if (rc == 0 && n) {
            const zf_enterprise_t *last = &items[n - 1];
            f.has_cursor = 1;
            f.after_id = last->id;
            f.after_int = zf_enterprise_risk_rank(last->risk);
            f.after_text =
                zf_arena_strdup(req->arena, f.sort == ZF_ENT_SORT_NAME   ? last->name
                                            : f.sort == ZF_ENT_SORT_CODE ? last->credit_code
                                                                         : last->updated_at);
        }
        zf_arena_free(page);
    }
    if (t) {
        int crc = zf_table_out_close(t, rc == 0 ? &err : NULL);
        if (rc == 0) rc = crc;
    }
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_api_download_send(req, resp, path, format, "enterprises",
                         "%E4%BC%81%E4%B8%9A%E5%BA%93"); /* 企业库 */
}

void zf_api_enterprises_template(zf_req_t *req, zf_resp_t *resp) {
    const char *format = format_param(req, resp);
    if (!format) return;
    zf_error_t err = {0};
    const char *path = zf_api_download_path(req, "template", format, &err);
    if (!path) {
        zf_api_fail(req, resp, &err);
        return;
    }
    size_t n;
    const zf_import_column_t *cols = zf_enterprise_import_columns(&n);
    const char *header[16];
    for (size_t i = 0; i < n && i < 16; i++)
        header[i] = cols[i].header;
    /* one example row (a constructed code from LAW.md §9, not a real firm) */
    const char *example[] = {"91341504MA2TKQ5B9Y",
                             "叶集区示例木业有限公司",
                             "三元镇",
                             "叶集区三元镇示例路1号",
                             "工贸",
                             "小微",
                             "张三",
                             "李四",
                             "13800000000",
                             "黄",
                             "一般",
                             "在营",
                             ""};
    zf_table_out_t *t = zf_table_out_open(format, path, "企业", &err);
    int rc = t ? zf_table_out_row(t, header, n, &err) : -1;
    if (rc == 0) rc = zf_table_out_row(t, example, n, &err);
    if (t) {
        int crc = zf_table_out_close(t, rc == 0 ? &err : NULL);
        if (rc == 0) rc = crc;
    }
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_api_download_send(
        req, resp, path, format, "enterprise-template",
        "%E4%BC%81%E4%B8%9A%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF"); /* 企业导入模板 */
}

/* ---- credit punishment (issue 10, R26: api/credit.c) ----
 * The flag through the registry's own path: the same store update with
 * optimistic locking, the same credit follow-ups on 0 → 1
 * (zf_api_credit_followups, issue 6), the same "enterprise.update" event
 * with before and after — inside the caller's transaction. */
int zf_api_enterprise_set_credit(zf_req_t *req, zf_db_t *db, zf_arena_t *a, int64_t actor_id,
                                 int64_t id, int on, json_t **followups, zf_error_t *err) {
    if (followups) *followups = NULL;
    zf_enterprise_t before, after;
    int rc = zf_enterprise_get(db, a, id, &before, err);
    if (rc) return rc;
    if (!before.credit_punished == !on) return 0;
    after = before;
    after.credit_punished = on ? 1 : 0;
    rc = zf_enterprise_update(db, a, &after, before.version, err);
    json_t *made = NULL;
    if (rc == 0 && on && req) rc = zf_api_credit_followups(req, &after, &made, err);
    if (rc) {
        json_decref(made);
        return rc;
    }
    json_t *jb = zf_api_enterprise_json(&before), *ja = zf_api_enterprise_json(&after);
    zf_log_entry_t e = {.actor_id = actor_id,
                        .unit_id = after.unit_id,
                        .action = "enterprise.update",
                        .object_type = "enterprise",
                        .object_id = zf_arena_printf(a, "%lld", (long long)after.id),
                        .before = jb,
                        .after = ja};
    int64_t idx = zf_log_append(db, &e, err);
    json_decref(jb);
    json_decref(ja);
    if (idx < 0) {
        json_decref(made);
        return (int)idx;
    }
    if (followups)
        *followups = made ? made : json_array();
    else
        json_decref(made);
    return 0;
}
