/* legal_qualifications.c — a legal reviewer's 法律职业资格 (行政处罚法
 * 第58条第2款 [原文]: 初次从事行政处罚决定法制审核的人员，应当通过国家统一
 * 法律职业资格考试取得法律职业资格), kept by the administrator beside the
 * account, and the check the legal review makes before it is recorded
 * (case_flow.c): a reviewer needs the certificate, or to have been reviewing
 * since before 2021-07-15, when the law took effect (core/case.h).
 *
 *   GET /api/v1/users/{id}/legal-qualification   user.read
 *   PUT /api/v1/users/{id}/legal-qualification   user.write (admin):
 *       {certificate_no, obtained_on, reviewing_since, version}
 *
 * Each change is logged with before and after; version 0 creates the row. */
#include <string.h>

#include "api/api.h"
#include "core/case.h"
#include "core/discretion.h"
#include "core/util.h"
#include "store/qualifications.h"

static json_t *qual_json(const zf_legal_qual_t *q, int qualified) {
    return json_pack("{s:I, s:s, s:s, s:s, s:I, s:o, s:b}", "user_id", (json_int_t)q->user_id,
                     "certificate_no", q->certificate_no, "obtained_on", q->obtained_on,
                     "reviewing_since", q->reviewing_since, "version", (json_int_t)q->version,
                     "updated_at", *q->updated_at ? json_string(q->updated_at) : json_null(),
                     "qualified", qualified);
}

static int qualified(const zf_legal_qual_t *q) {
    zf_day_t since = ZF_DAY_NONE;
    if (*q->reviewing_since) zf_day_parse(q->reviewing_since, &since);
    return zf_case_reviewer_qualified(*q->certificate_no != 0, since);
}

int zf_api_reviewer_check(zf_db_t *db, zf_arena_t *a, int64_t user_id, zf_error_t *err) {
    zf_legal_qual_t q;
    int rc = zf_legal_qual_get(db, a, user_id, &q, err);
    if (rc) return rc;
    if (!qualified(&q))
        return zf_error_set(err, ZF_EPERM, 403, "case.reviewer_not_qualified", NULL,
                            "初次从事法制审核的人员须取得法律职业资格（行政处罚法 第58条第2款）："
                            "请管理员在用户管理中登记本人的法律职业资格证书");
    return 0;
}

static int load(zf_req_t *req, zf_resp_t *resp, const char *action, zf_user_t *u,
                zf_legal_qual_t *q) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return -1;
    zf_error_t err = {0};
    int rc = zf_user_get(zf_api_db(req), req->arena, id, u, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), action, u->unit_path, &err);
    if (rc == 0) rc = zf_legal_qual_get(zf_api_db(req), req->arena, id, q, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

void zf_api_legal_qualification_get(zf_req_t *req, zf_resp_t *resp) {
    zf_user_t u;
    zf_legal_qual_t q;
    if (load(req, resp, "user.read", &u, &q) == 0)
        zf_resp_json(req, resp, 200, qual_json(&q, qualified(&q)));
}

/* A certificate number as printed: 1–40 letters, digits and hyphens. */
static int check_certificate(const char *s, zf_error_t *err) {
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "certificate_no",
                                "法律职业资格证书编号只能含字母、数字和连字符");
    return 0;
}

static int check_day(const char *s, const char *field, const char *label, const char *today,
                     zf_error_t *err) {
    if (!*s) return 0;
    if (!zf_disc_date_valid(s))
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field, "%s应为 YYYY-MM-DD",
                            label);
    if (strcmp(s, today) > 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field, "%s不能晚于今天", label);
    return 0;
}

void zf_api_legal_qualification_put(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"certificate_no", ZF_FIELD_STRING, 1, "法律职业资格证书编号", 40, 0},
        {"obtained_on", ZF_FIELD_STRING, 1, "取得日期", 10, 0},
        {"reviewing_since", ZF_FIELD_STRING, 1, "开始从事法制审核日期", 10, 0},
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_user_t u;
    zf_legal_qual_t before;
    if (load(req, resp, "user.write", &u, &before) != 0) return;
    zf_error_t err = {0};
    char today[11], now[32];
    zf_api_today(today);
    zf_now_iso(now);
    zf_legal_qual_t after = before;
    after.certificate_no = zf_body_str(body, "certificate_no");
    after.obtained_on = zf_body_str(body, "obtained_on");
    after.reviewing_since = zf_body_str(body, "reviewing_since");
    int rc = check_certificate(after.certificate_no, &err);
    if (rc == 0) rc = check_day(after.obtained_on, "obtained_on", "取得日期", today, &err);
    if (rc == 0)
        rc = check_day(after.reviewing_since, "reviewing_since", "开始从事法制审核日期", today,
                       &err);
    if (rc == 0 && *after.obtained_on && !*after.certificate_no)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "certificate_no",
                          "填写了取得日期，请同时填写证书编号");
    if (rc == 0 && zf_body_int(body, "version", -1) != before.version)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "conflict.version", "version",
                          "法律职业资格已被他人修改，请刷新后再改");
    zf_db_t *db = zf_api_db(req);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_legal_qual_put(db, &after, before.version, zf_api_actor(req)->user_id, now, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_commit_change(req, resp, "user.legal_qualification", "user", u.id, u.unit_id,
                         qual_json(&before, qualified(&before)),
                         qual_json(&after, qualified(&after)), qual_json(&after, qualified(&after)),
                         200);
}
