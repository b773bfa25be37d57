/* Unit tests for core/instalment: the schedule's checks (each refusal names
 * its field), the allocation of payments to instalments in order (payments
 * given out of order, a payment spanning two instalments, what was paid
 * before the schedule, an overpayment), each instalment's status on a day,
 * and the surcharge under both configured bases (行政处罚法 第66条、第72条).
 * Stable IDs INS-nn. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/instalment.h"

static zf_day_t day(const char *s) {
    zf_day_t d = 0;
    if (zf_day_parse(s, &d) != 0) fail_msg("bad test date %s", s);
    return d;
}

/* three instalments: 1000.00 on 03-31, 1000.00 on 04-30, 500.00 on 05-31 */
static zf_instalment_t sched[3];
static int setup(void **state) {
    (void)state;
    sched[0] = (zf_instalment_t){100000, day("2026-03-31")};
    sched[1] = (zf_instalment_t){100000, day("2026-04-30")};
    sched[2] = (zf_instalment_t){50000, day("2026-05-31")};
    return 0;
}

/* INS-01…06: the checks, each with its field */
static void test_check(void **state) {
    (void)state;
    zf_error_t e = {0};
    zf_day_t applied = day("2026-03-01");
    assert_int_equal(zf_instalments_check(sched, 3, 250000, applied, &e), 0);
    /* INS-01 sum differs: both amounts in the message */
    assert_int_equal(zf_instalments_check(sched, 3, 250001, applied, &e), ZF_EINVAL);
    assert_string_equal(e.code, "instalment.sum");
    assert_string_equal(e.field, "instalments");
    assert_non_null(strstr(e.message, "2500.00"));
    assert_non_null(strstr(e.message, "2500.01"));
    /* INS-02 one instalment is a deferral, not a schedule */
    assert_int_equal(zf_instalments_check(sched, 1, 100000, applied, &e), ZF_EINVAL);
    assert_string_equal(e.field, "instalments");
    /* INS-03 a zero amount names its instalment */
    zf_instalment_t bad[3];
    memcpy(bad, sched, sizeof bad);
    bad[1].amount_fen = 0;
    assert_int_equal(zf_instalments_check(bad, 3, 150000, applied, &e), ZF_EINVAL);
    assert_string_equal(e.field, "instalments[1].amount_fen");
    assert_non_null(strstr(e.message, "第2期"));
    /* INS-04 due days must increase */
    memcpy(bad, sched, sizeof bad);
    bad[2].due = bad[1].due;
    assert_int_equal(zf_instalments_check(bad, 3, 250000, applied, &e), ZF_EINVAL);
    assert_string_equal(e.field, "instalments[2].due_on");
    /* INS-05 the first not before the application */
    assert_int_equal(zf_instalments_check(sched, 3, 250000, day("2026-04-01"), &e), ZF_EINVAL);
    assert_string_equal(e.field, "instalments[0].due_on");
    /* INS-06 on the application day itself is allowed */
    assert_int_equal(zf_instalments_check(sched, 3, 250000, day("2026-03-31"), &e), 0);
}

/* INS-10: payments given out of date order are applied by date; one
 * payment completes the first and part of the second instalment */
static void test_allocate_in_order(void **state) {
    (void)state;
    zf_inst_payment_t p[] = {{70000, day("2026-04-20")}, {130000, day("2026-03-30")}};
    zf_instalment_state_t st[3];
    zf_instalment_totals_t t;
    zf_error_t e = {0};
    assert_int_equal(zf_instalments_allocate(sched, 3, p, 2, 0, 250000, day("2026-05-10"),
                                             ZF_INST_BASE_INSTALMENT, st, &t, &e),
                     0);
    assert_int_equal(st[0].paid_fen, 100000);
    assert_int_equal(st[0].paid_on, day("2026-03-30"));
    assert_int_equal(st[0].status, ZF_INST_PAID);
    assert_int_equal(st[1].paid_fen, 100000); /* 30000 on 03-30 + 70000 on 04-20 */
    assert_int_equal(st[1].paid_on, day("2026-04-20"));
    assert_int_equal(st[1].status, ZF_INST_PAID);
    assert_int_equal(st[2].paid_fen, 0);
    assert_int_equal(st[2].status, ZF_INST_PENDING);
    assert_int_equal(t.paid_fen, 200000);
    assert_int_equal(t.next, 2);
    assert_int_equal(t.overdue, 0);
    assert_int_equal(t.surcharge_fen, 0);
}

/* INS-11: what was paid before the schedule is not counted twice */
static void test_prior(void **state) {
    (void)state;
    zf_inst_payment_t p[] = {{40000, day("2026-02-20")}, {100000, day("2026-03-31")}};
    zf_instalment_state_t st[3];
    zf_instalment_totals_t t;
    zf_error_t e = {0};
    assert_int_equal(zf_instalments_allocate(sched, 3, p, 2, 40000, 290000, day("2026-04-01"),
                                             ZF_INST_BASE_INSTALMENT, st, &t, &e),
                     0);
    assert_int_equal(st[0].status, ZF_INST_PAID);
    assert_int_equal(st[0].paid_on, day("2026-03-31")); /* on its due day: on time */
    assert_int_equal(st[1].paid_fen, 0);
    assert_int_equal(t.paid_fen, 100000);
}

/* INS-12: an instalment unpaid after its due day is overdue; the surcharge
 * on the instalment base runs on its amount only, 3% a day, to today */
static void test_overdue_instalment_base(void **state) {
    (void)state;
    zf_inst_payment_t p[] = {{100000, day("2026-03-31")}, {20000, day("2026-04-29")}};
    zf_instalment_state_t st[3];
    zf_instalment_totals_t t;
    zf_error_t e = {0};
    /* 2026-05-03: the second is 3 days late (05-01, 05-02, 05-03) */
    assert_int_equal(zf_instalments_allocate(sched, 3, p, 2, 0, 250000, day("2026-05-03"),
                                             ZF_INST_BASE_INSTALMENT, st, &t, &e),
                     0);
    assert_int_equal(st[1].status, ZF_INST_OVERDUE);
    assert_int_equal(st[1].paid_fen, 20000);
    assert_int_equal(st[1].late_days, 3);
    assert_int_equal(st[1].surcharge_fen, 100000 * 3 * 3 / 100);
    assert_int_equal(st[2].status, ZF_INST_PENDING);
    assert_int_equal(t.overdue, 1);
    assert_int_equal(t.next, 1);
    assert_int_equal(t.surcharge_fen, 9000);
    /* INS-13 paid late: the surcharge stops on the completing payment */
    zf_inst_payment_t q[] = {{100000, day("2026-03-31")}, {100000, day("2026-05-02")}};
    assert_int_equal(zf_instalments_allocate(sched, 3, q, 2, 0, 250000, day("2026-05-20"),
                                             ZF_INST_BASE_INSTALMENT, st, &t, &e),
                     0);
    assert_int_equal(st[1].status, ZF_INST_PAID_LATE);
    assert_int_equal(st[1].late_days, 2);
    assert_int_equal(t.surcharge_fen, 6000);
    assert_int_equal(t.overdue, 0);
}

/* INS-14: on the fine base the whole fine carries 3% a day from the first
 * missed due day, capped at the fine */
static void test_fine_base(void **state) {
    (void)state;
    zf_inst_payment_t p[] = {{100000, day("2026-03-31")}};
    zf_instalment_state_t st[3];
    zf_instalment_totals_t t;
    zf_error_t e = {0};
    assert_int_equal(zf_instalments_allocate(sched, 3, p, 1, 0, 250000, day("2026-05-03"),
                                             ZF_INST_BASE_FINE, st, &t, &e),
                     0);
    assert_int_equal(t.late_days, 3);
    assert_int_equal(t.surcharge_fen, 250000 * 9 / 100);
    assert_int_equal(st[1].surcharge_fen, 0);
    /* 40 days later: capped at the fine */
    assert_int_equal(zf_instalments_allocate(sched, 3, p, 1, 0, 250000, day("2026-06-15"),
                                             ZF_INST_BASE_FINE, st, &t, &e),
                     0);
    assert_int_equal(t.surcharge_fen, 250000);
    assert_int_equal(t.capped, 1);
    assert_int_equal(t.overdue, 2);
}

/* INS-15: an overpayment is reported, not lost; INS-16 the base names */
static void test_excess_and_names(void **state) {
    (void)state;
    zf_inst_payment_t p[] = {{260000, day("2026-03-01")}};
    zf_instalment_state_t st[3];
    zf_instalment_totals_t t;
    zf_error_t e = {0};
    assert_int_equal(zf_instalments_allocate(sched, 3, p, 1, 0, 250000, day("2026-03-02"),
                                             ZF_INST_BASE_INSTALMENT, st, &t, &e),
                     0);
    assert_int_equal(t.excess_fen, 10000);
    assert_int_equal(t.next, 3);
    assert_int_equal(st[2].status, ZF_INST_PAID);
    zf_inst_base_t b;
    assert_int_equal(zf_inst_base_parse("fine", &b), 0);
    assert_int_equal(b, ZF_INST_BASE_FINE);
    assert_int_equal(zf_inst_base_parse("instalment", &b), 0);
    assert_int_equal(b, ZF_INST_BASE_INSTALMENT);
    assert_int_equal(zf_inst_base_parse("whole", &b), -1);
    assert_string_equal(zf_inst_status_code(ZF_INST_OVERDUE), "overdue");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_check, setup),
        cmocka_unit_test_setup(test_allocate_in_order, setup),
        cmocka_unit_test_setup(test_prior, setup),
        cmocka_unit_test_setup(test_overdue_instalment_base, setup),
        cmocka_unit_test_setup(test_fine_base, setup),
        cmocka_unit_test_setup(test_excess_and_names, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
