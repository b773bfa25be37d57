/* checklist.h — inspection checklists as data (issue 7, R16): parse and
 * validate a checklist document (JSON, format in data/checklists/README.md)
 * and read what the store and the API need from a valid one. Pure: no I/O,
 * no database; the caller cross-checks the catalogue codes it lists.
 *
 * Every problem is reported, not only the first, each with the JSON path of
 * the value it is about ("sections[2].items[4].catalogue[0]"), a stable code
 * ("checklist.bad_catalogue_code") and a message in Chinese. Problems and
 * the strings in them live in the caller's arena. Thread-safe (no state). */
#ifndef ZF_CORE_CHECKLIST_H
#define ZF_CORE_CHECKLIST_H

#include <jansson.h>
#include <stddef.h>

#include "core/arena.h"

/* Caps: a document over them is refused (every buffer has a cap). */
#define ZF_CHK_MAX_SECTIONS 50
#define ZF_CHK_MAX_ITEMS 500 /* in the whole document */
#define ZF_CHK_MAX_SOURCES 50
#define ZF_CHK_MAX_TEXT_BYTES (512 * 1024) /* the JSON text */

typedef struct zf_chk_problem {
    const char *path;    /* "" = the document itself */
    const char *code;    /* stable, "checklist.*" */
    const char *message; /* Chinese */
} zf_chk_problem_t;

/* Validate doc. Returns the number of problems (0 = valid) and sets *out
 * (arena array, never NULL) and *n. */
size_t zf_checklist_validate(zf_arena_t *a, json_t *doc, zf_chk_problem_t **out, size_t *n);

/* Parse text (len bytes; JSON, duplicate keys refused) and validate it.
 * Returns the number of problems; *doc is a new reference the caller
 * releases (json_decref) or NULL when the text is not a JSON object (then
 * the one problem is checklist.json_syntax or checklist.too_big). */
size_t zf_checklist_parse(zf_arena_t *a, const char *text, size_t len, json_t **doc,
                          zf_chk_problem_t **out, size_t *n);

/* What a valid document says about itself (borrowed strings of doc). */
typedef struct zf_chk_summary {
    const char *code, *title, *domain, *effective_from;
    int version;
    int items;       /* questions */
    int major_items; /* items whose failure is a 重大事故隐患 */
} zf_chk_summary_t;
void zf_checklist_summary(json_t *doc, zf_chk_summary_t *s);

/* Every catalogue code a valid document cites, with the item and path. */
typedef struct zf_chk_ref {
    const char *path;    /* "sections[0].items[3].catalogue[1]" */
    const char *item_id; /* "DUST-04" */
    const char *code;    /* "AQ-102-01" */
} zf_chk_ref_t;
void zf_checklist_catalogue_refs(zf_arena_t *a, json_t *doc, zf_chk_ref_t **out, size_t *n);

/* The Chinese name of an answer code ("yes" → "是"), NULL if unknown. */
const char *zf_checklist_answer_name(const char *code);

#endif
