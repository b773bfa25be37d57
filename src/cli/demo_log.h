/* demo_log.h — the one way the demo loaders (demo.c, demo_*.c) put what
 * they create on the full-process log, so the demo district's log is like
 * one the server would have written. */
#ifndef ZF_CLI_DEMO_LOG_H
#define ZF_CLI_DEMO_LOG_H

#include <jansson.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

/* Append one event: actor 0 = the system, object `type` #id in unit_id
 * (0 = none), `after` the new state (stolen, may be NULL). 0 or the
 * error code. */
int zf_demo_log(zf_db_t *db, zf_arena_t *a, int64_t actor, const char *action, const char *type,
                int64_t id, int64_t unit_id, json_t *after, zf_error_t *err);

#endif
