/* case.c — the penalty procedure table; see case.h and docs/internals/cases.md. */
#include "core/case.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "core/error.h"

static const char *const CODES[] = {
    "draft",    "filed",    "investigating", "reviewing",  "legal_review", "collective_discussion",
    "notified", "hearing",  "decided",       "no_penalty", "served",       "executing",
    "closed",   "archived", "withdrawn"};
static const char *const NAMES[] = {"待立案",   "立案", "调查取证",      "案件审理", "法制审核",
                                    "集体讨论", "告知", "陈述申辩/听证", "决定",     "不予处罚",
                                    "送达",     "执行", "结案",          "归档",     "撤销立案"};

const char *zf_case_state_code(zf_case_state_t s) { return s < ZF_CASE_NSTATES ? CODES[s] : ""; }
const char *zf_case_state_name(zf_case_state_t s) { return s < ZF_CASE_NSTATES ? NAMES[s] : ""; }
int zf_case_state_parse(const char *code, zf_case_state_t *out) {
    for (int i = 0; i < ZF_CASE_NSTATES; i++)
        if (code && strcmp(code, CODES[i]) == 0) {
            *out = (zf_case_state_t)i;
            return 0;
        }
    return ZF_EINVAL;
}

typedef struct fl {
    zf_case_finding_t *out;
    size_t cap, *n;
    int blocked;
} fl_t;
static void add(fl_t *f, int blocking, const char *code, const char *article, const char *fmt,
                ...) {
    if (blocking) f->blocked = 1;
    if (*f->n < f->cap) {
        zf_case_finding_t *x = &f->out[*f->n];
        x->code = code;
        x->blocking = blocking;
        x->article = article;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(x->message, sizeof x->message, fmt, ap);
        va_end(ap);
    }
    (*f->n)++;
}
#define GUARD(name) static void name(const zf_case_t *c, const zf_case_ctx_t *x, fl_t *f)
static int is(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }
static int set(const char *s) { return s && *s; }

/* 第42条 执法人员不得少于两人, via zf_team_check; each person's reason reported. */
GUARD(g_team) {
    int counts[32];
    zf_team_finding_t tf[ZF_TEAM_FINDINGS_MAX(32)];
    size_t nt = 0, counted = 0, n = c->nteam > 32 ? 32 : c->nteam;
    zf_officer_rules_t def = ZF_OFFICER_RULES_INIT;
    if (zf_team_check(x->officer_rules ? x->officer_rules : &def, x->today, c->team, n, counts, tf,
                      &nt, &counted) == 0)
        return;
    for (size_t i = 0; i < nt; i++) {
        int team = tf[i].officer_id == 0;
        add(f, 1, team ? "case.needs_two_officers" : "case.officer_not_counted",
            "行政处罚法 第42条", "%s", team ? "需两名持证执法人员" : tf[i].reason);
    }
    if (nt == 0) add(f, 1, "case.needs_two_officers", "行政处罚法 第42条", "需两名持证执法人员");
}
/* 第24条: township officers only on delegated items; 第36条: limitation. */
GUARD(g_file) {
    if (is(x->role, "township_officer"))
        for (size_t i = 0; i < c->nviolations; i++)
            if (!c->violations[i].delegable)
                add(f, 1, "case.not_delegated", "行政处罚法 第24条",
                    "事项 %s 未下放乡镇（街道），不得立案",
                    c->violations[i].item_code ? c->violations[i].item_code : "");
    for (size_t i = 0; i < c->nviolations; i++) {
        const zf_case_violation_t *v = &c->violations[i];
        zf_day_t d = v->ended_on != ZF_DAY_NONE ? v->ended_on : v->date;
        zf_limitation_t l;
        zf_error_t err = {0};
        if (zf_limitation_check(d, v->harmed, x->today, &l, &err) != 0) {
            add(f, 1, "case.violation_date_invalid", "行政处罚法 第36条",
                "违法行为日期晚于立案日期");
            continue;
        }
        if (l.barred && !set(c->old_violation_reason)) {
            char ld[11];
            zf_day_format(l.last_day, ld);
            add(f, 1, "case.time_barred", "行政处罚法 第36条",
                "违法行为已超过%d年追诉时效（至 %s），须记录立案理由", l.years, ld);
        }
    }
}
static void legal_ok(const zf_case_t *c, fl_t *f) {
    /* 第58条第1款第2项: a case that went through a hearing always needs review. */
    int required = c->legal_review_required || c->hearing_held_on != ZF_DAY_NONE;
    if (required && !(c->legal_review_done && is(c->legal_review_opinion, "agree")))
        add(f, 1, "case.needs_legal_review", "行政处罚法 第58条", "未经法制审核不得作出决定");
}
/* 第64条第1款第2项、第85条: 行政机关应当在举行听证的七日前，通知当事人及有关人员
 * 听证的时间、地点 — seven working days, whole, between the notice and the
 * hearing (core/deadline rule hearing_notice). Checked when a held hearing
 * is recorded on the way to the review or the decision. */
static void hearing_notice_ok(const zf_case_t *c, const zf_case_ctx_t *x, fl_t *f) {
    if (c->hearing_held_on == ZF_DAY_NONE) return;
    if (c->hearing_notice_on == ZF_DAY_NONE) {
        add(f, 1, "case.hearing_notice_missing", "行政处罚法 第64条第1款第2项",
            "未记录听证通知书送达日期（应在举行听证的七个工作日前通知当事人）");
        return;
    }
    if (!x->cal || !x->dl) return;
    zf_dl_result_t r;
    zf_error_t err = {0};
    if (zf_dl_compute(x->cal, x->dl, "hearing_notice", c->hearing_held_on, &r, &err) != 0) {
        add(f, 1, "case.calendar_missing", "行政处罚法 第85条", "%s", err.message);
    } else if (c->hearing_notice_on > r.due) {
        char due[11], sent[11];
        zf_day_format(r.due, due);
        zf_day_format(c->hearing_notice_on, sent);
        add(f, 1, "case.hearing_notice_late", "行政处罚法 第64条第1款第2项、第85条",
            "听证通知书应最迟于 %s 送达（举行听证的七个工作日前），实际送达 %s", due, sent);
    }
}
static void collective_ok(const zf_case_t *c, fl_t *f) {
    if (c->collective_required && !c->collective_done)
        add(f, 1, "case.needs_collective_discussion", "行政处罚法 第57条第2款",
            "未经集体讨论不得作出决定");
}
static void reviewer_ok(const zf_case_t *c, const zf_case_ctx_t *x, fl_t *f) {
    for (size_t i = 0; i < c->nteam; i++)
        if (c->team[i].id == x->user_id)
            add(f, 1, "case.reviewer_is_officer", "行政处罚法 第58条",
                "法制审核人员不得是本案执法人员");
}
static int hearing_worthy(const zf_case_t *c) {
    for (size_t i = 0; i < c->nviolations; i++)
        if (c->violations[i].hearing_worthy) return 1;
    return 0;
}
static int64_t total(const zf_case_t *c) {
    int64_t t = 0;
    for (size_t i = 0; i < c->nviolations; i++)
        t += c->violations[i].amount_fen;
    return t;
}
GUARD(g_investigate) { g_team(c, x, f); }
GUARD(g_to_legal) {
    hearing_notice_ok(c, x, f);
    if (!c->legal_review_required)
        add(f, 1, "case.legal_review_not_required", "行政处罚法 第58条",
            "本案不属于须法制审核的情形");
}
GUARD(g_legal_return) { reviewer_ok(c, x, f); }
GUARD(g_legal_agree_discuss) {
    reviewer_ok(c, x, f);
    if (!c->collective_required)
        add(f, 1, "case.collective_not_required", "行政处罚法 第57条第2款", "本案不须集体讨论");
}
GUARD(g_discuss) {
    (void)x;
    legal_ok(c, f);
    if (!c->collective_required)
        add(f, 1, "case.collective_not_required", "行政处罚法 第57条第2款", "本案不须集体讨论");
}
GUARD(g_notify) {
    g_team(c, x, f);
    legal_ok(c, f);
    collective_ok(c, f);
}
GUARD(g_hearing) {
    (void)x;
    if (!hearing_worthy(c))
        add(f, 1, "case.hearing_not_available", "行政处罚法 第63条", "本案不属于可申请听证的情形");
    if (c->hearing_requested_on == ZF_DAY_NONE)
        add(f, 1, "case.hearing_not_requested", "行政处罚法 第64条", "当事人未申请听证");
}
/* 第44、45、57、58、60、62、63、64条. */
GUARD(g_decide) {
    g_team(c, x, f);
    hearing_notice_ok(c, x, f);
    legal_ok(c, f);
    collective_ok(c, f);
    if (c->notified_on == ZF_DAY_NONE && !c->notice_waived)
        add(f, 1, "case.needs_notice", "行政处罚法 第44条、第62条",
            "未告知拟处罚内容及陈述、申辩权利，不得作出决定");
    if (c->notified_on != ZF_DAY_NONE && !c->statements_heard && !c->notice_waived && x->cal &&
        x->dl) {
        zf_dl_result_t r;
        zf_error_t err = {0};
        if (zf_dl_compute(x->cal, x->dl, "statement", c->notified_on, &r, &err) == 0 &&
            x->today <= r.due) {
            char d[11];
            zf_day_format(r.due, d);
            add(f, 1, "case.statement_period_running", "行政处罚法 第44条",
                "陈述申辩期限未届满（至 %s）", d);
        }
    }
    if (hearing_worthy(c) && c->notified_on != ZF_DAY_NONE && c->hearing_held_on == ZF_DAY_NONE &&
        !c->hearing_withdrawn && !c->hearing_waived) {
        if (c->hearing_requested_on != ZF_DAY_NONE)
            add(f, 1, "case.hearing_pending", "行政处罚法 第64条", "当事人已申请听证，听证未举行");
        else if (x->cal && x->dl) {
            zf_dl_result_t r;
            zf_error_t err = {0};
            if (zf_dl_compute(x->cal, x->dl, "hearing_request", c->notified_on, &r, &err) != 0)
                add(f, 1, "case.calendar_missing", "行政处罚法 第85条", "%s", err.message);
            else if (x->today <= r.due) {
                char d[11];
                zf_day_format(r.due, d);
                add(f, 1, "case.hearing_period_running", "行政处罚法 第64条",
                    "听证申请期限未届满（至 %s）", d);
            }
        }
    }
    if (c->notified_on != ZF_DAY_NONE && c->decided_amount_fen > c->notified_amount_fen)
        add(f, 1, "case.penalty_increased", "行政处罚法 第45条",
            "不得因当事人陈述、申辩而加重处罚");
    if (c->filed_on != ZF_DAY_NONE && x->dl) {
        zf_day_t last = c->filed_on + x->dl->decision_days + c->extension_days;
        if (x->today > last) {
            char d[11];
            zf_day_format(last, d);
            add(f, x->params && x->params->decision_overdue_blocks, "case.decision_overdue",
                "行政处罚法 第60条", "已超过作出决定的期限（至 %s）", d);
        }
    }
}
GUARD(g_no_penalty) {
    g_team(c, x, f);
    hearing_notice_ok(c, x, f);
    legal_ok(c, f);
    collective_ok(c, f);
}
/* 第51条: simple procedure thresholds (parameters). */
GUARD(g_on_spot) {
    zf_case_params_t def = ZF_CASE_PARAMS_DEFAULT;
    const zf_case_params_t *p = x->params ? x->params : &def;
    if (!c->simple) add(f, 1, "case.not_simple", "行政处罚法 第51条", "普通程序案件不得当场处罚");
    int64_t max = c->party_is_person ? p->simple_person_max_fen : p->simple_org_max_fen;
    if (total(c) > max)
        add(f, 1, "case.simple_over_threshold", "行政处罚法 第51条",
            "罚款超过当场处罚限额（%s%lld元以下），须适用普通程序",
            c->party_is_person ? "公民" : "法人或其他组织", (long long)(max / 100));
    g_team(c, x, f);
}
/* 第61条: service method and date; 7 working days unless handed over on the spot. */
GUARD(g_serve) {
    if (!set(c->service_method) || c->served_on == ZF_DAY_NONE)
        add(f, 1, "case.service_incomplete", "行政处罚法 第61条", "须记录送达方式和送达日期");
    else if (!is(c->service_method, "on_spot") && c->decided_on != ZF_DAY_NONE && x->cal) {
        zf_day_t due;
        zf_error_t err = {0};
        if (zf_cal_add_workdays(x->cal, c->decided_on, 7, &due, NULL, NULL, 0, NULL, &err) == 0 &&
            c->served_on > due) {
            char d[11];
            zf_day_format(due, d);
            add(f, 0, "case.service_late", "行政处罚法 第61条", "送达超过7个工作日（应于 %s 前）",
                d);
        }
    }
}
/* 第72条: the measures of execution (surcharge, auction, application to the
 * court) follow a failure to pay on time — not while the period runs, and
 * not when the fine is paid. */
GUARD(g_execute) {
    /* 行政强制法 第53条: an outcome of 复议/诉讼 that revoked the decision
     * (or declared it void) leaves nothing to execute; 确认违法 holds it */
    if (c->remedy_voided || c->remedy_held)
        add(f, 1, c->remedy_voided ? "remedy.voids_decision" : "remedy.holds_execution",
            "行政强制法 第53条", "%s", set(c->remedy_note) ? c->remedy_note : "原处罚决定已被撤销");
    /* 行政处罚法 第73条: 复议、诉讼期间不停止执行 — but the court may be
     * asked only once they are over (行政强制法 第53条): a warning */
    if (c->remedy_pending && c->enforcement_recorded)
        add(f, 0, "remedy.pending", "行政处罚法 第73条；行政强制法 第53条",
            "复议、诉讼期间不停止执行，但申请人民法院强制执行须待复议、诉讼终结");
    if (c->decided_amount_fen <= 0)
        add(f, 1, "case.nothing_to_execute", "行政处罚法 第66条", "无罚款须执行");
    else if (c->paid_fen >= c->decided_amount_fen)
        add(f, 1, "case.nothing_to_execute", "行政处罚法 第66条", "罚款已缴清，无须执行");
    else if (c->payment_due != ZF_DAY_NONE && c->payment_due > 0 && x->today <= c->payment_due) {
        char due[11];
        zf_day_format(c->payment_due, due);
        add(f, 1, "case.payment_period_running", "行政处罚法 第67条、第72条",
            "缴纳罚款期限（至 %s）未届满，不得采取执行措施", due);
    }
}
/* 第66、72条 (payment/enforcement); 第27条 and 310号令 (criminal transfer). */
GUARD(g_close) {
    (void)x;
    /* a decision revoked on 复议/诉讼 leaves no fine owed */
    if (c->decided_amount_fen > 0 && c->paid_fen < c->decided_amount_fen &&
        !c->enforcement_recorded && !c->remedy_voided)
        add(f, 1, "case.unpaid_fine", "行政处罚法 第66条、第72条",
            "罚款未缴清且未记录强制执行措施");
    if (!c->hazards_all_verified)
        add(f, 1, "case.hazards_unverified", "安全生产法 第65条", "关联隐患未全部复查");
    if (c->criminal_criteria_met && !c->criminal_decision_recorded)
        add(f, 1, "case.criminal_transfer_undecided", "行政处罚法 第27条；国务院令第310号",
            "符合移送条件，须记录是否移送司法机关的决定");
    if (c->simple && !c->filing_record_done)
        add(f, 1, "case.simple_not_recorded", "行政处罚法 第52条第3款",
            "当场处罚决定须报所属行政机关备案");
    if (!c->simple && c->state == ZF_CASE_DECIDED)
        add(f, 1, "case.needs_service", "行政处罚法 第61条", "处罚决定书须先送达");
}
GUARD(g_archive) {
    (void)c;
    (void)x;
    (void)f;
}
GUARD(g_withdraw) {
    (void)x;
    if (!set(c->withdraw_reason))
        add(f, 1, "case.withdraw_reason", "行政处罚法 第57条第1款", "撤销立案须记录理由");
}
GUARD(g_ordinary) {
    (void)x;
    if (c->simple) add(f, 1, "case.simple_path", "行政处罚法 第51条", "简易程序案件不走普通程序");
}
GUARD(g_file_ordinary) {
    g_ordinary(c, x, f);
    g_file(c, x, f);
}

typedef void (*gfn)(const zf_case_t *, const zf_case_ctx_t *, fl_t *);
typedef struct row {
    zf_case_transition_t t;
    gfn g;
} row_t;
#define S(x) ZF_CASE_##x
static const row_t T[] = {
    {{S(DRAFT), S(FILED), "file", "立案", "section_head bureau_leader township_officer", NULL},
     g_file_ordinary},
    {{S(FILED), S(INVESTIGATING), "investigate", "开始调查取证",
      "officer township_officer section_head", NULL},
     g_investigate},
    {{S(INVESTIGATING), S(REVIEWING), "review", "提交案件审理",
      "officer township_officer section_head", NULL},
     g_investigate},
    {{S(REVIEWING), S(LEGAL_REVIEW), "legal_review", "提交法制审核", "section_head", NULL},
     g_to_legal},
    {{S(LEGAL_REVIEW), S(INVESTIGATING), "legal_return", "法制审核退回", "legal_reviewer", NULL},
     g_legal_return},
    {{S(LEGAL_REVIEW), S(COLLECTIVE), "discuss", "提交集体讨论", "legal_reviewer section_head",
      NULL},
     g_legal_agree_discuss},
    {{S(REVIEWING), S(COLLECTIVE), "discuss", "提交集体讨论", "section_head bureau_leader", NULL},
     g_discuss},
    {{S(REVIEWING), S(NOTIFIED), "notify", "告知", "officer township_officer section_head", NULL},
     g_notify},
    {{S(LEGAL_REVIEW), S(NOTIFIED), "notify", "告知", "officer township_officer section_head",
      NULL},
     g_notify},
    {{S(COLLECTIVE), S(NOTIFIED), "notify", "告知", "officer township_officer section_head", NULL},
     g_notify},
    {{S(NOTIFIED), S(HEARING), "hearing", "陈述申辩/听证", "officer section_head", NULL},
     g_hearing},
    /* 第58条第1款第2项: a case that went through a hearing needs legal review
     * before the decision — also one that needed none before the notice, so
     * the hearing leads to the review and the review to the decision (without
     * these rows such a case could not be decided) */
    {{S(HEARING), S(LEGAL_REVIEW), "legal_review", "提交法制审核", "section_head", NULL},
     g_to_legal},
    {{S(LEGAL_REVIEW), S(DECIDED), "decide", "作出处罚决定", "bureau_leader section_head", NULL},
     g_decide},
    {{S(LEGAL_REVIEW), S(NO_PENALTY), "no_penalty", "不予处罚", "bureau_leader section_head", NULL},
     g_no_penalty},
    {{S(NOTIFIED), S(DECIDED), "decide", "作出处罚决定", "bureau_leader section_head", NULL},
     g_decide},
    {{S(HEARING), S(DECIDED), "decide", "作出处罚决定", "bureau_leader section_head", NULL},
     g_decide},
    {{S(NOTIFIED), S(NO_PENALTY), "no_penalty", "不予处罚", "bureau_leader section_head", NULL},
     g_no_penalty},
    {{S(HEARING), S(NO_PENALTY), "no_penalty", "不予处罚", "bureau_leader section_head", NULL},
     g_no_penalty},
    {{S(DRAFT), S(DECIDED), "decide_on_spot", "当场处罚", "officer township_officer", NULL},
     g_on_spot},
    {{S(DECIDED), S(SERVED), "serve", "送达", "officer township_officer section_head", NULL},
     g_serve},
    {{S(NO_PENALTY), S(SERVED), "serve", "送达", "officer township_officer section_head", NULL},
     g_serve},
    {{S(SERVED), S(EXECUTING), "execute", "执行", "officer township_officer section_head", NULL},
     g_execute},
    {{S(DECIDED), S(EXECUTING), "execute", "执行", "officer township_officer section_head", NULL},
     g_execute},
    {{S(DECIDED), S(CLOSED), "close", "结案", "section_head bureau_leader", NULL}, g_close},
    {{S(SERVED), S(CLOSED), "close", "结案", "section_head bureau_leader", NULL}, g_close},
    {{S(EXECUTING), S(CLOSED), "close", "结案", "section_head bureau_leader", NULL}, g_close},
    {{S(CLOSED), S(ARCHIVED), "archive", "归档", "section_head admin", NULL}, g_archive},
    {{S(DRAFT), S(WITHDRAWN), "withdraw", "撤销立案", "section_head bureau_leader", NULL},
     g_withdraw},
    {{S(FILED), S(WITHDRAWN), "withdraw", "撤销立案", "section_head bureau_leader", NULL},
     g_withdraw},
    {{S(INVESTIGATING), S(WITHDRAWN), "withdraw", "撤销立案", "section_head bureau_leader", NULL},
     g_withdraw},
};
#define NT (sizeof T / sizeof T[0])
size_t zf_case_transitions_count(void) { return NT; }
const zf_case_transition_t *zf_case_transition_at(size_t i) { return i < NT ? &T[i].t : NULL; }
size_t zf_case_transitions_from(zf_case_state_t s, const zf_case_transition_t **out, size_t cap) {
    size_t n = 0;
    for (size_t i = 0; i < NT; i++)
        if (T[i].t.from == s) {
            if (n < cap) out[n] = &T[i].t;
            n++;
        }
    return n;
}
static int role_in(const char *roles, const char *role) {
    if (!role || !*role) return 0;
    size_t l = strlen(role);
    for (const char *p = roles; (p = strstr(p, role)); p += l)
        if ((p == roles || p[-1] == ' ') && (p[l] == ' ' || p[l] == 0)) return 1;
    return 0;
}
/* The first row for (state, event) whose guard passes, else the first row's findings. */
static int check(const zf_case_t *c, const char *event, const zf_case_ctx_t *x,
                 zf_case_finding_t *out, size_t cap, size_t *n, int *to) {
    size_t dummy;
    if (!n) n = &dummy;
    int found = 0;
    size_t first = 0;
    for (size_t i = 0; i < NT; i++) {
        if (T[i].t.from != c->state || !is(T[i].t.event, event)) continue;
        if (!found) first = i;
        found = 1;
        size_t k = 0;
        fl_t f = {out, cap, &k, 0};
        if (!role_in(T[i].t.roles, x->role)) continue;
        T[i].g(c, x, &f);
        if (!f.blocked) {
            *n = k;
            *to = (int)T[i].t.to;
            return 0;
        }
    }
    *n = 0;
    if (!found) return ZF_EINVAL;
    fl_t f = {out, cap, n, 1};
    if (!role_in(T[first].t.roles, x->role))
        add(&f, 1, "case.role_not_allowed", "行政处罚法 第17条", "当前角色无权执行“%s”",
            T[first].t.label);
    T[first].g(c, x, &f);
    if (*n > cap) *n = cap;
    return ZF_EPERM;
}
int zf_case_check(const zf_case_t *c, const char *event, const zf_case_ctx_t *ctx,
                  zf_case_finding_t *out, size_t cap, size_t *n) {
    int to;
    return check(c, event, ctx, out, cap, n, &to);
}
int zf_case_apply(const zf_case_t *c, const char *event, const zf_case_ctx_t *ctx,
                  zf_case_finding_t *out, size_t cap, size_t *n) {
    int to;
    return check(c, event, ctx, out, cap, n, &to) == 0 ? to : -1;
}

int zf_case_reviewer_qualified(int has_certificate, zf_day_t reviewing_since) {
    if (has_certificate) return 1;
    zf_day_t in_force;
    if (zf_day_parse(ZF_CASE_LAW_2021_IN_FORCE, &in_force) != 0) return 0;
    return reviewing_since != ZF_DAY_NONE && reviewing_since < in_force;
}
