/* demo_transfers.h — the issue 11 transfers part of `zhifa demo`: an
 * administrative transfer to the market regulator whose feedback is overdue,
 * a criminal transfer at police review, and a 检察建议 (公益诉讼) awaiting
 * the bureau's reply. */
#ifndef ZF_CLI_DEMO_TRANSFERS_H
#define ZF_CLI_DEMO_TRANSFERS_H

#include "api/api.h"

/* Inside the caller's transaction, each row and step with its log event;
 * dates relative to today. Needs the demo units, users, officers,
 * enterprises, agencies and cases. 0 or a negative code with err filled. */
int zf_demo_transfers_load(zf_db_t *db, zf_arena_t *a, zf_error_t *err);

#endif
