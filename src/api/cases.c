/* cases.c — administrative penalty cases as stored records (issue 8, part
 * C): create, list (keyset), detail (with the next deadline and, for every
 * transition leaving the state, what is missing), edit with optimistic
 * locking, parties, violations (amount via the discretion engine) and
 * officers, the timeline. Transitions, reviews and decisions are
 * case_flow.c; payments case_pay.c. The procedure is core/case.c.
 *
 * Permissions (core/perm.c): case.read everyone in scope (the city
 * supervisor reads, never writes); case.write officers, section heads,
 * bureau leaders and township officers (their township by scope); every
 * check carries the case's unit path. Every change is one event on object
 * "case" in the full-process log, committed with it (R22); every edit
 * needs the case's version (409 conflict.version). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/case_api.h"
#include "store/enterprises.h"
#include "store/officers.h"

int zf_api_case_bad(zf_error_t *err, const char *field, const char *msg) {
    return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field, "%s", msg);
}

static int has(json_t *b, const char *k) {
    json_t *v = json_object_get(b, k);
    return v && !json_is_null(v);
}

int zf_api_case_date(json_t *body, const char *field, const char *label, const zf_case_cfg_t *cfg,
                     const char **out, zf_error_t *err) {
    *out = NULL;
    const char *s = zf_body_str(body, field);
    if (!s) return 0;
    zf_day_t d;
    if (zf_day_parse(s, &d) != 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field, "%s应为 YYYY-MM-DD",
                            label);
    if (d > cfg->today_d)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field, "%s不能晚于今天", label);
    *out = s;
    return 0;
}

/* ---- configuration in force today ---- */

static int64_t pint(const zf_legal_param_t *rows, size_t n, const char *key, int64_t dflt,
                    const char **source) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].key, key) == 0) {
            if (source) *source = rows[i].source;
            return atoll(rows[i].value);
        }
    return dflt;
}

int zf_case_cfg_load_fresh(zf_db_t *db, zf_arena_t *a, zf_case_cfg_t *cfg, zf_error_t *err) {
    memset(cfg, 0, sizeof *cfg);
    zf_api_today(cfg->today);
    zf_day_parse(cfg->today, &cfg->today_d);
    int rc = zf_calendar_load(db, a, "", &cfg->cal, err);
    if (rc == 0) rc = zf_api_deadline_config(db, a, cfg->today, &cfg->dl, NULL, err);
    if (rc == 0) rc = zf_officer_rules_load(db, cfg->today, &cfg->orules, err);
    zf_legal_param_t *rows = NULL;
    size_t n = 0;
    if (rc == 0) rc = zf_legal_params_at(db, a, cfg->today, &rows, &n, err);
    if (rc) return rc;
    /* 第51条 简易程序 thresholds, 第63条 较大数额 (catalogue seed, issue 3) */
    cfg->params = (zf_case_params_t)ZF_CASE_PARAMS_DEFAULT;
    cfg->params.simple_person_max_fen = pint(rows, n, "simple_procedure.person_max", 20000, NULL);
    cfg->params.simple_org_max_fen = pint(rows, n, "simple_procedure.unit_max", 300000, NULL);
    cfg->hearing_person_fen = pint(rows, n, "hearing.large_fine.person", 1000000, NULL);
    cfg->hearing_unit_fen = pint(rows, n, "hearing.large_fine.unit", 3000000, NULL);
    /* 第58条 / 第57条第2款 scope: migration 015 seeds LAW.md §8 defaults */
    const char *dflt = "默认值（LAW.md §8，未核实）";
    cfg->lr_person_src = cfg->lr_unit_src = cfg->col_person_src = cfg->col_unit_src = dflt;
    cfg->lr_person_fen =
        pint(rows, n, "case.legal_review.person_min", 2000000, &cfg->lr_person_src);
    cfg->lr_unit_fen = pint(rows, n, "case.legal_review.unit_min", 5000000, &cfg->lr_unit_src);
    cfg->col_person_fen =
        pint(rows, n, "case.collective.person_min", 2000000, &cfg->col_person_src);
    cfg->col_unit_fen = pint(rows, n, "case.collective.unit_min", 5000000, &cfg->col_unit_src);
    cfg->number_format = "（叶）应急罚〔{year}〕{n}号";
    cfg->lr_items = "";
    cfg->lr_items_src = "";
    /* 未核实 (migration 035): the late instalment's own amount by default */
    cfg->inst_base = ZF_INST_BASE_INSTALMENT;
    cfg->inst_base_src = "默认值：逾期当期金额（未核实）";
    cfg->noutcomes = 0;
    cfg->outcomes_src = "";
    for (size_t i = 0; i < n; i++) {
        if (strcmp(rows[i].key, "case.number.format") == 0) cfg->number_format = rows[i].value;
        if (strcmp(rows[i].key, "case.instalment.surcharge_base") == 0 &&
            zf_inst_base_parse(rows[i].value, &cfg->inst_base) == 0)
            cfg->inst_base_src = rows[i].source;
        /* 复议、诉讼结果: checked when dated (legal_params.c); a list that no
         * longer parses leaves none, so no outcome can be recorded */
        if (strcmp(rows[i].key, "remedy.outcomes") == 0) {
            zf_error_t perr = {0};
            if (zf_remedy_outcomes_parse(rows[i].value, cfg->outcomes, ZF_REMEDY_MAX_OUTCOMES,
                                         &cfg->noutcomes, &perr) != 0)
                cfg->noutcomes = 0;
            cfg->outcomes_src = rows[i].source;
        }
        if (strcmp(rows[i].key, "case.legal_review.items") == 0) {
            /* "无" keeps the key visible on the parameters page with no item */
            cfg->lr_items = strcmp(rows[i].value, "无") == 0 ? "" : rows[i].value;
            cfg->lr_items_src = rows[i].source;
        }
    }
    return 0;
}

/* ---- derived facts ---- */

int64_t zf_api_case_total(const zf_case_full_t *f) {
    int64_t t = 0;
    for (size_t i = 0; i < f->nviolations; i++)
        t += f->violations[i].amount_fen;
    return t;
}

int zf_api_case_is_person(const zf_case_full_t *f) {
    return f->nparties > 0 && strcmp(f->parties[0].kind, "person") == 0;
}

/* 行政处罚法 第58条第1款: (2) 直接关系当事人重大权益 — here the configured
 * fine amounts; (3) 案情疑难复杂 — the case's `complex` flag; a held hearing
 * is added by core/case.c (第58条第1款第2项). */
/* code is one of the space-separated words of list */
int zf_api_code_in_list(const char *list, const char *code) {
    size_t n = code ? strlen(code) : 0;
    for (const char *p = list; n && p && *p;) {
        while (*p == ' ')
            p++;
        size_t w = strcspn(p, " ");
        if (w == n && strncmp(p, code, n) == 0) return 1;
        p += w;
    }
    return 0;
}

int zf_api_case_needs_review(const zf_case_full_t *f, const zf_case_cfg_t *cfg, const char **why,
                             zf_arena_t *a) {
    int64_t t = zf_api_case_total(f);
    int person = zf_api_case_is_person(f);
    int64_t min = person ? cfg->lr_person_fen : cfg->lr_unit_fen;
    *why = "";
    if (f->c.complex) {
        *why = "案情疑难复杂（行政处罚法 第58条第1款第3项）";
        return 1;
    }
    if (f->c.hearing_held_on[0]) {
        *why = "经过听证程序（行政处罚法 第58条第1款第2项）";
        return 1;
    }
    /* 第58条第1款第4项 and the bureau's published 重大执法决定法制审核目录清单
     * (LAW.md §8 [二手]: the list itself is the bureau's, configuration) */
    for (size_t i = 0; i < f->nviolations; i++)
        if (zf_api_code_in_list(cfg->lr_items, f->violations[i].item_code)) {
            *why = zf_arena_printf(a, "事项 %s 列入本局重大执法决定法制审核目录（%s）",
                                   f->violations[i].item_code, cfg->lr_items_src);
            return 1;
        }
    if (min > 0 && t >= min) {
        *why = zf_arena_printf(a, "罚款 %s 达到本局法制审核数额（%s %s以上，%s）",
                               zf_disc_yuan(a, t), person ? "个人" : "单位", zf_disc_yuan(a, min),
                               person ? cfg->lr_person_src : cfg->lr_unit_src);
        return 1;
    }
    return 0;
}

/* 行政处罚法 第57条第2款: 情节复杂或者重大违法行为 — configured amounts and
 * the complex flag. */
int zf_api_case_needs_collective(const zf_case_full_t *f, const zf_case_cfg_t *cfg,
                                 const char **why, zf_arena_t *a) {
    int64_t t = zf_api_case_total(f);
    int person = zf_api_case_is_person(f);
    int64_t min = person ? cfg->col_person_fen : cfg->col_unit_fen;
    *why = "";
    if (f->c.complex) {
        *why = "情节复杂（行政处罚法 第57条第2款）";
        return 1;
    }
    if (min > 0 && t >= min) {
        *why = zf_arena_printf(a, "罚款 %s 属重大违法行为（%s %s以上，%s）", zf_disc_yuan(a, t),
                               person ? "个人" : "单位", zf_disc_yuan(a, min),
                               person ? cfg->col_person_src : cfg->col_unit_src);
        return 1;
    }
    return 0;
}

static const char *FROZEN[] = {"decided", "no_penalty", "served",   "executing",
                               "closed",  "archived",   "withdrawn"};

int zf_api_case_frozen(const zf_case_row_t *c, zf_error_t *err) {
    for (size_t i = 0; i < sizeof FROZEN / sizeof FROZEN[0]; i++)
        if (strcmp(c->state, FROZEN[i]) == 0)
            return zf_error_set(err, ZF_ECONFLICT, 409, "case.frozen", "state",
                                "案件已作出决定或已终结，当事人、违法行为和罚款数额不得再改；"
                                "如有错误请更正决定书");
    return 0;
}

static zf_day_t day_of(const char *s) {
    zf_day_t d;
    return s && *s && zf_day_parse(s, &d) == 0 ? d : ZF_DAY_NONE;
}

int zf_api_case_build(zf_db_t *db, zf_arena_t *a, const zf_case_full_t *f, const zf_case_cfg_t *cfg,
                      zf_case_t *out, zf_error_t *err) {
    memset(out, 0, sizeof *out);
    const zf_case_row_t *c = &f->c;
    zf_case_state_parse(c->state, &out->state);
    out->simple = c->simple;
    out->party_is_person = zf_api_case_is_person(f);
    /* the team: officer records with their onboarding (第42条 via core/officers) */
    zf_officer_facts_t *team = zf_arena_alloc(a, (f->nofficers ? f->nofficers : 1) * sizeof *team);
    for (size_t i = 0; i < f->nofficers; i++) {
        zf_officer_t o;
        int rc = zf_officer_get(db, a, f->officers[i].officer_id, &o, err);
        zf_training_t *t = NULL;
        size_t nt = 0;
        if (rc == 0) rc = zf_trainings_list(db, a, "/", o.id, &t, &nt, err);
        if (rc) return rc;
        zf_training_span_t *spans = zf_arena_alloc(a, (nt ? nt : 1) * sizeof *spans);
        size_t k = 0;
        for (size_t j = 0; j < nt; j++) {
            zf_day_t s = day_of(t[j].start_date), e = day_of(t[j].end_date);
            if (s == ZF_DAY_NONE || e == ZF_DAY_NONE) continue;
            spans[k++] =
                (zf_training_span_t){strcmp(t[j].kind, "onboarding") == 0, s, e, (int)t[j].days};
        }
        /* id: the account (the reviewer check compares users), else -record */
        team[i] = (zf_officer_facts_t){o.user_id ? o.user_id : -o.id,
                                       o.name,
                                       o.kind,
                                       o.status,
                                       o.cert_no,
                                       o.cert_issued_on,
                                       o.cert_expires_on,
                                       zf_onboarding_done_on(&cfg->orules, spans, k, NULL)};
    }
    out->team = team;
    out->nteam = f->nofficers;
    zf_case_violation_t *vs = zf_arena_alloc(a, (f->nviolations ? f->nviolations : 1) * sizeof *vs);
    for (size_t i = 0; i < f->nviolations; i++) {
        const zf_case_violation_row_t *v = &f->violations[i];
        vs[i] = (zf_case_violation_t){v->item_code,        v->delegable, day_of(v->violation_on),
                                      day_of(v->ended_on), v->harmed,    v->amount_fen,
                                      v->hearing_worthy};
    }
    out->violations = vs;
    out->nviolations = f->nviolations;
    out->old_violation_reason = c->old_violation_reason;
    out->withdraw_reason = c->withdraw_reason;
    out->filed_on = day_of(c->filed_on);
    out->notified_on = day_of(c->notified_on);
    out->hearing_requested_on = day_of(c->hearing_requested_on);
    out->hearing_held_on = day_of(c->hearing_held_on);
    out->hearing_notice_on = day_of(c->hearing_notice_on);
    out->decided_on = day_of(c->decided_on);
    out->served_on = day_of(c->served_on);
    out->hearing_waived = c->hearing_waived;
    out->hearing_withdrawn = c->hearing_withdrawn;
    out->statements_heard = c->statements_heard;
    out->notice_waived = c->notice_waived;
    out->notified_amount_fen = c->notified_amount_fen;
    out->decided_amount_fen = c->decided_amount_fen;
    out->service_method = c->service_method;
    const char *why;
    out->legal_review_required = zf_api_case_needs_review(f, cfg, &why, a);
    out->collective_required = zf_api_case_needs_collective(f, cfg, &why, a);
    for (size_t i = 0; i < f->nreviews; i++) {
        const zf_case_review_t *r = &f->reviews[i];
        if (strcmp(r->kind, "legal_review") == 0) {
            out->legal_review_done = 1;
            out->legal_review_opinion = r->opinion;
            out->legal_reviewer_id = r->reviewer_id;
        } else {
            out->collective_done = strcmp(r->opinion, "return") != 0;
        }
    }
    for (size_t i = 0; i < f->npayments; i++) {
        const zf_case_payment_t *p = &f->payments[i];
        if (strcmp(p->kind, "notice") == 0) out->payment_notice_issued = 1;
        if (strcmp(p->kind, "bank") == 0) {
            out->paid_fen += p->amount_fen;
            out->bank_confirmed = 1;
            zf_day_t d = day_of(p->paid_on);
            if (d != ZF_DAY_NONE && (out->paid_on == ZF_DAY_NONE || d > out->paid_on))
                out->paid_on = d;
        }
    }
    if (!out->bank_confirmed) out->paid_on = ZF_DAY_NONE;
    zf_case_pay_state_t ps;
    zf_api_case_pay_state(f, cfg, &ps);
    out->payment_due = ps.due;
    out->enforcement_recorded = c->enforcement[0] != 0;
    /* 安全生产法 第65条: the linked hazards re-inspected and verified (the
     * inspections' table), and nothing the officer marked as still open */
    int64_t open_hazards = zf_case_unverified_hazards(db, c->id, c->hazard_id, err);
    if (open_hazards < 0) return (int)open_hazards;
    out->hazards_all_verified = c->hazards_all_verified && open_hazards == 0;
    out->criminal_criteria_met = c->criminal_criteria_met;
    out->criminal_decision_recorded = c->criminal_decision[0] != 0;
    /* issue 11: the 移送评估 signal of the catalogue codes, and a criminal
     * transfer decided in the transfers table (api/transfer_steps.c) */
    int rt = zf_api_transfer_case_facts(db, a, f, cfg->today, &out->criminal_criteria_met,
                                        &out->criminal_decision_recorded, err);
    if (rt) return rt;
    out->filing_record_done = c->filing_record_done;
    out->extension_days = (int)c->extension_days;
    /* 复议/诉讼 (core/remedy.h): voided, held or pending, and why */
    zf_remedy_t rs[ZF_CASE_MAX_REMEDIES];
    int nr = zf_api_case_remedies(f, cfg, rs, ZF_CASE_MAX_REMEDIES);
    zf_enforce_t en;
    zf_error_t ee = {0};
    if (nr > 0 && zf_remedy_enforcement(&cfg->cal, &cfg->dl, out->served_on, c->simple, rs,
                                        (size_t)nr, &en, &ee) == 0) {
        out->remedy_voided = !strcmp(en.code, "remedy.voids_decision");
        out->remedy_held = !strcmp(en.code, "remedy.holds_execution");
        out->remedy_pending = en.status == ZF_ENFORCE_PENDING;
        out->remedy_note = zf_arena_strdup(a, en.basis);
    }
    return 0;
}

/* ---- payment state and the next deadline ---- */

/* The approved plan's allocation (core/instalment): payments in order of
 * their day, first to what was owed before the application. 0, or -1 when
 * the stored plan does not compute (the plain rules then apply). */
static int plan_state(const zf_case_full_t *f, const zf_case_cfg_t *cfg, zf_case_pay_state_t *out) {
    const zf_case_instalment_plan_t *pl = out->plan;
    zf_instalment_t s[ZF_INSTALMENTS_MAX];
    for (size_t i = 0; i < pl->nitems; i++) {
        s[i].amount_fen = pl->items[i].amount_fen;
        s[i].due = day_of(pl->items[i].due_on);
        if (s[i].due == ZF_DAY_NONE) return -1;
    }
    size_t np = 0;
    for (size_t i = 0; i < f->npayments; i++)
        np += strcmp(f->payments[i].kind, "bank") == 0;
    if (np > 256) return -1;
    zf_inst_payment_t p[256];
    np = 0;
    for (size_t i = 0; i < f->npayments; i++)
        if (strcmp(f->payments[i].kind, "bank") == 0)
            p[np++] =
                (zf_inst_payment_t){f->payments[i].amount_fen, day_of(f->payments[i].paid_on)};
    int64_t prior = out->fine_fen - pl->outstanding_fen;
    zf_error_t e = {0};
    if (zf_instalments_allocate(s, pl->nitems, p, np, prior > 0 ? prior : 0, out->fine_fen,
                                cfg->today_d, cfg->inst_base, out->inst, &out->inst_tot, &e) != 0)
        return -1;
    out->inst_next = out->inst_tot.next < pl->nitems ? out->inst_tot.next + 1 : 0;
    out->due = out->inst_next ? s[out->inst_next - 1].due : s[pl->nitems - 1].due;
    out->has_surcharge = out->inst_tot.surcharge_fen > 0;
    out->surcharge.surcharge_fen = out->inst_tot.surcharge_fen;
    out->surcharge.counted_days = out->inst_tot.late_days;
    out->surcharge.capped = out->inst_tot.capped;
    return 0;
}

void zf_api_case_pay_state(const zf_case_full_t *f, const zf_case_cfg_t *cfg,
                           zf_case_pay_state_t *out) {
    memset(out, 0, sizeof *out);
    out->fine_fen = f->c.decided_amount_fen;
    out->due = ZF_DAY_NONE;
    out->last_paid = ZF_DAY_NONE;
    zf_day_t notice_due = ZF_DAY_NONE, plan_due = ZF_DAY_NONE;
    for (size_t i = 0; i < f->npayments; i++) {
        const zf_case_payment_t *p = &f->payments[i];
        zf_day_t d;
        if (strcmp(p->kind, "bank") == 0) {
            out->paid_fen += p->amount_fen;
            d = day_of(p->paid_on);
            if (d != ZF_DAY_NONE && (out->last_paid == ZF_DAY_NONE || d > out->last_paid))
                out->last_paid = d;
        } else if (strcmp(p->kind, "notice") == 0) {
            out->notice = 1;
            if ((d = day_of(p->due_on)) != ZF_DAY_NONE) notice_due = d;
        } else if ((d = day_of(p->due_on)) != ZF_DAY_NONE) {
            plan_due = d; /* 第66条: the approved deferral / instalment's last day */
        }
    }
    if (out->fine_fen <= 0) return;
    /* the party's remedies: an outcome that voids the decision leaves
     * nothing to pay, whatever plan was approved; otherwise their days are
     * not counted (第73条第3款) */
    zf_remedy_t rs[ZF_CASE_MAX_REMEDIES];
    int nr = zf_api_case_remedies(f, cfg, rs, ZF_CASE_MAX_REMEDIES);
    for (int i = 0; i < nr; i++)
        if (rs[i].decided_on != ZF_DAY_NONE && rs[i].effect == ZF_REMEDY_VOIDS) out->voided = 1;
    if (out->voided) return;
    /* 第66条: an approved instalment plan decides the due day and the
     * surcharge; the latest approved one counts (its surcharges do not yet
     * leave the remedies' days out) */
    for (size_t i = 0; i < f->nplans; i++)
        if (strcmp(f->plans[i].status, "approved") == 0 && f->plans[i].nitems > 0 &&
            f->plans[i].nitems <= ZF_INSTALMENTS_MAX)
            out->plan = &f->plans[i];
    if (out->plan && plan_state(f, cfg, out) == 0) return;
    out->plan = NULL;
    if (plan_due != ZF_DAY_NONE)
        out->due = plan_due;
    else if (notice_due != ZF_DAY_NONE)
        out->due = notice_due;
    else {
        /* 第67条第3款: 15 days from receiving the decision */
        zf_day_t from = day_of(f->c.served_on);
        zf_dl_result_t r;
        zf_error_t e = {0};
        if (from != ZF_DAY_NONE && zf_dl_compute(&cfg->cal, &cfg->dl, "payment", from, &r, &e) == 0)
            out->due = r.due;
    }
    if (out->due == ZF_DAY_NONE) return;
    zf_span_t paused[ZF_CASE_MAX_REMEDIES];
    size_t np = zf_remedy_spans(rs, (size_t)nr, cfg->today_d, paused, ZF_CASE_MAX_REMEDIES);
    /* 第72条第1款第1项: 3% a day up to the fine, to the payment or today */
    zf_day_t end = out->paid_fen >= out->fine_fen ? out->last_paid : cfg->today_d;
    zf_error_t e = {0};
    if (end != ZF_DAY_NONE && end > out->due &&
        zf_surcharge(out->fine_fen, out->due, end, paused, np, &out->surcharge, &e) == 0)
        out->has_surcharge = 1;
}

static int open_state(const char *s) {
    return strcmp(s, "closed") && strcmp(s, "archived") && strcmp(s, "withdrawn");
}

void zf_api_case_next_due(zf_arena_t *a, const zf_case_full_t *f, const zf_case_cfg_t *cfg,
                          const char **due, const char **rule, const char **label) {
    const zf_case_row_t *c = &f->c;
    zf_day_t best = ZF_DAY_NONE;
    const char *brule = "", *blabel = "";
#define CAND(d, r, l)                                                                              \
    do {                                                                                           \
        zf_day_t d_ = (d);                                                                         \
        if (d_ != ZF_DAY_NONE && (best == ZF_DAY_NONE || d_ < best)) {                             \
            best = d_;                                                                             \
            brule = (r);                                                                           \
            blabel = (l);                                                                          \
        }                                                                                          \
    } while (0)
    zf_dl_result_t r;
    zf_error_t e = {0};
    if (!open_state(c->state) || strcmp(c->state, "draft") == 0) goto done;
    int before_decision = !strcmp(c->state, "filed") || !strcmp(c->state, "investigating") ||
                          !strcmp(c->state, "reviewing") || !strcmp(c->state, "legal_review") ||
                          !strcmp(c->state, "collective_discussion") ||
                          !strcmp(c->state, "notified") || !strcmp(c->state, "hearing");
    zf_day_t filed = day_of(c->filed_on);
    /* 行政处罚法 第60条: 90 days (configured) from filing plus approved extensions */
    if (before_decision && filed != ZF_DAY_NONE)
        CAND(filed + cfg->dl.decision_days + (zf_day_t)c->extension_days, "decision",
             "作出处罚决定期限（行政处罚法 第60条）");
    zf_day_t notified = day_of(c->notified_on);
    if (!strcmp(c->state, "notified") && notified != ZF_DAY_NONE) {
        int worthy = 0;
        for (size_t i = 0; i < f->nviolations; i++)
            worthy |= f->violations[i].hearing_worthy;
        /* the party's periods, while they run (第44条, 第64条) */
        if (worthy && !c->hearing_waived && !c->hearing_withdrawn && !c->hearing_requested_on[0] &&
            zf_dl_compute(&cfg->cal, &cfg->dl, "hearing_request", notified, &r, &e) == 0 &&
            r.due >= cfg->today_d)
            CAND(r.due, "hearing_request", "听证申请期限（行政处罚法 第64条）");
        if (!c->statements_heard &&
            zf_dl_compute(&cfg->cal, &cfg->dl, "statement", notified, &r, &e) == 0 &&
            r.due >= cfg->today_d)
            CAND(r.due, "statement", "陈述申辩期限（行政处罚法 第44条）");
    }
    zf_day_t decided = day_of(c->decided_on);
    if ((!strcmp(c->state, "decided") || !strcmp(c->state, "no_penalty")) && !c->simple &&
        !c->served_on[0] && decided != ZF_DAY_NONE &&
        zf_dl_compute(&cfg->cal, &cfg->dl, "service", decided, &r, &e) == 0)
        CAND(r.due, "service", "决定书送达期限（行政处罚法 第61条）");
    if (!strcmp(c->state, "decided") || !strcmp(c->state, "served") ||
        !strcmp(c->state, "executing")) {
        zf_case_pay_state_t ps;
        zf_api_case_pay_state(f, cfg, &ps);
        int owed = ps.fine_fen > 0 && ps.paid_fen < ps.fine_fen && !ps.voided;
        /* an approved instalment plan still running: its next instalment is
         * the deadline, and the court application waits for the plan's end
         * (行政处罚法 第72条第2款 — that day is not computed yet) */
        int instalments_run = owed && ps.plan && ps.inst_next;
        /* 行政强制法 第53条: the court application, unless an enforcement
         * step is recorded; it waits while a remedy is pending */
        int court_due = 0;
        if (owed && !instalments_run && !c->enforcement[0]) {
            zf_remedy_t rs[ZF_CASE_MAX_REMEDIES];
            int nr = zf_api_case_remedies(f, cfg, rs, ZF_CASE_MAX_REMEDIES);
            zf_enforce_t en;
            /* a day in a year without a calendar is not guessed: no court
             * day then, and the payment day stays */
            court_due = zf_remedy_enforcement(&cfg->cal, &cfg->dl, day_of(c->served_on), c->simple,
                                              rs, (size_t)nr, &en, &e) == 0 &&
                        en.status == ZF_ENFORCE_DUE;
            if (court_due)
                CAND(en.due, "enforcement_application",
                     "申请人民法院强制执行期限（行政强制法 第53条）");
        }
        if (instalments_run)
            CAND(ps.due, "instalment",
                 zf_arena_printf(a, "分期缴纳第%zu期期限（行政处罚法 第66条）", ps.inst_next));
        /* the payment day while it runs; once passed it stays the next
         * deadline only when no court application day follows it */
        else if (owed && ps.due != ZF_DAY_NONE && (ps.due >= cfg->today_d || !court_due))
            CAND(ps.due, "payment", "缴纳罚款期限（行政处罚法 第67条、第72条）");
    }
#undef CAND
done:
    if (best == ZF_DAY_NONE) {
        *due = "";
    } else {
        char *d = zf_arena_alloc(a, 11);
        zf_day_format(best, d);
        *due = d;
    }
    *rule = brule;
    if (label) *label = blabel;
}

/* ---- JSON ---- */

static json_t *str_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }
static json_t *id_or_null(int64_t v) { return v > 0 ? json_integer(v) : json_null(); }
static json_t *parse_or(const char *s) {
    json_t *j = s && *s ? json_loads(s, 0, NULL) : NULL;
    return j ? j : json_object();
}

json_t *zf_api_case_row_json(const zf_case_row_t *c) {
    zf_case_state_t st = ZF_CASE_DRAFT;
    zf_case_state_parse(c->state, &st);
    json_t *j = json_object();
#define S(k) json_object_set_new(j, #k, json_string(c->k ? c->k : ""))
#define D(k) json_object_set_new(j, #k, str_or_null(c->k))
#define I(k) json_object_set_new(j, #k, json_integer(c->k))
#define B(k) json_object_set_new(j, #k, json_boolean(c->k))
    I(id);
    I(unit_id);
    S(unit_name);
    I(year);
    D(number);
    S(state);
    json_object_set_new(j, "state_name", json_string(zf_case_state_name(st)));
    B(simple);
    S(title);
    S(source_kind);
    json_object_set_new(j, "source_id", id_or_null(c->source_id));
    json_object_set_new(j, "hazard_id", id_or_null(c->hazard_id));
    json_object_set_new(j, "finding_id", id_or_null(c->finding_id));
    S(facts);
    B(complex);
    D(filed_on);
    D(notified_on);
    D(hearing_requested_on);
    D(hearing_held_on);
    D(hearing_notice_on);
    D(decided_on);
    D(served_on);
    D(service_method);
    B(hearing_waived);
    B(hearing_withdrawn);
    B(statements_heard);
    B(notice_waived);
    I(notified_amount_fen);
    I(decided_amount_fen);
    I(extension_days);
    B(criminal_criteria_met);
    S(criminal_decision);
    B(hazards_all_verified);
    S(enforcement);
    D(enforcement_on);
    B(filing_record_done);
    S(old_violation_reason);
    S(withdraw_reason);
    S(no_penalty_reason);
    D(closed_on);
    D(next_due);
    S(next_due_rule);
    I(version);
#undef S
#undef D
#undef I
#undef B
    return j;
}

static json_t *party_json(const zf_case_party_t *p) {
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b}", "id", (json_int_t)p->id,
                     "kind", p->kind, "name", p->name, "id_code", p->id_code, "legal_rep",
                     p->legal_rep, "phone", p->phone, "address", p->address, "enterprise_id",
                     id_or_null(p->enterprise_id), "is_principal", p->is_principal);
}

/* A violation as JSON. With req (the case detail, an answer only) its
 * stored discretion texts go into the answer as they are
 * (zf_req_json_text); without (a log event's before/after) they are
 * parsed. */
static json_t *violation_json(zf_req_t *req, const zf_case_violation_row_t *v) {
    int outside = v->amount_fen < v->range_min_fen || v->amount_fen > v->range_max_fen;
    json_t *input =
        req ? zf_req_json_text(req, v->discretion_input) : parse_or(v->discretion_input);
    json_t *discretion = req ? zf_req_json_text(req, v->discretion) : parse_or(v->discretion);
    return json_pack("{s:I, s:o, s:s, s:I, s:b, s:s, s:o, s:b, s:o, s:o, s:I, s:I, s:I, s:s, "
                     "s:b, s:b}",
                     "id", (json_int_t)v->id, "party_id", id_or_null(v->party_id), "item_code",
                     v->item_code, "item_version", (json_int_t)v->item_version, "delegable",
                     v->delegable, "violation_date", v->violation_on, "ended_on",
                     str_or_null(v->ended_on), "harmed", v->harmed, "discretion_input", input,
                     "discretion", discretion, "range_min_fen", (json_int_t)v->range_min_fen,
                     "range_max_fen", (json_int_t)v->range_max_fen, "amount_fen",
                     (json_int_t)v->amount_fen, "amount_reason", v->amount_reason, "outside_range",
                     outside, "hearing_worthy", v->hearing_worthy);
}

static const char *opinion_name(const char *o) {
    if (strcmp(o, "agree") == 0) return "同意";
    if (strcmp(o, "change") == 0) return "建议修改";
    return "退回";
}

json_t *zf_api_case_detail(zf_req_t *req, const zf_case_full_t *f, const zf_case_cfg_t *cfg) {
    zf_arena_t *a = req->arena;
    const zf_actor_t *actor = zf_api_actor(req);
    json_t *j = zf_api_case_row_json(&f->c);
    json_t *arr = json_array();
    for (size_t i = 0; i < f->nparties; i++)
        json_array_append_new(arr, party_json(&f->parties[i]));
    json_object_set_new(j, "parties", arr);
    arr = json_array();
    for (size_t i = 0; i < f->nviolations; i++)
        json_array_append_new(arr, violation_json(req, &f->violations[i]));
    json_object_set_new(j, "violations", arr);
    arr = json_array();
    for (size_t i = 0; i < f->nofficers; i++)
        json_array_append_new(
            arr, json_pack("{s:I, s:o, s:s, s:s, s:s}", "officer_id",
                           (json_int_t)f->officers[i].officer_id, "user_id",
                           id_or_null(f->officers[i].user_id), "name", f->officers[i].name, "role",
                           f->officers[i].role, "role_name",
                           strcmp(f->officers[i].role, "lead") == 0 ? "主办" : "协办"));
    json_object_set_new(j, "officers", arr);
    /* 安全生产法 第113条第1项: the enterprise's penalties and major hazards */
    zf_error_t cerr = {0};
    json_t *closure = zf_api_case_closure(zf_api_db(req), a, f, cfg->today_d, &cerr);
    json_object_set_new(j, "closure", closure ? closure : json_null());
    /* 行刑衔接 (issue 11): the 移送评估 signal, transfers, 不得以罚代刑 */
    json_object_set_new(j, "criminal_transfer",
                        zf_api_transfer_case_json(zf_api_db(req), a, f, cfg->today));
    arr = json_array();
    for (size_t i = 0; i < f->nreviews; i++) {
        const zf_case_review_t *r = &f->reviews[i];
        json_array_append_new(
            arr, json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
                           (json_int_t)r->id, "kind", r->kind, "kind_name",
                           strcmp(r->kind, "legal_review") == 0 ? "法制审核" : "集体讨论",
                           "reviewer_id", (json_int_t)r->reviewer_id, "reviewer_name",
                           r->reviewer_name, "participants", r->participants, "opinion", r->opinion,
                           "opinion_name", opinion_name(r->opinion), "reasons", r->reasons,
                           "reviewed_on", r->reviewed_on));
    }
    json_object_set_new(j, "reviews", arr);
    arr = json_array();
    for (size_t i = 0; i < f->npayments; i++) {
        const zf_case_payment_t *p = &f->payments[i];
        json_array_append_new(
            arr,
            json_pack("{s:I, s:s, s:I, s:o, s:o, s:o, s:o, s:s, s:s, s:o}", "id", (json_int_t)p->id,
                      "kind", p->kind, "amount_fen", (json_int_t)p->amount_fen, "issued_on",
                      str_or_null(p->issued_on), "due_on", str_or_null(p->due_on), "paid_on",
                      str_or_null(p->paid_on), "reference", str_or_null(p->reference), "source",
                      p->source, "note", p->note, "entered_by", id_or_null(p->entered_by)));
    }
    json_object_set_new(j, "payments", arr);
    arr = json_array();
    for (size_t i = 0; i < f->ndecisions; i++) {
        const zf_case_decision_t *d = &f->decisions[i];
        int superseded = 0;
        for (size_t k = 0; k < f->ndecisions; k++)
            superseded |= f->decisions[k].corrects_decision_id == d->id;
        json_array_append_new(
            arr, json_pack("{s:I, s:s, s:s, s:o, s:s, s:b, s:o}", "id", (json_int_t)d->id, "number",
                           d->number, "decided_on", d->decided_on, "corrects_decision_id",
                           id_or_null(d->corrects_decision_id), "reason", d->reason, "superseded",
                           superseded, "body", zf_req_json_text(req, d->body)));
    }
    json_object_set_new(j, "decisions", arr);
    json_object_set_new(j, "total_fen", json_integer(zf_api_case_total(f)));
    zf_error_t err = {0};
    json_object_set_new(j, "frozen", json_boolean(zf_api_case_frozen(&f->c, &err) != 0));

    const char *why_lr, *why_col;
    int lr = zf_api_case_needs_review(f, cfg, &why_lr, a);
    int col = zf_api_case_needs_collective(f, cfg, &why_col, a);
    int worthy = 0;
    for (size_t i = 0; i < f->nviolations; i++)
        worthy |= f->violations[i].hearing_worthy;
    json_object_set_new(j, "requirements",
                        json_pack("{s:{s:b, s:s, s:s}, s:{s:b, s:s, s:s}, s:{s:b, s:s}}",
                                  "legal_review", "required", lr, "reason", why_lr, "article",
                                  "行政处罚法 第58条", "collective_discussion", "required", col,
                                  "reason", why_col, "article", "行政处罚法 第57条第2款", "hearing",
                                  "available", worthy, "article", "行政处罚法 第63条"));

    /* the next deadline over the real calendar */
    const char *due, *rule, *label;
    zf_api_case_next_due(a, f, cfg, &due, &rule, &label);
    if (*due) {
        zf_day_t d = day_of(due);
        json_object_set_new(j, "next_deadline",
                            json_pack("{s:s, s:s, s:s, s:I, s:b}", "due", due, "rule", rule,
                                      "label", label, "days_left", (json_int_t)(d - cfg->today_d),
                                      "overdue", d < cfg->today_d));
    } else {
        json_object_set_new(j, "next_deadline", json_null());
    }

    /* payments: fine, paid, due, surcharge (第72条) */
    zf_case_pay_state_t ps;
    zf_api_case_pay_state(f, cfg, &ps);
    char dd[11] = "", lp[11] = "";
    if (ps.due != ZF_DAY_NONE) zf_day_format(ps.due, dd);
    if (ps.last_paid != ZF_DAY_NONE) zf_day_format(ps.last_paid, lp);
    json_object_set_new(
        j, "payment",
        json_pack("{s:I, s:I, s:I, s:o, s:o, s:b, s:I, s:I, s:b, s:s}", "fine_fen",
                  (json_int_t)ps.fine_fen, "paid_fen", (json_int_t)ps.paid_fen, "outstanding_fen",
                  (json_int_t)(ps.fine_fen > ps.paid_fen ? ps.fine_fen - ps.paid_fen : 0), "due_on",
                  str_or_null(dd), "last_paid_on", str_or_null(lp), "notice_issued", ps.notice,
                  "surcharge_fen", (json_int_t)(ps.has_surcharge ? ps.surcharge.surcharge_fen : 0),
                  "late_days", (json_int_t)(ps.has_surcharge ? ps.surcharge.counted_days : 0),
                  "capped", ps.has_surcharge && ps.surcharge.capped, "surcharge_article",
                  "行政处罚法 第72条第1款第1项"));
    json_object_set_new(j, "instalment_plans", zf_api_case_instalments_json(f, cfg, &ps));
    json_t *pay = json_object_get(j, "payment");
    json_object_set_new(pay, "paused_days",
                        json_integer(ps.has_surcharge ? ps.surcharge.paused_days : 0));
    json_object_set_new(pay, "voided", json_boolean(ps.voided));
    /* 行政复议 / 行政诉讼 and the court application (行政强制法 第53条) */
    json_object_set_new(j, "remedies", zf_api_case_remedies_json(a, f, cfg));
    /* 安全生产法 第112条: daily penalties started from this case, or the one
     * this case follows up */
    json_object_set_new(j, "daily_penalties", zf_api_case_daily_json(zf_api_db(req), f->c.id));

    /* what is missing for each next step, for this actor */
    zf_case_t pc;
    json_t *trs = json_array();
    if (zf_api_case_build(zf_api_db(req), a, f, cfg, &pc, &err) == 0) {
        zf_case_ctx_t ctx = {actor->user_id, actor->role,  cfg->today_d, &cfg->cal,
                             &cfg->dl,       &cfg->orules, &cfg->params};
        const zf_case_transition_t *out[32];
        size_t n = zf_case_transitions_from(pc.state, out, 32);
        const char *seen[32];
        size_t nseen = 0;
        for (size_t i = 0; i < n && i < 32; i++) {
            int dup = 0;
            for (size_t k = 0; k < nseen; k++)
                dup |= strcmp(seen[k], out[i]->event) == 0;
            if (dup) continue;
            seen[nseen++] = out[i]->event;
            zf_case_t x = pc;
            /* the prospective values the event would record */
            if (!strcmp(out[i]->event, "decide") || !strcmp(out[i]->event, "decide_on_spot"))
                x.decided_amount_fen = zf_api_case_total(f);
            /* 第58条第1款第2项: from the hearing the review's form gives the
             * hearing's date, which is what makes the review required */
            if (!strcmp(out[i]->event, "legal_review") && pc.state == ZF_CASE_HEARING &&
                x.hearing_held_on == ZF_DAY_NONE) {
                x.hearing_held_on = cfg->today_d;
                x.legal_review_required = 1;
            }
            zf_case_finding_t fs[32];
            size_t nf = 0;
            int to = zf_case_apply(&x, out[i]->event, &ctx, fs, 32, &nf);
            json_t *list = json_array();
            for (size_t k = 0; k < nf && k < 32; k++)
                json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b}", "code", fs[k].code,
                                                      "message", fs[k].message, "article",
                                                      fs[k].article, "blocking", fs[k].blocking));
            zf_case_state_t dest = to >= 0 ? (zf_case_state_t)to : out[i]->to;
            json_array_append_new(
                trs, json_pack("{s:s, s:s, s:s, s:s, s:b, s:o}", "event", out[i]->event, "label",
                               out[i]->label, "to", zf_case_state_code(dest), "to_name",
                               zf_case_state_name(dest), "allowed", to >= 0, "findings", list));
        }
    }
    json_object_set_new(j, "transitions", trs);
    json_object_set_new(
        j, "timeline_url",
        json_string(zf_arena_printf(a, "/api/v1/cases/%lld/timeline", (long long)f->c.id)));
    return j;
}

/* ---- fetch and finish ---- */

int zf_api_case_fetch(zf_req_t *req, zf_resp_t *resp, const char *action, zf_case_full_t *f) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return -1;
    zf_error_t err = {0};
    int rc = zf_case_load(zf_api_db(req), req->arena, id, f, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), action, f->c.unit_path, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

/* Finish an edit (see zf_api_case_finish). `loaded`: the row as f was
 * read inside this transaction, when the handler changed f's row only, so
 * f's children are still the stored ones and need not be read again;
 * NULL when children may have changed. */
static void case_finish(zf_req_t *req, zf_resp_t *resp, zf_case_full_t *f,
                        const zf_case_row_t *loaded, const char *action, json_t *before,
                        json_t *after, int status) {
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_case_cfg_t cfg;
    int rc = zf_case_cfg_load(db, req->arena, &cfg, &err);
    zf_case_full_t g;
    zf_case_row_t stored;
    if (loaded) {
        g = *f;
        stored = *loaded;
    } else if (rc == 0) {
        /* children may have changed: reload before computing the deadline */
        rc = zf_case_load(db, req->arena, f->c.id, &g, &err);
        stored = g.c;
    }
    if (rc == 0) {
        g.c = f->c;
        const char *due, *rule;
        zf_api_case_next_due(req->arena, &g, &cfg, &due, &rule, NULL);
        g.c.next_due = due;
        g.c.next_due_rule = rule;
        /* g.c becomes the row as stored (its new version and time); the
         * save wrote only the row, so the children read in this
         * transaction still hold */
        rc = zf_case_save_changes(db, req->arena, &stored, &g.c, &err);
    }
    if (rc) {
        json_decref(before);
        json_decref(after);
        zf_api_abort(req, resp, &err);
        return;
    }
    if (!after) after = zf_api_case_row_json(&g.c);
    json_object_set_new(after, "case_version", json_integer(g.c.version));
    if (zf_api_commit_change_only(req, resp, action, "case", g.c.id, g.c.unit_id, before, after) !=
        0)
        return;
    /* The answer is built after the commit, outside the write lock: under it
     * the detail was 40 % of an edit's time at 1,000,000 cases, most of it
     * reading the enterprise's other cases for 安全生产法 第113条第1项
     * (issue 12). The case and its children are the ones this transaction
     * wrote (g); what the detail reads besides (the enterprise's penalties and major hazards,
     * transfers, the officers' training) is read in one snapshot after the
     * commit, as a GET right after it would show them. */
    zf_error_t ignored = {0};
    (void)zf_db_read_begin(db, &ignored);
    zf_resp_json(req, resp, status, zf_api_case_detail(req, &g, &cfg));
}

void zf_api_case_finish(zf_req_t *req, zf_resp_t *resp, zf_case_full_t *f, const char *action,
                        json_t *before, json_t *after, int status) {
    case_finish(req, resp, f, NULL, action, before, after, status);
}

/* The refusals of begin_edit, checked on a case row as read. */
static int edit_refused(zf_req_t *req, json_t *body, const char *action, int frozen_check,
                        const zf_case_row_t *c, zf_error_t *err) {
    int rc = zf_perm_check(zf_api_actor(req), action, c->unit_path, err);
    if (rc == 0 && zf_body_int(body, "version", -1) != c->version)
        rc = zf_error_set(err, ZF_ECONFLICT, 409, "conflict.version", "version",
                          "案件已被他人修改，请刷新后重试");
    if (rc == 0 && frozen_check) rc = zf_api_case_frozen(c, err);
    return rc;
}

/* Begin an edit: open the transaction, then read the case in it (in scope
 * for action, version as given), so that what the edit is checked against
 * and written over is what the transaction sees. 0 or answered (the
 * transaction rolled back). The shared configuration is brought up to date
 * first, outside the transaction, so that the loads inside it (the
 * handler's, zf_api_case_finish's) find it: a load inside a transaction is
 * never shared (case_cfg_cache.c). */
static int begin_edit(zf_req_t *req, zf_resp_t *resp, json_t *body, const char *action,
                      int frozen_check, zf_case_full_t *f) {
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_case_cfg_t cfg;
    int rc = zf_case_cfg_load(db, req->arena, &cfg, &err);
    /* What the transaction would refuse (out of scope, a stale version, a
     * decided case) is refused before queuing for the write lock, from the
     * row as last committed: a refusal costs one read, not a turn of the
     * lock behind every edit in flight. The same checks run again on the
     * row the transaction reads (it may have changed in between). */
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return -1;
    zf_case_row_t head;
    if (rc == 0) rc = zf_case_get(db, req->arena, id, &head, &err);
    if (rc == 0) rc = edit_refused(req, body, action, frozen_check, &head, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    if (zf_api_case_fetch(req, resp, action, f) != 0) {
        zf_db_rollback(db);
        return -1;
    }
    rc = edit_refused(req, body, action, frozen_check, &f->c, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return -1;
    }
    return 0;
}

/* ---- create, list, get, patch ---- */

static const char *const SOURCES[] = {"inspection", "complaint", "referral",
                                      "accident",   "ad_hoc",    "report"};

static int party_from_enterprise(zf_db_t *db, zf_arena_t *a, int64_t eid, int64_t case_id,
                                 int principal, zf_case_party_t *p, zf_error_t *err) {
    zf_enterprise_t e;
    int rc = zf_enterprise_get(db, a, eid, &e, err);
    if (rc == ZF_ENOTFOUND) return zf_api_case_bad(err, "enterprise_id", "企业不存在");
    if (rc) return rc;
    *p = (zf_case_party_t){.case_id = case_id,
                           .kind = "org",
                           .name = e.name,
                           .id_code = e.credit_code,
                           .legal_rep = e.legal_rep,
                           .phone = e.legal_rep_phone,
                           .address = e.address,
                           .enterprise_id = e.id,
                           .is_principal = principal};
    return 0;
}

void zf_api_case_create(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"unit_id", ZF_FIELD_INT, 0, "办案单位", 0, 0},
        {"title", ZF_FIELD_STRING, 0, "案由", 200, 0},
        {"source_kind", ZF_FIELD_STRING, 1, "案件来源", 20, 1},
        {"source_id", ZF_FIELD_INT, 0, "来源记录", 0, 0},
        {"finding_id", ZF_FIELD_INT, 0, "检查发现的问题", 0, 0},
        {"hazard_id", ZF_FIELD_INT, 0, "关联隐患", 0, 0},
        {"facts", ZF_FIELD_STRING, 0, "案情", 5000, 0},
        {"simple", ZF_FIELD_BOOL, 0, "当场处罚（简易程序）", 0, 0},
        {"complex", ZF_FIELD_BOOL, 0, "案情疑难复杂", 0, 0},
        {"enterprise_id", ZF_FIELD_INT, 0, "当事企业", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    const zf_actor_t *actor = zf_api_actor(req);
    zf_error_t err = {0};
    int rc = 0;
    const char *src = zf_body_str(body, "source_kind");
    int ok = 0;
    for (size_t i = 0; i < sizeof SOURCES / sizeof SOURCES[0]; i++)
        ok |= strcmp(src, SOURCES[i]) == 0;
    if (!ok)
        rc = zf_api_case_bad(&err, "source_kind",
                             "案件来源应为 inspection（检查发现）、complaint（投诉举报）、"
                             "referral（移送）、accident（事故）、report（上报）或 ad_hoc（其他）");
    zf_unit_t unit;
    if (rc == 0) {
        if (has(body, "unit_id")) {
            rc = zf_unit_get(db, a, zf_body_int(body, "unit_id", 0), &unit, &err);
            if (rc == ZF_ENOTFOUND) rc = zf_api_case_bad(&err, "unit_id", "办案单位不存在");
        } else {
            rc = zf_api_inspecting_unit(db, a, actor, &unit, &err);
        }
    }
    if (rc == 0) rc = zf_perm_check(actor, "case.write", unit.path, &err);
    if (rc == 0 && strcmp(unit.kind, "brigade") && strcmp(unit.kind, "township") &&
        strcmp(unit.kind, "devzone"))
        rc = zf_api_case_bad(&err, "unit_id", "办案单位应为执法大队或乡镇（街道、开发区）");
    zf_case_cfg_t cfg;
    if (rc == 0) rc = zf_case_cfg_load(db, a, &cfg, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_case_row_t c = {.unit_id = unit.id,
                       .year = zf_day_year(cfg.today_d),
                       .state = "draft",
                       .simple = zf_body_bool(body, "simple", 0),
                       .title = zf_body_str(body, "title") ? zf_body_str(body, "title") : "",
                       .source_kind = src,
                       .source_id = zf_body_int(body, "source_id", 0),
                       .finding_id = zf_body_int(body, "finding_id", 0),
                       .hazard_id = zf_body_int(body, "hazard_id", 0),
                       .facts = zf_body_str(body, "facts") ? zf_body_str(body, "facts") : "",
                       .complex = zf_body_bool(body, "complex", 0)};
    int64_t id = 0;
    rc = zf_case_insert(db, &c, actor->user_id, &id, &err);
    if (rc == 0 && has(body, "enterprise_id")) {
        zf_case_party_t p;
        rc = party_from_enterprise(db, a, zf_body_int(body, "enterprise_id", 0), id, 1, &p, &err);
        if (rc == 0) rc = zf_case_party_save(db, &p, &err);
    }
    /* the creator's own officer record leads the case when there is one */
    zf_officer_t me;
    zf_error_t e2 = {0};
    if (rc == 0 && zf_officer_get_by_user(db, a, actor->user_id, &me, &e2) == 0 &&
        strcmp(me.kind, "officer") == 0) {
        zf_case_officer_t o = {
            .case_id = id, .officer_id = me.id, .user_id = me.user_id, .role = "lead"};
        rc = zf_case_officer_add(db, &o, &err);
    }
    zf_case_full_t f;
    if (rc == 0) rc = zf_case_load(db, a, id, &f, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_case_finish(req, resp, &f, "case.create", NULL, NULL, 201);
}

void zf_api_cases_list(zf_req_t *req, zf_resp_t *resp) {
    const zf_actor_t *actor = zf_api_actor(req);
    zf_case_filter_t f = {.scope_path = actor->scope_path, .limit = 50};
    const char *v;
    zf_error_t err = {0};
    if ((v = zf_req_query(req, "unit_id"))) f.unit_id = atoll(v);
    if ((v = zf_req_query(req, "officer_id"))) f.officer_id = atoll(v);
    if ((v = zf_req_query(req, "enterprise_id"))) f.enterprise_id = atoll(v);
    if ((v = zf_req_query(req, "before"))) f.before_id = atoll(v);
    if ((v = zf_req_query(req, "limit"))) f.limit = atoi(v);
    f.state = zf_req_query(req, "state");
    f.q = zf_req_query(req, "q");
    /* the dashboard's cases by domain: a domain and the period's local days */
    f.domain = zf_req_query(req, "domain");
    f.reg_from = zf_req_query(req, "from");
    f.reg_to = zf_req_query(req, "to");
    zf_case_state_t st;
    int rc = 0;
    if (f.limit < 1 || f.limit > 200) rc = zf_api_case_bad(&err, "limit", "每页条数应为 1–200");
    if (rc == 0 && f.state && *f.state && zf_case_state_parse(f.state, &st) != 0)
        rc = zf_api_case_bad(&err, "state", "未知的案件状态");
    if (rc == 0 && f.q && strlen(f.q) > 100) rc = zf_api_case_bad(&err, "q", "查询词过长");
    if (rc == 0 && f.domain && strlen(f.domain) > 40)
        rc = zf_api_case_bad(&err, "domain", "领域代码过长");
    zf_day_t dfrom, dto;
    if (rc == 0 && (f.reg_from || f.reg_to) &&
        (!f.reg_from || !f.reg_to || zf_day_parse(f.reg_from, &dfrom) != 0 ||
         zf_day_parse(f.reg_to, &dto) != 0 || dto < dfrom))
        rc = zf_api_case_bad(&err, f.reg_from ? "to" : "from",
                             "立案期间应同时给出 from 和 to（YYYY-MM-DD），且 from 不晚于 to");
    /* the unit subtree filter: the unit must be in the actor's scope */
    zf_unit_t u;
    if (rc == 0 && f.unit_id) {
        rc = zf_unit_get(zf_api_db(req), req->arena, f.unit_id, &u, &err);
        if (rc == 0) rc = zf_perm_check(actor, "case.read", u.path, &err);
        if (rc == 0) {
            f.scope_path = u.path;
            f.unit_id = 0;
        }
    }
    zf_case_row_t *rows;
    size_t n;
    if (rc == 0) rc = zf_cases_list(zf_api_db(req), req->arena, &f, &rows, &n, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *j = zf_api_case_row_json(&rows[i]);
        json_object_set_new(j, "party_name", json_string(rows[i].party_name));
        json_array_append_new(items, j);
    }
    json_t *next = n == (size_t)f.limit ? json_integer(rows[n - 1].id) : json_null();
    zf_resp_json(req, resp, 200, json_pack("{s:o, s:o}", "items", items, "next_before", next));
}

void zf_api_case_get(zf_req_t *req, zf_resp_t *resp) {
    zf_case_full_t f;
    if (zf_api_case_fetch(req, resp, "case.read", &f) != 0) return;
    zf_case_cfg_t cfg;
    zf_error_t err = {0};
    if (zf_case_cfg_load(zf_api_db(req), req->arena, &cfg, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, zf_api_case_detail(req, &f, &cfg));
}

void zf_api_case_update(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"title", ZF_FIELD_STRING, 0, "案由", 200, 0},
        {"facts", ZF_FIELD_STRING, 0, "案情", 5000, 0},
        {"complex", ZF_FIELD_BOOL, 0, "案情疑难复杂", 0, 0},
        {"extension_days", ZF_FIELD_INT, 0, "经批准延长的办案期限（日）", 0, 0},
        {"hazards_all_verified", ZF_FIELD_BOOL, 0, "关联隐患已全部复查", 0, 0},
        {"criminal_criteria_met", ZF_FIELD_BOOL, 0, "涉嫌犯罪须移送", 0, 0},
        {"criminal_decision", ZF_FIELD_STRING, 0, "是否移送的决定", 500, 0},
        {"hearing_requested_on", ZF_FIELD_STRING, 0, "申请听证日期", 10, 10},
        {"hearing_held_on", ZF_FIELD_STRING, 0, "举行听证日期", 10, 10},
        {"hearing_notice_on", ZF_FIELD_STRING, 0, "听证通知书送达日期", 10, 10},
        {"hearing_waived", ZF_FIELD_BOOL, 0, "放弃听证", 0, 0},
        {"hearing_withdrawn", ZF_FIELD_BOOL, 0, "撤回听证申请", 0, 0},
        {"statements_heard", ZF_FIELD_BOOL, 0, "已听取陈述申辩", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    int content = has(body, "title") || has(body, "facts") || has(body, "complex");
    zf_case_full_t f;
    if (begin_edit(req, resp, body, "case.write", content, &f) != 0) return;
    zf_error_t err = {0};
    const zf_actor_t *actor = zf_api_actor(req);
    zf_case_cfg_t cfg;
    int rc = zf_case_cfg_load(zf_api_db(req), req->arena, &cfg, &err);
    const zf_case_row_t loaded = f.c;
    json_t *before = zf_api_case_row_json(&f.c);
    zf_case_row_t *c = &f.c;
    if (zf_body_str(body, "title")) c->title = zf_body_str(body, "title");
    if (zf_body_str(body, "facts")) c->facts = zf_body_str(body, "facts");
    c->complex = zf_body_bool(body, "complex", c->complex);
    if (rc == 0 && has(body, "extension_days")) {
        /* 第60条: an extension is approved by the agency's head */
        int64_t x = zf_body_int(body, "extension_days", 0);
        if (strcmp(actor->role, "section_head") && strcmp(actor->role, "bureau_leader"))
            rc = zf_error_set(&err, ZF_EPERM, 403, "case.extension_not_allowed", "extension_days",
                              "延长办案期限须经行政机关负责人批准（行政处罚法 第60条）");
        else if (x < 0 || x > 365)
            rc = zf_api_case_bad(&err, "extension_days", "延长期限应为 0–365 日");
        c->extension_days = x;
    }
    c->hazards_all_verified = zf_body_bool(body, "hazards_all_verified", c->hazards_all_verified);
    c->criminal_criteria_met =
        zf_body_bool(body, "criminal_criteria_met", c->criminal_criteria_met);
    if (zf_body_str(body, "criminal_decision"))
        c->criminal_decision = zf_body_str(body, "criminal_decision");
    const char *d;
    if (rc == 0)
        rc = zf_api_case_date(body, "hearing_requested_on", "申请听证日期", &cfg, &d, &err);
    if (rc == 0 && d) c->hearing_requested_on = d;
    if (rc == 0) rc = zf_api_case_date(body, "hearing_held_on", "举行听证日期", &cfg, &d, &err);
    if (rc == 0 && d) c->hearing_held_on = d;
    if (rc == 0)
        rc = zf_api_case_date(body, "hearing_notice_on", "听证通知书送达日期", &cfg, &d, &err);
    if (rc == 0 && d) c->hearing_notice_on = d;
    c->hearing_waived = zf_body_bool(body, "hearing_waived", c->hearing_waived);
    c->hearing_withdrawn = zf_body_bool(body, "hearing_withdrawn", c->hearing_withdrawn);
    c->statements_heard = zf_body_bool(body, "statements_heard", c->statements_heard);
    if (rc) {
        json_decref(before);
        zf_api_abort(req, resp, &err);
        return;
    }
    /* the row's columns only: the children read in begin_edit still hold */
    case_finish(req, resp, &f, &loaded, "case.update", before, NULL, 200);
}

/* ---- parties ---- */

static void party_write(zf_req_t *req, zf_resp_t *resp, int64_t party_id) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"kind", ZF_FIELD_STRING, 0, "当事人类型", 10, 1},
        {"name", ZF_FIELD_STRING, 0, "名称或姓名", 200, 1},
        {"id_code", ZF_FIELD_STRING, 0, "统一社会信用代码或身份证号", 30, 0},
        {"legal_rep", ZF_FIELD_STRING, 0, "法定代表人", 50, 0},
        {"phone", ZF_FIELD_STRING, 0, "联系电话", 30, 0},
        {"address", ZF_FIELD_STRING, 0, "地址", 200, 0},
        {"enterprise_id", ZF_FIELD_INT, 0, "企业", 0, 0},
        {"is_principal", ZF_FIELD_BOOL, 0, "主要当事人", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_case_full_t f;
    if (begin_edit(req, resp, body, "case.write", 1, &f) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    int rc = 0;
    zf_case_party_t p = {.case_id = f.c.id, .kind = "org", .name = ""};
    json_t *before = json_null();
    if (party_id) {
        size_t i = 0;
        while (i < f.nparties && f.parties[i].id != party_id)
            i++;
        if (i == f.nparties)
            rc = zf_error_set(&err, ZF_ENOTFOUND, 404, "case.party_not_found", NULL,
                              "该案件没有此当事人");
        else {
            p = f.parties[i];
            before = party_json(&p);
        }
    } else if (has(body, "enterprise_id")) {
        rc = party_from_enterprise(db, req->arena, zf_body_int(body, "enterprise_id", 0), f.c.id,
                                   f.nparties == 0, &p, &err);
    } else {
        p.is_principal = f.nparties == 0;
    }
#define T(k)                                                                                       \
    if (zf_body_str(body, #k)) p.k = zf_body_str(body, #k)
    T(kind);
    T(name);
    T(id_code);
    T(legal_rep);
    T(phone);
    T(address);
#undef T
    p.is_principal = zf_body_bool(body, "is_principal", p.is_principal);
    if (rc == 0 && strcmp(p.kind, "org") && strcmp(p.kind, "person"))
        rc = zf_api_case_bad(&err, "kind", "当事人类型应为 org（单位）或 person（个人）");
    if (rc == 0 && !*p.name) rc = zf_api_case_bad(&err, "name", "请填写当事人名称或姓名");
    if (rc == 0 && p.is_principal && f.nparties) {
        /* one principal party: the others step back */
        for (size_t i = 0; rc == 0 && i < f.nparties; i++)
            if (f.parties[i].id != p.id && f.parties[i].is_principal) {
                zf_case_party_t o = f.parties[i];
                o.is_principal = 0;
                rc = zf_case_party_save(db, &o, &err);
            }
    }
    if (rc == 0) rc = zf_case_party_save(db, &p, &err);
    if (rc) {
        json_decref(before);
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_case_finish(req, resp, &f, "case.party", before,
                       json_pack("{s:o}", "party", party_json(&p)), party_id ? 200 : 201);
}

void zf_api_case_party_add(zf_req_t *req, zf_resp_t *resp) { party_write(req, resp, 0); }
void zf_api_case_party_update(zf_req_t *req, zf_resp_t *resp) {
    int64_t pid = zf_api_id_param(req, resp, "party_id");
    if (pid) party_write(req, resp, pid);
}

/* ---- violations: the amount through the discretion engine ---- */

static const zf_field_t violation_spec[] = {
    {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
    {"party_id", ZF_FIELD_INT, 0, "当事人", 0, 0},
    {"ended_on", ZF_FIELD_STRING, 0, "违法行为终了日期", 10, 10},
    {"harmed", ZF_FIELD_BOOL, 0, "涉及生命健康安全且有危害后果", 0, 0},
    {"amount_fen", ZF_FIELD_INT, 0, "罚款数额（分）", 0, 0},
    {"amount_reason", ZF_FIELD_STRING, 0, "裁量范围外数额的理由", 2000, 0},
    /* the discretion engine's facts (api/discretion.c) */
    {"item_code", ZF_FIELD_STRING, 1, "执法事项编码", 32, 1},
    {"violation_date", ZF_FIELD_STRING, 1, "违法行为发生日期", 10, 10},
    {"decision_date", ZF_FIELD_STRING, 0, "作出决定日期", 10, 10},
    {"tier", ZF_FIELD_STRING, 0, "情节阶次", 16, 1},
    {"first_offence", ZF_FIELD_BOOL, 0, "初次违法", 0, 0},
    {"corrected_in_time", ZF_FIELD_BOOL, 0, "及时改正", 0, 0},
    {"consequences", ZF_FIELD_STRING, 0, "危害后果", 16, 1},
    {"no_fault", ZF_FIELD_BOOL, 0, "无主观过错", 0, 0},
    {"eliminated_harm", ZF_FIELD_BOOL, 0, "主动消除或者减轻危害后果", 0, 0},
    {"coerced", ZF_FIELD_BOOL, 0, "受他人胁迫或者诱骗", 0, 0},
    {"confessed", ZF_FIELD_BOOL, 0, "主动供述尚未掌握的违法行为", 0, 0},
    {"meritorious", ZF_FIELD_BOOL, 0, "配合查处有立功表现", 0, 0},
    {"prior_violations", ZF_FIELD_INT, 0, "此前因同一违法行为受处罚次数", 0, 0},
    {"refused_correction", ZF_FIELD_BOOL, 0, "拒不整改", 0, 0},
    {"obstructed", ZF_FIELD_BOOL, 0, "拒绝阻碍执法", 0, 0},
    {"illegal_gains", ZF_FIELD_INT, 0, "违法所得（分）", 0, 0},
    {"persons", ZF_FIELD_INT, 0, "受处罚人数", 0, 0},
    {"annual_income", ZF_FIELD_INT, 0, "上一年年收入（分）", 0, 0},
    {"accident_grade", ZF_FIELD_STRING, 0, "事故等级", 20, 0},
    {"base_fine", ZF_FIELD_INT, 0, "据以计算倍数的罚款数额（分）", 0, 0},
};

static int64_t money_fen(json_t *o, const char *k) {
    return json_integer_value(json_object_get(json_object_get(o, k), "fen"));
}

static void violation_write(zf_req_t *req, zf_resp_t *resp, int64_t vid) {
    json_t *body =
        zf_api_body(req, resp, violation_spec, sizeof violation_spec / sizeof violation_spec[0]);
    if (!body) return;
    zf_case_full_t f;
    if (begin_edit(req, resp, body, "case.write", 1, &f) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    zf_error_t err = {0};
    zf_case_cfg_t cfg;
    int rc = zf_case_cfg_load(db, a, &cfg, &err);
    zf_case_violation_row_t v = {.case_id = f.c.id};
    json_t *before = json_null();
    if (rc == 0 && vid) {
        size_t i = 0;
        while (i < f.nviolations && f.violations[i].id != vid)
            i++;
        if (i == f.nviolations)
            rc = zf_error_set(&err, ZF_ENOTFOUND, 404, "case.violation_not_found", NULL,
                              "该案件没有此违法行为");
        else {
            v = f.violations[i];
            before = violation_json(NULL, &v);
        }
    }
    v.party_id =
        zf_body_int(body, "party_id", v.party_id ? v.party_id : (f.nparties ? f.parties[0].id : 0));
    if (rc == 0 && v.party_id) {
        size_t i = 0;
        while (i < f.nparties && f.parties[i].id != v.party_id)
            i++;
        if (i == f.nparties) rc = zf_api_case_bad(&err, "party_id", "该案件没有此当事人");
    }
    /* the engine's input: the facts as given, the decision date today by default */
    json_t *input = json_deep_copy(body);
    const char *const own[] = {"version", "party_id",   "ended_on",
                               "harmed",  "amount_fen", "amount_reason"};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
        json_object_del(input, own[i]);
    if (!has(input, "decision_date"))
        json_object_set_new(input, "decision_date", json_string(cfg.today));
    json_t *answer = NULL;
    if (rc == 0) rc = zf_api_discretion_compute(db, a, input, NULL, &answer, &err);
    if (rc == ZF_ENOTFOUND) /* an unknown item, or none in force on that day */
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "item_code",
                          "执法事项“%s”不存在或在违法行为发生日未生效",
                          zf_body_str(body, "item_code"));
    const char *ended = NULL;
    if (rc == 0) rc = zf_api_case_date(body, "ended_on", "违法行为终了日期", &cfg, &ended, &err);
    zf_cat_version_t cv;
    if (rc == 0)
        rc = zf_catalogue_at(db, a, zf_body_str(body, "item_code"),
                             zf_body_str(body, "violation_date"), &cv, &err);
    if (rc) {
        json_decref(input);
        json_decref(answer);
        json_decref(before);
        zf_api_abort(req, resp, &err);
        return;
    }
    v.item_code = zf_body_str(body, "item_code");
    v.item_version = json_integer_value(json_object_get(answer, "version_used"));
    if (!v.item_version) v.item_version = cv.version;
    v.delegable = cv.delegable; /* 第24条: the catalogue says whether townships may act */
    v.violation_on = zf_body_str(body, "violation_date");
    v.ended_on = ended ? ended : "";
    v.harmed = zf_body_bool(body, "harmed", 0);
    /* the engine's range: the tier's part of the statutory range (or the
     * range itself), times the persons fined */
    json_t *rec = json_object_get(answer, "recommended");
    int64_t persons = json_is_object(rec) ? json_integer_value(json_object_get(rec, "persons")) : 1;
    if (persons < 1) persons = 1;
    json_t *tr = json_object_get(answer, "tier_range");
    if (!json_is_object(tr)) tr = json_object_get(answer, "fine_range");
    v.range_min_fen = json_is_object(tr) ? money_fen(tr, "min") * persons : 0;
    v.range_max_fen = json_is_object(tr) ? money_fen(tr, "max") * persons : 0;
    int64_t recommended = json_is_object(rec) ? money_fen(rec, "total") : 0;
    v.amount_fen = zf_body_int(body, "amount_fen", recommended);
    v.amount_reason = zf_body_str(body, "amount_reason") ? zf_body_str(body, "amount_reason") : "";
    if (v.amount_fen < 0) rc = zf_api_case_bad(&err, "amount_fen", "罚款数额不能为负");
    /* a fine outside the engine's range needs a written reason that the
     * legal reviewer sees (issue 8; 行政处罚法 第5条 过罚相当) */
    if (rc == 0 && (v.amount_fen < v.range_min_fen || v.amount_fen > v.range_max_fen) &&
        !*v.amount_reason)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "case.amount_reason_required", "amount_reason",
                          "罚款数额 %s 超出裁量范围（%s–%s），须写明理由",
                          zf_disc_yuan(a, v.amount_fen), zf_disc_yuan(a, v.range_min_fen),
                          zf_disc_yuan(a, v.range_max_fen));
    /* 第63条: 较大数额 — the engine's view or the amount against the dated thresholds */
    int person = 0;
    for (size_t i = 0; i < f.nparties; i++)
        if (f.parties[i].id == v.party_id) person = strcmp(f.parties[i].kind, "person") == 0;
    int64_t big = person ? cfg.hearing_person_fen : cfg.hearing_unit_fen;
    v.hearing_worthy =
        json_is_true(json_object_get(answer, "hearing")) || (big > 0 && v.amount_fen >= big);
    char *in_text = json_dumps(input, JSON_COMPACT | JSON_SORT_KEYS);
    char *ans_text = json_dumps(answer, JSON_COMPACT);
    v.discretion_input = zf_arena_strdup(a, in_text ? in_text : "{}");
    v.discretion = zf_arena_strdup(a, ans_text ? ans_text : "{}");
    free(in_text);
    free(ans_text);
    json_decref(input);
    json_decref(answer);
    if (rc == 0) rc = zf_case_violation_save(db, &v, &err);
    if (rc) {
        json_decref(before);
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = violation_json(NULL, &v);
    json_object_del(after, "discretion");
    zf_api_case_finish(req, resp, &f, "case.violation", before,
                       json_pack("{s:o}", "violation", after), vid ? 200 : 201);
}

void zf_api_case_violation_add(zf_req_t *req, zf_resp_t *resp) { violation_write(req, resp, 0); }
void zf_api_case_violation_update(zf_req_t *req, zf_resp_t *resp) {
    int64_t vid = zf_api_id_param(req, resp, "violation_id");
    if (vid) violation_write(req, resp, vid);
}

/* ---- officers (主办 / 协办) ---- */

void zf_api_case_officer_add(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"officer_id", ZF_FIELD_INT, 1, "执法人员", 0, 0},
        {"role", ZF_FIELD_STRING, 0, "办案角色", 10, 1},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_case_full_t f;
    if (begin_edit(req, resp, body, "case.write", 1, &f) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    const char *role = zf_body_str(body, "role") ? zf_body_str(body, "role") : "assist";
    int rc = 0;
    if (strcmp(role, "lead") && strcmp(role, "assist"))
        rc = zf_api_case_bad(&err, "role", "办案角色应为 lead（主办）或 assist（协办）");
    zf_officer_t o;
    if (rc == 0) {
        rc = zf_officer_get(db, req->arena, zf_body_int(body, "officer_id", 0), &o, &err);
        if (rc == ZF_ENOTFOUND) rc = zf_api_case_bad(&err, "officer_id", "执法人员不存在");
    }
    /* an officer of the case's bureau subtree (a township case: that township) */
    if (rc == 0 && !zf_perm_in_scope(zf_api_actor(req)->scope_path, o.unit_path))
        rc = zf_api_case_bad(&err, "officer_id", "该执法人员不在您的管辖范围内");
    zf_case_officer_t co = {
        .case_id = f.c.id, .officer_id = o.id, .user_id = o.user_id, .role = role};
    if (rc == 0) rc = zf_case_officer_add(db, &co, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_case_finish(
        req, resp, &f, "case.officer", NULL,
        json_pack("{s:I, s:s, s:s}", "officer_id", (json_int_t)o.id, "name", o.name, "role", role),
        201);
}

void zf_api_case_officer_remove(zf_req_t *req, zf_resp_t *resp) {
    const char *v = zf_req_query(req, "version");
    json_t *body = json_pack("{s:I}", "version", (json_int_t)(v ? atoll(v) : -1));
    zf_case_full_t f;
    int rc = begin_edit(req, resp, body, "case.write", 1, &f);
    json_decref(body);
    if (rc != 0) return;
    int64_t oid = zf_api_id_param(req, resp, "officer_id");
    if (!oid) {
        zf_db_rollback(zf_api_db(req));
        return;
    }
    zf_error_t err = {0};
    if (zf_case_officer_remove(zf_api_db(req), f.c.id, oid, &err) != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_case_finish(req, resp, &f, "case.officer_remove",
                       json_pack("{s:I}", "officer_id", (json_int_t)oid), json_object(), 200);
}

/* ---- timeline: the case's events from the full-process log ---- */

void zf_api_case_timeline(zf_req_t *req, zf_resp_t *resp) {
    zf_case_full_t f;
    if (zf_api_case_fetch(req, resp, "case.read", &f) != 0) return;
    zf_log_event_t *ev;
    size_t n;
    zf_error_t err = {0};
    if (zf_log_object_history(zf_api_db(req), req->arena, "case",
                              zf_arena_printf(req->arena, "%lld", (long long)f.c.id), &ev, &n,
                              &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = n; i-- > 0;) {
        json_t *b = json_loads(ev[i].body, 0, NULL);
        json_array_append_new(
            items,
            json_pack("{s:I, s:s, s:I, s:s, s:s, s:o, s:o}", "index", (json_int_t)ev[i].index,
                      "time", ev[i].time, "actor_id", (json_int_t)ev[i].actor_id, "actor_name",
                      ev[i].actor_name, "action", ev[i].action, "before",
                      b ? json_incref(json_object_get(b, "before")) : json_null(), "after",
                      b ? json_incref(json_object_get(b, "after")) : json_null()));
        json_decref(b);
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:I, s:o}", "case_id", (json_int_t)f.c.id, "items", items));
}

/* The legal_params keys of cases (migration 015), for POST /legal-params. */
int zf_api_case_param_known(const char *key, const char **unit) {
    static const struct {
        const char *key, *unit;
    } keys[] = {{"case.number.format", "格式"},
                {"case.legal_review.items", "事项代码"},
                {"case.legal_review.person_min", "分"},
                {"case.legal_review.unit_min", "分"},
                {"case.collective.person_min", "分"},
                {"case.collective.unit_min", "分"},
                {"case.instalment.surcharge_base", "方式"},
                {"remedy.outcomes", "清单"}};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(keys[i].key, key) == 0) {
            if (unit) *unit = keys[i].unit;
            return 1;
        }
    return 0;
}
