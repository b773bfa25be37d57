/* Unit tests for core/credit: the inclusion criteria of the serious
 * dishonesty list (应急管理部令第11号, LAW.md §5.3), the 12-month window of
 * situation (2) at its boundary, the listing period, early removal and the
 * status moves. Each row has a stable ID. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/credit.h"

static zf_day_t D(const char *s) {
    zf_day_t d;
    if (zf_day_parse(s, &d) != 0) fail_msg("bad date %s", s);
    return d;
}

#define MAXD 4
static const struct {
    const char *id;
    const char *dates[MAXD];
    int want;
} windows[] = {
    {"W01 none", {NULL}, 0},
    {"W02 one", {"2025-03-10"}, 1},
    {"W03 two exactly 12 months apart: within", {"2025-03-10", "2026-03-10"}, 2},
    {"W04 two 12 months and one day apart: not", {"2025-03-10", "2026-03-11"}, 1},
    {"W05 unordered input", {"2026-03-10", "2025-03-10"}, 2},
    {"W06 month end: 2024-02-29 + 12 months = 2025-02-28", {"2024-02-29", "2025-02-28"}, 2},
    {"W07 month end: 2025-03-01 is a day late", {"2024-02-29", "2025-03-01"}, 1},
    {"W08 three, best window two", {"2024-01-01", "2024-12-31", "2026-01-01"}, 2},
    {"W09 three within", {"2025-01-01", "2025-06-01", "2025-12-31"}, 3},
    {"W10 same day twice", {"2025-05-05", "2025-05-05"}, 2},
};

static void test_window(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof windows / sizeof windows[0]; i++) {
        zf_day_t d[MAXD];
        size_t n = 0;
        while (n < MAXD && windows[i].dates[n]) {
            d[n] = D(windows[i].dates[n]);
            n++;
        }
        int got = zf_credit_max_larger_in_12_months(d, n);
        if (got != windows[i].want)
            fail_msg("%s: got %d, want %d", windows[i].id, got, windows[i].want);
    }
}

/* facts → the criteria met, as space-separated ids */
static const struct {
    const char *id;
    zf_credit_facts_t f;
    const char *dates[MAXD];
    const char *want;
} cases[] = {
    {"E01 no penalty: nothing, whatever the facts", {.penalized = 0, .accident_grade = 4, .concealed = 1}, {NULL}, ""},
    {"E02 penalty, no aggravating fact", {.penalized = 1}, {NULL}, ""},
    {"E03 一般 accident only", {.penalized = 1, .accident_grade = ZF_ACCIDENT_GENERAL}, {NULL}, ""},
    {"E04 较大 accident alone is not (1)", {.penalized = 1, .accident_grade = ZF_ACCIDENT_LARGER}, {NULL}, ""},
    {"E05 重大 accident: (1)", {.penalized = 1, .accident_grade = ZF_ACCIDENT_MAJOR}, {NULL}, "SL-01"},
    {"E06 特别重大 accident: (1)", {.penalized = 1, .accident_grade = ZF_ACCIDENT_GRAVE}, {NULL}, "SL-01"},
    {"E07 two 较大 exactly within 12 months: (2)", {.penalized = 1, .accident_grade = ZF_ACCIDENT_LARGER}, {"2025-03-10", "2026-03-10"}, "SL-02"},
    {"E08 two 较大 12 months and one day apart: not (2)", {.penalized = 1, .accident_grade = ZF_ACCIDENT_LARGER}, {"2025-03-10", "2026-03-11"}, ""},
    {"E09 第114条 at 199%: not (3)", {.penalized = 1, .multiple_114_pct = 199}, {NULL}, ""},
    {"E10 第114条 at 2倍: (3)", {.penalized = 1, .multiple_114_pct = 200}, {NULL}, "SL-03"},
    {"E11 第114条 at 5倍: (3)", {.penalized = 1, .multiple_114_pct = 500}, {NULL}, "SL-03"},
    {"E12 瞒报谎报: (4)", {.penalized = 1, .concealed = 1}, {NULL}, "SL-04"},
    {"E13 逃匿: (5)", {.penalized = 1, .fled = 1}, {NULL}, "SL-05"},
    {"E14 无证: (6)", {.penalized = 1, .no_licence = 1}, {NULL}, "SL-06"},
    {"E15 fraud by a non-intermediary is not (7)", {.penalized = 1, .intermediary_fraud = 1}, {NULL}, ""},
    {"E16 intermediary fraud: (7)", {.penalized = 1, .intermediary = 1, .intermediary_fraud = 1}, {NULL}, "SL-07"},
    {"E17 拒不执行: (8)", {.penalized = 1, .refused = 1}, {NULL}, "SL-08"},
    {"E18 其他情节严重: (9)", {.penalized = 1, .other_serious = 1}, {NULL}, "SL-09"},
    {"E19 several at once, table order", {.penalized = 1, .accident_grade = ZF_ACCIDENT_MAJOR, .concealed = 1, .multiple_114_pct = 300}, {"2025-01-01", "2025-02-01"}, "SL-01 SL-02 SL-03 SL-04"},
};

static void test_evaluate(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        zf_credit_facts_t f = cases[i].f;
        while (f.n_larger < MAXD && cases[i].dates[f.n_larger]) {
            f.larger_dates[f.n_larger] = D(cases[i].dates[f.n_larger]);
            f.n_larger++;
        }
        const zf_credit_criterion_t *out[9];
        size_t n = zf_credit_evaluate(&f, out, 9);
        char got[128] = "";
        size_t len = 0;
        for (size_t k = 0; k < n; k++)
            len += (size_t)snprintf(got + len, sizeof got - len, "%s%s", k ? " " : "", out[k]->id);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", cases[i].id, got, cases[i].want);
    }
}

static void test_table(void **state) {
    (void)state;
    size_t n;
    const zf_credit_criterion_t *c = zf_credit_criteria(&n);
    assert_int_equal(n, 9); /* T01 nine situations */
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(c[i].number, (int)i + 1); /* T02 in order */
        assert_non_null(c[i].text);
        assert_true(strcmp(c[i].source, "二手") == 0 || strcmp(c[i].source, "未核实") == 0);
        assert_true(c[i].needs & ZF_CF_PENALIZED); /* T03 every one needs a penalty */
        assert_ptr_equal(zf_credit_criterion(c[i].id), &c[i]);
        /* T04 five with an accident, four without */
        assert_int_equal(c[i].accident, i < 5);
    }
    assert_string_equal(c[7].source, "未核实"); /* T05 (8)(9) worded from memory */
    assert_string_equal(c[8].source, "未核实");
    assert_string_equal(c[0].source, "二手");
    assert_null(zf_credit_criterion("SL-10"));
    assert_true(zf_credit_industry_covered("hazchem")); /* T06 industries */
    assert_true(zf_credit_industry_covered("other"));
    assert_false(zf_credit_industry_covered("school"));
}

static const struct {
    const char *id;
    const char *listed;
    int months;
    const char *want;
} periods[] = {
    {"P01 3 years", "2026-01-15", 36, "2029-01-15"},
    {"P02 leap day to a non-leap year", "2024-02-29", 36, "2027-02-28"},
    {"P03 shortened to 0 months (legal_params)", "2026-11-28", 0, "2026-11-28"},
    {"P04 month end", "2025-08-31", 6, "2026-02-28"},
};

static void test_period(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
        char got[11];
        zf_day_format(zf_credit_expires_on(D(periods[i].listed), periods[i].months), got);
        if (strcmp(got, periods[i].want) != 0)
            fail_msg("%s: got %s, want %s", periods[i].id, got, periods[i].want);
    }
}

#define ALLC ((const char *const[]){"C1", "C2", "C3", "C4"})
static const struct {
    const char *id;
    const char *listed, *applied;
    int months;
    const char *const *met;
    size_t nmet;
    int want;
    const char *reason_has;
} removals[] = {
    {"R01 one day before 12 months: refused", "2025-03-31", "2026-03-30", 12, ALLC, 4, -1, "2026-03-31"},
    {"R02 exactly 12 months: allowed", "2025-03-31", "2026-03-31", 12, ALLC, 4, 0, ""},
    {"R03 later: allowed", "2025-03-31", "2027-01-01", 12, ALLC, 4, 0, ""},
    {"R04 a condition missing", "2025-03-31", "2026-04-01", 12, ALLC, 3, -2, "C4"},
    {"R05 no conditions", "2025-03-31", "2026-04-01", 12, NULL, 0, -2, "C1"},
    {"R06 same day, 0 months configured", "2026-11-28", "2026-11-28", 0, ALLC, 4, 0, ""},
    {"R07 month end: listed 2025-08-31, 6 months → 2026-02-28", "2025-08-31", "2026-02-27", 6, ALLC, 4, -1, "2026-02-28"},
};

static void test_early_removal(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof removals / sizeof removals[0]; i++) {
        char reason[256];
        int got = zf_credit_early_removal_check(D(removals[i].listed), removals[i].months,
                                                D(removals[i].applied), removals[i].met,
                                                removals[i].nmet, reason, sizeof reason);
        if (got != removals[i].want)
            fail_msg("%s: got %d, want %d (%s)", removals[i].id, got, removals[i].want, reason);
        if (!strstr(reason, removals[i].reason_has))
            fail_msg("%s: reason \"%s\" lacks \"%s\"", removals[i].id, reason,
                     removals[i].reason_has);
    }
}

static const struct {
    const char *id, *from, *to;
    int want;
} moves[] = {
    {"M01", "proposed", "approved", 1}, {"M02", "proposed", "rejected", 1},
    {"M03", "proposed", "listed", 0},   {"M04", "approved", "notified", 1},
    {"M05", "approved", "listed", 0},   {"M06", "notified", "listed", 1},
    {"M07", "listed", "removed", 1},    {"M08", "removed", "listed", 1},
    {"M09", "rejected", "approved", 0}, {"M10", "listed", "proposed", 0},
};

/* I01: resident ID numbers of the persons listed (GB 11643 check character,
 * date of birth) */
static void test_id_number(void **state) {
    (void)state;
    assert_true(zf_credit_id_number_ok("11010519491231002X"));  /* the standard's example */
    assert_true(zf_credit_id_number_ok("341504198506120033"));
    assert_false(zf_credit_id_number_ok("110105194912310021")); /* wrong check character */
    assert_false(zf_credit_id_number_ok("11010519491231002x")); /* lower-case x */
    assert_false(zf_credit_id_number_ok("341504198813010037"));  /* month 13, check right */
    assert_false(zf_credit_id_number_ok("1101051949123100"));
    assert_false(zf_credit_id_number_ok(""));
    assert_false(zf_credit_id_number_ok(NULL));
}

static void test_moves(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++)
        if (zf_credit_transition_ok(moves[i].from, moves[i].to) != moves[i].want)
            fail_msg("%s: %s → %s", moves[i].id, moves[i].from, moves[i].to);
    assert_string_equal(zf_credit_status_name("listed"), "公示中");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window),        cmocka_unit_test(test_evaluate),
        cmocka_unit_test(test_table),         cmocka_unit_test(test_period),
        cmocka_unit_test(test_early_removal), cmocka_unit_test(test_moves),
        cmocka_unit_test(test_id_number),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
