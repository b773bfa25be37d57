/* credit_persons.h — the persons listed with a unit on the serious
 * dishonesty list over HTTP (issue 10, R26; store/credit_persons.h):
 *
 *   POST /api/v1/credit/records/{id}/persons   add one (before the notice)
 *
 * and their JSON for the record and for the public list. */
#ifndef ZF_API_CREDIT_PERSONS_H
#define ZF_API_CREDIT_PERSONS_H

#include <jansson.h>
#include <stdint.h>

#include "api/api.h"

/* zf_api_credit_person_add is declared in api/api.h (the routes table). */

/* The persons of record_id as a JSON array: public_view 1 gives only the
 * role, the masked name and the masked ID number (core/mask.h); 0 the
 * whole rows (staff). NULL with err on a database error. */
json_t *zf_api_credit_persons_json(zf_db_t *db, zf_arena_t *a, int64_t record_id, int public_view,
                                   zf_error_t *err);

#endif
