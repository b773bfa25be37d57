/* test_case.c — the penalty procedure table (core/case): every guard at its
 * boundary (real 2026 calendar from data/holidays.csv), every table row
 * fired, and walks of whole procedures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "core/arena.h"
#include "core/calendar.h"
#include "core/case.h"

static zf_arena_t *arena;
static zf_calendar_t cal;
static zf_dl_config_t dl = ZF_DL_CONFIG_DEFAULT;
static zf_case_params_t params = ZF_CASE_PARAMS_DEFAULT;
static zf_officer_rules_t orules = ZF_OFFICER_RULES_INIT;
static int fired[64];

static int setup(void **state) {
    (void)state;
    arena = zf_arena_new();
    char path[1024];
    snprintf(path, sizeof path, "%s", __FILE__);
    char *slash = strrchr(path, '/');
    if (!slash) return -1;
    snprintf(slash, sizeof path - (size_t)(slash - path), "/../../data/holidays.csv");
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    static char buf[65536];
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    zf_cal_day_t *days;
    size_t n, ny, ne;
    int *years;
    zf_cal_line_error_t *errs;
    zf_error_t err = {0};
    if (zf_cal_parse_csv(arena, buf, len, 0, 1, &days, &n, &years, &ny, &errs, &ne, &err) != 0)
        return -1;
    cal = (zf_calendar_t){years, ny, days, n};
    return 0;
}
static int teardown(void **state) {
    (void)state;
    zf_arena_free(arena);
    return 0;
}

static zf_day_t D(const char *s) {
    zf_day_t d;
    assert_int_equal(zf_day_parse(s, &d), 0);
    return d;
}

static zf_officer_facts_t team2[2], team_aux[2], team_rev[2];
static zf_case_violation_t viol[1];

static void officers_init(void) {
    zf_day_t on = zf_day_from_ymd(2020, 6, 1);
    team2[0] = (zf_officer_facts_t){11,     "王强",       "officer",    "serving",
                                    "C011", "2020-01-01", "2030-12-31", on};
    team2[1] = (zf_officer_facts_t){12,     "李明",       "officer",    "serving",
                                    "C012", "2020-01-01", "2030-12-31", on};
    team_aux[0] = team2[0];
    team_aux[1] = (zf_officer_facts_t){13, "赵辅", "auxiliary", "serving", "", "", "", on};
    team_rev[0] = team2[0];
    team_rev[1] = team2[1];
}

/* A valid ordinary case in `st`, today 2026-10-20. */
static zf_case_t base(zf_case_state_t st) {
    officers_init();
    viol[0] = (zf_case_violation_t){"AQ-001", 1, D("2026-08-01"), ZF_DAY_NONE, 0, 500000, 0};
    zf_case_t c = {0};
    c.state = st;
    c.team = team2;
    c.nteam = 2;
    c.violations = viol;
    c.nviolations = 1;
    c.filed_on = D("2026-09-01");
    c.notified_on = ZF_DAY_NONE;
    c.hearing_requested_on = ZF_DAY_NONE;
    c.hearing_held_on = ZF_DAY_NONE;
    c.hearing_notice_on = ZF_DAY_NONE;
    c.decided_on = ZF_DAY_NONE;
    c.served_on = ZF_DAY_NONE;
    c.paid_on = ZF_DAY_NONE;
    c.hazards_all_verified = 1;
    if (st >= ZF_CASE_NOTIFIED) {
        c.notified_on = D("2026-09-29");
        c.notified_amount_fen = 500000;
    }
    if (st >= ZF_CASE_DECIDED) {
        c.decided_on = D("2026-10-20");
        c.decided_amount_fen = 500000;
    }
    if (st >= ZF_CASE_SERVED) {
        c.served_on = D("2026-10-21");
        c.service_method = "direct";
        c.paid_fen = 500000;
    }
    return c;
}
static zf_case_ctx_t ctx(const char *role, const char *today) {
    return (zf_case_ctx_t){99, role, D(today), &cal, &dl, &orules, &params};
}
static const char *ROLE_FOR[] = {"section_head",  "officer",          "legal_reviewer",
                                 "bureau_leader", "township_officer", "admin"};

/* Fire event with the first role the row allows; returns new state or -1. */
static int fire(const zf_case_t *c, const char *event, const char *today, zf_case_finding_t *f,
                size_t *n) {
    for (size_t i = 0; i < zf_case_transitions_count(); i++) {
        const zf_case_transition_t *t = zf_case_transition_at(i);
        if (t->from != c->state || strcmp(t->event, event)) continue;
        for (size_t r = 0; r < 6; r++) {
            if (!strstr(t->roles, ROLE_FOR[r])) continue;
            zf_case_ctx_t x = ctx(ROLE_FOR[r], today);
            int to = zf_case_apply(c, event, &x, f, 16, n);
            if (to >= 0) {
                fired[i] = 1;
                return to;
            }
        }
    }
    return -1;
}
static int has(const zf_case_finding_t *f, size_t n, const char *code) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].code, code) == 0) return 1;
    return 0;
}

/* ---- guards at their boundaries ---- */
typedef struct gcase {
    const char *id, *event, *role, *today;
    void (*mod)(zf_case_t *);
    zf_case_state_t st;
    int want_rc;      /* 0 allowed, 1 refused */
    const char *code; /* finding expected (refused) or NULL */
    const char *msg;  /* substring of the message, or NULL */
} gcase_t;

static void m_none(zf_case_t *c) { (void)c; }
static void m_viol_0310(zf_case_t *c) {
    viol[0].date = D("2024-03-10");
    (void)c;
}
static void m_viol_harm(zf_case_t *c) {
    viol[0].date = D("2024-03-10");
    viol[0].harmed = 1;
    (void)c;
}
static void m_viol_cont(zf_case_t *c) {
    viol[0].date = D("2023-01-01");
    viol[0].ended_on = D("2024-03-10");
    (void)c;
}
static void m_old_reason(zf_case_t *c) {
    viol[0].date = D("2024-03-10");
    c->old_violation_reason = "隐匿证据，近日发现";
}
static void m_not_deleg(zf_case_t *c) {
    viol[0].delegable = 0;
    (void)c;
}
static void m_aux(zf_case_t *c) { c->team = team_aux; }
static void m_hear(zf_case_t *c) {
    viol[0].hearing_worthy = 1;
    c->statements_heard = 1;
}
static void m_hear_req(zf_case_t *c) {
    m_hear(c);
    c->hearing_requested_on = D("2026-09-30");
}
static void m_hear_held(zf_case_t *c) {
    m_hear_req(c);
    c->hearing_held_on = D("2026-10-16");
    c->hearing_notice_on = D("2026-10-07"); /* the last day: 7 whole working days before */
}
/* 第64条第1款第2项: the hearing held without a notice on record, or one a
 * day too late (10-08: 10-09…10-15 hold only six working days) */
static void m_hear_no_notice(zf_case_t *c) {
    m_hear_held(c);
    c->legal_review_done = 1;
    c->legal_review_opinion = "agree";
    c->hearing_notice_on = ZF_DAY_NONE;
}
static void m_hear_notice_late(zf_case_t *c) {
    m_hear_no_notice(c);
    c->hearing_notice_on = D("2026-10-08");
}
static void m_hear_held_lr(zf_case_t *c) {
    m_hear_held(c);
    c->legal_review_done = 1;
    c->legal_review_opinion = "agree";
}
static void m_hear_withdrawn(zf_case_t *c) {
    m_hear_req(c);
    c->hearing_withdrawn = 1;
}
static void m_stmt(zf_case_t *c) { (void)c; }
static void m_no_notice(zf_case_t *c) { c->notified_on = ZF_DAY_NONE; }
static void m_waived(zf_case_t *c) {
    c->notified_on = ZF_DAY_NONE;
    c->notice_waived = 1;
}
static void m_increase(zf_case_t *c) { c->decided_amount_fen = 500001; }
static void m_same(zf_case_t *c) { c->decided_amount_fen = 500000; }
static void m_lr_req(zf_case_t *c) { c->legal_review_required = 1; }
static void m_lr_change(zf_case_t *c) {
    c->legal_review_required = 1;
    c->legal_review_done = 1;
    c->legal_review_opinion = "change";
}
static void m_lr_agree(zf_case_t *c) {
    c->legal_review_required = 1;
    c->legal_review_done = 1;
    c->legal_review_opinion = "agree";
}
static void m_cd_req(zf_case_t *c) { c->collective_required = 1; }
static void m_reviewer_officer(zf_case_t *c) {
    team_rev[1].id = 99;
    c->team = team_rev;
    c->legal_review_required = 1;
}
static void m_s_person_200(zf_case_t *c) {
    c->simple = 1;
    c->party_is_person = 1;
    viol[0].amount_fen = 20000;
}
static void m_s_person_201(zf_case_t *c) {
    c->simple = 1;
    c->party_is_person = 1;
    viol[0].amount_fen = 20100;
}
static void m_s_org_3000(zf_case_t *c) {
    c->simple = 1;
    viol[0].amount_fen = 300000;
}
static void m_s_org_3001(zf_case_t *c) {
    c->simple = 1;
    viol[0].amount_fen = 300100;
}
static void m_serve_none(zf_case_t *c) {
    c->served_on = ZF_DAY_NONE;
    c->service_method = NULL;
}
static void m_unpaid(zf_case_t *c) { c->paid_fen = 0; }
/* served 2026-10-21, unpaid, payment on time until 2026-11-05 (第67条) */
static void m_unpaid_due(zf_case_t *c) {
    c->paid_fen = 0;
    c->payment_due = D("2026-11-05");
}
static void m_unpaid_enf(zf_case_t *c) {
    c->paid_fen = 0;
    c->enforcement_recorded = 1;
}
/* 复议/诉讼 (core/remedy.h) as the API sets them */
static void m_revoked(zf_case_t *c) {
    c->paid_fen = 0;
    c->payment_due = D("2026-11-05");
    c->remedy_voided = 1;
    c->remedy_note = "复议机关撤销了原处罚决定，没有可执行的行政决定，不得申请人民法院强制执行";
}
static void m_held(zf_case_t *c) {
    m_unpaid_due(c);
    c->remedy_held = 1;
    c->remedy_note = "人民法院确认违法：原决定未被撤销";
}
static void m_pending_enf(zf_case_t *c) {
    m_unpaid_due(c);
    c->remedy_pending = 1;
    c->enforcement_recorded = 1;
}
static void m_hazard(zf_case_t *c) { c->hazards_all_verified = 0; }
static void m_criminal(zf_case_t *c) { c->criminal_criteria_met = 1; }
static void m_criminal_ok(zf_case_t *c) {
    c->criminal_criteria_met = 1;
    c->criminal_decision_recorded = 1;
}
static void m_all_close(zf_case_t *c) {
    c->paid_fen = 0;
    c->hazards_all_verified = 0;
    c->criminal_criteria_met = 1;
}
static void m_withdraw_noreason(zf_case_t *c) { (void)c; }
static void m_simple_unrecorded(zf_case_t *c) { c->simple = 1; }

static const gcase_t G[] = {
    /* 第36条 limitation: violation 2024-03-10, last day 2026-03-10 */
    {"LIM-01", "file", "section_head", "2026-03-10", m_viol_0310, ZF_CASE_DRAFT, 0, NULL, NULL},
    {"LIM-02", "file", "section_head", "2026-03-11", m_viol_0310, ZF_CASE_DRAFT, 1,
     "case.time_barred", "2026-03-10"},
    {"LIM-03", "file", "section_head", "2029-03-10", m_viol_harm, ZF_CASE_DRAFT, 0, NULL, NULL},
    {"LIM-04", "file", "section_head", "2029-03-11", m_viol_harm, ZF_CASE_DRAFT, 1,
     "case.time_barred", "5年"},
    {"LIM-05", "file", "section_head", "2026-03-10", m_viol_cont, ZF_CASE_DRAFT, 0, NULL, NULL},
    {"LIM-06", "file", "section_head", "2026-03-11", m_viol_cont, ZF_CASE_DRAFT, 1,
     "case.time_barred", NULL},
    {"LIM-07", "file", "section_head", "2026-03-11", m_old_reason, ZF_CASE_DRAFT, 0, NULL, NULL},
    /* 第24条 delegation */
    {"DEL-01", "file", "township_officer", "2026-09-01", m_none, ZF_CASE_DRAFT, 0, NULL, NULL},
    {"DEL-02", "file", "township_officer", "2026-09-01", m_not_deleg, ZF_CASE_DRAFT, 1,
     "case.not_delegated", "AQ-001"},
    {"DEL-03", "file", "section_head", "2026-09-01", m_not_deleg, ZF_CASE_DRAFT, 0, NULL, NULL},
    {"ROL-01", "file", "officer", "2026-09-01", m_none, ZF_CASE_DRAFT, 1, "case.role_not_allowed",
     NULL},
    {"ROL-02", "decide", "officer", "2026-10-20", m_none, ZF_CASE_NOTIFIED, 1,
     "case.role_not_allowed", NULL},
    /* 第42条 two officers */
    {"TEAM-01", "investigate", "officer", "2026-09-02", m_none, ZF_CASE_FILED, 0, NULL, NULL},
    {"TEAM-02", "investigate", "officer", "2026-09-02", m_aux, ZF_CASE_FILED, 1,
     "case.needs_two_officers", NULL},
    {"TEAM-03", "investigate", "officer", "2026-09-02", m_aux, ZF_CASE_FILED, 1,
     "case.officer_not_counted", "赵辅"},
    {"TEAM-04", "decide", "bureau_leader", "2026-10-20", m_aux, ZF_CASE_NOTIFIED, 1,
     "case.needs_two_officers", NULL},
    /* 第64条 hearing request 5 working days after notice 2026-09-29, across 国庆 and the 10-10
       working Saturday */
    {"HEAR-01", "decide", "bureau_leader", "2026-10-12", m_hear, ZF_CASE_NOTIFIED, 1,
     "case.hearing_period_running", "听证申请期限未届满（至 2026-10-12）"},
    {"HEAR-02", "decide", "bureau_leader", "2026-10-13", m_hear, ZF_CASE_NOTIFIED, 0, NULL, NULL},
    {"HEAR-03", "decide", "bureau_leader", "2026-10-20", m_hear_req, ZF_CASE_NOTIFIED, 1,
     "case.hearing_pending", NULL},
    {"HEAR-04", "decide", "bureau_leader", "2026-10-20", m_hear_held_lr, ZF_CASE_HEARING, 0, NULL,
     NULL},
    {"HEAR-05", "decide", "bureau_leader", "2026-10-09", m_hear_withdrawn, ZF_CASE_NOTIFIED, 0,
     NULL, NULL},
    {"HEAR-06", "decide", "bureau_leader", "2026-10-20", m_hear_no_notice, ZF_CASE_HEARING, 1,
     "case.hearing_notice_missing", "七个工作日前"},
    {"HEAR-07", "decide", "bureau_leader", "2026-10-20", m_hear_notice_late, ZF_CASE_HEARING, 1,
     "case.hearing_notice_late",
     "应最迟于 2026-10-07 送达（举行听证的七个工作日前），实际送达 2026-10-08"},
    {"HEAR-08", "legal_review", "section_head", "2026-10-20", m_hear_notice_late, ZF_CASE_HEARING,
     1, "case.hearing_notice_late", NULL},
    {"HEAR-06", "hearing", "officer", "2026-10-09", m_none, ZF_CASE_NOTIFIED, 1,
     "case.hearing_not_available", NULL},
    /* 第44条 statement period: 3 working days (configured, 未核实) → 2026-10-09 */
    {"STMT-01", "decide", "bureau_leader", "2026-10-09", m_stmt, ZF_CASE_NOTIFIED, 1,
     "case.statement_period_running", "2026-10-09"},
    {"STMT-02", "decide", "bureau_leader", "2026-10-10", m_stmt, ZF_CASE_NOTIFIED, 0, NULL, NULL},
    /* 第44、62条 notice; 第45条 no increase */
    {"NOT-01", "decide", "bureau_leader", "2026-10-20", m_no_notice, ZF_CASE_NOTIFIED, 1,
     "case.needs_notice", NULL},
    {"NOT-02", "decide", "bureau_leader", "2026-10-20", m_waived, ZF_CASE_NOTIFIED, 0, NULL, NULL},
    {"INC-01", "decide", "bureau_leader", "2026-10-20", m_increase, ZF_CASE_NOTIFIED, 1,
     "case.penalty_increased", NULL},
    {"INC-02", "decide", "bureau_leader", "2026-10-20", m_same, ZF_CASE_NOTIFIED, 0, NULL, NULL},
    /* 第58条 legal review; 第57条第2款 collective discussion */
    {"LR-01", "decide", "bureau_leader", "2026-10-20", m_lr_req, ZF_CASE_NOTIFIED, 1,
     "case.needs_legal_review", "未经法制审核不得作出决定"},
    {"LR-02", "decide", "bureau_leader", "2026-10-20", m_lr_change, ZF_CASE_NOTIFIED, 1,
     "case.needs_legal_review", NULL},
    {"LR-03", "decide", "bureau_leader", "2026-10-20", m_lr_agree, ZF_CASE_NOTIFIED, 0, NULL, NULL},
    {"LR-04", "legal_return", "legal_reviewer", "2026-10-01", m_reviewer_officer,
     ZF_CASE_LEGAL_REVIEW, 1, "case.reviewer_is_officer", NULL},
    {"LR-05", "legal_review", "section_head", "2026-10-01", m_none, ZF_CASE_REVIEWING, 1,
     "case.legal_review_not_required", NULL},
    {"LR-06", "notify", "officer", "2026-10-01", m_lr_req, ZF_CASE_REVIEWING, 1,
     "case.needs_legal_review", NULL},
    {"LR-07", "decide", "bureau_leader", "2026-10-20", m_hear_held, ZF_CASE_HEARING, 1,
     "case.needs_legal_review", NULL},
    {"LR-08", "decide", "bureau_leader", "2026-10-20", m_hear_held_lr, ZF_CASE_HEARING, 0, NULL,
     NULL},
    {"CD-01", "decide", "bureau_leader", "2026-10-20", m_cd_req, ZF_CASE_NOTIFIED, 1,
     "case.needs_collective_discussion", NULL},
    /* 第60条 90 days from filing 2026-09-01 → 2026-11-30: warning by default */
    {"DUE-01", "decide", "bureau_leader", "2026-11-30", m_none, ZF_CASE_NOTIFIED, 0, NULL, NULL},
    {"DUE-02", "decide", "bureau_leader", "2026-12-01", m_none, ZF_CASE_NOTIFIED, 0,
     "case.decision_overdue", "2026-11-30"},
    /* 第51条 simple procedure thresholds */
    {"SIM-01", "decide_on_spot", "officer", "2026-10-20", m_s_person_200, ZF_CASE_DRAFT, 0, NULL,
     NULL},
    {"SIM-02", "decide_on_spot", "officer", "2026-10-20", m_s_person_201, ZF_CASE_DRAFT, 1,
     "case.simple_over_threshold", "须适用普通程序"},
    {"SIM-03", "decide_on_spot", "officer", "2026-10-20", m_s_org_3000, ZF_CASE_DRAFT, 0, NULL,
     NULL},
    {"SIM-04", "decide_on_spot", "officer", "2026-10-20", m_s_org_3001, ZF_CASE_DRAFT, 1,
     "case.simple_over_threshold", "3000元"},
    {"SIM-05", "decide_on_spot", "officer", "2026-10-20", m_none, ZF_CASE_DRAFT, 1,
     "case.not_simple", NULL},
    {"SIM-06", "file", "section_head", "2026-10-20", m_s_person_200, ZF_CASE_DRAFT, 1,
     "case.simple_path", NULL},
    /* 第61条 service */
    {"SRV-01", "serve", "officer", "2026-10-21", m_serve_none, ZF_CASE_DECIDED, 1,
     "case.service_incomplete", NULL},
    /* execute: 第67、72条 — only after the payment period, only what is unpaid */
    {"EXE-01", "execute", "officer", "2026-11-01", m_unpaid_due, ZF_CASE_SERVED, 1,
     "case.payment_period_running", NULL},
    {"EXE-02", "execute", "officer", "2026-11-05", m_unpaid_due, ZF_CASE_SERVED, 1,
     "case.payment_period_running", NULL},
    {"EXE-03", "execute", "officer", "2026-11-06", m_unpaid_due, ZF_CASE_SERVED, 0, NULL, NULL},
    {"EXE-04", "execute", "officer", "2026-11-06", m_none, ZF_CASE_SERVED, 1,
     "case.nothing_to_execute", NULL},
    /* 复议/诉讼: 撤销 blocks execution and says so (行政强制法 第53条); 确认违法
     * holds it; a pending remedy does not stop execution (行政处罚法 第73条)
     * but warns against the court application */
    {"REM-01", "execute", "officer", "2026-11-06", m_revoked, ZF_CASE_SERVED, 1,
     "remedy.voids_decision", "撤销"},
    {"REM-02", "execute", "officer", "2026-11-06", m_held, ZF_CASE_SERVED, 1,
     "remedy.holds_execution", "确认违法"},
    {"REM-03", "execute", "officer", "2026-11-06", m_pending_enf, ZF_CASE_SERVED, 0,
     "remedy.pending", "须待复议、诉讼终结"},
    {"REM-04", "close", "section_head", "2026-11-06", m_revoked, ZF_CASE_SERVED, 0, NULL, NULL},
    /* close: 第66/72条, hazards, 第27条/310号令, 第52条第3款 */
    {"CLS-01", "close", "section_head", "2026-11-01", m_unpaid, ZF_CASE_SERVED, 1,
     "case.unpaid_fine", NULL},
    {"CLS-02", "close", "section_head", "2026-11-01", m_unpaid_enf, ZF_CASE_SERVED, 0, NULL, NULL},
    {"CLS-03", "close", "section_head", "2026-11-01", m_hazard, ZF_CASE_SERVED, 1,
     "case.hazards_unverified", NULL},
    {"CLS-04", "close", "section_head", "2026-11-01", m_criminal, ZF_CASE_SERVED, 1,
     "case.criminal_transfer_undecided", NULL},
    {"CLS-05", "close", "section_head", "2026-11-01", m_criminal_ok, ZF_CASE_SERVED, 0, NULL, NULL},
    {"CLS-06", "close", "section_head", "2026-11-01", m_simple_unrecorded, ZF_CASE_DECIDED, 1,
     "case.simple_not_recorded", NULL},
    {"CLS-07", "close", "section_head", "2026-11-01", m_none, ZF_CASE_DECIDED, 1,
     "case.needs_service", NULL},
    {"WD-01", "withdraw", "section_head", "2026-09-05", m_withdraw_noreason, ZF_CASE_FILED, 1,
     "case.withdraw_reason", NULL},
    {"ARC-01", "archive", "section_head", "2026-11-01", m_none, ZF_CASE_SERVED, 2, NULL, NULL},
};

static void test_guards(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof G / sizeof G[0]; i++) {
        zf_case_t c = base(G[i].st);
        G[i].mod(&c);
        zf_case_ctx_t x = ctx(G[i].role, G[i].today);
        zf_case_finding_t f[16];
        size_t n = 0;
        int rc = zf_case_check(&c, G[i].event, &x, f, 16, &n);
        int want = G[i].want_rc == 0 ? 0 : G[i].want_rc == 1 ? ZF_EPERM : ZF_EINVAL;
        if (rc != want)
            fail_msg("%s: rc %d want %d (first finding %s)", G[i].id, rc, want,
                     n ? f[0].message : "-");
        if (G[i].code && !has(f, n, G[i].code)) fail_msg("%s: no finding %s", G[i].id, G[i].code);
        if (G[i].msg) {
            int ok = 0;
            for (size_t k = 0; k < n; k++)
                if (strstr(f[k].message, G[i].msg)) ok = 1;
            if (!ok)
                fail_msg("%s: no message containing %s (%s)", G[i].id, G[i].msg,
                         n ? f[0].message : "-");
        }
        for (size_t k = 0; k < n; k++)
            if (!f[k].article || !*f[k].article) fail_msg("%s: finding without article", G[i].id);
    }
}

/* MULTI-01: every unmet precondition at once, fixed order. */
static void test_multi(void **state) {
    (void)state;
    zf_case_t c = base(ZF_CASE_NOTIFIED);
    c.team = team_aux;
    c.legal_review_required = 1;
    c.collective_required = 1;
    c.decided_amount_fen = 600000;
    zf_case_ctx_t x = ctx("bureau_leader", "2026-10-20");
    zf_case_finding_t f[16];
    size_t n = 0;
    assert_int_equal(zf_case_check(&c, "decide", &x, f, 16, &n), ZF_EPERM);
    const char *want[] = {"case.officer_not_counted", "case.needs_two_officers",
                          "case.needs_legal_review", "case.needs_collective_discussion",
                          "case.penalty_increased"};
    assert_int_equal(n, 5);
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(f[i].code, want[i]);
    /* MULTI-02: close with three problems */
    zf_case_t d = base(ZF_CASE_SERVED);
    m_all_close(&d);
    x = ctx("section_head", "2026-11-01");
    assert_int_equal(zf_case_check(&d, "close", &x, f, 16, &n), ZF_EPERM);
    assert_int_equal(n, 3);
    assert_string_equal(f[0].code, "case.unpaid_fine");
    assert_string_equal(f[1].code, "case.hazards_unverified");
    assert_string_equal(f[2].code, "case.criminal_transfer_undecided");
}

/* SRV-02/03: 7 working days after decision 2026-09-29 → 2026-10-14 (国庆, 10-10 调休上班). */
static void test_service_late(void **state) {
    (void)state;
    zf_case_t c = base(ZF_CASE_DECIDED);
    c.decided_on = D("2026-09-29");
    c.service_method = "post";
    c.served_on = D("2026-10-15");
    zf_case_ctx_t x = ctx("officer", "2026-10-13");
    zf_case_finding_t f[16];
    size_t n = 0;
    assert_int_equal(zf_case_check(&c, "serve", &x, f, 16, &n), 0); /* a warning, not a block */
    assert_true(has(f, n, "case.service_late"));
    c.served_on = D("2026-10-14");
    assert_int_equal(zf_case_check(&c, "serve", &x, f, 16, &n), 0);
    assert_false(has(f, n, "case.service_late"));
    c.service_method = "on_spot";
    c.served_on = D("2026-12-01");
    assert_int_equal(zf_case_check(&c, "serve", &x, f, 16, &n), 0);
    assert_false(has(f, n, "case.service_late"));
}

#define STEP(ev, today)                                                                            \
    do {                                                                                           \
        int to = fire(&c, ev, today, f, &n);                                                       \
        if (to < 0)                                                                                \
            fail_msg("%s from %s refused: %s", ev, zf_case_state_code(c.state),                    \
                     n ? f[0].message : "-");                                                      \
        c.state = (zf_case_state_t)to;                                                             \
    } while (0)

static void test_walks(void **state) {
    (void)state;
    zf_case_finding_t f[16];
    size_t n;
    /* WALK-01: ordinary with hearing, legal review, collective discussion */
    zf_case_t c = base(ZF_CASE_DRAFT);
    viol[0].hearing_worthy = 1;
    c.legal_review_required = 1;
    c.collective_required = 1;
    STEP("file", "2026-09-01");
    STEP("investigate", "2026-09-02");
    STEP("review", "2026-09-20");
    STEP("legal_review", "2026-09-21");
    c.legal_review_done = 1;
    c.legal_review_opinion = "agree";
    STEP("discuss", "2026-09-22");
    c.collective_done = 1;
    STEP("notify", "2026-09-29");
    c.notified_on = D("2026-09-29");
    c.notified_amount_fen = 500000;
    c.hearing_requested_on = D("2026-09-30");
    STEP("hearing", "2026-10-09");
    c.hearing_held_on = D("2026-10-16");
    c.hearing_notice_on = D("2026-09-30");
    c.decided_amount_fen = 400000;
    STEP("decide", "2026-10-20");
    c.decided_on = D("2026-10-20");
    c.service_method = "direct";
    c.served_on = D("2026-10-21");
    STEP("serve", "2026-10-21");
    STEP("execute", "2026-11-25");
    c.enforcement_recorded = 1;
    STEP("close", "2026-11-30");
    STEP("archive", "2026-12-01");
    assert_int_equal(c.state, ZF_CASE_ARCHIVED);
    /* WALK-02: without hearing, paid, closed from served */
    c = base(ZF_CASE_DRAFT);
    STEP("file", "2026-09-01");
    STEP("investigate", "2026-09-02");
    STEP("review", "2026-09-20");
    STEP("notify", "2026-09-29");
    c.notified_on = D("2026-09-29");
    c.notified_amount_fen = 500000;
    c.decided_amount_fen = 500000;
    STEP("decide", "2026-10-10");
    c.decided_on = D("2026-10-10");
    c.service_method = "on_spot";
    c.served_on = D("2026-10-10");
    STEP("serve", "2026-10-10");
    c.paid_fen = 500000;
    STEP("close", "2026-10-20");
    STEP("archive", "2026-10-21");
    /* WALK-03: legal review returned, then agreed; legal review straight to notice */
    c = base(ZF_CASE_DRAFT);
    c.legal_review_required = 1;
    STEP("file", "2026-09-01");
    STEP("investigate", "2026-09-02");
    STEP("review", "2026-09-20");
    STEP("legal_review", "2026-09-21");
    STEP("legal_return", "2026-09-22");
    assert_int_equal(c.state, ZF_CASE_INVESTIGATING);
    STEP("review", "2026-09-25");
    STEP("legal_review", "2026-09-26");
    c.legal_review_done = 1;
    c.legal_review_opinion = "agree";
    STEP("notify", "2026-09-29");
    c.notified_on = D("2026-09-29");
    c.notified_amount_fen = 500000;
    c.decided_amount_fen = 500000;
    STEP("decide", "2026-10-20");
    c.decided_on = D("2026-10-20");
    STEP("execute", "2026-10-21");
    /* WALK-04: 不予处罚 after hearing, and after notice */
    c = base(ZF_CASE_DRAFT);
    viol[0].hearing_worthy = 1;
    c.collective_required = 1;
    STEP("file", "2026-09-01");
    STEP("investigate", "2026-09-02");
    STEP("review", "2026-09-20");
    STEP("discuss", "2026-09-21");
    c.collective_done = 1;
    STEP("notify", "2026-09-29");
    c.notified_on = D("2026-09-29");
    c.hearing_requested_on = D("2026-09-30");
    STEP("hearing", "2026-10-09");
    STEP("no_penalty", "2026-10-20");
    c.decided_on = D("2026-10-20");
    c.service_method = "direct";
    c.served_on = D("2026-10-21");
    STEP("serve", "2026-10-21");
    STEP("close", "2026-10-22");
    c = base(ZF_CASE_NOTIFIED);
    STEP("no_penalty", "2026-10-20");
    /* WALK-07: a hearing held on a case that needed no review before the
     * notice (第58条第1款第2项): the decision waits for the review, the
     * hearing leads to it, the review to the decision or to 不予处罚 */
    c = base(ZF_CASE_DRAFT);
    viol[0].hearing_worthy = 1;
    STEP("file", "2026-09-01");
    STEP("investigate", "2026-09-02");
    STEP("review", "2026-09-20");
    STEP("notify", "2026-09-29");
    c.notified_on = D("2026-09-29");
    c.notified_amount_fen = 500000;
    c.hearing_requested_on = D("2026-09-30");
    STEP("hearing", "2026-10-09");
    c.hearing_held_on = D("2026-10-16");
    c.hearing_notice_on = D("2026-09-30");
    c.legal_review_required = 1; /* as the API derives it from the hearing */
    c.decided_amount_fen = 500000;
    {
        zf_case_ctx_t x = ctx("section_head", "2026-10-20");
        assert_true(zf_case_check(&c, "decide", &x, f, 16, &n) != 0);
        assert_true(has(f, n, "case.needs_legal_review"));
    }
    STEP("legal_review", "2026-10-20");
    assert_int_equal(c.state, ZF_CASE_LEGAL_REVIEW);
    c.legal_review_done = 1;
    c.legal_review_opinion = "agree";
    zf_case_t c2 = c;
    STEP("decide", "2026-10-22");
    assert_int_equal(c.state, ZF_CASE_DECIDED);
    c = c2;
    STEP("no_penalty", "2026-10-22");
    assert_int_equal(c.state, ZF_CASE_NO_PENALTY);
    /* WALK-05: simple procedure, 备案, paid / executing */
    c = base(ZF_CASE_DRAFT);
    c.simple = 1;
    c.party_is_person = 1;
    viol[0].amount_fen = 20000;
    STEP("decide_on_spot", "2026-10-20");
    c.decided_amount_fen = 20000;
    c.paid_fen = 20000;
    c.filing_record_done = 1;
    STEP("close", "2026-10-20");
    STEP("archive", "2026-10-21");
    c = base(ZF_CASE_DRAFT);
    c.simple = 1;
    viol[0].amount_fen = 300000;
    STEP("decide_on_spot", "2026-10-20");
    c.decided_amount_fen = 300000;
    c.filing_record_done = 1;
    c.decided_on = D("2026-10-20");
    STEP("execute", "2026-11-20");
    /* WALK-06: withdrawn from draft, filed, investigating */
    const zf_case_state_t early[] = {ZF_CASE_DRAFT, ZF_CASE_FILED, ZF_CASE_INVESTIGATING};
    for (size_t i = 0; i < 3; i++) {
        c = base(early[i]);
        c.withdraw_reason = "经查不存在违法事实";
        STEP("withdraw", "2026-09-05");
        assert_int_equal(c.state, ZF_CASE_WITHDRAWN);
    }
}

/* Runs last: every row of the table was fired by some test above. */
static void test_every_row_fired(void **state) {
    (void)state;
    assert_true(zf_case_transitions_count() <= 64);
    for (size_t i = 0; i < zf_case_transitions_count(); i++) {
        const zf_case_transition_t *t = zf_case_transition_at(i);
        if (!fired[i])
            fail_msg("row %zu %s --%s--> %s has no test", i, zf_case_state_code(t->from), t->event,
                     zf_case_state_code(t->to));
    }
}

static void test_states(void **state) {
    (void)state;
    for (int s = 0; s < ZF_CASE_NSTATES; s++) {
        zf_case_state_t back;
        assert_int_equal(zf_case_state_parse(zf_case_state_code((zf_case_state_t)s), &back), 0);
        assert_int_equal(back, s);
        assert_true(strlen(zf_case_state_name((zf_case_state_t)s)) > 0);
    }
    const zf_case_transition_t *out[16];
    assert_int_equal(zf_case_transitions_from(ZF_CASE_ARCHIVED, out, 16), 0);
    assert_int_equal(zf_case_transitions_from(ZF_CASE_CLOSED, out, 16), 1);
    assert_string_equal(out[0]->event, "archive");
}

/* QUAL: 行政处罚法 第58条第2款 — the certificate, or reviewing since before
 * 2021-07-15 (not 初次); the day itself is after */
static void test_reviewer_qualified(void **state) {
    (void)state;
    zf_day_t d14, d15;
    assert_int_equal(zf_day_parse("2021-07-14", &d14), 0);
    assert_int_equal(zf_day_parse("2021-07-15", &d15), 0);
    assert_true(zf_case_reviewer_qualified(1, ZF_DAY_NONE));
    assert_true(zf_case_reviewer_qualified(1, d15));
    assert_true(zf_case_reviewer_qualified(0, d14));
    assert_false(zf_case_reviewer_qualified(0, d15));
    assert_false(zf_case_reviewer_qualified(0, ZF_DAY_NONE));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_states),
        cmocka_unit_test(test_guards),
        cmocka_unit_test(test_multi),
        cmocka_unit_test(test_service_late),
        cmocka_unit_test(test_walks),
        cmocka_unit_test(test_every_row_fired),
        cmocka_unit_test(test_reviewer_qualified),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
