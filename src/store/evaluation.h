/* evaluation.h — storage of case-file evaluation (案卷评查, R30; issue 11,
 * migration 025): standard versions, rounds with their evaluators and
 * cases, each case's marks, total and grade, and the feedback sent to the
 * case's officers. Results are GROUP BYs of the database. Knows SQL, no
 * HTTP. docs/internals/evaluation.md. */
#ifndef ZF_STORE_EVALUATION_H
#define ZF_STORE_EVALUATION_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

/* ---- standards: versions are kept, never edited ---- */
typedef struct zf_evalstd_row {
    int64_t id, version;
    const char *name;
    const char *body; /* JSON text (core/evaluation.h format); NULL in lists */
    int64_t created_by;
    const char *created_at;
} zf_evalstd_row_t;

/* All versions, newest first (no bodies). */
int zf_evalstd_list(zf_db_t *db, zf_arena_t *a, zf_evalstd_row_t **out, size_t *n, zf_error_t *err);
/* One version by id, or the newest when id is 0; 404 evaluation.standard_not_found. */
int zf_evalstd_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_evalstd_row_t *out, zf_error_t *err);
/* A new version (the next number) inside the caller's transaction;
 * created_by 0 = the system (the shipped default). */
int zf_evalstd_insert(zf_db_t *db, zf_arena_t *a, const char *name, const char *body,
                      int64_t created_by, zf_evalstd_row_t *out, zf_error_t *err);

/* ---- rounds ---- */
typedef struct zf_eval_round {
    int64_t id, unit_id;
    const char *unit_path, *unit_name;
    const char *name, *period_from, *period_to;
    const char *mode; /* complete | sampled */
    int64_t sample_count, sample_percent, pool_size;
    const char *pool; /* frozen case ids, space-separated, ascending */
    const char *pool_hash, *seed;
    int64_t standard_id, standard_version;
    int64_t owner_id;
    const char *owner_name;
    int64_t version;
    const char *created_at;
    /* counts (filled by get and list) */
    int64_t n_cases, n_submitted, n_open_feedback;
} zf_eval_round_t;

int zf_eval_round_insert(zf_db_t *db, const zf_eval_round_t *r, int64_t *id, zf_error_t *err);
/* 404 evaluation.round_not_found. */
int zf_eval_round_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_eval_round_t *out,
                      zf_error_t *err);
/* Rounds of units under scope_path, newest first, ids below before_id (0 =
 * from the newest), at most limit. */
int zf_eval_rounds_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t before_id,
                        int64_t limit, zf_eval_round_t **out, size_t *n, zf_error_t *err);

typedef struct zf_eval_person {
    int64_t id;
    const char *name, *role;
} zf_eval_person_t;
/* The accounts that may be named evaluators by someone whose scope is
 * scope_path: active legal reviewers and section heads of units inside it,
 * and the city supervisors of units above it (市级监督 evaluates the
 * districts below), by role then name. */
int zf_eval_eligible(zf_db_t *db, zf_arena_t *a, const char *scope_path, zf_eval_person_t **out,
                     size_t *n, zf_error_t *err);
int zf_eval_evaluator_add(zf_db_t *db, int64_t round_id, int64_t user_id, zf_error_t *err);
int zf_eval_evaluators(zf_db_t *db, zf_arena_t *a, int64_t round_id, zf_eval_person_t **out,
                       size_t *n, zf_error_t *err);
/* 1 when user_id is an evaluator of the round, 0 when not, negative on error. */
int zf_eval_is_evaluator(zf_db_t *db, int64_t round_id, int64_t user_id, zf_error_t *err);

/* The ids (ascending) of the cases of units under unit_path decided in
 * [from, to] (decided_on: every case that ends in a decision — 处罚 or 不予
 * 处罚 — has one; withdrawn cases have none), at most limit of them. */
int zf_eval_pool(zf_db_t *db, zf_arena_t *a, const char *unit_path, const char *from,
                 const char *to, int64_t limit, int64_t **ids, size_t *n, zf_error_t *err);

/* ---- a case of a round ---- */
typedef struct zf_eval_case {
    int64_t id, round_id, case_id;
    const char *case_number, *case_title, *case_state, *decided_on;
    int64_t unit_id;
    const char *unit_name;
    int64_t position, sampler_i;
    const char *status; /* pending draft submitted */
    int64_t evaluator_id;
    const char *evaluator_name;
    const char *marks; /* JSON text {"items":[…],"vetoes":[…]} */
    int64_t total;
    const char *grade; /* "" until scored */
    int64_t veto, version;
    const char *submitted_at;
    const char *officers; /* names, "、"-joined (lists only) */
    int64_t open_feedback;
} zf_eval_case_t;

int zf_eval_case_insert(zf_db_t *db, int64_t round_id, int64_t case_id, int64_t position,
                        int64_t sampler_i, zf_error_t *err);
int zf_eval_cases_list(zf_db_t *db, zf_arena_t *a, int64_t round_id, zf_eval_case_t **out,
                       size_t *n, zf_error_t *err);
/* 404 evaluation.case_not_found when the case is not in the round. */
int zf_eval_case_get(zf_db_t *db, zf_arena_t *a, int64_t round_id, int64_t case_id,
                     zf_eval_case_t *out, zf_error_t *err);
/* Store marks, total, grade and status (draft or submitted) when the row is
 * still at `version` (409 conflict.version otherwise). */
int zf_eval_case_save(zf_db_t *db, const zf_eval_case_t *c, zf_error_t *err);

/* 1 when user_id handled the case (a case officer: case_officers.user_id
 * or the officer record's account), 0 when not; negative on error. */
int zf_eval_case_handled_by(zf_db_t *db, int64_t case_id, int64_t user_id, zf_error_t *err);
/* The accounts of the case's officers (distinct, ascending). */
int zf_eval_case_officer_users(zf_db_t *db, zf_arena_t *a, int64_t case_id, int64_t **ids,
                               size_t *n, zf_error_t *err);

/* ---- feedback to the officers ---- */
typedef struct zf_eval_feedback {
    int64_t id, evaluation_id, round_id, case_id, user_id;
    const char *round_name, *case_number, *case_title, *user_name;
    const char *item_code, *item_name, *problem;
    const char *status; /* open answered withdrawn */
    const char *answer, *answered_at, *created_at;
} zf_eval_feedback_t;

int zf_eval_feedback_insert(zf_db_t *db, const zf_eval_feedback_t *f, zf_error_t *err);
/* Open feedback of an evaluation becomes withdrawn (reopened); answered
 * rows stay as they are. Returns the rows changed or a negative code. */
int64_t zf_eval_feedback_withdraw(zf_db_t *db, int64_t evaluation_id, zf_error_t *err);
/* The user's feedback (not withdrawn), newest first, keyset paging. */
int zf_eval_feedback_of_user(zf_db_t *db, zf_arena_t *a, int64_t user_id, int64_t before_id,
                             int64_t limit, zf_eval_feedback_t **out, size_t *n, zf_error_t *err);
/* The round's open (unanswered) feedback. */
int zf_eval_feedback_open_of_round(zf_db_t *db, zf_arena_t *a, int64_t round_id,
                                   zf_eval_feedback_t **out, size_t *n, zf_error_t *err);
/* 404 evaluation.feedback_not_found. */
int zf_eval_feedback_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_eval_feedback_t *out,
                         zf_error_t *err);
/* Record the answer (整改说明) of an open row; 409 evaluation.already_answered
 * when it is no longer open. */
int zf_eval_feedback_answer(zf_db_t *db, int64_t id, const char *answer, zf_error_t *err);

/* ---- results, computed by the database ---- */
typedef struct zf_eval_agg {
    int64_t key; /* officer id, unit id, or grade index */
    const char *name;
    int64_t count, sum, fails;
} zf_eval_agg_t;
/* Over the round's submitted evaluations, grouped by officer (every case
 * officer of the case counts it once) or by the case's unit. */
int zf_eval_results(zf_db_t *db, zf_arena_t *a, int64_t round_id, int by_unit, zf_eval_agg_t **out,
                    size_t *n, zf_error_t *err);

#endif
