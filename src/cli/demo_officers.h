/* demo_officers.h — the officers part of `zhifa demo` (issue 4). */
#ifndef ZF_CLI_DEMO_OFFICERS_H
#define ZF_CLI_DEMO_OFFICERS_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

/* Load officer records, training, authorised posts and equipment into the
 * demo district, each with its log event, inside the caller's transaction.
 * Needs the demo units and users. 0 or a negative code with err filled. */
int zf_demo_officers_load(zf_db_t *db, zf_arena_t *a, zf_error_t *err);
/* Number of officer records it creates. */
size_t zf_demo_officers_count(void);

#endif
