/* insp_ops.h — the writes of an inspection a phone may replay (issue 7,
 * R34, migration 039). A queued PATCH or signing carries the phone's
 * operation id; the row written with the change says what that id did, so
 * the same request sent again (its answer was lost on the way back) is
 * recognised instead of meeting a version conflict or a frozen record. */
#ifndef ZF_STORE_INSP_OPS_H
#define ZF_STORE_INSP_OPS_H

#include <stdint.h>

#include "store/db.h"

/* A remembered operation. Strings are copied into fixed buffers so the row
 * outlives the statement. */
typedef struct zf_insp_op {
    int64_t inspection_id;
    char action[8];       /* "update" or "sign" */
    char body_sha256[65]; /* hex */
    int64_t version_after;
} zf_insp_op_t;

/* Look op_id up: 1 and *out filled when known, 0 when not, negative on a
 * database error. */
int zf_insp_op_get(zf_db_t *db, const char *op_id, zf_insp_op_t *out, zf_error_t *err);

/* Remember op_id in the caller's transaction (with the change it made).
 * A concurrent insert of the same id fails on the primary key: the
 * caller's transaction is rolled back, the change with it. */
int zf_insp_op_insert(zf_db_t *db, const char *op_id, const zf_insp_op_t *op, int64_t user_id,
                      zf_error_t *err);

#endif
