/* demo_inspections.h — the on-site inspection part of `zhifa demo` (issue 7). */
#ifndef ZF_CLI_DEMO_INSPECTIONS_H
#define ZF_CLI_DEMO_INSPECTIONS_H

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

/* QR secrets of the operating enterprises and a few inspections with
 * findings and hazards (one overdue), each logged, inside the caller's
 * transaction. Needs the demo units, users, officers, enterprises and the
 * shipped checklists. 0 or a negative code. */
int zf_demo_inspections_load(zf_db_t *db, zf_arena_t *a, zf_error_t *err);

#endif
