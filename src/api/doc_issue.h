/* doc_issue.h — issuing a document, the part that needs the database: one
 * function shared by POST /api/v1/documents (on a render worker) and by the
 * command line (`zhifa demo`), so a document is numbered, coded, rendered,
 * stored and logged the same way whoever issues it. */
#ifndef ZF_API_DOC_ISSUE_H
#define ZF_API_DOC_ISSUE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "docs/docs.h"
#include "store/blobs.h"
#include "store/db.h"

typedef struct zf_doc_issue {
    /* in */
    const zf_doc_kind_t *kind;
    const zf_doc_template_t *tpl;
    int64_t tpl_version;
    const char *tpl_sha;
    json_t *fields; /* filled: provider, client, authority; number and code are added */
    const char *subject_kind;
    int64_t subject_id;
    int64_t unit_id;
    const char *today; /* YYYY-MM-DD: the issue day and the number's year */
    const char *now;   /* the instant, ISO */
    int64_t actor_id;
    int64_t corrects; /* the document this one corrects, or 0 */
    /* with corrects: the corrected document's number and code as printed
     * (two groups of five characters, as printed); the new document says which one it corrects, so that
     * its fields — and so its verification code — differ from the old one's
     * even when the correction is issued the same day with the same text */
    const char *corrects_number, *corrects_shown;
    const char *data_dir;
    /* out */
    const char *case_number; /* the case's number when the subject is a numbered case, else "" */
    int64_t id, seq;
    int year, pages;
    size_t size;
    char number[160];
    char code[ZF_DOC_CODE_LEN + 1];
    char shown[12]; /* the code as printed, XXXXX-XXXXX */
    char sha256[ZF_BLOB_HEX_LEN];
} zf_doc_issue_t;

/* In the caller's open transaction: the number (a numbered case's documents
 * share the case's sequence, LAW.md §5.6; others draw from the kind's
 * gap-free series of the year), the verification code, the render, the PDF
 * in the blob store, the row, and the "document.issue" log event with the
 * PDF's hash (R22). The caller commits or rolls back. */
int zf_api_doc_issue_tx(zf_db_t *db, zf_arena_t *a, zf_doc_issue_t *d, zf_error_t *err);

/* The same in a transaction of its own (db must have none open), rendered
 * before it begins: the number is guessed, the PDF rendered and its file
 * written without the write lock; in the transaction the number is drawn
 * for real and, when another issue took the guessed one meanwhile, the PDF
 * rendered again. Commits, or rolls back and returns the error. */
int zf_api_doc_issue(zf_db_t *db, zf_arena_t *a, zf_doc_issue_t *d, zf_error_t *err);

/* The public verification page of a code ($ZHIFA_PUBLIC_URL/public/verify/CODE). */
const char *zf_api_doc_verify_url(zf_arena_t *a, const char *code);

/* Issue a document now, on this thread, in the caller's open transaction:
 * the provider's fields, client_fields over them (two levels; may be
 * NULL), the credit fields (credit kinds), the bureau's settings; the number from the
 * kind's gap-free series of `today`'s year; render, blob, row, log event
 * "document.issue" by actor_id. For `zhifa demo` (the server issues
 * through POST /api/v1/documents on the render workers). */
int zf_api_document_issue_now(zf_db_t *db, zf_arena_t *a, const char *data_dir, int64_t actor_id,
                              const char *kind, const char *subject_kind, int64_t subject_id,
                              json_t *client_fields, const char *today, int64_t *doc_id,
                              const char **number, zf_error_t *err);

#endif
