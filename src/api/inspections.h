/* inspections.h — helpers shared by the inspection handlers (issue 7):
 * inspections.c, evidence.c, hazards.c, enterprise_qr.c. */
#ifndef ZF_API_INSPECTIONS_H
#define ZF_API_INSPECTIONS_H

#include <jansson.h>
#include <stdint.h>

#include "api/api.h"
#include "store/enterprises.h"

/* 400 input.invalid naming field. */
int zf_insp_bad(zf_error_t *err, const char *field, const char *msg);
/* Members of a JSON object: an integer (0 when absent or not one), a
 * string (NULL when absent or not one). */
int64_t zf_insp_int(json_t *o, const char *k);
const char *zf_insp_str(json_t *o, const char *k);
/* 8–64 characters of [0-9A-Za-z-]. */
int zf_insp_client_id_ok(const char *s);
/* The inspection row (*out, new reference, also when the permission check
 * fails) and the actor's permission `action` over its unit. */
int zf_insp_load(zf_req_t *req, int64_t id, const char *action, json_t **out, zf_error_t *err);
/* The whole record with its sub-records; phones masked unless unmasked. */
int zf_insp_full(zf_db_t *db, zf_arena_t *a, int64_t id, int unmasked, json_t **out,
                 zf_error_t *err);
/* Create (or find by client_id) an inspection of ent on day `on`, its
 * ledger entry and their events, in the caller's transaction; *created = 0
 * when client_id was already known (then nothing is written). */
int zf_insp_create(zf_req_t *req, const zf_enterprise_t *ent, const char *client_id,
                   const char *source, int64_t ledger_id, const char *on, int64_t *id, int *created,
                   zf_error_t *err);

/* Replayed writes (insp_replay.c, migration 039). op_id NULL: no check.
 * Otherwise sha gets the SHA-256 (hex) of the canonical body and
 * *replayed = 1 when op_id already did exactly this write (action "update"
 * or "sign") on inspection id; 409 inspection.op_id_reused when it did
 * something else; 400 on op_id when malformed. */
int zf_insp_replay_check(zf_db_t *db, const char *op_id, int64_t id, const char *action,
                         json_t *body, char sha[65], int *replayed, zf_error_t *err);
/* Remember op_id with the write it made, in the caller's transaction
 * (nothing when op_id is NULL). */
int zf_insp_replay_record(zf_db_t *db, const char *op_id, int64_t id, const char *action,
                          const char sha[65], int64_t version_after, int64_t user_id,
                          zf_error_t *err);

#endif
