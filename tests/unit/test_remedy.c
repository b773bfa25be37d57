/* Unit tests for core/remedy: the outcome list (configuration), the paused
 * spans of 行政处罚法 第73条第3款 at their first and last day, and the
 * application to the court of 行政强制法 第53条 on the shipped 2025–2026
 * calendar (a pending remedy, a review decision, a suit, a revoking outcome,
 * a due day rolled past the National Day holiday, a due day in 2027 that has
 * no calendar). Stable IDs: O (outcomes), P (paused spans), E (enforcement). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/remedy.h"

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

/* the list migration 033 seeds (keep in step with it) */
static const char *const SEEDED =
    "upheld:stands:r:维持 rejected:stands:rl:驳回 changed:changed:rl:变更 "
    "partly_revoked:changed:rl:部分撤销 revoked:voids:rl:撤销 invalid:voids:rl:确认无效 "
    "illegal:holds:rl:确认违法 withdrawn:withdrawn:rl:撤回申请（撤诉）";

static void test_outcomes(void **state) {
    (void)state;
    zf_remedy_outcome_t o[ZF_REMEDY_MAX_OUTCOMES];
    size_t n = 0;
    zf_error_t err = {0};
    /* O01: the seeded list parses, each with its effect */
    assert_int_equal(zf_remedy_outcomes_parse(SEEDED, o, ZF_REMEDY_MAX_OUTCOMES, &n, &err), 0);
    assert_int_equal(n, 8);
    const zf_remedy_outcome_t *r = zf_remedy_outcome_find(o, n, "revoked", "litigation");
    assert_non_null(r);
    assert_int_equal(r->effect, ZF_REMEDY_VOIDS);
    assert_string_equal(r->name, "撤销");
    /* O02: 维持 is a review outcome only (a court 驳回s, 行政诉讼法 第69条) */
    assert_non_null(zf_remedy_outcome_find(o, n, "upheld", "reconsideration"));
    assert_null(zf_remedy_outcome_find(o, n, "upheld", "litigation"));
    assert_null(zf_remedy_outcome_find(o, n, "nonsense", "litigation"));
    /* O03–O06: refused lists name the entry */
    static const char *const bad[] = {"upheld:stands:r",
                                      "upheld:maybe:r:维持",
                                      "upheld:stands:x:维持",
                                      "a:stands:r:甲 a:voids:r:乙",
                                      "",
                                      "Upheld:stands:r:维持"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        zf_error_t e = {0};
        if (zf_remedy_outcomes_parse(bad[i], o, ZF_REMEDY_MAX_OUTCOMES, &n, &e) != ZF_EINVAL)
            fail_msg("O%02zu: accepted %s", i + 3, bad[i]);
        assert_string_equal(e.code, "input.invalid");
        assert_string_equal(e.field, "value");
    }
}

/* P: a fine of 100.00 元 due 2026-03-31, paid 2026-04-10 → 10 late days
 * (04-01 … 04-10). A review applied on 04-03 and decided on 04-05 pauses
 * three of them: 04-03, 04-04 and 04-05 — the day of application and the
 * day of decision are not counted (remedy.h: the reading for the party). */
static void test_spans(void **state) {
    (void)state;
    zf_error_t err = {0};
    zf_surcharge_t s;
    zf_span_t sp[4];
    zf_remedy_t r = {0, day("2026-04-03"), day("2026-04-05"), ZF_REMEDY_STANDS, "维持"};
    size_t k = zf_remedy_spans(&r, 1, day("2026-11-28"), sp, 4);
    assert_int_equal(k, 1);
    assert_int_equal(sp[0].from, day("2026-04-03"));
    assert_int_equal(sp[0].to, day("2026-04-05"));
    /* P01: 3 days paused, 7 counted: 100 × 3% × 7 = 21.00 元 */
    assert_int_equal(zf_surcharge(10000, day("2026-03-31"), day("2026-04-10"), sp, k, &s, &err), 0);
    assert_int_equal(s.late_days, 10);
    assert_int_equal(s.paused_days, 3);
    assert_int_equal(s.counted_days, 7);
    assert_int_equal(s.surcharge_fen, 2100);
    /* P02: the first day of the span — applied on the first late day, paid
     * on it: nothing to add */
    r.applied_on = r.decided_on = day("2026-04-01");
    k = zf_remedy_spans(&r, 1, day("2026-11-28"), sp, 4);
    assert_int_equal(zf_surcharge(10000, day("2026-03-31"), day("2026-04-01"), sp, k, &s, &err), 0);
    assert_int_equal(s.counted_days, 0);
    assert_int_equal(s.surcharge_fen, 0);
    /* P03: the last day of the span is paused, the day after it counts */
    r.applied_on = day("2026-04-02");
    r.decided_on = day("2026-04-06");
    k = zf_remedy_spans(&r, 1, day("2026-11-28"), sp, 4);
    assert_int_equal(zf_surcharge(10000, day("2026-03-31"), day("2026-04-06"), sp, k, &s, &err), 0);
    assert_int_equal(s.counted_days, 1); /* 04-01 only */
    assert_int_equal(zf_surcharge(10000, day("2026-03-31"), day("2026-04-07"), sp, k, &s, &err), 0);
    assert_int_equal(s.counted_days, 2); /* 04-01 and 04-07 */
    /* P04: a pending remedy pauses up to today */
    r.decided_on = ZF_DAY_NONE;
    k = zf_remedy_spans(&r, 1, day("2026-04-20"), sp, 4);
    assert_int_equal(k, 1);
    assert_int_equal(sp[0].to, day("2026-04-20"));
    assert_int_equal(zf_surcharge(10000, day("2026-03-31"), day("2026-04-20"), sp, k, &s, &err), 0);
    assert_int_equal(s.counted_days, 1);
    /* P05: review then suit: two spans, the days between them count */
    zf_remedy_t two[2] = {{0, day("2026-04-02"), day("2026-04-05"), ZF_REMEDY_STANDS, "维持"},
                          {1, day("2026-04-09"), ZF_DAY_NONE, ZF_REMEDY_STANDS, NULL}};
    k = zf_remedy_spans(two, 2, day("2026-04-12"), sp, 4);
    assert_int_equal(k, 2);
    assert_int_equal(zf_surcharge(10000, day("2026-03-31"), day("2026-04-12"), sp, k, &s, &err), 0);
    assert_int_equal(s.counted_days, 4); /* 04-01, 04-06, 04-07, 04-08 */
    /* P06: a remedy applied after today gives no span */
    two[0].applied_on = day("2026-05-01");
    two[0].decided_on = ZF_DAY_NONE;
    assert_int_equal(zf_remedy_spans(two, 1, day("2026-04-12"), sp, 4), 0);
}

static void due_is(const char *id, zf_day_t served, int on_spot, const zf_remedy_t *r, size_t n,
                   zf_enforce_status_t st, const char *end, const char *due) {
    zf_enforce_t e;
    zf_error_t err = {0};
    zf_dl_config_t cfg = ZF_DL_CONFIG_DEFAULT;
    if (zf_remedy_enforcement(&cal, &cfg, served, on_spot, r, n, &e, &err) != 0)
        fail_msg("%s: %s", id, err.message);
    if (e.status != st) fail_msg("%s: status %d, want %d (%s)", id, e.status, st, e.basis);
    char d[11] = "";
    if (end) {
        zf_day_format(e.period_end, d);
        if (strcmp(d, end)) fail_msg("%s: period end %s, want %s", id, d, end);
    }
    if (due) {
        zf_day_format(e.due, d);
        if (strcmp(d, due)) fail_msg("%s: due %s, want %s", id, d, due);
    } else if (e.due != ZF_DAY_NONE) {
        fail_msg("%s: a due day while %s", id, e.basis);
    }
    if (!e.basis[0]) fail_msg("%s: no basis", id);
}

static void test_enforcement(void **state) {
    (void)state;
    zf_day_t served = day("2026-03-10");
    /* E01: no remedy: 6 months to sue (2026-09-10) beat 60 days to review,
     * + 3 months = 2026-12-10 */
    due_is("E01", served, 0, NULL, 0, ZF_ENFORCE_DUE, "2026-09-10", "2026-12-10");
    /* E02: on the spot, review first: 60 days = 2026-05-09, the working
     * Saturday (劳动节调休上班) stays; + 3 months = Sunday 08-09 → 08-10 */
    due_is("E02", served, 1, NULL, 0, ZF_ENFORCE_DUE, "2026-05-09", "2026-08-10");
    /* E03: review pending: no due day, whatever the dates */
    zf_remedy_t r[2] = {{0, day("2026-04-01"), ZF_DAY_NONE, ZF_REMEDY_STANDS, NULL}};
    due_is("E03", served, 0, r, 1, ZF_ENFORCE_PENDING, NULL, NULL);
    /* E04: review upheld, served 2026-06-15: 15 days to sue (06-30), then
     * 3 months: 09-30 — earlier than without the review (第45条 replaces
     * the 6 months) */
    r[0].decided_on = day("2026-06-15");
    r[0].outcome_name = "维持";
    due_is("E04", served, 0, r, 1, ZF_ENFORCE_DUE, "2026-06-30", "2026-09-30");
    /* E05: one day later: 07-01 + 3 months = 10-01, National Day → 10-08 */
    r[0].decided_on = day("2026-06-16");
    due_is("E05", served, 0, r, 1, ZF_ENFORCE_DUE, "2026-07-01", "2026-10-08");
    /* E06: changed (变更) runs like upheld */
    r[0].effect = ZF_REMEDY_CHANGED;
    due_is("E06", served, 0, r, 1, ZF_ENFORCE_DUE, "2026-07-01", "2026-10-08");
    /* E07: revoked: blocked, and says so */
    r[0].effect = ZF_REMEDY_VOIDS;
    r[0].outcome_name = "撤销";
    zf_enforce_t e;
    zf_error_t err = {0};
    zf_dl_config_t cfg = ZF_DL_CONFIG_DEFAULT;
    assert_int_equal(zf_remedy_enforcement(&cal, &cfg, served, 0, r, 1, &e, &err), 0);
    assert_int_equal(e.status, ZF_ENFORCE_BLOCKED);
    assert_string_equal(e.code, "remedy.voids_decision");
    assert_non_null(strstr(e.basis, "撤销"));
    assert_non_null(strstr(e.basis, "不得申请人民法院强制执行"));
    /* E08: a review revoked, even with a later suit pending: blocked */
    r[1] = (zf_remedy_t){1, day("2026-06-20"), ZF_DAY_NONE, ZF_REMEDY_STANDS, NULL};
    due_is("E08", served, 0, r, 2, ZF_ENFORCE_BLOCKED, NULL, NULL);
    /* E09: 确认违法 holds */
    r[0].effect = ZF_REMEDY_HOLDS;
    r[0].outcome_name = "确认违法";
    assert_int_equal(zf_remedy_enforcement(&cal, &cfg, served, 0, r, 1, &e, &err), 0);
    assert_string_equal(e.code, "remedy.holds_execution");
    /* E10: review upheld 06-15, suit filed 06-25 and judged (驳回) in force
     * 07-20: the suit ends the period on that day; + 3 months = 10-20 */
    r[0] = (zf_remedy_t){0, day("2026-04-01"), day("2026-06-15"), ZF_REMEDY_STANDS, "维持"};
    r[1] = (zf_remedy_t){1, day("2026-06-25"), day("2026-07-20"), ZF_REMEDY_STANDS, "驳回"};
    due_is("E10", served, 0, r, 2, ZF_ENFORCE_DUE, "2026-07-20", "2026-10-20");
    /* E11: suit pending after the review: pending */
    r[1].decided_on = ZF_DAY_NONE;
    due_is("E11", served, 0, r, 2, ZF_ENFORCE_PENDING, NULL, NULL);
    /* E12: review withdrawn on 04-20: the original 6 months still run */
    r[0] = (zf_remedy_t){0, day("2026-04-01"), day("2026-04-20"), ZF_REMEDY_WITHDRAWN, "撤回"};
    due_is("E12", served, 0, r, 1, ZF_ENFORCE_DUE, "2026-09-10", "2026-12-10");
    /* E13: not served: nothing runs */
    due_is("E13", ZF_DAY_NONE, 0, NULL, 0, ZF_ENFORCE_UNKNOWN, NULL, NULL);
    /* E14: a judgment in force 2026-11-20: 2027-02-20 lies in a year the
     * calendar lacks — flagged (calendar.year_missing), never guessed */
    r[0] = (zf_remedy_t){1, day("2026-04-01"), day("2026-11-20"), ZF_REMEDY_STANDS, "驳回"};
    memset(&err, 0, sizeof err);
    assert_int_not_equal(zf_remedy_enforcement(&cal, &cfg, served, 0, r, 1, &e, &err), 0);
    assert_string_equal(err.code, "calendar.year_missing");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outcomes),
        cmocka_unit_test(test_spans),
        cmocka_unit_test(test_enforcement),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
