/* demo_cases.h — the administrative penalty cases of `zhifa demo` (issue 8,
 * part C). */
#ifndef ZF_CLI_DEMO_CASES_H
#define ZF_CLI_DEMO_CASES_H

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

/* Eleven cases of the brigade and 史河街道 across the procedure's states
 * (draft, filed, investigating, notified with the hearing period running,
 * hearing requested, served and unpaid, executing, paid and closed, on the
 * spot, no penalty, withdrawn), dated relative to today, each logged, in
 * the caller's transaction. Needs the demo units, users, officers,
 * enterprises and the seeded catalogue. 0 or a negative code. */
int zf_demo_cases_load(zf_db_t *db, zf_arena_t *a, zf_error_t *err);

#endif
