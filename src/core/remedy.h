/* remedy.h — the party's remedies against a penalty decision (行政复议 /
 * 行政诉讼) and what they do to the money and the court application. Pure:
 * no I/O, thread-safe; the caller loads the recorded remedies and the
 * configured outcome list (legal_params remedy.outcomes).
 *
 *  - 行政处罚法 第73条第3款 [原文, LAW.md §1.10]: 当事人申请行政复议或者提起
 *    行政诉讼的，加处罚款的数额在行政复议或者行政诉讼期间不予计算 — each
 *    remedy is a paused span for zf_surcharge, application day and decision
 *    day both inside (zf_remedy_spans explains why).
 *  - 行政强制法 第53条 [原文, LAW.md §6]: 当事人在法定期限内不申请行政复议
 *    或者提起行政诉讼，又不履行行政决定的，…自期限届满之日起三个月内…申请
 *    人民法院强制执行 — the three months wait while a remedy is pending and
 *    run from the end of the period that is left once it is over
 *    (zf_remedy_enforcement).
 *  - The outcomes (维持、变更、撤销、确认违法、确认无效、驳回、撤回…) and what
 *    each does to the decision are NOT in LAW.md: they are configuration
 *    (zf_remedy_outcomes_parse), seeded by migration 033 unconfirmed. */
#ifndef ZF_CORE_REMEDY_H
#define ZF_CORE_REMEDY_H

#include <stddef.h>

#include "core/calendar.h"
#include "core/day.h"
#include "core/deadline.h"
#include "core/error.h"

/* What an outcome does to the penalty decision. */
typedef enum zf_remedy_effect {
    ZF_REMEDY_STANDS = 0, /* 维持 / 驳回: the decision is executed as it is */
    ZF_REMEDY_CHANGED,    /* 变更 / 部分撤销: executed as changed (a corrected decision) */
    ZF_REMEDY_VOIDS,      /* 撤销 / 确认无效: nothing left to execute */
    ZF_REMEDY_HOLDS,      /* 确认违法 (not revoked): execution held for the legal office */
    ZF_REMEDY_WITHDRAWN,  /* 撤回复议申请 / 撤诉: ended without a ruling, decision stands */
} zf_remedy_effect_t;

const char *zf_remedy_effect_code(zf_remedy_effect_t e); /* "stands", "changed", … */
const char *zf_remedy_effect_name(zf_remedy_effect_t e); /* "原决定继续执行", … */

typedef struct zf_remedy_outcome {
    char code[32]; /* "upheld" */
    char name[64]; /* "维持" */
    zf_remedy_effect_t effect;
    char kinds[40]; /* "reconsideration litigation", or one of them */
} zf_remedy_outcome_t;

#define ZF_REMEDY_MAX_OUTCOMES 24

/* Parse the configured outcome list: entries separated by spaces, each
 * "code:effect:kinds:名称" with code [a-z_]{1,31}, effect one of stands
 * changed voids holds withdrawn, kinds "r" (复议), "l" (诉讼) or "rl",
 * 名称 up to 20 characters. At least one entry, no code twice.
 * Errors: 400 input.invalid, field "value", naming the bad entry. */
int zf_remedy_outcomes_parse(const char *value, zf_remedy_outcome_t *out, size_t cap, size_t *n,
                             zf_error_t *err);
/* The outcome with code for kind ("reconsideration" | "litigation"), or NULL. */
const zf_remedy_outcome_t *zf_remedy_outcome_find(const zf_remedy_outcome_t *list, size_t n,
                                                  const char *code, const char *kind);

/* One recorded remedy, as the procedure sees it. */
typedef struct zf_remedy {
    int litigation;      /* 0 行政复议, 1 行政诉讼 */
    zf_day_t applied_on; /* the day the application / the suit was filed */
    zf_day_t decided_on; /* the day the body's decision (复议决定书、裁判文书、准予撤回)
                          * was served on the party; ZF_DAY_NONE while pending */
    zf_remedy_effect_t effect; /* the outcome's effect; ignored while pending */
    const char *outcome_name;  /* "撤销" for messages, or NULL */
} zf_remedy_t;

/* 第73条第3款: the paused spans, one per remedy: [applied_on, decided_on],
 * or [applied_on, today] while pending, both ends inclusive. Why both ends:
 * on the day of application and on the day the decision is served the
 * remedy is running for part of the day, 第73条第3款 says the surcharge is
 * not computed 在行政复议或者行政诉讼期间, and the surcharge is a burden on
 * the party — a day the remedy touches is not charged (the reading most
 * favourable to the party; 行政处罚法 does not say). Remedies applied after
 * today give no span. Returns the number written (at most cap). */
size_t zf_remedy_spans(const zf_remedy_t *r, size_t n, zf_day_t today, zf_span_t *out, size_t cap);

typedef enum zf_enforce_status {
    ZF_ENFORCE_DUE = 0, /* due is the last day to apply to the court */
    ZF_ENFORCE_PENDING, /* a remedy is pending: the period does not run */
    ZF_ENFORCE_BLOCKED, /* an outcome voided (or holds) the decision */
    ZF_ENFORCE_UNKNOWN, /* the decision has not been served: nothing runs yet */
} zf_enforce_status_t;

typedef struct zf_enforce {
    zf_enforce_status_t status;
    zf_day_t period_end; /* the last day the party could still apply for review or sue */
    zf_day_t due;        /* period_end + 3 months (rolled forward), or ZF_DAY_NONE */
    const char *code;    /* "remedy.pending", "remedy.voids_decision", … or "" */
    char basis[384];     /* Chinese: how period_end was found, with the articles */
} zf_enforce_t;

/* 行政强制法 第53条: the last day to apply to the people's court for
 * compulsory execution. served = the day the party received the decision
 * (知道行政行为之日); on_spot = 当场处罚 (行政复议法 第23条第1款第1项: review
 * first, so the party cannot sue directly).
 *  - no remedy: the later of 60 days (行政复议法 第20条) and, unless on the
 *    spot, 6 months (行政诉讼法 第46条) after service;
 *  - a remedy pending: PENDING, no due day;
 *  - an outcome with effect voids / holds: BLOCKED (the message names it);
 *  - the last remedy to end (by decided_on; a suit after review wins a tie):
 *    复议 decided → 15 days from its service (行政诉讼法 第45条); 复议
 *    withdrawn → the original period, or the withdrawal day if later; 诉讼
 *    ended (judgment in force, suit withdrawn) → that day: nothing is left
 *    to apply for. [未核实] for the last two: LAW.md has no rule, and the
 *    reading gives the EARLIER day, so the bureau is never late.
 * Then due = enforcement_application (3 months) from period_end.
 * Errors: calendar.year_missing (422) from the deadline engine. */
int zf_remedy_enforcement(const zf_calendar_t *cal, const zf_dl_config_t *cfg, zf_day_t served,
                          int on_spot, const zf_remedy_t *r, size_t n, zf_enforce_t *out,
                          zf_error_t *err);

#endif
