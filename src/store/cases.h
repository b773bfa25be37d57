/* cases.h — administrative penalty cases in the database (issue 8, part C;
 * migration 015). The procedure itself is core/case.h: the API loads a case
 * here, builds a zf_case_t from it, runs the table and saves what the
 * transition returns. Strings live in the caller's arena; writers expect the
 * caller's transaction so the change and its log event commit together.
 * Portable SQL only ($N, RETURNING id, keyset paging, no vendor functions). */
#ifndef ZF_STORE_CASES_H
#define ZF_STORE_CASES_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"
#include "store/instalments.h"

typedef struct zf_case_row {
    int64_t id, unit_id, year, seq;
    const char *unit_name, *unit_path, *number; /* number "" until filed */
    const char *state;
    int simple;
    const char *title, *source_kind;
    int64_t source_id, hazard_id, finding_id; /* 0 = none */
    const char *facts;
    int complex;
    const char *filed_on, *notified_on, *hearing_requested_on, *hearing_held_on, *decided_on,
        *served_on, *service_method;
    const char *hearing_notice_on; /* 听证通知书 served (migration 035), "" none */
    int hearing_waived, hearing_withdrawn, statements_heard, notice_waived;
    int64_t notified_amount_fen, decided_amount_fen, extension_days;
    int criminal_criteria_met;
    const char *criminal_decision;
    int hazards_all_verified;
    const char *enforcement, *enforcement_on;
    int filing_record_done;
    const char *old_violation_reason, *withdraw_reason, *no_penalty_reason, *closed_on;
    const char *next_due, *next_due_rule;
    int64_t version;
    const char *created_at, *updated_at;
    int64_t created_by;
    /* list only: principal party's name */
    const char *party_name;
} zf_case_row_t;

typedef struct zf_case_party {
    int64_t id, case_id;
    const char *kind; /* org | person */
    const char *name, *id_code, *legal_rep, *phone, *address;
    int64_t enterprise_id;
    int is_principal;
} zf_case_party_t;

typedef struct zf_case_violation_row {
    int64_t id, case_id, party_id;
    const char *item_code;
    int64_t item_version;
    int delegable;
    const char *violation_on, *ended_on;
    int harmed;
    const char *discretion_input, *discretion; /* JSON text */
    int64_t range_min_fen, range_max_fen, amount_fen;
    const char *amount_reason;
    int hearing_worthy;
} zf_case_violation_row_t;

typedef struct zf_case_officer {
    int64_t id, case_id, officer_id, user_id;
    const char *role; /* lead 主办 | assist 协办 */
    const char *name;
} zf_case_officer_t;

typedef struct zf_case_review {
    int64_t id, case_id, reviewer_id;
    const char *reviewer_name;
    const char *kind, *participants, *opinion, *reasons, *reviewed_on, *created_at;
} zf_case_review_t;

typedef struct zf_case_payment {
    int64_t id, case_id, amount_fen, entered_by;
    const char *kind, *issued_on, *due_on, *paid_on, *reference, *source, *note, *created_at;
} zf_case_payment_t;

typedef struct zf_case_decision {
    int64_t id, case_id, corrects_decision_id, created_by;
    const char *number, *decided_on, *body, *reason, *created_at;
} zf_case_decision_t;

/* A remedy of the party (migration 033): 行政复议 or 行政诉讼, outcome ''
 * while pending (codes of legal_params remedy.outcomes, core/remedy.h). */
typedef struct zf_case_remedy {
    int64_t id, case_id, version, created_by;
    const char *kind; /* reconsideration | litigation */
    const char *applied_on, *body, *body_case_no, *outcome, *outcome_on, *outcome_note, *created_at;
} zf_case_remedy_t;

/* Everything about one case. */
typedef struct zf_case_full {
    zf_case_row_t c;
    zf_case_party_t *parties;
    size_t nparties;
    zf_case_violation_row_t *violations;
    size_t nviolations;
    zf_case_officer_t *officers;
    size_t nofficers;
    zf_case_review_t *reviews;
    size_t nreviews;
    zf_case_payment_t *payments;
    size_t npayments;
    zf_case_decision_t *decisions;
    size_t ndecisions;
    zf_case_instalment_plan_t *plans; /* 分期缴纳 (migration 035), oldest first */
    size_t nplans;
    zf_case_remedy_t *remedies; /* by id */
    size_t nremedies;
} zf_case_full_t;

/* 404 case.not_found when absent. */
int zf_case_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_case_row_t *out, zf_error_t *err);
int zf_case_load(zf_db_t *db, zf_arena_t *a, int64_t id, zf_case_full_t *out, zf_error_t *err);
/* Case by its number (bank import); 404 case.not_found. */
int zf_case_by_number(zf_db_t *db, zf_arena_t *a, const char *number, zf_case_row_t *out,
                      zf_error_t *err);

/* Insert a draft (state, unit, year, source…, title, facts, simple). */
int zf_case_insert(zf_db_t *db, const zf_case_row_t *c, int64_t actor_id, int64_t *id,
                   zf_error_t *err);
/* Save every mutable column of c if the stored version is c->version (409
 * conflict.version otherwise); bumps the version. */
int zf_case_save(zf_db_t *db, const zf_case_row_t *c, zf_error_t *err);
/* The same, given the row as stored (read in this transaction): when no
 * column that an index or a statistics trigger of cases holds has changed,
 * only the other columns are written, so SQLite rewrites no index entry
 * (issue 12); stored NULL writes every column. With arena a, on success c
 * becomes the row as it now reads (version + 1, updated_at, "" for NULL
 * texts), so it need not be read back. */
int zf_case_save_changes(zf_db_t *db, zf_arena_t *a, const zf_case_row_t *stored,
                         zf_case_row_t *c, zf_error_t *err);

typedef struct zf_case_filter {
    const char *scope_path; /* unit subtree (required) */
    int64_t unit_id;        /* 0 = any in scope */
    const char *state;      /* NULL = any */
    int64_t officer_id, enterprise_id;
    const char *q;     /* number or party name fragment */
    /* catalogue domain of a violation (the version the violation cites);
     * NULL = any */
    const char *domain;
    /* registered between these local days, as the dashboard counts it:
     * filed_on, or decided_on for a case decided without filing; NULL = any */
    const char *reg_from, *reg_to;
    int64_t before_id; /* keyset: ids below this; 0 = from the newest */
    int limit;         /* 1..200 */
} zf_case_filter_t;
int zf_cases_list(zf_db_t *db, zf_arena_t *a, const zf_case_filter_t *f, zf_case_row_t **out,
                  size_t *n, zf_error_t *err);

/* Open cases in scope whose next_due <= until (YYYY-MM-DD), earliest first,
 * at most limit; by unit_id and/or officer when not 0. */
int zf_cases_due(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t unit_id,
                 int64_t officer_id, const char *until, int limit, zf_case_row_t **out, size_t *n,
                 zf_error_t *err);

int zf_case_party_save(zf_db_t *db, zf_case_party_t *p, zf_error_t *err); /* id 0 = insert */
int zf_case_violation_save(zf_db_t *db, zf_case_violation_row_t *v, zf_error_t *err);
int zf_case_violation_delete(zf_db_t *db, int64_t case_id, int64_t id, zf_error_t *err);
int zf_case_officer_add(zf_db_t *db, zf_case_officer_t *o, zf_error_t *err);
int zf_case_officer_remove(zf_db_t *db, int64_t case_id, int64_t officer_id, zf_error_t *err);
int zf_case_review_add(zf_db_t *db, zf_case_review_t *r, zf_error_t *err);
int zf_case_payment_add(zf_db_t *db, zf_case_payment_t *p, zf_error_t *err);
int zf_case_decision_add(zf_db_t *db, zf_case_decision_t *d, zf_error_t *err);
/* Insert r (r->id set). Caller's transaction. */
int zf_case_remedy_add(zf_db_t *db, zf_case_remedy_t *r, zf_error_t *err);
/* Record the outcome of remedy r->id of case r->case_id if its stored
 * version is r->version (409 conflict.version otherwise; the caller checks
 * that the remedy belongs to the case); bumps the version. */
int zf_case_remedy_outcome(zf_db_t *db, const zf_case_remedy_t *r, zf_error_t *err);
/* Hazards linked to the case (hazards.case_id = case, or the case's own
 * hazard_id) that are not yet verified by re-inspection (安全生产法 第65条).
 * Count or < 0. (It no longer asks whether migration 016's table exists:
 * every opened database is migrated to the end, and the question was a scan
 * of sqlite_master on every case answer.) */
int64_t zf_case_unverified_hazards(zf_db_t *db, int64_t case_id, int64_t hazard_id,
                                   zf_error_t *err);
/* Is a bank reference already stored? 1, 0 or < 0. */
int zf_case_payment_ref_exists(zf_db_t *db, const char *reference, zf_error_t *err);

#endif
