/* Unit tests for io/xlsx_read on files libxlsxwriter writes here (shared
 * strings in the normal mode, inline strings in constant-memory mode), and
 * for io/table_out (the export writer) read back through the reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <xlsxwriter.h>

#include "io/table_out.h"
#include "io/xlsx_read.h"

typedef struct rows {
    char out[4096];
    size_t len;
    size_t recs[16];
    size_t n;
} rows_t;

static int on_record(void *ctx, size_t record, size_t line, char **fields, const size_t *len,
                     size_t nfields) {
    (void)line;
    rows_t *r = ctx;
    if (r->n < 16) r->recs[r->n] = record;
    r->n++;
    if (r->len) r->out[r->len++] = '/';
    for (size_t i = 0; i < nfields; i++) {
        if (i) r->out[r->len++] = '|';
        memcpy(r->out + r->len, fields[i], len[i]);
        r->len += len[i];
    }
    r->out[r->len] = '\0';
    return 0;
}

/* Counts rows and checks that data rows kept their leading zero. */
static int count_record(void *ctx, size_t record, size_t line, char **fields, const size_t *len,
                        size_t nfields) {
    (void)line;
    (void)len;
    size_t *count = ctx;
    (*count)++;
    if (record > 1 && (nfields != 2 || strcmp(fields[1], "013800000000") != 0)) return 1;
    return 0;
}

static char *slurp(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    *n = (size_t)size;
    return buf;
}

/* Write the sample sheet; constant_memory selects inline strings. */
static void write_sample(const char *path, int constant_memory) {
    lxw_workbook_options opt = {.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "企业");
    worksheet_write_string(ws, 0, 0, "统一社会信用代码", NULL);
    worksheet_write_string(ws, 0, 1, "企业名称", NULL);
    worksheet_write_string(ws, 0, 3, "联系电话", NULL); /* column C left empty */
    worksheet_write_string(ws, 1, 0, "91341504MA2TKQ5B9Y", NULL);
    worksheet_write_string(ws, 1, 1, "叶集区<示例>&木业", NULL);
    worksheet_write_number(ws, 1, 3, 13800000000.0, NULL);        /* a phone typed as a number */
    worksheet_write_number(ws, 3, 0, 913415040000000000.0, NULL); /* row 3 empty, row 4 */
    worksheet_write_number(ws, 3, 1, 0.5, NULL);
    worksheet_write_boolean(ws, 3, 2, 1, NULL);
    lxw_worksheet *second = workbook_add_worksheet(wb, "其他");
    worksheet_write_string(second, 0, 0, "不应读到", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void check_sample(int constant_memory) {
    char path[] = "/tmp/zhifa-xlsx-test-XXXXXX.xlsx";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    write_sample(path, constant_memory);
    size_t n;
    char *data = slurp(path, &n);
    unlink(path);
    assert_true(zf_xlsx_sniff(data, n));
    rows_t r = {0};
    zf_csv_error_t err = {0};
    int rc = zf_xlsx_read(data, n, NULL, on_record, &r, &err);
    if (rc != 0) fail_msg("X: %s", err.message);
    /* numbers as the digits stored, never "9.13E+17"; the gap in column C
     * becomes ""; the second sheet is not read */
    assert_string_equal(
        r.out,
        "统一社会信用代码|企业名称||联系电话/91341504MA2TKQ5B9Y|叶集区<示例>&木业||13800000000/"
        "913415040000000000|0.5|TRUE");
    assert_int_equal(r.n, 3);
    assert_int_equal(r.recs[2], 4); /* row numbers as Excel shows them */
    free(data);
}

static void test_shared_strings(void **state) {
    (void)state;
    check_sample(0);
}

static void test_inline_strings(void **state) {
    (void)state;
    check_sample(1);
}

/* X-BAD: broken files are refused with a Chinese reason, never a crash. */
static void test_broken(void **state) {
    (void)state;
    rows_t r = {0};
    zf_csv_error_t err = {0};
    assert_int_equal(zf_xlsx_read("hello", 5, NULL, on_record, &r, &err), -1);
    assert_non_null(strstr(err.message, "不是 XLSX"));
    assert_int_equal(zf_xlsx_read("PK\x03\x04 truncated", 14, NULL, on_record, &r, &err), -1);
    assert_non_null(strstr(err.message, "XLSX"));
}

/* T-OUT: the export writer's XLSX reads back through the reader, and its
 * CSV starts with a BOM. */
static void test_table_out(void **state) {
    (void)state;
    char path[] = "/tmp/zhifa-tableout-XXXXXX.xlsx";
    int fd = mkstemps(path, 5);
    close(fd);
    zf_error_t err = {0};
    zf_table_out_t *t = zf_table_out_open("xlsx", path, "企业", &err);
    assert_non_null(t);
    const char *h[] = {"代码", "电话"};
    const char *row[] = {"91341504MA2TKQ5B9Y", "013800000000"};
    assert_int_equal(zf_table_out_row(t, h, 2, &err), 0);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(zf_table_out_row(t, row, 2, &err), 0);
    assert_int_equal(zf_table_out_close(t, &err), 0);
    size_t n;
    char *data = slurp(path, &n);
    unlink(path);
    size_t count = 0;
    zf_csv_error_t cerr = {0};
    zf_csv_limits_t lim = {2000, 8, 64};
    assert_int_equal(zf_xlsx_read(data, n, &lim, count_record, &count, &cerr), 0);
    assert_int_equal(count, 1001);
    free(data);
    char cpath[] = "/tmp/zhifa-tableout-XXXXXX.csv";
    fd = mkstemps(cpath, 4);
    close(fd);
    t = zf_table_out_open("csv", cpath, NULL, &err);
    const char *evil[] = {"=1+1", "a,b"};
    assert_int_equal(zf_table_out_row(t, evil, 2, &err), 0);
    assert_int_equal(zf_table_out_close(t, &err), 0);
    data = slurp(cpath, &n);
    unlink(cpath);
    assert_int_equal(n, 3 + 15);
    assert_memory_equal(data, "\xEF\xBB\xBF\"'=1+1\",\"a,b\"\r\n", n);
    free(data);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_strings),
        cmocka_unit_test(test_inline_strings),
        cmocka_unit_test(test_broken),
        cmocka_unit_test(test_table_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
