/* render.c — a document template filled with fields, as an A4 PDF (docs.h).
 *
 * Two passes per document: `flow` lays every section out with pango into a
 * list of drawing operations, each on a page, breaking paragraphs between
 * lines and keeping table rows and the signature block whole; then `draw`
 * replays them page by page, adding what needs the page count (第 N 页 共
 * M 页) and, on an issued document, the QR code and verification code.
 *
 * Page: A4 (595.2756 × 841.8898 pt), margins of printed official documents
 * (GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm); body Noto
 * Serif CJK SC 12 pt (小四) at 1.5 line spacing, title bold 22 pt (二号).
 * Characters the serif face lacks (CJK Extension B, e.g. 𠀤 U+20024) fall
 * back through fontconfig to Noto Sans CJK SC of the same package, named
 * in the family list so the choice does not depend on the machine's other
 * fonts. Before both come our build-time subsets of the same faces, "ZF
 * Serif" and "ZF Sans" (fonts.c): the same glyphs, half the CPU time and a
 * quarter of the file; a family that is not registered (no subsets built)
 * is skipped by fontconfig, and a character the subsets lack comes from
 * the full face named after them.
 *
 * Built as its own module, zhifa-docs.so (issue 12: idle memory): the
 * server maps cairo, pango, glib, fontconfig, freetype, harfbuzz and the
 * X11 client libraries only when the first document is rendered;
 * render_module.c in the binary loads it and calls zf_doc__module_render.
 * The zf_ functions this file calls (zf_xcalloc, zf_error_set, the template
 * accessors) are the binary's own, exported to the module
 * (--export-dynamic-symbol=zf_*); everything here but the entry point is
 * hidden (gnu_symbol_visibility: 'hidden' in meson.build). */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util.h"
#include "docs/docs.h"

#define MM (72.0 / 25.4)
#define PAGE_W 595.2756
#define PAGE_H 841.8898
#define M_TOP (37 * MM)
#define M_BOTTOM (35 * MM)
#define M_LEFT (28 * MM)
#define M_RIGHT (26 * MM)
#define CONTENT_W (PAGE_W - M_LEFT - M_RIGHT)
#define CONTENT_BOTTOM (PAGE_H - M_BOTTOM)
#define QR_SIZE (20 * MM)
#define CELL_PAD 4.0
#define LABEL_W (CONTENT_W * 0.29)
#define PDF_MAX_BYTES (64u * 1024 * 1024)

#define FAMILIES "ZF Serif, ZF Sans, Noto Serif CJK SC, Noto Sans CJK SC"
#define FONT_BODY FAMILIES " 12"
#define FONT_BOLD FAMILIES " Bold 12"
#define FONT_TITLE FAMILIES " Bold 22"
#define FONT_AUTH FAMILIES " Bold 16"
#define FONT_SMALL FAMILIES " 9"
#define FONT_WATERMARK FAMILIES " Bold 40"

enum { OP_LINE, OP_LAYOUT, OP_RECT };

typedef struct op {
    int page;
    int type;
    double x, y, w, h; /* OP_LINE: (x, baseline); OP_LAYOUT: top-left; OP_RECT: box */
    PangoLayout *layout;
    int line;
} op_t;

typedef struct flow {
    cairo_t *cr;
    op_t *ops;
    size_t nops, cap;
    PangoLayout **layouts; /* every layout made, unref'd at the end */
    size_t nlayouts, lcap;
    int page;   /* current page, from 0 */
    double y;   /* current top */
    int failed; /* too many operations */
} flow_t;

static void add_op(flow_t *f, op_t o) {
    if (f->nops == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 128;
        f->ops = zf_xrealloc(f->ops, f->cap * sizeof *f->ops);
    }
    f->ops[f->nops++] = o;
}

static PangoLayout *make_layout(flow_t *f, const char *font, double width, PangoAlignment align,
                                int indent_em, double spacing, const char *text) {
    PangoLayout *l = pango_cairo_create_layout(f->cr);
    PangoFontDescription *d = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, d);
    int size = pango_font_description_get_size(d);
    pango_font_description_free(d);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, align);
    if (indent_em) pango_layout_set_indent(l, indent_em * size);
    if (spacing > 0) pango_layout_set_line_spacing(l, (float)spacing);
    if (align == PANGO_ALIGN_LEFT && indent_em) pango_layout_set_justify(l, TRUE);
    pango_layout_set_text(l, text, -1);
    if (f->nlayouts == f->lcap) {
        f->lcap = f->lcap ? f->lcap * 2 : 64;
        f->layouts = zf_xrealloc(f->layouts, f->lcap * sizeof *f->layouts);
    }
    f->layouts[f->nlayouts++] = l;
    return l;
}

static void new_page(flow_t *f) {
    f->page++;
    f->y = M_TOP;
}

/* Flow a layout line by line from the current position at x, breaking to
 * a new page where a line would cross the bottom margin. */
static void flow_lines(flow_t *f, PangoLayout *l, double x, double gap_after) {
    PangoLayoutIter *it = pango_layout_get_iter(l);
    int line = 0;
    do {
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        double h = (double)logical.height / PANGO_SCALE;
        double base = (double)(pango_layout_iter_get_baseline(it) - logical.y) / PANGO_SCALE;
        if (f->y + h > CONTENT_BOTTOM && f->y > M_TOP + 0.5) new_page(f);
        add_op(f, (op_t){.page = f->page,
                         .type = OP_LINE,
                         .x = x + (double)logical.x / PANGO_SCALE,
                         .y = f->y + base,
                         .layout = l,
                         .line = line});
        f->y += h;
        line++;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    f->y += gap_after;
}

static double layout_height(PangoLayout *l) {
    int w, h;
    pango_layout_get_size(l, &w, &h);
    (void)w;
    return (double)h / PANGO_SCALE;
}

/* Keep a block of height h whole: start a new page when it does not fit
 * (unless the page is still empty: then it overflows rather than loops). */
static void keep_together(flow_t *f, double h) {
    if (f->y + h > CONTENT_BOTTOM && f->y > M_TOP + 0.5) new_page(f);
}

static void flow_text(flow_t *f, const char *font, PangoAlignment align, int indent, double spacing,
                      const char *text, json_t *fields, double gap_after) {
    char *s = zf_doc_expand(text, fields);
    PangoLayout *l = make_layout(f, font, CONTENT_W, align, indent, spacing, s);
    free(s);
    flow_lines(f, l, M_LEFT, gap_after);
}

/* The two cell boxes of a table row segment from y0 to y1 on this page. */
static void row_boxes(flow_t *f, double y0, double y1) {
    add_op(
        f,
        (op_t){.page = f->page, .type = OP_RECT, .x = M_LEFT, .y = y0, .w = LABEL_W, .h = y1 - y0});
    add_op(f, (op_t){.page = f->page,
                     .type = OP_RECT,
                     .x = M_LEFT + LABEL_W,
                     .y = y0,
                     .w = CONTENT_W - LABEL_W,
                     .h = y1 - y0});
}

/* A row taller than a page, broken between lines of its value: each page
 * gets its part of the row in boxes of its own, the label on the first part
 * (and (续) on none: the open bottom and top edges say it continues). The
 * row starts on the current page when its label and a few lines fit. */
static void flow_split_row(flow_t *f, PangoLayout *ll, PangoLayout *vl, double hl) {
    keep_together(f, hl + 2 * CELL_PAD + 3 * 20);
    double top = f->y, y = f->y + CELL_PAD;
    add_op(
        f,
        (op_t){.page = f->page, .type = OP_LAYOUT, .x = M_LEFT + CELL_PAD, .y = y, .layout = ll});
    PangoLayoutIter *it = pango_layout_get_iter(vl);
    int line = 0;
    do {
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        double lh = (double)logical.height / PANGO_SCALE;
        double base = (double)(pango_layout_iter_get_baseline(it) - logical.y) / PANGO_SCALE;
        if (y + lh + CELL_PAD > CONTENT_BOTTOM && line > 0) {
            row_boxes(f, top, y + CELL_PAD);
            new_page(f);
            top = f->y;
            y = f->y + CELL_PAD;
        }
        add_op(f, (op_t){.page = f->page,
                         .type = OP_LINE,
                         .x = M_LEFT + LABEL_W + CELL_PAD + (double)logical.x / PANGO_SCALE,
                         .y = y + base,
                         .layout = vl,
                         .line = line});
        y += lh;
        line++;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    row_boxes(f, top, y + CELL_PAD);
    f->y = y + CELL_PAD;
}

static void flow_table(flow_t *f, json_t *rows, json_t *fields) {
    for (size_t r = 0; r < json_array_size(rows); r++) {
        json_t *row = json_array_get(rows, r);
        char *label = zf_doc_expand(json_string_value(json_array_get(row, 0)), fields);
        char *value = zf_doc_expand(json_string_value(json_array_get(row, 1)), fields);
        PangoLayout *ll =
            make_layout(f, FONT_BODY, LABEL_W - 2 * CELL_PAD, PANGO_ALIGN_CENTER, 0, 1.3, label);
        PangoLayout *vl = make_layout(f, FONT_BODY, CONTENT_W - LABEL_W - 2 * CELL_PAD,
                                      PANGO_ALIGN_LEFT, 0, 1.3, value);
        free(label);
        free(value);
        double hl = layout_height(ll), hv = layout_height(vl);
        double h = (hl > hv ? hl : hv) + 2 * CELL_PAD;
        if (h > CONTENT_BOTTOM - M_TOP) {
            /* taller than a whole page (case facts pasted into a 案由 cell):
             * split it, or it would run off the bottom */
            flow_split_row(f, ll, vl, hl);
            continue;
        }
        keep_together(f, h);
        add_op(
            f,
            (op_t){.page = f->page, .type = OP_RECT, .x = M_LEFT, .y = f->y, .w = LABEL_W, .h = h});
        add_op(f, (op_t){.page = f->page,
                         .type = OP_RECT,
                         .x = M_LEFT + LABEL_W,
                         .y = f->y,
                         .w = CONTENT_W - LABEL_W,
                         .h = h});
        add_op(f, (op_t){.page = f->page,
                         .type = OP_LAYOUT,
                         .x = M_LEFT + CELL_PAD,
                         .y = f->y + (h - hl) / 2,
                         .layout = ll});
        add_op(f, (op_t){.page = f->page,
                         .type = OP_LAYOUT,
                         .x = M_LEFT + LABEL_W + CELL_PAD,
                         .y = f->y + CELL_PAD,
                         .layout = vl});
        f->y += h;
    }
    f->y += 8;
}

/* Signature lines (room for a pen between them) and the seal line, whole. */
static void flow_signature(flow_t *f, json_t *s, json_t *fields) {
    json_t *lines = json_object_get(s, "lines");
    const char *seal = json_string_value(json_object_get(s, "seal"));
    PangoLayout *ls[32];
    size_t n = 0;
    double h = 0;
    for (size_t i = 0; i < json_array_size(lines) && n < 31; i++) {
        char *t = zf_doc_expand(json_string_value(json_array_get(lines, i)), fields);
        ls[n] = make_layout(f, FONT_BODY, CONTENT_W, PANGO_ALIGN_LEFT, 0, 0, t);
        free(t);
        h += layout_height(ls[n++]) + 18;
    }
    PangoLayout *sl = NULL;
    if (seal) {
        char *t = zf_doc_expand(seal, fields);
        sl = make_layout(f, FONT_BODY, CONTENT_W, PANGO_ALIGN_RIGHT, 0, 0, t);
        free(t);
        h += layout_height(sl) + 30; /* room above for the seal */
    }
    keep_together(f, h + 12);
    f->y += 12;
    for (size_t i = 0; i < n; i++) {
        add_op(f,
               (op_t){.page = f->page, .type = OP_LAYOUT, .x = M_LEFT, .y = f->y, .layout = ls[i]});
        f->y += layout_height(ls[i]) + 18;
    }
    if (sl) {
        f->y += 30;
        add_op(f, (op_t){.page = f->page, .type = OP_LAYOUT, .x = M_LEFT, .y = f->y, .layout = sl});
        f->y += layout_height(sl);
    }
}

/* Lay one document out from page `first_page` on; returns its page count. */
static int flow_document(flow_t *f, const zf_doc_template_t *t, json_t *fields,
                         const zf_doc_render_opts_t *o) {
    int first = f->page;
    f->y = M_TOP;
    json_t *root = zf_doc_template_json(t);
    /* the issuing authority: always the bureau (R1) */
    const char *auth = zf_doc_field_text(fields, "authority.name", NULL, 0);
    flow_text(f, FONT_AUTH, PANGO_ALIGN_CENTER, 0, 0, auth && *auth ? auth : ZF_DOC_AUTHORITY,
              fields, 6);
    flow_text(f, FONT_TITLE, PANGO_ALIGN_CENTER, 0, 0, zf_doc_template_title(t), fields, 6);
    const char *number = o->number && *o->number ? o->number : "（预览稿，未编号）";
    flow_text(f, FONT_BODY, PANGO_ALIGN_CENTER, 0, 0, number, fields, 16);
    json_t *sections = json_object_get(root, "sections");
    for (size_t i = 0; i < json_array_size(sections); i++) {
        json_t *s = json_array_get(sections, i);
        const char *type = json_string_value(json_object_get(s, "type"));
        const char *text = json_string_value(json_object_get(s, "text"));
        if (strcmp(type, "heading") == 0) {
            /* a heading never ends a page: keep it with two lines of what follows */
            f->y += 4;
            keep_together(f, 3 * 12 * 1.5 + 4);
            flow_text(f, FONT_BOLD, PANGO_ALIGN_LEFT, 0, 1.5, text, fields, 2);
        } else if (strcmp(type, "paragraph") == 0 || strcmp(type, "rights") == 0) {
            json_t *ind = json_object_get(s, "indent");
            int indent = ind ? json_is_true(ind) : 1;
            flow_text(f, FONT_BODY, PANGO_ALIGN_LEFT, indent ? 2 : 0, 1.5, text, fields, 6);
        } else if (strcmp(type, "date") == 0) {
            flow_text(f, FONT_BODY, PANGO_ALIGN_RIGHT, 0, 0, text, fields, 6);
        } else if (strcmp(type, "table") == 0) {
            flow_table(f, json_object_get(s, "rows"), fields);
        } else if (strcmp(type, "signature") == 0) {
            flow_signature(f, s, fields);
        }
    }
    int pages = f->page - first + 1;
    new_page(f); /* the next document starts on a page of its own */
    return pages;
}

static void draw_qr(cairo_t *cr, const char *url, double x, double y, double size) {
    QRcode *q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q) return;
    double m = size / q->width;
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int r = 0; r < q->width; r++)
        for (int c = 0; c < q->width; c++)
            if (q->data[r * q->width + c] & 1) cairo_rectangle(cr, x + c * m, y + r * m, m, m);
    cairo_fill(cr);
    QRcode_free(q);
}

static void draw_text_at(cairo_t *cr, const char *font, PangoAlignment align, double x, double y,
                         double w, const char *text) {
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *d = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, d);
    pango_font_description_free(d);
    pango_layout_set_width(l, (int)(w * PANGO_SCALE));
    pango_layout_set_alignment(l, align);
    pango_layout_set_text(l, text, -1);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
}

static void draw_page_extras(cairo_t *cr, const zf_doc_render_opts_t *o, int page, int pages) {
    char buf[128];
    snprintf(buf, sizeof buf, "第 %d 页 共 %d 页", page, pages);
    cairo_set_source_rgb(cr, 0, 0, 0);
    draw_text_at(cr, FONT_SMALL, PANGO_ALIGN_CENTER, M_LEFT, PAGE_H - M_BOTTOM + 14 * MM, CONTENT_W,
                 buf);
    if (o->verify_code && *o->verify_code) {
        snprintf(buf, sizeof buf, "核验码 %.5s-%.5s", o->verify_code, o->verify_code + 5);
        draw_text_at(cr, FONT_SMALL, PANGO_ALIGN_RIGHT, M_LEFT, PAGE_H - M_BOTTOM + 14 * MM,
                     CONTENT_W, buf);
        if (page == 1 && o->verify_url) {
            draw_qr(cr, o->verify_url, PAGE_W - M_RIGHT - QR_SIZE, 9 * MM, QR_SIZE);
            draw_text_at(cr, FONT_SMALL, PANGO_ALIGN_CENTER, PAGE_W - M_RIGHT - QR_SIZE - 10 * MM,
                         9 * MM + QR_SIZE + 1, QR_SIZE + 20 * MM, "扫码核验");
        }
    }
    if (page == 1 && o->note && *o->note)
        draw_text_at(cr, FONT_SMALL, PANGO_ALIGN_LEFT, M_LEFT, 9 * MM,
                     CONTENT_W - QR_SIZE - 12 * MM, o->note);
    if (o->preview) {
        cairo_save(cr);
        cairo_translate(cr, PAGE_W / 2, PAGE_H / 2);
        cairo_rotate(cr, -0.6);
        cairo_set_source_rgba(cr, 0.75, 0.1, 0.1, 0.18);
        draw_text_at(cr, FONT_WATERMARK, PANGO_ALIGN_CENTER, -PAGE_W / 2, -30, PAGE_W,
                     "预览稿 不作为正式文书");
        cairo_restore(cr);
    }
}

struct sink {
    unsigned char *p;
    size_t n, cap;
    int overflow;
};

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len) {
    struct sink *s = closure;
    if (s->n + len > PDF_MAX_BYTES) {
        s->overflow = 1;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    if (s->n + len > s->cap) {
        while (s->n + len > s->cap)
            s->cap = s->cap ? s->cap * 2 : 64 * 1024;
        s->p = zf_xrealloc(s->p, s->cap);
    }
    memcpy(s->p + s->n, data, len);
    s->n += len;
    return CAIRO_STATUS_SUCCESS;
}

/* pango's per-thread default font map, at 72 dpi so 12 pt is 12 pt (pango
 * assumes 96: STACK.md); our font subsets registered with fontconfig before
 * the process's first font map exists. */
static void font_map_setup(void) {
    zf_doc_fonts_init(NULL);
    PangoFontMap *fm = pango_cairo_font_map_get_default();
    if (pango_cairo_font_map_get_resolution(PANGO_CAIRO_FONT_MAP(fm)) != 72.0)
        pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fm), 72.0);
}

/* The module's one entry point (render_module.c looks it up by name); its
 * contract is zf_doc_render_many's (docs.h). */
__attribute__((visibility("default"))) int
zf_doc__module_render(const zf_doc_template_t *const *t, json_t *const *fields,
                      const zf_doc_render_opts_t *o, size_t n, unsigned char **pdf, size_t *len,
                      int *pages_out, zf_error_t *err);
int zf_doc__module_render(const zf_doc_template_t *const *t, json_t *const *fields,
                          const zf_doc_render_opts_t *o, size_t n, unsigned char **pdf, size_t *len,
                          int *pages_out, zf_error_t *err) {
    font_map_setup();
    struct sink sink = {0};
    cairo_surface_t *surface =
        cairo_pdf_surface_create_for_stream(sink_write, &sink, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                   n ? zf_doc_template_title(t[0]) : "");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, ZF_DOC_AUTHORITY);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "zhifa");
    char date[40];
    if (o && o->pdf_date && *o->pdf_date) {
        snprintf(date, sizeof date, "%s", o->pdf_date);
    } else {
        time_t now = time(NULL) + 8 * 3600; /* China, UTC+8 */
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
    }
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_t *cr = cairo_create(surface);
    flow_t f = {.cr = cr, .page = 0, .y = M_TOP};
    int *doc_first = zf_xcalloc(n + 1, sizeof *doc_first);
    int *doc_pages = zf_xcalloc(n + 1, sizeof *doc_pages);
    for (size_t i = 0; i < n; i++) {
        doc_first[i] = f.page;
        doc_pages[i] = flow_document(&f, t[i], fields[i], &o[i]);
    }
    int total = f.page; /* flow_document left us on a fresh, unused page */
    size_t k = 0;
    for (size_t d = 0; d < n; d++) {
        for (int p = 0; p < doc_pages[d]; p++) {
            int page = doc_first[d] + p;
            cairo_set_source_rgb(cr, 0, 0, 0);
            for (; k < f.nops && f.ops[k].page == page; k++) {
                op_t *op = &f.ops[k];
                if (op->type == OP_LINE) {
                    cairo_move_to(cr, op->x, op->y);
                    pango_cairo_show_layout_line(
                        cr, pango_layout_get_line_readonly(op->layout, op->line));
                } else if (op->type == OP_LAYOUT) {
                    cairo_move_to(cr, op->x, op->y);
                    pango_cairo_show_layout(cr, op->layout);
                } else {
                    cairo_set_line_width(cr, 0.6);
                    cairo_rectangle(cr, op->x, op->y, op->w, op->h);
                    cairo_stroke(cr);
                }
            }
            draw_page_extras(cr, &o[d], p + 1, doc_pages[d]);
            cairo_show_page(cr);
        }
    }
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    for (size_t i = 0; i < f.nlayouts; i++)
        g_object_unref(f.layouts[i]);
    free(f.layouts);
    free(f.ops);
    free(doc_first);
    free(doc_pages);
    if (st != CAIRO_STATUS_SUCCESS || sink.overflow) {
        free(sink.p);
        return zf_error_set(err, ZF_EIO, 500, "document.render", "", "生成 PDF 失败：%s",
                            sink.overflow ? "文件过大" : cairo_status_to_string(st));
    }
    *pdf = sink.p;
    *len = sink.n;
    if (pages_out) *pages_out = total;
    return 0;
}
