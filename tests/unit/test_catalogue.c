/* Unit tests for core/catalogue: which version is in force on a day (the day
 * before, of and after an effective date), and who may use an item (R2: a
 * township officer only delegated items, with the plan's clause cited). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/catalogue.h"

/* Three versions of one item: 2021-09-01, 2026-02-01, 2026-05-01. */
static const char *const dates[] = {"2021-09-01", "2026-02-01", "2026-05-01"};

static const struct {
    const char *id;
    const char *date;
    int expect; /* index of the version in force, -1 none */
} in_force[] = {
    {"V01", "2021-08-31", -1}, /* the day before the first effective date */
    {"V02", "2021-09-01", 0},  /* the day of */
    {"V03", "2021-09-02", 0},  /* the day after */
    {"V04", "2026-01-31", 0},  /* the day before the second */
    {"V05", "2026-02-01", 1},  /* the day of the second */
    {"V06", "2026-02-02", 1},  {"V07", "2026-04-30", 1},  {"V08", "2026-05-01", 2},
    {"V09", "2099-12-31", 2},  {"V10", "2000-01-01", -1},
};

static void test_in_force(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof in_force / sizeof in_force[0]; i++) {
        int got = zf_catalogue_in_force(dates, 3, in_force[i].date);
        if (got != in_force[i].expect)
            fail_msg("%s: %s → %d, expected %d", in_force[i].id, in_force[i].date, got,
                     in_force[i].expect);
    }
    assert_int_equal(zf_catalogue_in_force(dates, 0, "2026-01-01"), -1);
}

static const zf_cat_use_t delegated = {"AQ-099-01", "未设置安全警示标志", 1, "安全生产法第35条",
                                       "安全生产法第99条第1项"};
static const zf_cat_use_t kept = {"AQ-114-01", "对一般事故负有责任", 0, "安全生产法第114条",
                                  "安全生产法第114条第1款第1项"};
static const zf_cat_use_t no_basis = {"XX-000-01", "无依据事项", 1, "", "某条"};

static const struct {
    const char *id;
    const char *role;
    const zf_cat_use_t *item;
    int expect;
    const char *code;
} uses[] = {
    {"U01", "township_officer", &delegated, 0, ""},
    {"U02", "township_officer", &kept, ZF_EPERM, "catalogue.not_delegated"},
    {"U03", "officer", &kept, 0, ""},
    {"U04", "officer", &delegated, 0, ""},
    {"U05", "section_head", &kept, 0, ""},
    {"U06", "bureau_leader", &kept, 0, ""},
    {"U07", "auxiliary", &delegated, ZF_EPERM, "perm.denied"},
    {"U08", "city_supervisor", &delegated, ZF_EPERM, "perm.denied"},
    {"U09", "admin", &kept, ZF_EPERM, "perm.denied"},
    {"U10", "legal_reviewer", &kept, ZF_EPERM, "perm.denied"},
    {"U11", "officer", &no_basis, ZF_EINVAL, "catalogue.no_legal_basis"},
    {"U12", "nobody", &delegated, ZF_EPERM, "perm.denied"},
};

static void test_use(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof uses / sizeof uses[0]; i++) {
        zf_error_t err = {0};
        int got = zf_catalogue_check_use(uses[i].role, uses[i].item, &err);
        if (got != uses[i].expect)
            fail_msg("%s: %s on %s → %d, expected %d", uses[i].id, uses[i].role, uses[i].item->code,
                     got, uses[i].expect);
        if (got) assert_string_equal(err.code, uses[i].code);
    }
}

static void test_refusal_cites_plan(void **state) {
    (void)state;
    zf_error_t err = {0};
    assert_int_equal(zf_catalogue_check_use("township_officer", &kept, &err), ZF_EPERM);
    assert_int_equal(err.status, 403);
    assert_non_null(strstr(err.message, "未委托乡镇（街道）"));
    assert_non_null(strstr(err.message, "二（二）2"));
    assert_non_null(strstr(err.message, "AQ-114-01"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_force),
        cmocka_unit_test(test_use),
        cmocka_unit_test(test_refusal_cites_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
