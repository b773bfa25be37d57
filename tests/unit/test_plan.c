/* Unit tests for core/plan: cycle → months, expected draws, the cap's even
 * thinning, the joint-inspection window, load spreading and capacity
 * shortfall. Each table row has a stable ID. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/plan.h"

static void months_str(const int *m, int n, char *out, size_t cap) {
    size_t o = 0;
    out[0] = 0;
    for (int i = 0; i < n; i++)
        o += (size_t)snprintf(out + o, cap - o, i ? " %d" : "%d", m[i]);
}

static void test_cycle(void **state) {
    (void)state;
    static const struct {
        const char *id;
        int cycle, phase;
        const char *want;
    } t[] = {
        {"C01", 3, 0, "1 4 7 10"},
        {"C02", 3, 2, "3 6 9 12"},
        {"C03", 6, 0, "1 7"},
        {"C04", 6, 5, "6 12"},
        {"C05", 12, 0, "1"},
        {"C06", 12, 11, "12"},
        {"C07", 1, 0, "1 2 3 4 5 6 7 8 9 10 11 12"},
        {"C08", 0, 0, ""},
        {"C09", 5, 0, "1 6 11"},
        {"C10", 24, 0, "1"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int m[12];
        char got[64];
        int n = zf_plan_cycle_months(t[i].cycle, t[i].phase, m);
        months_str(m, n, got, sizeof got);
        if (strcmp(got, t[i].want) != 0)
            fail_msg("%s: got '%s' want '%s'", t[i].id, got, t[i].want);
    }
}

static void test_expected_split(void **state) {
    (void)state;
    static const struct {
        const char *id;
        int64_t pool, pm, want;
    } e[] = {
        {"E01", 100, 100, 10}, {"E02", 101, 100, 11}, {"E03", 0, 100, 0},
        {"E04", 7, 0, 0},      {"E05", 1, 1, 1},      {"E06", 999, 1, 1},
        {"E07", 1000, 1, 1},   {"E08", 1001, 1, 2},   {"E09", 1000000, 50, 50000},
    };
    for (size_t i = 0; i < sizeof e / sizeof e[0]; i++) {
        int64_t got = zf_plan_expected(e[i].pool, e[i].pm);
        if (got != e[i].want)
            fail_msg("%s: expected(%lld, %lld) = %lld, want %lld", e[i].id, (long long)e[i].pool,
                     (long long)e[i].pm, (long long)got, (long long)e[i].want);
    }
    static const struct {
        const char *id;
        int64_t total;
        size_t n;
        int64_t want[4];
    } s[] = {
        {"S01", 10, 4, {3, 3, 2, 2}}, {"S02", 3, 4, {1, 1, 1, 0}}, {"S03", 8, 4, {2, 2, 2, 2}},
        {"S04", 0, 2, {0, 0}},        {"S05", 5, 1, {5}},
    };
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
        int64_t out[4] = {0};
        zf_plan_split(s[i].total, s[i].n, out);
        int64_t sum = 0;
        for (size_t k = 0; k < s[i].n; k++) {
            sum += out[k];
            if (out[k] != s[i].want[k])
                fail_msg("%s: part %zu = %lld", s[i].id, k, (long long)out[k]);
        }
        if (sum != s[i].total) fail_msg("%s: parts do not add up", s[i].id);
    }
}

static void test_cap_keep(void **state) {
    (void)state;
    static const struct {
        const char *id;
        int n;
        int64_t left;
        const char *want; /* kept indexes */
    } t[] = {
        {"K01", 4, -1, "0 1 2 3"}, {"K02", 4, 2, "0 2"},     {"K03", 4, 1, "0"},
        {"K04", 4, 0, ""},         {"K05", 4, 4, "0 1 2 3"}, {"K06", 4, 9, "0 1 2 3"},
        {"K07", 12, 3, "0 4 8"},   {"K08", 3, 2, "0 1"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int keep[12], idx[12], k = 0;
        int n = zf_plan_cap_keep(t[i].n, t[i].left, keep);
        for (int j = 0; j < t[i].n; j++)
            if (keep[j]) idx[k++] = j;
        char got[64];
        months_str(idx, k, got, sizeof got);
        if (strcmp(got, t[i].want) != 0 || n != k)
            fail_msg("%s: kept '%s' (n %d) want '%s'", t[i].id, got, n, t[i].want);
    }
}

static void test_window_months(void **state) {
    (void)state;
    static const struct {
        const char *id;
        int a, b, w, want;
    } t[] = {
        {"W01", 3, 3, 0, 1},   {"W02", 3, 4, 0, 0},   {"W03", 3, 4, 1, 1},
        {"W04", 3, 5, 1, 0},   {"W05", 1, 12, 11, 1}, {"W06", 0, 1, 1, 0},
        {"W07", 5, 13, 12, 0}, {"W08", 6, 4, 2, 1},   {"W09", 6, 6, -1, 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (zf_plan_window_match(t[i].a, t[i].b, t[i].w) != t[i].want)
            fail_msg("%s: window(%d,%d,%d)", t[i].id, t[i].a, t[i].b, t[i].w);
    static const struct {
        const char *id, *in;
        int n;
        const char *want;
    } p[] = {
        {"P01", "3 6 9 12", 4, "3 6 9 12"},
        {"P02", "12,3,3", 2, "3 12"},
        {"P03", "", 0, ""},
        {"P04", "0", -1, ""},
        {"P05", "13", -1, ""},
        {"P06", "3a", -1, ""},
        {"P07", "1, 2", 2, "1 2"},
        {"P08", "-1", -1, ""},
    };
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
        int m[12];
        int n = zf_plan_parse_months(p[i].in, m);
        char got[64] = "";
        if (n > 0) months_str(m, n, got, sizeof got);
        if (n != p[i].n || (n >= 0 && strcmp(got, p[i].want) != 0))
            fail_msg("%s: parse '%s' gave %d '%s'", p[i].id, p[i].in, n, got);
    }
    assert_int_equal(zf_plan_permille(1, 3), 333);
    assert_int_equal(zf_plan_permille(3, 3), 1000);
    assert_int_equal(zf_plan_permille(0, 0), 0);
}

#define ALL 0xfffu

/* L01: four officers, two quarterly targets: the phases spread (the second
 * target does not pile onto months 1/4/7/10) and every officer gets work. */
static void test_spread(void **state) {
    (void)state;
    zf_plan_officer_t o[4] = {{11, ALL, {0}}, {12, ALL, {0}}, {13, ALL, {0}}, {14, ALL, {0}}};
    zf_plan_target_t t[2] = {{.enterprise_id = 1, .cycle = 3, .left = -1},
                             {.enterprise_id = 2, .cycle = 3, .left = -1}};
    zf_plan_slot_t s[24];
    zf_plan_report_t r;
    size_t n = zf_plan_schedule(t, 2, o, 4, 8, 2, s, NULL, &r);
    assert_int_equal(n, 8);
    assert_int_equal(s[0].month, 1);
    assert_int_equal(s[4].month, 2); /* L01: second target takes phase 1 */
    /* first slot: lowest ids on a tie */
    assert_int_equal(s[0].officers[0], 11);
    assert_int_equal(s[0].officers[1], 12);
    /* second slot (month 4): loads equal per month, year load decides: 13, 14 */
    assert_int_equal(s[1].officers[0], 13);
    assert_int_equal(s[1].officers[1], 14);
    for (int k = 0; k < 4; k++) {
        int y = 0;
        for (int m = 1; m <= 12; m++)
            y += o[k].load[m];
        if (y != 4) fail_msg("L01: officer %lld has %d inspections, want 4", (long long)o[k].id, y);
    }
    assert_int_equal(r.unstaffed_total, 0);
}

/* L02: capacity short: two officers with capacity 1 and three yearly
 * targets; all fall in month 1 by phase cost? no — phases spread them over
 * months 1, 2, 3, so everyone is staffed. With cycle 1 (monthly) for three
 * targets, month m has 3 inspections and room for 1 team: 2 unstaffed per
 * month, 24 in all, reported per month. */
static void test_capacity(void **state) {
    (void)state;
    zf_plan_officer_t o[2] = {{1, ALL, {0}}, {2, ALL, {0}}};
    zf_plan_target_t t[3] = {{.enterprise_id = 1, .cycle = 12, .left = -1},
                             {.enterprise_id = 2, .cycle = 12, .left = -1},
                             {.enterprise_id = 3, .cycle = 12, .left = -1}};
    zf_plan_slot_t s[36];
    zf_plan_report_t r;
    size_t n = zf_plan_schedule(t, 3, o, 2, 1, 2, s, NULL, &r);
    assert_int_equal(n, 3);
    assert_int_equal(s[0].month, 1);
    assert_int_equal(s[1].month, 2);
    assert_int_equal(s[2].month, 3);
    assert_int_equal(r.unstaffed_total, 0);

    zf_plan_officer_t o2[2] = {{1, ALL, {0}}, {2, ALL, {0}}};
    zf_plan_target_t t2[3] = {{.enterprise_id = 1, .cycle = 1, .left = -1},
                              {.enterprise_id = 2, .cycle = 1, .left = -1},
                              {.enterprise_id = 3, .cycle = 1, .left = -1}};
    n = zf_plan_schedule(t2, 3, o2, 2, 1, 2, s, NULL, &r);
    assert_int_equal(n, 36);
    assert_int_equal(r.unstaffed_total, 24);
    for (int m = 1; m <= 12; m++) {
        if (r.unstaffed[m] != 2)
            fail_msg("L02: month %d unstaffed %lld", m, (long long)r.unstaffed[m]);
        if (o2[0].load[m] > 1 || o2[1].load[m] > 1) fail_msg("L02: capacity exceeded in %d", m);
    }
}

/* L03: certification: officer 3 is certified only from July; officer 1
 * never (auxiliary or expired: months 0). A team of two exists only from
 * July; earlier months are unstaffed. */
static void test_certified(void **state) {
    (void)state;
    zf_plan_officer_t o[3] = {{1, 0, {0}}, {2, ALL, {0}}, {3, 0xfc0u, {0}}};
    zf_plan_target_t t[1] = {{.enterprise_id = 9, .cycle = 3, .left = -1}};
    zf_plan_slot_t s[12];
    zf_plan_report_t r;
    size_t n = zf_plan_schedule(t, 1, o, 3, 8, 2, s, NULL, &r);
    assert_int_equal(n, 4); /* 1 4 7 10 */
    assert_int_equal(s[0].n_officers, 0);
    assert_int_equal(s[1].n_officers, 0);
    assert_int_equal(s[2].n_officers, 2);
    assert_int_equal(s[2].officers[0], 2);
    assert_int_equal(s[2].officers[1], 3);
    assert_int_equal(r.unstaffed[1], 1);
    assert_int_equal(r.unstaffed[4], 1);
    assert_int_equal(r.unstaffed_total, 2);
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < s[i].n_officers; j++)
            if (s[i].officers[j] == 1) fail_msg("L03: uncertified officer 1 assigned");
}

/* L04: the cap: quarterly cycle, cap leaves 2 → months 1 and 7 kept, two
 * reported over the cap; a cap already used up (left 0) creates nothing. */
static void test_cap_in_schedule(void **state) {
    (void)state;
    zf_plan_officer_t o[2] = {{1, ALL, {0}}, {2, ALL, {0}}};
    zf_plan_target_t t[3] = {{.enterprise_id = 1, .cycle = 3, .left = 2},
                             {.enterprise_id = 2, .cycle = 3, .left = 0},
                             {.enterprise_id = 3, .cycle = 6, .left = 2}};
    zf_plan_slot_t s[36];
    int64_t cut[3];
    zf_plan_report_t r;
    size_t n = zf_plan_schedule(t, 3, o, 2, 8, 2, s, cut, &r);
    assert_int_equal(n, 4);
    assert_int_equal(s[0].month, 1);
    assert_int_equal(s[1].month, 7);
    assert_int_equal(cut[0], 2);
    assert_int_equal(cut[1], 4);
    assert_int_equal(cut[2], 0);
    assert_int_equal(r.over_cap, 6);
    assert_int_equal(r.over_cap_targets, 2);
    /* the half-yearly target avoids months 1 and 7 (taken) */
    assert_int_equal(s[2].month, 2);
    assert_int_equal(s[3].month, 8);
}

/* L05: determinism: the same input twice gives the same slots. */
static void test_deterministic(void **state) {
    (void)state;
    zf_plan_slot_t a[120], b[120];
    zf_plan_report_t ra, rb;
    for (int run = 0; run < 2; run++) {
        zf_plan_officer_t o[5] = {
            {5, ALL, {0}}, {3, ALL, {0}}, {9, 0x0ffu, {0}}, {1, ALL, {0}}, {7, ALL, {0}}};
        zf_plan_target_t t[10];
        for (int i = 0; i < 10; i++)
            t[i] = (zf_plan_target_t){.enterprise_id = i + 1, .cycle = (i % 3 + 1) * 3, .left = -1};
        size_t n = zf_plan_schedule(t, 10, o, 5, 3, 2, run ? b : a, NULL, run ? &rb : &ra);
        assert_true(n > 0);
    }
    assert_memory_equal(a, b, sizeof(zf_plan_slot_t) * (size_t)ra.placed);
    assert_int_equal(ra.unstaffed_total, rb.unstaffed_total);
}

/* J01: another unit plans the enterprise in months 1 and 7; a half-yearly
 * cycle joins both (no cap used); a quarterly cycle joins both and puts
 * the other two in free phase months within the cap; with the cap used up
 * (left 0) only the joins are placed and 2 are reported over the cap. */
static void test_join(void **state) {
    (void)state;
    zf_plan_officer_t o[2] = {{1, ALL, {0}}, {2, ALL, {0}}};
    zf_plan_target_t t[3] = {
        {.enterprise_id = 1, .cycle = 6, .left = 0, .join_months = {1, 7}, .n_join = 2},
        {.enterprise_id = 2, .cycle = 3, .left = 2, .join_months = {1, 7}, .n_join = 2},
        {.enterprise_id = 3, .cycle = 3, .left = 0, .join_months = {2, 8}, .n_join = 2}};
    zf_plan_slot_t s[36];
    int64_t cut[3];
    zf_plan_report_t r;
    size_t n = zf_plan_schedule(t, 3, o, 2, 8, 2, s, cut, &r);
    assert_int_equal(n, 2 + 4 + 2);
    assert_int_equal(s[0].month, 1);
    assert_int_equal(s[0].joint, 1);
    assert_int_equal(s[1].month, 7);
    assert_int_equal(cut[0], 0);
    /* target 2: joins 1 and 7, then the phase-0 months not joined: 4, 10 */
    assert_int_equal(s[2].month, 1);
    assert_int_equal(s[3].month, 7);
    assert_int_equal(s[4].month, 4);
    assert_int_equal(s[4].joint, 0);
    assert_int_equal(s[5].month, 10);
    assert_int_equal(cut[1], 0);
    assert_int_equal(s[6].month, 2);
    assert_int_equal(s[7].month, 8);
    assert_int_equal(cut[2], 2);
    assert_int_equal(r.joint, 6);
    assert_int_equal(r.over_cap, 2);
    /* J02: more join months than the cycle needs: evenly chosen (1, 7 of 1 4 7 10) */
    zf_plan_target_t t2[1] = {
        {.enterprise_id = 4, .cycle = 6, .left = -1, .join_months = {1, 4, 7, 10}, .n_join = 4}};
    n = zf_plan_schedule(t2, 1, o, 2, 8, 2, s, cut, &r);
    assert_int_equal(n, 2);
    assert_int_equal(s[0].month, 1);
    assert_int_equal(s[1].month, 7);
    /* J03: uneven cycle (5 months): never a phase with fewer inspections */
    zf_plan_target_t t3[1] = {{.enterprise_id = 5, .cycle = 5, .left = -1}};
    o[0].load[1] = 5;
    n = zf_plan_schedule(t3, 1, o, 2, 8, 2, s, cut, &r);
    assert_int_equal(n, 3);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cycle),         cmocka_unit_test(test_expected_split),
        cmocka_unit_test(test_cap_keep),      cmocka_unit_test(test_window_months),
        cmocka_unit_test(test_spread),        cmocka_unit_test(test_capacity),
        cmocka_unit_test(test_certified),     cmocka_unit_test(test_cap_in_schedule),
        cmocka_unit_test(test_deterministic), cmocka_unit_test(test_join),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
