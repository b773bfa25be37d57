/* xlsx_read.c — see xlsx_read.h. */
#include "io/xlsx_read.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/util.h"

#define MAX_ENTRY_BYTES (256u * 1024u * 1024u)
#define MAX_SHARED_STRINGS 2000000u

/* A growable byte string. */
typedef struct sbuf {
    char *p;
    size_t len, cap;
} sbuf_t;

static void sb_add(sbuf_t *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->p = zf_xrealloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_clear(sbuf_t *b) {
    b->len = 0;
    if (b->p) b->p[0] = '\0';
}

static int set_err(zf_csv_error_t *err, size_t record, const char *msg) {
    if (err) {
        err->record = record;
        err->line = record;
        snprintf(err->message, sizeof err->message, "%s", msg);
    }
    return -1;
}

/* Read one entry of the archive into a malloc'd NUL-terminated buffer. */
static int read_entry(zip_t *z, const char *name, char **out, size_t *len, zf_csv_error_t *err) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z, name, 0, &st) != 0) return 1; /* missing */
    if (!(st.valid & ZIP_STAT_SIZE) || st.size > MAX_ENTRY_BYTES)
        return set_err(err, 0, "XLSX 文件中的某个部件过大（超过 256 MiB），拒绝读取");
    zip_file_t *f = zip_fopen(z, name, 0);
    if (!f) return set_err(err, 0, "XLSX 文件已损坏：无法解压");
    char *buf = zf_xmalloc((size_t)st.size + 1);
    zip_int64_t got = 0;
    while ((zip_uint64_t)got < st.size) {
        zip_int64_t r = zip_fread(f, buf + got, st.size - (zip_uint64_t)got);
        if (r <= 0) break;
        got += r;
    }
    zip_fclose(f);
    if ((zip_uint64_t)got != st.size) {
        free(buf);
        return set_err(err, 0, "XLSX 文件已损坏：解压数据不完整");
    }
    buf[got] = '\0';
    *out = buf;
    *len = (size_t)got;
    return 0;
}

static const char *attr(const XML_Char **atts, const char *name) {
    for (size_t i = 0; atts[i]; i += 2) {
        const char *a = atts[i];
        const char *colon = strrchr(a, ':');
        /* match "r:id" by its local name only when asked for "id" with a prefix */
        if (strcmp(a, name) == 0) return atts[i + 1];
        if (colon && strcmp(name, "r:id") == 0 && strcmp(colon + 1, "id") == 0 &&
            strncmp(a, "r", 1) == 0)
            return atts[i + 1];
    }
    return NULL;
}

/* Local name of an element (expat is used without namespace processing, so
 * a prefix like "x:" may appear). */
static const char *local(const char *name) {
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

/* ---- workbook: the first sheet's relationship id, then its target ---- */

typedef struct wb_ctx {
    char rid[128];
    char target[512];
    const char *want_rid;
} wb_ctx_t;

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts) {
    wb_ctx_t *c = ud;
    if (strcmp(local(name), "sheet") == 0 && !c->rid[0]) {
        const char *id = attr(atts, "r:id");
        if (id) snprintf(c->rid, sizeof c->rid, "%s", id);
    } else if (strcmp(local(name), "Relationship") == 0 && c->want_rid && !c->target[0]) {
        const char *id = attr(atts, "Id");
        const char *t = attr(atts, "Target");
        if (id && t && strcmp(id, c->want_rid) == 0) snprintf(c->target, sizeof c->target, "%s", t);
    }
}

static int parse_xml(const char *xml, size_t n, void *ud, XML_StartElementHandler s,
                     XML_EndElementHandler e, XML_CharacterDataHandler cd) {
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (!p) return -1;
    XML_SetUserData(p, ud);
    XML_SetElementHandler(p, s, e);
    if (cd) XML_SetCharacterDataHandler(p, cd);
    int ok = XML_Parse(p, xml, (int)n, 1) == XML_STATUS_OK;
    XML_ParserFree(p);
    return ok ? 0 : -1;
}

/* Path of the first worksheet, "xl/worksheets/sheet1.xml" when the workbook
 * does not say. */
static void first_sheet_path(zip_t *z, char *out, size_t cap) {
    snprintf(out, cap, "xl/worksheets/sheet1.xml");
    char *xml = NULL;
    size_t n = 0;
    wb_ctx_t c = {0};
    if (read_entry(z, "xl/workbook.xml", &xml, &n, NULL) != 0) return;
    parse_xml(xml, n, &c, wb_start, NULL, NULL);
    free(xml);
    if (!c.rid[0]) return;
    c.want_rid = c.rid;
    if (read_entry(z, "xl/_rels/workbook.xml.rels", &xml, &n, NULL) != 0) return;
    parse_xml(xml, n, &c, wb_start, NULL, NULL);
    free(xml);
    if (!c.target[0]) return;
    if (c.target[0] == '/')
        snprintf(out, cap, "%s", c.target + 1);
    else
        snprintf(out, cap, "xl/%s", c.target);
}

/* ---- shared strings ---- */

typedef struct ss_ctx {
    char **items;
    size_t n, cap;
    sbuf_t cur;
    int in_si, in_t, in_rph;
    int overflow;
} ss_ctx_t;

static void XMLCALL ss_start(void *ud, const XML_Char *name, const XML_Char **atts) {
    (void)atts;
    ss_ctx_t *c = ud;
    const char *l = local(name);
    if (strcmp(l, "si") == 0) {
        c->in_si = 1;
        sb_clear(&c->cur);
    } else if (strcmp(l, "t") == 0 && c->in_si) {
        c->in_t = 1;
    } else if (strcmp(l, "rPh") == 0) {
        c->in_rph = 1; /* phonetic guide text: not part of the value */
    }
}

static void XMLCALL ss_end(void *ud, const XML_Char *name) {
    ss_ctx_t *c = ud;
    const char *l = local(name);
    if (strcmp(l, "t") == 0) {
        c->in_t = 0;
    } else if (strcmp(l, "rPh") == 0) {
        c->in_rph = 0;
    } else if (strcmp(l, "si") == 0) {
        c->in_si = 0;
        if (c->n >= MAX_SHARED_STRINGS) {
            c->overflow = 1;
            return;
        }
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 256;
            c->items = zf_xrealloc(c->items, c->cap * sizeof *c->items);
        }
        c->items[c->n++] = zf_xstrdup(c->cur.p ? c->cur.p : "");
    }
}

static void XMLCALL ss_text(void *ud, const XML_Char *s, int len) {
    ss_ctx_t *c = ud;
    if (c->in_si && c->in_t && !c->in_rph) sb_add(&c->cur, s, (size_t)len);
}

/* ---- the sheet ---- */

typedef struct sheet_ctx {
    const zf_csv_limits_t *lim;
    ss_ctx_t *ss;
    zf_csv_record_fn fn;
    void *ctx;
    zf_csv_error_t *err;
    XML_Parser parser;
    /* current row */
    size_t row_num, next_row;
    char **fields;
    size_t *lens;
    size_t nfields, fields_cap;
    /* current cell */
    int in_c, in_v, in_t, in_is;
    size_t col; /* 0-based */
    char type[16];
    sbuf_t val;
    int rc; /* non-zero: stop */
    size_t records;
} sheet_ctx_t;

static void stop(sheet_ctx_t *c, int rc) {
    if (c->rc == 0) c->rc = rc;
    XML_StopParser(c->parser, XML_FALSE);
}

/* "AB12" → column index 27 (0-based); −1 when there are no letters. */
static long col_index(const char *ref) {
    long v = 0;
    int any = 0;
    for (const char *p = ref; *p >= 'A' && *p <= 'Z'; p++) {
        v = v * 26 + (*p - 'A' + 1);
        any = 1;
        if (v > 100000) return -1;
    }
    return any ? v - 1 : -1;
}

static void free_row(sheet_ctx_t *c) {
    for (size_t i = 0; i < c->nfields; i++)
        free(c->fields[i]);
    c->nfields = 0;
}

static int set_field(sheet_ctx_t *c, size_t col, const char *s, size_t len) {
    if (col >= c->lim->max_fields) return -1;
    while (c->nfields <= col) {
        if (c->nfields == c->fields_cap) {
            c->fields_cap = c->fields_cap ? c->fields_cap * 2 : 16;
            c->fields = zf_xrealloc(c->fields, c->fields_cap * sizeof *c->fields);
            c->lens = zf_xrealloc(c->lens, c->fields_cap * sizeof *c->lens);
        }
        c->fields[c->nfields] = zf_xstrdup("");
        c->lens[c->nfields] = 0;
        c->nfields++;
    }
    free(c->fields[col]);
    char *copy = zf_xmalloc(len + 1);
    memcpy(copy, s, len);
    copy[len] = '\0';
    c->fields[col] = copy;
    c->lens[col] = len;
    return 0;
}

/* Numbers as the text stored: "1.0" → "1", "9.1341504E+17" →
 * "913415040000000000", without going through a double. Writes into out. */
static void number_text(const char *v, sbuf_t *out) {
    sb_clear(out);
    const char *e = strpbrk(v, "eE");
    const char *dot = strchr(v, '.');
    if (!e && !dot) {
        sb_add(out, v, strlen(v));
        return;
    }
    int neg = v[0] == '-';
    const char *p = v + (neg || v[0] == '+');
    char digits[64];
    size_t nd = 0;
    long point = -1; /* digits before the decimal point */
    for (; *p && p != e; p++) {
        if (*p == '.')
            point = (long)nd;
        else if (*p >= '0' && *p <= '9' && nd < sizeof digits - 1)
            digits[nd++] = *p;
        else {
            sb_add(out, v, strlen(v));
            return;
        }
    }
    if (point < 0) point = (long)nd;
    long exp = e ? strtol(e + 1, NULL, 10) : 0;
    if (exp > 40 || exp < -40) {
        sb_add(out, v, strlen(v));
        return;
    }
    point += exp;
    char buf[160];
    size_t n = 0;
    if (neg) buf[n++] = '-';
    if (point <= 0) {
        buf[n++] = '0';
        buf[n++] = '.';
        for (long i = 0; i < -point; i++)
            buf[n++] = '0';
        for (size_t i = 0; i < nd; i++)
            buf[n++] = digits[i];
    } else {
        for (long i = 0; i < point; i++)
            buf[n++] = (size_t)i < nd ? digits[i] : '0';
        if ((size_t)point < nd) {
            buf[n++] = '.';
            for (size_t i = (size_t)point; i < nd; i++)
                buf[n++] = digits[i];
        }
    }
    buf[n] = '\0';
    /* drop trailing zeros after a point, and the point */
    if (strchr(buf, '.')) {
        while (n > 0 && buf[n - 1] == '0')
            buf[--n] = '\0';
        if (n > 0 && buf[n - 1] == '.') buf[--n] = '\0';
    }
    /* drop leading zeros of the integer part ("007" stays only for strings) */
    size_t start = neg ? 1 : 0;
    while (buf[start] == '0' && buf[start + 1] && buf[start + 1] != '.')
        memmove(buf + start, buf + start + 1, strlen(buf + start));
    sb_add(out, buf, strlen(buf));
}

static void emit_row(sheet_ctx_t *c) {
    if (c->rc) return;
    c->records++;
    if (c->records > c->lim->max_records) {
        char msg[128];
        snprintf(msg, sizeof msg, "行数过多：最多 %zu 行（含表头）", c->lim->max_records);
        set_err(c->err, c->row_num, msg);
        stop(c, -1);
        return;
    }
    if (c->nfields == 0) set_field(c, 0, "", 0);
    int r = c->fn(c->ctx, c->row_num, c->row_num, c->fields, c->lens, c->nfields);
    if (r) stop(c, r);
}

static void XMLCALL sh_start(void *ud, const XML_Char *name, const XML_Char **atts) {
    sheet_ctx_t *c = ud;
    if (c->rc) return;
    const char *l = local(name);
    if (strcmp(l, "row") == 0) {
        free_row(c);
        const char *r = attr(atts, "r");
        long n = r ? strtol(r, NULL, 10) : 0;
        c->row_num = n > 0 ? (size_t)n : c->next_row;
        c->next_row = c->row_num + 1;
    } else if (strcmp(l, "c") == 0) {
        c->in_c = 1;
        const char *r = attr(atts, "r");
        const char *t = attr(atts, "t");
        long col = r ? col_index(r) : -1;
        c->col = col >= 0 ? (size_t)col : c->nfields;
        snprintf(c->type, sizeof c->type, "%s", t ? t : "n");
        sb_clear(&c->val);
    } else if (c->in_c && strcmp(l, "v") == 0) {
        c->in_v = 1;
    } else if (c->in_c && strcmp(l, "is") == 0) {
        c->in_is = 1;
    } else if (c->in_is && strcmp(l, "t") == 0) {
        c->in_t = 1;
    }
}

static void XMLCALL sh_end(void *ud, const XML_Char *name) {
    sheet_ctx_t *c = ud;
    if (c->rc) return;
    const char *l = local(name);
    if (strcmp(l, "v") == 0) {
        c->in_v = 0;
    } else if (strcmp(l, "t") == 0) {
        c->in_t = 0;
    } else if (strcmp(l, "is") == 0) {
        c->in_is = 0;
    } else if (strcmp(l, "c") == 0) {
        c->in_c = 0;
        const char *v = c->val.p ? c->val.p : "";
        sbuf_t tmp = {0};
        const char *text = v;
        if (strcmp(c->type, "s") == 0) {
            char *end = NULL;
            unsigned long idx = strtoul(v, &end, 10);
            if (!*v || *end || idx >= c->ss->n) {
                set_err(c->err, c->row_num, "XLSX 文件已损坏：共享字符串编号越界");
                stop(c, -1);
                return;
            }
            text = c->ss->items[idx];
        } else if (strcmp(c->type, "b") == 0) {
            text = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
        } else if (strcmp(c->type, "n") == 0 && *v) {
            number_text(v, &tmp);
            text = tmp.p;
        }
        size_t len = strlen(text);
        if (len > c->lim->max_field_bytes) {
            char msg[128];
            snprintf(msg, sizeof msg, "第 %zu 列的单元格过长：最多 %zu 字节", c->col + 1,
                     c->lim->max_field_bytes);
            set_err(c->err, c->row_num, msg);
            free(tmp.p);
            stop(c, -1);
            return;
        }
        if (set_field(c, c->col, text, len) != 0) {
            char msg[128];
            snprintf(msg, sizeof msg, "列过多：每行最多 %zu 列", c->lim->max_fields);
            set_err(c->err, c->row_num, msg);
            stop(c, -1);
        }
        free(tmp.p);
    } else if (strcmp(l, "row") == 0) {
        emit_row(c);
        free_row(c);
    }
}

static void XMLCALL sh_text(void *ud, const XML_Char *s, int len) {
    sheet_ctx_t *c = ud;
    if (c->rc) return;
    if (c->in_v || (c->in_is && c->in_t)) {
        if (c->val.len + (size_t)len > c->lim->max_field_bytes + 1) return; /* caught at </c> */
        sb_add(&c->val, s, (size_t)len);
    }
}

int zf_xlsx_sniff(const void *data, size_t n) {
    return n >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

int zf_xlsx_read(const void *data, size_t n, const zf_csv_limits_t *limits, zf_csv_record_fn fn,
                 void *ctx, zf_csv_error_t *err) {
    static const zf_csv_limits_t defaults = ZF_CSV_LIMITS_INIT;
    if (!zf_xlsx_sniff(data, n)) return set_err(err, 0, "不是 XLSX 文件（不是 zip 压缩包）");
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(data, n, 0, &zerr);
    if (!src) {
        zip_error_fini(&zerr);
        return set_err(err, 0, "无法读取 XLSX 文件");
    }
    zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &zerr);
    if (!z) {
        zip_source_free(src);
        zip_error_fini(&zerr);
        return set_err(err, 0, "XLSX 文件已损坏：不是有效的 zip 压缩包");
    }
    zip_error_fini(&zerr);
    int rc = 0;
    ss_ctx_t ss = {0};
    char *xml = NULL;
    size_t len = 0;
    int r = read_entry(z, "xl/sharedStrings.xml", &xml, &len, err);
    if (r < 0) rc = -1;
    if (r == 0) {
        if (parse_xml(xml, len, &ss, ss_start, ss_end, ss_text) != 0 || ss.overflow)
            rc = set_err(err, 0, "XLSX 文件已损坏：共享字符串表无法解析");
        free(xml);
        xml = NULL;
    }
    char sheet_path[600];
    if (rc == 0) {
        first_sheet_path(z, sheet_path, sizeof sheet_path);
        r = read_entry(z, sheet_path, &xml, &len, err);
        if (r > 0)
            rc = set_err(err, 0, "XLSX 文件中没有工作表");
        else if (r < 0)
            rc = -1;
    }
    if (rc == 0) {
        sheet_ctx_t c = {.lim = limits ? limits : &defaults,
                         .ss = &ss,
                         .fn = fn,
                         .ctx = ctx,
                         .err = err,
                         .next_row = 1};
        c.parser = XML_ParserCreate("UTF-8");
        XML_SetUserData(c.parser, &c);
        XML_SetElementHandler(c.parser, sh_start, sh_end);
        XML_SetCharacterDataHandler(c.parser, sh_text);
        enum XML_Status st = XML_Parse(c.parser, xml, (int)len, 1);
        if (c.rc)
            rc = c.rc;
        else if (st != XML_STATUS_OK) {
            char msg[200];
            snprintf(msg, sizeof msg, "XLSX 工作表无法解析：%s（第 %lu 行）",
                     XML_ErrorString(XML_GetErrorCode(c.parser)),
                     (unsigned long)XML_GetCurrentLineNumber(c.parser));
            rc = set_err(err, 0, msg);
        }
        XML_ParserFree(c.parser);
        free_row(&c);
        free(c.fields);
        free(c.lens);
        free(c.val.p);
    }
    free(xml);
    for (size_t i = 0; i < ss.n; i++)
        free(ss.items[i]);
    free(ss.items);
    free(ss.cur.p);
    zip_discard(z); /* read-only; also frees src */
    return rc;
}
