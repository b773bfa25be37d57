/* demo_publications.h — 事后公开 of the demo district's decisions (issue 10). */
#ifndef ZF_CLI_DEMO_PUBLICATIONS_H
#define ZF_CLI_DEMO_PUBLICATIONS_H

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

/* A publication for every penalty decision of the demo cases, as the case
 * transitions make them on a server (pending until served, published once
 * served). Runs after the cases loader, in the caller's transaction. 0 or
 * a negative code. */
int zf_demo_publications_load(zf_db_t *db, zf_arena_t *a, zf_error_t *err);

#endif
