/* Unit tests for core/uscc: GB 32100-2015 as LAW.md §9 gives it. Each row of
 * `cases` has a stable ID; U-EDIT checks that every single-character change
 * of a valid code is caught. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/uscc.h"

static const struct {
    const char *id;
    const char *input;
    int valid;
    const char *normalized; /* NULL: not checked */
    int position;           /* for invalid ones */
    const char *reason_has; /* substring of the reason */
    size_t warnings;
} cases[] = {
    /* the three worked examples of LAW.md §9 */
    {"U01", "91350100M000100Y43", 1, "91350100M000100Y43", 0, "", 0},
    {"U02", "91341504MA2TKQ5B9Y", 1, "91341504MA2TKQ5B9Y", 0, "", 0},
    {"U03", "12341504485001238Q", 1, "12341504485001238Q", 0, "", 0},
    /* the standard's misprinted example: Z is not in the set */
    {"U04", "91350100M000100Y4Z", 0, NULL, 18, "I、O、Z、S、V", 0},
    /* normalisation: case, full width, spaces, U+3000 */
    {"U05", "91341504ma2tkq5b9y", 1, "91341504MA2TKQ5B9Y", 0, "", 0},
    {"U06", "９１３４１５０４ＭＡ２ＴＫＱ５Ｂ９Ｙ", 1, "91341504MA2TKQ5B9Y", 0, "", 0},
    {"U07", "  9134 1504 MA2T KQ5B 9Y\t", 1, "91341504MA2TKQ5B9Y", 0, "", 0},
    {"U08",
     "\xE3\x80\x80"
     "91341504MA2TKQ5B9Y"
     "\xE3\x80\x80",
     1, "91341504MA2TKQ5B9Y", 0, "", 0},
    /* lengths */
    {"U09", "", 0, "", 0, "为空", 0},
    {"U10", "91341504MA2TKQ5B9", 0, NULL, 0, "长度应为18位，实际为17位", 0},
    {"U11", "91341504MA2TKQ5B9YY", 0, NULL, 0, "实际为19位", 0},
    {"U12", "341504600123456", 0, NULL, 0, "15位的旧工商注册号", 0},
    {"U13", "MA2TKQ5B9", 0, NULL, 0, "9位的旧组织机构代码", 0},
    /* forbidden letters at their position */
    {"U14", "91341504MA2TKQ5B9I", 0, NULL, 18, "“I”不在代码字符集中", 0},
    {"U15", "91341504MA2TKO5B9Y", 0, NULL, 14, "“O”", 0},
    {"U16", "9134150SMA2TKQ5B9Y", 0, NULL, 8, "“S”", 0},
    {"U17", "91341504MA2VKQ5B9Y", 0, NULL, 12, "“V”", 0},
    {"U18", "91341504MA2TKQ5B9-", 0, NULL, 18, "不是数字或英文字母", 0},
    {"U19", "91341504MA2TKQ5B9中", 0, NULL, 18, "不是数字或英文字母", 0},
    /* wrong check character */
    {"U20", "91341504MA2TKQ5B90", 0, NULL, 18, "应为“Y”，实际为“0”", 0},
    /* registration department: B is no department; A and N only warn */
    {"U21", "B1341504MA2TKQ5B9Y", 0, NULL, 1, "登记管理部门码", 0},
    {"U22", "12341504485001238", 0, NULL, 0, "实际为17位", 0},
};

static void test_table(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        zf_uscc_result_t r;
        int v = zf_uscc_check(cases[i].input, &r);
        if (v != cases[i].valid || r.valid != v)
            fail_msg("%s: valid=%d want %d (%s)", cases[i].id, v, cases[i].valid, r.reason);
        if (cases[i].normalized && strcmp(r.normalized, cases[i].normalized) != 0)
            fail_msg("%s: normalized %s", cases[i].id, r.normalized);
        if (!v && r.position != cases[i].position)
            fail_msg("%s: position %d want %d (%s)", cases[i].id, r.position, cases[i].position,
                     r.reason);
        if (!strstr(r.reason, cases[i].reason_has))
            fail_msg("%s: reason \"%s\" lacks \"%s\"", cases[i].id, r.reason, cases[i].reason_has);
        if (v && r.nwarnings != cases[i].warnings)
            fail_msg("%s: %zu warnings (%s)", cases[i].id, r.nwarnings,
                     r.nwarnings ? r.warnings[0] : "");
    }
}

/* Make a valid code from 17 characters. */
static void complete(char code[19], const char *first17) {
    memcpy(code, first17, 17);
    code[17] = zf_uscc_check_char(first17);
    code[18] = '\0';
}

/* U-WARN: rules LAW.md marks [未核实] or "常见" warn and never reject. */
static void test_warnings(void **state) {
    (void)state;
    char code[19];
    zf_uscc_result_t r;
    complete(code, "A1341504MA2TKQ5B9"); /* A: 未核实 */
    assert_true(zf_uscc_check(code, &r));
    assert_true(r.nwarnings >= 1);
    assert_non_null(strstr(r.warnings[0], "尚未核实"));
    complete(code, "N2341504MA2TKQ5B9"); /* N: 未核实 */
    assert_true(zf_uscc_check(code, &r));
    complete(code, "95341504MA2TKQ5B9"); /* 工商 + type 5: not a listed type */
    assert_true(zf_uscc_check(code, &r));
    assert_non_null(strstr(r.warnings[0], "机构类别码"));
    complete(code, "91AB1504MA2TKQ5B9"); /* region with letters */
    assert_true(zf_uscc_check(code, &r));
    assert_non_null(strstr(r.warnings[0], "行政区划码"));
    complete(code, "91341504MA2TKQ5B8"); /* GB 11714 check of MA2TKQ5B is 9 */
    assert_true(zf_uscc_check(code, &r));
    assert_int_equal(r.nwarnings, 1);
    assert_non_null(strstr(r.warnings[0], "GB 11714"));
}

/* U-EDIT: every single-character substitution (within the set) of a valid
 * code is refused: the weights are non-zero mod 31, a prime. */
static void test_single_edits(void **state) {
    (void)state;
    static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const char *good[] = {"91350100M000100Y43", "91341504MA2TKQ5B9Y", "12341504485001238Q"};
    size_t tried = 0;
    for (size_t g = 0; g < 3; g++)
        for (int pos = 0; pos < 18; pos++)
            for (int k = 0; k < 31; k++) {
                char code[19];
                memcpy(code, good[g], 19);
                if (code[pos] == set[k]) continue;
                code[pos] = set[k];
                zf_uscc_result_t r;
                if (zf_uscc_check(code, &r)) fail_msg("U-EDIT %s accepted", code);
                tried++;
            }
    assert_int_equal(tried, 3 * 18 * 30);
}

/* U-CHAR: the character values and weights of LAW.md §9. */
static void test_values(void **state) {
    (void)state;
    assert_int_equal(zf_uscc_char_value('0'), 0);
    assert_int_equal(zf_uscc_char_value('A'), 10);
    assert_int_equal(zf_uscc_char_value('H'), 17);
    assert_int_equal(zf_uscc_char_value('J'), 18);
    assert_int_equal(zf_uscc_char_value('Y'), 30);
    assert_int_equal(zf_uscc_char_value('I'), -1);
    assert_int_equal(zf_uscc_char_value('O'), -1);
    assert_int_equal(zf_uscc_char_value('Z'), -1);
    assert_int_equal(zf_uscc_char_value('S'), -1);
    assert_int_equal(zf_uscc_char_value('V'), -1);
    assert_int_equal(zf_uscc_char_value('a'), -1);
    assert_int_equal(zf_uscc_check_char("91350100M000100Y4"), '3'); /* sum 1640 */
    assert_int_equal(zf_uscc_check_char("91341504MA2TKQ5B9"), 'Y'); /* sum 2822 */
    assert_int_equal(zf_uscc_check_char("12341504485001238"), 'Q'); /* sum 1154 */
    assert_int_equal(zf_uscc_check_char("9134150IMA2TKQ5B9"), '\0');
    char out[8];
    assert_int_equal(zf_uscc_normalize("ａｂ c", out, sizeof out), 3);
    assert_string_equal(out, "ABC");
    assert_int_equal(zf_uscc_normalize("0123456789", out, sizeof out), 10); /* cut, length told */
    assert_string_equal(out, "0123456");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_single_edits),
        cmocka_unit_test(test_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
