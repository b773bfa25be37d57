/* credit.h — credit punishment records (migration 020): bad records (不良记录,
 * 安全生产法 第78条第1款) and the serious dishonesty list (严重失信主体名单,
 * 应急管理部令第11号), and early-removal applications. SQL only; the rules
 * are core/credit.h, the HTTP side api/credit.c.
 *
 * For the case module (wired by the lead engineer into the case
 * transitions; docs/internals/credit.md): zf_credit_case_outcome() records
 * a case's penalty decision as a bad record and, when its facts meet a
 * criterion of 11号令, a serious-list proposal — both logged, in the
 * caller's transaction. */
#ifndef ZF_STORE_CREDIT_H
#define ZF_STORE_CREDIT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/credit.h"
#include "core/error.h"
#include "store/db.h"

typedef struct zf_credit_record {
    int64_t id;
    int64_t enterprise_id;
    const char *kind;     /* bad_record serious_list */
    const char *status;   /* recorded proposed approved rejected notified listed removed */
    const char *criteria; /* "SL-01 SL-04" */
    const char *facts;    /* JSON text */
    int64_t case_id;      /* 0 = none */
    const char *case_number, *decision_date, *summary, *principal_name, *authority;
    const char *propose_reason;
    int64_t proposed_by;
    const char *proposed_at;
    const char *decision_reason;
    int64_t decided_by;
    const char *decided_at;
    const char *notified_on, *notice_doc;
    int64_t notified_by;
    const char *published_from, *expires_on;
    int64_t period_months;
    int64_t listed_by;
    const char *removed_on, *removal_kind, *removal_reason;
    int64_t removed_by;
    const char *restored_on, *restore_reason;
    int64_t version;
    const char *created_at, *updated_at;
    /* joined, read only */
    const char *enterprise_name, *credit_code, *unit_path;
    int64_t unit_id;
    int enterprise_punished;
    /* 028: the issued 告知书 and 决定书 (documents.id), 0 = none */
    int64_t notice_document_id, decision_document_id;
    /* 032: how the statement period ended before listing: "" | period_ended
     * | heard | waived */
    const char *statement;
} zf_credit_record_t;

typedef struct zf_credit_filter {
    const char *scope_path; /* required ("/" = all) */
    const char *kind;       /* NULL = both */
    const char *status;     /* NULL = any */
    int64_t enterprise_id;  /* 0 = any */
    int64_t case_id;        /* 0 = any */
    const char *q;          /* name fragment or credit-code prefix, NULL = any */
    int64_t before_id;      /* keyset: rows with id < before_id (0 = from the newest) */
    int limit;              /* 1 … 200 */
} zf_credit_filter_t;

int zf_credit_record_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_credit_record_t *out,
                         zf_error_t *err);
/* Insert r (created_at/updated_at set here); *out the stored row. */
int zf_credit_record_insert(zf_db_t *db, zf_arena_t *a, const zf_credit_record_t *r,
                            zf_credit_record_t *out, zf_error_t *err);
/* Write every mutable column of r when the stored version is `version`
 * (409 conflict.version otherwise); r->version becomes version + 1. */
int zf_credit_record_update(zf_db_t *db, zf_arena_t *a, zf_credit_record_t *r, int64_t version,
                            zf_error_t *err);
/* Newest first, keyset by id; *more = another page exists. */
int zf_credit_records_list(zf_db_t *db, zf_arena_t *a, const zf_credit_filter_t *f,
                           zf_credit_record_t **out, size_t *n, int *more, zf_error_t *err);
/* Listings of the enterprise in force (status listed), other than except_id. */
int zf_credit_active_count(zf_db_t *db, int64_t enterprise_id, int64_t except_id, int64_t *count,
                           zf_error_t *err);
/* Listings whose expires_on <= today (status listed): the sweep's work. */
int zf_credit_due(zf_db_t *db, zf_arena_t *a, const char *today, zf_credit_record_t **out,
                  size_t *n, zf_error_t *err);
/* The public list: listed, published_from <= today < expires_on; q matches
 * the name (fragment) or the credit code (prefix); keyset by id desc. */
int zf_credit_public_list(zf_db_t *db, zf_arena_t *a, const char *today, const char *q,
                          int64_t before_id, int limit, zf_credit_record_t **out, size_t *n,
                          int *more, zf_error_t *err);

typedef struct zf_credit_application {
    int64_t id, record_id, enterprise_id;
    const char *submitted_on, *applicant, *conditions, *statement, *status;
    const char *decision_reason, *decided_on;
    int64_t decided_by, created_by;
    const char *created_at;
    int64_t version;
} zf_credit_application_t;

int zf_credit_application_insert(zf_db_t *db, zf_arena_t *a, const zf_credit_application_t *ap,
                                 zf_credit_application_t *out, zf_error_t *err);
int zf_credit_application_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_credit_application_t *out,
                              zf_error_t *err);
int zf_credit_application_decide(zf_db_t *db, zf_credit_application_t *ap, int64_t version,
                                 zf_error_t *err);
int zf_credit_applications_of(zf_db_t *db, zf_arena_t *a, int64_t record_id,
                              zf_credit_application_t **out, size_t *n, zf_error_t *err);

/* The integer legal_params value of key in force on date (YYYY-MM-DD);
 * 500 credit.param_missing when none is. */
int zf_credit_param(zf_db_t *db, const char *key, const char *date, int64_t *value,
                    zf_error_t *err);
/* Is key one of credit's parameters (credit.serious.*)? unit: "月". */
int zf_credit_param_known(const char *key, const char **unit);

/* JSON of a record as logged and as the internal API shows it (criteria
 * expanded with their text). New reference. */
json_t *zf_credit_record_json(const zf_credit_record_t *r);
json_t *zf_credit_application_json(const zf_credit_application_t *ap);

/* ---- for the case module ---- */
typedef struct zf_credit_outcome {
    int64_t enterprise_id;
    int64_t case_id;
    const char *case_number;    /* "叶应急罚〔2026〕12号" */
    const char *decision_date;  /* YYYY-MM-DD of the penalty decision */
    const char *summary;        /* the violation and the penalty, for people */
    const char *principal_name; /* 主要负责人, "" when none */
    const char *authority;      /* the deciding department's name */
    zf_credit_facts_t facts;    /* facts.penalized must be 1 for anything to happen */
} zf_credit_outcome_t;

/* A case's penalty decision: inserts the bad record (status recorded) and,
 * when zf_credit_evaluate() meets a criterion, a serious-list proposal
 * (status proposed, propose_reason = the criteria's texts), each with its
 * log event ("credit.bad_record", "credit.propose") by actor_id, in the
 * caller's open write transaction. *bad_id / *proposal_id get the new ids
 * (0 when not made; either pointer may be NULL). Idempotent per case: a
 * case that already has a bad record (case_id > 0) makes nothing new. */
int zf_credit_case_outcome(zf_db_t *db, zf_arena_t *a, int64_t actor_id,
                           const zf_credit_outcome_t *o, int64_t *bad_id, int64_t *proposal_id,
                           zf_error_t *err);
/* facts as the JSON stored on a record, and back (400 input.invalid naming
 * the fact on a bad value). */
json_t *zf_credit_facts_json(const zf_credit_facts_t *f);
int zf_credit_facts_from_json(json_t *j, zf_credit_facts_t *f, zf_error_t *err);

#endif
