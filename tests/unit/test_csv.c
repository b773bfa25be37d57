/* Unit tests for io/csv (RFC 4180 reader with caps) and io/encoding. Each
 * row of `cases` is one input with the records it must give, written as
 * fields joined by '|' and records by '/' — or the error it must raise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/csv.h"
#include "io/encoding.h"

typedef struct collect {
    char out[1024];
    size_t len;
    size_t lines[16];
    size_t n;
} collect_t;

static int on_record(void *ctx, size_t record, size_t line, char **fields, const size_t *len,
                     size_t nfields) {
    collect_t *c = ctx;
    if (record - 1 < 16) c->lines[record - 1] = line;
    c->n = record;
    if (record > 1) c->out[c->len++] = '/';
    for (size_t i = 0; i < nfields; i++) {
        if (i) c->out[c->len++] = '|';
        memcpy(c->out + c->len, fields[i], len[i]);
        c->len += len[i];
    }
    c->out[c->len] = '\0';
    return 0;
}

static const struct {
    const char *id;
    const char *input;
    const char *want;  /* NULL: an error is expected */
    const char *error; /* substring of the message */
    size_t err_record;
} cases[] = {
    {"C01", "a,b,c\r\n1,2,3\r\n", "a|b|c/1|2|3", NULL, 0},
    {"C02", "a,b\n1,2", "a|b/1|2", NULL, 0}, /* LF, no final newline */
    {"C03",
     "\xEF\xBB\xBF"
     "a,b\n",
     "a|b", NULL, 0},                                           /* BOM skipped */
    {"C04", "\"a,1\",\"b\"\"q\"\"\"\n", "a,1|b\"q\"", NULL, 0}, /* quotes, doubled quotes */
    {"C05", "\"line1\nline2\",x\r\ny,z\r\n", "line1\nline2|x/y|z", NULL, 0},
    {"C06", "a,,c\n,\n", "a||c/|", NULL, 0}, /* empty fields */
    {"C07", "a,b,\n", "a|b|", NULL, 0},      /* trailing empty field */
    {"C08", "\n\na\n", "//a", NULL, 0},      /* blank records are records */
    {"C09", "\"\"\n", "", NULL, 0},
    {"C10", "a,\"b\n", NULL, "引号未闭合", 1},
    {"C11", "a,\"b\"x\n", NULL, "结束引号后", 1},
    {"C12", "h\na\"b\n", NULL, "未加引号的字段中出现了引号", 2},
    {"C13", "a\rb\n", NULL, "单独的回车符", 1},
    {"C14", "\"a\r\nb\"\r\n", "a\r\nb", NULL, 0},
    {"C15", "中文,字段\r\n", "中文|字段", NULL, 0},
};

static void test_table(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        collect_t c = {0};
        zf_csv_error_t err = {0};
        int rc = zf_csv_parse(cases[i].input, strlen(cases[i].input), NULL, on_record, &c, &err);
        if (cases[i].want) {
            if (rc != 0) fail_msg("%s: error %s", cases[i].id, err.message);
            if (strcmp(c.out, cases[i].want) != 0)
                fail_msg("%s: got \"%s\" want \"%s\"", cases[i].id, c.out, cases[i].want);
        } else {
            if (rc != -1) fail_msg("%s: no error", cases[i].id);
            if (!strstr(err.message, cases[i].error))
                fail_msg("%s: message %s", cases[i].id, err.message);
            if (err.record != cases[i].err_record)
                fail_msg("%s: record %zu want %zu", cases[i].id, err.record, cases[i].err_record);
        }
    }
}

/* C-LINES: the record's first physical line is reported, so "第 N 行" in an
 * error report matches what the user sees in an editor. */
static void test_lines(void **state) {
    (void)state;
    const char *in = "h\n\"a\nb\nc\",x\nnext\n";
    collect_t c = {0};
    zf_csv_error_t err;
    assert_int_equal(zf_csv_parse(in, strlen(in), NULL, on_record, &c, &err), 0);
    assert_int_equal(c.n, 3);
    assert_int_equal(c.lines[0], 1);
    assert_int_equal(c.lines[1], 2);
    assert_int_equal(c.lines[2], 5);
}

/* C-CAPS: rows, columns and field length. */
static void test_caps(void **state) {
    (void)state;
    zf_csv_limits_t lim = {3, 4, 8};
    zf_csv_error_t err;
    collect_t c = {0};
    assert_int_equal(zf_csv_parse("a\nb\nc\nd\n", 8, &lim, on_record, &c, &err), -1);
    assert_int_equal(err.record, 4);
    assert_non_null(strstr(err.message, "最多 3 行"));
    memset(&c, 0, sizeof c);
    assert_int_equal(zf_csv_parse("1,2,3,4,5\n", 10, &lim, on_record, &c, &err), -1);
    assert_non_null(strstr(err.message, "每行最多 4 列"));
    memset(&c, 0, sizeof c);
    assert_int_equal(zf_csv_parse("123456789\n", 10, &lim, on_record, &c, &err), -1);
    assert_non_null(strstr(err.message, "过长"));
    memset(&c, 0, sizeof c);
    assert_int_equal(zf_csv_parse("\"123456789\"\n", 12, &lim, on_record, &c, &err), -1);
    assert_non_null(strstr(err.message, "过长"));
    memset(&c, 0, sizeof c);
    assert_int_equal(zf_csv_parse("a\0b\n", 4, &lim, on_record, &c, &err), -1);
    assert_non_null(strstr(err.message, "NUL"));
}

/* C-FUZZ: a few thousand pseudo-random inputs through the fuzz entry point
 * (it aborts on a broken invariant); ASan watches the memory. */
static void test_fuzz_smoke(void **state) {
    (void)state;
    uint64_t x = 88172645463325252ull;
    static const char alphabet[] = "a,\"\r\n \xE4\xB8\xAD";
    for (int round = 0; round < 3000; round++) {
        char buf[64];
        size_t n = (size_t)(round % 63);
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            buf[i] = alphabet[x % (sizeof alphabet - 1)];
        }
        zf_csv_fuzz((const uint8_t *)buf, n);
    }
}

/* C-OUT: writing fields back: quoting and the formula guard. */
static void test_append(void **state) {
    (void)state;
    char buf[128];
    size_t len = 0;
    assert_int_equal(zf_csv_append_field(buf, sizeof buf, &len, "a,b", 1), 0);
    assert_int_equal(zf_csv_append_field(buf, sizeof buf, &len, "say \"hi\"", 0), 0);
    assert_int_equal(zf_csv_append_field(buf, sizeof buf, &len, "=SUM(A1)", 0), 0);
    assert_int_equal(zf_csv_append_field(buf, sizeof buf, &len, "-12.5", 0), 0);
    assert_int_equal(zf_csv_append_field(buf, sizeof buf, &len, "913415", 0), 0);
    assert_string_equal(buf, "\"a,b\",\"say \"\"hi\"\"\",\"'=SUM(A1)\",-12.5,913415");
    char tiny[4];
    len = 0;
    assert_int_equal(zf_csv_append_field(tiny, sizeof tiny, &len, "abcdef", 1), -1);
}

/* E-ENC: encodings. "企业" in GB18030 is C6 F3 D2 B5. */
static void test_encoding(void **state) {
    (void)state;
    char *out;
    size_t n;
    const char *used;
    zf_error_t err = {0};
    assert_int_equal(zf_text_to_utf8("\xEF\xBB\xBF企业", 9, "auto", &out, &n, &used, &err), 0);
    assert_string_equal(out, "企业");
    assert_string_equal(used, "utf-8");
    free(out);
    assert_int_equal(zf_text_to_utf8("\xC6\xF3\xD2\xB5", 4, NULL, &out, &n, &used, &err), 0);
    assert_string_equal(out, "企业");
    assert_string_equal(used, "gb18030");
    free(out);
    assert_int_equal(zf_text_to_utf8("\xC6\xF3\xD2\xB5", 4, "utf-8", &out, &n, &used, &err),
                     ZF_EINVAL);
    assert_string_equal(err.code, "import.encoding");
    assert_non_null(strstr(err.message, "GB18030"));
    assert_int_equal(zf_text_to_utf8("\xFF\xFF\x80", 3, "auto", &out, &n, &used, &err), ZF_EINVAL);
    assert_int_equal(zf_text_to_utf8("\xC6", 1, "gb18030", &out, &n, &used, &err), ZF_EINVAL);
    assert_int_equal(zf_text_to_utf8("a\0b", 3, "auto", &out, &n, &used, &err), ZF_EINVAL);
    assert_non_null(strstr(err.message, "NUL"));
    assert_int_equal(zf_text_to_utf8("ab", 2, "latin1", &out, &n, &used, &err), ZF_EINVAL);
    assert_string_equal(err.field, "encoding");
    /* overlong "/" and a UTF-16 surrogate are not UTF-8 */
    assert_int_equal(zf_text_to_utf8("\xC0\xAF", 2, "utf-8", &out, &n, &used, &err), ZF_EINVAL);
    assert_int_equal(zf_text_to_utf8("\xED\xA0\x80", 3, "utf-8", &out, &n, &used, &err), ZF_EINVAL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),  cmocka_unit_test(test_lines),
        cmocka_unit_test(test_caps),   cmocka_unit_test(test_fuzz_smoke),
        cmocka_unit_test(test_append), cmocka_unit_test(test_encoding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
