/* demo_opendata.h — the demo district's open data (issue 10): a fine that
 * changed before the notice, so the amount-history file has a change. */
#ifndef ZF_CLI_DEMO_OPENDATA_H
#define ZF_CLI_DEMO_OPENDATA_H

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

/* Runs after the cases and publications loaders, in the caller's
 * transaction. 0 or a negative code. */
int zf_demo_opendata_load(zf_db_t *db, zf_arena_t *a, zf_error_t *err);

#endif
