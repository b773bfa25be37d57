/* Unit tests for core/officers: the team rule (行政处罚法 第四十二条), date
 * arithmetic, training minimums and the professional ratio at their
 * boundaries. Each table row has a stable ID. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/officers.h"
#include "core/perm.h"

static const zf_officer_rules_t RULES = ZF_OFFICER_RULES_INIT;

static zf_day_t day(const char *s) {
    zf_day_t d = 0;
    assert_int_equal(zf_day_parse(s, &d), 0);
    return d;
}

/* ---- dates ---- */

static void test_dates(void **state) {
    (void)state;
    static const struct {
        const char *id, *in;
        int ok;
    } parse[] = {
        {"D01", "2026-02-28", 1}, {"D02", "2026-02-29", 0}, {"D03", "2024-02-29", 1},
        {"D04", "2026-13-01", 0}, {"D05", "2026-1-01", 0},  {"D06", "2026-04-31", 0},
        {"D07", "1970-01-01", 1}, {"D08", "", 0},           {"D09", "2026/01/01", 0},
        {"D10", "2100-02-29", 0}, {"D11", "2000-02-29", 1},
    };
    for (size_t i = 0; i < sizeof parse / sizeof parse[0]; i++) {
        zf_day_t d;
        int rc = zf_day_parse(parse[i].in, &d);
        if ((rc == 0) != parse[i].ok)
            fail_msg("%s: parse %s gave %d", parse[i].id, parse[i].in, rc);
        if (rc == 0) {
            char back[11];
            zf_day_format(d, back);
            if (strcmp(back, parse[i].in) != 0) fail_msg("%s: round trip %s", parse[i].id, back);
        }
    }
    assert_int_equal(day("1970-01-01"), 0);
    assert_int_equal(day("2026-01-01") - day("2025-12-31"), 1);
    static const struct {
        const char *id, *from;
        int months;
        const char *to;
    } add[] = {
        {"M01", "2025-01-06", 3, "2025-04-06"}, {"M02", "2025-11-30", 3, "2026-02-28"},
        {"M03", "2023-11-30", 3, "2024-02-29"}, {"M04", "2025-10-15", 3, "2026-01-15"},
        {"M05", "2025-12-31", 1, "2026-01-31"},
    };
    for (size_t i = 0; i < sizeof add / sizeof add[0]; i++) {
        char got[11];
        zf_day_format(zf_day_add_months(day(add[i].from), add[i].months), got);
        if (strcmp(got, add[i].to) != 0)
            fail_msg("%s: %s + %d months = %s, want %s", add[i].id, add[i].from, add[i].months, got,
                     add[i].to);
    }
}

/* ---- the team rule ---- */

/* People of the demo: two good officers, an auxiliary, an expert, an officer
 * whose certificate expires on 2026-06-30, one not yet onboarded, one
 * retired, one without certificate. */
#define ONB 0 /* onboarding done on 1970-01-01: long ago */
static const zf_officer_facts_t ZHANG = {1,        "张伟",       "officer",    "serving",
                                         "皖A001", "2022-01-01", "2027-12-31", ONB};
static const zf_officer_facts_t LI = {2,        "李强",       "officer",    "serving",
                                      "皖A002", "2022-01-01", "2027-12-31", ONB};
static const zf_officer_facts_t WANG = {3, "王芳", "auxiliary", "serving", "", "", "", ZF_DAY_NONE};
static const zf_officer_facts_t EXPERT = {4,  "钱教授", "expert", "serving",
                                          "", "",       "",       ZF_DAY_NONE};
static const zf_officer_facts_t EXPIRING = {5,        "赵磊",       "officer",    "serving",
                                            "皖A005", "2020-07-01", "2026-06-30", ONB};
static const zf_officer_facts_t RETIRED = {7,        "老刘",       "officer",    "retired",
                                           "皖A007", "2015-01-01", "2030-01-01", ONB};
static const zf_officer_facts_t NOCERT = {8, "新人", "officer", "serving", "", "", "", ONB};
static const zf_officer_facts_t FUTURE = {9,        "未生效",     "officer",    "serving",
                                          "皖A009", "2026-07-01", "2031-06-30", ONB};

static void test_team_rule(void **state) {
    (void)state;
    zf_officer_facts_t fresh = {6,        "钱多",       "officer",    "serving",
                                "皖A006", "2026-01-01", "2031-01-01", 0};
    fresh.onboarding_done_on = zf_day_from_ymd(2026, 4, 5);
    struct row {
        const char *id;
        const char *date;
        const zf_officer_facts_t *team[5];
        size_t counted;
        int allowed;
        const char *codes[5]; /* findings in order */
    };
    const struct row rows[] = {
        {"T01", "2026-03-01", {&ZHANG, &LI}, 2, 1, {NULL}},
        {"T02",
         "2026-03-01",
         {&ZHANG, &WANG},
         1,
         0,
         {"officer.auxiliary_not_counted", "team.needs_two_officers"}},
        {"T03",
         "2026-03-01",
         {&ZHANG, &EXPERT},
         1,
         0,
         {"officer.expert_not_counted", "team.needs_two_officers"}},
        {"T04",
         "2026-03-01",
         {&ZHANG, &LI, &WANG, &EXPERT},
         2,
         1,
         {"officer.auxiliary_not_counted", "officer.expert_not_counted"}},
        /* expiry boundary: valid on its last day D, invalid from D+1 */
        {"T05", "2026-06-30", {&ZHANG, &EXPIRING}, 2, 1, {NULL}},
        {"T06",
         "2026-07-01",
         {&ZHANG, &EXPIRING},
         1,
         0,
         {"officer.cert_expired", "team.needs_two_officers"}},
        /* several refusals at once, each naming its person */
        {"T07",
         "2026-07-01",
         {&EXPIRING, &WANG, &RETIRED, &NOCERT},
         0,
         0,
         {"officer.cert_expired", "officer.auxiliary_not_counted", "officer.not_serving",
          "officer.cert_missing", "team.needs_two_officers"}},
        /* an expired member blocks the team even when two others count */
        {"T08", "2026-07-01", {&ZHANG, &LI, &EXPIRING}, 2, 0, {"officer.cert_expired"}},
        {"T09",
         "2026-06-30",
         {&FUTURE, &ZHANG},
         1,
         0,
         {"officer.cert_not_yet_valid", "team.needs_two_officers"}},
        {"T10", "2026-07-01", {&FUTURE, &ZHANG}, 2, 1, {NULL}},
        /* the same person twice counts once */
        {"T11", "2026-03-01", {&ZHANG, &ZHANG}, 1, 0, {"team.needs_two_officers"}},
        /* onboarding: complete on 2026-04-05, may act from that day */
        {"T12",
         "2026-04-04",
         {&fresh, &ZHANG},
         1,
         0,
         {"officer.onboarding_incomplete", "team.needs_two_officers"}},
        {"T13", "2026-04-05", {&fresh, &ZHANG}, 2, 1, {NULL}},
        {"T14", "2026-03-01", {NULL}, 0, 0, {"team.needs_two_officers"}},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        zf_officer_facts_t team[5];
        size_t n = 0;
        while (n < 5 && rows[r].team[n]) {
            team[n] = *rows[r].team[n];
            n++;
        }
        int counts[5];
        zf_team_finding_t findings[ZF_TEAM_FINDINGS_MAX(5)];
        size_t nf = 0, counted = 0;
        int rc = zf_team_check(&RULES, day(rows[r].date), team, n, counts, findings, &nf, &counted);
        if ((rc == 0) != rows[r].allowed)
            fail_msg("%s: allowed %d, want %d", rows[r].id, rc == 0, rows[r].allowed);
        if (counted != rows[r].counted)
            fail_msg("%s: counted %zu, want %zu", rows[r].id, counted, rows[r].counted);
        size_t want = 0;
        while (want < 5 && rows[r].codes[want])
            want++;
        if (nf != want)
            fail_msg("%s: %zu findings, want %zu (first: %s)", rows[r].id, nf, want,
                     nf ? findings[0].code : "-");
        for (size_t i = 0; i < nf; i++) {
            if (strcmp(findings[i].code, rows[r].codes[i]) != 0)
                fail_msg("%s: finding %zu is %s, want %s", rows[r].id, i, findings[i].code,
                         rows[r].codes[i]);
            /* every finding about a person names them in its reason */
            if (findings[i].officer_id && !strstr(findings[i].reason, findings[i].name))
                fail_msg("%s: reason does not name %s: %s", rows[r].id, findings[i].name,
                         findings[i].reason);
        }
    }
}

/* O30: the most findings a team can produce — two per person (an expired
 * certificate and no onboarding) and one about the team — fit in
 * ZF_TEAM_FINDINGS_MAX(n), and every one is reported (the buffer callers
 * sized n + 1 overflowed here: found by the plans and draws sessions). */
static void test_team_findings_bound(void **state) {
    (void)state;
    zf_officer_facts_t a = EXPIRING, b = EXPIRING;
    a.id = 40;
    b.id = 41;
    a.onboarding_done_on = ZF_DAY_NONE;
    b.onboarding_done_on = ZF_DAY_NONE;
    zf_officer_facts_t team[] = {a, b};
    int counts[2];
    zf_team_finding_t f[ZF_TEAM_FINDINGS_MAX(2)];
    size_t nf = 0, counted = 0;
    assert_int_equal(zf_team_check(&RULES, day("2026-07-01"), team, 2, counts, f, &nf, &counted),
                     ZF_EPERM);
    assert_int_equal(nf, ZF_TEAM_FINDINGS_MAX(2));
    assert_int_equal(counted, 0);
    assert_string_equal(f[0].code, "officer.cert_expired");
    assert_string_equal(f[1].code, "officer.onboarding_incomplete");
    assert_string_equal(f[4].code, "team.needs_two_officers");
}

/* The team-level reason cites the law and the count. */
static void test_team_reason_text(void **state) {
    (void)state;
    zf_officer_facts_t team[] = {ZHANG, WANG};
    int counts[2];
    zf_team_finding_t f[ZF_TEAM_FINDINGS_MAX(2)];
    size_t nf, counted;
    assert_int_equal(zf_team_check(&RULES, day("2026-03-01"), team, 2, counts, f, &nf, &counted),
                     ZF_EPERM);
    assert_int_equal(counts[0], 1);
    assert_int_equal(counts[1], 0);
    assert_non_null(strstr(f[1].reason, "第四十二条"));
    assert_non_null(strstr(f[1].reason, "只有 1 人"));
    assert_int_equal(f[0].blocking, 0);
    assert_int_equal(f[1].blocking, 1);
}

/* ---- training ---- */

static void test_onboarding(void **state) {
    (void)state;
    static const struct {
        const char *id;
        const char *spans[3][2];
        const char *done; /* NULL: never complete */
    } rows[] = {
        /* exactly 3 months: 2025-01-06 .. 2025-04-05 is 90 days = 01-06 → 04-06 */
        {"O01", {{"2025-01-06", "2025-04-05"}}, "2025-04-05"},
        /* one day short */
        {"O02", {{"2025-01-06", "2025-04-04"}}, NULL},
        /* split in two, adding up to exactly 3 months from the first start */
        {"O03", {{"2025-01-06", "2025-02-05"}, {"2025-03-01", "2025-04-28"}}, "2025-04-28"},
        {"O04", {{"2025-01-06", "2025-02-05"}, {"2025-03-01", "2025-04-27"}}, NULL},
        /* across a year end and February: 2025-11-30 + 3 months = 2026-02-28 (90 days) */
        {"O05", {{"2025-11-30", "2026-02-27"}}, "2026-02-27"},
        {"O06", {{"2025-11-30", "2026-02-26"}}, NULL},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        zf_training_span_t spans[3];
        size_t n = 0;
        while (n < 3 && rows[r].spans[n][0]) {
            spans[n] =
                (zf_training_span_t){1, day(rows[r].spans[n][0]), day(rows[r].spans[n][1]), 0};
            n++;
        }
        int have = 0;
        zf_day_t done = zf_onboarding_done_on(&RULES, spans, n, &have);
        if (!rows[r].done) {
            if (done != ZF_DAY_NONE)
                fail_msg("%s: complete, want incomplete (%d days)", rows[r].id, have);
        } else if (done != day(rows[r].done)) {
            char got[11] = "none";
            if (done != ZF_DAY_NONE) zf_day_format(done, got);
            fail_msg("%s: done on %s, want %s (%d days)", rows[r].id, got, rows[r].done, have);
        }
    }
    assert_int_equal(zf_onboarding_required_days(&RULES, day("2025-01-06")), 90);
    assert_int_equal(zf_onboarding_required_days(&RULES, day("2024-01-01")), 91);
}

static void test_refresher(void **state) {
    (void)state;
    static const struct {
        const char *id;
        const char *start, *end;
        int days;
        int year;
        int want;
    } rows[] = {
        /* two weeks = 10 training days: exactly, and one short */
        {"R01", "2026-03-02", "2026-03-13", 10, 2026, 10},
        {"R02", "2026-03-02", "2026-03-12", 9, 2026, 9},
        /* year boundary: counts in the year it ends */
        {"R03", "2025-12-29", "2026-01-09", 10, 2025, 0},
        {"R04", "2025-12-29", "2026-01-09", 10, 2026, 10},
        {"R05", "2025-12-22", "2025-12-31", 8, 2025, 8},
        {"R06", "2025-12-22", "2025-12-31", 8, 2026, 0},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        zf_training_span_t s = {0, day(rows[r].start), day(rows[r].end), rows[r].days};
        int got = zf_refresher_days(&s, 1, rows[r].year);
        if (got != rows[r].want) fail_msg("%s: %d days, want %d", rows[r].id, got, rows[r].want);
    }
    /* several records add up; onboarding never counts as refresher */
    zf_training_span_t many[] = {
        {0, day("2026-03-02"), day("2026-03-06"), 5},
        {0, day("2026-09-07"), day("2026-09-11"), 5},
        {1, day("2026-01-05"), day("2026-04-04"), 60},
    };
    assert_int_equal(zf_refresher_days(many, 3, 2026), RULES.refresher_days_per_year);
}

/* ---- ratio ---- */

static void test_ratio(void **state) {
    (void)state;
    static const struct {
        const char *id;
        int64_t prof, total;
        int meets;
        int64_t permille;
    } rows[] = {
        {"Q01", 3, 4, 1, 750},      /* exactly 75% */
        {"Q02", 749, 1000, 0, 749}, /* just below */
        {"Q03", 751, 1000, 1, 751}, /* just above */
        {"Q04", 2, 3, 0, 666},      /* 66.6% */
        {"Q05", 15, 20, 1, 750},
        {"Q06", 14, 19, 0, 736},
        {"Q07", 0, 0, 0, 0}, /* nobody: not met */
        {"Q08", 5, 5, 1, 1000},
        /* 3/4 of a big number stays exact where a float might not */
        {"Q09", 2999999999999LL, 3999999999999LL, 0, 749},
        {"Q10", 3000000000000LL, 4000000000000LL, 1, 750},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        if (zf_ratio_meets(rows[r].prof, rows[r].total, RULES.ratio_target_permille) !=
            rows[r].meets)
            fail_msg("%s: meets wrong", rows[r].id);
        if (zf_ratio_permille(rows[r].prof, rows[r].total) != rows[r].permille)
            fail_msg("%s: permille %lld", rows[r].id,
                     (long long)zf_ratio_permille(rows[r].prof, rows[r].total));
    }
    assert_true(zf_officer_is_professional(&RULES, 1, "", 0));
    assert_true(zf_officer_is_professional(&RULES, 0, "注册安全工程师", 0));
    assert_true(zf_officer_is_professional(&RULES, 0, "", 3));
    assert_false(zf_officer_is_professional(&RULES, 0, "", 2));
    assert_false(zf_officer_is_professional(&RULES, 0, NULL, 0));
}

/* ---- certificate alerts ---- */

static void test_cert_state(void **state) {
    (void)state;
    static const struct {
        const char *id, *date, *expires;
        const char *want;
        int days_left;
    } rows[] = {
        {"C01", "2026-06-30", "2026-06-30", "expiring", 0},
        {"C02", "2026-07-01", "2026-06-30", "expired", -1},
        {"C03", "2026-05-31", "2026-06-30", "expiring", 30}, /* 30 days before: alert */
        {"C04", "2026-05-30", "2026-06-30", "valid", 31},
        {"C05", "2026-05-30", "", "missing", 0},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        int left = 99;
        const char *got = zf_cert_state(&RULES, day(rows[r].date), "皖A001", "2020-01-01",
                                        rows[r].expires, &left);
        if (strcmp(got, rows[r].want) != 0 || left != rows[r].days_left)
            fail_msg("%s: %s (%d), want %s (%d)", rows[r].id, got, left, rows[r].want,
                     rows[r].days_left);
    }
    int left;
    assert_string_equal(zf_cert_state(&RULES, day("2026-01-01"), "", "", "2027-01-01", &left),
                        "missing");
    assert_string_equal(
        zf_cert_state(&RULES, day("2026-01-01"), "X", "2026-02-01", "2031-01-01", &left),
        "not_yet_valid");
}

/* ---- the permission rows of issue 4 (core/perm.c) ---- */

/* Demo tree: /1/ city, /1/2/ bureau, /1/2/3/ brigade, /1/2/6/ 史河街道,
 * /1/2/7/ 平岗街道, /1/9/ another district. */
static void test_officer_permissions(void **state) {
    (void)state;
    static const struct {
        const char *id, *role, *unit_path, *action, *target;
        int expect;
        const char *code;
    } cases[] = {
        {"OP01", "admin", "/1/2/", "officer.write", "/1/2/3/", 0, ""},
        {"OP02", "section_head", "/1/2/3/", "officer.write", "/1/2/7/", 0, ""},
        {"OP03", "section_head", "/1/2/3/", "officer.write", "/1/9/", ZF_EPERM,
         "perm.out_of_scope"},
        {"OP04", "officer", "/1/2/3/", "officer.write", "/1/2/3/", ZF_EPERM, "perm.denied"},
        {"OP05", "officer", "/1/2/3/", "officer.read", "/1/2/7/", 0, ""},
        {"OP06", "township_officer", "/1/2/6/", "officer.read", "/1/2/7/", ZF_EPERM,
         "perm.out_of_scope"},
        {"OP07", "township_officer", "/1/2/6/", "officer.report", "/1/2/6/", 0, ""},
        {"OP08", "township_officer", "/1/2/6/", "training.write", "/1/2/6/", ZF_EPERM,
         "perm.denied"},
        {"OP09", "city_supervisor", "/1/", "officer.read", "/1/2/6/", 0, ""},
        {"OP10", "city_supervisor", "/1/", "officer.write", "/1/2/6/", ZF_EPERM, "perm.denied"},
        {"OP11", "city_supervisor", "/1/", "equipment.write", "/1/2/6/", ZF_EPERM, "perm.denied"},
        {"OP12", "auxiliary", "/1/2/3/", "officer.report", "/1/2/3/", ZF_EPERM, "perm.denied"},
        {"OP13", "admin", "/1/2/", "equipment.write", "/1/", ZF_EPERM, "perm.out_of_scope"},
        {"OP14", "bureau_leader", "/1/2/", "training.write", "/1/2/3/", ZF_EPERM, "perm.denied"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *bureau = strncmp(cases[i].unit_path, "/1/2/", 5) == 0 ? "/1/2/" : NULL;
        zf_actor_t actor = {
            .user_id = 1,
            .role = cases[i].role,
            .unit_path = cases[i].unit_path,
            .scope_path = zf_perm_scope_root(cases[i].role, cases[i].unit_path, bureau),
        };
        zf_error_t err = {0};
        int rc = zf_perm_check(&actor, cases[i].action, cases[i].target, &err);
        if (rc != cases[i].expect || (rc && strcmp(err.code, cases[i].code) != 0))
            fail_msg("%s: %s %s on %s gave %d %s", cases[i].id, cases[i].role, cases[i].action,
                     cases[i].target, rc, err.code);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_team_rule),
        cmocka_unit_test(test_team_reason_text),
        cmocka_unit_test(test_team_findings_bound),
        cmocka_unit_test(test_onboarding),
        cmocka_unit_test(test_refresher),
        cmocka_unit_test(test_ratio),
        cmocka_unit_test(test_cert_state),
        cmocka_unit_test(test_officer_permissions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
