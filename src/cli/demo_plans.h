/* demo_plans.h — the annual-plan part of `zhifa demo` (issue 6, part A). */
#ifndef ZF_CLI_DEMO_PLANS_H
#define ZF_CLI_DEMO_PLANS_H

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

/* The 2026 plan of the district brigade, approved, with progress (done
 * through November, some overdue), and the 2026 plan of 史河街道, submitted,
 * which joins months the brigade plans (joint-inspection proposals). Each
 * step with its log event, inside the caller's transaction. Needs the demo
 * units, users, officers and enterprises. 0 or a negative code. */
int zf_demo_plans_load(zf_db_t *db, zf_arena_t *a, zf_error_t *err);

#endif
