/* case_instalments.c — a fine paid in instalments as its own object (分期缴纳,
 * 行政处罚法 第66条第2款: 经当事人申请和行政机关批准，可以暂缓或者分期缴纳).
 * The party's written application is recorded by the case's officers with
 * its schedule (each instalment's amount and due day; the amounts sum to
 * what is outstanding, core/instalment); a section head or the bureau
 * leader approves or refuses it — the approval path of the deferral
 * (zf_api_case_pay_approver). Once approved, the bank's payments are
 * allocated to the instalments in order, the earliest unpaid instalment is
 * the case's payment deadline (and so in the due list), and a late
 * instalment carries the 第72条 surcharge on the configured base
 * (case.instalment.surcharge_base, 未核实). Every change is a case event in
 * the full-process log (zf_api_case_finish). */
#include <stdio.h>
#include <string.h>

#include "api/case_api.h"

/* What is still owed on the fine: decided amount less the bank's payments. */
static int64_t outstanding(const zf_case_full_t *f) {
    int64_t paid = 0;
    for (size_t i = 0; i < f->npayments; i++)
        if (strcmp(f->payments[i].kind, "bank") == 0) paid += f->payments[i].amount_fen;
    return f->c.decided_amount_fen > paid ? f->c.decided_amount_fen - paid : 0;
}

/* The instalments of the body: each {amount_fen, due_on}, fields named
 * instalments[i].x in errors. */
static int read_schedule(json_t *arr, zf_arena_t *a, zf_instalment_t *s,
                         zf_case_instalment_t *items, size_t *n, zf_error_t *err) {
    static const zf_field_t spec[] = {
        {"amount_fen", ZF_FIELD_INT, 1, "本期金额（分）", 0, 0},
        {"due_on", ZF_FIELD_STRING, 1, "本期缴纳期限", 10, 10},
    };
    size_t count = json_array_size(arr);
    for (size_t i = 0; i < count; i++) {
        json_t *it = json_array_get(arr, i);
        zf_error_t e = {0};
        int rc = json_is_object(it) ? zf_api_check_fields(it, spec, 2, &e)
                                    : zf_error_set(&e, ZF_EINVAL, 400, "input.invalid", "",
                                                   "应为 {amount_fen, due_on}");
        const char *due = rc == 0 ? zf_body_str(it, "due_on") : NULL;
        if (rc == 0 && zf_day_parse(due, &s[i].due) != 0)
            rc = zf_error_set(&e, ZF_EINVAL, 400, "input.invalid", "due_on",
                              "缴纳期限应为 YYYY-MM-DD");
        if (rc) {
            char field[128];
            snprintf(field, sizeof field, "instalments[%zu]%s%s", i, *e.field ? "." : "", e.field);
            return zf_error_set(err, rc, 400, e.code, field, "第%zu期：%s", i + 1, e.message);
        }
        s[i].amount_fen = zf_body_int(it, "amount_fen", 0);
        items[i] = (zf_case_instalment_t){.amount_fen = s[i].amount_fen,
                                          .due_on = zf_arena_strdup(a, due)};
    }
    *n = count;
    return 0;
}

/* POST /api/v1/cases/{id}/instalment-plans: the party's application. */
void zf_api_case_instalment_apply(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"applied_on", ZF_FIELD_STRING, 0, "申请日期", 10, 10},
        {"reason", ZF_FIELD_STRING, 1, "申请理由（经济困难情况）", 2000, 1},
        {"instalments", ZF_FIELD_ARRAY, 1, "各期金额和期限", ZF_INSTALMENTS_MAX, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_case_full_t f;
    zf_case_cfg_t cfg;
    if (zf_api_case_pay_begin(req, resp, body, "case.write", &f, &cfg) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    const char *applied = NULL;
    int rc = zf_api_case_date(body, "applied_on", "申请日期", &cfg, &applied, &err);
    if (!applied) applied = cfg.today;
    /* one open application or approved plan at a time */
    for (size_t i = 0; rc == 0 && i < f.nplans; i++)
        if (strcmp(f.plans[i].status, "refused"))
            rc = zf_error_set(&err, ZF_ECONFLICT, 409, "instalment.exists", "instalments",
                              "本案已有%s的分期缴纳申请",
                              strcmp(f.plans[i].status, "applied") == 0 ? "待审批" : "已批准");
    int64_t owed = outstanding(&f);
    if (rc == 0 && owed <= 0)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "instalment.nothing_outstanding", "instalments",
                          "罚款已缴清，无须分期缴纳");
    zf_instalment_t s[ZF_INSTALMENTS_MAX];
    zf_case_instalment_t *items =
        zf_arena_alloc(req->arena, ZF_INSTALMENTS_MAX * sizeof(zf_case_instalment_t));
    size_t n = 0;
    if (rc == 0)
        rc = read_schedule(json_object_get(body, "instalments"), req->arena, s, items, &n, &err);
    zf_day_t ad;
    zf_day_parse(applied, &ad);
    /* 第66条: the schedule covers what is owed, from the application on */
    if (rc == 0) rc = zf_instalments_check(s, n, owed, ad, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    zf_case_instalment_plan_t p = {.case_id = f.c.id,
                                   .applied_on = applied,
                                   .reason = zf_body_str(body, "reason"),
                                   .outstanding_fen = owed,
                                   .entered_by = zf_api_actor(req)->user_id,
                                   .items = items,
                                   .nitems = n};
    if (rc == 0) rc = zf_instalment_plan_insert(db, &p, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *sched = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(sched, json_pack("{s:I, s:I, s:s}", "seq", (json_int_t)(i + 1),
                                               "amount_fen", (json_int_t)items[i].amount_fen,
                                               "due_on", items[i].due_on));
    zf_api_case_finish(req, resp, &f, "case.instalment_apply", NULL,
                       json_pack("{s:I, s:s, s:s, s:I, s:o}", "plan_id", (json_int_t)p.id,
                                 "applied_on", applied, "reason", p.reason, "outstanding_fen",
                                 (json_int_t)owed, "instalments", sched),
                       201);
}

/* POST /api/v1/cases/{id}/instalment-plans/{plan_id}/decision: approve or
 * refuse (第66条: 经行政机关批准). */
void zf_api_case_instalment_decide(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"approve", ZF_FIELD_BOOL, 1, "是否批准", 0, 0},
        {"note", ZF_FIELD_STRING, 1, "审批意见", 2000, 1},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    int64_t plan_id = zf_api_id_param(req, resp, "plan_id");
    if (!plan_id) return;
    zf_case_full_t f;
    zf_case_cfg_t cfg;
    if (zf_api_case_pay_begin(req, resp, body, "case.payment", &f, &cfg) != 0) return;
    zf_db_t *db = zf_api_db(req);
    const zf_actor_t *actor = zf_api_actor(req);
    zf_error_t err = {0};
    int rc = zf_api_case_pay_approver(actor, &err);
    const zf_case_instalment_plan_t *pl = NULL;
    for (size_t i = 0; i < f.nplans; i++)
        if (f.plans[i].id == plan_id) pl = &f.plans[i];
    if (rc == 0 && !pl)
        rc = zf_error_set(&err, ZF_ENOTFOUND, 404, "instalment.not_found", "plan_id",
                          "本案没有该分期缴纳申请");
    if (rc == 0 && strcmp(pl->status, "applied"))
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "instalment.not_applied", "plan_id",
                          "该分期缴纳申请已处理");
    int approve = zf_body_bool(body, "approve", 0);
    /* a payment since the application changes what the schedule covers */
    if (rc == 0 && approve && outstanding(&f) != pl->outstanding_fen)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "instalment.outstanding_changed", "plan_id",
                          "申请后又有缴款，各期金额合计已不等于未缴罚款，请当事人重新申请");
    if (rc == 0) rc = zf_db_begin(db, &err);
    const char *status = approve ? "approved" : "refused";
    if (rc == 0)
        rc = zf_instalment_plan_decide(db, plan_id, status, cfg.today, actor->user_id,
                                       zf_body_str(body, "note"), &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_case_finish(req, resp, &f, "case.instalment_decide", NULL,
                       json_pack("{s:I, s:s, s:s, s:s}", "plan_id", (json_int_t)plan_id, "status",
                                 status, "decided_on", cfg.today, "note",
                                 zf_body_str(body, "note")),
                       200);
}

static const char *plan_status_name(const char *s) {
    if (strcmp(s, "approved") == 0) return "已批准";
    if (strcmp(s, "refused") == 0) return "不予批准";
    return "待审批";
}

json_t *zf_api_case_instalments_json(const zf_case_full_t *f, const zf_case_cfg_t *cfg,
                                     const zf_case_pay_state_t *ps) {
    json_t *arr = json_array();
    for (size_t i = 0; i < f->nplans; i++) {
        const zf_case_instalment_plan_t *pl = &f->plans[i];
        int live = ps->plan == pl; /* the approved plan in force */
        json_t *items = json_array();
        for (size_t k = 0; k < pl->nitems; k++) {
            const zf_case_instalment_t *it = &pl->items[k];
            json_t *o = json_pack("{s:I, s:I, s:s}", "seq", (json_int_t)it->seq, "amount_fen",
                                  (json_int_t)it->amount_fen, "due_on", it->due_on);
            if (live) {
                const zf_instalment_state_t *st = &ps->inst[k];
                char paid[11] = "";
                if (st->paid_on != ZF_DAY_NONE) zf_day_format(st->paid_on, paid);
                json_object_set_new(o, "paid_fen", json_integer(st->paid_fen));
                json_object_set_new(o, "paid_on", *paid ? json_string(paid) : json_null());
                json_object_set_new(o, "status", json_string(zf_inst_status_code(st->status)));
                json_object_set_new(o, "status_name", json_string(zf_inst_status_name(st->status)));
                json_object_set_new(o, "surcharge_fen", json_integer(st->surcharge_fen));
                json_object_set_new(o, "late_days", json_integer(st->late_days));
            }
            json_array_append_new(items, o);
        }
        json_t *p = json_pack(
            "{s:I, s:s, s:s, s:s, s:s, s:I, s:o, s:s, s:o}", "id", (json_int_t)pl->id, "status",
            pl->status, "status_name", plan_status_name(pl->status), "applied_on", pl->applied_on,
            "reason", pl->reason, "outstanding_fen", (json_int_t)pl->outstanding_fen, "decided_on",
            *pl->decided_on ? json_string(pl->decided_on) : json_null(), "decision_note",
            pl->decision_note, "instalments", items);
        if (live) {
            json_object_set_new(
                p, "totals",
                json_pack("{s:I, s:I, s:I, s:I, s:s, s:s, s:s}", "paid_fen",
                          (json_int_t)ps->inst_tot.paid_fen, "overdue",
                          (json_int_t)ps->inst_tot.overdue, "surcharge_fen",
                          (json_int_t)ps->inst_tot.surcharge_fen, "excess_fen",
                          (json_int_t)ps->inst_tot.excess_fen, "surcharge_base",
                          cfg->inst_base == ZF_INST_BASE_FINE ? "fine" : "instalment",
                          "surcharge_base_source", cfg->inst_base_src ? cfg->inst_base_src : "",
                          "article", "行政处罚法 第66条第2款、第72条第1款第1项"));
        }
        json_array_append_new(arr, p);
    }
    return arr;
}
