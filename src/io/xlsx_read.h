/* xlsx_read.h — read the first worksheet of an .xlsx file (Office Open XML,
 * as saved by Excel and WPS) as rows of text, for imports.
 *
 * libzip opens the archive from memory, expat parses xl/workbook.xml and its
 * relationships (to find the first sheet), xl/sharedStrings.xml and the
 * sheet. Cells: shared strings (t="s"), inline strings (t="inlineStr"),
 * formula strings (t="str"), booleans and numbers. A number is given as the
 * decimal text stored in the file, never through a double: "13800000000"
 * stays as it is, and the exponent form Excel writes for big numbers
 * ("9.13415E+17") is expanded to its digits exactly as stored. Gaps between
 * cells become "". Caps: entries over 256 MiB uncompressed (zip bombs), rows,
 * columns and cell length as in csv.h. Thread-safe (no globals). */
#ifndef ZF_IO_XLSX_READ_H
#define ZF_IO_XLSX_READ_H

#include <stddef.h>

#include "io/csv.h"

/* Same callback and error record as the CSV reader: record is the 1-based
 * row number in the sheet (the "r" attribute), so empty rows in the sheet
 * keep the numbers people see in Excel. Returns 0, the callback's non-zero
 * value, or −1 with err filled (record 0 when it is about the whole file). */
int zf_xlsx_read(const void *data, size_t n, const zf_csv_limits_t *limits, zf_csv_record_fn fn,
                 void *ctx, zf_csv_error_t *err);

/* Does the buffer start like a zip archive ("PK\3\4")? */
int zf_xlsx_sniff(const void *data, size_t n);

#endif
