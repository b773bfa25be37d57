/* stats_training.h — the dashboard's training compliance (issue 11, R32,
 * R4): how many of the scope's serving officers have the yearly refresher
 * days, by the training report's rule (api/officers.c compute_compliance,
 * core zf_refresher_days), counted by the database. */
#ifndef ZF_STORE_STATS_TRAINING_H
#define ZF_STORE_STATS_TRAINING_H

#include <jansson.h>

#include "core/error.h"
#include "store/db.h"
#include "store/stats.h"

/* Sets "training" {year, required_days, officers, complete, permille} in
 * fig for the year of q->to as of q->today; required_days is the rule in
 * force (refresher_days_per_year). */
int zf_stats_training(zf_db_t *db, const zf_stats_query_t *q, int required_days, json_t *fig,
                      zf_error_t *err);

/* Sets "onboarding" {required_months, officers, complete, in_window,
 * overdue, not_started, permille} in fig's "training" as of q->today: the
 * scope's serving officers by onboarding training (R4, ≥ months months),
 * the training report's rule (core zf_onboarding_done_on); in_window: not
 * complete, before the end of the months from the first onboarding day;
 * overdue: the others not complete (not_started of them with none begun). */
int zf_stats_onboarding(zf_db_t *db, const zf_stats_query_t *q, int months, json_t *fig,
                        zf_error_t *err);

#endif
