/* Unit tests for core/mask: personal data of individuals on public pages
 * (R25, 行政处罚法 第48、50条). Each row: stable ID, input, the names the
 * caller says are natural persons, the expected output and counts. The
 * tricky ones: full-width digits, +86 in its spellings, numbers inside
 * longer runs (case numbers, order numbers), enterprise credit codes that
 * look like ID numbers, names inside names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/mask.h"

#define N(...) ((const char *const[]){__VA_ARGS__, NULL})

static const struct {
    const char *id;
    const char *in;
    const char *const *names;
    const char *want;
    int ids, mobiles, landlines, nnames;
} texts[] = {
    {"T01 ID 18", "身份证号341504199001011234，", NULL, "身份证号341504********1234，", 1, 0, 0, 0},
    {"T02 ID 18 with x", "34150419900101123x", NULL, "341504********123X", 1, 0, 0, 0},
    {"T03 ID full-width digits",
     "\xef\xbc\x93\xef\xbc\x94\xef\xbc\x91\xef\xbc\x95\xef\xbc\x90\xef\xbc\x94"
     "\xef\xbc\x91\xef\xbc\x99\xef\xbc\x99\xef\xbc\x90\xef\xbc\x90\xef\xbc\x91"
     "\xef\xbc\x90\xef\xbc\x91\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94",
     NULL, "341504********1234", 1, 0, 0, 0},
    {"T04 old ID 15", "号码341504900101123。", NULL, "号码341504******123。", 1, 0, 0, 0},
    {"T05 all-digit credit code, valid USCC, not a valid ID: stays", "信用代码913415199001010000",
     NULL, "信用代码913415199001010000", 0, 0, 0, 0},
    {"T06 credit code with letters stays", "91341504MA2TKQ5B9Y", NULL, "91341504MA2TKQ5B9Y", 0, 0,
     0, 0},
    {"T07 digits inside a longer run stay", "订单1234567890123456789012", NULL,
     "订单1234567890123456789012", 0, 0, 0, 0},
    {"T08 case number stays", "叶应急罚〔2026〕12号", NULL, "叶应急罚〔2026〕12号", 0, 0, 0, 0},
    {"T09 ID with month 13 stays", "341504199013011234", NULL, "341504199013011234", 0, 0, 0, 0},
    {"T10 ID glued to letters stays", "A341504199001011234", NULL, "A341504199001011234", 0, 0, 0,
     0},
    {"T11 mobile", "电话13805645678", NULL, "电话138****5678", 0, 1, 0, 0},
    {"T12 mobile with spaces", "138 0564 5678。", NULL, "138****5678。", 0, 1, 0, 0},
    {"T13 +86 with dashes", "+86 138-0564-5678", NULL, "+86 138****5678", 0, 1, 0, 0},
    {"T14 +86 glued", "+8613805645678", NULL, "+86 138****5678", 0, 1, 0, 0},
    {"T15 (+86)", "(+86)13805645678", NULL, "+86 138****5678", 0, 1, 0, 0},
    {"T16 86 prefix", "8613805645678", NULL, "86 138****5678", 0, 1, 0, 0},
    {"T17 full-width （＋８６）", "（＋８６）１３８０５６４５６７８", NULL, "+86 138****5678", 0, 1,
     0, 0},
    {"T18 12 digits is not a mobile", "138056456789", NULL, "138056456789", 0, 0, 0, 0},
    {"T19 12 is not a mobile prefix", "12805645678", NULL, "12805645678", 0, 0, 0, 0},
    {"T20 landline", "0564-3312345", NULL, "0564-***2345", 0, 0, 1, 0},
    {"T21 landline in parentheses", "(0564)33123456", NULL, "(0564)****3456", 0, 0, 1, 0},
    {"T22 Beijing landline", "010-88889999", NULL, "010-****9999", 0, 0, 1, 0},
    {"T23 amounts and dates stay", "罚款30000元，2026-11-28前缴纳，0.5万元", NULL,
     "罚款30000元，2026-11-28前缴纳，0.5万元", 0, 0, 0, 0},
    {"T24 a name twice", "当事人张伟，张伟之妻", N("张伟"), "当事人张某，张某之妻", 0, 0, 0, 2},
    {"T25 longest name first", "王小明和王小", N("王小", "王小明"), "王某某和王某", 0, 0, 0, 2},
    {"T26 compound surname", "欧阳娜娜到场", N("欧阳娜娜"), "欧阳某某到场", 0, 0, 0, 1},
    {"T27 enterprise name without individuals stays", "六安市叶集区张伟木业有限公司", NULL,
     "六安市叶集区张伟木业有限公司", 0, 0, 0, 0},
    {"T28 an individual's name inside a shop name is masked (errs to privacy)",
     "张伟木业（个体工商户）", N("张伟"), "张某木业（个体工商户）", 0, 0, 0, 1},
    {"T29 one-character names are ignored", "张三", N("张"), "张三", 0, 0, 0, 0},
    {"T30 all together", "联系人李强（身份证341504199001011231，电话13805645678）", N("李强"),
     "联系人李某（身份证341504********1231，电话138****5678）", 1, 1, 0, 1},
    {"T31 invalid UTF-8 byte before a number",
     "\xff"
     "13805645678",
     NULL,
     "\xff"
     "138****5678",
     0, 1, 0, 0},
    {"T32 empty", "", NULL, "", 0, 0, 0, 0},
    {"T33 a digit 'name' never splits a number (fuzz find)", "01120101569134150190010106178",
     N("415"), "01120101569134150190010106178", 0, 0, 0, 0},
    {"T34 a Latin name at word edges only", "Li Lei and Li Leiming", N("Li Lei"),
     "L某某某某某 and Li Leiming", 0, 0, 0, 1},
};

static void test_text(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        zf_arena_t *a = zf_arena_new();
        size_t n = 0;
        while (texts[i].names && texts[i].names[n])
            n++;
        zf_mask_counts_t c;
        const char *got = zf_mask_text(a, texts[i].in, texts[i].names, n, &c);
        if (strcmp(got, texts[i].want) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", texts[i].id, got, texts[i].want);
        if (c.ids != texts[i].ids || c.mobiles != texts[i].mobiles ||
            c.landlines != texts[i].landlines || c.names != texts[i].nnames)
            fail_msg("%s: counts ids %d mobiles %d landlines %d names %d", texts[i].id, c.ids,
                     c.mobiles, c.landlines, c.names);
        zf_arena_free(a);
    }
}

static const struct {
    const char *id, *in, *want;
} names[] = {
    {"N01", "张伟", "张某"},     {"N02", "王小明", "王某某"}, {"N03", "欧阳娜娜", "欧阳某某"},
    {"N04", "欧阳", "欧某"},     {"N05", "张", "张某"},       {"N06", "", ""},
    {"N07", "司马光", "司马某"},
};

static const struct {
    const char *id, *in, *want;
} addresses[] = {
    {"A01", "安徽省六安市叶集区史河街道幸福路12号", "安徽省六安市叶集区史河街道****"},
    {"A02", "叶集区平岗街道阳光小区3栋2单元", "叶集区平岗街道****"},
    {"A03", "幸福路12号", "****"},
    {"A04", "安徽省六安市叶集区", "安徽省六安市叶集区"},
    {"A05", "叶集区孙岗乡楼房村村民组8号", "叶集区孙岗乡****"},
    {"A06", "叶集区史河街道城西社区幸福里5号", "叶集区史河街道****"},
    {"A07", "", "****"},
};

static void test_fields(void **state) {
    (void)state;
    zf_arena_t *a = zf_arena_new();
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *got = zf_mask_name(a, names[i].in);
        if (strcmp(got, names[i].want) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", names[i].id, got, names[i].want);
    }
    for (size_t i = 0; i < sizeof addresses / sizeof addresses[0]; i++) {
        const char *got = zf_mask_address(a, addresses[i].in);
        if (strcmp(got, addresses[i].want) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", addresses[i].id, got, addresses[i].want);
    }
    zf_arena_free(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_text), cmocka_unit_test(test_fields)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
