/* Unit tests for core/day and core/calendar: weekdays, working days on the
 * shipped 2025–2026 calendar (data/holidays.csv: the 2026 Spring Festival
 * 2/15–2/23 rest with 2/14 and 2/28 working Saturdays, 9/20 working Sunday,
 * 10/10 working Saturday), a year without a calendar (flagged, never
 * Monday–Friday), and the CSV import's all-or-nothing validation. Each table
 * row has a stable ID. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/calendar.h"

static zf_day_t day(const char *s) {
    zf_day_t d = 0;
    if (zf_day_parse(s, &d) != 0) fail_msg("bad test date %s", s);
    return d;
}

/* The shipped calendar, read from the source tree (data/holidays.csv). */
static zf_arena_t *arena;
static zf_calendar_t cal;

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    static char buf[65536];
    *len = fread(buf, 1, sizeof buf - 1, f);
    buf[*len] = 0;
    fclose(f);
    return buf;
}

static int setup(void **state) {
    (void)state;
    arena = zf_arena_new();
    /* __FILE__ is ../tests/unit/test_calendar.c relative to the build dir */
    char path[1024];
    snprintf(path, sizeof path, "%s", __FILE__);
    char *slash = strrchr(path, '/');
    if (!slash) return -1;
    snprintf(slash, sizeof path - (size_t)(slash - path), "/../../data/holidays.csv");
    size_t len;
    char *text = slurp(path, &len);
    if (!text) return -1;
    zf_cal_day_t *days;
    size_t n, ny, ne;
    int *years;
    zf_cal_line_error_t *errs;
    zf_error_t err = {0};
    if (zf_cal_parse_csv(arena, text, len, 0, 1, &days, &n, &years, &ny, &errs, &ne, &err) != 0)
        return -1;
    cal = (zf_calendar_t){years, ny, days, n};
    return 0;
}

static int teardown(void **state) {
    (void)state;
    zf_arena_free(arena);
    return 0;
}

static void test_weekday(void **state) {
    (void)state;
    static const struct {
        const char *id, *date;
        int wd;
    } rows[] = {
        {"W01", "1970-01-01", 4}, {"W02", "2026-02-14", 6}, {"W03", "2026-09-20", 7},
        {"W04", "2026-10-12", 1}, {"W05", "1969-12-31", 3}, {"W06", "2000-02-29", 2},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (zf_day_weekday(day(rows[i].date)) != rows[i].wd)
            fail_msg("%s: %s weekday %d", rows[i].id, rows[i].date,
                     zf_day_weekday(day(rows[i].date)));
}

static void test_shipped(void **state) {
    (void)state;
    assert_int_equal(cal.nyears, 2);
    assert_true(zf_cal_covers(&cal, 2025));
    assert_true(zf_cal_covers(&cal, 2026));
    assert_false(zf_cal_covers(&cal, 2027));
    assert_int_equal(cal.ndays, 72);
}

static void test_is_workday(void **state) {
    (void)state;
    static const struct {
        const char *id, *date;
        int expect; /* 1 work, 0 rest, -1 year missing */
    } rows[] = {
        {"C01", "2026-02-14", 1},  /* Saturday, 春节调休上班 */
        {"C02", "2026-02-15", 0},  /* Sunday, 春节 */
        {"C03", "2026-02-16", 0},  /* Monday, 春节 */
        {"C04", "2026-02-23", 0},  /* Monday, last day of 春节 */
        {"C05", "2026-02-24", 1},  /* Tuesday after */
        {"C06", "2026-02-28", 1},  /* Saturday, 调休上班 */
        {"C07", "2026-03-07", 0},  /* ordinary Saturday */
        {"C08", "2026-03-02", 1},  /* ordinary Monday */
        {"C09", "2026-09-20", 1},  /* Sunday, 国庆节调休上班 */
        {"C10", "2026-09-25", 0},  /* Friday, 中秋节 */
        {"C11", "2026-10-07", 0},  /* Wednesday, 国庆节 */
        {"C12", "2026-10-10", 1},  /* Saturday, 调休上班 */
        {"C13", "2026-10-11", 0},  /* ordinary Sunday */
        {"C14", "2025-01-26", 1},  /* Sunday, 2025 春节调休上班 */
        {"C15", "2025-12-31", 1},  /* Wednesday */
        {"C16", "2026-01-04", 1},  /* Sunday, 元旦调休上班 */
        {"C17", "2027-01-04", -1}, /* Monday in 2027: no calendar, no guess */
        {"C18", "2024-12-31", -1}, /* Tuesday in 2024: no calendar */
        {"C19", "2026-12-31", 1},  /* Thursday, last day covered */
        {"C20", "2027-01-01", -1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        zf_error_t err = {0};
        int got = zf_cal_is_workday(&cal, day(rows[i].date), &err);
        if (rows[i].expect < 0) {
            if (got >= 0 || strcmp(err.code, "calendar.year_missing") != 0)
                fail_msg("%s: %s expected calendar.year_missing, got %d %s", rows[i].id,
                         rows[i].date, got, err.code);
            if (err.status != 422 || strcmp(err.field, "date") != 0)
                fail_msg("%s: status %d field %s", rows[i].id, err.status, err.field);
        } else if (got != rows[i].expect) {
            fail_msg("%s: %s expected %d got %d", rows[i].id, rows[i].date, rows[i].expect, got);
        }
    }
}

static void test_arith(void **state) {
    (void)state;
    static const struct {
        const char *id, *from;
        int n;          /* > 0 forward, < 0 backward */
        const char *to; /* NULL: year missing */
        size_t skipped;
    } rows[] = {
        {"A01", "2026-09-29", 5, "2026-10-12", 8},  /* across 国庆 and the 10-10 Saturday */
        {"A02", "2026-02-12", 5, "2026-02-26", 9},  /* 2-14 counted, 2-15..2-23 skipped */
        {"A03", "2026-02-20", 7, "2026-03-03", 4},  /* from inside the holiday, 2-28 counted */
        {"A04", "2026-09-18", 3, "2026-09-22", 1},  /* 9-20 Sunday counted */
        {"A05", "2026-03-06", 1, "2026-03-09", 2},  /* Friday + 1 = Monday */
        {"A06", "2026-03-07", 1, "2026-03-09", 1},  /* from a Saturday */
        {"A07", "2026-12-25", 7, NULL, 0},          /* runs into 2027 */
        {"A08", "2026-10-12", -7, "2026-09-24", 0}, /* backwards across 国庆 */
        {"A09", "2026-03-02", -7, "2026-02-13", 0}, /* backwards across 春节 */
        {"A10", "2025-01-03", -3, NULL, 0},         /* backwards into 2024 */
        {"A11", "2026-12-30", 1, "2026-12-31", 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        zf_error_t err = {0};
        zf_day_t out = 0, counted[16], skipped[32];
        size_t ns = 0;
        int n = rows[i].n > 0 ? rows[i].n : -rows[i].n;
        int rc = rows[i].n > 0 ? zf_cal_add_workdays(&cal, day(rows[i].from), n, &out, counted,
                                                     skipped, 32, &ns, &err)
                               : zf_cal_sub_workdays(&cal, day(rows[i].from), n, &out, counted,
                                                     skipped, 32, &ns, &err);
        if (!rows[i].to) {
            if (rc == 0 || strcmp(err.code, "calendar.year_missing") != 0)
                fail_msg("%s: expected year_missing, got %d", rows[i].id, rc);
            continue;
        }
        char got[11];
        zf_day_format(out, got);
        if (rc != 0 || strcmp(got, rows[i].to) != 0)
            fail_msg("%s: %s %+d → %s (rc %d %s), expected %s", rows[i].id, rows[i].from, rows[i].n,
                     got, rc, err.message, rows[i].to);
        if (counted[n - 1] != out) fail_msg("%s: last counted day is not the result", rows[i].id);
        if (rows[i].n > 0 && ns != rows[i].skipped)
            fail_msg("%s: skipped %zu, expected %zu", rows[i].id, ns, rows[i].skipped);
    }
    /* roll forward */
    static const struct {
        const char *id, *in, *out;
    } rolls[] = {
        {"R01", "2026-10-01", "2026-10-08"}, {"R02", "2026-02-14", "2026-02-14"},
        {"R03", "2026-02-15", "2026-02-24"}, {"R04", "2026-03-07", "2026-03-09"},
        {"R05", "2026-09-19", "2026-09-20"},
    };
    for (size_t i = 0; i < sizeof rolls / sizeof rolls[0]; i++) {
        zf_error_t err = {0};
        zf_day_t out;
        char got[11];
        int rc = zf_cal_roll_forward(&cal, day(rolls[i].in), &out, NULL, 0, NULL, &err);
        zf_day_format(out, got);
        if (rc || strcmp(got, rolls[i].out)) fail_msg("%s: %s → %s", rolls[i].id, rolls[i].in, got);
    }
    zf_error_t err = {0};
    zf_day_t out;
    assert_int_not_equal(zf_cal_roll_forward(&cal, day("2027-01-01"), &out, NULL, 0, NULL, &err),
                         0);
    assert_string_equal(err.code, "calendar.year_missing");
    /* a calendar with no years: nothing is guessed, not even a Monday */
    zf_calendar_t empty = {0};
    assert_int_equal(zf_cal_is_workday(&empty, day("2026-03-02"), &err), ZF_EINVAL);
}

static void test_csv(void **state) {
    (void)state;
    static const struct {
        const char *id, *text;
        int year, allow;
        size_t nerr;       /* 0: accepted */
        const char *first; /* "line:field" of the first error, or days accepted "n" */
    } rows[] = {
        {"V01", "date,kind,name,source\n2027-01-01,rest,元旦,国办\n2027-01-02,rest,元旦,国办\n",
         2027, 1, 0, "2"},
        {"V02",
         "\xEF\xBB\xBF"
         "date,kind,name,source\r\n2027-02-06,work,春节调休上班,国办\r\n",
         2027, 0, 0, "1"},
        {"V03",
         "date,kind,name,source\n\"2027-10-01\",rest,\"国庆节,中秋节\",\"国办\"\"通知\"\"\"\n",
         2027, 0, 0, "1"},
        {"V04", "datum,kind,name,source\n2027-01-01,rest,元旦,国办\n", 2027, 0, 1, "1:header"},
        {"V05", "date,kind,name,source\n2026-01-01,rest,元旦,国办\n", 2027, 0, 1, "2:date"},
        {"V06", "date,kind,name,source\n2027-01-01,holiday,元旦,国办\n", 2027, 0, 1, "2:kind"},
        {"V07", "date,kind,name,source\n2027-01-01,rest,元旦,国办\n2027-01-01,rest,元旦,国办\n",
         2027, 0, 1, "3:date"},
        {"V08", "date,kind,name,source\n2027-01-04,work,调休,国办\n", 2027, 0, 1, "2:kind"},
        {"V09", "date,kind,name,source\n2027-01-02,rest,元旦,国办\n", 2027, 0, 1, "2:kind"},
        {"V10", "date,kind,name,source\n2027-02-30,rest,x,国办\n", 2027, 0, 1, "2:date"},
        {"V11", "date,kind,name,source\n2027-01-01,rest,,\n", 2027, 0, 2, "2:name"},
        {"V12", "date,kind,name,source\n2027-01-01,rest,元旦\n", 2027, 0, 1, "2:line"},
        {"V13", "", 2027, 0, 1, "1:header"},
        {"V14", "date,kind,name,source\n", 2027, 0, 1, "1:line"},
        /* every bad line is listed, the good ones are not imported either */
        {"V15",
         "date,kind,name,source\n2027-01-01,rest,元旦,国办\n2027-13-01,rest,x,国办\n2027-01-05,"
         "work,x,国办\n2026-05-01,rest,x,国办\n",
         2027, 0, 3, "3:date"},
        {"V16", "date,kind,name,source\n2027-01-01,rest,元旦,国办,extra\n", 2027, 0, 1, "2:line"},
        {"V17", "date,kind,name,source\n2027-01-01,rest,\"元旦,国办\n", 2027, 0, 1, "2:line"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        zf_arena_t *a = zf_arena_new();
        zf_cal_day_t *days = NULL;
        size_t n = 0, ne = 0, ny = 0;
        int *years;
        zf_cal_line_error_t *errs = NULL;
        zf_error_t err = {0};
        int rc = zf_cal_parse_csv(a, rows[i].text, strlen(rows[i].text), rows[i].year,
                                  rows[i].allow, &days, &n, &years, &ny, &errs, &ne, &err);
        char got[64];
        if (rc == 0)
            snprintf(got, sizeof got, "%zu", n);
        else
            snprintf(got, sizeof got, "%d:%s", errs[0].line, errs[0].field);
        if (ne != rows[i].nerr || strcmp(got, rows[i].first) != 0 || (rc == 0) != (ne == 0))
            fail_msg("%s: rc %d errors %zu first %s (expected %zu %s)", rows[i].id, rc, ne, got,
                     rows[i].nerr, rows[i].first);
        if (rc != 0 && strcmp(err.code, "calendar.invalid") != 0)
            fail_msg("%s: code %s", rows[i].id, err.code);
        zf_arena_free(a);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weekday),    cmocka_unit_test(test_shipped),
        cmocka_unit_test(test_is_workday), cmocka_unit_test(test_arith),
        cmocka_unit_test(test_csv),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
