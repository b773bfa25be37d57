/* qualifications.h — the legal reviewers' 法律职业资格 (migration 031,
 * 行政处罚法 第58条第2款): one row per account. */
#ifndef ZF_STORE_QUALIFICATIONS_H
#define ZF_STORE_QUALIFICATIONS_H

#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

typedef struct zf_legal_qual {
    int64_t user_id;
    const char *certificate_no, *obtained_on, *reviewing_since; /* "" when not known */
    int64_t version;                                            /* 0: no row yet */
    const char *updated_at;
} zf_legal_qual_t;

/* The row of a user; an empty record (version 0) when there is none. */
int zf_legal_qual_get(zf_db_t *db, zf_arena_t *a, int64_t user_id, zf_legal_qual_t *out,
                      zf_error_t *err);
/* Insert (expected version 0) or update (the version read); 409
 * conflict.version when someone saved in between. Sets q->version. */
int zf_legal_qual_put(zf_db_t *db, zf_legal_qual_t *q, int64_t expected_version, int64_t actor_id,
                      const char *now, zf_error_t *err);

#endif
