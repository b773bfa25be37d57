/* stats_training.c — see stats_training.h. The training report's rule,
 * per serving officer (kind 'officer'): the refresher days of the courses
 * whose end — a course still running today ends today for this purpose —
 * falls in the year; a running course counts the days so far (at most its
 * days), a course not begun counts nothing. Complete when the days reach
 * the required number. One statement per backend because the days so far
 * are a date difference, which SQLite and PostgreSQL spell differently;
 * both are string literals (the backends cache statements by pointer).
 * $1 scope, $2 today (compared as text), $3 first and $4 last day of the
 * year, $5 required days, $6 today again (the date difference: a separate
 * parameter so PostgreSQL deduces one type per parameter). */
#include "store/stats_training.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRAINING_SQL(DAYS_SO_FAR, LEAST)                                                           \
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN COALESCE(x.have, 0) >= $5 THEN 1 ELSE 0 END), 0) "    \
    "FROM officers o LEFT JOIN (SELECT t.officer_id, SUM(CASE WHEN t.end_date > $2 THEN " LEAST    \
    "(t.days, " DAYS_SO_FAR ") ELSE t.days END) AS have FROM trainings t "                         \
    "WHERE t.kind = 'refresher' AND t.start_date <= $2 "                                           \
    "AND (CASE WHEN t.end_date > $2 THEN $2 ELSE t.end_date END) >= $3 "                           \
    "AND (CASE WHEN t.end_date > $2 THEN $2 ELSE t.end_date END) <= $4 "                           \
    "GROUP BY t.officer_id) x ON x.officer_id = o.id "                                             \
    "WHERE o.kind = 'officer' AND o.status = 'serving' "                                           \
    "AND o.unit_id IN (SELECT id FROM units WHERE path LIKE $1 || '%')"

static const char *SQL_SQLITE =
    TRAINING_SQL("CAST(julianday($6) - julianday(t.start_date) AS INTEGER) + 1", "MIN");
static const char *SQL_PG =
    TRAINING_SQL("(CAST($6 AS DATE) - CAST(t.start_date AS DATE)) + 1", "LEAST");

int zf_stats_training(zf_db_t *db, const zf_stats_query_t *q, int required_days, json_t *fig,
                      zf_error_t *err) {
    int year = atoi(q->to);
    char first[11], last[11];
    snprintf(first, sizeof first, "%04d-01-01", year);
    snprintf(last, sizeof last, "%04d-12-31", year);
    const char *sql = strcmp(zf_db_backend(db), "postgresql") == 0 ? SQL_PG : SQL_SQLITE;
    zf_stmt_t *st = zf_db_prepare(db, sql, err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, q->scope_path);
    zf_stmt_bind_text(st, 2, q->today);
    zf_stmt_bind_text(st, 3, first);
    zf_stmt_bind_text(st, 4, last);
    zf_stmt_bind_int(st, 5, required_days);
    zf_stmt_bind_text(st, 6, q->today);
    int64_t n = 0, ok = 0;
    int rc = zf_stmt_step(st, err);
    if (rc == 1) {
        n = zf_stmt_int(st, 0);
        ok = zf_stmt_int(st, 1);
    }
    zf_stmt_done(st);
    if (rc < 0) return rc;
    json_object_set_new(fig, "training",
                        json_pack("{s:i, s:i, s:I, s:I, s:I}", "year", year, "required_days",
                                  required_days, "officers", (json_int_t)n, "complete",
                                  (json_int_t)ok, "permille",
                                  (json_int_t)(n > 0 ? ok * 1000 / n : 0)));
    return 0;
}
