/* stats_cover.h — the dashboard's coverage figures (issue 11, R32): the
 * annual plans' inspections of the period's months, the double-random draws
 * done in the period and how many of their enterprises were inspected, and
 * the professional ratio of the scope's serving officers. Counted by the
 * database (COUNT / SUM … GROUP BY), never by loading the rows.
 * docs/internals/stats.md. */
#ifndef ZF_STORE_STATS_COVER_H
#define ZF_STORE_STATS_COVER_H

#include <jansson.h>

#include "core/error.h"
#include "store/db.h"
#include "store/stats.h"

/* Sets "plans", "draws", "officers_ratio" and cases.by_domain in fig.
 * practice_years_min and target_permille are the officers report's rules
 * in force (zf_officer_rules_load), so the ratio is the report's. */
int zf_stats_cover(zf_db_t *db, const zf_stats_query_t *q, int practice_years_min,
                   int target_permille, json_t *fig, zf_error_t *err);

#endif
