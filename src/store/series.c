/* series.c — see series.h. */
#include "store/series.h"

int64_t zf_store_next_number(zf_db_t *db, const char *series, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO number_series (series, value) VALUES ($1, 1) "
        "ON CONFLICT (series) DO UPDATE SET value = number_series.value + 1 RETURNING value",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, series);
    int rc = zf_stmt_step(st, err);
    int64_t v = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_EIO, 500, "store.error", NULL, "编号序列 %s 未返回编号",
                            series);
    return v;
}

int64_t zf_store_peek_number(zf_db_t *db, const char *series, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT value FROM number_series WHERE series = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, series);
    int rc = zf_stmt_step(st, err);
    int64_t v = rc == 1 ? zf_stmt_int(st, 0) + 1 : 1;
    zf_stmt_done(st);
    return rc < 0 ? rc : v;
}
