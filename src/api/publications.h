/* publications.h — the case module's hooks into 事后公开 (publications.c).
 * Both run inside the case transition's transaction, so the decision and
 * its publication record (and their log events) commit together; the demo
 * loader calls them too (actor 0, the system). */
#ifndef ZF_API_PUBLICATIONS_H
#define ZF_API_PUBLICATIONS_H

#include "api/case_api.h"

/* A decision was made (d is stored, f is the case as decided): a pending
 * publication due 7 working days after d->decided_on (安全生产法 第78条第2款)
 * with the public document frozen now; when d corrects an earlier decision,
 * that one's publication is withdrawn (行政处罚法 第48条第2款). */
int zf_api_publication_on_decided(zf_db_t *db, zf_arena_t *a, int64_t actor_id,
                                  const zf_case_full_t *f, const zf_case_decision_t *d,
                                  const zf_case_cfg_t *cfg, zf_error_t *err);

/* The decision was served: its pending publications go public now (held
 * ones stay held until a reviewer releases them). */
int zf_api_publication_on_served(zf_db_t *db, zf_arena_t *a, int64_t actor_id,
                                 const zf_case_full_t *f, zf_error_t *err);

#endif
