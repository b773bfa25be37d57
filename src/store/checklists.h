/* checklists.h — inspection checklists (issue 7, R16) in the database.
 * Versions are never changed in place: an edit inserts the next version,
 * old versions stay for the inspections that answered them; only the status
 * (active/retired) of a checklist changes. Strings returned live in the
 * caller's arena; writers expect the caller's transaction (zf_db_begin) so
 * the change and its log event commit together. Portable SQL ($N,
 * RETURNING id, no vendor functions). */
#ifndef ZF_STORE_CHECKLISTS_H
#define ZF_STORE_CHECKLISTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

typedef struct zf_checklist_row {
    int64_t id;
    const char *code;
    int version;
    const char *title, *domain, *effective_from;
    const char *body; /* JSON text; NULL in lists */
    int items, major_items;
    const char *status; /* "active" | "retired" */
    const char *created_at;
    int64_t created_by; /* 0 = the system (zhifa init) */
} zf_checklist_row_t;

/* Every version of every checklist (no bodies), by code then version;
 * domain NULL or "" = any. At most 10000 rows (ZF_ETOOBIG beyond). */
int zf_checklists_all(zf_db_t *db, zf_arena_t *a, const char *domain, zf_checklist_row_t **out,
                      size_t *n, zf_error_t *err);
/* Every version of one checklist (no bodies), oldest first; 404
 * checklist.not_found when the code is unknown. */
int zf_checklist_versions(zf_db_t *db, zf_arena_t *a, const char *code, zf_checklist_row_t **out,
                          size_t *n, zf_error_t *err);
/* One version with its body; 404 checklist.not_found / checklist.no_version. */
int zf_checklist_get(zf_db_t *db, zf_arena_t *a, const char *code, int version,
                     zf_checklist_row_t *out, zf_error_t *err);
/* Insert row (status active) as version row->version; 409
 * checklist.version_taken when that version exists. Fills out. */
int zf_checklist_insert(zf_db_t *db, zf_arena_t *a, const zf_checklist_row_t *row, int64_t actor_id,
                        zf_checklist_row_t *out, zf_error_t *err);
/* Set the status of every version of code; returns rows changed or < 0. */
int64_t zf_checklist_set_status(zf_db_t *db, const char *code, const char *status, zf_error_t *err);
/* 1 when the catalogue has an item with this code, 0 when not, < 0 on error. */
int zf_checklist_catalogue_known(zf_db_t *db, const char *code, zf_error_t *err);

#endif
