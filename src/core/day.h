/* day.h — local calendar days (Asia/Shanghai) as integers, pure: no I/O,
 * no allocation, thread-safe. A day is the number of days since 1970-01-01,
 * so date arithmetic is integer arithmetic. Used by the officer rules
 * (officers.h), the working-day calendar (calendar.h) and the deadline
 * engine (deadline.h). */
#ifndef ZF_CORE_DAY_H
#define ZF_CORE_DAY_H

#include <stdint.h>

#include "core/error.h"

typedef int32_t zf_day_t; /* days since 1970-01-01 */
#define ZF_DAY_NONE INT32_MIN

/* Strict "YYYY-MM-DD" with a real calendar date (years 1900–9999): 0 and *out,
 * or ZF_EINVAL. */
int zf_day_parse(const char *s, zf_day_t *out);
/* "YYYY-MM-DD" into out (11 bytes). */
void zf_day_format(zf_day_t d, char out[11]);
zf_day_t zf_day_from_ymd(int y, int m, int d);
void zf_day_to_ymd(zf_day_t day, int *y, int *m, int *d);
int zf_day_year(zf_day_t day);
/* The same day of the month `months` later, or the month's last day when the
 * month is shorter (2025-11-30 + 3 months = 2026-02-28). */
zf_day_t zf_day_add_months(zf_day_t day, int months);
/* The instant the local day begins (00:00 in China, UTC+8) written as
 * zf_now_iso writes stored instants: "YYYY-MM-DDT16:00:00.000Z" of the day
 * before. A stored instant `at` falls on local days from…to when
 * start(from) <= at < start(to + 1) — comparing its first ten characters
 * with local dates puts the evening hours from 16:00 UTC on the wrong day. */
void zf_day_start_utc(zf_day_t day, char out[32]);
/* ISO weekday: 1 Monday … 6 Saturday, 7 Sunday. */
int zf_day_weekday(zf_day_t day);

#endif
