/* demo_credit.h — credit punishment in the demo district (issue 10, R26). */
#ifndef ZF_CLI_DEMO_CREDIT_H
#define ZF_CLI_DEMO_CREDIT_H

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

/* On demo enterprises of 叶集区, dated back from today: the bad records of
 * the demo cases' penalty decisions (安全生产法 第78条第1款); a
 * serious-list listing (瞒报, 应急管理部令第11号 列入情形（四）) with its
 * principal listed with it, its 告知书 and 决定书 issued (PDFs in the blob
 * store under data_dir), listed 14 months ago, and an early-removal
 * application pending; and a fresh proposal (第114条 2倍罚款, 列入情形（三）)
 * waiting for the leader. Each step logged as the server logs it, in the
 * caller's transaction. 0 or a negative code. */
int zf_demo_credit_load(zf_db_t *db, zf_arena_t *a, const char *data_dir, zf_error_t *err);

#endif
