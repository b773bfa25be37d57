/* demo_evaluation.h — the case-file evaluation part of `zhifa demo`
 * (案卷评查, issue 11, R30): one finished round over the district's cases
 * decided 15–100 days ago, scored by 赵敏 with its problems sent to the
 * officers (one answered by 张伟), and one open sampled round of the last
 * 30 days drawn for 陈杰, not yet scored. */
#ifndef ZF_CLI_DEMO_EVALUATION_H
#define ZF_CLI_DEMO_EVALUATION_H

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

/* Inside the caller's transaction, after the demo cases; each change logged. */
int zf_demo_evaluation_load(zf_db_t *db, zf_arena_t *a, zf_error_t *err);

#endif
