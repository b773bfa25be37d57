/* jobs.h — background jobs' state in the database (migration 023), so a
 * poll reaching any server of a cluster finds the job (api/jobs.c runs
 * them). Each call is its own statement (autocommit): never inside a job's
 * own transaction. Inserting a job forgets the rows of jobs finished more
 * than a week before. */
#ifndef ZF_STORE_JOBS_H
#define ZF_STORE_JOBS_H

#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

typedef struct zf_job_row {
    int64_t id, owner_id;
    const char *kind, *state; /* queued | running | done | failed */
    int status;               /* HTTP status of the result, 0 while unfinished */
    const char *result;       /* canonical JSON, "" while unfinished */
    const char *server;       /* which server runs it (host:pid) */
    int64_t created_ms, started_ms, finished_ms;
} zf_job_row_t;

int zf_store_job_insert(zf_db_t *db, const char *kind, int64_t owner_id, int64_t created_ms,
                        const char *server, int64_t *id, zf_error_t *err);
int zf_store_job_started(zf_db_t *db, int64_t id, int64_t started_ms, zf_error_t *err);
int zf_store_job_finished(zf_db_t *db, int64_t id, const char *state, int status,
                          const char *result, int64_t finished_ms, zf_error_t *err);
/* ZF_ENOTFOUND when there is no such job. */
int zf_store_job_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_job_row_t *out, zf_error_t *err);

#endif
