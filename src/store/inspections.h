/* inspections.h — on-site inspections, hazards, evidence and the
 * enterprise QR secret in the database (issue 7, migration 016).
 *
 * Rows come back as JSON objects built from the columns (names as in the
 * table, integers as numbers, NULL as null), so the API shapes its answers
 * without a struct per table. Writers expect the caller's transaction
 * (zf_db_begin) so the change and its log event commit together (R22).
 * Portable SQL only ($N, RETURNING id, no vendor functions). */
#ifndef ZF_STORE_INSPECTIONS_H
#define ZF_STORE_INSPECTIONS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

/* The editable part of an inspection (PATCH and create). */
typedef struct zf_insp_doc {
    const char *notice_start, *notice_end, *onsite_start, *onsite_end, *feedback_start,
        *feedback_end;
    const char *legal_education;
    const char *checklist_code;
    int64_t checklist_version;
} zf_insp_doc_t;

typedef struct zf_insp_new {
    const char *client_id;
    int64_t enterprise_id, unit_id;
    const char *source;
    int64_t source_id, ledger_id; /* 0 = NULL */
    const char *inspected_on;
    int64_t created_by;
    zf_insp_doc_t doc;
} zf_insp_new_t;

/* Step st to the end: every row as an object appended to *out (new array).
 * zf_stmt_done(st) always. */
int zf_insp_rows(zf_stmt_t *st, json_t **out, zf_error_t *err);
/* The first row as an object, or 404 `code` with message msg when none. */
int zf_insp_row(zf_stmt_t *st, json_t **out, const char *code, const char *msg, zf_error_t *err);

/* ---- inspections ---- */
/* The inspection row with enterprise_name, unit_name, unit_path; 404
 * inspection.not_found. */
int zf_inspection_get(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err);
/* The id of the inspection with this client id, 0 when none. */
int zf_inspection_by_client(zf_db_t *db, const char *client_id, int64_t *id, zf_error_t *err);
int zf_inspection_insert(zf_db_t *db, const zf_insp_new_t *n, int64_t *id, zf_error_t *err);
/* Update the document if the stored version is `version` (409
 * conflict.version otherwise); bumps the version. */
int zf_inspection_update(zf_db_t *db, int64_t id, int64_t version, const zf_insp_doc_t *d,
                         zf_error_t *err);
/* Freeze: status signed, signer, signature evidence, when and by whom;
 * versioned like update. */
int zf_inspection_sign(zf_db_t *db, int64_t id, int64_t version, const char *signer_name,
                       int64_t signature_id, int64_t user_id, zf_error_t *err);
/* Set the ledger entry's inspection_id. */
int zf_inspection_link_ledger(zf_db_t *db, int64_t ledger_id, int64_t inspection_id,
                              zf_error_t *err);

/* One page of inspections inside scope_path (unit path prefix), newest id
 * first, ids below before_id (0 = from the top). Filters: 0/NULL = any. */
typedef struct zf_insp_filter {
    const char *scope_path;
    int64_t enterprise_id, unit_id, before_id;
    const char *status, *date_from, *date_to;
    int limit;
} zf_insp_filter_t;
int zf_inspections_list(zf_db_t *db, const zf_insp_filter_t *f, json_t **out, zf_error_t *err);
/* Today's open inspection of an enterprise (inspected_on = day), 0 = none. */
int zf_inspection_open_on(zf_db_t *db, int64_t enterprise_id, const char *day, int64_t *id,
                          zf_error_t *err);

/* ---- sub-records, replaced as a whole by a PATCH ---- */
int zf_insp_officers(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err);
int zf_insp_attendees(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err);
int zf_insp_answers(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err);
int zf_insp_findings(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err);
int zf_insp_evidence(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err);
int zf_insp_hazards(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err);
int zf_insp_arrivals(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err);
int zf_insp_clear(zf_db_t *db, const char *table, int64_t id, zf_error_t *err);
int zf_insp_add_officer(zf_db_t *db, int64_t id, const char *kind, int64_t officer_id,
                        const char *name, const char *field, zf_error_t *err);
int zf_insp_add_attendee(zf_db_t *db, int64_t id, const char *name, const char *post,
                         const char *phone, zf_error_t *err);
int zf_insp_add_answer(zf_db_t *db, int64_t id, const char *item_id, const char *answer,
                       const char *note, zf_error_t *err);
int zf_insp_add_arrival(zf_db_t *db, int64_t id, int64_t user_id, zf_error_t *err);

/* ---- findings ---- */
int zf_finding_get(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err);
int zf_finding_by_client(zf_db_t *db, const char *client_id, int64_t *id, zf_error_t *err);
int zf_finding_insert(zf_db_t *db, const char *client_id, int64_t inspection_id,
                      const char *description, const char *item_id, const char *catalogue_code,
                      int64_t user_id, int64_t *id, zf_error_t *err);

/* ---- hazards ---- */
typedef struct zf_hazard_row {
    int64_t finding_id, inspection_id, enterprise_id, unit_id;
    const char *grade, *description, *ordered_on, *deadline;
    int64_t created_by;
} zf_hazard_row_t;
/* With enterprise_name, unit_path and `overdue` computed against today. */
int zf_hazard_get(zf_db_t *db, int64_t id, const char *today, json_t **out, zf_error_t *err);
int zf_hazard_by_finding(zf_db_t *db, int64_t finding_id, int64_t *id, zf_error_t *err);
int zf_hazard_insert(zf_db_t *db, const zf_hazard_row_t *h, int64_t *id, zf_error_t *err);
/* grade, description, deadline, status, reinspection fields, case_id
 * (NULL strings and negative case_id keep the stored value); versioned. */
typedef struct zf_hazard_change {
    const char *grade, *description, *deadline, *status;
    const char *reinspected_on, *reinspection_result, *reinspection_note;
    int64_t reinspected_by; /* 0 = keep */
    int64_t case_id;        /* -1 = keep */
} zf_hazard_change_t;
int zf_hazard_update(zf_db_t *db, int64_t id, int64_t version, const zf_hazard_change_t *c,
                     zf_error_t *err);
typedef struct zf_hazard_filter {
    const char *scope_path, *today;
    int64_t unit_id, enterprise_id, before_id;
    int overdue;        /* only open with deadline < today */
    int unrectified;    /* only open */
    const char *status; /* NULL = any */
    int limit;
} zf_hazard_filter_t;
int zf_hazards_list(zf_db_t *db, const zf_hazard_filter_t *f, json_t **out, zf_error_t *err);
/* Open rectification orders of an enterprise (the enterprise's own page). */
int zf_hazards_of_enterprise(zf_db_t *db, int64_t enterprise_id, const char *today, json_t **out,
                             zf_error_t *err);

/* ---- evidence ---- */
typedef struct zf_evidence_row {
    const char *client_id;
    int64_t inspection_id, finding_id, hazard_id; /* 0 = NULL */
    const char *sha256, *declared_sha256, *kind, *mime, *taken_at;
    int64_t size, uploaded_by;
} zf_evidence_row_t;
int zf_evidence_get(zf_db_t *db, int64_t id, json_t **out, zf_error_t *err);
int zf_evidence_by_client(zf_db_t *db, const char *client_id, int64_t *id, zf_error_t *err);
int zf_evidence_insert(zf_db_t *db, const zf_evidence_row_t *e, int64_t *id, zf_error_t *err);
/* 409 evidence.withdrawn when already withdrawn. */
int zf_evidence_withdraw(zf_db_t *db, int64_t id, const char *reason, int64_t user_id,
                         zf_error_t *err);

/* ---- the enterprise's QR secret and feedback ---- */
/* The newest secret ("" when none) into out[65]. */
int zf_enterprise_qr_secret(zf_db_t *db, int64_t enterprise_id, char out[65], zf_error_t *err);
int zf_enterprise_qr_insert(zf_db_t *db, int64_t enterprise_id, const char *secret, int64_t user_id,
                            zf_error_t *err);
int zf_enterprise_feedback_insert(zf_db_t *db, int64_t enterprise_id, int64_t inspection_id,
                                  const char *kind, const char *body, const char *contact,
                                  int64_t *id, zf_error_t *err);
/* Feedback rows of an enterprise since `since` (ISO time): for the limit. */
int zf_enterprise_feedback_count(zf_db_t *db, int64_t enterprise_id, const char *since, int64_t *n,
                                 zf_error_t *err);
/* Signed inspections of an enterprise in a year (its own page). */
int zf_inspections_of_enterprise(zf_db_t *db, int64_t enterprise_id, int64_t year, json_t **out,
                                 zf_error_t *err);

#endif
