/* interference.h — the register of interference by officials in
 * enforcement (领导干部干预执法活动记录, R31; issue 11, migration 018).
 * Append-only: there is no update or delete here, and the table's triggers
 * refuse them on both databases. Knows SQL, no HTTP. */
#ifndef ZF_STORE_INTERFERENCE_H
#define ZF_STORE_INTERFERENCE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

typedef struct zf_interference {
    int64_t id;
    int64_t unit_id; /* the recorder's unit (who may read it is decided by its path) */
    const char *unit_path;
    const char *unit_name;
    const char *official_name;
    const char *official_post;
    const char *official_unit;
    const char *occurred_on; /* local YYYY-MM-DD */
    const char *method;      /* phone in_person note message via_other other */
    const char *request;     /* what was asked */
    const char *matter;      /* the case or matter concerned, free text */
    int64_t case_id;         /* 0 = none; no foreign key (the case module is apart) */
    int64_t recorded_by;
    const char *recorded_by_name;
    const char *recorded_at;
} zf_interference_t;

/* Chinese name of a method ("phone" → "电话"), NULL when unknown;
 * zf_interference_method_at(i) walks them. */
const char *zf_interference_method_name(const char *method);
const char *zf_interference_method_at(size_t i);

int zf_interference_insert(zf_db_t *db, zf_arena_t *a, const zf_interference_t *r,
                           zf_interference_t *out, zf_error_t *err);
int zf_interference_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_interference_t *out,
                        zf_error_t *err);
/* Records of units under scope_path that occurred in [from, to] (NULL = no
 * bound), newest first, ids below before_id (0 = from the newest), at most
 * limit. */
int zf_interference_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, const char *from,
                         const char *to, int64_t before_id, int64_t limit, zf_interference_t **out,
                         size_t *n, zf_error_t *err);

typedef struct zf_count {
    const char *key;
    int64_t count;
} zf_count_t;
/* Counts over the same selection, computed by the database: by the
 * official's unit (most first) and by method. */
int zf_interference_counts(zf_db_t *db, zf_arena_t *a, const char *scope_path, const char *from,
                           const char *to, int by_method, zf_count_t **out, size_t *n,
                           zf_error_t *err);

#endif
