/* officers.h — the store of issue 4: officer records (R3), training (R4),
 * authorised posts (R6), equipment and its standard (R7), and the dated
 * settings of the officer rules. Strings returned live in the caller's arena;
 * writers expect the caller's transaction (zf_db_begin) so that the change
 * and its log event commit together (R22). Lists are filtered by scope in the
 * query (unit path prefix). */
#ifndef ZF_STORE_OFFICERS_H
#define ZF_STORE_OFFICERS_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/officers.h"
#include "store/db.h"

typedef struct zf_officer {
    int64_t id;
    int64_t user_id;      /* 0 = no account */
    const char *username; /* "" without account */
    int64_t unit_id;
    const char *unit_name, *unit_code, *unit_path, *unit_kind;
    const char *name;
    const char *kind;   /* officer | auxiliary | expert */
    const char *status; /* serving | transferred | retired | suspended | left */
    const char *cert_no, *cert_issuer, *cert_issued_on, *cert_expires_on;
    const char *education;
    int education_relevant;
    const char *qualifications;
    int64_t practice_years;
    const char *injury_insurance_until, *accident_insurance_until;
    int64_t version;
} zf_officer_t;

typedef struct zf_training {
    int64_t id;
    int64_t officer_id;
    const char *officer_name;
    int64_t unit_id;
    const char *unit_path;
    const char *kind; /* onboarding | refresher */
    const char *start_date, *end_date;
    int64_t days, hours;
    const char *topic, *provider;
} zf_training_t;

typedef struct zf_equipment {
    int64_t id;
    int64_t unit_id;
    const char *unit_name, *unit_path;
    int64_t officer_id; /* 0 = held by the unit */
    const char *officer_name;
    const char *category, *name, *serial_no, *status;
    int64_t version;
} zf_equipment_t;

typedef struct zf_equipment_standard {
    const char *unit_kind, *category, *label;
    int64_t per_unit, per_officer;
} zf_equipment_standard_t;

typedef struct zf_unit_posts {
    int64_t unit_id;
    int64_t authorised; /* -1 when never set */
    int64_t version;
} zf_unit_posts_t;

/* The rules' numbers in force on `date` ("YYYY-MM-DD"): for each key the row
 * with the latest effective_from on or before date; keys without such a row
 * keep the ZF_OFFICER_RULES_INIT value. */
int zf_officer_rules_load(zf_db_t *db, const char *date, zf_officer_rules_t *out, zf_error_t *err);

/* ---- officers ---- */
/* Filters: unit_id 0, kind/status/q NULL or "" = any. Ordered by unit path, id. */
int zf_officers_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t unit_id,
                     const char *kind, const char *status, const char *q, zf_officer_t **out,
                     size_t *n, zf_error_t *err);
int zf_officer_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_officer_t *out, zf_error_t *err);
/* The record of a user; ZF_ENOTFOUND (404 officer.not_found) when none. */
int zf_officer_get_by_user(zf_db_t *db, zf_arena_t *a, int64_t user_id, zf_officer_t *out,
                           zf_error_t *err);
/* Insert `in` (id, version and unit names ignored). 409 officer.user_taken when
 * the user already has a record. */
int zf_officer_insert(zf_db_t *db, zf_arena_t *a, const zf_officer_t *in, zf_officer_t *out,
                      zf_error_t *err);
/* Replace every field with `in`'s if the stored version is in->version; 409
 * conflict.version otherwise. */
int zf_officer_update(zf_db_t *db, zf_arena_t *a, const zf_officer_t *in, zf_officer_t *out,
                      zf_error_t *err);

/* ---- training ---- */
/* officer_id 0 = every officer in scope. Ordered by officer, start date. */
int zf_trainings_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t officer_id,
                      zf_training_t **out, size_t *n, zf_error_t *err);
int zf_training_insert(zf_db_t *db, zf_arena_t *a, const zf_training_t *in, zf_training_t *out,
                       zf_error_t *err);

/* ---- equipment ---- */
int zf_equipment_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t unit_id,
                      int64_t officer_id, zf_equipment_t **out, size_t *n, zf_error_t *err);
int zf_equipment_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_equipment_t *out, zf_error_t *err);
int zf_equipment_insert(zf_db_t *db, zf_arena_t *a, const zf_equipment_t *in, zf_equipment_t *out,
                        zf_error_t *err);
int zf_equipment_update(zf_db_t *db, zf_arena_t *a, const zf_equipment_t *in, zf_equipment_t *out,
                        zf_error_t *err);
int zf_equipment_standards(zf_db_t *db, zf_arena_t *a, zf_equipment_standard_t **out, size_t *n,
                           zf_error_t *err);

/* ---- keyset pages (issue 4 follow-up) ----
 * Officers in the order of zf_officers_list (unit path, id), the page after
 * (after_path, after_id) (after_id 0 = from the start), at most limit rows;
 * trainings newest record first (id descending), the page after after_id
 * (0 = from the start). Filters as in the unpaged lists. */
int zf_officers_page(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t unit_id,
                     const char *kind, const char *status, const char *q, const char *after_path,
                     int64_t after_id, int limit, zf_officer_t **out, size_t *n, zf_error_t *err);
int zf_trainings_page(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t officer_id,
                      int64_t after_id, int limit, zf_training_t **out, size_t *n, zf_error_t *err);

/* ---- dated settings of the officer rules (officer_settings) ---- */
typedef struct zf_officer_setting {
    const char *key, *effective_from, *source;
    int64_t value;
} zf_officer_setting_t;
/* Every row, by key then date. */
int zf_officer_settings_all(zf_db_t *db, zf_arena_t *a, zf_officer_setting_t **out, size_t *n,
                            zf_error_t *err);
/* Insert a row; 409 officer_setting.date_taken when the key already has a
 * value from that day (rows are never changed: past decisions stay
 * reproducible). */
int zf_officer_setting_insert(zf_db_t *db, const zf_officer_setting_t *in, zf_error_t *err);

/* ---- work done, for the performance review (R6) ---- */
/* Inspections done in `year` (inspection ledger entries with status done,
 * issue 6/7): per inspecting unit and per officer on the team, each with the
 * number of inspections and of distinct enterprises inspected. Rows in
 * arena arrays; units and officers without work are absent. */
typedef struct zf_work_count {
    int64_t id; /* unit id or officer id */
    int64_t inspections, enterprises;
} zf_work_count_t;
int zf_work_counts(zf_db_t *db, zf_arena_t *a, int year, zf_work_count_t **units, size_t *nunits,
                   zf_work_count_t **officers, size_t *nofficers, zf_error_t *err);

/* ---- authorised posts ---- */
/* Authorised posts of one unit (authorised -1, version 0 when never set). */
int zf_unit_posts_get(zf_db_t *db, int64_t unit_id, zf_unit_posts_t *out, zf_error_t *err);
/* Set them; version must equal the stored one (0 when never set). */
int zf_unit_posts_set(zf_db_t *db, int64_t unit_id, int64_t version, int64_t authorised,
                      zf_unit_posts_t *out, zf_error_t *err);

#endif
