/* instalments.h — instalment plans of fines in the database (分期缴纳,
 * 行政处罚法 第66条第2款; migration 035). A plan is the party's application
 * with its schedule, then the approval or refusal; core/instalment checks
 * the schedule and allocates payments. Strings live in the caller's arena;
 * writers expect the caller's transaction (the change and its log event
 * commit together). Portable SQL only. */
#ifndef ZF_STORE_INSTALMENTS_H
#define ZF_STORE_INSTALMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

typedef struct zf_case_instalment {
    int64_t id, plan_id, seq, amount_fen; /* seq from 1 */
    const char *due_on;
} zf_case_instalment_t;

typedef struct zf_case_instalment_plan {
    int64_t id, case_id, outstanding_fen, decided_by, entered_by;
    const char *status; /* applied | approved | refused */
    const char *applied_on, *reason, *decided_on, *decision_note, *created_at;
    zf_case_instalment_t *items; /* in seq order */
    size_t nitems;
} zf_case_instalment_plan_t;

/* Every plan of the case, oldest first, each with its instalments. */
int zf_instalment_plans_load(zf_db_t *db, zf_arena_t *a, int64_t case_id,
                             zf_case_instalment_plan_t **out, size_t *n, zf_error_t *err);
/* Insert the plan (status 'applied') and its items (seq 1…n); p->id set. */
int zf_instalment_plan_insert(zf_db_t *db, zf_case_instalment_plan_t *p, zf_error_t *err);
/* Record the decision on an applied plan: status approved|refused, the day,
 * the approver and the note. 409 instalment.not_applied when the plan is
 * not (or no longer) 'applied'. */
int zf_instalment_plan_decide(zf_db_t *db, int64_t plan_id, const char *status,
                              const char *decided_on, int64_t decided_by, const char *note,
                              zf_error_t *err);

#endif
