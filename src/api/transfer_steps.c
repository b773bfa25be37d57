/* transfer_steps.c — one step of a transfer (POST /api/v1/transfers/{id}/steps),
 * each dated, by whom, logged in the same transaction (R22), with the rules
 * of core/transfer.c; and the transfers' part in a case: the 移送评估 signal
 * and the decision the close guard waits for (行政处罚法 第27条, 310号令 第
 * 5、11条), and the dashboard's transfers figure. */
#include <string.h>

#include "api/transfer_api.h"
#include "core/util.h"
#include "store/exchange.h"

/* Copy the step's values into the columns it fills. */
static void record(zf_transfer_row_t *t, const char *step, const char *on, const char *text,
                   const char *answer, const char *who, const char *method, const char *now,
                   int64_t actor_id) {
    if (!strcmp(step, "receipt")) {
        t->receipt_on = on;
        t->receipt_by = who;
    } else if (!strcmp(step, "feedback")) {
        t->feedback_on = on;
        t->feedback_text = text;
    } else if (!strcmp(step, "approve") || !strcmp(step, "refuse")) {
        t->decided_on = on;
        t->decided_at = now;
        t->decided_by = actor_id;
        t->decision_reason = text ? text : "";
    } else if (!strcmp(step, "send")) {
        t->sent_on = on;
        t->sent_at = now;
        t->sent_method = method ? method : "";
    } else if (!strcmp(step, "police_accept") || !strcmp(step, "police_refuse")) {
        t->police_on = on;
        t->police_decision = strcmp(step, "police_accept") ? "not_accepted" : "accepted";
        t->police_reason = text ? text : "";
    } else if (!strcmp(step, "reconsider")) {
        t->reconsider_on = on;
        t->reconsider_reason = text;
    } else if (!strcmp(step, "reconsider_answer")) {
        t->answer_on = on;
        t->answer = answer;
        t->answer_text = text ? text : "";
    } else if (!strcmp(step, "suggest_supervision")) {
        t->supervision_on = on;
        t->supervision_text = text;
    } else if (!strcmp(step, "hand_over")) {
        t->handover_on = on;
        t->handover_items = text;
    }
}

void zf_api_transfer_step(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"step", ZF_FIELD_STRING, 1, "步骤", 32, 1},
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"on", ZF_FIELD_STRING, 1, "日期", 10, 10},
        {"text", ZF_FIELD_STRING, 0, "内容", 4000, 0},
        {"answer", ZF_FIELD_STRING, 0, "复议结果", 16, 0},
        {"who", ZF_FIELD_STRING, 0, "签收人", 64, 0},
        {"method", ZF_FIELD_STRING, 0, "移送方式", 32, 0},
        {"copy_agency_id", ZF_FIELD_INT, 0, "抄送检察院", 0, 0},
        {"materials", ZF_FIELD_STRING, 0, "移送材料清单", 2000, 0},
        {"letter_no", ZF_FIELD_STRING, 0, "移送书文号", 64, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    const zf_actor_t *actor = zf_api_actor(req);
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    zf_error_t err = {0};
    zf_transfer_row_t t;
    zf_transfer_cfg_t cfg;
    const char *step = zf_body_str(body, "step"), *on = zf_body_str(body, "on");
    const zf_transfer_step_info_t *si = zf_transfer_step_find(step);
    int rc = zf_transfer_get(db, a, id, &t, &err);
    if (rc == 0) rc = zf_perm_check(actor, "transfer.read", t.unit_path, &err);
    if (rc == 0 && !si)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "step", "未知的步骤“%s”", step);
    /* 310号令 第5条: 报经本机关正职负责人或者主持工作的负责人审批 */
    if (rc == 0)
        rc = zf_perm_check(actor, si->leader ? "transfer.approve" : "transfer.write", t.unit_path,
                           &err);
    if (rc == 0) rc = zf_transfer_cfg_load(db, a, &cfg, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    int64_t version = zf_body_int(body, "version", 0);
    if (version != t.version) {
        zf_error_set(&err, ZF_ECONFLICT, 409, "conflict.version", "version",
                     "该移送记录已被他人修改（当前版本 %lld），请刷新后重试", (long long)t.version);
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *before = zf_api_transfer_json(req, &t, &cfg, 0);
    /* the send step may name the procuratorate copied and complete the
     * materials list (第6条) — applied before the guard that checks them */
    int64_t copy = zf_body_int(body, "copy_agency_id", 0);
    if (copy && !strcmp(step, "send")) {
        zf_agency_t cag;
        rc = zf_agency_get(db, a, copy, &cag, &err);
        if (rc == ZF_ENOTFOUND ||
            (rc == 0 && (!cag.active || !zf_perm_in_scope(cag.unit_path, t.unit_path))))
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "copy_agency_id",
                              "抄送单位 %lld 不在本局的协作单位名单中或已停用", (long long)copy);
        if (rc) {
            json_decref(before);
            zf_api_fail(req, resp, &err);
            return;
        }
        t.copy_agency_id = copy;
        t.copy_agency_kind = cag.kind;
        t.copy_agency_name = cag.name;
    }
    if (zf_body_str(body, "materials") && !strcmp(step, "send"))
        t.materials = zf_body_str(body, "materials");
    if (zf_body_str(body, "letter_no")) t.letter_no = zf_body_str(body, "letter_no");
    char now[32];
    zf_now_iso(now);
    zf_transfer_t facts;
    zf_api_transfer_facts(&t, &facts);
    zf_day_t on_d = ZF_DAY_NONE;
    if (zf_day_parse(on, &on_d) != 0) on_d = ZF_DAY_NONE;
    zf_transfer_step_t st = {.step = step,
                             .on = on_d,
                             .today = cfg.c.today_d,
                             .text = zf_body_str(body, "text"),
                             .answer = zf_body_str(body, "answer"),
                             .who = zf_body_str(body, "who"),
                             .method = zf_body_str(body, "method"),
                             .now = now};
    zf_transfer_finding_t fs[16];
    size_t nf = 0;
    const char *to = NULL;
    rc = zf_transfer_check(&facts, &st, &to, fs, 16, &nf);
    if (rc == ZF_ECONFLICT || rc == ZF_ENOTFOUND) {
        json_decref(before);
        const char *sn = zf_transfer_state_name(t.state);
        zf_error_set(&err, ZF_ECONFLICT, 409, "transfer.wrong_state", "step",
                     "该移送当前为“%s”，不能执行“%s”", sn ? sn : t.state, si->label);
        zf_api_fail(req, resp, &err);
        return;
    }
    if (rc != 0) {
        json_decref(before);
        json_t *e = json_pack(
            "{s:{s:s, s:s, s:s, s:o}}", "error", "code", "transfer.step_refused", "message",
            zf_arena_printf(a, "不能执行“%s”：%s", si->label, nf ? fs[0].message : ""), "field",
            "step", "findings", zf_api_transfer_findings_json(fs, nf < 16 ? nf : 16));
        zf_resp_json(req, resp, 422, e);
        return;
    }
    record(&t, step, on, st.text, st.answer, st.who, st.method, now, actor->user_id);
    t.state = to;
    rc = zf_api_transfer_recompute_due(a, &t, &cfg, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_transfer_save(db, &t, &err);
    if (rc == 0)
        rc = zf_transfer_step_insert(db, t.id, step, t.state, on, actor->user_id,
                                     st.text ? st.text : (st.who ? st.who : ""), &err);
    zf_transfer_row_t stored;
    if (rc == 0) rc = zf_transfer_get(db, a, t.id, &stored, &err);
    if (rc) {
        json_decref(before);
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = zf_api_transfer_json(req, &stored, &cfg, 0);
    json_object_set_new(after, "warnings", zf_api_transfer_findings_json(fs, nf < 16 ? nf : 16));
    zf_api_commit_change(req, resp, zf_arena_printf(a, "transfer.%s", step), "transfer", t.id,
                         t.unit_id, before, json_incref(after), after, 200);
}

/* ---- the case's side ---- */

/* The configured codes and which of the case's violations match. */
static size_t signal(zf_db_t *db, zf_arena_t *a, const zf_case_full_t *f, const char *today,
                     size_t **hit, zf_error_t *err, int *rc) {
    const char *codes = "";
    *rc = zf_transfer_param(db, a, "transfer.signal_codes", today, &codes, err);
    if (*rc) return 0;
    const char **vc = zf_arena_alloc(a, (f->nviolations ? f->nviolations : 1) * sizeof *vc);
    *hit = zf_arena_alloc(a, (f->nviolations ? f->nviolations : 1) * sizeof **hit);
    for (size_t i = 0; i < f->nviolations; i++)
        vc[i] = f->violations[i].item_code;
    return zf_transfer_signal(codes, vc, f->nviolations, *hit);
}

int zf_api_transfer_case_facts(zf_db_t *db, zf_arena_t *a, const zf_case_full_t *f,
                               const char *today, int *criteria_met, int *decision_recorded,
                               zf_error_t *err) {
    size_t *hit = NULL;
    int rc = 0;
    size_t n = signal(db, a, f, today, &hit, err, &rc);
    if (rc) return rc;
    if (n) *criteria_met = 1;
    int decided = zf_transfer_case_decided(db, f->c.id, err);
    if (decided < 0) return decided;
    if (decided) *decision_recorded = 1;
    return 0;
}

json_t *zf_api_transfer_case_json(zf_db_t *db, zf_arena_t *a, const zf_case_full_t *f,
                                  const char *today) {
    zf_error_t err = {0};
    size_t *hit = NULL;
    int rc = 0;
    size_t n = signal(db, a, f, today, &hit, &err, &rc);
    if (rc) return json_null();
    json_t *reasons = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            reasons, json_pack("{s:s, s:s}", "code", f->violations[hit[i]].item_code, "message",
                               zf_arena_printf(
                                   a,
                                   "违法事项 %s 可能构成刑法第134条之一危险作业罪（无需发生事故），"
                                   "须作移送评估（LAW.md §5.4；国务院令第310号 第3条）",
                                   f->violations[hit[i]].item_code)));
    int decided = zf_transfer_case_decided(db, f->c.id, &err);
    zf_transfer_filter_t flt = {.scope_path = "/", .case_id = f->c.id, .limit = 20};
    zf_transfer_row_t *items = NULL;
    size_t nt = 0;
    json_t *list = json_array();
    if (zf_transfers_list(db, a, &flt, &items, &nt, &err) == 0)
        for (size_t i = 0; i < nt; i++) {
            const char *sn = zf_transfer_state_name(items[i].state);
            json_array_append_new(
                list, json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)items[i].id, "kind",
                                items[i].kind, "state", items[i].state, "state_name",
                                sn ? sn : items[i].state, "next_due", items[i].next_due));
        }
    int manual = f->c.criminal_criteria_met;
    int recorded = f->c.criminal_decision[0] != 0 || decided > 0;
    return json_pack(
        "{s:b, s:o, s:b, s:b, s:b, s:o, s:s, s:s}", "signal", n > 0, "reasons", reasons,
        "manual_flag", manual, "decision_recorded", recorded, "close_blocked",
        (n > 0 || manual) && !recorded, "transfers", list, "no_fine_instead",
        "不得以罚代刑：涉嫌犯罪的，必须移送司法机关，不得以行政处罚代替刑事处罚（行政处罚法 "
        "第27条；国务院令第310号 第11条）",
        "fine_credit",
        "已作出并缴纳的罚款，人民法院判处罚金时依法折抵相应罚金；警告、责令停产停业、暂扣或吊销证照"
        "不停止执行（行政处罚法 第35条第2款；国务院令第310号 第11条）");
}
