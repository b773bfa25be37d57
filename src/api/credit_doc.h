/* credit_doc.h — the documents of the serious dishonesty list (issue 10,
 * R26): 列入严重失信主体名单告知书 (credit_notice) and 决定书
 * (credit_decision), filled from the credit record.
 *
 * The documents table's subject_kind is one of case, inspection, hazard,
 * enterprise (migration 017's CHECK): widening it would rebuild the table
 * in SQLite. These documents are about the enterprise — the party — so
 * their subject is the enterprise (party.* from the registry, the
 * permission on its township) and the record is named by the field
 * credit.record_id, frozen with the document's fields; the record points
 * back at its documents (migration 028). */
#ifndef ZF_API_CREDIT_DOC_H
#define ZF_API_CREDIT_DOC_H

#include <jansson.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/credit.h"
#include "store/db.h"

/* 1 when kind is one of the credit kinds. */
int zf_api_credit_doc_kind(const char *kind);

/* For a credit kind: read credit.record_id from fields (number or text),
 * check the record belongs to the subject enterprise and is at a step
 * where the document is due (notice: approved or notified; decision:
 * notified or listed), and set every credit.* field from the record and
 * the legal_params in force on `today` (overwriting what a client sent:
 * the record is the fact). Other kinds: nothing, 0. Refusals: 400
 * document.subject_kind (not an enterprise), 400 input.invalid
 * (fields.credit.record_id missing, or the record of another enterprise),
 * 404 credit.not_found, 409 credit.bad_state. */
int zf_api_credit_doc_fill(zf_db_t *db, zf_arena_t *a, const char *kind, const char *subject_kind,
                           int64_t subject_id, const char *today, json_t *fields, zf_error_t *err);

/* Check that document doc_id is an issued document of `kind` for record r
 * (same enterprise, fields.credit.record_id = r->id): 400 input.invalid
 * naming `field` otherwise. *number and *issued_on (YYYY-MM-DD) returned. */
int zf_api_credit_doc_check(zf_db_t *db, zf_arena_t *a, const zf_credit_record_t *r, int64_t doc_id,
                            const char *kind, const char *field, const char **number,
                            const char **issued_on, zf_error_t *err);

#endif
