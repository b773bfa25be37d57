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

/* ---- onboarding (入职培训) ----
 * 叶集区实施方案 二(四)2: 入职培训不少于3个月 (onboarding_months, a row of
 * officer_settings). The rule is core zf_onboarding_done_on as the training
 * report applies it (api/officers.c compute_compliance), as of today: the
 * onboarding records begun by today, a running one ending today, each
 * counting end - start + 1 days, are complete when their days reach the
 * calendar span from the first onboarding day to the same day
 * onboarding_months later (zf_onboarding_required_days; zf_day_add_months
 * keeps the day, or the month's last day when the month is shorter:
 * 11-30 + 3 months = 02-28). The days add up whatever their order, so the
 * sum over all records and the earliest start decide it. With no hire date
 * in the officers table, the window is measured the same way from the first
 * onboarding day: an officer not complete is within the window before the
 * day it ends (the day a course without a break would be complete + 1), and
 * overdue from that day on or when no onboarding has begun (the report
 * counts these as short too; not_started says how many of the overdue).
 * $1 scope, $2 today (text), $3 months. The window's end is a text date in
 * both spellings: SQLite's date() does not keep the day at a month end
 * (date('2025-11-30', '+3 months') is 2026-03-02), so the first of the
 * month moves and the day is clamped to the last day of the target month. */
#define ONBOARDING_SQL(DAYS, WINDOW_END, SPAN)                                                     \
    "SELECT COUNT(*), "                                                                            \
    "COALESCE(SUM(CASE WHEN y.first IS NOT NULL AND y.have >= " SPAN " THEN 1 ELSE 0 END), 0), "   \
    "COALESCE(SUM(CASE WHEN y.first IS NOT NULL AND y.have < " SPAN " AND $2 < y.wend "            \
    "THEN 1 ELSE 0 END), 0), "                                                                     \
    "COALESCE(SUM(CASE WHEN y.first IS NULL THEN 1 ELSE 0 END), 0) "                               \
    "FROM officers o LEFT JOIN (SELECT x.officer_id, x.first, x.have, " WINDOW_END " AS wend "     \
    "FROM (SELECT t.officer_id, MIN(t.start_date) AS first, SUM(" DAYS " + 1) AS have "            \
    "FROM trainings t WHERE t.kind = 'onboarding' AND t.start_date <= $2 "                         \
    "AND t.end_date >= t.start_date GROUP BY t.officer_id) x) y ON y.officer_id = o.id "           \
    "WHERE o.kind = 'officer' AND o.status = 'serving' "                                           \
    "AND o.unit_id IN (SELECT id FROM units WHERE path LIKE $1 || '%')"

static const char *ONB_SQLITE =
    ONBOARDING_SQL("CAST(julianday(CASE WHEN t.end_date > $2 THEN $2 ELSE t.end_date END) - "
                   "julianday(t.start_date) AS INTEGER)",
                   "MIN(date(x.first, 'start of month', '+' || $3 || ' months', '+' || "
                   "(CAST(strftime('%d', x.first) AS INTEGER) - 1) || ' days'), "
                   "date(x.first, 'start of month', '+' || ($3 + 1) || ' months', '-1 day'))",
                   "CAST(julianday(y.wend) - julianday(y.first) AS INTEGER)");
static const char *ONB_PG = ONBOARDING_SQL(
    "(CAST(CASE WHEN t.end_date > $2 THEN $2 ELSE t.end_date END AS DATE) - "
    "CAST(t.start_date AS DATE))",
    "to_char(CAST(x.first AS DATE) + make_interval(months => CAST($3 AS INTEGER)), 'YYYY-MM-DD')",
    "(CAST(y.wend AS DATE) - CAST(y.first AS DATE))");

int zf_stats_onboarding(zf_db_t *db, const zf_stats_query_t *q, int months, json_t *fig,
                        zf_error_t *err) {
    const char *sql = strcmp(zf_db_backend(db), "postgresql") == 0 ? ONB_PG : ONB_SQLITE;
    zf_stmt_t *st = zf_db_prepare(db, sql, err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, q->scope_path);
    zf_stmt_bind_text(st, 2, q->today);
    zf_stmt_bind_int(st, 3, months);
    int64_t n = 0, ok = 0, within = 0, none = 0;
    int rc = zf_stmt_step(st, err);
    if (rc == 1) {
        n = zf_stmt_int(st, 0);
        ok = zf_stmt_int(st, 1);
        within = zf_stmt_int(st, 2);
        none = zf_stmt_int(st, 3);
    }
    zf_stmt_done(st);
    if (rc < 0) return rc;
    json_t *training = json_object_get(fig, "training");
    if (!training) {
        training = json_object();
        json_object_set_new(fig, "training", training);
    }
    json_object_set_new(training, "onboarding",
                        json_pack("{s:i, s:I, s:I, s:I, s:I, s:I, s:I}", "required_months", months,
                                  "officers", (json_int_t)n, "complete", (json_int_t)ok,
                                  "in_window", (json_int_t)within, "overdue",
                                  (json_int_t)(n - ok - within), "not_started", (json_int_t)none,
                                  "permille", (json_int_t)(n > 0 ? ok * 1000 / n : 0)));
    return 0;
}
