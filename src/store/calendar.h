/* store/calendar.h — the working-day calendar in the database (migration
 * 009, issue 8): the years covered and the days that differ from the week.
 * Years are only ever added: a year that is stored is never overwritten,
 * so deadlines computed in the past stay recomputable (LAW.md §10). */
#ifndef ZF_STORE_CALENDAR_H
#define ZF_STORE_CALENDAR_H

#include "core/arena.h"
#include "core/calendar.h"
#include "core/error.h"
#include "store/db.h"

typedef struct zf_cal_year {
    int64_t id;
    int year;
    const char *region;
    const char *source;
    const char *imported_at;
    int64_t imported_by; /* 0: seeded by zhifa init */
} zf_cal_year_t;

/* The whole calendar of `region` ("" national) into *cal (arena). */
int zf_calendar_load(zf_db_t *db, zf_arena_t *a, const char *region, zf_calendar_t *cal,
                     zf_error_t *err);

/* Covered years, ascending. */
int zf_calendar_years(zf_db_t *db, zf_arena_t *a, const char *region, zf_cal_year_t **out,
                      size_t *n, zf_error_t *err);

/* The overrides of one year, by date. */
int zf_calendar_year_days(zf_db_t *db, zf_arena_t *a, const char *region, int year,
                          zf_cal_day_t **out, size_t *n, zf_error_t *err);

/* Store a year and its days (caller holds the transaction). 409
 * calendar.year_exists when the year is already stored (field "year"). */
int zf_calendar_insert_year(zf_db_t *db, zf_arena_t *a, const char *region, int year,
                            const char *source, int64_t actor_id, const zf_cal_day_t *days,
                            size_t n, zf_cal_year_t *out, zf_error_t *err);

#endif
