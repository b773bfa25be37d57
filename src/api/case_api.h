/* case_api.h — what cases.c, case_flow.c and case_pay.c share (issue 8,
 * part C). Not for other modules: they use the HTTP API. */
#ifndef ZF_API_CASE_API_H
#define ZF_API_CASE_API_H

#include "api/api.h"
#include "core/case.h"
#include "core/instalment.h"
#include "core/remedy.h"
#include "store/cases.h"

/* Everything the procedure needs that comes from the database: the
 * calendar, the deadline configuration, the dated parameters of cases
 * (legal_params, migration 015) and of the officer rules, in force today. */
typedef struct zf_case_cfg {
    char today[11];
    zf_day_t today_d;
    zf_calendar_t cal;
    zf_dl_config_t dl;
    zf_case_params_t params;
    zf_officer_rules_t orules;
    int64_t hearing_person_fen, hearing_unit_fen; /* 较大数额 (第63条) */
    int64_t lr_person_fen, lr_unit_fen;           /* 法制审核 (第58条) */
    int64_t col_person_fen, col_unit_fen;         /* 集体讨论 (第57条第2款) */
    const char *number_format;
    const char *lr_person_src, *lr_unit_src, *col_person_src, *col_unit_src; /* their sources */
    /* 重大执法决定法制审核目录: catalogue items whose cases always go to legal
     * review (space-separated codes, "" none) and the list's source */
    const char *lr_items, *lr_items_src;
    /* 分期缴纳: the base of the surcharge on a late instalment (第72条;
     * case.instalment.surcharge_base, migration 035, 未核实) and its source */
    zf_inst_base_t inst_base;
    const char *inst_base_src;
    /* 复议、诉讼结果 (legal_params remedy.outcomes, migration 033) */
    zf_remedy_outcome_t outcomes[ZF_REMEDY_MAX_OUTCOMES];
    size_t noutcomes;
    const char *outcomes_src;
} zf_case_cfg_t;

/* The configuration cases are judged by today (calendar, deadline rules,
 * officer rules, dated legal parameters). Kept per process for one (China
 * day, configuration generation) pair and shared by the requests that read
 * it (case_cfg_cache.c): a request pays one generation lookup, and the
 * pointers in *cfg stay valid until arena `a` is freed. Inside an open
 * transaction the shared copy serves only when the generation the
 * transaction reads is the copy's (a change made in the transaction moved
 * it); otherwise it is loaded fresh into `a` and not shared (the
 * transaction may roll back). */
int zf_case_cfg_load(zf_db_t *db, zf_arena_t *a, zf_case_cfg_t *cfg, zf_error_t *err);
/* The same, always read from the database into `a`. */
int zf_case_cfg_load_fresh(zf_db_t *db, zf_arena_t *a, zf_case_cfg_t *cfg, zf_error_t *err);
/* code is one of the space-separated words of list */
int zf_api_code_in_list(const char *list, const char *code);

/* Case {id} with its children, and the actor's permission for action on
 * the case's unit. 0, or answered (nothing else to do). */
int zf_api_case_fetch(zf_req_t *req, zf_resp_t *resp, const char *action, zf_case_full_t *f);

/* The procedure's view of a stored case (team facts from the officer
 * records on the case's officers). */
int zf_api_case_build(zf_db_t *db, zf_arena_t *a, const zf_case_full_t *f, const zf_case_cfg_t *cfg,
                      zf_case_t *out, zf_error_t *err);

/* Sum of the violations' amounts, fen. */
int64_t zf_api_case_total(const zf_case_full_t *f);
/* 1 when the principal party is a person. */
int zf_api_case_is_person(const zf_case_full_t *f);
/* Does the case need legal review / collective discussion (configured
 * thresholds, the complex flag)? reason (Chinese) into *why. */
int zf_api_case_needs_review(const zf_case_full_t *f, const zf_case_cfg_t *cfg, const char **why,
                             zf_arena_t *a);
int zf_api_case_needs_collective(const zf_case_full_t *f, const zf_case_cfg_t *cfg,
                                 const char **why, zf_arena_t *a);
/* Decided: parties, violations and amounts frozen (409 case.frozen). */
int zf_api_case_frozen(const zf_case_row_t *c, zf_error_t *err);

/* The detail answer: the case, children, state label, next deadline, every
 * transition leaving the state with its findings, payments summary. */
json_t *zf_api_case_detail(zf_req_t *req, const zf_case_full_t *f, const zf_case_cfg_t *cfg);
/* The log's view of the case row (compact). */
json_t *zf_api_case_row_json(const zf_case_row_t *c);

/* 安全生产法 第112条 (case_daily.c): the case page's {items: records started
 * from this case, of: the record this case follows up, or null}. */
json_t *zf_api_case_daily_json(zf_db_t *db, int64_t case_id);

/* Recompute next_due of f->c (stored per case for the deadline list). */
void zf_api_case_next_due(zf_arena_t *a, const zf_case_full_t *f, const zf_case_cfg_t *cfg,
                          const char **due, const char **rule, const char **label);

/* Finish a change made inside the open transaction: recompute next_due,
 * save the row f->c (versioned: 409 conflict.version, so every change of a
 * case or its children moves its version), reload, log `action` on object
 * "case" with before/after (stolen; after NULL = the row), commit and
 * answer the detail with status. */
void zf_api_case_finish(zf_req_t *req, zf_resp_t *resp, zf_case_full_t *f, const char *action,
                        json_t *before, json_t *after, int status);

/* Payment state: paid total, last paid day, due day of the fine (notice,
 * deferral/instalment approval or 15 days after service), surcharge up to
 * the payment or today without the days of 复议、诉讼 (行政处罚法 第73条第3款;
 * the case's remedies, core/remedy.h); none when a remedy voided it. */
typedef struct zf_case_pay_state {
    int64_t fine_fen, paid_fen;
    zf_day_t due, last_paid;
    int notice;
    zf_surcharge_t surcharge;
    int has_surcharge;
    /* an approved instalment plan (第66条): then due is the earliest
     * instalment not fully paid (inst_next, from 1) and the surcharge that
     * of the plan (core/instalment, the configured base) */
    const zf_case_instalment_plan_t *plan;
    zf_instalment_state_t inst[ZF_INSTALMENTS_MAX];
    zf_instalment_totals_t inst_tot;
    size_t inst_next;
    int voided; /* a remedy's outcome voided the decision: nothing to pay */
} zf_case_pay_state_t;
void zf_api_case_pay_state(const zf_case_full_t *f, const zf_case_cfg_t *cfg,
                           zf_case_pay_state_t *out);

int zf_api_case_bad(zf_error_t *err, const char *field, const char *msg);

/* case_pay.c, shared with case_instalments.c: case {id} in scope for
 * action, version as given, a fine to pay (409 case.not_payable), and the
 * configuration; 0 or answered. */
int zf_api_case_pay_begin(zf_req_t *req, zf_resp_t *resp, json_t *body, const char *action,
                          zf_case_full_t *f, zf_case_cfg_t *cfg);
/* A fine to pay: decided with an amount and not closed (409
 * case.not_payable). */
int zf_api_case_payable(const zf_case_row_t *c, zf_error_t *err);
/* 第67条 罚缴分离: none of the case's officers enters a payment (403
 * payment.officer_not_allowed). */
int zf_api_case_pay_not_officer(const zf_case_full_t *f, int64_t user_id, zf_error_t *err);
/* 第66条: a deferral or instalments are approved by the bureau — a section
 * head or the bureau leader (403 payment.approval_role). */
int zf_api_case_pay_approver(const zf_actor_t *actor, zf_error_t *err);
/* The instalment plans of the case as JSON, each instalment with what is
 * allocated to it and its state on today (case_instalments.c). */
json_t *zf_api_case_instalments_json(const zf_case_full_t *f, const zf_case_cfg_t *cfg,
                                     const zf_case_pay_state_t *ps);

/* A penalty decision made: the enterprise's bad record and, when the case's
 * facts meet a criterion of 11号令, a serious-list proposal (case_credit.c),
 * in the caller's transaction. Nothing for a person or an unregistered
 * organisation. */
/* The case's principal party that is a registered enterprise, or NULL. */
const zf_case_party_t *zf_api_case_enterprise(const zf_case_full_t *f);
/* 安全生产法 第113条第1项 for the case's enterprise (case_closure.c): major
 * hazard, penalties within 180 days / one year, and whether closure is to
 * be proposed; null when the party is not a registered enterprise; NULL on
 * a database error (err). */
json_t *zf_api_case_closure(zf_db_t *db, zf_arena_t *a, const zf_case_full_t *f, zf_day_t today,
                            zf_error_t *err);
int zf_api_case_credit_outcome(zf_db_t *db, zf_arena_t *a, int64_t actor_id,
                               const zf_case_full_t *f, const zf_case_decision_t *d,
                               const char *authority, zf_error_t *err);
/* Parse an optional date field (YYYY-MM-DD, not after today): 0 and *out
 * (NULL when absent) or 400. */
int zf_api_case_date(json_t *body, const char *field, const char *label, const zf_case_cfg_t *cfg,
                     const char **out, zf_error_t *err);

/* "叶应急罚〔{year}〕{n}号" with year and n put in (arena string). */
const char *zf_api_case_number(zf_arena_t *a, const char *fmt, int64_t year, int64_t n);
/* Store the decision of f as issued (text, parties, violations, amounts and
 * the statement of remedies), frozen; corrects = the decision it corrects
 * (0 for none). Caller's transaction. */
int zf_api_case_freeze(zf_db_t *db, zf_arena_t *a, const zf_case_full_t *f, const char *text,
                       int64_t corrects, const char *reason, int64_t actor, zf_case_decision_t *d,
                       zf_error_t *err);

/* ---- remedies (case_remedies.c, migration 033) ---- */

#define ZF_CASE_MAX_REMEDIES 16
/* The case's remedies as core/remedy sees them (at most cap; the outcome's
 * effect from today's configured list — an outcome code no longer listed
 * holds execution). Returns the number written. */
int zf_api_case_remedies(const zf_case_full_t *f, const zf_case_cfg_t *cfg, zf_remedy_t *out,
                         size_t cap);
/* {items, paused_spans, enforcement (行政强制法 第53条), outcomes} */
json_t *zf_api_case_remedies_json(zf_arena_t *a, const zf_case_full_t *f, const zf_case_cfg_t *cfg);

#endif
