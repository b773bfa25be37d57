/* case.h — the administrative penalty procedure (行政处罚法 2021) as ONE table
 * of states and transitions with guards (issue 8, part B). Pure: no I/O, no
 * database. The caller stores the state zf_case_apply returns.
 * Numbers tagged 未核实 in LAW.md come in through zf_case_params_t / the
 * deadline config (legal_params), never as constants here. */
#ifndef ZF_CORE_CASE_H
#define ZF_CORE_CASE_H
#include <stddef.h>
#include <stdint.h>
#include "core/calendar.h"
#include "core/day.h"
#include "core/deadline.h"
#include "core/officers.h"

typedef enum zf_case_state {
    ZF_CASE_DRAFT,
    ZF_CASE_FILED,
    ZF_CASE_INVESTIGATING,
    ZF_CASE_REVIEWING,
    ZF_CASE_LEGAL_REVIEW,
    ZF_CASE_COLLECTIVE,
    ZF_CASE_NOTIFIED,
    ZF_CASE_HEARING,
    ZF_CASE_DECIDED,
    ZF_CASE_NO_PENALTY,
    ZF_CASE_SERVED,
    ZF_CASE_EXECUTING,
    ZF_CASE_CLOSED,
    ZF_CASE_ARCHIVED,
    ZF_CASE_WITHDRAWN,
    ZF_CASE_NSTATES
} zf_case_state_t;

const char *zf_case_state_code(zf_case_state_t s); /* "draft", … */
const char *zf_case_state_name(zf_case_state_t s); /* "待立案", … */
int zf_case_state_parse(const char *code, zf_case_state_t *out);

typedef struct zf_case_violation {
    const char *item_code;
    int delegable;      /* catalogue: may a township officer act on it (第24条) */
    zf_day_t date;      /* day of the violation */
    zf_day_t ended_on;  /* continuing violation: the day it ended, or ZF_DAY_NONE */
    int harmed;         /* 涉及公民生命健康安全且有危害后果 (第36条: 5 years) */
    int64_t amount_fen; /* discretion result */
    int hearing_worthy; /* discretion: 较大数额 etc. (第63条) */
} zf_case_violation_t;

typedef struct zf_case {
    int simple; /* 1: 简易程序 当场处罚 (第51条) */
    zf_case_state_t state;
    int party_is_person; /* 1 公民, 0 法人或其他组织 */
    const zf_officer_facts_t *team;
    size_t nteam;
    const zf_case_violation_t *violations;
    size_t nviolations;
    const char *old_violation_reason; /* recorded reason to file past 时效, or NULL/"" */
    const char *withdraw_reason;
    zf_day_t filed_on, notified_on, hearing_requested_on, hearing_held_on, decided_on, served_on;
    zf_day_t hearing_notice_on; /* 听证通知书 served (第64条第1款第2项), or ZF_DAY_NONE */
    int hearing_waived, hearing_withdrawn, statements_heard, notice_waived;
    int64_t notified_amount_fen, decided_amount_fen;
    const char *service_method; /* "direct" 直接送达 | "on_spot" 当场交付 | "post" | … */
    int legal_review_required, legal_review_done;
    const char *legal_review_opinion; /* "agree" | "change" | "return" */
    int64_t legal_reviewer_id;
    int collective_required, collective_done;
    int payment_notice_issued;
    int64_t paid_fen;
    zf_day_t paid_on;
    zf_day_t payment_due; /* last day the fine may be paid on time (第67条), or ZF_DAY_NONE */
    int bank_confirmed;
    int enforcement_recorded; /* court application etc. */
    int hazards_all_verified;
    int criminal_criteria_met, criminal_decision_recorded;
    int filing_record_done; /* 简易程序 备案 (第52条第3款) */
    int extension_days;     /* approved extension of the decision period (第60条) */
    /* the party's 复议/诉讼 (core/remedy.h, zf_remedy_enforcement): an
     * outcome that voided the decision (撤销、确认无效), one that holds it
     * (确认违法), one still pending; note = the reason in Chinese */
    int remedy_voided, remedy_held, remedy_pending;
    const char *remedy_note;
} zf_case_t;

typedef struct zf_case_params {
    int64_t simple_person_max_fen; /* 20000: 第51条 公民200元以下 */
    int64_t simple_org_max_fen;    /* 300000: 第51条 法人或其他组织3000元以下 */
    int decision_overdue_blocks;   /* 1: 超过第60条期限时阻止决定; 0: 仅提醒 */
} zf_case_params_t;
#define ZF_CASE_PARAMS_DEFAULT                                                                     \
    { 20000, 300000, 0 }

typedef struct zf_case_ctx {
    int64_t user_id;
    const char *role; /* perm.c role code */
    zf_day_t today;
    const zf_calendar_t *cal;
    const zf_dl_config_t *dl;
    const zf_officer_rules_t *officer_rules;
    const zf_case_params_t *params;
} zf_case_ctx_t;

typedef struct zf_case_finding {
    const char *code;
    int blocking; /* 0: a warning only */
    char message[256];
    const char *article;
} zf_case_finding_t;

typedef struct zf_case_transition {
    zf_case_state_t from, to;
    const char *event, *label;
    const char *roles; /* space-separated role codes */
    int (*guard)(const zf_case_t *, const zf_case_ctx_t *, zf_case_finding_t *, size_t, size_t *);
} zf_case_transition_t;

size_t zf_case_transitions_count(void);
const zf_case_transition_t *zf_case_transition_at(size_t i);
/* Transitions leaving `s` (n into *n), pointers into the one table. */
size_t zf_case_transitions_from(zf_case_state_t s, const zf_case_transition_t **out, size_t cap);
/* 0 when event may fire; ZF_EPERM with every unmet precondition in out
 * (in a fixed order), ZF_EINVAL when the event does not leave this state.
 * Warnings (blocking 0) may be reported while returning 0. */
int zf_case_check(const zf_case_t *c, const char *event, const zf_case_ctx_t *ctx,
                  zf_case_finding_t *out, size_t cap, size_t *n);
/* The new state when the check passes, or -1. */
int zf_case_apply(const zf_case_t *c, const char *event, const zf_case_ctx_t *ctx,
                  zf_case_finding_t *out, size_t cap, size_t *n);
/* 行政处罚法 第58条第2款 [原文]: 行政机关中初次从事行政处罚决定法制审核的人员，
 * 应当通过国家统一法律职业资格考试取得法律职业资格. The law took effect on
 * 2021-07-15 (第86条); a person who reviewed before that is not 初次. So a
 * reviewer may review when they hold the 法律职业资格 (has_certificate) or
 * began reviewing before 2021-07-15 (reviewing_since, ZF_DAY_NONE unknown). */
#define ZF_CASE_LAW_2021_IN_FORCE "2021-07-15"
int zf_case_reviewer_qualified(int has_certificate, zf_day_t reviewing_since);

#endif
