/* stats.h — the statistics of issue 11 (R32): figures computed by the
 * database (COUNT/SUM/GROUP BY, portable SQL), never by loading the records.
 *
 * Every figure is for a period [from, to] of local dates (YYYY-MM-DD,
 * inclusive) and a unit subtree (scope: a materialised path '/1/2/'). The
 * date that places a record in the period:
 *   inspections   inspected_on
 *   hazards       ordered_on (责令整改之日); overdue = still open with a
 *                 deadline before `today`
 *   cases         filed = filed_on (立案); registered = filed, plus the
 *                 simple-procedure cases (当场处罚, no 立案) by decided_on;
 *                 decided / 不予处罚 = decided_on; closed = closed_on
 *   fines         decided = decided_amount_fen by decided_on; collected =
 *                 bank confirmations (case_payments kind 'bank') by paid_on
 * The grouped rows are few (units × states …); the C code only merges them
 * into JSON. docs/internals/stats.md. */
#ifndef ZF_STORE_STATS_H
#define ZF_STORE_STATS_H

#include <jansson.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

typedef struct zf_stats_query {
    const char *scope_path; /* unit subtree */
    const char *from, *to;  /* YYYY-MM-DD, inclusive */
    const char *today;      /* for "overdue" */
} zf_stats_query_t;

/* The dashboard: {inspections, hazards, cases, fines, units, officers,
 * transfers}. officers (per officer: inspections, cases as lead / assist)
 * only when with_officers, else null: it joins every case of the period to
 * its officers, the one figure that is not an index range (docs/internals/
 * stats.md). New reference in *out. */
int zf_stats_dashboard(zf_db_t *db, const zf_stats_query_t *q, int with_officers, json_t **out,
                       zf_error_t *err);

/* The performance review per officer of the scope (serving certified
 * officers of units in the subtree, plus anyone with work in the period):
 * inspections, cases as lead / assist, decided within decision_days (+ the
 * case's extension) of filing (行政处罚法 第60条) or late, legal-review
 * returns on their cases. Array of objects in *out. */
int zf_stats_performance(zf_db_t *db, const zf_stats_query_t *q, int decision_days, json_t **out,
                         zf_error_t *err);

#endif
