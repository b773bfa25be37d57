/* test_transfer.c — the transfer table (core/transfer): every step from and
 * only from its states (X01–X11), every guard with its article (G01–G14),
 * the new-transfer checks (N01–N05), the time limits against the real 2026
 * calendar from data/holidays.csv (D01–D10), the 24 hours (H01–H04) and the
 * 移送评估 signal (S01–S04). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "core/arena.h"
#include "core/calendar.h"
#include "core/error.h"
#include "core/transfer.h"

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

static zf_day_t D(const char *s) {
    zf_day_t d;
    assert_int_equal(zf_day_parse(s, &d), 0);
    return d;
}

static zf_transfer_t crim(const char *state) {
    return (zf_transfer_t){.kind = "criminal",
                           .state = state,
                           .agency_kind = "public_security",
                           .copy_agency_kind = "procuratorate",
                           .reason = "书面移送报告",
                           .materials = "移送书；调查报告",
                           .team_counted = 2,
                           .last_on = D("2026-11-02"),
                           .approved_at = ""};
}

static zf_transfer_step_t st(const char *step) {
    return (zf_transfer_step_t){.step = step,
                                .on = D("2026-11-03"),
                                .today = D("2026-11-28"),
                                .text = "理由",
                                .answer = "upheld",
                                .who = "李某",
                                .now = "2026-11-03T02:00:00.000Z"};
}

/* the codes of the blocking findings, joined by spaces */
static const char *codes(const zf_transfer_finding_t *fs, size_t n) {
    static char buf[512];
    buf[0] = 0;
    for (size_t i = 0; i < n; i++) {
        if (!fs[i].blocking) continue;
        if (buf[0]) strncat(buf, " ", sizeof buf - strlen(buf) - 1);
        strncat(buf, fs[i].code, sizeof buf - strlen(buf) - 1);
        /* every finding says where it comes from, in Chinese */
        assert_true(strlen(fs[i].article) > 3);
        assert_true(strlen(fs[i].message) > 3);
    }
    return buf;
}

static void test_table(void **state) {
    (void)state;
    static const struct {
        const char *id, *kind, *from, *step, *answer;
        int rc;
        const char *to;
    } rows[] = {
        {"X01", "administrative", "sent", "receipt", NULL, 0, "received"},
        {"X02", "administrative", "received", "feedback", NULL, 0, "answered"},
        {"X03", "administrative", "sent", "feedback", NULL, 0, "answered"},
        {"X04", "administrative", "answered", "feedback", NULL, ZF_ECONFLICT, NULL},
        {"X05", "administrative", "sent", "approve", NULL, ZF_ECONFLICT, NULL},
        {"X06", "criminal", "proposed", "approve", NULL, 0, "approved"},
        {"X07", "criminal", "proposed", "send", NULL, ZF_ECONFLICT, NULL},
        {"X08", "criminal", "approved", "send", NULL, 0, "police_review"},
        {"X09", "criminal", "reconsidering", "reconsider_answer", "reversed", 0, "accepted"},
        {"X10", "criminal", "upheld", "suggest_supervision", NULL, 0, "supervision"},
        {"X11", "criminal", "accepted", "hand_over", NULL, 0, "handed_over"},
        {"X12", "criminal", "not_accepted", "suggest_supervision", NULL, 0, "supervision"},
        {"X13", "criminal", "handed_over", "hand_over", NULL, ZF_ECONFLICT, NULL},
        {"X14", "criminal", "proposed", "fly", NULL, ZF_ENOTFOUND, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        zf_transfer_t t = crim(rows[i].from);
        t.kind = rows[i].kind;
        zf_transfer_step_t s = st(rows[i].step);
        if (rows[i].answer) s.answer = rows[i].answer;
        zf_transfer_finding_t fs[8];
        size_t nf = 0;
        const char *to = NULL;
        int rc = zf_transfer_check(&t, &s, &to, fs, 8, &nf);
        if (rc != rows[i].rc) fail_msg("%s: rc %d, expected %d", rows[i].id, rc, rows[i].rc);
        if (rows[i].to && (!to || strcmp(to, rows[i].to)))
            fail_msg("%s: to %s, expected %s", rows[i].id, to ? to : "(null)", rows[i].to);
    }
    /* every state has a Chinese name; the final ones are final */
    assert_string_equal(zf_transfer_state_name("police_review"), "公安审查中");
    assert_null(zf_transfer_state_name("nope"));
    assert_true(zf_transfer_state_final("refused"));
    assert_true(zf_transfer_state_final("handed_over"));
    assert_false(zf_transfer_state_final("approved"));
    assert_string_equal(zf_transfer_initial_state("criminal"), "proposed");
    assert_string_equal(zf_transfer_initial_state("administrative"), "sent");
    /* only approve and refuse are the leader's (310号令第5条) */
    for (size_t i = 0; zf_transfer_step_at(i); i++) {
        const zf_transfer_step_info_t *s = zf_transfer_step_at(i);
        int leader = !strcmp(s->code, "approve") || !strcmp(s->code, "refuse");
        if (s->leader != leader) fail_msg("%s: leader %d", s->code, s->leader);
    }
}

static void test_guards(void **state) {
    (void)state;
    static const struct {
        const char *id, *from, *step;
        const char *text, *who, *answer, *on, *copy, *materials;
        const char *want; /* blocking codes */
    } rows[] = {
        {"G01", "proposed", "refuse", "", NULL, NULL, NULL, NULL, NULL, "transfer.refusal_reason"},
        {"G02", "proposed", "refuse", NULL, NULL, NULL, NULL, NULL, NULL,
         "transfer.refusal_reason"},
        {"G03", "approved", "send", NULL, NULL, NULL, NULL, "", NULL, "transfer.copy_missing"},
        {"G04", "approved", "send", NULL, NULL, NULL, NULL, "market", "",
         "transfer.materials_missing transfer.copy_missing"},
        {"G05", "police_review", "police_refuse", "", NULL, NULL, NULL, NULL, NULL,
         "transfer.police_reason"},
        {"G06", "not_accepted", "reconsider", "", NULL, NULL, NULL, NULL, NULL,
         "transfer.reconsider_reason"},
        {"G07", "reconsidering", "reconsider_answer", NULL, NULL, "maybe", NULL, NULL, NULL,
         "transfer.answer_invalid"},
        {"G08", "upheld", "suggest_supervision", "", NULL, NULL, NULL, NULL, NULL,
         "transfer.supervision_text"},
        {"G09", "accepted", "hand_over", "", NULL, NULL, NULL, NULL, NULL,
         "transfer.items_missing"},
        {"G10", "accepted", "hand_over", "物品", NULL, NULL, "2026-11-01", NULL, NULL,
         "transfer.date_order"},
        {"G11", "accepted", "hand_over", "物品", NULL, NULL, "2026-11-29", NULL, NULL,
         "transfer.date_future"},
        {"G12", "accepted", "hand_over", "物品", NULL, NULL, "", NULL, NULL,
         "transfer.date_missing"},
        {"G13", "proposed", "approve", NULL, NULL, NULL, "2026-11-02", NULL, NULL, ""},
        {"G14", "accepted", "hand_over", "物品", NULL, NULL, "2026-11-28", NULL, NULL, ""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        zf_transfer_t t = crim(rows[i].from);
        if (rows[i].copy) t.copy_agency_kind = rows[i].copy;
        if (rows[i].materials) t.materials = rows[i].materials;
        zf_transfer_step_t s = st(rows[i].step);
        s.text = rows[i].text;
        if (rows[i].answer) s.answer = rows[i].answer;
        if (rows[i].on) s.on = *rows[i].on ? D(rows[i].on) : ZF_DAY_NONE;
        zf_transfer_finding_t fs[8];
        size_t nf = 0;
        const char *to = NULL;
        int rc = zf_transfer_check(&t, &s, &to, fs, 8, &nf);
        const char *got = codes(fs, nf);
        if (strcmp(got, rows[i].want) != 0)
            fail_msg("%s: findings \"%s\", expected \"%s\"", rows[i].id, got, rows[i].want);
        assert_int_equal(rc, *rows[i].want ? ZF_EINVAL : 0);
    }
    /* a late handover is recorded, with a warning (第5条: 24 hours) */
    zf_transfer_t t = crim("approved");
    t.approved_at = "2026-11-02T09:00:00.000Z";
    zf_transfer_step_t s = st("send");
    s.now = "2026-11-03T09:00:01.000Z";
    zf_transfer_finding_t fs[8];
    size_t nf = 0;
    const char *to = NULL;
    assert_int_equal(zf_transfer_check(&t, &s, &to, fs, 8, &nf), 0);
    assert_int_equal(nf, 1);
    assert_string_equal(fs[0].code, "transfer.handover_late");
    assert_false(fs[0].blocking);
    s.now = "2026-11-03T09:00:00.000Z"; /* exactly 24 hours: in time */
    assert_int_equal(zf_transfer_check(&t, &s, &to, fs, 8, &nf), 0);
    assert_int_equal(nf, 0);
}

static void test_new(void **state) {
    (void)state;
    zf_transfer_finding_t fs[8];
    size_t nf = 0;
    zf_transfer_t t = crim(NULL);
    /* N01 a good proposal */
    assert_int_equal(zf_transfer_check_new(&t, D("2026-11-02"), D("2026-11-28"), fs, 8, &nf), 0);
    /* N02 专案组 of one, no report, not to the police (第5条) */
    t.team_counted = 1;
    t.reason = "";
    t.agency_kind = "market";
    assert_int_equal(zf_transfer_check_new(&t, D("2026-11-02"), D("2026-11-28"), fs, 8, &nf),
                     ZF_EINVAL);
    assert_string_equal(
        codes(fs, nf),
        "transfer.team_too_small transfer.report_missing transfer.agency_not_police");
    /* N03 an administrative transfer to the police is refused */
    zf_transfer_t a = {.kind = "administrative",
                       .agency_kind = "public_security",
                       .reason = "r",
                       .materials = "m",
                       .copy_agency_kind = ""};
    assert_int_equal(zf_transfer_check_new(&a, D("2026-11-02"), D("2026-11-28"), fs, 8, &nf),
                     ZF_EINVAL);
    assert_string_equal(codes(fs, nf), "transfer.agency_criminal");
    /* N04 reason and materials (安全生产法第69条: 形成记录备查) */
    a.agency_kind = "market";
    a.reason = "";
    a.materials = NULL;
    assert_int_equal(zf_transfer_check_new(&a, D("2026-11-02"), D("2026-11-28"), fs, 8, &nf),
                     ZF_EINVAL);
    assert_string_equal(codes(fs, nf), "transfer.reason_missing transfer.materials_missing");
    /* N05 not in the future */
    a.reason = "r";
    a.materials = "m";
    assert_int_equal(zf_transfer_check_new(&a, D("2026-11-29"), D("2026-11-28"), fs, 8, &nf),
                     ZF_EINVAL);
    assert_string_equal(codes(fs, nf), "transfer.date_future");
}

static void test_due(void **state) {
    (void)state;
    static const struct {
        const char *id, *kind, *state, *from;
        int feedback, roll, workdays;
        const char *rule, *due;
    } rows[] = {
        /* 第5条: 3 natural days; 09-30 + 3 = 10-03 in 国庆 → 10-08 */
        {"D01", "criminal", "proposed", "2026-09-30", 30, 1, 0, "transfer_decision", "2026-10-08"},
        /* the switch: 3 working days from 09-30 (10-09, 10-10 调休, 10-12) */
        {"D02", "criminal", "proposed", "2026-09-30", 30, 1, 1, "transfer_decision", "2026-10-10"},
        /* 第8条: from a Thursday over the weekend */
        {"D03", "criminal", "police_review", "2026-10-15", 30, 1, 0, "transfer_police_review",
         "2026-10-19"},
        {"D04", "criminal", "police_review", "2026-10-15", 30, 0, 0, "transfer_police_review",
         "2026-10-18"},
        /* 第9条 three times, 第12条 */
        {"D05", "criminal", "not_accepted", "2026-10-19", 30, 1, 0, "transfer_reconsideration",
         "2026-10-22"},
        {"D06", "criminal", "reconsidering", "2026-10-21", 30, 1, 0,
         "transfer_reconsideration_answer", "2026-10-26"},
        {"D07", "criminal", "upheld", "2026-10-23", 30, 1, 0, "transfer_supervision", "2026-10-26"},
        {"D08", "criminal", "accepted", "2026-11-04", 30, 1, 0, "transfer_items_handover",
         "2026-11-09"},
        /* 本系统配置: 30 natural days from the sending, rolled past 国庆 */
        {"D09", "administrative", "sent", "2026-09-01", 30, 1, 0, "transfer_feedback",
         "2026-10-08"},
        {"D10", "administrative", "received", "2026-09-01", 15, 1, 0, "transfer_feedback",
         "2026-09-16"},
        /* final states run no limit */
        {"D11", "criminal", "supervision", "2026-10-23", 30, 1, 0, "", NULL},
        {"D12", "administrative", "answered", "2026-10-23", 30, 1, 0, "", NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        zf_dl_config_t dl = ZF_DL_CONFIG_DEFAULT;
        dl.roll_forward = rows[i].roll;
        dl.transfer_workdays = rows[i].workdays;
        zf_transfer_due_t due;
        zf_error_t err = {0};
        int rc = zf_transfer_next_due(rows[i].kind, rows[i].state, D(rows[i].from), "",
                                      rows[i].feedback, &cal, &dl, &due, &err);
        if (rc) fail_msg("%s: rc %d %s", rows[i].id, rc, err.message);
        if (strcmp(due.rule, rows[i].rule)) fail_msg("%s: rule %s", rows[i].id, due.rule);
        char got[11] = "";
        if (due.due != ZF_DAY_NONE) zf_day_format(due.due, got);
        if (strcmp(got, rows[i].due ? rows[i].due : ""))
            fail_msg("%s: due %s, expected %s", rows[i].id, got, rows[i].due);
        if (rows[i].due) assert_true(strstr(due.article, "第") != NULL);
    }
}

static void test_24h(void **state) {
    (void)state;
    char out[32];
    /* H01 morning UTC: same local day + 1 */
    assert_int_equal(zf_transfer_plus_24h("2026-11-02T09:00:00.000Z", out), D("2026-11-03"));
    assert_string_equal(out, "2026-11-03T09:00:00.000Z");
    /* H02 16:30 UTC is 00:30 next day in Shanghai: the local due day is two days on */
    assert_int_equal(zf_transfer_plus_24h("2026-12-31T16:30:00Z", out), D("2027-01-02"));
    assert_string_equal(out, "2027-01-01T16:30:00Z");
    /* H03 not an instant */
    assert_int_equal(zf_transfer_plus_24h("2026-11-02", out), ZF_DAY_NONE);
    assert_int_equal(zf_transfer_plus_24h("2026-02-30T01:00:00Z", out), ZF_DAY_NONE);
    /* H04 via the limit of the approved state */
    zf_transfer_due_t due;
    zf_error_t err = {0};
    zf_dl_config_t dl = ZF_DL_CONFIG_DEFAULT;
    assert_int_equal(zf_transfer_next_due("criminal", "approved", D("2026-11-02"),
                                          "2026-11-02T09:00:00.000Z", 30, &cal, &dl, &due, &err),
                     0);
    assert_string_equal(due.rule, "transfer_handover");
    assert_string_equal(due.due_at, "2026-11-03T09:00:00.000Z");
    assert_int_equal(due.due, D("2026-11-03"));
}

static void test_signal(void **state) {
    (void)state;
    const char *list = "AQ-099-04 AQ-102-02 AQ-113-01 XK-019-01";
    const char *v1[] = {"AQ-099-01", "AQ-099-04", "XK-019-01"};
    size_t hit[3];
    /* S01 two of three */
    assert_int_equal(zf_transfer_signal(list, v1, 3, hit), 2);
    assert_int_equal(hit[0], 1);
    assert_int_equal(hit[1], 2);
    /* S02 none; a prefix is no match */
    const char *v2[] = {"AQ-099-0", "AQ-099-041", ""};
    assert_int_equal(zf_transfer_signal(list, v2, 3, hit), 0);
    /* S03 an empty list signals nothing */
    assert_int_equal(zf_transfer_signal("", v1, 3, hit), 0);
    /* S04 no violations */
    assert_int_equal(zf_transfer_signal(list, v1, 0, hit), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table), cmocka_unit_test(test_guards), cmocka_unit_test(test_new),
        cmocka_unit_test(test_due),   cmocka_unit_test(test_24h),    cmocka_unit_test(test_signal),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
