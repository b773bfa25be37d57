/* transfer_api.h — what transfers.c and transfer_steps.c share (issue 11,
 * R27/R28). Not for other modules: they use api.h's zf_api_transfer_*. */
#ifndef ZF_API_TRANSFER_API_H
#define ZF_API_TRANSFER_API_H

#include "api/api.h"
#include "api/case_api.h"
#include "core/transfer.h"
#include "store/transfers.h"

/* The calendar, deadline configuration and today (the cases' loader) plus
 * the configured feedback period in force today. */
typedef struct zf_transfer_cfg {
    zf_case_cfg_t c;
    int feedback_days;
} zf_transfer_cfg_t;
int zf_transfer_cfg_load(zf_db_t *db, zf_arena_t *a, zf_transfer_cfg_t *cfg, zf_error_t *err);

/* Recompute t->next_due / next_due_at from its state and dates. */
int zf_api_transfer_recompute_due(zf_arena_t *a, zf_transfer_row_t *t, const zf_transfer_cfg_t *cfg,
                                  zf_error_t *err);
/* The core's view of a stored transfer. */
void zf_api_transfer_facts(const zf_transfer_row_t *t, zf_transfer_t *out);
/* The JSON of a transfer (list and log); with_steps adds steps and, for the
 * actor, the steps possible now. */
json_t *zf_api_transfer_json(zf_req_t *req, const zf_transfer_row_t *t,
                             const zf_transfer_cfg_t *cfg, int with_steps);
json_t *zf_api_transfer_findings_json(const zf_transfer_finding_t *fs, size_t n);

#endif
