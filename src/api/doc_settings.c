/* doc_settings.c — what every enforcement document says about its issuing
 * authority beyond the name (issue 9): the address and telephone where the
 * party makes a statement, asks for a hearing or pays (行政处罚法 第44条、
 * 第45条、第64条: the notice must let the party use these rights, so it
 * says where to reach the bureau), and the reconsideration body and court
 * named in the statement of rights (行政复议法(2023) 第24条, 行政诉讼法
 * 第18条; the court's exact name is 未核实, LAW.md §7 — configuration).
 *
 * The bureau's administrator keeps them. Each save is a new row of
 * portal_texts (kind "doc_settings", canonical JSON; migration 019), never an
 * update, logged with the values before and after, so the contact a document
 * printed on a day can be shown. A save names the row it was based on
 * (`based_on`): a save over someone else's newer one is refused (409).
 * Nothing stored: address and phone empty, the reconsideration body and the
 * court from ZHIFA_DOC_RECONSIDERATION_BODY / ZHIFA_DOC_COURT or the
 * defaults of docs.h. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/canon.h"
#include "core/util.h"
#include "docs/docs.h"
#include "store/portal.h"

#define KIND "doc_settings"

static const char *or_default(const char *env, const char *dflt) {
    const char *v = getenv(env);
    return v && *v ? v : dflt;
}

static const char *str_or(json_t *o, const char *key, const char *dflt) {
    const char *v = json_string_value(json_object_get(o, key));
    return v && *v ? v : dflt;
}

static int find_bureau(zf_db_t *db, zf_arena_t *a, zf_api_doc_settings_t *out, zf_error_t *err) {
    zf_unit_t *units;
    size_t n;
    int rc = zf_units_list(db, a, "/", &units, &n, err);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++)
        if (strcmp(units[i].kind, "bureau") == 0) {
            out->bureau_id = units[i].id;
            out->bureau_path = units[i].path;
            return 0;
        }
    return zf_error_set(err, ZF_ENOTFOUND, 404, "public.no_bureau", NULL, "尚未设置应急管理局");
}

int zf_api_doc_settings(zf_db_t *db, zf_arena_t *a, zf_api_doc_settings_t *out, zf_error_t *err) {
    memset(out, 0, sizeof *out);
    int rc = find_bureau(db, a, out, err);
    zf_portal_text_t stored = {0};
    if (rc == 0) rc = zf_portal_text_get(db, a, out->bureau_id, KIND, &stored, err);
    if (rc) return rc;
    json_t *doc = stored.body ? json_loads(stored.body, 0, NULL) : NULL;
    out->authority_address = zf_arena_strdup(a, str_or(doc, "authority_address", ""));
    out->authority_phone = zf_arena_strdup(a, str_or(doc, "authority_phone", ""));
    out->reconsideration_body = zf_arena_strdup(
        a, str_or(doc, "reconsideration_body",
                  or_default("ZHIFA_DOC_RECONSIDERATION_BODY", ZF_DOC_RECONSIDERATION_BODY)));
    out->court =
        zf_arena_strdup(a, str_or(doc, "court", or_default("ZHIFA_DOC_COURT", ZF_DOC_COURT)));
    json_decref(doc);
    out->id = stored.id;
    out->versions = stored.versions;
    out->updated_at = stored.created_at;
    return 0;
}

void zf_api_doc_settings_apply(const zf_api_doc_settings_t *s, json_t *fields) {
    zf_doc_fields_authority(fields, s->reconsideration_body, s->court);
    zf_doc_fields_contact(fields, s->authority_address, s->authority_phone);
}

static json_t *settings_json(const zf_api_doc_settings_t *s) {
    return json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:o}", "authority_address",
                     s->authority_address, "authority_phone", s->authority_phone,
                     "reconsideration_body", s->reconsideration_body, "court", s->court, "id",
                     (json_int_t)s->id, "versions", (json_int_t)s->versions, "source",
                     s->id ? "stored" : "default", "updated_at",
                     s->updated_at ? json_string(s->updated_at) : json_null());
}

/* GET /api/v1/document-settings */
void zf_api_doc_settings_get(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_api_doc_settings_t s;
    if (zf_api_doc_settings(zf_api_db(req), req->arena, &s, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, settings_json(&s));
}

/* A telephone as officers write it: digits, spaces, + - ( ) （ ）、 and 转
 * (extension); at least 5 digits. */
static int check_phone(const char *p, zf_error_t *err) {
    int digits = 0;
    for (const char *c = p; *c;) {
        if (*c >= '0' && *c <= '9') {
            digits++;
            c++;
        } else if (strchr(" +-()", *c)) {
            c++;
        } else if (!strncmp(c, "（", 3) || !strncmp(c, "）", 3) || !strncmp(c, "、", 3) ||
                   !strncmp(c, "转", 3)) {
            c += 3;
        } else {
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "authority_phone",
                                "联系电话只能含数字、空格、+ - ( )、顿号和“转”（分机）");
        }
    }
    if (*p && digits < 5)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "authority_phone",
                            "联系电话至少应有 5 位数字");
    return 0;
}

/* PUT /api/v1/document-settings {authority_address, authority_phone,
 * reconsideration_body, court, based_on} — a new version. */
void zf_api_doc_settings_save(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_db_t *db = zf_api_db(req);
    zf_api_doc_settings_t before;
    if (zf_api_doc_settings(db, req->arena, &before, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    if (zf_perm_check(zf_api_actor(req), "document_template.write", before.bureau_path, &err)) {
        zf_api_fail(req, resp, &err);
        return;
    }
    static const zf_field_t spec[] = {
        {"authority_address", ZF_FIELD_STRING, 1, "联系地址", 100, 0},
        {"authority_phone", ZF_FIELD_STRING, 1, "联系电话", 40, 0},
        {"reconsideration_body", ZF_FIELD_STRING, 1, "行政复议机关", 60, 2},
        {"court", ZF_FIELD_STRING, 1, "管辖法院", 60, 2},
        {"based_on", ZF_FIELD_INT, 1, "所依据的设置版本", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_api_doc_settings_t after = before;
    after.authority_address = zf_body_str(body, "authority_address");
    after.authority_phone = zf_body_str(body, "authority_phone");
    after.reconsideration_body = zf_body_str(body, "reconsideration_body");
    after.court = zf_body_str(body, "court");
    int rc = check_phone(after.authority_phone, &err);
    if (rc == 0 && zf_body_int(body, "based_on", -1) != before.id)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "conflict.version", "based_on",
                          "文书设置已被他人修改（现为第 %lld 版），请刷新后再改",
                          (long long)before.versions);
    json_t *stored = json_pack("{s:s, s:s, s:s, s:s}", "authority_address", after.authority_address,
                               "authority_phone", after.authority_phone, "reconsideration_body",
                               after.reconsideration_body, "court", after.court);
    size_t len = 0;
    char *text = rc == 0 ? zf_canon_dump(stored, &len) : NULL;
    json_decref(stored);
    if (rc == 0 && !text)
        rc = zf_error_set(&err, ZF_EIO, 500, "internal", NULL, "设置无法保存（编码失败）");
    if (rc == 0) rc = zf_db_begin(db, &err);
    int64_t id = 0;
    if (rc == 0)
        rc = zf_portal_text_insert(db, before.bureau_id, KIND, text, zf_api_actor(req)->user_id,
                                   &id, &err);
    free(text);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    char now[32];
    zf_now_iso(now);
    after.id = id;
    after.versions = before.versions + 1;
    after.updated_at = zf_arena_strdup(req->arena, now);
    json_t *was = settings_json(&before), *is = settings_json(&after);
    zf_api_commit_change(req, resp, "document_settings.update", "portal_text", id, before.bureau_id,
                         was, json_deep_copy(is), is, 200);
}
