/* Unit tests for core/deadline: every rule of the table at its boundaries on
 * the shipped 2025–2026 calendar (holidays, adjusted working Saturdays and
 * Sundays, year end into 2027 without a calendar, month ends), the
 * configuration switches, the late-payment surcharge (0 days, 1 day, the
 * 34th day when the cap is reached, paused spans), limitation (exactly two
 * years / one day more), the 第113条 rolling counts at 180 days exactly, and
 * the 第112条 daily penalty. Each table row has a stable ID. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/deadline.h"
#include "core/perm.h"

static zf_day_t day(const char *s) {
    zf_day_t d = 0;
    if (zf_day_parse(s, &d) != 0) fail_msg("bad test date %s", s);
    return d;
}

static zf_arena_t *arena;
static zf_calendar_t cal;

static int setup(void **state) {
    (void)state;
    arena = zf_arena_new();
    char path[1024];
    snprintf(path, sizeof path, "%s", __FILE__);
    char *slash = strrchr(path, '/');
    if (!slash) return -1;
    snprintf(slash, sizeof path - (size_t)(slash - path), "/../../data/holidays.csv");
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    static char buf[65536];
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    zf_cal_day_t *days;
    size_t n, ny, ne;
    int *years;
    zf_cal_line_error_t *errs;
    zf_error_t err = {0};
    if (zf_cal_parse_csv(arena, buf, len, 0, 1, &days, &n, &years, &ny, &errs, &ne, &err) != 0)
        return -1;
    cal = (zf_calendar_t){years, ny, days, n};
    return 0;
}

static int teardown(void **state) {
    (void)state;
    zf_arena_free(arena);
    return 0;
}

static void test_table(void **state) {
    (void)state;
    /* every rule the cases will need is in the table, with a source */
    static const char *const need[] = {
        "hearing_request",    "hearing_notice", "service",           "payment",
        "decision",           "publication",    "withdrawal",        "reconsideration",
        "litigation",         "seizure",        "transfer_decision", "enforcement_application",
        "enforcement_demand", "statement",
    };
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
        const zf_dl_rule_t *r = zf_dl_rule_find(need[i]);
        if (!r) fail_msg("rule %s missing", need[i]);
        if (!r->source[0] || !r->label[0] || !r->meaning[0])
            fail_msg("rule %s incomplete", need[i]);
    }
    for (size_t i = 0; i < zf_dl_rules_count(); i++) {
        const zf_dl_rule_t *r = zf_dl_rule_at(i);
        if (strcmp(r->basis, "原文") && strcmp(r->basis, "配置")) fail_msg("%s basis", r->name);
        if (!strcmp(r->basis, "配置") && !r->amount_key && !r->unit_key)
            fail_msg("%s: configured rule without a parameter", r->name);
        for (size_t k = 0; k < i; k++)
            if (!strcmp(zf_dl_rule_at(k)->name, r->name)) fail_msg("%s twice", r->name);
    }
    /* 行政处罚法 第85条: 2/3/5/7 days are working days */
    assert_int_equal(zf_dl_rule_find("hearing_request")->unit, ZF_DL_WORKDAYS);
    assert_int_equal(zf_dl_rule_find("payment")->unit, ZF_DL_DAYS);
    assert_int_equal(zf_dl_rule_find("litigation")->unit, ZF_DL_MONTHS);
    /* 行政强制法 第69条: 10 days are working days */
    assert_int_equal(zf_dl_rule_find("enforcement_demand")->unit, ZF_DL_WORKDAYS);
    for (size_t i = 0; i < zf_dl_params_count(); i++) {
        zf_dl_config_t c = ZF_DL_CONFIG_DEFAULT;
        zf_error_t err = {0};
        const zf_dl_param_t *p = zf_dl_param_at(i);
        if (zf_dl_config_set(&c, p->key, p->value, &err) != 0) fail_msg("default %s", p->key);
        assert_true(zf_dl_param_known(p->key, NULL));
        assert_int_not_equal(zf_dl_config_set(&c, p->key, "x", &err), 0);
        assert_int_not_equal(zf_dl_config_set(&c, p->key, "-1", &err), 0);
    }
    assert_false(zf_dl_param_known("deadline.nope", NULL));
}

static void test_rules(void **state) {
    (void)state;
    static const struct {
        const char *id, *rule, *from;
        int roll, decision_days, transfer_wd;
        const char *due; /* NULL: calendar.year_missing */
        int rolled;
    } rows[] = {
        /* hearing_request: 5 working days */
        {"H01", "hearing_request", "2026-09-29", 1, 90, 0, "2026-10-12", 0}, /* 国庆 + 10-10 Sat */
        {"H02", "hearing_request", "2026-02-12", 1, 90, 0, "2026-02-26", 0}, /* 春节, 2-14 Sat */
        {"H03", "hearing_request", "2026-03-02", 1, 90, 0, "2026-03-09", 0}, /* plain week */
        {"H04", "hearing_request", "2026-12-28", 1, 90, 0, NULL, 0},         /* into 2027 */
        /* hearing_notice: 7 working days before the hearing */
        {"N01", "hearing_notice", "2026-10-12", 1, 90, 0, "2026-09-23", 0},
        {"N02", "hearing_notice", "2026-03-02", 1, 90, 0, "2026-02-12", 0},
        {"N03", "hearing_notice", "2025-01-06", 1, 90, 0, NULL, 0}, /* back into 2024 */
        /* service: 7 working days */
        {"S01", "service", "2026-02-20", 1, 90, 0, "2026-03-03", 0}, /* 2-28 Sat counted */
        {"S02", "service", "2026-12-25", 1, 90, 0, NULL, 0},
        {"S03", "service", "2026-12-21", 1, 90, 0, "2026-12-30", 0},
        /* withdrawal: 3 working days, 9-20 working Sunday */
        {"W01", "withdrawal", "2026-09-18", 1, 90, 0, "2026-09-22", 0},
        /* publication: 7 working days */
        {"P01", "publication", "2026-09-30", 1, 90, 0, "2026-10-15", 0},
        /* payment: 15 natural days, rolled when the last day is a rest day */
        {"F01", "payment", "2026-09-16", 1, 90, 0, "2026-10-08", 1},
        {"F02", "payment", "2026-09-16", 0, 90, 0, "2026-10-01", 0}, /* roll switched off */
        {"F03", "payment", "2026-01-30", 1, 90, 0, "2026-02-14", 0}, /* working Saturday */
        {"F04", "payment", "2026-02-01", 1, 90, 0, "2026-02-24", 1}, /* 春节 */
        {"F05", "payment", "2026-12-20", 1, 90, 0, NULL, 0},         /* 2027-01-04 */
        {"F06", "payment", "2026-12-20", 0, 90, 0, "2027-01-04", 0}, /* no roll, no calendar */
        {"F07", "payment", "2026-03-05", 1, 90, 0, "2026-03-20", 0},
        /* decision: 90 natural days, configurable */
        {"D01", "decision", "2026-07-05", 1, 90, 0, "2026-10-08", 1},
        {"D02", "decision", "2026-07-05", 1, 30, 0, "2026-08-04", 0},
        /* reconsideration: 60 natural days */
        {"R01", "reconsideration", "2026-08-02", 1, 90, 0, "2026-10-08", 1}, /* 10-01 */
        {"R02", "reconsideration", "2026-03-01", 1, 90, 0, "2026-04-30", 0},
        /* litigation: 6 months, month end */
        {"L01", "litigation", "2025-08-31", 1, 90, 0, "2026-02-28",
         0}, /* Feb has no 31st; Sat work */
        {"L02", "litigation", "2026-08-31", 0, 90, 0, "2027-02-28", 0}, /* no roll */
        {"L03", "litigation", "2026-08-31", 1, 90, 0, NULL, 0},         /* 2027 not covered */
        {"L04", "litigation", "2026-03-31", 1, 90, 0, "2026-09-30", 0},
        {"L05", "litigation", "2025-08-15", 1, 90, 0, "2026-02-24", 1}, /* 2-15 春节 */
        {"L06", "litigation", "2025-10-04", 1, 90, 0, "2026-04-07", 1}, /* 4-04 清明 */
        /* seizure: 30 natural days */
        {"Z01", "seizure", "2026-09-01", 1, 90, 0, "2026-10-08", 1},
        {"Z02", "seizure", "2026-03-01", 1, 90, 0, "2026-03-31", 0},
        /* transfer_decision: 3 days, natural by default */
        {"T01", "transfer_decision", "2026-09-30", 1, 90, 0, "2026-10-08", 1},
        {"T02", "transfer_decision", "2026-09-30", 1, 90, 1, "2026-10-10", 0},
        {"T03", "transfer_decision", "2026-09-30", 0, 90, 0, "2026-10-03", 0},
        /* enforcement: 催告 10 working days, then 3 months */
        {"E01", "enforcement_demand", "2026-04-30", 1, 90, 0, "2026-05-18", 0},
        {"E02", "enforcement_application", "2026-03-02", 1, 90, 0, "2026-06-02", 0},
        {"E03", "enforcement_application", "2026-07-01", 1, 90, 0, "2026-10-08", 1},
        /* statement: configured, 3 working days */
        {"M01", "statement", "2026-09-30", 1, 90, 0, "2026-10-10", 0},
        /* hours */
        {"O01", "emergency_report", "2026-03-01", 1, 90, 0, "2026-03-02", 0},
        {"O02", "transfer_handover", "2026-12-31", 1, 90, 0, "2027-01-01", 0},
        /* 310号令 第8、9、12条 (issue 11): the same 3 days and switch as 第5条 */
        {"T04", "transfer_police_review", "2026-09-30", 1, 90, 0, "2026-10-08", 1},
        {"T05", "transfer_reconsideration", "2026-11-25", 1, 90, 0, "2026-11-30", 1},
        {"T06", "transfer_reconsideration_answer", "2026-11-27", 1, 90, 1, "2026-12-02", 0},
        {"T07", "transfer_supervision", "2026-11-24", 1, 90, 0, "2026-11-27", 0},
        {"T08", "transfer_items_handover", "2026-11-25", 0, 90, 0, "2026-11-28", 0},
        {"O03", "evidence_preservation", "2026-09-30", 1, 90, 0, "2026-10-15", 0},
        /* the remaining rules of the table */
        {"X01", "reconsideration_uninformed", "2025-10-01", 1, 90, 0, "2026-10-08", 1},
        {"X02", "litigation_after_review", "2026-02-13", 1, 90, 0, "2026-02-28", 0}, /* Sat work */
        {"X03", "cash_handover", "2026-02-13", 1, 90, 0, "2026-02-24", 0},
        {"X04", "cash_handover", "2026-12-30", 1, 90, 0, NULL, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        zf_dl_config_t cfg = ZF_DL_CONFIG_DEFAULT;
        cfg.roll_forward = rows[i].roll;
        cfg.decision_days = rows[i].decision_days;
        cfg.transfer_workdays = rows[i].transfer_wd;
        zf_dl_result_t r;
        zf_error_t err = {0};
        int rc = zf_dl_compute(&cal, &cfg, rows[i].rule, day(rows[i].from), &r, &err);
        if (!rows[i].due) {
            if (rc == 0 || strcmp(err.code, "calendar.year_missing") != 0)
                fail_msg("%s: expected calendar.year_missing, got rc %d", rows[i].id, rc);
            continue;
        }
        char got[11];
        zf_day_format(r.due, got);
        if (rc != 0 || strcmp(got, rows[i].due) != 0)
            fail_msg("%s: %s from %s → %s (rc %d %s), expected %s", rows[i].id, rows[i].rule,
                     rows[i].from, got, rc, err.message, rows[i].due);
        if (r.rolled != rows[i].rolled)
            fail_msg("%s: rolled %d expected %d", rows[i].id, r.rolled, rows[i].rolled);
        if (r.unit == ZF_DL_WORKDAYS && r.ncounted != (size_t)r.amount)
            fail_msg("%s: counted %zu days", rows[i].id, r.ncounted);
        if (!r.counting[0]) fail_msg("%s: no counting text", rows[i].id);
    }
    for (size_t k = 0; k < zf_dl_rules_count(); k++) {
        int seen = 0;
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
            seen |= strcmp(rows[i].rule, zf_dl_rule_at(k)->name) == 0;
        if (!seen) fail_msg("rule %s has no row in this table", zf_dl_rule_at(k)->name);
    }
    zf_dl_result_t r;
    zf_error_t err = {0};
    assert_int_not_equal(zf_dl_compute(&cal, NULL, "nope", day("2026-03-02"), &r, &err), 0);
    assert_string_equal(err.code, "deadline.unknown_rule");
    assert_string_equal(err.field, "rule");
    /* the counted days of H01 are listed */
    assert_int_equal(zf_dl_compute(&cal, NULL, "hearing_request", day("2026-09-29"), &r, &err), 0);
    static const char *const h01[] = {"2026-09-30", "2026-10-08", "2026-10-09", "2026-10-10",
                                      "2026-10-12"};
    for (int k = 0; k < 5; k++) {
        char d[11];
        zf_day_format(r.counted[k], d);
        assert_string_equal(d, h01[k]);
    }
    assert_int_equal(r.nskipped, 8);
    /* hearing_notice: 7 whole working days between service and hearing */
    assert_int_equal(zf_dl_compute(&cal, NULL, "hearing_notice", day("2026-10-12"), &r, &err), 0);
    char wb[11];
    zf_day_format(r.workday_before, wb);
    assert_string_equal(wb, "2026-09-24");
    zf_day_t back;
    assert_int_equal(zf_cal_add_workdays(&cal, r.due, 7, &back, NULL, NULL, 0, NULL, &err), 0);
    assert_true(back < day("2026-10-12")); /* served on due: the 7th working day is before it */
    assert_int_equal(zf_cal_add_workdays(&cal, r.due + 1, 7, &back, NULL, NULL, 0, NULL, &err), 0);
    assert_int_equal(back, day("2026-10-12")); /* one day later is too late */
}

static void test_surcharge(void **state) {
    (void)state;
    static const struct {
        const char *id;
        int64_t fine;
        const char *due, *paid;
        const char *paused; /* "FROM:TO,FROM:TO" or "" */
        int64_t counted, surcharge;
        int capped;
        const char *cap_day; /* or "" */
    } rows[] = {
        {"G01", 1000000, "2026-03-01", "2026-03-01", "", 0, 0, 0, ""},       /* paid on due */
        {"G02", 1000000, "2026-03-01", "2026-02-20", "", 0, 0, 0, ""},       /* early */
        {"G03", 1000000, "2026-03-01", "2026-03-02", "", 1, 30000, 0, ""},   /* 1 day */
        {"G04", 1000000, "2026-03-01", "2026-04-03", "", 33, 990000, 0, ""}, /* 99% */
        {"G05", 1000000, "2026-03-01", "2026-04-04", "", 34, 1000000, 1, "2026-04-04"},
        {"G06", 1000000, "2026-03-01", "2026-12-31", "", 305, 1000000, 1, "2026-04-04"},
        {"G07", 333, "2026-03-01", "2026-03-02", "", 1, 9, 0, ""},  /* 9.99 fen → 9 */
        {"G08", 333, "2026-03-01", "2026-03-04", "", 3, 29, 0, ""}, /* total, not per day */
        {"G09", 1000000, "2026-03-01", "2026-03-11", "2026-03-03:2026-03-07", 5, 150000, 0, ""},
        {"G10", 1000000, "2026-03-01", "2026-03-11", "2026-03-03:2026-03-07,2026-03-05:2026-03-08",
         4, 120000, 0, ""}, /* overlapping spans count once */
        {"G11", 1000000, "2026-03-01", "2026-03-11", "2026-01-01:2026-12-31", 0, 0, 0, ""},
        {"G12", 1000000, "2026-03-01", "2026-05-01", "2026-03-10:2026-03-29", 41, 1000000, 1,
         "2026-04-24"}, /* the cap moves by the paused days */
        {"G13", 100000000000000LL, "2026-03-01", "2026-03-11", "", 10, 30000000000000LL, 0, ""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        zf_span_t spans[4];
        size_t ns = 0;
        const char *p = rows[i].paused;
        while (*p) {
            char a[11], b[11];
            memcpy(a, p, 10);
            a[10] = 0;
            memcpy(b, p + 11, 10);
            b[10] = 0;
            spans[ns++] = (zf_span_t){day(a), day(b)};
            p += 21;
            if (*p == ',') p++;
        }
        zf_surcharge_t s;
        zf_error_t err = {0};
        int rc =
            zf_surcharge(rows[i].fine, day(rows[i].due), day(rows[i].paid), spans, ns, &s, &err);
        char cap[11] = "";
        if (s.cap_day != ZF_DAY_NONE) zf_day_format(s.cap_day, cap);
        if (rc || s.counted_days != rows[i].counted || s.surcharge_fen != rows[i].surcharge ||
            s.capped != rows[i].capped || strcmp(cap, rows[i].cap_day))
            fail_msg("%s: rc %d counted %lld surcharge %lld capped %d cap_day %s", rows[i].id, rc,
                     (long long)s.counted_days, (long long)s.surcharge_fen, s.capped, cap);
        if (s.surcharge_fen > rows[i].fine) fail_msg("%s: over the cap", rows[i].id);
    }
    zf_surcharge_t s;
    zf_error_t err = {0};
    assert_int_not_equal(zf_surcharge(0, day("2026-03-01"), day("2026-03-02"), NULL, 0, &s, &err),
                         0);
    assert_string_equal(err.field, "fine");
    assert_int_not_equal(zf_surcharge(-5, day("2026-03-01"), day("2026-03-02"), NULL, 0, &s, &err),
                         0);
    zf_span_t bad = {day("2026-03-05"), day("2026-03-03")};
    assert_int_not_equal(zf_surcharge(100, day("2026-03-01"), day("2026-03-09"), &bad, 1, &s, &err),
                         0);
    assert_string_equal(err.field, "paused");
}

static void test_limitation(void **state) {
    (void)state;
    static const struct {
        const char *id, *violation;
        int harmed;
        const char *filed, *last;
        int barred;
    } rows[] = {
        {"T01", "2024-03-10", 0, "2026-03-10", "2026-03-10", 0}, /* exactly two years */
        {"T02", "2024-03-10", 0, "2026-03-11", "2026-03-10", 1}, /* one day more */
        {"T03", "2024-02-29", 0, "2026-02-28", "2026-02-28", 0}, /* leap day */
        {"T04", "2024-02-29", 0, "2026-03-01", "2026-02-28", 1},
        {"T05", "2021-06-01", 1, "2026-06-01", "2026-06-01", 0}, /* five years */
        {"T06", "2021-06-01", 1, "2026-06-02", "2026-06-01", 1},
        {"T07", "2021-06-01", 0, "2026-06-01", "2023-06-01", 1}, /* not harmed: two */
        {"T08", "2026-03-01", 0, "2026-03-01", "2028-03-01", 0}, /* same day */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        zf_limitation_t l;
        zf_error_t err = {0};
        int rc = zf_limitation_check(day(rows[i].violation), rows[i].harmed, day(rows[i].filed), &l,
                                     &err);
        char last[11];
        zf_day_format(l.last_day, last);
        if (rc || l.barred != rows[i].barred || strcmp(last, rows[i].last) ||
            l.years != (rows[i].harmed ? 5 : 2))
            fail_msg("%s: rc %d barred %d last %s", rows[i].id, rc, l.barred, last);
        if (!strstr(l.reason, "第36条")) fail_msg("%s: reason without article", rows[i].id);
    }
    zf_limitation_t l;
    zf_error_t err = {0};
    assert_int_not_equal(zf_limitation_check(day("2026-03-02"), 0, day("2026-03-01"), &l, &err), 0);
    assert_string_equal(err.field, "filed");
}

static void test_closure(void **state) {
    (void)state;
    static const char *const three[] = {"2026-01-01", "2026-03-01", "2026-06-30"};
    static const char *const four[] = {"2025-07-01", "2025-10-01", "2026-01-05", "2026-07-01"};
    static const struct {
        const char *id;
        int set; /* 3 or 4 */
        const char *as_of;
        int c180, c1y, triggered;
    } rows[] = {
        {"K01", 3, "2026-06-30", 3, 3, 1}, /* third exactly 180 days after the first */
        {"K02", 3, "2026-07-01", 2, 3, 0}, /* one day later the first falls out */
        {"K03", 3, "2026-05-01", 2, 2, 0}, /* before the third */
        {"K04", 4, "2026-07-01", 2, 4, 1}, /* four within exactly one year */
        {"K05", 4, "2026-07-02", 2, 3, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        zf_day_t d[4];
        size_t n = (size_t)rows[i].set;
        for (size_t k = 0; k < n; k++)
            d[k] = day(n == 3 ? three[k] : four[k]);
        zf_closure_count_t c;
        zf_closure_count(d, n, day(rows[i].as_of), &c);
        if (c.count180 != rows[i].c180 || c.count1y != rows[i].c1y ||
            c.triggered != rows[i].triggered)
            fail_msg("%s: 180=%d 1y=%d triggered=%d", rows[i].id, c.count180, c.count1y,
                     c.triggered);
    }
    zf_closure_count_t c;
    zf_day_t d = day("2026-01-01");
    zf_closure_count(&d, 1, day("2026-06-30"), &c);
    assert_int_equal(c.from180, day("2026-01-01"));
    assert_int_equal(c.from1y, day("2025-06-30"));
}

static void test_daily(void **state) {
    (void)state;
    static const struct {
        const char *id;
        int64_t fine;
        const char *ordered, *until;
        int64_t days, total;
    } rows[] = {
        {"Y01", 1000000, "2026-03-01", "2026-03-11", 10, 10000000},
        {"Y02", 1000000, "2026-03-01", "2026-03-01", 0, 0},
        {"Y03", 1000000, "2026-03-01", "2026-03-02", 1, 1000000},     /* from the next day */
        {"Y04", 1000000, "2026-03-01", "2027-03-01", 365, 365000000}, /* no cap */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t days, total;
        zf_error_t err = {0};
        int rc = zf_daily_penalty(rows[i].fine, day(rows[i].ordered), day(rows[i].until), &days,
                                  &total, &err);
        if (rc || days != rows[i].days || total != rows[i].total)
            fail_msg("%s: rc %d days %lld total %lld", rows[i].id, rc, (long long)days,
                     (long long)total);
    }
    int64_t days, total;
    zf_error_t err = {0};
    assert_int_not_equal(
        zf_daily_penalty(0, day("2026-03-01"), day("2026-03-02"), &days, &total, &err), 0);
}

/* calendar.read and deadline.calc: every role; calendar.write: admin only
 * (core/perm.c). The calendar is national, so there is no unit to be out
 * of: the check has no target path. */
static void test_permissions(void **state) {
    (void)state;
    static const struct {
        const char *id, *role, *action;
        int allowed;
    } rows[] = {
        {"Q01", "admin", "calendar.write", 1},
        {"Q02", "section_head", "calendar.write", 0},
        {"Q03", "officer", "calendar.write", 0},
        {"Q04", "township_officer", "calendar.write", 0},
        {"Q05", "city_supervisor", "calendar.write", 0},
        {"Q06", "legal_reviewer", "calendar.write", 0},
        {"Q07", "bureau_leader", "calendar.write", 0},
        {"Q08", "auxiliary", "calendar.read", 1},
        {"Q09", "city_supervisor", "calendar.read", 1},
        {"Q10", "township_officer", "deadline.calc", 1},
        {"Q11", "city_supervisor", "deadline.calc", 1},
        {"Q12", "nobody", "deadline.calc", 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        zf_actor_t actor = {
            .user_id = 1, .role = rows[i].role, .unit_path = "/1/2/", .scope_path = "/1/2/"};
        zf_error_t err = {0};
        int rc = zf_perm_check(&actor, rows[i].action, NULL, &err);
        if ((rc == 0) != rows[i].allowed)
            fail_msg("%s: %s %s → %d %s", rows[i].id, rows[i].role, rows[i].action, rc, err.code);
        if (rc && strcmp(err.code, "perm.denied") != 0)
            fail_msg("%s: code %s", rows[i].id, err.code);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),       cmocka_unit_test(test_rules),
        cmocka_unit_test(test_surcharge),   cmocka_unit_test(test_limitation),
        cmocka_unit_test(test_closure),     cmocka_unit_test(test_daily),
        cmocka_unit_test(test_permissions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
