/* plans.h — annual enforcement plans (R12) in the database (migration 007).
 * A plan's inspections are inspection_ledger rows (store/ledger.h) with
 * source 'plan' and source_id = the plan's id. Writers expect the caller's
 * transaction. Strings live in the caller's arena. */
#ifndef ZF_STORE_PLANS_H
#define ZF_STORE_PLANS_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"
#include "store/ledger.h"

typedef struct zf_plan {
    int64_t id, unit_id, year;
    const char *unit_name, *unit_path, *unit_kind;
    const char *status; /* draft submitted approved */
    int64_t cycle[4];   /* red orange yellow blue, months (key enterprises) */
    int64_t cycle_credit;
    int64_t sampling_permille, general_pool, general_expected;
    const char *draw_months; /* "3 6 9 12" */
    int64_t capacity, joint_window;
    const char *report; /* JSON text */
    const char *return_reason, *submitted_at, *approved_at;
    int64_t submitted_by, approved_by;
    int64_t version;
    const char *created_at, *updated_at;
    int64_t created_by;
} zf_plan_t;

/* One enterprise of the registry as the plan needs it. */
typedef struct zf_plan_enterprise {
    int64_t id;
    const char *name, *supervision, *risk;
    int credit_punished;
} zf_plan_enterprise_t;

/* 409 plan.exists when the unit already has a plan for the year. */
int zf_plan_insert(zf_db_t *db, const zf_plan_t *p, int64_t actor_id, int64_t *id, zf_error_t *err);
int zf_plan_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_plan_t *out, zf_error_t *err);
/* Plans of units under scope_path; year 0 = any; by year desc, unit path. */
int zf_plans_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t year, zf_plan_t **out,
                  size_t *n, zf_error_t *err);
/* Write status, report, reasons, approvals and generation figures if the
 * stored version is p->version (409 conflict.version); version + 1. */
int zf_plan_save(zf_db_t *db, const zf_plan_t *p, zf_error_t *err);
/* Operating (在营) enterprises whose unit path starts with path_prefix, key
 * first, then by risk rank and id. */
int zf_plan_registry(zf_db_t *db, zf_arena_t *a, const char *path_prefix,
                     zf_plan_enterprise_t **out, size_t *n, zf_error_t *err);
/* The ledger rows of a plan (any status), by month then id. */
int zf_plan_entries(zf_db_t *db, zf_arena_t *a, int64_t plan_id, zf_ledger_entry_t **out, size_t *n,
                    zf_error_t *err);
/* (ledger_id, officer_id, officer name) of every entry of a plan. */
typedef struct zf_plan_assign {
    int64_t ledger_id, officer_id;
    const char *name;
} zf_plan_assign_t;
int zf_plan_assignments(zf_db_t *db, zf_arena_t *a, int64_t plan_id, zf_plan_assign_t **out,
                        size_t *n, zf_error_t *err);
/* Pairs of planned entries of the same enterprise and year by different
 * units, at least one of them in plan_id, both with a month. */
typedef struct zf_plan_overlap {
    zf_ledger_entry_t a, b; /* a belongs to plan_id */
} zf_plan_overlap_t;
int zf_plan_overlaps(zf_db_t *db, zf_arena_t *a, int64_t plan_id, zf_plan_overlap_t **out,
                     size_t *n, zf_error_t *err);

#endif
