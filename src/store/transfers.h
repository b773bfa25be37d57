/* transfers.h — stored transfers to other agencies and to the police, their
 * steps, and the procuratorate's public-interest litigation (issue 11, R27/
 * R28, migration 024). Knows SQL, no HTTP; the rules are core/transfer.c. */
#ifndef ZF_STORE_TRANSFERS_H
#define ZF_STORE_TRANSFERS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

/* The text columns of a transfer that steps fill in ('' = not yet), in the
 * table's order: one list, so reading, saving and JSON cannot drift apart. */
#define ZF_TRANSFER_TEXTS(X)                                                                       \
    X(subject)                                                                                     \
    X(reason) X(materials) X(team) X(letter_no) X(proposed_on) X(decided_at) X(decided_on)         \
        X(decision_reason) X(sent_on) X(sent_at) X(sent_method) X(receipt_on) X(receipt_by)        \
            X(feedback_due) X(feedback_on) X(feedback_text) X(police_on) X(police_decision)        \
                X(police_reason) X(reconsider_on) X(reconsider_reason) X(answer_on) X(answer)      \
                    X(answer_text) X(supervision_on) X(supervision_text) X(handover_on)            \
                        X(handover_items) X(next_due) X(next_due_at)
/* Optional references (0 = none). */
#define ZF_TRANSFER_REFS(X)                                                                        \
    X(copy_agency_id) X(case_id) X(inspection_id) X(hazard_id) X(enterprise_id) X(decided_by)

typedef struct zf_transfer_row {
    int64_t id, unit_id, agency_id, created_by, version;
    const char *kind, *state;
#define ZF_TR_TEXT_FIELD(n) const char *n;
#define ZF_TR_REF_FIELD(n) int64_t n;
    ZF_TRANSFER_TEXTS(ZF_TR_TEXT_FIELD)
    ZF_TRANSFER_REFS(ZF_TR_REF_FIELD)
    const char *created_at, *updated_at;
    /* joined, read-only */
    const char *unit_path, *unit_name, *agency_name, *agency_kind, *copy_agency_name,
        *copy_agency_kind, *created_by_name, *decided_by_name;
} zf_transfer_row_t;

typedef struct zf_transfer_steprow {
    int64_t id, transfer_id, user_id;
    const char *step, *state, *on_day, *at, *note, *user_name;
} zf_transfer_steprow_t;

/* Insert t (id, version, timestamps, joined fields ignored); *id set. */
int zf_transfer_insert(zf_db_t *db, const zf_transfer_row_t *t, int64_t *id, zf_error_t *err);
/* 404 transfer.not_found. */
int zf_transfer_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_transfer_row_t *out,
                    zf_error_t *err);
/* Save state, copy_agency_id, every text column and decided_by if the stored
 * version is t->version; 409 conflict.version otherwise. Bumps the version. */
int zf_transfer_save(zf_db_t *db, const zf_transfer_row_t *t, zf_error_t *err);

typedef struct zf_transfer_filter {
    const char *scope_path;
    const char *kind;           /* NULL = any */
    const char *state;          /* NULL = any */
    int64_t case_id;            /* 0 = any */
    const char *overdue_before; /* "YYYY-MM-DD": only next_due < it; NULL = any */
    int64_t before_id;          /* keyset: ids below it, 0 = from the newest */
    int64_t limit;
} zf_transfer_filter_t;
int zf_transfers_list(zf_db_t *db, zf_arena_t *a, const zf_transfer_filter_t *f,
                      zf_transfer_row_t **out, size_t *n, zf_error_t *err);

int zf_transfer_step_insert(zf_db_t *db, int64_t transfer_id, const char *step, const char *state,
                            const char *on_day, int64_t user_id, const char *note, zf_error_t *err);
int zf_transfer_steps(zf_db_t *db, zf_arena_t *a, int64_t transfer_id, zf_transfer_steprow_t **out,
                      size_t *n, zf_error_t *err);

/* Has the case a criminal transfer decision (approved and sent, or refused
 * with reasons recorded)? 1, 0 or a negative code. The states that count
 * are listed in transfers.c. */
int zf_transfer_case_decided(zf_db_t *db, int64_t case_id, zf_error_t *err);

/* The text of a legal_params key in force on date (YYYY-MM-DD), arena copy;
 * 500 transfer.param_missing when there is none. */
int zf_transfer_param(zf_db_t *db, zf_arena_t *a, const char *key, const char *date,
                      const char **out, zf_error_t *err);
/* The keys of migration 024 (transfer.*, litigation.*): 1 or 0, *unit set. */
int zf_transfer_param_known(const char *key, const char **unit);
/* Is value acceptable for key (whole numbers in range; codes: words)? */
int zf_transfer_param_valid(const char *key, const char *value);

/* The dashboard's transfers figure (R32): in scope, created in [from, to],
 * counted by kind and by kind × state, and those whose time limit ran out
 * before today (open ones only). Computed by the database. New reference. */
int zf_transfer_stats(zf_db_t *db, const char *scope_path, const char *from, const char *to,
                      const char *today, json_t **out, zf_error_t *err);

/* ---- public-interest litigation (公益诉讼) ---- */
typedef struct zf_litigation {
    int64_t id, unit_id, agency_id, case_id, created_by, version;
    const char *number, *kind, *received_on, *summary, *reply_due, *reply_on, *reply_text, *outcome,
        *created_at, *updated_at;
    int urgent;
    const char *unit_path, *agency_name, *agency_kind, *created_by_name;
} zf_litigation_t;

int zf_litigation_insert(zf_db_t *db, const zf_litigation_t *l, int64_t *id, zf_error_t *err);
/* 404 litigation.not_found. */
int zf_litigation_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_litigation_t *out,
                      zf_error_t *err);
/* reply_on, reply_text, outcome if version matches (409 conflict.version). */
int zf_litigation_save(zf_db_t *db, const zf_litigation_t *l, zf_error_t *err);
/* In scope, newest first; overdue_before: unanswered with reply_due < it. */
int zf_litigation_list(zf_db_t *db, zf_arena_t *a, const char *scope_path,
                       const char *overdue_before, int64_t before_id, int64_t limit,
                       zf_litigation_t **out, size_t *n, zf_error_t *err);

#endif
