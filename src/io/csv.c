/* csv.c — see csv.h. A small state machine over the buffer. */
#include "io/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

typedef struct parser {
    const zf_csv_limits_t *lim;
    char *buf; /* all fields of the record, each NUL-terminated */
    size_t buf_len, buf_cap;
    size_t *starts, *lens;
    char **ptrs;
    size_t nfields, fields_cap;
    size_t field_start; /* offset in buf of the field being read */
} parser_t;

static int set_err(zf_csv_error_t *err, size_t record, size_t line, const char *msg) {
    if (err) {
        err->record = record;
        err->line = line;
        snprintf(err->message, sizeof err->message, "%s", msg);
    }
    return -1;
}

static void put(parser_t *p, char c) {
    if (p->buf_len + 1 >= p->buf_cap) {
        p->buf_cap = p->buf_cap ? p->buf_cap * 2 : 1024;
        p->buf = zf_xrealloc(p->buf, p->buf_cap);
    }
    p->buf[p->buf_len++] = c;
}

/* End the current field; −1 over the field cap. */
static int end_field(parser_t *p) {
    if (p->nfields >= p->lim->max_fields) return -1;
    if (p->nfields == p->fields_cap) {
        p->fields_cap = p->fields_cap ? p->fields_cap * 2 : 16;
        p->starts = zf_xrealloc(p->starts, p->fields_cap * sizeof *p->starts);
        p->lens = zf_xrealloc(p->lens, p->fields_cap * sizeof *p->lens);
        p->ptrs = zf_xrealloc(p->ptrs, p->fields_cap * sizeof *p->ptrs);
    }
    p->starts[p->nfields] = p->field_start;
    p->lens[p->nfields] = p->buf_len - p->field_start;
    p->nfields++;
    put(p, '\0');
    p->field_start = p->buf_len;
    return 0;
}

int zf_csv_parse(const char *data, size_t n, const zf_csv_limits_t *limits, zf_csv_record_fn fn,
                 void *ctx, zf_csv_error_t *err) {
    static const zf_csv_limits_t defaults = ZF_CSV_LIMITS_INIT;
    parser_t p = {.lim = limits ? limits : &defaults};
    size_t i = 0, line = 1, record = 0, record_line = 1;
    int rc = 0;
    char msg[200];
    if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < n && rc == 0) {
        /* one record */
        record++;
        record_line = line;
        if (record > p.lim->max_records) {
            snprintf(msg, sizeof msg, "记录过多：最多 %zu 行（含表头）", p.lim->max_records);
            rc = set_err(err, record, line, msg);
            break;
        }
        p.buf_len = p.field_start = p.nfields = 0;
        int done = 0;
        while (!done && rc == 0) {
            /* one field */
            size_t flen = 0;
            if (i < n && data[i] == '"') {
                i++;
                for (;;) {
                    if (i >= n) {
                        rc = set_err(
                            err, record, record_line,
                            "引号未闭合：从这一行开始的带引号字段直到文件结尾都没有结束引号");
                        break;
                    }
                    char c = data[i];
                    if (c == '"') {
                        if (i + 1 < n && data[i + 1] == '"') {
                            put(&p, '"');
                            flen++;
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (c == '\0') {
                        rc = set_err(err, record, line, "文件中有 NUL 字节：不是文本文件");
                        break;
                    }
                    if (c == '\n') line++;
                    put(&p, c);
                    flen++;
                    i++;
                    if (flen > p.lim->max_field_bytes) break;
                }
                if (rc == 0 && i < n && data[i] != ',' && data[i] != '\n' &&
                    !(data[i] == '\r' && i + 1 < n && data[i + 1] == '\n') &&
                    !(data[i] == '\r' && i + 1 == n) && flen <= p.lim->max_field_bytes)
                    rc = set_err(err, record, line, "结束引号后还有多余字符：应紧跟逗号或换行");
            } else {
                while (i < n && data[i] != ',' && data[i] != '\n' && data[i] != '\r') {
                    if (data[i] == '"') {
                        rc = set_err(err, record, line,
                                     "未加引号的字段中出现了引号：含引号的字段须整体用引号括起，内"
                                     "部引号写两次");
                        break;
                    }
                    if (data[i] == '\0') {
                        rc = set_err(err, record, line, "文件中有 NUL 字节：不是文本文件");
                        break;
                    }
                    put(&p, data[i]);
                    flen++;
                    i++;
                    if (flen > p.lim->max_field_bytes) break;
                }
                if (rc == 0 && i < n && data[i] == '\r' && !(i + 1 == n || data[i + 1] == '\n'))
                    rc = set_err(err, record, line,
                                 "字段中有单独的回车符（CR）：请用引号括起该字段");
            }
            if (rc) break;
            if (flen > p.lim->max_field_bytes) {
                snprintf(msg, sizeof msg, "第 %zu 个字段过长：最多 %zu 字节", p.nfields + 1,
                         p.lim->max_field_bytes);
                rc = set_err(err, record, line, msg);
                break;
            }
            if (end_field(&p) != 0) {
                snprintf(msg, sizeof msg, "字段过多：每行最多 %zu 列", p.lim->max_fields);
                rc = set_err(err, record, line, msg);
                break;
            }
            if (i >= n) {
                done = 1;
            } else if (data[i] == ',') {
                i++;
                if (i >= n) { /* "a," at the very end: one more empty field */
                    if (end_field(&p) != 0) {
                        snprintf(msg, sizeof msg, "字段过多：每行最多 %zu 列", p.lim->max_fields);
                        rc = set_err(err, record, line, msg);
                    }
                    done = 1;
                }
            } else {
                if (data[i] == '\r') i++;
                if (i < n && data[i] == '\n') i++;
                line++;
                done = 1;
            }
        }
        if (rc) break;
        for (size_t f = 0; f < p.nfields; f++)
            p.ptrs[f] = p.buf + p.starts[f];
        rc = fn(ctx, record, record_line, p.ptrs, p.lens, p.nfields);
    }
    free(p.buf);
    free(p.starts);
    free(p.lens);
    free(p.ptrs);
    return rc;
}

static int fuzz_record(void *ctx, size_t record, size_t line, char **fields, const size_t *len,
                       size_t nfields) {
    const zf_csv_limits_t *lim = ctx;
    if (nfields == 0 || nfields > lim->max_fields || record == 0 || line == 0) abort();
    for (size_t i = 0; i < nfields; i++) {
        if (len[i] > lim->max_field_bytes || fields[i][len[i]] != '\0') abort();
    }
    return 0;
}

int zf_csv_fuzz(const uint8_t *data, size_t size) {
    zf_csv_limits_t lim = {1000, 32, 256};
    zf_csv_error_t err;
    zf_csv_parse((const char *)data, size, &lim, fuzz_record, &lim, &err);
    return 0;
}

/* Does s look like a plain number ("-12", "+3.5")? Those stay as they are. */
static int is_number(const char *s) {
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    int digits = 0, dot = 0;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (*p == '.' && !dot)
            dot = 1;
        else
            return 0;
    }
    return digits > 0;
}

int zf_csv_append_field(char *buf, size_t cap, size_t *len, const char *field, int first) {
    size_t n = *len;
    const char *f = field ? field : "";
    size_t flen = strlen(f);
    /* Formula injection (CWE-1236): a cell starting with = + - @ would be
     * evaluated by Excel/WPS; prefix an apostrophe. */
    int guard = (f[0] == '=' || f[0] == '+' || f[0] == '-' || f[0] == '@') && !is_number(f);
    int quote =
        guard || strpbrk(f, ",\"\r\n") != NULL || (flen > 0 && (f[0] == ' ' || f[flen - 1] == ' '));
    size_t need = (first ? 0 : 1) + flen * 2 + 4;
    if (n + need >= cap) return -1;
    if (!first) buf[n++] = ',';
    if (quote) buf[n++] = '"';
    if (guard) buf[n++] = '\'';
    for (const char *p = f; *p; p++) {
        if (*p == '"') buf[n++] = '"';
        buf[n++] = *p;
    }
    if (quote) buf[n++] = '"';
    buf[n] = '\0';
    *len = n;
    return 0;
}
