/* jobs.c — see jobs.h. */
#include "store/jobs.h"

#include <string.h>

/* A finished job's row is kept a week: long enough for anyone polling it,
 * and the table stays small (its effect is in the database and the log). */
#define JOB_KEEP_MS (7LL * 24 * 3600 * 1000)

int zf_store_job_insert(zf_db_t *db, const char *kind, int64_t owner_id, int64_t created_ms,
                        const char *server, int64_t *id, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO jobs (kind, owner_id, state, server, created_ms) "
                                  "VALUES ($1, $2, 'queued', $3, $4) RETURNING id",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, kind);
    zf_stmt_bind_int(st, 2, owner_id);
    zf_stmt_bind_text(st, 3, server);
    zf_stmt_bind_int(st, 4, created_ms);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) *id = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    /* after the insert, so the newest id stays taken and is never reused */
    zf_stmt_t *old =
        zf_db_prepare(db, "DELETE FROM jobs WHERE finished_ms > 0 AND finished_ms < $1", err);
    if (!old) return ZF_EIO;
    zf_stmt_bind_int(old, 1, created_ms - JOB_KEEP_MS);
    int64_t gone = zf_stmt_run(old, err);
    return gone < 0 ? (int)gone : 0;
}

int zf_store_job_started(zf_db_t *db, int64_t id, int64_t started_ms, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "UPDATE jobs SET state = 'running', started_ms = $1 WHERE id = $2", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, started_ms);
    zf_stmt_bind_int(st, 2, id);
    int64_t r = zf_stmt_run(st, err);
    return r < 0 ? (int)r : 0;
}

int zf_store_job_finished(zf_db_t *db, int64_t id, const char *state, int status,
                          const char *result, int64_t finished_ms, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "UPDATE jobs SET state = $1, status = $2, result = $3, "
                                  "finished_ms = $4 WHERE id = $5",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, state);
    zf_stmt_bind_int(st, 2, status);
    zf_stmt_bind_text(st, 3, result);
    zf_stmt_bind_int(st, 4, finished_ms);
    zf_stmt_bind_int(st, 5, id);
    int64_t r = zf_stmt_run(st, err);
    return r < 0 ? (int)r : 0;
}

int zf_store_job_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_job_row_t *out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT id, owner_id, kind, state, status, result, server, "
                                  "created_ms, started_ms, finished_ms FROM jobs WHERE id = $1",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    int rc = zf_stmt_step(st, err);
    if (rc == 1)
        *out = (zf_job_row_t){.id = zf_stmt_int(st, 0),
                              .owner_id = zf_stmt_int(st, 1),
                              .kind = zf_arena_strdup(a, zf_stmt_text(st, 2)),
                              .state = zf_arena_strdup(a, zf_stmt_text(st, 3)),
                              .status = (int)zf_stmt_int(st, 4),
                              .result = zf_arena_strdup(a, zf_stmt_text(st, 5)),
                              .server = zf_arena_strdup(a, zf_stmt_text(st, 6)),
                              .created_ms = zf_stmt_int(st, 7),
                              .started_ms = zf_stmt_int(st, 8),
                              .finished_ms = zf_stmt_int(st, 9)};
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "job.not_found", "id", "后台任务不存在");
    return 0;
}
