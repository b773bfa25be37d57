/* demo_draws.h — the double-random part of `zhifa demo` (issue 6). */
#ifndef ZF_CLI_DEMO_DRAWS_H
#define ZF_CLI_DEMO_DRAWS_H

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

/* Officer relations (回避), two finished draws and one frozen draw, each
 * with its log events, inside the caller's transaction. Needs the demo
 * units, users, officers and enterprises. 0 or a negative code. */
int zf_demo_draws_load(zf_db_t *db, zf_arena_t *a, zf_error_t *err);

#endif
