/* public.c — 事前公开, the disclosure before enforcement (R25): 行政处罚法
 * 第39条 requires the enforcing body, the basis, the procedure and the
 * remedies to be public, and 第34条 the discretion standards. No login.
 *
 *   GET /api/v1/public/portal     the bureau, its enforcement bodies, the
 *                                 basis, procedures, rights, complaints
 *   GET /api/v1/public/officers   officers on duty: name, certificate number,
 *                                 unit (the identity an inspected party may
 *                                 check, 行政处罚法 第55条)
 *   GET /api/v1/public/catalogue  the items in force today with their legal
 *                                 basis, fine range and discretion tiers
 *
 * Every payload is built field by field from an explicit list — never a
 * stored record passed through — so nothing internal (accounts, education,
 * insurance, notes of the legal office) can leak when a table grows a
 * column; tests/api/public.test.js checks each answer against an allow-list.
 * ?bureau=CODE picks a bureau where one server holds several (a city);
 * default: the first bureau in the tree. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/officers.h"
#include "core/util.h"
#include "store/catalogue.h"
#include "store/officers.h"
#include "store/store.h"

extern const char zf_portal_json[];
extern const unsigned long zf_portal_json_len;

/* Public pages change slowly and are read by many: let browsers and a
 * proxy keep them a minute. */
static void public_cache(zf_resp_t *resp) {
    zf_resp_header(resp, "Cache-Control", "public, max-age=60");
}

/* The bureau the request is about; -1 after answering 404. */
static int find_bureau(zf_req_t *req, zf_resp_t *resp, zf_unit_t *out) {
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    const char *code = zf_req_query(req, "bureau");
    zf_unit_t *units;
    size_t n;
    if (zf_units_list(db, req->arena, "/", &units, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (strcmp(units[i].kind, "bureau") != 0) continue;
        if (code && *code && strcmp(units[i].code, code) != 0) continue;
        *out = units[i];
        return 0;
    }
    zf_error_set(&err, ZF_ENOTFOUND, 404, "public.no_bureau", code && *code ? "bureau" : NULL,
                 code && *code ? "没有代码为“%s”的应急管理局" : "尚未设置应急管理局",
                 code ? code : "");
    zf_api_fail(req, resp, &err);
    return -1;
}

void zf_api_public_portal(zf_req_t *req, zf_resp_t *resp) {
    zf_unit_t bureau;
    if (find_bureau(req, resp, &bureau) != 0) return;
    zf_error_t err = {0};
    zf_unit_t *units;
    size_t n;
    if (zf_units_list(zf_api_db(req), req->arena, bureau.path, &units, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *bodies = json_array();
    for (size_t i = 0; i < n; i++) {
        const char *parent = "";
        for (size_t j = 0; j < n; j++)
            if (units[j].id == units[i].parent_id) parent = units[j].code;
        json_array_append_new(bodies,
                              json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", units[i].code, "name",
                                        units[i].name, "kind", units[i].kind, "kind_name",
                                        zf_unit_kind_name(units[i].kind), "parent_code", parent));
    }
    json_error_t jerr;
    json_t *text = json_loadb(zf_portal_json, zf_portal_json_len, 0, &jerr);
    if (!text) { /* the build embeds a file that was checked by its test */
        zf_error_set(&err, ZF_EIO, 500, "public.portal_text", NULL, "公示文本损坏：%s", jerr.text);
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *out = json_pack("{s:{s:s, s:s}, s:o}", "bureau", "code", bureau.code, "name",
                            bureau.name, "bodies", bodies);
    static const char *const sections[] = {"body", "procedures", "rights", "complaints"};
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
        json_object_set(out, sections[i], json_object_get(text, sections[i]));
    json_decref(text);
    public_cache(resp);
    zf_resp_json(req, resp, 200, out);
}

void zf_api_public_officers(zf_req_t *req, zf_resp_t *resp) {
    zf_unit_t bureau;
    if (find_bureau(req, resp, &bureau) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_day_t today = zf_api_officers_today();
    char today_s[11];
    zf_day_format(today, today_s);
    zf_officer_rules_t rules;
    zf_officer_t *list;
    size_t n;
    if (zf_officer_rules_load(db, today_s, &rules, &err) != 0 ||
        zf_officers_list(db, req->arena, bureau.path, 0, "officer", "serving", NULL, &list, &n,
                         &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    /* Only those who may act today: a certificate that is valid (or about
     * to expire) on this day (行政处罚法 第42条). */
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        int days;
        const char *state = zf_cert_state(&rules, today, list[i].cert_no, list[i].cert_issued_on,
                                          list[i].cert_expires_on, &days);
        if (strcmp(state, "valid") != 0 && strcmp(state, "expiring") != 0) continue;
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s}", "name", list[i].name,
                                               "cert_no", list[i].cert_no, "unit_code",
                                               list[i].unit_code, "unit_name", list[i].unit_name));
    }
    public_cache(resp);
    zf_resp_json(req, resp, 200, json_pack("{s:s, s:o}", "date", today_s, "items", items));
}

static json_t *opt_fen(int has, int64_t v) { return has ? json_integer(v) : json_null(); }

void zf_api_public_catalogue(zf_req_t *req, zf_resp_t *resp) {
    zf_day_t today = zf_api_officers_today();
    char today_s[11];
    zf_day_format(today, today_s);
    const char *after = zf_req_query(req, "after");
    const char *limit_s = zf_req_query(req, "limit");
    int limit = 100;
    if (limit_s) {
        char *end;
        long v = strtol(limit_s, &end, 10);
        if (*limit_s == '\0' || *end || v < 1 || v > 500) {
            zf_error_t err = {0};
            zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "limit",
                         "每页条数 limit 应为 1 至 500 的整数，收到“%s”", limit_s);
            zf_api_fail(req, resp, &err);
            return;
        }
        limit = (int)v;
    }
    const char *text_params[] = {"q", "domain", "after"};
    for (size_t i = 0; i < 3; i++) {
        const char *t = zf_req_query(req, text_params[i]);
        if (t && (strlen(t) > 200 || !zf_utf8_valid_text(t, strlen(t)))) {
            zf_error_t err = {0};
            zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", text_params[i],
                         "查询参数 %s 过长或含有不允许的字符", text_params[i]);
            zf_api_fail(req, resp, &err);
            return;
        }
    }
    zf_cat_filter_t f = {
        .date = today_s,
        .domain = zf_req_query(req, "domain"),
        .delegable = -1,
        .q = zf_req_query(req, "q"),
        .after = after && *after ? after : NULL,
        .limit = limit + 1, /* one more tells whether a next page exists */
    };
    zf_cat_version_t *v;
    size_t n;
    zf_error_t err = {0};
    if (zf_catalogue_list(zf_api_db(req), req->arena, &f, &v, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    int more = n > (size_t)limit;
    if (more) n = (size_t)limit;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_error_t jerr;
        json_t *tiers = v[i].tiers ? json_loads(v[i].tiers, 0, &jerr) : NULL;
        json_t *item = json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:b, s:s, s:o}", "code", v[i].code,
            "title", v[i].title, "domain", v[i].domain, "kind", v[i].kind, "target", v[i].target,
            "violation_basis", v[i].violation_basis, "penalty_basis", v[i].penalty_basis,
            "fine_min_fen", opt_fen(v[i].has_min, v[i].fine_min), "fine_max_fen",
            opt_fen(v[i].has_max, v[i].fine_max), "other_measures", v[i].other_measures,
            "delegable", v[i].delegable, "effective_from", v[i].effective_from, "tiers",
            tiers ? tiers : json_null());
        json_array_append_new(items, item);
    }
    public_cache(resp);
    zf_resp_json(req, resp, 200,
                 json_pack("{s:s, s:o, s:o}", "date", today_s, "items", items, "next_after",
                           more && n ? json_string(v[n - 1].code) : json_null()));
}
