/* table_out.h — write a table of text cells to a file as CSV (UTF-8 with a
 * BOM, so Excel and WPS open it as UTF-8) or XLSX (libxlsxwriter in
 * constant-memory mode: rows go to disk as they come, so memory stays flat
 * for 100,000 rows). Every cell is written as text, never as a number, so
 * credit codes and phone numbers survive a round trip. CSV cells that start
 * with = + - @ are guarded against formula injection (csv.h). Not
 * thread-safe per object; separate objects may be used on separate threads. */
#ifndef ZF_IO_TABLE_OUT_H
#define ZF_IO_TABLE_OUT_H

#include <stddef.h>

#include "core/error.h"

typedef struct zf_table_out zf_table_out_t;

/* format "csv" or "xlsx"; path is created or truncated. NULL with err
 * filled (500 export.io) when the file cannot be created. */
zf_table_out_t *zf_table_out_open(const char *format, const char *path, const char *sheet_name,
                                  zf_error_t *err);
/* One row of n cells (NULL cells are empty). 0 or negative. */
int zf_table_out_row(zf_table_out_t *t, const char *const *cells, size_t n, zf_error_t *err);
/* Finish the file (XLSX: workbook_close, whose result is checked) and free
 * t. 0 or negative (the file is then incomplete: delete it). */
int zf_table_out_close(zf_table_out_t *t, zf_error_t *err);

#endif
