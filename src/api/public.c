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
 * default: the first bureau in the tree.
 *
 * The portal's texts are the bureau's: an administrator replaces them
 * (GET/POST /api/v1/portal-text, logged, every version kept); until the
 * first save the text shipped in data/portal.json applies. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/officers.h"
#include "core/util.h"
#include "core/canon.h"
#include "store/catalogue.h"
#include "store/officers.h"
#include "store/portal.h"
#include "store/store.h"

extern const char zf_portal_json[];
extern const unsigned long zf_portal_json_len;

/* Public pages change slowly and are read by many: let browsers and a
 * proxy keep them a minute. */
static void public_cache(zf_resp_t *resp) {
    zf_resp_header(resp, "Cache-Control", "public, max-age=60");
}

/* The bureau the request is about; -1 after answering 404. */
const char *zf_api_bureau_name(zf_db_t *db, zf_arena_t *a) {
    zf_unit_t *units;
    size_t n;
    zf_error_t err = {0};
    if (zf_units_list(db, a, "/", &units, &n, &err) == 0)
        for (size_t i = 0; i < n; i++)
            if (strcmp(units[i].kind, "bureau") == 0) return units[i].name;
    return "";
}

int zf_api_find_bureau(zf_req_t *req, zf_resp_t *resp, zf_unit_t *out) {
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
    if (zf_api_find_bureau(req, resp, &bureau) != 0) return;
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
    zf_portal_text_t stored;
    if (zf_portal_text_get(zf_api_db(req), req->arena, bureau.id, "portal", &stored, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_error_t jerr;
    json_t *text = stored.body ? json_loads(stored.body, 0, &jerr)
                               : json_loadb(zf_portal_json, zf_portal_json_len, 0, &jerr);
    if (!text) { /* both were checked when written */
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
    if (zf_api_find_bureau(req, resp, &bureau) != 0) return;
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

/* ---- the administrator's edit of the portal texts ---- */

/* One text field of the document: a non-empty string of at most max
 * characters, valid text; 0 or an error naming the JSON path. */
static int check_text(json_t *v, const char *path, size_t max, zf_error_t *err) {
    const char *s = json_string_value(v);
    if (!s || !*s)
        return zf_error_set(err, ZF_EINVAL, 400, "portal.invalid", path, "%s 应为非空文字", path);
    size_t n = json_string_length(v);
    if (n != strlen(s) || !zf_utf8_valid_text(s, n))
        return zf_error_set(err, ZF_EINVAL, 400, "portal.invalid", path, "%s 含有不允许的字符",
                            path);
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        chars += (*p & 0xc0) != 0x80;
    if (chars > max)
        return zf_error_set(err, ZF_EINVAL, 400, "portal.invalid", path,
                            "%s 过长：%zu 个字符，最多 %zu 个", path, chars, max);
    return 0;
}

/* A list of {a, b} objects (procedures {step,text}, rights {right,text},
 * complaints {channel,text}), 1–30 of them, no other keys. */
static int check_list(zf_arena_t *a, json_t *doc, const char *key, const char *k1,
                      zf_error_t *err) {
    json_t *list = json_object_get(doc, key);
    if (!json_is_array(list) || json_array_size(list) < 1 || json_array_size(list) > 30)
        return zf_error_set(err, ZF_EINVAL, 400, "portal.invalid", key, "%s 应为 1 至 30 项的列表",
                            key);
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *it = json_array_get(list, i);
        const char *where = zf_arena_printf(a, "%s[%zu]", key, i);
        if (!json_is_object(it) || json_object_size(it) != 2)
            return zf_error_set(err, ZF_EINVAL, 400, "portal.invalid", where,
                                "%s 应为只含 %s 和 text 的对象", where, k1);
        int rc =
            check_text(json_object_get(it, k1), zf_arena_printf(a, "%s.%s", where, k1), 40, err);
        if (!rc)
            rc = check_text(json_object_get(it, "text"), zf_arena_printf(a, "%s.text", where), 1000,
                            err);
        if (rc) return rc;
    }
    return 0;
}

/* The whole document, as the portal shows it: body {name, enforcement,
 * basis[]}, procedures, rights, complaints — nothing else. */
static int check_portal_doc(zf_arena_t *a, json_t *doc, zf_error_t *err) {
    static const char *const keys[] = {"body", "procedures", "rights", "complaints"};
    if (!json_is_object(doc))
        return zf_error_set(err, ZF_EINVAL, 400, "portal.invalid", NULL, "公示文本应为 JSON 对象");
    const char *key;
    json_t *v;
    json_object_foreach(doc, key, v) {
        int known = 0;
        for (size_t i = 0; i < 4; i++)
            known |= strcmp(key, keys[i]) == 0;
        if (!known)
            return zf_error_set(err, ZF_EINVAL, 400, "portal.invalid", key,
                                "公示文本不应含有 %s（只有 body、procedures、rights、complaints）",
                                key);
    }
    json_t *body = json_object_get(doc, "body");
    if (!json_is_object(body) || json_object_size(body) != 3)
        return zf_error_set(err, ZF_EINVAL, 400, "portal.invalid", "body",
                            "body 应为只含 name、enforcement、basis 的对象");
    int rc = check_text(json_object_get(body, "name"), "body.name", 60, err);
    if (!rc) rc = check_text(json_object_get(body, "enforcement"), "body.enforcement", 1000, err);
    if (rc) return rc;
    json_t *basis = json_object_get(body, "basis");
    if (!json_is_array(basis) || json_array_size(basis) < 1 || json_array_size(basis) > 30)
        return zf_error_set(err, ZF_EINVAL, 400, "portal.invalid", "body.basis",
                            "body.basis 应为 1 至 30 条依据");
    for (size_t i = 0; i < json_array_size(basis); i++)
        if ((rc = check_text(json_array_get(basis, i), zf_arena_printf(a, "body.basis[%zu]", i),
                             1000, err)))
            return rc;
    if ((rc = check_list(a, doc, "procedures", "step", err))) return rc;
    if ((rc = check_list(a, doc, "rights", "right", err))) return rc;
    return check_list(a, doc, "complaints", "channel", err);
}

/* The document in force for a bureau: stored, else the shipped one. */
static json_t *portal_doc(zf_req_t *req, const zf_unit_t *bureau, zf_portal_text_t *stored,
                          zf_error_t *err) {
    if (zf_portal_text_get(zf_api_db(req), req->arena, bureau->id, "portal", stored, err) != 0)
        return NULL;
    json_t *doc = stored->body ? json_loads(stored->body, 0, NULL)
                               : json_loadb(zf_portal_json, zf_portal_json_len, 0, NULL);
    if (doc && !stored->body) { /* the shipped file has an "about" line for developers */
        json_object_del(doc, "about");
    }
    if (!doc) zf_error_set(err, ZF_EIO, 500, "public.portal_text", NULL, "公示文本损坏");
    return doc;
}

void zf_api_portal_text_get(zf_req_t *req, zf_resp_t *resp) {
    zf_unit_t bureau;
    if (zf_api_find_bureau(req, resp, &bureau) != 0) return;
    zf_error_t err = {0};
    zf_portal_text_t stored;
    json_t *doc = portal_doc(req, &bureau, &stored, &err);
    if (!doc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:{s:s, s:s}, s:s, s:I, s:o, s:o}", "bureau", "code", bureau.code,
                           "name", bureau.name, "source", stored.body ? "stored" : "shipped",
                           "versions", (json_int_t)stored.versions, "updated_at",
                           stored.created_at ? json_string(stored.created_at) : json_null(),
                           "document", doc));
}

/* POST /api/v1/portal-text?bureau=CODE — the body is the whole document. */
void zf_api_portal_text_save(zf_req_t *req, zf_resp_t *resp) {
    zf_unit_t bureau;
    if (zf_api_find_bureau(req, resp, &bureau) != 0) return;
    zf_error_t err = {0};
    if (zf_perm_check(zf_api_actor(req), "portal.write", bureau.path, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_error_t jerr;
    json_t *doc = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc) {
        zf_error_set(&err, ZF_EINVAL, 400, "http.bad_json", NULL, "请求体不是合法的 JSON：%s",
                     jerr.text);
        zf_api_fail(req, resp, &err);
        return;
    }
    int rc = check_portal_doc(req->arena, doc, &err);
    size_t len = 0;
    char *canon = rc == 0 ? zf_canon_dump(doc, &len) : NULL;
    if (rc == 0 && !canon)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "portal.invalid", NULL, "公示文本无法规范化");
    zf_portal_text_t before;
    json_t *old = rc == 0 ? portal_doc(req, &bureau, &before, &err) : NULL;
    if (rc == 0 && !old) rc = ZF_EIO;
    zf_db_t *db = zf_api_db(req);
    int64_t id = 0;
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_portal_text_insert(db, bureau.id, "portal", canon, zf_api_actor(req)->user_id, &id,
                                   &err);
    free(canon);
    if (rc != 0) {
        json_decref(doc);
        json_decref(old);
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *answer = json_pack("{s:{s:s, s:s}, s:s, s:I, s:I, s:O}", "bureau", "code", bureau.code,
                               "name", bureau.name, "source", "stored", "id", (json_int_t)id,
                               "versions", (json_int_t)(before.versions + 1), "document", doc);
    zf_api_commit_change(req, resp, "portal.update", "portal_text", id, bureau.id, old, doc, answer,
                         200);
}
