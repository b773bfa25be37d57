/* documents.h — issued enforcement documents, template versions, and the
 * field providers that fill a document's fields from the records (issue 9,
 * migration 017). The renderer is docs/docs.h; the HTTP side api/documents.c.
 *
 * Strings of rows read back live in the caller's arena. */
#ifndef ZF_STORE_DOCUMENTS_H
#define ZF_STORE_DOCUMENTS_H

#include <jansson.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

typedef struct zf_doc_row {
    int64_t id;
    const char *kind;
    int64_t template_version; /* 0: the shipped template */
    const char *template_sha256;
    const char *subject_kind; /* case | inspection | hazard | enterprise */
    int64_t subject_id;
    int64_t unit_id;
    const char *unit_path; /* read back only */
    int64_t year, seq;
    const char *number;
    const char *status; /* issued */
    const char *sha256; /* of the PDF bytes, a blob */
    int64_t size, pages;
    const char *verify_code;
    const char *fields;    /* canonical JSON, frozen at issue */
    const char *issued_on; /* YYYY-MM-DD, China */
    const char *issued_at;
    int64_t issued_by;
    const char *issued_by_name;   /* read back only */
    int64_t corrects_document_id; /* 0: none */
} zf_doc_row_t;

/* Insert an issued document (caller's transaction); *id the new row's id.
 * ZF_ECONFLICT when the number or the verification code exists. */
int zf_store_doc_insert(zf_db_t *db, const zf_doc_row_t *d, int64_t *id, zf_error_t *err);
/* One document by id or by verification code (10 characters); ZF_ENOTFOUND. */
int zf_store_doc_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_doc_row_t *out, zf_error_t *err);
/* The newest document that corrects document `id` (corrects_document_id =
 * id). ZF_ENOTFOUND when none does. */
int zf_store_doc_corrected_by(zf_db_t *db, zf_arena_t *a, int64_t id, zf_doc_row_t *out,
                              zf_error_t *err);

int zf_store_doc_by_code(zf_db_t *db, zf_arena_t *a, const char *code, zf_doc_row_t *out,
                         zf_error_t *err);
/* The documents of one subject, oldest first (at most 500). */
int zf_store_doc_list(zf_db_t *db, zf_arena_t *a, const char *subject_kind, int64_t subject_id,
                      zf_doc_row_t **out, size_t *n, zf_error_t *err);

/* The newest stored template of kind: body, version, sha256 (hex) into the
 * arena; ZF_ENOTFOUND when the administrator never saved one. */
int zf_store_doc_template_latest(zf_db_t *db, zf_arena_t *a, const char *kind, const char **body,
                                 int64_t *version, const char **sha256, zf_error_t *err);
/* Save a new version of kind's template (caller's transaction); *version
 * the new version number (1 for the first). */
int zf_store_doc_template_save(zf_db_t *db, const char *kind, const char *body, const char *sha256,
                               int64_t user_id, int64_t *version, zf_error_t *err);

/* Field providers: a table subject_kind → function that fills `fields`
 * (a JSON object, added to) from the database and tells the subject's unit
 * (for the permission check and the document's unit). subject kinds:
 * case, inspection, hazard, enterprise. 400 document.subject_kind for an
 * unknown kind; ZF_ENOTFOUND (404 document.subject_not_found) when the
 * subject does not exist. */
int zf_store_doc_subject_fill(zf_db_t *db, zf_arena_t *a, const char *subject_kind,
                              int64_t subject_id, json_t *fields, int64_t *unit_id,
                              const char **unit_path, zf_error_t *err);
/* 1 when subject_kind has a provider. */
int zf_store_doc_subject_known(const char *subject_kind);

#endif
