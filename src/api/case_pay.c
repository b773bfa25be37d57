/* case_pay.c — fines are paid to the bank, never to officers (行政处罚法
 * 第67条 罚缴分离): the payment notice, the bank's confirmations entered by
 * finance staff (case.payment: section head, bureau leader, admin — never
 * one of the case's officers) or imported from a bank statement CSV (all
 * or nothing, every bad row reported with its line), and the approval of a
 * deferral (第66条; instalments: case_instalments.c; the bank statement
 * import: payment_import.c). The late-payment surcharge (第72条) is
 * computed by core/deadline's zf_surcharge on the case detail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/case_api.h"

int zf_api_case_payable(const zf_case_row_t *c, zf_error_t *err) {
    if (c->decided_amount_fen <= 0 || (strcmp(c->state, "decided") && strcmp(c->state, "served") &&
                                       strcmp(c->state, "executing")))
        return zf_error_set(err, ZF_ECONFLICT, 409, "case.not_payable", "state",
                            "案件没有待缴纳的罚款（须已作出罚款决定且未结案）");
    return 0;
}

int zf_api_case_pay_begin(zf_req_t *req, zf_resp_t *resp, json_t *body, const char *action,
                          zf_case_full_t *f, zf_case_cfg_t *cfg) {
    if (zf_api_case_fetch(req, resp, action, f) != 0) return -1;
    zf_error_t err = {0};
    int rc = 0;
    if (zf_body_int(body, "version", -1) != f->c.version)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "conflict.version", "version",
                          "案件已被他人修改，请刷新后重试");
    if (rc == 0) rc = zf_api_case_payable(&f->c, &err);
    if (rc == 0) rc = zf_case_cfg_load(zf_api_db(req), req->arena, cfg, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

int zf_api_case_pay_approver(const zf_actor_t *actor, zf_error_t *err) {
    if (strcmp(actor->role, "section_head") && strcmp(actor->role, "bureau_leader"))
        return zf_error_set(err, ZF_EPERM, 403, "payment.approval_role", NULL,
                            "暂缓或分期缴纳须经行政机关批准（行政处罚法 第66条）");
    return 0;
}

/* 第67条: a case officer never handles the money. */
int zf_api_case_pay_not_officer(const zf_case_full_t *f, int64_t user_id, zf_error_t *err) {
    for (size_t i = 0; i < f->nofficers; i++)
        if (f->officers[i].user_id == user_id)
            return zf_error_set(err, ZF_EPERM, 403, "payment.officer_not_allowed", NULL,
                                "罚缴分离：本案执法人员不得登记罚款缴纳（行政处罚法 第67条）");
    return 0;
}

void zf_api_case_payment_notice(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"issued_on", ZF_FIELD_STRING, 0, "开具日期", 10, 10},
        {"due_on", ZF_FIELD_STRING, 0, "缴款期限", 10, 10},
        {"amount_fen", ZF_FIELD_INT, 0, "应缴金额（分）", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_case_full_t f;
    zf_case_cfg_t cfg;
    if (zf_api_case_pay_begin(req, resp, body, "case.write", &f, &cfg) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    const char *issued = NULL;
    int rc = zf_api_case_date(body, "issued_on", "开具日期", &cfg, &issued, &err);
    if (!issued) issued = cfg.today;
    int64_t amount = zf_body_int(body, "amount_fen", f.c.decided_amount_fen);
    if (rc == 0 && amount != f.c.decided_amount_fen)
        rc = zf_api_case_bad(&err, "amount_fen", "应缴金额须与决定书罚款数额一致");
    const char *due = zf_body_str(body, "due_on");
    zf_day_t dd;
    if (rc == 0 && due && zf_day_parse(due, &dd) != 0)
        rc = zf_api_case_bad(&err, "due_on", "缴款期限应为 YYYY-MM-DD");
    if (rc == 0 && !due) {
        /* 第67条第3款: 15 days from receiving the decision */
        zf_day_t from;
        zf_day_parse(f.c.served_on[0] ? f.c.served_on : issued, &from);
        zf_dl_result_t r;
        rc = zf_dl_compute(&cfg.cal, &cfg.dl, "payment", from, &r, &err);
        char *d = zf_arena_alloc(req->arena, 11);
        if (rc == 0) zf_day_format(r.due, d);
        due = d;
    }
    if (rc == 0) rc = zf_db_begin(db, &err);
    zf_case_payment_t p = {.case_id = f.c.id,
                           .kind = "notice",
                           .amount_fen = amount,
                           .issued_on = issued,
                           .due_on = due,
                           .entered_by = zf_api_actor(req)->user_id};
    if (rc == 0) rc = zf_case_payment_add(db, &p, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_case_finish(req, resp, &f, "case.payment_notice", NULL,
                       json_pack("{s:I, s:I, s:s, s:s}", "payment_id", (json_int_t)p.id,
                                 "amount_fen", (json_int_t)amount, "issued_on", issued, "due_on",
                                 due),
                       201);
}

void zf_api_case_payment_add(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"amount_fen", ZF_FIELD_INT, 1, "缴纳金额（分）", 0, 0},
        {"paid_on", ZF_FIELD_STRING, 1, "缴纳日期", 10, 10},
        {"reference", ZF_FIELD_STRING, 1, "银行流水号", 64, 1},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_case_full_t f;
    zf_case_cfg_t cfg;
    if (zf_api_case_pay_begin(req, resp, body, "case.payment", &f, &cfg) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    const zf_actor_t *actor = zf_api_actor(req);
    int rc = zf_api_case_pay_not_officer(&f, actor->user_id, &err);
    const char *paid = NULL;
    if (rc == 0) rc = zf_api_case_date(body, "paid_on", "缴纳日期", &cfg, &paid, &err);
    int64_t amount = zf_body_int(body, "amount_fen", 0);
    if (rc == 0 && amount <= 0) rc = zf_api_case_bad(&err, "amount_fen", "缴纳金额应大于零");
    if (rc == 0) rc = zf_db_begin(db, &err);
    zf_case_payment_t p = {.case_id = f.c.id,
                           .kind = "bank",
                           .amount_fen = amount,
                           .paid_on = paid,
                           .reference = zf_body_str(body, "reference"),
                           .source = "manual",
                           .entered_by = actor->user_id};
    if (rc == 0) rc = zf_case_payment_add(db, &p, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_case_finish(req, resp, &f, "case.payment", NULL,
                       json_pack("{s:I, s:I, s:s, s:s, s:s}", "payment_id", (json_int_t)p.id,
                                 "amount_fen", (json_int_t)amount, "paid_on", paid, "reference",
                                 p.reference, "source", "manual"),
                       201);
}

/* 第66条: 当事人确有经济困难，经申请和批准，可以暂缓或者分期缴纳 */
void zf_api_case_payment_plan(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"kind", ZF_FIELD_STRING, 1, "类型", 20, 1},
        {"due_on", ZF_FIELD_STRING, 1, "批准的缴纳期限", 10, 10},
        {"note", ZF_FIELD_STRING, 1, "批准内容（分期安排、理由）", 2000, 1},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_case_full_t f;
    zf_case_cfg_t cfg;
    if (zf_api_case_pay_begin(req, resp, body, "case.payment", &f, &cfg) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    const zf_actor_t *actor = zf_api_actor(req);
    const char *kind = zf_body_str(body, "kind"), *due = zf_body_str(body, "due_on");
    int rc = 0;
    zf_day_t d;
    /* 分期 has its own object with a schedule (case_instalments.c) */
    if (strcmp(kind, "instalment") == 0)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "payment.use_instalment_plan", "kind",
                          "分期缴纳请登记当事人的分期缴纳申请（各期金额和期限），再由负责人批准");
    else if (strcmp(kind, "deferral"))
        rc = zf_api_case_bad(&err, "kind", "类型应为 deferral（暂缓）");
    if (rc == 0 && zf_day_parse(due, &d) != 0)
        rc = zf_api_case_bad(&err, "due_on", "缴纳期限应为 YYYY-MM-DD");
    if (rc == 0) rc = zf_api_case_pay_approver(actor, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    zf_case_payment_t p = {.case_id = f.c.id,
                           .kind = kind,
                           .issued_on = cfg.today,
                           .due_on = due,
                           .note = zf_body_str(body, "note"),
                           .entered_by = actor->user_id};
    if (rc == 0) rc = zf_case_payment_add(db, &p, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_case_finish(req, resp, &f, "case.payment_plan", NULL,
                       json_pack("{s:I, s:s, s:s, s:s}", "payment_id", (json_int_t)p.id, "kind",
                                 kind, "due_on", due, "note", p.note),
                       201);
}
