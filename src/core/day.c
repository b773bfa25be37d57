/* day.c — see day.h. Integer arithmetic only. Moved here unchanged from
 * officers.c (issue 8) so that the calendar and the deadline engine do not
 * depend on the officer rules. */
#include "core/day.h"

#include <string.h>

/* Days from civil date (proleptic Gregorian), H. Hinnant's algorithm. */
zf_day_t zf_day_from_ymd(int y, int m, int d) {
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (zf_day_t)(era * 146097 + doe - 719468);
}

void zf_day_to_ymd(zf_day_t day, int *y, int *m, int *d) {
    int z = day + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int dd = doy - (153 * mp + 2) / 5 + 1;
    int mm = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (mm <= 2);
    *m = mm;
    *d = dd;
}

int zf_day_year(zf_day_t day) {
    int y, m, d;
    zf_day_to_ymd(day, &y, &m, &d);
    return y;
}

static int days_in_month(int y, int m) {
    static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : len[m - 1];
}

int zf_day_parse(const char *s, zf_day_t *out) {
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return ZF_EINVAL;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return ZF_EINVAL;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return ZF_EINVAL;
    *out = zf_day_from_ymd(y, m, d);
    return 0;
}

void zf_day_start_utc(zf_day_t day, char out[32]) {
    zf_day_format(day - 1, out);
    memcpy(out + 10, "T16:00:00.000Z", 15);
}

void zf_day_format(zf_day_t day, char out[11]) {
    int y, m, d;
    zf_day_to_ymd(day, &y, &m, &d);
    unsigned yy = (unsigned)y % 10000u, mm = (unsigned)m % 100u, dd = (unsigned)d % 100u;
    out[0] = (char)('0' + yy / 1000);
    out[1] = (char)('0' + yy / 100 % 10);
    out[2] = (char)('0' + yy / 10 % 10);
    out[3] = (char)('0' + yy % 10);
    out[4] = '-';
    out[5] = (char)('0' + mm / 10);
    out[6] = (char)('0' + mm % 10);
    out[7] = '-';
    out[8] = (char)('0' + dd / 10);
    out[9] = (char)('0' + dd % 10);
    out[10] = '\0';
}

zf_day_t zf_day_add_months(zf_day_t day, int months) {
    int y, m, d;
    zf_day_to_ymd(day, &y, &m, &d);
    int total = y * 12 + (m - 1) + months;
    y = total / 12;
    m = total % 12 + 1;
    int last = days_in_month(y, m);
    return zf_day_from_ymd(y, m, d > last ? last : d);
}

int zf_day_weekday(zf_day_t day) {
    /* 1970-01-01 was a Thursday (4) */
    int r = (int)(((int64_t)day % 7 + 7) % 7);
    return (r + 3) % 7 + 1;
}
