/* fuzz_xlsx.c — libFuzzer target: the XLSX reader (src/io/xlsx_read.c,
 * libzip from memory + expat) that parses the body of the import uploads
 * (enterprises, catalogue, payments: POST …/import with the file's bytes).
 * Never crashes, never leaks; every cell handed to the callback is
 * NUL-terminated at its length and within the caps (row numbers are the
 * file's own "r" attributes, not checked for order). Seeds: workbooks
 * written the way Excel and WPS write them, shared and inline strings,
 * numbers in exponent form (tests/lib/xlsx.js; tests/fuzz/corpus/fuzz_xlsx/). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/xlsx_read.h"

struct seen {
    zf_csv_limits_t lim;
};

static int on_row(void *ctx, size_t record, size_t line, char **fields, const size_t *len,
                  size_t n) {
    struct seen *s = ctx;
    (void)record;
    (void)line;
    if (n > s->lim.max_fields) abort();
    for (size_t i = 0; i < n; i++) {
        if (len[i] > s->lim.max_field_bytes) abort();
        if (fields[i][len[i]] != 0) abort();
        if (strlen(fields[i]) > len[i]) abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    struct seen s = {{1000, 32, 256}};
    zf_csv_error_t err;
    if (zf_xlsx_sniff(data, size)) zf_xlsx_read(data, size, &s.lim, on_row, &s, &err);
    return 0;
}
