/* draws.h — the store of double-random draws (migration 008) and of
 * officers' declared relations to enterprises (回避, migration 006), plus
 * the reads a draw freezes its pools from. Strings live in the caller's
 * arena; writers expect the caller's transaction (zf_db_begin) so that the
 * change and its log event commit together (R22). */
#ifndef ZF_STORE_DRAWS_H
#define ZF_STORE_DRAWS_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

typedef struct zf_draw_row {
    int64_t id;
    int64_t unit_id;
    const char *unit_name, *unit_path; /* joined on read */
    int64_t plan_id;                   /* 0 = none */
    const char *title;
    int64_t year, month;
    const char *draw_date;
    const char *status; /* frozen | done | cancelled */
    const char *params; /* JSON */
    const char *pools;  /* JSON (not read by the list) */
    int64_t pool_size, inspector_count, target_count, per_enterprise, excluded_at_cap;
    const char *warnings; /* JSON array */
    const char *hash_enterprises, *hash_inspectors, *hash_exclusions;
    const char *commitment, *secret, *witness, *seed;
    const char *result; /* JSON once done, "" before (not read by the list) */
    const char *cancel_reason;
    int64_t created_by;
    const char *created_by_name, *created_at;
    int64_t witnessed_by;
    const char *witnessed_by_name, *drawn_at;
    int64_t cancelled_by;
    const char *cancelled_at;
    int64_t version;
} zf_draw_row_t;

/* Insert a frozen draw; *id gets its id. */
int zf_store_draw_insert(zf_db_t *db, const zf_draw_row_t *in, int64_t *id, zf_error_t *err);
/* One draw with every column; 404 draw.not_found. */
int zf_store_draw_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_draw_row_t *out, zf_error_t *err);
/* Draws whose unit lies under scope_path (NULL = every unit), newest first,
 * keyset paged: id < before_id (0 = from the newest), at most limit rows.
 * public_only: only done draws (the public list). pools and result are not
 * read ("" in the rows). */
int zf_store_draws_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, int public_only,
                        int64_t before_id, int64_t limit, zf_draw_row_t **out, size_t *n,
                        zf_error_t *err);
/* frozen → done, if the stored version is `version` and the draw is still
 * frozen (409 draw.not_frozen / conflict.version otherwise). */
int zf_store_draw_finish(zf_db_t *db, int64_t id, int64_t version, const char *witness,
                         const char *seed, const char *result, int64_t witnessed_by,
                         const char *drawn_at, zf_error_t *err);
/* frozen → cancelled, with the reason. Same conflicts. */
int zf_store_draw_cancel(zf_db_t *db, int64_t id, int64_t version, const char *reason,
                         int64_t cancelled_by, const char *cancelled_at, zf_error_t *err);

/* ---- what a draw freezes its pools from ---- */

typedef struct zf_draw_candidate {
    int64_t id;
    const char *credit_code, *name;
    int64_t unit_id;
    const char *unit_name, *unit_path;
    const char *domain, *supervision, *risk;
    int credit_punished; /* 失信惩戒 (issue 10, R26): the `credit` pool filter */
} zf_draw_candidate_t;

/* Operating enterprises (status 'operating') whose unit lies under
 * scope_path, by id ascending. */
int zf_store_draw_enterprises(zf_db_t *db, zf_arena_t *a, const char *scope_path,
                              zf_draw_candidate_t **out, size_t *n, zf_error_t *err);
/* Ids (ascending, distinct) of enterprises with a ledger entry done on or
 * after `since` (YYYY-MM-DD). */
int zf_store_draw_inspected_since(zf_db_t *db, zf_arena_t *a, const char *since, int64_t **ids,
                                  size_t *n, zf_error_t *err);

typedef struct zf_draw_pair {
    int64_t enterprise_id, officer_id;
} zf_draw_pair_t;

/* Declared relations in force on `day` (valid_from '' or ≤ day, valid_to ''
 * or ≥ day), by (enterprise, officer). */
int zf_store_draw_relations_in_force(zf_db_t *db, zf_arena_t *a, const char *day,
                                     zf_draw_pair_t **out, size_t *n, zf_error_t *err);
/* For every enterprise, the officers of its latest draw (the ledger entry
 * of source 'draw', not cancelled, with the highest draw id), by
 * (enterprise, officer). */
int zf_store_draw_last_pairs(zf_db_t *db, zf_arena_t *a, zf_draw_pair_t **out, size_t *n,
                             zf_error_t *err);

/* ---- officers' declared relations (回避, 行政处罚法 第四十三条) ---- */

typedef struct zf_officer_relation {
    int64_t id;
    int64_t officer_id;
    int64_t enterprise_id;
    const char *enterprise_name, *enterprise_code; /* joined */
    const char *relation;
    const char *valid_from, *valid_to; /* "" = open */
    const char *created_at;
    int64_t created_by;
} zf_officer_relation_t;

/* Relations of one officer, by id. */
int zf_store_relations_list(zf_db_t *db, zf_arena_t *a, int64_t officer_id,
                            zf_officer_relation_t **out, size_t *n, zf_error_t *err);
int zf_store_relation_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_officer_relation_t *out,
                          zf_error_t *err);
int zf_store_relation_insert(zf_db_t *db, const zf_officer_relation_t *in, int64_t *id,
                             zf_error_t *err);
/* Set valid_to (ends the relation from the day after). */
int zf_store_relation_end(zf_db_t *db, int64_t id, const char *valid_to, zf_error_t *err);

#endif
