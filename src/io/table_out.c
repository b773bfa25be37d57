/* table_out.c — see table_out.h. */
#include "io/table_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/util.h"
#include "io/csv.h"

#define XLSX_MAX_ROWS 1048576u /* Excel's limit */
#define XLSX_MAX_CELL 32767u   /* characters per cell */

struct zf_table_out {
    int xlsx;
    FILE *f;
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *header;
    size_t row;
    char *line;
    size_t line_cap;
};

zf_table_out_t *zf_table_out_open(const char *format, const char *path, const char *sheet_name,
                                  zf_error_t *err) {
    zf_table_out_t *t = zf_xcalloc(1, sizeof *t);
    if (strcmp(format, "xlsx") == 0) {
        t->xlsx = 1;
        lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
        t->wb = workbook_new_opt(path, &opt);
        if (t->wb) t->ws = workbook_add_worksheet(t->wb, sheet_name);
        if (!t->wb || !t->ws) goto fail;
        t->header = workbook_add_format(t->wb);
        format_set_bold(t->header);
        return t;
    }
    t->f = fopen(path, "wb");
    if (!t->f) goto fail;
    fputs("\xEF\xBB\xBF", t->f); /* BOM: Excel otherwise reads CSV as GBK */
    t->line_cap = 4096;
    t->line = zf_xmalloc(t->line_cap);
    return t;
fail:
    if (t->wb) workbook_close(t->wb);
    free(t);
    zf_error_set(err, ZF_EIO, 500, "export.io", NULL, "无法创建导出文件");
    return NULL;
}

int zf_table_out_row(zf_table_out_t *t, const char *const *cells, size_t n, zf_error_t *err) {
    if (t->xlsx) {
        if (t->row >= XLSX_MAX_ROWS)
            return zf_error_set(err, ZF_ETOOBIG, 413, "export.too_many_rows", NULL,
                                "导出行数超过 Excel 上限（1048576 行），请缩小筛选范围或导出 CSV");
        for (size_t i = 0; i < n; i++) {
            const char *s = cells[i] ? cells[i] : "";
            if (!*s) continue;
            lxw_error e = worksheet_write_string(t->ws, (lxw_row_t)t->row, (lxw_col_t)i, s,
                                                 t->row == 0 ? t->header : NULL);
            if (e != LXW_NO_ERROR)
                return zf_error_set(err, ZF_EIO, 500, "export.io", NULL, "写入 XLSX 失败：%s",
                                    lxw_strerror(e));
        }
        if (t->row == 0) worksheet_set_column(t->ws, 0, (lxw_col_t)(n ? n - 1 : 0), 18, NULL);
        t->row++;
        return 0;
    }
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = cells[i] ? cells[i] : "";
        size_t need = len + strlen(s) * 2 + 8;
        if (need > t->line_cap) {
            while (t->line_cap < need)
                t->line_cap *= 2;
            t->line = zf_xrealloc(t->line, t->line_cap);
        }
        zf_csv_append_field(t->line, t->line_cap, &len, s, i == 0);
    }
    if (fwrite(t->line, 1, len, t->f) != len || fwrite("\r\n", 1, 2, t->f) != 2)
        return zf_error_set(err, ZF_EIO, 500, "export.io", NULL, "写入 CSV 失败");
    t->row++;
    return 0;
}

int zf_table_out_close(zf_table_out_t *t, zf_error_t *err) {
    int rc = 0;
    if (t->xlsx) {
        lxw_error e = workbook_close(t->wb); /* STACK.md: check it */
        if (e != LXW_NO_ERROR)
            rc = zf_error_set(err, ZF_EIO, 500, "export.io", NULL, "生成 XLSX 失败：%s",
                              lxw_strerror(e));
    } else {
        if (fclose(t->f) != 0)
            rc = zf_error_set(err, ZF_EIO, 500, "export.io", NULL, "写入 CSV 失败");
        free(t->line);
    }
    free(t);
    return rc;
}
