/* case_daily.c — see case_daily.h. */
#include "store/case_daily.h"

#include "core/util.h"
#include "store/inspections.h"

int zf_case_daily_insert(zf_db_t *db, zf_case_daily_t *d, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO case_daily_penalties (case_id, hazard_id, ordered_on, from_on, until_on, "
        "days, fine_fen, total_fen, follow_case_id, created_at, created_by) VALUES ($1, $2, $3, "
        "$4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, d->case_id);
    zf_stmt_bind_int(st, 2, d->hazard_id);
    zf_stmt_bind_text(st, 3, d->ordered_on);
    zf_stmt_bind_text(st, 4, d->from_on);
    zf_stmt_bind_text(st, 5, d->until_on);
    zf_stmt_bind_int(st, 6, d->days);
    zf_stmt_bind_int(st, 7, d->fine_fen);
    zf_stmt_bind_int(st, 8, d->total_fen);
    zf_stmt_bind_int(st, 9, d->follow_case_id);
    zf_stmt_bind_text(st, 10, now);
    if (d->created_by)
        zf_stmt_bind_int(st, 11, d->created_by);
    else
        zf_stmt_bind_null(st, 11);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) d->id = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int zf_case_daily_list(zf_db_t *db, int64_t case_id, int64_t follow_case_id, json_t **out,
                       zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT d.id, d.case_id, d.hazard_id, d.ordered_on, d.from_on, d.until_on, d.days, "
        "d.fine_fen, d.total_fen, d.follow_case_id, COALESCE(f.number, '') AS follow_case_number, "
        "COALESCE(o.number, '') AS case_number, d.created_at, d.created_by "
        "FROM case_daily_penalties d JOIN cases f ON f.id = d.follow_case_id "
        "JOIN cases o ON o.id = d.case_id "
        "WHERE ($1 > 0 AND d.case_id = $1) OR ($2 > 0 AND d.follow_case_id = $2) ORDER BY d.id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, case_id);
    zf_stmt_bind_int(st, 2, follow_case_id);
    return zf_insp_rows(st, out, err);
}
