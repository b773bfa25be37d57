/* case_flow.c — the procedure on stored cases (issue 8, part C):
 * transitions through core/case.c (every unmet precondition at once, 422),
 * case numbers from the gap-free series on 立案 and 当场处罚, the frozen
 * decision with its statement of remedies, corrections, legal review and
 * collective discussion records, and the list of deadlines due.
 *
 * Permissions: the route checks case.transition by role; the handler checks
 * the case's unit (zf_perm_check), case.file for 立案, case.decide for the
 * decisions, and the procedure table checks the role of each event. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/case_api.h"
#include "api/publications.h"
#include "store/series.h"

/* The number in the bureau's format: {year} and {n} replaced. */
const char *zf_api_case_number(zf_arena_t *a, const char *fmt, int64_t year, int64_t n) {
    char out[256];
    size_t o = 0;
    for (const char *p = fmt; *p && o < sizeof out - 24;) {
        if (strncmp(p, "{year}", 6) == 0) {
            o += (size_t)snprintf(out + o, sizeof out - o, "%lld", (long long)year);
            p += 6;
        } else if (strncmp(p, "{n}", 3) == 0) {
            o += (size_t)snprintf(out + o, sizeof out - o, "%lld", (long long)n);
            p += 3;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = 0;
    return zf_arena_strdup(a, out);
}

/* The statement of remedies printed on a decision (LAW.md §7):
 * 行政复议法（2023）第20条 60 days, 第24条第1款第1项 the people's government at
 * the same level for a county-level department (since 2024-01-01, no longer
 * the higher bureau); 第23条第1款第1项 on-the-spot decisions: review first;
 * 行政诉讼法 第46条 6 months, 第45条 15 days after the review decision. */
static json_t *remedies(zf_db_t *db, zf_arena_t *a, const zf_case_row_t *c) {
    zf_error_t err = {0};
    const char *gov = "本级人民政府";
    const char *bp = zf_unit_bureau_path(db, a, c->unit_path, &err);
    zf_unit_t *us;
    size_t n;
    if (bp && zf_units_list(db, a, bp, &us, &n, &err) == 0)
        for (size_t i = 0; i < n; i++)
            if (strcmp(us[i].path, bp) == 0) {
                const char *name = us[i].name;
                const char *suffix = "应急管理局";
                size_t ln = strlen(name), ls = strlen(suffix);
                if (ln > ls && strcmp(name + ln - ls, suffix) == 0)
                    gov = zf_arena_printf(a, "%.*s人民政府", (int)(ln - ls), name);
            }
    if (c->simple)
        return json_pack(
            "{s:s, s:s, s:i, s:b, s:i, s:s, s:s}", "review_body", gov, "text",
            zf_arena_printf(a,
                            "如不服本决定，应当自收到本决定书之日起六十日内向%s申请行政复议"
                            "（当场作出的行政处罚决定，须先申请行政复议）；对行政复议决定不服的，"
                            "可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼。",
                            gov),
            "review_days", 60, "review_first", 1, "litigation_after_review_days", 15, "articles",
            "行政复议法（2023）第20条、第23条第1款第1项、第24条第1款第1项；行政诉讼法 第45条",
            "note", "复议前置：当场处罚决定不得直接起诉");
    return json_pack(
        "{s:s, s:s, s:i, s:b, s:i, s:s}", "review_body", gov, "text",
        zf_arena_printf(a,
                        "如不服本决定，可以自收到本决定书之日起六十日内向%s申请行政复议，"
                        "也可以自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。"
                        "复议、诉讼期间，本决定不停止执行。",
                        gov),
        "review_days", 60, "review_first", 0, "litigation_months", 6, "articles",
        "行政复议法（2023）第20条、第24条第1款第1项；行政诉讼法 第46条；行政处罚法 第73条");
}

/* The decision as issued: text, parties, violations, amounts, remedies. */
static json_t *decision_body(zf_db_t *db, zf_arena_t *a, const zf_case_full_t *f,
                             const char *text) {
    json_t *parties = json_array(), *vs = json_array();
    for (size_t i = 0; i < f->nparties; i++) {
        const zf_case_party_t *p = &f->parties[i];
        json_array_append_new(parties,
                              json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "kind", p->kind, "name",
                                        p->name, "id_code", p->id_code, "legal_rep", p->legal_rep,
                                        "address", p->address, "is_principal", p->is_principal));
    }
    for (size_t i = 0; i < f->nviolations; i++) {
        const zf_case_violation_row_t *v = &f->violations[i];
        json_t *d = json_loads(v->discretion, 0, NULL);
        json_t *item = d ? json_object_get(d, "item") : NULL;
        json_array_append_new(
            vs,
            json_pack("{s:s, s:I, s:s, s:s, s:I, s:s}", "item_code", v->item_code, "item_version",
                      (json_int_t)v->item_version, "title",
                      item ? json_string_value(json_object_get(item, "title")) ?: "" : "",
                      "penalty_basis",
                      item ? json_string_value(json_object_get(item, "penalty_basis")) ?: "" : "",
                      "amount_fen", (json_int_t)v->amount_fen, "violation_date", v->violation_on));
        json_decref(d);
    }
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:I, s:s, s:o}", "number",
                     f->c.number ? f->c.number : "", "decided_on", f->c.decided_on, "text",
                     text ? text : "", "parties", parties, "violations", vs, "total_fen",
                     (json_int_t)f->c.decided_amount_fen, "facts", f->c.facts, "remedies",
                     remedies(db, a, &f->c));
}

int zf_api_case_freeze(zf_db_t *db, zf_arena_t *a, const zf_case_full_t *f, const char *text,
                       int64_t corrects, const char *reason, int64_t actor, zf_case_decision_t *d,
                       zf_error_t *err) {
    json_t *b = decision_body(db, a, f, text);
    char *s = json_dumps(b, JSON_COMPACT);
    json_decref(b);
    *d = (zf_case_decision_t){.case_id = f->c.id,
                              .number = f->c.number,
                              .decided_on = f->c.decided_on,
                              .body = zf_arena_strdup(a, s ? s : "{}"),
                              .corrects_decision_id = corrects,
                              .reason = reason,
                              .created_by = actor};
    free(s);
    return zf_case_decision_add(db, d, err);
}

static json_t *findings_json(const zf_case_finding_t *fs, size_t n, int blocking_only) {
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        if (!blocking_only || fs[i].blocking)
            json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:b}", "code", fs[i].code,
                                                 "message", fs[i].message, "article", fs[i].article,
                                                 "blocking", fs[i].blocking));
    return arr;
}

void zf_api_case_transition(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"event", ZF_FIELD_STRING, 1, "操作", 32, 1},
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"filed_on", ZF_FIELD_STRING, 0, "立案日期", 10, 10},
        {"notified_on", ZF_FIELD_STRING, 0, "告知日期", 10, 10},
        {"hearing_requested_on", ZF_FIELD_STRING, 0, "申请听证日期", 10, 10},
        {"hearing_held_on", ZF_FIELD_STRING, 0, "举行听证日期", 10, 10},
        {"hearing_notice_on", ZF_FIELD_STRING, 0, "听证通知书送达日期", 10, 10},
        {"decided_on", ZF_FIELD_STRING, 0, "决定日期", 10, 10},
        {"served_on", ZF_FIELD_STRING, 0, "送达日期", 10, 10},
        {"service_method", ZF_FIELD_STRING, 0, "送达方式", 20, 1},
        {"hearing_waived", ZF_FIELD_BOOL, 0, "放弃听证", 0, 0},
        {"hearing_withdrawn", ZF_FIELD_BOOL, 0, "撤回听证申请", 0, 0},
        {"statements_heard", ZF_FIELD_BOOL, 0, "已听取陈述申辩", 0, 0},
        {"notice_waived", ZF_FIELD_BOOL, 0, "依法不需告知", 0, 0},
        {"filing_record_done", ZF_FIELD_BOOL, 0, "当场处罚已备案", 0, 0},
        {"old_violation_reason", ZF_FIELD_STRING, 0, "未超过追诉时效的理由", 2000, 0},
        {"withdraw_reason", ZF_FIELD_STRING, 0, "撤销立案理由", 2000, 0},
        {"no_penalty_reason", ZF_FIELD_STRING, 0, "不予处罚理由", 2000, 0},
        {"enforcement", ZF_FIELD_STRING, 0, "强制执行措施", 500, 0},
        {"enforcement_on", ZF_FIELD_STRING, 0, "强制执行措施日期", 10, 10},
        {"criminal_decision", ZF_FIELD_STRING, 0, "是否移送的决定", 500, 0},
        {"decision_text", ZF_FIELD_STRING, 0, "决定书正文", 20000, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_case_full_t f;
    if (zf_api_case_fetch(req, resp, "case.transition", &f) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    const zf_actor_t *actor = zf_api_actor(req);
    zf_error_t err = {0};
    const char *event = zf_body_str(body, "event");
    int rc = 0;
    if (strcmp(event, "file") == 0)
        rc = zf_perm_check(actor, "case.file", f.c.unit_path, &err);
    else if (!strcmp(event, "decide") || !strcmp(event, "decide_on_spot") ||
             !strcmp(event, "no_penalty"))
        rc = zf_perm_check(actor, "case.decide", f.c.unit_path, &err);
    if (rc == 0 && zf_body_int(body, "version", -1) != f.c.version)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "conflict.version", "version",
                          "案件已被他人修改，请刷新后重试");
    zf_case_cfg_t cfg;
    if (rc == 0) rc = zf_case_cfg_load(db, a, &cfg, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *before = zf_api_case_row_json(&f.c);
    zf_case_row_t *c = &f.c;
    const char *from_state = c->state;
    /* the event's fields, with the event's own date today unless given */
    static const struct {
        const char *field, *label;
    } dates[] = {{"filed_on", "立案日期"},
                 {"notified_on", "告知日期"},
                 {"hearing_requested_on", "申请听证日期"},
                 {"hearing_held_on", "举行听证日期"},
                 {"decided_on", "决定日期"},
                 {"served_on", "送达日期"},
                 {"enforcement_on", "强制执行措施日期"},
                 {"hearing_notice_on", "听证通知书送达日期"}};
    const char *dv[8];
    for (size_t i = 0; rc == 0 && i < 8; i++)
        rc = zf_api_case_date(body, dates[i].field, dates[i].label, &cfg, &dv[i], &err);
    if (rc) {
        json_decref(before);
        zf_api_fail(req, resp, &err);
        return;
    }
    if (dv[0]) c->filed_on = dv[0];
    if (dv[1]) c->notified_on = dv[1];
    if (dv[2]) c->hearing_requested_on = dv[2];
    if (dv[3]) c->hearing_held_on = dv[3];
    if (dv[4]) c->decided_on = dv[4];
    if (dv[5]) c->served_on = dv[5];
    if (dv[6]) c->enforcement_on = dv[6];
    if (dv[7]) c->hearing_notice_on = dv[7];
    int64_t total = zf_api_case_total(&f);
    if (!strcmp(event, "file") && !dv[0]) c->filed_on = cfg.today;
    if (!strcmp(event, "serve") && !dv[5]) c->served_on = cfg.today;
    if (!strcmp(event, "notify")) {
        if (!dv[1]) c->notified_on = cfg.today;
        c->notified_amount_fen = total;
    }
    if (!strcmp(event, "decide") || !strcmp(event, "decide_on_spot") ||
        !strcmp(event, "no_penalty")) {
        if (!dv[4]) c->decided_on = cfg.today;
        c->decided_amount_fen = strcmp(event, "no_penalty") ? total : 0;
    }
    if (!strcmp(event, "decide_on_spot")) {
        /* 第52条: the decision is handed over on the spot */
        c->served_on = c->decided_on;
        c->service_method = "on_spot";
    }
    if (zf_body_str(body, "service_method"))
        c->service_method = zf_body_str(body, "service_method");
    c->hearing_waived = zf_body_bool(body, "hearing_waived", c->hearing_waived);
    c->hearing_withdrawn = zf_body_bool(body, "hearing_withdrawn", c->hearing_withdrawn);
    c->statements_heard = zf_body_bool(body, "statements_heard", c->statements_heard);
    c->notice_waived = zf_body_bool(body, "notice_waived", c->notice_waived);
    c->filing_record_done = zf_body_bool(body, "filing_record_done", c->filing_record_done);
#define T(k)                                                                                       \
    if (zf_body_str(body, #k)) c->k = zf_body_str(body, #k)
    T(old_violation_reason);
    T(withdraw_reason);
    T(no_penalty_reason);
    T(enforcement);
    T(criminal_decision);
#undef T
    /* 行政处罚法 第57条第1款第2项: 不予处罚 with its reason */
    if (!strcmp(event, "no_penalty") && !*c->no_penalty_reason)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "no_penalty_reason",
                          "不予行政处罚须写明理由（行政处罚法 第57条第1款第2项）");
    if (!strcmp(event, "execute") && zf_body_str(body, "enforcement") && !c->enforcement_on[0])
        c->enforcement_on = cfg.today;
    zf_case_t pc;
    if (rc == 0) rc = zf_api_case_build(db, a, &f, &cfg, &pc, &err);
    if (rc) {
        json_decref(before);
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_case_ctx_t ctx = {actor->user_id, actor->role, cfg.today_d, &cfg.cal,
                         &cfg.dl,        &cfg.orules, &cfg.params};
    zf_case_finding_t fs[32];
    size_t nf = 0;
    int rcheck = zf_case_check(&pc, event, &ctx, fs, 32, &nf);
    if (rcheck == ZF_EINVAL) {
        json_decref(before);
        zf_case_state_t st = pc.state;
        zf_error_set(&err, ZF_ECONFLICT, 409, "case.wrong_state", "event",
                     "案件当前为“%s”，不能执行“%s”", zf_case_state_name(st), event);
        zf_api_fail(req, resp, &err);
        return;
    }
    if (rcheck != 0) {
        json_decref(before);
        json_t *e =
            json_pack("{s:{s:s, s:s, s:s, s:o}}", "error", "code", "case.transition_refused",
                      "message", zf_arena_printf(a, "不能执行该操作：%s", nf ? fs[0].message : ""),
                      "field", "event", "findings", findings_json(fs, nf, 0));
        zf_resp_json(req, resp, 422, e);
        return;
    }
    int to = zf_case_apply(&pc, event, &ctx, fs, 32, &nf);
    c->state = zf_case_state_code((zf_case_state_t)to);
    rc = zf_db_begin(db, &err);
    /* 立案 / 当场处罚: the next number of the year's series, in this
     * transaction (a rollback gives it back: gap-free) */
    if (rc == 0 && (!strcmp(event, "file") || !strcmp(event, "decide_on_spot")) && !c->seq) {
        zf_day_t d;
        zf_day_parse(strcmp(event, "file") ? c->decided_on : c->filed_on, &d);
        int64_t year = zf_day_year(d);
        int64_t n =
            zf_store_next_number(db, zf_arena_printf(a, "case:%lld", (long long)year), &err);
        if (n < 0)
            rc = (int)n;
        else {
            c->seq = n;
            c->number = zf_api_case_number(a, cfg.number_format, year, n);
        }
    }
    if (rc == 0 && !strcmp(event, "close")) c->closed_on = cfg.today;
    /* the decision is frozen as issued (parties, violations, amounts) */
    zf_case_decision_t dec = {0};
    if (rc == 0 && (!strcmp(event, "decide") || !strcmp(event, "decide_on_spot") ||
                    !strcmp(event, "no_penalty"))) {
        const char *text = zf_body_str(body, "decision_text");
        if (!text)
            text = strcmp(event, "no_penalty")
                       ? zf_arena_printf(a, "决定给予罚款 %s 的行政处罚。", zf_disc_yuan(a, total))
                       : zf_arena_printf(a, "决定不予行政处罚。理由：%s", c->no_penalty_reason);
        rc = zf_api_case_freeze(db, a, &f, text, 0, "", actor->user_id, &dec, &err);
        /* 事后公开: a penalty decision is published within 7 working days
         * (安全生产法 第78条第2款); 不予处罚 is not a penalty decision */
        if (rc == 0 && strcmp(event, "no_penalty") != 0)
            rc = zf_api_publication_on_decided(db, a, actor->user_id, &f, &dec, &cfg, &err);
        /* 安全生产法 第78条第1款, 11号令: the bad record, and a proposal when due */
        if (rc == 0 && strcmp(event, "no_penalty") != 0)
            rc = zf_api_case_credit_outcome(db, a, actor->user_id, &f, &dec,
                                            zf_api_bureau_name(db, a), &err);
    }
    /* served: its publication goes public now */
    if (rc == 0 && !strcmp(event, "serve"))
        rc = zf_api_publication_on_served(db, a, actor->user_id, &f, &err);
    if (rc) {
        json_decref(before);
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = json_pack("{s:s, s:s, s:s, s:o}", "event", event, "from", from_state, "to",
                              c->state, "warnings", findings_json(fs, nf, 0));
    json_t *row = zf_api_case_row_json(c);
    json_object_update(after, row);
    json_decref(row);
    json_object_set_new(after, "event", json_string(event));
    if (dec.id) json_object_set_new(after, "decision_id", json_integer(dec.id));
    zf_api_case_finish(req, resp, &f, zf_arena_printf(a, "case.%s", event), before, after, 200);
}

/* ---- legal review and collective discussion (第57、58条) ---- */

void zf_api_case_review_add(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"kind", ZF_FIELD_STRING, 1, "类型", 30, 1},
        {"opinion", ZF_FIELD_STRING, 1, "意见", 10, 1},
        {"reasons", ZF_FIELD_STRING, 0, "理由", 5000, 0},
        {"participants", ZF_FIELD_STRING, 0, "参加人员", 1000, 0},
        {"reviewed_on", ZF_FIELD_STRING, 0, "日期", 10, 10},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_case_full_t f;
    if (zf_api_case_fetch(req, resp, "case.review", &f) != 0) return;
    zf_db_t *db = zf_api_db(req);
    const zf_actor_t *actor = zf_api_actor(req);
    zf_error_t err = {0};
    zf_case_cfg_t cfg;
    int rc = zf_case_cfg_load(db, req->arena, &cfg, &err);
    const char *kind = zf_body_str(body, "kind"), *opinion = zf_body_str(body, "opinion");
    const char *reasons = zf_body_str(body, "reasons") ? zf_body_str(body, "reasons") : "";
    const char *participants =
        zf_body_str(body, "participants") ? zf_body_str(body, "participants") : "";
    int legal = strcmp(kind, "legal_review") == 0;
    if (rc == 0 && zf_body_int(body, "version", -1) != f.c.version)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "conflict.version", "version",
                          "案件已被他人修改，请刷新后重试");
    if (rc == 0 && !legal && strcmp(kind, "collective_discussion"))
        rc = zf_api_case_bad(
            &err, "kind", "类型应为 legal_review（法制审核）或 collective_discussion（集体讨论）");
    if (rc == 0 && strcmp(opinion, "agree") && strcmp(opinion, "change") &&
        strcmp(opinion, "return"))
        rc = zf_api_case_bad(&err, "opinion",
                             "意见应为 agree（同意）、change（建议修改）或 "
                             "return（退回）");
    if (rc == 0 && strcmp(opinion, "agree") && !*reasons)
        rc = zf_api_case_bad(&err, "reasons", "建议修改或退回须写明理由");
    if (rc == 0 && legal) {
        /* 第58条: by a legal reviewer who is not one of the case's officers */
        if (strcmp(actor->role, "legal_reviewer"))
            rc = zf_error_set(&err, ZF_EPERM, 403, "case.reviewer_role", "kind",
                              "法制审核由法制审核人员进行（行政处罚法 第58条）");
        for (size_t i = 0; rc == 0 && i < f.nofficers; i++)
            if (f.officers[i].user_id == actor->user_id)
                rc = zf_error_set(&err, ZF_EPERM, 403, "case.reviewer_is_officer", NULL,
                                  "法制审核人员不得是本案执法人员（行政处罚法 第58条）");
        if (rc == 0 && strcmp(f.c.state, "legal_review"))
            rc = zf_error_set(&err, ZF_ECONFLICT, 409, "case.wrong_state", "state",
                              "案件未提交法制审核");
        /* 第58条第2款: 初次从事法制审核 needs the 法律职业资格 */
        if (rc == 0) rc = zf_api_reviewer_check(db, req->arena, actor->user_id, &err);
    } else if (rc == 0) {
        /* 第57条第2款: the agency's heads discuss collectively */
        if (strcmp(actor->role, "section_head") && strcmp(actor->role, "bureau_leader"))
            rc = zf_error_set(&err, ZF_EPERM, 403, "case.reviewer_role", "kind",
                              "集体讨论记录由机关负责人登记（行政处罚法 第57条第2款）");
        if (rc == 0 && !*participants)
            rc = zf_api_case_bad(&err, "participants", "请填写参加集体讨论的人员");
        if (rc == 0 && strcmp(f.c.state, "collective_discussion"))
            rc = zf_error_set(&err, ZF_ECONFLICT, 409, "case.wrong_state", "state",
                              "案件未提交集体讨论");
    }
    const char *on = NULL;
    if (rc == 0) rc = zf_api_case_date(body, "reviewed_on", "日期", &cfg, &on, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    zf_case_review_t r = {.case_id = f.c.id,
                          .kind = kind,
                          .reviewer_id = actor->user_id,
                          .participants = participants,
                          .opinion = opinion,
                          .reasons = reasons,
                          .reviewed_on = on ? on : cfg.today};
    if (rc == 0) rc = zf_case_review_add(db, &r, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_case_finish(req, resp, &f, "case.review_record", NULL,
                       json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "review_id", (json_int_t)r.id,
                                 "kind", kind, "opinion", opinion, "reasons", reasons,
                                 "participants", participants, "reviewed_on", r.reviewed_on),
                       201);
}

/* ---- a correction is a new decision naming the old one ---- */

void zf_api_case_decision_correct(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"text", ZF_FIELD_STRING, 1, "更正后的决定书正文", 20000, 1},
        {"reason", ZF_FIELD_STRING, 1, "更正理由", 2000, 1},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_case_full_t f;
    if (zf_api_case_fetch(req, resp, "case.decide", &f) != 0) return;
    int64_t did = zf_api_id_param(req, resp, "decision_id");
    if (!did) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    int rc = 0;
    if (zf_body_int(body, "version", -1) != f.c.version)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "conflict.version", "version",
                          "案件已被他人修改，请刷新后重试");
    const zf_case_decision_t *old = NULL;
    for (size_t i = 0; i < f.ndecisions; i++)
        if (f.decisions[i].id == did) old = &f.decisions[i];
    if (rc == 0 && !old)
        rc = zf_error_set(&err, ZF_ENOTFOUND, 404, "case.decision_not_found", NULL,
                          "该案件没有此决定书");
    for (size_t i = 0; rc == 0 && i < f.ndecisions; i++)
        if (f.decisions[i].corrects_decision_id == did)
            rc = zf_error_set(&err, ZF_ECONFLICT, 409, "case.decision_superseded", NULL,
                              "该决定书已被更正，请更正最新的决定书");
    if (rc == 0) rc = zf_db_begin(db, &err);
    zf_case_decision_t d = {0};
    if (rc == 0) {
        json_t *b = json_loads(old->body, 0, NULL);
        if (!b) b = json_object();
        json_object_set_new(b, "text", json_string(zf_body_str(body, "text")));
        json_object_set_new(b, "corrects", json_integer(did));
        char *s = json_dumps(b, JSON_COMPACT);
        json_decref(b);
        d = (zf_case_decision_t){.case_id = f.c.id,
                                 .number = old->number,
                                 .decided_on = old->decided_on,
                                 .body = zf_arena_strdup(req->arena, s ? s : "{}"),
                                 .corrects_decision_id = did,
                                 .reason = zf_body_str(body, "reason"),
                                 .created_by = zf_api_actor(req)->user_id};
        free(s);
        rc = zf_case_decision_add(db, &d, &err);
    }
    /* 行政处罚法 第48条第2款: the corrected decision's publication is
     * withdrawn, the correction published */
    zf_case_cfg_t cfg;
    if (rc == 0) rc = zf_case_cfg_load(db, req->arena, &cfg, &err);
    if (rc == 0)
        rc = zf_api_publication_on_decided(db, req->arena, zf_api_actor(req)->user_id, &f, &d, &cfg,
                                           &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_case_finish(req, resp, &f, "case.decision_correct", NULL,
                       json_pack("{s:I, s:I, s:s, s:s}", "decision_id", (json_int_t)d.id,
                                 "corrects_decision_id", (json_int_t)did, "reason",
                                 zf_body_str(body, "reason"), "text", zf_body_str(body, "text")),
                       201);
}

/* ---- deadlines due, per unit and officer ---- */

void zf_api_case_deadlines(zf_req_t *req, zf_resp_t *resp) {
    const zf_actor_t *actor = zf_api_actor(req);
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    zf_error_t err = {0};
    const char *v;
    int64_t unit_id = (v = zf_req_query(req, "unit_id")) ? atoll(v) : 0;
    int64_t officer_id = (v = zf_req_query(req, "officer_id")) ? atoll(v) : 0;
    int64_t within = (v = zf_req_query(req, "within")) ? atoll(v) : 7;
    int limit = (v = zf_req_query(req, "limit")) ? atoi(v) : 500;
    int rc = 0;
    if (within < 0 || within > 3650) rc = zf_api_case_bad(&err, "within", "天数应为 0–3650");
    if (rc == 0 && (limit < 1 || limit > 2000))
        rc = zf_api_case_bad(&err, "limit", "条数应为 1–2000");
    const char *scope = actor->scope_path;
    zf_unit_t u;
    if (rc == 0 && unit_id) {
        rc = zf_unit_get(db, a, unit_id, &u, &err);
        if (rc == 0) rc = zf_perm_check(actor, "case.read", u.path, &err);
        if (rc == 0) scope = u.path;
    }
    char today[11], until[11];
    zf_api_today(today);
    zf_day_t t;
    zf_day_parse(today, &t);
    zf_day_format(t + (zf_day_t)within, until);
    zf_case_row_t *rows = NULL;
    size_t n = 0;
    if (rc == 0) rc = zf_cases_due(db, a, scope, 0, officer_id, until, limit, &rows, &n, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array(), *by_unit = json_object(), *by_officer = json_object();
    int64_t overdue = 0;
    for (size_t i = 0; i < n; i++) {
        zf_day_t d;
        zf_day_parse(rows[i].next_due, &d);
        int late = d < t;
        overdue += late;
        json_t *j = json_pack(
            "{s:I, s:o, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:I, s:b}", "id", (json_int_t)rows[i].id,
            "number", *rows[i].number ? json_string(rows[i].number) : json_null(), "state",
            rows[i].state, "party_name", rows[i].party_name, "unit_id", (json_int_t)rows[i].unit_id,
            "unit_name", rows[i].unit_name, "title", rows[i].title, "due", rows[i].next_due, "rule",
            rows[i].next_due_rule, "days_left", (json_int_t)(d - t), "overdue", late);
        zf_case_full_t f;
        json_t *offs = json_array();
        if (zf_case_load(db, a, rows[i].id, &f, &err) == 0)
            for (size_t k = 0; k < f.nofficers; k++) {
                json_array_append_new(offs,
                                      json_pack("{s:I, s:s, s:s}", "officer_id",
                                                (json_int_t)f.officers[k].officer_id, "name",
                                                f.officers[k].name, "role", f.officers[k].role));
                const char *key = f.officers[k].name;
                json_t *o = json_object_get(by_officer, key);
                if (!o) {
                    o = json_pack("{s:I, s:s, s:i, s:i}", "officer_id",
                                  (json_int_t)f.officers[k].officer_id, "name", key, "due", 0,
                                  "overdue", 0);
                    json_object_set_new(by_officer, key, o);
                }
                json_object_set_new(
                    o, "due", json_integer(json_integer_value(json_object_get(o, "due")) + 1));
                json_object_set_new(
                    o, "overdue",
                    json_integer(json_integer_value(json_object_get(o, "overdue")) + late));
            }
        json_object_set_new(j, "officers", offs);
        json_t *uo = json_object_get(by_unit, rows[i].unit_name);
        if (!uo) {
            uo = json_pack("{s:I, s:s, s:i, s:i}", "unit_id", (json_int_t)rows[i].unit_id, "name",
                           rows[i].unit_name, "due", 0, "overdue", 0);
            json_object_set_new(by_unit, rows[i].unit_name, uo);
        }
        json_object_set_new(uo, "due",
                            json_integer(json_integer_value(json_object_get(uo, "due")) + 1));
        json_object_set_new(
            uo, "overdue", json_integer(json_integer_value(json_object_get(uo, "overdue")) + late));
        json_array_append_new(items, j);
    }
    json_t *bu = json_array(), *bo = json_array();
    const char *key;
    json_t *val;
    json_object_foreach(by_unit, key, val) json_array_append(bu, val);
    json_object_foreach(by_officer, key, val) json_array_append(bo, val);
    json_decref(by_unit);
    json_decref(by_officer);
    zf_resp_json(req, resp, 200,
                 json_pack("{s:s, s:s, s:I, s:I, s:b, s:o, s:o, s:o}", "today", today, "until",
                           until, "count", (json_int_t)n, "overdue", (json_int_t)overdue,
                           "truncated", n == (size_t)limit, "items", items, "by_unit", bu,
                           "by_officer", bo));
}
