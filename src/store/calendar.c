/* store/calendar.c — see calendar.h. Portable SQL ($N placeholders, no
 * vendor functions): a year's days are the range 'YYYY-01-01'..'YYYY-12-31'
 * of the text dates. */
#include "store/calendar.h"

#include <stdio.h>
#include <string.h>

#include "core/util.h"

static void read_year(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_cal_year_t *y = item;
    y->id = zf_stmt_int(st, 0);
    y->year = (int)zf_stmt_int(st, 1);
    y->region = zf_arena_strdup(a, zf_stmt_text(st, 2));
    y->source = zf_arena_strdup(a, zf_stmt_text(st, 3));
    y->imported_at = zf_arena_strdup(a, zf_stmt_text(st, 4));
    y->imported_by = zf_stmt_is_null(st, 5) ? 0 : zf_stmt_int(st, 5);
}

static void read_day(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_cal_day_t *d = item;
    if (zf_day_parse(zf_stmt_text(st, 0), &d->day) != 0) d->day = ZF_DAY_NONE;
    d->work = strcmp(zf_stmt_text(st, 1), "work") == 0;
    d->name = zf_arena_strdup(a, zf_stmt_text(st, 2));
    d->source = zf_arena_strdup(a, zf_stmt_text(st, 3));
}

int zf_calendar_years(zf_db_t *db, zf_arena_t *a, const char *region, zf_cal_year_t **out,
                      size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT id, year, region, source, imported_at, imported_by "
                                  "FROM calendar_years WHERE region = $1 ORDER BY year",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, region);
    return zf_stmt_collect(st, a, sizeof **out, read_year, (void **)out, n, err);
}

static int load_days(zf_db_t *db, zf_arena_t *a, const char *region, const char *lo, const char *hi,
                     zf_cal_day_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT date, kind, name, source FROM calendar_days "
                                  "WHERE region = $1 AND date >= $2 AND date <= $3 ORDER BY date",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, region);
    zf_stmt_bind_text(st, 2, lo);
    zf_stmt_bind_text(st, 3, hi);
    int rc = zf_stmt_collect(st, a, sizeof **out, read_day, (void **)out, n, err);
    if (rc) return rc;
    for (size_t i = 0; i < *n; i++)
        if ((*out)[i].day == ZF_DAY_NONE)
            return zf_error_set(err, ZF_EIO, 500, "calendar.corrupt", NULL,
                                "工作日历中有无效日期，请检查 calendar_days 表");
    return 0;
}

int zf_calendar_year_days(zf_db_t *db, zf_arena_t *a, const char *region, int year,
                          zf_cal_day_t **out, size_t *n, zf_error_t *err) {
    char lo[16], hi[16];
    snprintf(lo, sizeof lo, "%04d-01-01", year);
    snprintf(hi, sizeof hi, "%04d-12-31", year);
    return load_days(db, a, region, lo, hi, out, n, err);
}

int zf_calendar_load(zf_db_t *db, zf_arena_t *a, const char *region, zf_calendar_t *cal,
                     zf_error_t *err) {
    zf_cal_year_t *ys;
    size_t ny;
    int rc = zf_calendar_years(db, a, region, &ys, &ny, err);
    if (rc) return rc;
    int *years = zf_arena_alloc(a, (ny ? ny : 1) * sizeof *years);
    for (size_t i = 0; i < ny; i++)
        years[i] = ys[i].year;
    zf_cal_day_t *days;
    size_t nd;
    rc = load_days(db, a, region, "0000-01-01", "9999-12-31", &days, &nd, err);
    if (rc) return rc;
    *cal = (zf_calendar_t){years, ny, days, nd};
    return 0;
}

int zf_calendar_insert_year(zf_db_t *db, zf_arena_t *a, const char *region, int year,
                            const char *source, int64_t actor_id, const zf_cal_day_t *days,
                            size_t n, zf_cal_year_t *out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db, "SELECT count(*) FROM calendar_years WHERE region = $1 AND year = $2", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, region);
    zf_stmt_bind_int(st, 2, year);
    int rc = zf_stmt_step(st, err);
    int64_t have = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (have)
        return zf_error_set(err, ZF_ECONFLICT, 409, "calendar.year_exists", "year",
                            "%d 年的工作日历已导入，不能覆盖（已计算的期限须可复算）；如通知确有"
                            "更正，请联系系统维护人员另行处理",
                            year);
    char now[32];
    zf_now_iso(now);
    st = zf_db_prepare(db,
                       "INSERT INTO calendar_years (year, region, source, imported_at, "
                       "imported_by) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                       err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, year);
    zf_stmt_bind_text(st, 2, region);
    zf_stmt_bind_text(st, 3, source);
    zf_stmt_bind_text(st, 4, now);
    if (actor_id > 0)
        zf_stmt_bind_int(st, 5, actor_id);
    else
        zf_stmt_bind_null(st, 5);
    rc = zf_stmt_step(st, err);
    int64_t id = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc != 1) return zf_error_set(err, ZF_EIO, 500, "store.error", NULL, "写入日历年份失败");
    for (size_t i = 0; i < n; i++) {
        char d[11];
        zf_day_format(days[i].day, d);
        st = zf_db_prepare(db,
                           "INSERT INTO calendar_days (date, kind, name, source, region) "
                           "VALUES ($1, $2, $3, $4, $5)",
                           err);
        if (!st) return ZF_EIO;
        zf_stmt_bind_text(st, 1, d);
        zf_stmt_bind_text(st, 2, days[i].work ? "work" : "rest");
        zf_stmt_bind_text(st, 3, days[i].name);
        zf_stmt_bind_text(st, 4, days[i].source);
        zf_stmt_bind_text(st, 5, region);
        int64_t ch = zf_stmt_run(st, err);
        if (ch < 0) return (int)ch;
    }
    if (out) {
        *out = (zf_cal_year_t){id,
                               year,
                               zf_arena_strdup(a, region),
                               zf_arena_strdup(a, source),
                               zf_arena_strdup(a, now),
                               actor_id};
    }
    return 0;
}
