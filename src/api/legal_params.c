/* legal_params.c — the dated legal parameters of the discretion engine
 * (R10): every signed-in user reads them (裁量基准应当向社会公布, 行政处罚法
 * 第34条); only admin dates a new value, which is logged. Values are never
 * edited in place: a new row with its effective date supersedes the old one
 * from that day, so past results can be recomputed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/instalment.h"
#include "store/ledger.h" /* burden parameters (issue 6) */
#include "store/credit.h" /* the serious dishonesty list's periods (issue 10, R26) */
/* transfers' feedback period, signal codes (issue 11) */
#include "store/transfers.h"
#include "core/remedy.h" /* 复议、诉讼结果 (migration 033) */

void zf_api_legal_params_list(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_legal_param_t *all, *now;
    size_t n, nnow;
    char today[11];
    zf_api_today(today);
    zf_db_t *db = zf_api_db(req);
    if (zf_legal_params_all(db, req->arena, &all, &n, &err) != 0 ||
        zf_legal_params_at(db, req->arena, today, &now, &nnow, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    size_t unconfirmed = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *j = zf_api_legal_param_json(&all[i]);
        int in_force = 0;
        for (size_t k = 0; k < nnow; k++)
            if (now[k].id == all[i].id) in_force = 1;
        if (in_force && !all[i].confirmed) unconfirmed++;
        json_object_set_new(j, "in_force", json_boolean(in_force));
        json_array_append_new(items, j);
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:o, s:s, s:I}", "items", items, "today", today,
                           "unconfirmed_in_force", (json_int_t)unconfirmed));
}

void zf_api_legal_param_create(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"key", ZF_FIELD_STRING, 1, "参数键", 64, 1},
        {"value", ZF_FIELD_STRING, 1, "参数值", 1000, 1}, /* a list of item codes is long */
        {"effective_from", ZF_FIELD_STRING, 1, "生效日期", 10, 10},
        {"source", ZF_FIELD_STRING, 1, "来源", 500, 1},
        {"confirmed", ZF_FIELD_BOOL, 1, "已确认", 0, 0},
        {"label", ZF_FIELD_STRING, 0, "说明", 200, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_error_t err = {0};
    const zf_actor_t *actor = zf_api_actor(req);
    zf_legal_param_t p = {
        .key = json_string_value(json_object_get(body, "key")),
        .value = json_string_value(json_object_get(body, "value")),
        .effective_from = json_string_value(json_object_get(body, "effective_from")),
        .source = json_string_value(json_object_get(body, "source")),
        .confirmed = json_is_true(json_object_get(body, "confirmed")),
        .label = json_string_value(json_object_get(body, "label")),
    };
    int rc = zf_perm_check(actor, "legal_param.write", NULL, &err);
    if (rc == 0 && !zf_api_legal_param_known(p.key, &p.unit))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "key", "未知的参数键“%s”", p.key);
    if (rc == 0 && !zf_disc_date_valid(p.effective_from))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "effective_from",
                          "生效日期应为 YYYY-MM-DD");
    zf_db_t *db = zf_api_db(req);
    if (rc == 0 && !p.label) {
        /* keep the label of the key's latest value */
        zf_legal_param_t *all;
        size_t n;
        rc = zf_legal_params_all(db, req->arena, &all, &n, &err);
        for (size_t i = 0; rc == 0 && i < n; i++)
            if (strcmp(all[i].key, p.key) == 0) p.label = all[i].label;
    }
    if (!p.label) p.label = "";
    if (rc == 0) {
        /* The value must be one the engine can read: try it in a params set. */
        zf_legal_param_t row = p;
        row.value = p.value;
        zf_legal_param_t *now;
        size_t n;
        rc = zf_legal_params_at(db, req->arena, "9999-12-31", &now, &n, &err);
        for (size_t i = 0; rc == 0 && i < n; i++)
            if (strcmp(now[i].key, p.key) == 0) now[i] = row;
        zf_disc_params_t dp;
        if (rc == 0 && zf_api_disc_params(now, n, &dp, &err) != 0) {
            char msg[sizeof err.message];
            snprintf(msg, sizeof msg, "%s", err.message);
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "value", "%s", msg);
        }
    }
    /* the burden rule's parameters (issue 6): whole numbers / source names */
    if (rc == 0 && zf_ledger_param_known(p.key, NULL) && !zf_ledger_param_valid(p.key, p.value))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "value",
                          "参数 %s 的值“%s”不合规：上限为 0–365 的整数，来源为 plan draw complaint "
                          "accident follow_up referral credit ad_hoc 中的若干项（空格分隔）",
                          p.key, p.value);
    /* 重大执法决定法制审核目录 (cases): catalogue codes, space-separated, each
     * one the catalogue knows; "无" for none */
    if (rc == 0 && strcmp(p.key, "case.legal_review.items") == 0 && strcmp(p.value, "无") != 0) {
        const char *s = p.value;
        while (rc == 0 && *s) {
            while (*s == ' ')
                s++;
            size_t w = strcspn(s, " ");
            if (w == 0) break;
            const char *code = zf_arena_strndup(req->arena, s, w);
            zf_cat_version_t *v;
            size_t nv = 0;
            zf_error_t probe = {0};
            if (zf_catalogue_versions(db, req->arena, code, &v, &nv, &probe) != 0 || nv == 0)
                rc = zf_error_set(
                    &err, ZF_EINVAL, 400, "input.invalid", "value",
                    "执法事项目录中没有代码为“%s”的事项（以空格分隔事项代码；无事项填“无”）", code);
            s += w;
        }
    }
    /* 分期缴纳逾期的加处罚款基数 (cases, migration 035): one of two readings */
    zf_inst_base_t base;
    if (rc == 0 && strcmp(p.key, "case.instalment.surcharge_base") == 0 &&
        zf_inst_base_parse(p.value, &base) != 0)
        rc = zf_error_set(
            &err, ZF_EINVAL, 400, "input.invalid", "value",
            "参数 %s 的值“%s”不合规：应为 instalment（逾期当期金额）或 fine（全部罚款）", p.key,
            p.value);
    /* 复议、诉讼结果 (migration 033): a list core/remedy can read */
    if (rc == 0 && strcmp(p.key, "remedy.outcomes") == 0) {
        zf_remedy_outcome_t probe[ZF_REMEDY_MAX_OUTCOMES];
        size_t np = 0;
        rc = zf_remedy_outcomes_parse(p.value, probe, ZF_REMEDY_MAX_OUTCOMES, &np, &err);
    }
    /* the serious dishonesty list's periods (issue 10): whole months 0–1200 */
    if (rc == 0 && zf_credit_param_known(p.key, NULL)) {
        char *end = NULL;
        long long m = strtoll(p.value, &end, 10);
        if (!*p.value || !end || *end || m < 0 || m > 1200)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "value",
                              "参数 %s 的值“%s”不合规：应为 0–1200 的整数（月）", p.key, p.value);
    }
    /* transfers and public-interest litigation (issue 11): days, months, codes */
    if (rc == 0 && zf_transfer_param_known(p.key, NULL) && !zf_transfer_param_valid(p.key, p.value))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "value",
                          "参数 %s 的值“%s”不合规：期限为正整数，编码为空格分隔的目录编码", p.key,
                          p.value);
    /* the deadline engine's parameters (issue 8): a value it can read */
    zf_dl_config_t dl = ZF_DL_CONFIG_DEFAULT;
    if (rc == 0 && zf_dl_param_known(p.key, NULL)) rc = zf_dl_config_set(&dl, p.key, p.value, &err);
    zf_legal_param_t stored;
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_legal_param_insert(db, req->arena, &p, actor->user_id, &stored, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = zf_api_legal_param_json(&stored);
    zf_api_commit_change(req, resp, "legal_param.create", "legal_param", stored.id, 0, NULL, after,
                         json_incref(after), 201);
}
