/* calendar.c — see calendar.h. */
#include "core/calendar.h"

#include <stdlib.h>
#include <string.h>

int zf_cal_covers(const zf_calendar_t *cal, int year) {
    for (size_t i = 0; cal && i < cal->nyears; i++)
        if (cal->years[i] == year) return 1;
    return 0;
}

const zf_cal_day_t *zf_cal_override(const zf_calendar_t *cal, zf_day_t day) {
    size_t lo = 0, hi = cal ? cal->ndays : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->days[mid].day == day) return &cal->days[mid];
        if (cal->days[mid].day < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

int zf_cal_is_workday(const zf_calendar_t *cal, zf_day_t day, zf_error_t *err) {
    int year = zf_day_year(day);
    if (!zf_cal_covers(cal, year)) {
        char d[11];
        zf_day_format(day, d);
        /* LAW.md §10: flagged, not guessed — no Monday–Friday fallback */
        return zf_error_set(err, ZF_EINVAL, 422, "calendar.year_missing", "date",
                            "工作日历缺少 %d 年（%s 所在年份）：国务院办公厅该年节假日安排公布后，"
                            "请由系统管理员在“工作日历”中导入；在此之前不推算该年的工作日",
                            year, d);
    }
    const zf_cal_day_t *o = zf_cal_override(cal, day);
    if (o) return o->work ? 1 : 0;
    return zf_day_weekday(day) <= 5;
}

static void note(zf_day_t *list, size_t cap, size_t *n, zf_day_t d) {
    if (list && *n < cap) list[*n] = d;
    (*n)++;
}

static int step_workdays(const zf_calendar_t *cal, zf_day_t from, int n, int dir, zf_day_t *out,
                         zf_day_t *counted, zf_day_t *skipped, size_t skipped_cap, size_t *nskipped,
                         zf_error_t *err) {
    if (n < 1 || n > 1000)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "amount",
                            "工作日天数应在 1 到 1000 之间");
    size_t ns = 0;
    int have = 0;
    zf_day_t d = from;
    while (have < n) {
        d += dir;
        int w = zf_cal_is_workday(cal, d, err);
        if (w < 0) return w;
        if (w) {
            if (counted) counted[have] = d;
            have++;
        } else {
            note(skipped, skipped_cap, &ns, d);
        }
    }
    if (nskipped) *nskipped = ns < skipped_cap ? ns : skipped_cap;
    *out = d;
    return 0;
}

int zf_cal_add_workdays(const zf_calendar_t *cal, zf_day_t from, int n, zf_day_t *out,
                        zf_day_t *counted, zf_day_t *skipped, size_t skipped_cap, size_t *nskipped,
                        zf_error_t *err) {
    return step_workdays(cal, from, n, 1, out, counted, skipped, skipped_cap, nskipped, err);
}

int zf_cal_sub_workdays(const zf_calendar_t *cal, zf_day_t from, int n, zf_day_t *out,
                        zf_day_t *counted, zf_day_t *skipped, size_t skipped_cap, size_t *nskipped,
                        zf_error_t *err) {
    return step_workdays(cal, from, n, -1, out, counted, skipped, skipped_cap, nskipped, err);
}

int zf_cal_roll_forward(const zf_calendar_t *cal, zf_day_t day, zf_day_t *out, zf_day_t *skipped,
                        size_t skipped_cap, size_t *nskipped, zf_error_t *err) {
    size_t ns = 0;
    for (int guard = 0; guard < 400; guard++, day++) {
        int w = zf_cal_is_workday(cal, day, err);
        if (w < 0) return w;
        if (w) {
            if (nskipped) *nskipped = ns < skipped_cap ? ns : skipped_cap;
            *out = day;
            return 0;
        }
        note(skipped, skipped_cap, &ns, day);
    }
    return zf_error_set(err, ZF_EINVAL, 422, "calendar.no_workday", "date",
                        "工作日历中一年内没有工作日，请检查日历数据");
}

/* ---- CSV ---- */

/* One field of a CSV line (RFC 4180 quotes allowed); *p advances past the
 * separator. Returns the field (arena) or NULL on a bad quote. */
static char *csv_field(zf_arena_t *a, const char **p, const char *end, int *last) {
    const char *s = *p;
    char *buf = zf_arena_alloc(a, (size_t)(end - s) + 1);
    size_t n = 0;
    if (s < end && *s == '"') {
        s++;
        for (;;) {
            if (s >= end) return NULL;
            if (*s == '"') {
                if (s + 1 < end && s[1] == '"') {
                    buf[n++] = '"';
                    s += 2;
                    continue;
                }
                s++;
                break;
            }
            buf[n++] = *s++;
        }
        if (s < end && *s != ',') return NULL;
    } else {
        while (s < end && *s != ',')
            buf[n++] = *s++;
    }
    buf[n] = 0;
    *last = s >= end;
    *p = s < end ? s + 1 : s;
    return buf;
}

static char *trim(char *s) {
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = 0;
    return s;
}

static int cmp_day(const void *x, const void *y) {
    const zf_cal_day_t *a = x, *b = y;
    return (a->day > b->day) - (a->day < b->day);
}

#define ADD_ERR(ln, fld, msg)                                                                      \
    do {                                                                                           \
        es = zf_arena_reserve(a, es, &ecap, ne + 1, sizeof *es);                                   \
        es[ne].line = (ln);                                                                        \
        es[ne].field = (fld);                                                                      \
        es[ne].message = (msg);                                                                    \
        ne++;                                                                                      \
    } while (0)

int zf_cal_parse_csv(zf_arena_t *a, const char *text, size_t len, int year, int allow_weekend_rest,
                     zf_cal_day_t **days, size_t *ndays, int **years, size_t *nyears,
                     zf_cal_line_error_t **errs, size_t *nerrs, zf_error_t *err) {
    zf_cal_line_error_t *es = NULL;
    size_t ne = 0, ecap = 0;
    zf_cal_day_t *ds = NULL;
    size_t nd = 0, dcap = 0;
    int *ys = NULL;
    size_t ny = 0, ycap = 0;
    const char *p = text, *end = text + len;
    if (len >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        p += 3;
    int line = 0, header_seen = 0;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *le = eol ? eol : end;
        const char *next = eol ? eol + 1 : end;
        if (le > p && le[-1] == '\r') le--;
        line++;
        if (le == p) { /* blank line */
            p = next;
            continue;
        }
        char *f[5] = {0};
        int nf = 0, last = 0, bad = 0;
        const char *q = p;
        while (!last && nf < 5) {
            char *v = csv_field(a, &q, le, &last);
            if (!v) {
                bad = 1;
                break;
            }
            f[nf++] = trim(v);
        }
        p = next;
        if (!header_seen) {
            header_seen = 1;
            if (bad || nf != 4 || strcmp(f[0], "date") || strcmp(f[1], "kind") ||
                strcmp(f[2], "name") || strcmp(f[3], "source"))
                ADD_ERR(line, "header", "第一行应为表头 date,kind,name,source");
            continue;
        }
        if (bad || nf != 4) {
            ADD_ERR(line, "line", "每行应有 4 列：date,kind,name,source（引号不配对或列数不对）");
            continue;
        }
        zf_day_t d;
        int ok = 1;
        if (zf_day_parse(f[0], &d) != 0) {
            ADD_ERR(line, "date", zf_arena_printf(a, "日期“%s”不是有效的 YYYY-MM-DD", f[0]));
            ok = 0;
        } else if (year > 0 && zf_day_year(d) != year) {
            ADD_ERR(line, "date", zf_arena_printf(a, "日期 %s 不在导入的 %d 年内", f[0], year));
            ok = 0;
        }
        int work = -1;
        if (strcmp(f[1], "rest") == 0)
            work = 0;
        else if (strcmp(f[1], "work") == 0)
            work = 1;
        else {
            ADD_ERR(line, "kind",
                    zf_arena_printf(a, "类型“%s”应为 rest（休息）或 work（调休上班）", f[1]));
            ok = 0;
        }
        if (!*f[2]) {
            ADD_ERR(line, "name", "名称不能为空");
            ok = 0;
        }
        if (!*f[3]) {
            ADD_ERR(line, "source", "来源（国务院办公厅通知文号或标题）不能为空");
            ok = 0;
        }
        if (ok) {
            int wd = zf_day_weekday(d);
            if (work == 1 && wd <= 5) {
                ADD_ERR(line, "kind",
                        zf_arena_printf(a, "%s 是星期%s，调休上班日只能是周六或周日", f[0],
                                        (const char *[]){"一", "二", "三", "四", "五"}[wd - 1]));
                ok = 0;
            } else if (work == 0 && wd >= 6 && !allow_weekend_rest) {
                ADD_ERR(line, "kind",
                        zf_arena_printf(a,
                                        "%s 是周末，本来就休息；如通知把它列入放假期间，请勾选"
                                        "“允许周末休息日”",
                                        f[0]));
                ok = 0;
            }
        }
        if (!ok) continue;
        for (size_t i = 0; i < nd; i++)
            if (ds[i].day == d) {
                ADD_ERR(line, "date", zf_arena_printf(a, "日期 %s 重复出现", f[0]));
                ok = 0;
                break;
            }
        if (!ok) continue;
        ds = zf_arena_reserve(a, ds, &dcap, nd + 1, sizeof *ds);
        ds[nd++] = (zf_cal_day_t){d, work, f[2], f[3]};
        int y = zf_day_year(d), seen = 0;
        for (size_t i = 0; i < ny; i++)
            seen |= ys[i] == y;
        if (!seen) {
            ys = zf_arena_reserve(a, ys, &ycap, ny + 1, sizeof *ys);
            ys[ny++] = y;
        }
    }
    if (!header_seen)
        ADD_ERR(1, "header", "文件为空：第一行应为表头 date,kind,name,source");
    else if (nd == 0 && ne == 0)
        ADD_ERR(line, "line", "文件中没有任何日期");
    if (ne) {
        *errs = es;
        *nerrs = ne;
        return zf_error_set(err, ZF_EINVAL, 400, "calendar.invalid", "file",
                            "日历文件有 %zu 处错误，未导入任何内容", ne);
    }
    qsort(ds, nd, sizeof *ds, cmp_day);
    *days = ds;
    *ndays = nd;
    if (years) *years = ys;
    if (nyears) *nyears = ny;
    *errs = NULL;
    *nerrs = 0;
    return 0;
}
