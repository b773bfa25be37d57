/* Unit tests for docs/: the template parser and field checking, placeholder
 * expansion, numbers and verification codes (issue 9). Each row: stable ID,
 * template text, expected result code and the field the error names. Every
 * shipped template (data/documents, embedded) must parse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docs/docs.h"

#define HEAD                                                                                       \
    "{\"kind\":\"service_receipt\",\"title\":\"送达回执\",\"number_prefix\":\"（叶）应急回\","

static const struct {
    const char *id;
    const char *text;
    const char *code;  /* NULL: accepted */
    const char *field; /* the field the error names */
} cases[] = {
    {"T01 minimal", HEAD "\"sections\":[{\"type\":\"paragraph\",\"text\":\"{{party.name}}\"}]}",
     NULL, NULL},
    {"T02 unknown field named",
     HEAD "\"sections\":[{\"type\":\"paragraph\",\"text\":\"{{party.nmae}}\"}]}",
     "document_template.unknown_field", "party.nmae"},
    {"T03 field of another kind",
     HEAD "\"sections\":[{\"type\":\"paragraph\",\"text\":\"{{penalty.decision}}\"}]}",
     "document_template.unknown_field", "penalty.decision"},
    {"T04 spaces inside braces",
     HEAD "\"sections\":[{\"type\":\"date\",\"text\":\"{{ document.date }}\"}]}", NULL, NULL},
    {"T05 unclosed placeholder",
     HEAD "\"sections\":[{\"type\":\"paragraph\",\"text\":\"{{party.name\"}]}",
     "document_template.invalid", "sections[0].text"},
    {"T06 upper case path",
     HEAD "\"sections\":[{\"type\":\"paragraph\",\"text\":\"{{Party.name}}\"}]}",
     "document_template.invalid", "sections[0].text"},
    {"T07 unknown section type", HEAD "\"sections\":[{\"type\":\"image\",\"text\":\"x\"}]}",
     "document_template.invalid", "sections[0].type"},
    {"T08 unknown key",
     HEAD "\"sections\":[{\"type\":\"paragraph\",\"text\":\"x\",\"bold\":true}]}",
     "document_template.invalid", "sections[0].bold"},
    {"T09 unknown top key",
     HEAD "\"footer\":\"x\",\"sections\":[{\"type\":\"paragraph\",\"text\":\"x\"}]}",
     "document_template.invalid", "$.footer"},
    {"T10 empty sections", HEAD "\"sections\":[]}", "document_template.invalid", "$.sections"},
    {"T11 unknown kind",
     "{\"kind\":\"love_letter\",\"title\":\"x\",\"number_prefix\":\"x\",\"sections\":[{\"type\":"
     "\"paragraph\",\"text\":\"x\"}]}",
     "document_template.unknown_kind", "kind"},
    {"T12 table cell field checked",
     HEAD "\"sections\":[{\"type\":\"table\",\"rows\":[[\"送达方式\",\"{{served.methd}}\"]]}]}",
     "document_template.unknown_field", "served.methd"},
    {"T13 table row of three",
     HEAD "\"sections\":[{\"type\":\"table\",\"rows\":[[\"a\",\"b\",\"c\"]]}]}",
     "document_template.invalid", "sections[0].rows[0]"},
    {"T14 signature line field checked",
     HEAD "\"sections\":[{\"type\":\"signature\",\"lines\":[\"{{officers.3.name}}\"]}]}",
     "document_template.unknown_field", "officers.3.name"},
    {"T15 seal field checked",
     HEAD "\"sections\":[{\"type\":\"signature\",\"lines\":[],\"seal\":\"{{authority.nam}}\"}]}",
     "document_template.unknown_field", "authority.nam"},
    {"T16 placeholder in title refused",
     "{\"kind\":\"service_receipt\",\"title\":\"{{party.name}}\",\"number_prefix\":\"x\","
     "\"sections\":[{\"type\":\"paragraph\",\"text\":\"x\"}]}",
     "document_template.invalid", "$.title"},
    {"T17 not JSON", "{\"kind\":", "document_template.invalid", ""},
    {"T18 duplicate key",
     HEAD "\"title\":\"x\",\"sections\":[{\"type\":\"paragraph\",\"text\":\"x\"}]}",
     "document_template.invalid", ""},
    /* 行政处罚法 第59条: the decision carries the statement of rights, naming
     * the reconsideration body */
    {"T19 decision without rights",
     "{\"kind\":\"penalty_decision\",\"title\":\"行政处罚决定书\",\"number_prefix\":\"x\","
     "\"sections\":[{\"type\":\"paragraph\",\"text\":\"{{case.facts}}\"}]}",
     "document_template.no_rights", "sections"},
    {"T20 decision rights without the body",
     "{\"kind\":\"penalty_decision\",\"title\":\"行政处罚决定书\",\"number_prefix\":\"x\","
     "\"sections\":[{\"type\":\"rights\",\"text\":\"可以申请行政复议\"}]}",
     "document_template.no_rights", "sections"},
    {"T21 decision with rights",
     "{\"kind\":\"penalty_decision\",\"title\":\"行政处罚决定书\",\"number_prefix\":\"x\","
     "\"sections\":[{\"type\":\"rights\",\"text\":\"六十日内向{{authority.reconsideration_body}}"
     "申请行政复议\"}]}",
     NULL, NULL},
    {"T22 indent must be boolean",
     HEAD "\"sections\":[{\"type\":\"paragraph\",\"text\":\"x\",\"indent\":1}]}",
     "document_template.invalid", "sections[0].indent"},
};

static void test_parse_table(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        zf_doc_template_t *t = NULL;
        zf_error_t err = {0};
        int rc = zf_doc_template_parse(cases[i].text, strlen(cases[i].text), NULL, &t, &err);
        if (!cases[i].code) {
            if (rc != 0) fail_msg("%s: refused: %s %s", cases[i].id, err.code, err.message);
            zf_doc_template_free(t);
            continue;
        }
        if (rc == 0) fail_msg("%s: accepted", cases[i].id);
        if (strcmp(err.code, cases[i].code) != 0)
            fail_msg("%s: code %s, want %s (%s)", cases[i].id, err.code, cases[i].code,
                     err.message);
        if (strcmp(err.field, cases[i].field) != 0)
            fail_msg("%s: field %s, want %s", cases[i].id, err.field, cases[i].field);
        if (strcmp(cases[i].code, "document_template.unknown_field") == 0 &&
            !strstr(err.message, cases[i].field))
            fail_msg("%s: message does not name the field: %s", cases[i].id, err.message);
    }
}

static void test_kind_mismatch(void **state) {
    (void)state;
    const char *text = cases[0].text;
    zf_doc_template_t *t = NULL;
    zf_error_t err = {0};
    assert_int_not_equal(zf_doc_template_parse(text, strlen(text), "penalty_decision", &t, &err),
                         0);
    assert_string_equal(err.code, "document_template.kind_mismatch");
}

/* Every kind has its shipped template, and every one parses. */
static void test_shipped(void **state) {
    (void)state;
    assert_int_equal(zf_doc_kinds_count(), 15); /* transfer_letter (issue 11), credit_notice and credit_decision (issue 10) */
    for (size_t i = 0; i < zf_doc_kinds_count(); i++) {
        const zf_doc_kind_t *k = zf_doc_kind_at(i);
        const char *text = zf_doc_shipped_template(k->code);
        if (!text) fail_msg("S%02zu %s: no shipped template", i + 1, k->code);
        zf_doc_template_t *t = NULL;
        zf_error_t err = {0};
        if (zf_doc_template_parse(text, strlen(text), k->code, &t, &err) != 0)
            fail_msg("S%02zu %s: %s %s", i + 1, k->code, err.code, err.message);
        zf_doc_template_free(t);
    }
}

static void test_expand(void **state) {
    (void)state;
    json_t *f = json_pack("{s:{s:s, s:I}, s:{s:{s:s}}}", "party", "name", "𠀤䶮木业", "n", 7,
                          "officers", "1", "name", "张伟");
    static const struct {
        const char *id, *in, *want;
    } rows[] = {
        {"E01 string", "当事人：{{party.name}}", "当事人：𠀤䶮木业"},
        {"E02 integer", "{{party.n}}日", "7日"},
        {"E03 three levels", "{{officers.1.name}}", "张伟"},
        {"E04 missing prints a blank", "地址：{{party.address}}", "地址：＿＿＿＿＿＿"},
        {"E05 no placeholder", "无", "无"},
        {"E06 unclosed kept", "{{party.name", "{{party.name"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *out = zf_doc_expand(rows[i].in, f);
        if (strcmp(out, rows[i].want) != 0) fail_msg("%s: %s", rows[i].id, out);
        free(out);
    }
    json_decref(f);
}

static void test_authority(void **state) {
    (void)state;
    json_t *f = json_pack("{s:{s:s}}", "authority", "name", "执法大队");
    zf_doc_fields_authority(f, NULL, NULL);
    /* R1: always the bureau, whatever came in */
    assert_string_equal(zf_doc_field_text(f, "authority.name", NULL, 0), ZF_DOC_AUTHORITY);
    /* 行政复议法(2023) 第24条: the district people's government */
    assert_string_equal(zf_doc_field_text(f, "authority.reconsideration_body", NULL, 0),
                        "六安市叶集区人民政府");
    json_decref(f);
}

static void test_number_and_code(void **state) {
    (void)state;
    char num[128];
    zf_doc_number_format(num, sizeof num, "（叶）应急罚", 2026, 5);
    assert_string_equal(num, "（叶）应急罚〔2026〕5号"); /* LAW.md §5.6 */
    json_t *f = json_pack("{s:{s:s}}", "party", "name", "甲");
    char a[ZF_DOC_CODE_LEN + 1], b[ZF_DOC_CODE_LEN + 1], c[ZF_DOC_CODE_LEN + 1];
    assert_int_equal(zf_doc_verify_code("penalty_decision", num, f, "t", a), 0);
    assert_int_equal(zf_doc_verify_code("penalty_decision", num, f, "t", b), 0);
    assert_string_equal(a, b); /* deterministic */
    assert_int_equal(zf_doc_verify_code("penalty_decision", "（叶）应急罚〔2026〕6号", f, "t", c),
                     0);
    assert_string_not_equal(a, c);
    for (const char *p = a; *p; p++)
        assert_null(strchr("ILOU", *p)); /* Crockford */
    json_decref(f);
    static const struct {
        const char *id, *in, *want;
    } rows[] = {
        {"C01 as printed", "ABCDE-12345", "ABCDE12345"},
        {"C02 lower case", "abcde12345", "ABCDE12345"},
        {"C03 O and I, L read as 0 and 1", "OIL00-12345", "0110012345"},
        {"C04 spaces", "ABCDE 12345", "ABCDE12345"},
        {"C05 too short", "ABCDE1234", NULL},
        {"C06 too long", "ABCDE123456", NULL},
        {"C07 U is not in the alphabet", "UBCDE12345", NULL},
        {"C08 punctuation", "ABCDE.12345", NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char out[ZF_DOC_CODE_LEN + 1];
        int rc = zf_doc_code_normalise(rows[i].in, out);
        if (!rows[i].want) {
            if (rc == 0) fail_msg("%s: accepted %s", rows[i].id, out);
        } else if (rc != 0 || strcmp(out, rows[i].want) != 0) {
            fail_msg("%s: %d %s", rows[i].id, rc, rc == 0 ? out : "");
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table), cmocka_unit_test(test_kind_mismatch),
        cmocka_unit_test(test_shipped),     cmocka_unit_test(test_expand),
        cmocka_unit_test(test_authority),   cmocka_unit_test(test_number_and_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
