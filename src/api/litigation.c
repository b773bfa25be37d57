/* litigation.c — public-interest litigation by the procuratorate (公益诉讼,
 * R28; issue 11): its pre-suit proposals (检察建议) and suits against or
 * involving the bureau, linked to a bureau case when there is one, with the
 * reply due, the reply and the outcome. The reply period is configuration
 * (legal_params litigation.reply_months, litigation.urgent_days): it comes
 * from 两高《关于检察公益诉讼案件适用法律若干问题的解释》(2018), not from
 * 行政诉讼法 第25条第4款 itself, and this project could confirm it only
 * from a secondary source (docs/internals/transfers.md). */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/day.h"
#include "store/cases.h"
#include "store/exchange.h"
#include "store/transfers.h"

static json_t *lit_json(const zf_litigation_t *l, const char *today) {
    json_t *j = json_pack(
        "{s:I, s:I, s:{s:I, s:s}, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, "
        "s:s, s:b}",
        "id", (json_int_t)l->id, "unit_id", (json_int_t)l->unit_id, "agency", "id",
        (json_int_t)l->agency_id, "name", l->agency_name, "number", l->number, "kind", l->kind,
        "kind_name", strcmp(l->kind, "suit") ? "检察建议（诉前）" : "公益诉讼起诉", "urgent",
        l->urgent, "received_on", l->received_on, "summary", l->summary, "reply_due", l->reply_due,
        "reply_on", l->reply_on, "reply_text", l->reply_text, "outcome", l->outcome, "version",
        (json_int_t)l->version, "created_by_name", l->created_by_name, "created_at", l->created_at,
        "overdue", !*l->reply_on && *l->reply_due && strcmp(l->reply_due, today) < 0);
    json_object_set_new(j, "case_id", l->case_id ? json_integer(l->case_id) : json_null());
    return j;
}

void zf_api_litigation_list(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    char today[11];
    zf_api_today(today);
    const char *ov = zf_req_query(req, "overdue"), *b = zf_req_query(req, "before");
    int64_t before = 0;
    char *end = NULL;
    int rc = 0;
    if (ov && *ov && strcmp(ov, "1") && strcmp(ov, "0"))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "overdue",
                          "参数 overdue 应为 1 或 0");
    if (rc == 0 && b && *b) {
        before = strtoll(b, &end, 10);
        if (*end || before <= 0)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "before",
                              "参数 before 应为正整数");
    }
    zf_litigation_t *items = NULL;
    size_t n = 0;
    if (rc == 0)
        rc =
            zf_litigation_list(zf_api_db(req), req->arena, zf_api_actor(req)->scope_path,
                               ov && !strcmp(ov, "1") ? today : NULL, before, 50, &items, &n, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, lit_json(&items[i], today));
    zf_resp_json(req, resp, 200,
                 json_pack("{s:o, s:o, s:s}", "items", arr, "next_before",
                           n == 50 ? json_integer(items[n - 1].id) : json_null(), "today", today));
}

void zf_api_litigation_get(zf_req_t *req, zf_resp_t *resp) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_error_t err = {0};
    zf_litigation_t l;
    char today[11];
    zf_api_today(today);
    int rc = zf_litigation_get(zf_api_db(req), req->arena, id, &l, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), "litigation.read", l.unit_path, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, lit_json(&l, today));
}

void zf_api_litigation_create(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"agency_id", ZF_FIELD_INT, 1, "检察院", 0, 0},
        {"case_id", ZF_FIELD_INT, 0, "关联案件", 0, 0},
        {"number", ZF_FIELD_STRING, 1, "检察建议书或起诉书文号", 64, 1},
        {"kind", ZF_FIELD_STRING, 1, "类型", 16, 1},
        {"urgent", ZF_FIELD_BOOL, 0, "紧急情形", 0, 0},
        {"received_on", ZF_FIELD_STRING, 1, "收到日期", 10, 10},
        {"summary", ZF_FIELD_STRING, 1, "主要内容", 4000, 1},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    const zf_actor_t *actor = zf_api_actor(req);
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    zf_error_t err = {0};
    char today[11];
    zf_api_today(today);
    zf_litigation_t l = {
        .agency_id = zf_body_int(body, "agency_id", 0),
        .case_id = zf_body_int(body, "case_id", 0),
        .number = zf_body_str(body, "number"),
        .kind = zf_body_str(body, "kind"),
        .urgent = zf_body_bool(body, "urgent", 0),
        .received_on = zf_body_str(body, "received_on"),
        .summary = zf_body_str(body, "summary"),
        .unit_id = actor->unit_id,
        .created_by = actor->user_id,
    };
    const char *unit_path = actor->unit_path;
    zf_day_t rd;
    int rc = 0;
    if (strcmp(l.kind, "proposal") && strcmp(l.kind, "suit"))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "kind",
                          "类型 kind 应为 proposal（检察建议）或 suit（公益诉讼起诉）");
    if (rc == 0 && (zf_day_parse(l.received_on, &rd) != 0 || strcmp(l.received_on, today) > 0))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "received_on",
                          "收到日期应为不晚于今天的 YYYY-MM-DD 日期");
    if (rc == 0 && l.case_id) {
        zf_case_row_t c;
        rc = zf_case_get(db, a, l.case_id, &c, &err);
        if (rc == ZF_ENOTFOUND)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "case_id", "案件 %lld 不存在",
                              (long long)l.case_id);
        if (rc == 0) {
            l.unit_id = c.unit_id;
            unit_path = c.unit_path;
        }
    }
    if (rc == 0) rc = zf_perm_check(actor, "litigation.write", unit_path, &err);
    zf_agency_t ag;
    if (rc == 0) {
        rc = zf_agency_get(db, a, l.agency_id, &ag, &err);
        if (rc == ZF_ENOTFOUND || (rc == 0 && (strcmp(ag.kind, "procuratorate") ||
                                               !zf_perm_in_scope(ag.unit_path, unit_path))))
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "agency_id",
                              "请选择本局协作单位名单中类型为人民检察院的单位");
    }
    /* the reply period of a 检察建议: configured months, or days when urgent */
    const char *v = NULL;
    if (rc == 0 && !strcmp(l.kind, "proposal")) {
        rc = zf_transfer_param(db, a,
                               l.urgent ? "litigation.urgent_days" : "litigation.reply_months",
                               l.received_on, &v, &err);
        if (rc == 0) {
            int k = atoi(v);
            zf_day_t due = l.urgent ? rd + k : zf_day_add_months(rd, k);
            char d[11];
            zf_day_format(due, d);
            l.reply_due = zf_arena_strdup(a, d);
        }
    }
    int64_t id = 0;
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_litigation_insert(db, &l, &id, &err);
    zf_litigation_t stored;
    if (rc == 0) rc = zf_litigation_get(db, a, id, &stored, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = lit_json(&stored, today);
    zf_api_commit_change(req, resp, "litigation.record", "litigation", id, stored.unit_id, NULL,
                         json_incref(after), after, 201);
}

void zf_api_litigation_reply(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"reply_on", ZF_FIELD_STRING, 0, "回复日期", 10, 10},
        {"reply_text", ZF_FIELD_STRING, 0, "回复内容", 4000, 0},
        {"outcome", ZF_FIELD_STRING, 0, "结果", 1000, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    char today[11];
    zf_api_today(today);
    zf_litigation_t l;
    int rc = zf_litigation_get(db, req->arena, id, &l, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), "litigation.write", l.unit_path, &err);
    const char *on = zf_body_str(body, "reply_on"), *text = zf_body_str(body, "reply_text");
    const char *outcome = zf_body_str(body, "outcome");
    zf_day_t d;
    if (rc == 0 && !on && !outcome)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "reply_on",
                          "须填写回复（日期与内容）或结果");
    if (rc == 0 && on &&
        (zf_day_parse(on, &d) != 0 || strcmp(on, today) > 0 || strcmp(on, l.received_on) < 0))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "reply_on",
                          "回复日期应在收到日期（%s）与今天之间", l.received_on);
    if (rc == 0 && on && (!text || !*text))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "reply_text",
                          "须填写书面回复的内容");
    if (rc == 0 && zf_body_int(body, "version", 0) != l.version)
        rc =
            zf_error_set(&err, ZF_ECONFLICT, 409, "conflict.version", "version",
                         "该记录已被他人修改（当前版本 %lld），请刷新后重试", (long long)l.version);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *before = lit_json(&l, today);
    if (on) {
        l.reply_on = on;
        l.reply_text = text;
    }
    if (outcome) l.outcome = outcome;
    rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_litigation_save(db, &l, &err);
    zf_litigation_t stored;
    if (rc == 0) rc = zf_litigation_get(db, req->arena, id, &stored, &err);
    if (rc) {
        json_decref(before);
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = lit_json(&stored, today);
    zf_api_commit_change(req, resp, "litigation.reply", "litigation", id, stored.unit_id, before,
                         json_incref(after), after, 200);
}
