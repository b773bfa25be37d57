/* Unit tests for core/util: the UTF-8 checks every text field goes through
 * (zf_utf8_valid for well-formedness, zf_utf8_valid_text for what a person
 * may type: no NUL, C0 other than tab/CR/LF, DEL or C1 controls). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/util.h"

static const struct {
    const char *id;
    const char *bytes;
    size_t n; /* 0 = strlen */
    int valid;
    int text;
} cases[] = {
    {"U01 ascii", "abc", 0, 1, 1},
    {"U02 chinese", "叶集区应急管理局", 0, 1, 1},
    {"U03 tab newline cr", "a\tb\nc\rd", 0, 1, 1},
    {"U04 NUL inside", "a\0b", 3, 1, 0},
    {"U05 C0 bell", "a\x07z", 0, 1, 0},
    {"U06 DEL", "a\x7fz", 0, 1, 0},
    {"U07 C1 NEL U+0085", "a\xc2\x85z", 0, 1, 0},
    {"U08 C1 U+009F last", "a\xc2\x9f", 0, 1, 0},
    {"U09 C1 U+0080 first", "\xc2\x80", 0, 1, 0},
    {"U10 U+00A0 no-break space is text", "a\xc2\xa0z", 0, 1, 1},
    {"U11 U+00B7 middle dot is text", "\xc2\xb7", 0, 1, 1},
    {"U12 overlong slash", "\xc0\xaf", 0, 0, 0},
    {"U13 surrogate", "\xed\xa0\x80", 0, 0, 0},
    {"U14 above U+10FFFF", "\xf4\x90\x80\x80", 0, 0, 0},
    {"U15 truncated 3-byte", "\xe5\x8f", 0, 0, 0},
    {"U16 lone continuation", "\x80", 0, 0, 0},
    {"U17 lone C2 at end", "a\xc2", 0, 0, 0},
    {"U18 4-byte emoji", "\xf0\x9f\x98\x80", 0, 1, 1},
};

static void test_utf8(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = cases[i].n ? cases[i].n : strlen(cases[i].bytes);
        int v = zf_utf8_valid(cases[i].bytes, n) ? 1 : 0;
        int t = zf_utf8_valid_text(cases[i].bytes, n) ? 1 : 0;
        if (v != cases[i].valid || t != cases[i].text)
            fail_msg("%s: valid %d (want %d), text %d (want %d)", cases[i].id, v, cases[i].valid,
                     t, cases[i].text);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_utf8)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
