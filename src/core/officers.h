/* officers.h — the rules about people who enforce (R3–R5), pure: no I/O,
 * no allocation, thread-safe. Every later action (inspection, case, signing,
 * decision) asks zf_team_check() whether a team may act on a date.
 *
 * Dates are local calendar days (Asia/Shanghai) counted from 1970-01-01, so
 * date arithmetic is integer arithmetic. The numbers the rules use come in a
 * zf_officer_rules_t that the caller fills from the dated settings table
 * (store: officer_settings), because several of them are not settled law
 * (LAW.md §5.7 marks training measures 未核实). */
#ifndef ZF_CORE_OFFICERS_H
#define ZF_CORE_OFFICERS_H

#include <stddef.h>
#include <stdint.h>

#include "core/day.h"
#include "core/error.h"

/* zf_day_t and the date functions live in core/day.h (issue 8). */

/* The numbers of the rules, from officer_settings (each row names its source). */
typedef struct zf_officer_rules {
    int min_officers;      /* 2: 行政处罚法 第四十二条 执法人员不得少于两人 */
    int onboarding_months; /* 3: 实施方案 二(四)2 入职培训不少于3个月 */
    int refresher_days_per_year; /* 10: 每年不少于2周的复训, 2周 = 10 个培训日 [未核实] */
    int ratio_target_permille; /* 750: 专业化比例不低于75% */
    int practice_years_min;    /* 3: "实践经验" 年限 [未核实] */
    int cert_alert_days;       /* 30: 执法证到期前预警天数 */
} zf_officer_rules_t;
#define ZF_OFFICER_RULES_INIT                                                                      \
    { 2, 3, 10, 750, 3, 30 }

/* What the team rule needs to know about one person. */
typedef struct zf_officer_facts {
    int64_t id;
    const char *name;
    const char *kind; /* "officer" 执法人员 | "auxiliary" 执法辅助人员 | "expert" 专家 */
    const char *status;          /* "serving" 在岗 | "transferred" | "retired" | … */
    const char *cert_no;         /* "" = none */
    const char *cert_issued_on;  /* "YYYY-MM-DD" or "" */
    const char *cert_expires_on; /* "YYYY-MM-DD" or "" */
    zf_day_t onboarding_done_on; /* day onboarding training was complete, or ZF_DAY_NONE */
} zf_officer_facts_t;

/* One finding about one person (officer_id 0: about the team as a whole).
 * blocking = 1: the team may not act while it stands; 0: a note (an
 * auxiliary or expert who may help but does not count). */
typedef struct zf_team_finding {
    int64_t officer_id;
    const char *name;
    const char *code; /* stable: "officer.cert_expired", "team.needs_two_officers", … */
    int blocking;
    char reason[256]; /* Chinese, names the person */
} zf_team_finding_t;

/* Room a caller must give zf_team_check for a team of n: at most two
 * findings per person (a certificate problem and missing onboarding) and
 * one about the team. */
#define ZF_TEAM_FINDINGS_MAX(n) (2 * (n) + 1)

/* May this team inspect, investigate, sign or decide on `date`? Fills
 * counts[i] (1 when member i counts as one of the certified officers),
 * findings (room for ZF_TEAM_FINDINGS_MAX(n)) and *nfindings with every
 * reason at once, and
 * *counted. Returns 0 when the team may act, ZF_EPERM when not.
 * A member counts when: kind officer, status serving, a certificate number,
 * issued on or before `date` and expiring on or after it (a certificate
 * expiring on day D is valid on D and invalid from D+1), and onboarding
 * training complete on or before `date`. The team needs at least
 * rules->min_officers members who count (行政处罚法 第四十二条). The same
 * person twice counts once. */
int zf_team_check(const zf_officer_rules_t *rules, zf_day_t date, const zf_officer_facts_t *team,
                  size_t n, int *counts, zf_team_finding_t *findings, size_t *nfindings,
                  size_t *counted);

/* ---- training (R4) ---- */

typedef struct zf_training_span {
    int onboarding; /* 1 onboarding 入职培训, 0 refresher 复训 */
    zf_day_t start; /* first day */
    zf_day_t end;   /* last day (inclusive) */
    int days;       /* training days counted toward the yearly refresher minimum */
} zf_training_span_t;

/* Required length of onboarding starting on `start`, in days: the calendar
 * span of rules->onboarding_months months (2025-01-06 → 2025-04-06 is 90). */
int zf_onboarding_required_days(const zf_officer_rules_t *rules, zf_day_t start);

/* The day onboarding became complete: onboarding spans (in start order) are
 * added up, each counting end - start + 1 days, until the total reaches the
 * required length measured from the earliest start. ZF_DAY_NONE when it
 * never does; *have_days gets the total (may be NULL). */
zf_day_t zf_onboarding_done_on(const zf_officer_rules_t *rules, const zf_training_span_t *spans,
                               size_t n, int *have_days);

/* Refresher training days in calendar year `year`: the `days` of refresher
 * spans that end in that year (training counts in the year it was
 * completed). */
int zf_refresher_days(const zf_training_span_t *spans, size_t n, int year);

/* ---- professional ratio (R5) ---- */

/* A serving officer counts as professional with relevant education, a
 * professional qualification, or at least rules->practice_years_min years of
 * practice (实施方案 二(四)2: 具有应急管理相关学历、职业资格和实践经验). */
int zf_officer_is_professional(const zf_officer_rules_t *rules, int education_relevant,
                               const char *qualifications, int64_t practice_years);
/* professional / total in per-mille, rounded down; 0 when total is 0. */
int64_t zf_ratio_permille(int64_t professional, int64_t total);
/* Does professional / total reach target_permille? Exact integer test
 * (professional * 1000 >= target * total); a unit with nobody does not. */
int zf_ratio_meets(int64_t professional, int64_t total, int target_permille);

/* ---- certificates ---- */

/* State of a certificate on `date`: "missing", "not_yet_valid", "expired",
 * "expiring" (valid, expires within rules->cert_alert_days days), "valid".
 * *days_left = expiry - date when an expiry is known (negative once
 * expired), else 0. */
const char *zf_cert_state(const zf_officer_rules_t *rules, zf_day_t date, const char *cert_no,
                          const char *issued_on, const char *expires_on, int *days_left);

#endif
