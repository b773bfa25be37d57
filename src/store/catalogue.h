/* catalogue.h — the catalogue of enforcement items (R2, R8, R9) and the
 * dated legal parameters (R10) in the database. Versions are never changed
 * in place: an edit inserts a new version with its effective date. Strings
 * returned live in the caller's arena; writers expect the caller's
 * transaction (zf_db_begin) so the change and its log event commit together.
 * SQL is portable ($N, RETURNING id, no vendor functions). */
#ifndef ZF_STORE_CATALOGUE_H
#define ZF_STORE_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

typedef struct zf_cat_version {
    int64_t id;
    const char *code;
    int version;
    const char *effective_from; /* YYYY-MM-DD */
    const char *domain, *title, *violation_basis, *penalty_basis, *kind, *target;
    int per_person;
    int has_min, has_max;
    int64_t fine_min, fine_max; /* fen */
    int64_t gains_threshold;    /* fen; 0 when gains_mult_max = 0 */
    int gains_mult_min, gains_mult_max;
    const char *other_measures, *delegation_note, *notes;
    int delegable;
    const char *tiers; /* JSON text or NULL (default tiering) */
    const char
        *fine_rule;     /* JSON text or NULL: a fine that is not a fixed amount (migration 010) */
    const char *reason; /* why this version (修订说明) */
    const char *created_at;
    int64_t created_by; /* 0 = the system */
} zf_cat_version_t;

typedef struct zf_cat_filter {
    const char *date;   /* in force on this day (YYYY-MM-DD), required */
    const char *domain; /* NULL = any */
    const char *kind;
    int delegable;     /* -1 any, 0, 1 */
    const char *q;     /* fragment of code or title; NULL = any */
    const char *after; /* keyset: codes greater than this; NULL = from the start */
    int limit;         /* 1..500 */
} zf_cat_filter_t;

/* Items with the version in force on f->date, ordered by code. */
int zf_catalogue_list(zf_db_t *db, zf_arena_t *a, const zf_cat_filter_t *f, zf_cat_version_t **out,
                      size_t *n, zf_error_t *err);
/* Every version of one item, oldest first; ZF_ENOTFOUND (404
 * catalogue.not_found) when the code is unknown. */
int zf_catalogue_versions(zf_db_t *db, zf_arena_t *a, const char *code, zf_cat_version_t **out,
                          size_t *n, zf_error_t *err);
/* The version in force on `date`; 404 catalogue.not_found for an unknown
 * code, 404 catalogue.not_in_force when no version is in force yet. */
int zf_catalogue_at(zf_db_t *db, zf_arena_t *a, const char *code, const char *date,
                    zf_cat_version_t *out, zf_error_t *err);
/* Insert v as a new item (create = 1; 409 catalogue.code_taken if it
 * exists) or as the next version of an existing one (create = 0; 404 if
 * unknown; 409 catalogue.date_taken when a version already starts on that
 * day). Fills out with the stored version. */
int zf_catalogue_insert(zf_db_t *db, zf_arena_t *a, const zf_cat_version_t *v, int create,
                        int64_t actor_id, zf_cat_version_t *out, zf_error_t *err);
int64_t zf_catalogue_count(zf_db_t *db, zf_error_t *err);

typedef struct zf_legal_param {
    int64_t id;
    const char *key, *value, *unit, *effective_from, *source, *label, *created_at;
    int confirmed;
    int64_t created_by;
} zf_legal_param_t;

/* The configuration generation (migration 044): a number that changes in
 * the writer's transaction whenever legal_params, officer_settings or the
 * working-day calendar change. */
int zf_config_generation(zf_db_t *db, int64_t *out, char instance[33], zf_error_t *err);

/* Every dated value, by key then date. */
int zf_legal_params_all(zf_db_t *db, zf_arena_t *a, zf_legal_param_t **out, size_t *n,
                        zf_error_t *err);
/* For each key, the value in force on `date` (greatest effective_from <= date). */
int zf_legal_params_at(zf_db_t *db, zf_arena_t *a, const char *date, zf_legal_param_t **out,
                       size_t *n, zf_error_t *err);
/* 409 legal_param.date_taken when the key already has a value from that day. */
int zf_legal_param_insert(zf_db_t *db, zf_arena_t *a, const zf_legal_param_t *p, int64_t actor_id,
                          zf_legal_param_t *out, zf_error_t *err);

#endif
