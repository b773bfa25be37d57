/* case_daily.h — 安全生产法 第112条 按日连续处罚 records (migration 034). */
#ifndef ZF_STORE_CASE_DAILY_H
#define ZF_STORE_CASE_DAILY_H

#include <jansson.h>
#include <stdint.h>

#include "core/error.h"
#include "store/db.h"

typedef struct zf_case_daily {
    int64_t id, case_id, hazard_id, follow_case_id, created_by;
    const char *ordered_on, *from_on, *until_on;
    int64_t days, fine_fen, total_fen;
} zf_case_daily_t;

/* In the caller's transaction; sets d->id. */
int zf_case_daily_insert(zf_db_t *db, zf_case_daily_t *d, zf_error_t *err);

/* The records of the original case `case_id`, or the one whose follow-up
 * case is `follow_case_id` (give one of the two, the other 0), oldest
 * first, as JSON objects of the columns with the follow-up case's number. */
int zf_case_daily_list(zf_db_t *db, int64_t case_id, int64_t follow_case_id, json_t **out,
                       zf_error_t *err);

#endif
