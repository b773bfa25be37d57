/* perm.h — who may do what, decided in one place (R1, R33).
 *
 * A decision is role × action × org subtree. Each user has a scope: the root
 * of the subtree they may see. Units are identified by their materialised
 * path ('/1/2/5/'), so "target inside scope" is a prefix test.
 *
 * Scope rules (docs/demo.md):
 *  - township_officer: their own unit's subtree only (a township sees only
 *    its township);
 *  - city_supervisor: their own unit's subtree (the city and every district
 *    below), and never writes;
 *  - every other role: the district bureau's subtree that contains their
 *    unit, because the brigade acts in the bureau's name across the whole
 *    district (R1: 以"区应急管理局"名义统一执法).
 * Pure: no I/O, thread-safe. */
#ifndef ZF_CORE_PERM_H
#define ZF_CORE_PERM_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

typedef struct zf_actor {
    int64_t user_id;
    const char *username;
    const char *name;
    const char *role; /* "officer", … */
    int64_t unit_id;
    const char *unit_path;  /* '/1/2/3/' */
    const char *scope_path; /* root of what the user may see */
} zf_actor_t;

typedef struct zf_role_info {
    const char *code; /* "officer" */
    const char *name; /* "执法人员" */
} zf_role_info_t;

/* The roles, in display order. */
size_t zf_roles_count(void);
const zf_role_info_t *zf_role_at(size_t i);
/* Chinese name of a role, or NULL when the code is not a role. */
const char *zf_role_name(const char *code);

/* Every action known to the permission table, for the matrix and /me. */
size_t zf_actions_count(void);
const char *zf_action_at(size_t i);
/* Chinese label of an action ("unit.write" → "管理组织机构"), or NULL. */
const char *zf_action_label(const char *action);

/* May this role perform this action at all (ignoring units)? 1 or 0. */
int zf_perm_role_may(const char *role, const char *action);

/* Is target_path inside the subtree rooted at scope_path? 1 or 0. */
int zf_perm_in_scope(const char *scope_path, const char *target_path);

/* The full decision: 0 when allowed; otherwise ZF_EPERM with err filled
 * (403 perm.denied or perm.out_of_scope, Chinese message naming the action).
 * target_path NULL means "no particular unit" (role check only). */
int zf_perm_check(const zf_actor_t *actor, const char *action, const char *target_path,
                  zf_error_t *err);

/* Which ancestor is the user's scope root: given the user's role, their unit
 * path, and the path of the nearest ancestor-or-self unit of kind 'bureau'
 * (NULL if none), return the scope path (one of the two inputs). */
const char *zf_perm_scope_root(const char *role, const char *unit_path, const char *bureau_path);

#endif
