/* calendar.h — the working-day calendar (R20), pure: no I/O, thread-safe.
 *
 * A calendar is the set of years it covers plus per-date overrides of the
 * week: a rest day on a weekday (法定节假日) or a working day on a weekend
 * (调休上班). Inside a covered year a day is a working day when it is a
 * Monday–Friday without a rest override, or a Saturday/Sunday with a work
 * override. A day in a year the calendar does not cover is an error
 * (calendar.year_missing): LAW.md §10 — the State Council announces each
 * year's arrangement (国务院办公厅通知), a deadline in a year without one is
 * flagged, never guessed, and never approximated by Monday–Friday.
 *
 * The overrides come from a CSV `date,kind,name,source` (data/holidays.csv,
 * a copy of ../shared/domain/holidays.csv, embedded in the binary and seeded
 * by `zhifa init`; administrators import later years). */
#ifndef ZF_CORE_CALENDAR_H
#define ZF_CORE_CALENDAR_H

#include <stddef.h>

#include "core/arena.h"
#include "core/day.h"
#include "core/error.h"

typedef struct zf_cal_day {
    zf_day_t day;
    int work;         /* 1: 调休上班 (work on a weekend), 0: rest (法定休假日) */
    const char *name; /* "春节", "国庆节调休上班" */
    const char *source; /* "国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)" */
} zf_cal_day_t;

typedef struct zf_calendar {
    const int *years; /* covered years, any order */
    size_t nyears;
    const zf_cal_day_t *days; /* overrides, sorted by day, no duplicates */
    size_t ndays;
} zf_calendar_t;

/* Does the calendar cover `year`? 1 or 0. */
int zf_cal_covers(const zf_calendar_t *cal, int year);

/* The override of `day`, or NULL. */
const zf_cal_day_t *zf_cal_override(const zf_calendar_t *cal, zf_day_t day);

/* 1 working day, 0 rest day, or ZF_EINVAL with err 422 calendar.year_missing
 * (field "date") when the day's year is not covered. */
int zf_cal_is_workday(const zf_calendar_t *cal, zf_day_t day, zf_error_t *err);

/* The n-th working day after `from` (from itself not counted: 期间开始之日不
 * 计算在内), n >= 1, into *out. When counted is not NULL it receives the n
 * working days counted (room for n); when skipped is not NULL it receives up
 * to skipped_cap rest days passed over (*nskipped, may be NULL). Fails with
 * calendar.year_missing on the first day in a year not covered. */
int zf_cal_add_workdays(const zf_calendar_t *cal, zf_day_t from, int n, zf_day_t *out,
                        zf_day_t *counted, zf_day_t *skipped, size_t skipped_cap, size_t *nskipped,
                        zf_error_t *err);

/* The n-th working day before `from` (from not counted), counting backwards;
 * same outputs as zf_cal_add_workdays. */
int zf_cal_sub_workdays(const zf_calendar_t *cal, zf_day_t from, int n, zf_day_t *out,
                        zf_day_t *counted, zf_day_t *skipped, size_t skipped_cap, size_t *nskipped,
                        zf_error_t *err);

/* The first working day on or after `day` (顺延: 末日为法定休假日的，以休假日
 * 后的第一日为末日); *out = day when it is a working day. The rest days passed
 * over go into skipped as above. */
int zf_cal_roll_forward(const zf_calendar_t *cal, zf_day_t day, zf_day_t *out, zf_day_t *skipped,
                        size_t skipped_cap, size_t *nskipped, zf_error_t *err);

/* ---- the CSV `date,kind,name,source` ---- */

typedef struct zf_cal_line_error {
    int line; /* 1-based line of the file (the header is line 1) */
    const char *field;
    const char *message; /* Chinese */
} zf_cal_line_error_t;

/* Parse and validate a calendar CSV whole (all-or-nothing). year > 0: every
 * date must be in that year (an administrator's import); year 0: any years
 * (the embedded file), *years gets the distinct years in file order.
 * Checks: header `date,kind,name,source` (a UTF-8 BOM is allowed), a real
 * date YYYY-MM-DD, kind rest|work, name and source not blank, no date twice,
 * a work day must be a Saturday or Sunday (调休上班), a rest day must be a
 * weekday unless allow_weekend_rest (the State Council's notices list whole
 * holiday runs, weekends included). Returns 0 with the days sorted, or
 * ZF_EINVAL with 400 calendar.invalid and errs / nerrs listing every bad
 * line (all in arena a). */
int zf_cal_parse_csv(zf_arena_t *a, const char *text, size_t len, int year, int allow_weekend_rest,
                     zf_cal_day_t **days, size_t *ndays, int **years, size_t *nyears,
                     zf_cal_line_error_t **errs, size_t *nerrs, zf_error_t *err);

#endif
