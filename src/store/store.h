/* store.h — the domain queries of the foundation: org units, users,
 * sessions, login throttling. Every function takes a connection borrowed from
 * the pool; strings it returns live in the caller's arena. Functions that
 * write expect the caller to hold a transaction (zf_db_begin) so the change
 * and its log event commit together (R22). */
#ifndef ZF_STORE_STORE_H
#define ZF_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/perm.h"
#include "store/db.h"

typedef struct zf_unit {
    int64_t id;
    int64_t parent_id; /* 0 for the root */
    const char *code;
    const char *name;
    const char *kind;
    const char *path;
    int64_t version;
} zf_unit_t;

typedef struct zf_user {
    int64_t id;
    const char *username;
    const char *name;
    const char *role;
    int64_t unit_id;
    const char *unit_name;
    const char *unit_code;
    const char *unit_path;
    int active;
    int64_t version;
    const char *password_hash; /* only filled by zf_user_get_by_username */
} zf_user_t;

/* Chinese name of a unit kind, or NULL if not a kind. */
const char *zf_unit_kind_name(const char *kind);

/* ---- units ---- */
int zf_units_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, zf_unit_t **out, size_t *n,
                  zf_error_t *err);
int zf_unit_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_unit_t *out, zf_error_t *err);
int zf_unit_get_by_code(zf_db_t *db, zf_arena_t *a, const char *code, zf_unit_t *out,
                        zf_error_t *err);
/* Insert a unit under parent_id (0 = a new root). 409 store.conflict naming
 * the code when the code is taken. */
int zf_unit_insert(zf_db_t *db, zf_arena_t *a, int64_t parent_id, const char *code,
                   const char *name, const char *kind, zf_unit_t *out, zf_error_t *err);
/* Update the fields that are not NULL if the stored version equals `version`;
 * 409 conflict.version otherwise. */
int zf_unit_update(zf_db_t *db, zf_arena_t *a, int64_t id, int64_t version, const char *code,
                   const char *name, const char *kind, zf_unit_t *out, zf_error_t *err);
/* Path of the nearest ancestor-or-self of kind 'bureau', or NULL. */
const char *zf_unit_bureau_path(zf_db_t *db, zf_arena_t *a, const char *unit_path, zf_error_t *err);

/* ---- users ---- */
int zf_users_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t unit_id,
                  const char *q, zf_user_t **out, size_t *n, zf_error_t *err);
int zf_user_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_user_t *out, zf_error_t *err);
int zf_user_get_by_username(zf_db_t *db, zf_arena_t *a, const char *username, zf_user_t *out,
                            zf_error_t *err);
int zf_user_insert(zf_db_t *db, zf_arena_t *a, const char *username, const char *name,
                   const char *role, int64_t unit_id, const char *password_hash, zf_user_t *out,
                   zf_error_t *err);
/* NULL / negative fields are left unchanged (active: -1). */
int zf_user_update(zf_db_t *db, zf_arena_t *a, int64_t id, int64_t version, const char *name,
                   const char *role, int64_t unit_id, int active, const char *password_hash,
                   zf_user_t *out, zf_error_t *err);

/* ---- sessions ---- */
/* Create a session for user_id valid for ttl_ms; writes the cookie token (64
 * hex chars + NUL) and the CSRF token (64 hex + NUL). */
int zf_session_create(zf_db_t *db, int64_t user_id, int64_t ttl_ms, const char *ip, char token[65],
                      char csrf[65], zf_error_t *err);
/* Find the live session for a cookie token and the actor behind it (active
 * users only). ZF_ENOTFOUND when there is none or it expired. */
int zf_session_lookup(zf_db_t *db, zf_arena_t *a, const char *token, zf_actor_t *actor,
                      const char **csrf, zf_error_t *err);
int zf_session_delete(zf_db_t *db, const char *token, zf_error_t *err);
int zf_sessions_delete_for_user(zf_db_t *db, int64_t user_id, zf_error_t *err);

/* ---- login throttling ---- */
int64_t zf_login_failures_since(zf_db_t *db, const char *key, int64_t since_ms, zf_error_t *err);
int zf_login_failure_add(zf_db_t *db, const char *key, int64_t now_ms, zf_error_t *err);
int zf_login_failures_clear(zf_db_t *db, const char *key, zf_error_t *err);

/* ---- meta ---- */
const char *zf_meta_get(zf_db_t *db, zf_arena_t *a, const char *key, zf_error_t *err);
int zf_meta_set(zf_db_t *db, const char *key, const char *value, zf_error_t *err);

#endif
