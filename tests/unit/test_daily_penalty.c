/* Unit tests for 安全生产法 第112条 按日连续处罚 (core/daily_penalty.h):
 * from the day after the order, to the re-inspection that found the refusal,
 * the original fine a day, no cap (DP01 …); every unmet condition named at
 * once (DP05). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/daily_penalty.h"

static zf_day_t d(const char *s) {
    zf_day_t x;
    assert_int_equal(zf_day_parse(s, &x), 0);
    return x;
}

static zf_dp_input_t good(void) {
    return (zf_dp_input_t){.decided = 1,
                           .fine_fen = 3000000, /* 3万 */
                           .same_enterprise = 1,
                           .ordered_on = d("2026-03-02"),
                           .reinspected_on = d("2026-03-12"),
                           .refused = 1,
                           .until = ZF_DAY_NONE};
}

/* DP01: 3月2日 ordered, refusal found on 3月12日: 3日…12日 = 10 days, 30万 */
static void test_days(void **state) {
    (void)state;
    zf_dp_input_t in = good();
    zf_dp_result_t r;
    zf_error_t err = {0};
    assert_int_equal(zf_dp_check(&in, &r, &err), 0);
    assert_int_equal(r.from, d("2026-03-03"));
    assert_int_equal(r.until, d("2026-03-12"));
    assert_int_equal(r.days, 10);
    assert_int_equal(r.total_fen, 30000000);
}

/* DP02: natural days, no cap — holidays count, and the sum passes the fine */
static void test_no_cap(void **state) {
    (void)state;
    zf_dp_input_t in = good();
    in.ordered_on = d("2026-09-30");
    in.reinspected_on = d("2026-10-09"); /* across National Day */
    zf_dp_result_t r;
    zf_error_t err = {0};
    assert_int_equal(zf_dp_check(&in, &r, &err), 0);
    assert_int_equal(r.days, 9);
    assert_int_equal(r.total_fen, 9 * 3000000);
}

/* DP03: an earlier last day may be chosen, a later one may not (no evidence) */
static void test_until(void **state) {
    (void)state;
    zf_dp_input_t in = good();
    in.until = d("2026-03-05");
    zf_dp_result_t r;
    zf_error_t err = {0};
    assert_int_equal(zf_dp_check(&in, &r, &err), 0);
    assert_int_equal(r.days, 3);
    in.until = d("2026-03-13");
    assert_int_equal(zf_dp_check(&in, &r, &err), ZF_EINVAL);
    assert_string_equal(err.code, "daily_penalty.conditions");
    assert_non_null(strstr(err.message, "不能晚于认定拒不改正的复查日期"));
}

/* DP04: the re-inspection on the order's own day: no day after it yet */
static void test_same_day(void **state) {
    (void)state;
    zf_dp_input_t in = good();
    in.reinspected_on = in.ordered_on;
    zf_dp_result_t r;
    zf_error_t err = {0};
    assert_int_equal(zf_dp_check(&in, &r, &err), ZF_EINVAL);
    assert_non_null(strstr(err.message, "应晚于责令改正之日"));
}

/* DP05: no fine, another party, not re-inspected: all three named at once */
static void test_all_reasons(void **state) {
    (void)state;
    zf_dp_input_t in = good();
    in.decided = 0;
    in.fine_fen = 0;
    in.same_enterprise = 0;
    in.reinspected_on = ZF_DAY_NONE;
    in.refused = 0;
    zf_dp_result_t r;
    zf_error_t err = {0};
    assert_int_equal(zf_dp_check(&in, &r, &err), ZF_EINVAL);
    assert_int_equal(err.status, 422);
    assert_non_null(strstr(err.message, "未作出罚款处罚决定"));
    assert_non_null(strstr(err.message, "不是本案当事单位"));
    assert_non_null(strstr(err.message, "尚未复查"));
}

/* DP06: a re-inspection that passed is no refusal */
static void test_passed(void **state) {
    (void)state;
    zf_dp_input_t in = good();
    in.refused = 0;
    zf_dp_result_t r;
    zf_error_t err = {0};
    assert_int_equal(zf_dp_check(&in, &r, &err), ZF_EINVAL);
    assert_non_null(strstr(err.message, "不构成拒不改正"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days),        cmocka_unit_test(test_no_cap),
        cmocka_unit_test(test_until),       cmocka_unit_test(test_same_day),
        cmocka_unit_test(test_all_reasons), cmocka_unit_test(test_passed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
