/* credit_persons.h — the persons listed with a unit on the serious
 * dishonesty list (migration 028): 应急管理部令第11号 [二手, LAW.md §5.3]
 * lists 单位及其主要负责人 (situations 1–3, 6, 8), 有关责任人员 (4) and the
 * 直接责任人员 of an intermediary (7). Each person is a row of its own tied
 * to the unit's record: listed while the record is listed, removed with it.
 * SQL only; the HTTP side is api/credit_persons.c. */
#ifndef ZF_STORE_CREDIT_PERSONS_H
#define ZF_STORE_CREDIT_PERSONS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

typedef struct zf_credit_person {
    int64_t id, record_id;
    const char *role; /* principal responsible direct */
    const char *name, *id_number, *position;
    int64_t created_by;
    const char *created_at;
} zf_credit_person_t;

/* Insert p (created_at set here) in the caller's transaction; *out the row. */
int zf_credit_person_insert(zf_db_t *db, zf_arena_t *a, const zf_credit_person_t *p,
                            zf_credit_person_t *out, zf_error_t *err);
/* The persons of one record, in the order they were added (at most 100). */
int zf_credit_persons_of(zf_db_t *db, zf_arena_t *a, int64_t record_id, zf_credit_person_t **out,
                         size_t *n, zf_error_t *err);
/* Chinese name of a role ("principal" → "主要负责人"); NULL for an unknown one. */
const char *zf_credit_person_role_name(const char *role);
/* The internal view (the ID number in full: staff only). New reference. */
json_t *zf_credit_person_json(const zf_credit_person_t *p);

#endif
