/* insp_ops.c — see insp_ops.h (migration 039). */
#include "store/insp_ops.h"

#include <stdio.h>

#include "core/util.h"

int zf_insp_op_get(zf_db_t *db, const char *op_id, zf_insp_op_t *out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT inspection_id, action, body_sha256, version_after "
                                  "FROM inspection_ops WHERE op_id = $1",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, op_id);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) {
        out->inspection_id = zf_stmt_int(st, 0);
        snprintf(out->action, sizeof out->action, "%s", zf_stmt_text(st, 1));
        snprintf(out->body_sha256, sizeof out->body_sha256, "%s", zf_stmt_text(st, 2));
        out->version_after = zf_stmt_int(st, 3);
    }
    zf_stmt_done(st);
    return rc;
}

int zf_insp_op_insert(zf_db_t *db, const char *op_id, const zf_insp_op_t *op, int64_t user_id,
                      zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO inspection_ops (op_id, inspection_id, action, "
                                  "body_sha256, version_after, created_at, created_by) "
                                  "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, op_id);
    zf_stmt_bind_int(st, 2, op->inspection_id);
    zf_stmt_bind_text(st, 3, op->action);
    zf_stmt_bind_text(st, 4, op->body_sha256);
    zf_stmt_bind_int(st, 5, op->version_after);
    zf_stmt_bind_text(st, 6, now);
    if (user_id)
        zf_stmt_bind_int(st, 7, user_id);
    else
        zf_stmt_bind_null(st, 7);
    int64_t n = zf_stmt_run(st, err);
    return n < 0 ? (int)n : 0;
}
