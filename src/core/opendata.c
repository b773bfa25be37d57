/* opendata.c — see opendata.h. */
#include "core/opendata.h"

#include <stdio.h>
#include <string.h>

#include "core/day.h"
#include "core/mask.h"

int zf_od_is_individual(const char *credit_code) {
    return credit_code && strncmp(credit_code, ZF_OD_INDIVIDUAL_PREFIX, 2) == 0;
}

zf_od_party_t zf_od_party(zf_arena_t *a, const char *name, const char *credit_code) {
    if (zf_od_is_individual(credit_code)) /* 行政处罚法 第50条: as a person of a decision */
        return (zf_od_party_t){.kind = "person", .name = zf_mask_name(a, name), .credit_code = ""};
    return (zf_od_party_t){.kind = "org", .name = name, .credit_code = credit_code};
}

static int digits(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* "YYYY-MM-DD" at s (a real date) into *d. */
static int date_at(const char *s, zf_day_t *d) {
    char date[11];
    if (strlen(s) < 10) return -1;
    memcpy(date, s, 10);
    date[10] = '\0';
    return zf_day_parse(date, d);
}

/* "THH:MM" after the date, with digits and a sane hour and minute. */
static int clock_at(const char *s) {
    return s[0] == 'T' && digits(s + 1, 2) && s[3] == ':' && digits(s + 4, 2) &&
           (s[1] - '0') * 10 + (s[2] - '0') < 24 && (s[4] - '0') * 10 + (s[5] - '0') < 60;
}

void zf_od_local_day(const char *s, char out[11]) {
    out[0] = '\0';
    zf_day_t d;
    if (!s || date_at(s, &d) != 0) return;
    size_t n = strlen(s);
    if (n == 10) { /* a bare date is a local date */
        zf_day_format(d, out);
        return;
    }
    if (n < 16 || !clock_at(s + 10)) return;
    /* a UTC instant: 16:00 UTC and later is the next day in China */
    if (s[n - 1] == 'Z' && (s[11] - '0') * 10 + (s[12] - '0') >= 16) d++;
    zf_day_format(d, out);
}

const char *zf_od_rfc3339(zf_arena_t *a, const char *s) {
    zf_day_t d;
    if (!s || date_at(s, &d) != 0) return "1970-01-01T00:00:00Z";
    size_t n = strlen(s);
    if (n == 10) return zf_arena_printf(a, "%sT00:00:00+08:00", s);
    if (n < 16 || !clock_at(s + 10)) return "1970-01-01T00:00:00Z";
    if (s[n - 1] == 'Z') return s;
    if (n == 16) return zf_arena_printf(a, "%s:00+08:00", s);
    if (n == 19 && s[16] == ':' && digits(s + 17, 2)) return zf_arena_printf(a, "%s+08:00", s);
    return "1970-01-01T00:00:00Z";
}
