/* docs.h — enforcement documents (执法文书, issue 9, R24): the kinds and
 * their field schemas, templates as data, and the PDF renderer.
 *
 * A template is a JSON file (data/documents/<kind>.json, format in
 * docs/internals/documents.md) that an administrator may edit: title,
 * number prefix, and an ordered list of sections whose texts hold
 * {{field.path}} placeholders. Every placeholder must name a field that the
 * kind declares in C (fields.c): a template that refers to anything else is
 * refused at load with the field's name, so a typo never prints a blank.
 *
 * The renderer lays the sections out on A4 with cairo + pango (Noto Serif
 * CJK SC, fonts embedded as subsets by cairo), flows long text over pages,
 * prints "第 N 页 共 M 页", and on an issued document the verification code
 * and a QR code (libqrencode) of the public verification URL.
 *
 * Layer: uses core/ only; no database, no HTTP. Thread-safe: every call
 * builds its own cairo and pango objects (pango's font map is per thread). */
#ifndef ZF_DOCS_DOCS_H
#define ZF_DOCS_DOCS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* The issuing authority of every document: the bureau, never the brigade
 * (R1: 以"区应急管理局"名义统一执法). */
#define ZF_DOC_AUTHORITY "六安市叶集区应急管理局"

/* 行政复议法(2023) 第24条: the reconsideration body of a district
 * department is the district people's government; the court is
 * configuration (行政诉讼法 第18条; its name 未核实). */
#define ZF_DOC_RECONSIDERATION_BODY "六安市叶集区人民政府"
#define ZF_DOC_COURT "六安市叶集区人民法院"

/* ---- kinds and fields (fields.c) ---- */

typedef struct zf_doc_kind {
    const char *code;          /* "penalty_decision" */
    const char *name;          /* "行政处罚决定书" */
    const char *subject;       /* "case" | "inspection": what fills it */
    int needs_rights;          /* the statement of rights must be printed */
    const char *const *fields; /* field paths of this kind (besides the common ones) */
} zf_doc_kind_t;

size_t zf_doc_kinds_count(void);
const zf_doc_kind_t *zf_doc_kind_at(size_t i);
/* The kind with this code, or NULL. */
const zf_doc_kind_t *zf_doc_kind_find(const char *code);
/* 1 when `path` ("party.name") is a field of kind k (its own or common). */
int zf_doc_field_known(const zf_doc_kind_t *k, const char *path);
/* Every field path of k, common ones first, into a new JSON array. */
json_t *zf_doc_fields_json(const zf_doc_kind_t *k);

/* Fill the authority block of fields: authority.name is always set to the
 * bureau (whatever fields held); the reconsideration body and the court
 * only when absent (NULL arguments: the defaults above). */
void zf_doc_fields_authority(json_t *fields, const char *reconsideration_body, const char *court);
/* The authority's own address and telephone (the bureau's settings): they
 * replace whatever a client sent; empty ones leave the fields alone. */
void zf_doc_fields_contact(json_t *fields, const char *address, const char *phone);
/* Set fields[path] (a.b.c, objects made on the way) to the string value. */
void zf_doc_fields_set(json_t *fields, const char *path, const char *value);

/* ---- templates (template.c) ---- */

typedef struct zf_doc_template zf_doc_template_t;

/* Parse and check a template (UTF-8 JSON text). Refuses, with 400 and the
 * offending JSON path or field in err->field:
 *   document_template.invalid        malformed JSON, unknown key, wrong type
 *   document_template.unknown_kind   "kind" is not one of the kinds (fields.c)
 *   document_template.unknown_field  a {{placeholder}} the kind lacks
 *                                    (err->field = the placeholder's path)
 *   document_template.no_rights      a decision without its statement of rights
 * When expect_kind is not NULL the template's kind must equal it. On success
 * *out is a new template (free with zf_doc_template_free). */
int zf_doc_template_parse(const char *text, size_t len, const char *expect_kind,
                          zf_doc_template_t **out, zf_error_t *err);
void zf_doc_template_free(zf_doc_template_t *t);
const zf_doc_kind_t *zf_doc_template_kind(const zf_doc_template_t *t);
const char *zf_doc_template_title(const zf_doc_template_t *t);
const char *zf_doc_template_prefix(const zf_doc_template_t *t);
/* The parsed JSON (borrowed). */
json_t *zf_doc_template_json(const zf_doc_template_t *t);
/* Every distinct placeholder path used, in order of first use (new array). */
json_t *zf_doc_template_placeholders(const zf_doc_template_t *t);

/* The text of the template shipped for kind (data/documents/<kind>.json,
 * embedded at build time), or NULL. Static. */
const char *zf_doc_shipped_template(const char *kind);

/* The value of a field path in a fields object ("party.name" looks up
 * fields.party.name) as text: strings as they are, integers in decimal,
 * NULL when absent or null or of another type. Borrowed/static or written
 * into buf (integers). */
const char *zf_doc_field_text(json_t *fields, const char *path, char *buf, size_t cap);

/* Expand {{path}} placeholders of text with fields; a missing value prints
 * as a blank line for the officer's pen ("＿＿＿＿"). malloc'd. */
char *zf_doc_expand(const char *text, json_t *fields);

/* ---- numbers and verification codes (verify.c) ---- */

/* The document number: "<prefix>〔<year>〕<seq>号" ("（叶）应急罚〔2026〕5号"),
 * the convention of LAW.md §5.6 (代字 configurable in the template). */
void zf_doc_number_format(char *out, size_t cap, const char *prefix, int year, int64_t seq);

/* The verification code of an issued document: the first 50 bits of
 * SHA-256 over the canonical JSON {kind, number, fields, template} in
 * Crockford base32 (no I, L, O, U), 10 characters, printed "XXXXX-XXXXX".
 * out gets the 10 characters without the hyphen. */
#define ZF_DOC_CODE_LEN 10
int zf_doc_verify_code(const char *kind, const char *number, json_t *fields,
                       const char *template_sha256, char out[ZF_DOC_CODE_LEN + 1]);
/* Normalise a code typed or scanned by a person: drop hyphens and spaces,
 * upper-case, read O as 0 and I/L as 1 (Crockford). 0 and out filled when
 * the result is 10 valid characters, else -1. */
int zf_doc_code_normalise(const char *in, char out[ZF_DOC_CODE_LEN + 1]);

/* ---- the renderer (render.c, in the module zhifa-docs.so) ---- */

/* The renderer lives in its own module, loaded with dlopen on the first
 * render (render_module.c: where it is looked for, ZHIFA_DOCS_MODULE);
 * when it cannot be loaded both functions below answer 503
 * document.renderer_unavailable, and the next call tries again. */

typedef struct zf_doc_render_opts {
    const char *number;      /* NULL or "": preview, printed as 未编号 */
    const char *verify_code; /* 10 characters, or NULL for a preview */
    const char *verify_url;  /* what the QR code holds; NULL: no QR */
    const char *pdf_date;    /* PDF creation date "2026-11-28T10:00:00+08:00"; NULL: now */
    int preview;             /* 1: a 预览 watermark, no code */
    const char *note;        /* NULL, or a line printed at the top of page 1 (a correction) */
} zf_doc_render_opts_t;

/* Render template t filled with fields into a PDF held in memory: *pdf is
 * malloc'd (caller frees), *len its size, *pages the page count (may be
 * NULL). 500 document.render on a cairo failure. */
int zf_doc_render(const zf_doc_template_t *t, json_t *fields, const zf_doc_render_opts_t *o,
                  unsigned char **pdf, size_t *len, int *pages, zf_error_t *err);

/* Render several documents one after the other into one PDF (batch
 * printing); each keeps its own page numbering. */
int zf_doc_render_many(const zf_doc_template_t *const *t, json_t *const *fields,
                       const zf_doc_render_opts_t *o, size_t n, unsigned char **pdf, size_t *len,
                       int *pages, zf_error_t *err);

/* Register the documents' font subsets ("ZF Serif", "ZF Sans": build-time
 * cuts of the Noto CJK faces, fonts.c) with fontconfig, once per process;
 * the renderer calls it before its first font map. Part of the renderer
 * module zhifa-docs.so (not callable from the binary). 1 when the subsets are used (*dir, when not
 * NULL, says from where), 0 when documents embed the full Debian faces (a
 * warning on stderr says why, unless ZHIFA_FONT_DIR=none asked for it).
 * Thread-safe. */
int zf_doc_fonts_init(const char **dir);

/* ---- the render workers (pool.c) ---- */

/* Run fn(arg) on one of the render worker threads (started on first use,
 * two of them) and wait for it; returns fn's result, or 503 document.busy
 * when 32 tasks already wait. Thread-safe. */
typedef int (*zf_doc_task_fn)(void *arg);
int zf_doc_pool_run(zf_doc_task_fn fn, void *arg, zf_error_t *err);
/* Queue fn(arg) on a render worker and return at once (0), or 503
 * document.busy with nothing queued; fn runs later on the worker and owns
 * arg. For handlers that suspend their request (zf_req_suspend). */
int zf_doc_pool_submit(zf_doc_task_fn fn, void *arg, zf_error_t *err);

#endif
