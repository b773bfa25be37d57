/* deadline.h — the legal deadline engine (R20), pure: no I/O, thread-safe.
 *
 * ONE table of rules (zf_dl_rules): each names its period, its unit
 * (working days / natural days / months / hours), its direction, the article
 * it comes from, and whether the amount is the law's text (原文) or
 * configuration (配置: LAW.md marks it 未核实 or leaves it to 规章). The
 * configuration values live in the dated legal_params table; the caller
 * reads the rows in force and passes them in a zf_dl_config_t.
 *
 * Counting (docs/internals/deadlines.md has every rule):
 *  - `from` is the day of the triggering event and is not itself counted
 *    (行政处罚法 第85条 with the civil rule 期间开始之日不计算在期间内).
 *  - working days (行政处罚法 第85条: 二日、三日、五日、七日 are working
 *    days; 行政强制法 第69条: 十日以内 are working days): the n-th working
 *    day of the calendar after `from`;
 *  - natural days: from + n, then, when config.roll_forward (default on,
 *    LAW.md §10 未核实), a last day that is a rest day moves to the first
 *    working day after it (末日遇法定休假日顺延至休假日后第一日);
 *  - months: the same day of the month n months later, or that month's last
 *    day when it has no such day (2026-08-31 + 6 months = 2027-02-28;
 *    民法典 第二百零二条 到期月的对应日为期间的最后一日，没有对应日的，月末
 *    日为期间的最后一日 — not in LAW.md, cited from the code [未核实]), then
 *    rolled forward like natural days;
 *  - hours: the date on which `from` + n hours falls when the event happens
 *    at the end of `from`; the exact time is the event's time + n hours;
 *  - backwards (hearing_notice): see zf_dl_compute. */
#ifndef ZF_CORE_DEADLINE_H
#define ZF_CORE_DEADLINE_H

#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/day.h"
#include "core/error.h"

typedef enum {
    ZF_DL_WORKDAYS = 0, /* 工作日 */
    ZF_DL_DAYS,         /* 自然日 */
    ZF_DL_MONTHS,       /* 月 */
    ZF_DL_HOURS,        /* 小时 */
} zf_dl_unit_t;

typedef struct zf_dl_rule {
    const char *name;       /* "hearing_request" */
    const char *label;      /* "听证申请期限" */
    int amount;             /* default amount (configured rules: the seeded default) */
    zf_dl_unit_t unit;      /* default unit */
    int direction;          /* +1 after the event, -1 before it (hearing_notice) */
    const char *source;     /* "行政处罚法 第64条第1款第2项、第85条" */
    const char *basis;      /* "原文" | "配置" */
    const char *amount_key; /* legal_params key of a configured amount, or NULL */
    const char *unit_key;   /* legal_params key "…workdays" (1 working, 0 natural), or NULL */
    const char *from_label; /* what --from is: "送达行政处罚告知书之日" */
    const char *meaning;    /* what the result is: "当事人提出听证申请的最后一日" */
} zf_dl_rule_t;

/* The table, in display order. */
size_t zf_dl_rules_count(void);
const zf_dl_rule_t *zf_dl_rule_at(size_t i);
const zf_dl_rule_t *zf_dl_rule_find(const char *name);
const char *zf_dl_unit_name(zf_dl_unit_t u);  /* "workdays" | "days" | "months" | "hours" */
const char *zf_dl_unit_label(zf_dl_unit_t u); /* "工作日" | "自然日" | "个月" | "小时" */

/* ---- configuration (legal_params keys "deadline.*") ---- */

typedef struct zf_dl_config {
    int roll_forward; /* deadline.natural_roll_forward: 1 (LAW.md §10, 未核实) */
    int decision_days; /* deadline.decision.days: 90 (行政处罚法 第60条; 18号令 未核实) */
    int statement_days;     /* deadline.statement.days: 3 (LAW.md §1.8 未核实) */
    int statement_workdays; /* deadline.statement.workdays: 1 */
    int transfer_workdays;  /* deadline.transfer_decision.workdays: 0 (310号令 不言工作日) */
} zf_dl_config_t;
#define ZF_DL_CONFIG_DEFAULT                                                                       \
    { 1, 90, 3, 1, 0 }

typedef struct zf_dl_param {
    const char *key, *value, *unit, *from, *label, *source;
    int confirmed;
} zf_dl_param_t;
/* The parameter defaults seeded into legal_params (key, value, unit,
 * effective_from, label, source, confirmed). */
size_t zf_dl_params_count(void);
const zf_dl_param_t *zf_dl_param_at(size_t i);
/* Is key a deadline parameter? 1 or 0 (*unit its unit, may be NULL). */
int zf_dl_param_known(const char *key, const char **unit);
/* Apply one key=value to cfg: 0, or ZF_EINVAL with 400 input.invalid
 * (field "value") when the value is not acceptable for the key; keys that
 * are not deadline parameters are ignored (return 0). */
int zf_dl_config_set(zf_dl_config_t *cfg, const char *key, const char *value, zf_error_t *err);

/* ---- computing one deadline ---- */

#define ZF_DL_MAX_LISTED 64

typedef struct zf_dl_result {
    const zf_dl_rule_t *rule;
    zf_day_t from;
    zf_day_t due;                       /* the result (meaning: rule->meaning) */
    int amount;                         /* effective amount (after configuration) */
    zf_dl_unit_t unit;                  /* effective unit */
    int configured;                     /* amount or unit came from configuration */
    zf_day_t plain;                     /* natural/months: the date before rolling forward */
    int rolled;                         /* 1 when plain was a rest day and due moved */
    zf_day_t counted[ZF_DL_MAX_LISTED]; /* working-day rules: the working days counted */
    size_t ncounted;
    zf_day_t skipped[ZF_DL_MAX_LISTED]; /* rest days passed over (or rolled past) */
    size_t nskipped;
    zf_day_t workday_before; /* hearing_notice: the 7th working day before, see below */
    char counting[512];      /* Chinese: how the date was counted */
} zf_dl_result_t;

/* Compute rule from `from`. Errors: 400 deadline.unknown_rule (field
 * "rule"), 422 calendar.year_missing (field "date") when a day that must be
 * looked up lies in a year the calendar does not cover.
 *
 * hearing_notice (行政处罚法 第64条第1款第2项 "举行听证的七日前，通知当事人",
 * 第85条 working days): from = the hearing day. Counting back, neither the
 * hearing day nor the day of service is part of the period, so 7 whole
 * working days must lie strictly between them: workday_before = the 7th
 * working day counted back from the hearing (hearing day excluded), and
 * due = the day before it — the last day on which the notice may be served
 * (hearing 2026-10-12: the 7th working day back is 2026-09-24 across the
 * National Day holiday and the 10-10 working Saturday; due 2026-09-23). */
int zf_dl_compute(const zf_calendar_t *cal, const zf_dl_config_t *cfg, const char *rule,
                  zf_day_t from, zf_dl_result_t *out, zf_error_t *err);

/* ---- late-payment surcharge 加处罚款 ---- */

typedef struct zf_span {
    zf_day_t from, to; /* inclusive */
} zf_span_t;

typedef struct zf_surcharge {
    int64_t fine_fen;
    int64_t late_days;   /* paid - due, 0 when paid on or before due */
    int64_t paused_days; /* late days inside a paused span (第73条第3款) */
    int64_t counted_days;
    int64_t surcharge_fen;
    int capped;         /* 1 when the cap (= the fine) applies */
    zf_day_t first_day; /* due + 1, or ZF_DAY_NONE when not late */
    zf_day_t cap_day;   /* the counted day on which the cap is reached, or ZF_DAY_NONE */
} zf_surcharge_t;

/* 行政处罚法 第72条第1款第1项: 到期不缴纳罚款的，每日按罚款数额的百分之三
 * 加处罚款，加处罚款的数额不得超出罚款的数额; 行政强制法 第45条. Days
 * counted: due+1 … paid (paid itself counts: paying on due+1 is one day
 * late), minus days inside paused spans (复议、诉讼期间不予计算, 第73条第3款).
 * surcharge = min(fine, floor(fine × 3 × counted / 100)): computed once on
 * the total days and rounded down to the fen (never per day), capped at the
 * fine, so the cap is reached on the 34th counted day (33 days = 99%).
 * Errors (400 input.invalid, field named): fine <= 0 or > 10^15 fen, paid
 * before… nothing — paid <= due is simply 0; a span with from > to. */
int zf_surcharge(int64_t fine_fen, zf_day_t due, zf_day_t paid, const zf_span_t *paused,
                 size_t npaused, zf_surcharge_t *out, zf_error_t *err);

/* ---- limitation 追诉时效 (行政处罚法 第36条) ---- */

typedef struct zf_limitation {
    int years;         /* 2, or 5 when life/health was harmed */
    zf_day_t last_day; /* the last day on which discovery is in time */
    int barred;        /* 1: time-barred, 不再给予行政处罚 */
    char reason[512];
} zf_limitation_t;

/* violation = the day of the violation, or the day a continuing violation
 * ended (有连续或者继续状态的，从行为终了之日起计算); harmed = 涉及公民生命
 * 健康安全且有危害后果 (5 years); discovered = the day it was discovered
 * (filing day when not earlier). The period starts the day after the
 * violation and ends on the same date `years` later (month-end rule as for
 * months): violation 2024-03-10, 2 years → last day 2026-03-10; discovered
 * on 2026-03-10 is in time, 2026-03-11 is barred. Errors: discovered before
 * violation (400, field "filed"). */
int zf_limitation_check(zf_day_t violation, int harmed, zf_day_t discovered, zf_limitation_t *out,
                        zf_error_t *err);

/* ---- rolling counts 安全生产法 第113条第1项 ---- */

typedef struct zf_closure_count {
    zf_day_t as_of;
    zf_day_t from180; /* as_of - 180: the window 180日内 */
    zf_day_t from1y;  /* as_of - 12 months: the window 一年内 */
    int count180, count1y;
    int triggered; /* count180 >= 3 or count1y >= 4 */
} zf_closure_count_t;

/* Penalties under the 安全生产法 of one enterprise with a major accident
 * hazard (存在重大事故隐患), given as decision days, counted in the windows
 * ending on as_of: 180日内 = [as_of - 180, as_of], 一年内 = [as_of - 12
 * months, as_of] (the first penalty's day is the event, the period counts
 * from the day after it, so a third penalty exactly 180 days after the first
 * is still within 180 days). Penalties after as_of are ignored. */
void zf_closure_count(const zf_day_t *penalties, size_t n, zf_day_t as_of, zf_closure_count_t *out);

/* ---- daily continuous penalty 按日连续处罚 (安全生产法 第112条) ---- */

/* "…被责令改正且受到罚款处罚，拒不改正的，…可以自作出责令改正之日的次日起，
 * 按照原处罚数额按日连续处罚": days = ordered_on+1 … until (the last day
 * the refusal is established, inclusive), total = fine × days, no cap.
 * Distinct from the surcharge. until <= ordered_on gives 0 days. Errors:
 * fine <= 0 or the total beyond 10^15 fen (400). */
int zf_daily_penalty(int64_t fine_fen, zf_day_t ordered_on, zf_day_t until, int64_t *days,
                     int64_t *total_fen, zf_error_t *err);

#endif
