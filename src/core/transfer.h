/* transfer.h — transfers out of the bureau (issue 11): the administrative
 * transfer of a problem outside its competence to another department (移送,
 * 安全生产法 第69条, R27) and the criminal transfer to public security
 * (行刑衔接, 国务院令第310号, R28), as ONE table of states and steps with
 * guards, like core/case.h. Pure: no I/O, no database, no allocation. The
 * caller stores the state zf_transfer_check returns and the dates.
 *
 * Also the signal "this case needs a criminal-transfer assessment" (移送评估)
 * from its violations' catalogue codes, and the running time limit of each
 * state. Numbers the law does not settle come in through the caller's
 * configuration (legal_params: transfer.feedback_days, transfer.signal_codes;
 * the deadline engine's switch deadline.transfer_decision.workdays). */
#ifndef ZF_CORE_TRANSFER_H
#define ZF_CORE_TRANSFER_H
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/day.h"
#include "core/deadline.h"

/* Kinds: "administrative" | "criminal". States (codes stored as text):
 *   administrative: sent → received → answered        (feedback may come
 *                   before the receipt is recorded: sent → answered)
 *   criminal: proposed → approved → sent → accepted → handed_over
 *                      ↘ refused        ↘ not_accepted → reconsidering
 *                                           ↘ supervision   ↙ accepted (reversed)
 *                                                        upheld → supervision */
int zf_transfer_kind_valid(const char *kind);
/* Chinese name of a state ("proposed" → "待审批"), NULL when unknown. */
const char *zf_transfer_state_name(const char *state);
/* 1 when no step leaves the state (answered, refused, handed_over, supervision). */
int zf_transfer_state_final(const char *state);
/* The state a new transfer starts in: criminal "proposed", administrative "sent". */
const char *zf_transfer_initial_state(const char *kind);

/* The facts the guards need: the stored transfer and the step asked for. */
typedef struct zf_transfer {
    const char *kind, *state;
    const char *agency_kind;      /* kind of the receiving agency (agencies.kind) */
    const char *copy_agency_kind; /* of the copied agency (criminal), "" = none */
    const char *reason, *materials;
    size_t team_counted;     /* certified officers of the 专案组 (zf_team_check) */
    zf_day_t last_on;        /* the day of the latest step (a step is never earlier) */
    const char *approved_at; /* UTC ISO instant of the approval, "" = none */
} zf_transfer_t;

typedef struct zf_transfer_step {
    const char *step; /* see zf_transfer_step_at */
    zf_day_t on;      /* the day it happened */
    zf_day_t today;
    const char *text;   /* reasons / feedback / answer text / items, by step */
    const char *answer; /* reconsider_answer: "upheld" | "reversed" */
    const char *who;    /* receipt: who received */
    const char *method; /* administrative send / criminal send: how */
    const char *now;    /* UTC ISO instant now (send: compared with the 24 hours) */
} zf_transfer_step_t;

typedef struct zf_transfer_finding {
    const char *code;
    int blocking; /* 0: a warning only (a late step is recorded, and said so) */
    char message[256];
    const char *article;
} zf_transfer_finding_t;

/* The steps, in display order: code, Chinese label, whether the 正职负责人
 * takes it (310号令第5条: approve / refuse; permission transfer.approve, the
 * others transfer.write). NULL past the end. */
typedef struct zf_transfer_step_info {
    const char *code, *label;
    int leader;
} zf_transfer_step_info_t;
const zf_transfer_step_info_t *zf_transfer_step_at(size_t i);
const zf_transfer_step_info_t *zf_transfer_step_find(const char *code);

/* Checks for a NEW transfer (the proposal or the administrative transfer as
 * sent). Fills up to cap findings (*n counts all), every unmet precondition
 * at once. Returns 0 when none blocks, ZF_EINVAL otherwise. s->state is
 * ignored. `on` is the proposal / sent day, today the local day. */
int zf_transfer_check_new(const zf_transfer_t *t, zf_day_t on, zf_day_t today,
                          zf_transfer_finding_t *out, size_t cap, size_t *n);

/* May `st` be taken from t? ZF_ENOTFOUND: unknown step; ZF_ECONFLICT: not
 * from this state (no findings); ZF_EINVAL: guards failed (findings); 0:
 * allowed, *to set to the new state (warnings may be in the findings). */
int zf_transfer_check(const zf_transfer_t *t, const zf_transfer_step_t *st, const char **to,
                      zf_transfer_finding_t *out, size_t cap, size_t *n);

/* The running time limit of a state. Fills rule (deadline rule name, "" for
 * none, "transfer_feedback" for the configured feedback period), the last
 * day *due (ZF_DAY_NONE when none) and, for the 24-hour handover, due_at
 * (UTC ISO instant, else ""). from is the day the limit runs from (the
 * latest step's day; the sent day for feedback). 0 or a negative code
 * (calendar year missing). */
typedef struct zf_transfer_due {
    const char *rule;
    const char *label;
    const char *article;
    zf_day_t due;
    char due_at[32];
} zf_transfer_due_t;
int zf_transfer_next_due(const char *kind, const char *state, zf_day_t from,
                         const char *approved_at, int feedback_days, const zf_calendar_t *cal,
                         const zf_dl_config_t *dl, zf_transfer_due_t *out, zf_error_t *err);

/* The UTC instant 24 hours after `at` (UTC ISO "YYYY-MM-DDThh:mm:ss…Z")
 * into out, and its local (Asia/Shanghai, UTC+8) day as the return value;
 * ZF_DAY_NONE when at does not parse. */
zf_day_t zf_transfer_plus_24h(const char *at, char out[32]);

/* 移送评估 signal (LAW.md §5.4; 刑法第134条之一 危险作业罪 needs no accident):
 * which of the case's violation codes are in the configured list `codes`
 * (space-separated). Writes the matches' indexes into hit (room for n) and
 * returns how many matched. */
size_t zf_transfer_signal(const char *codes, const char *const *violation_codes, size_t n,
                          size_t *hit);

#endif
