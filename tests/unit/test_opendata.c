/* Unit tests for core/opendata: who is an individual in the inspection
 * file (GB 32100 category 9-2, 个体工商户, LAW.md §9 [二手]), how such an
 * enterprise is shown (as a person of a decision: 行政处罚法 第50条), and
 * the local day and feed time of stored times. Stable IDs OD01…. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/mask.h"
#include "core/opendata.h"

/* OD01–OD06: the individual business test reads positions 1–2 only */
static void test_individual(void **state) {
    (void)state;
    static const struct {
        const char *id, *code;
        int individual;
    } cases[] = {
        {"OD01", "92341504MA2TKQ5B9Y", 1}, /* 9 工商 + 2 个体工商户 */
        {"OD02", "91341504MA2TKQ5B9Y", 0}, /* 9 + 1 企业 */
        {"OD03", "93341504MA2TKQ5B9Y", 0}, /* 9 + 3 农民专业合作社 */
        {"OD04", "12341504485001238Q", 0}, /* 1 机构编制 + 2 事业单位: not 个体 */
        {"OD05", "9", 0},
        {"OD06", "", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (zf_od_is_individual(cases[i].code) != cases[i].individual)
            fail_msg("%s %s", cases[i].id, cases[i].code);
    }
    assert_int_equal(zf_od_is_individual(NULL), 0);
}

/* OD07–OD08: an individual business is masked exactly as a person party of
 * a published decision (zf_mask_name, no code); an organisation as it is */
static void test_party(void **state) {
    (void)state;
    zf_arena_t *a = zf_arena_new();
    zf_od_party_t p = zf_od_party(a, "王小明五金店", "92341504MA2TKQ5B9Y");
    assert_string_equal(p.kind, "person");
    assert_string_equal(p.name, zf_mask_name(a, "王小明五金店"));
    assert_string_equal(p.name, "王某某某某某");
    assert_string_equal(p.credit_code, "");
    p = zf_od_party(a, "六安市叶集区同创胶合板厂", "91341504MA4JKW307N");
    assert_string_equal(p.kind, "org");
    assert_string_equal(p.name, "六安市叶集区同创胶合板厂");
    assert_string_equal(p.credit_code, "91341504MA4JKW307N");
    zf_arena_free(a);
}

/* OD09–OD17: the local day of a stored time */
static void test_local_day(void **state) {
    (void)state;
    static const struct {
        const char *id, *in, *out;
    } cases[] = {
        {"OD09", "2026-11-28T15:59:59.999Z", "2026-11-28"}, /* 23:59 in China */
        {"OD10", "2026-11-28T16:00:00.000Z", "2026-11-29"}, /* midnight in China */
        {"OD11", "2026-12-31T23:00:00Z", "2027-01-01"},     /* over the year */
        {"OD12", "2026-11-18T17:00", "2026-11-18"},         /* local, no zone: as it is */
        {"OD13", "2026-11-18", "2026-11-18"},
        {"OD14", "", ""},
        {"OD15", "2026-02-30T10:00:00Z", ""}, /* no such day */
        {"OD16", "2026-11-18T", ""},
        {"OD17", "2026-11-18Tab:00Z", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[11];
        zf_od_local_day(cases[i].in, out);
        if (strcmp(out, cases[i].out) != 0)
            fail_msg("%s %s: %s, want %s", cases[i].id, cases[i].in, out, cases[i].out);
    }
}

/* OD18–OD23: feed times are RFC 3339 whatever the row holds */
static void test_rfc3339(void **state) {
    (void)state;
    zf_arena_t *a = zf_arena_new();
    static const struct {
        const char *id, *in, *out;
    } cases[] = {
        {"OD18", "2026-11-28T04:00:00.123Z", "2026-11-28T04:00:00.123Z"},
        {"OD19", "2026-11-18T11:00", "2026-11-18T11:00:00+08:00"},
        {"OD20", "2026-11-18T11:00:05", "2026-11-18T11:00:05+08:00"},
        {"OD21", "2026-11-18", "2026-11-18T00:00:00+08:00"},
        {"OD22", "", "1970-01-01T00:00:00Z"},
        {"OD23", "yesterday", "1970-01-01T00:00:00Z"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = zf_od_rfc3339(a, cases[i].in);
        if (strcmp(got, cases[i].out) != 0)
            fail_msg("%s %s: %s, want %s", cases[i].id, cases[i].in, got, cases[i].out);
    }
    zf_arena_free(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_individual),
        cmocka_unit_test(test_party),
        cmocka_unit_test(test_local_day),
        cmocka_unit_test(test_rfc3339),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
