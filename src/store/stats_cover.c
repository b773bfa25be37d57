/* stats_cover.c — see stats_cover.h. Every statement answers one row of
 * counts; the scope is the unit subtree $1 as in store/stats.c. */
#include "store/stats_cover.h"

#include <stdlib.h>

#include "core/day.h"

#include "core/officers.h"

/* The plan's inspections are inspection_ledger rows with source 'plan'
 * (store/plans.h); a month of the period is year * 100 + month between $2
 * and $3. Merged entries (综合查一次, R15) were done by the entry they were
 * merged into, so they are neither planned work left nor done twice. */
static const char *SQL_PLANS =
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END), 0) "
    "FROM inspection_ledger WHERE source = 'plan' AND status <> 'merged' "
    "AND month IS NOT NULL AND year * 100 + month >= $2 AND year * 100 + month <= $3 "
    "AND unit_id IN (SELECT id FROM units WHERE path LIKE $1 || '%')";
/* Draws witnessed (done) in the period, by the instant drawn_at (UTC, as
 * zf_now_iso writes it) between the period's first local midnight and the
 * one after its last day ($2, $3 from period_instants: the period's days
 * are China's, and from 16:00 UTC on the UTC date is already the next
 * local day's eve); their enterprises are the ledger rows the draw wrote
 * (source 'draw', source_id the draw), inspected = marked done (as
 * store/draws.c reads them). */
static const char *SQL_DRAWS =
    "SELECT COUNT(*) FROM draws WHERE status = 'done' AND drawn_at >= $2 AND drawn_at < $3 "
    "AND unit_id IN (SELECT id FROM units WHERE path LIKE $1 || '%')";
static const char *SQL_DRAWN =
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN l.status = 'done' THEN 1 ELSE 0 END), 0) "
    "FROM inspection_ledger l JOIN draws d ON d.id = l.source_id WHERE l.source = 'draw' "
    "AND d.status = 'done' AND d.drawn_at >= $2 AND d.drawn_at < $3 "
    "AND d.unit_id IN (SELECT id FROM units WHERE path LIKE $1 || '%')";
/* The officers report's definition (api/officers.c counts_toward_ratio and
 * core zf_officer_is_professional): serving officers (not auxiliaries or
 * experts); professional = relevant education, a qualification, or at
 * least $2 years of practice (the rule in force). */
static const char *SQL_RATIO =
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN o.education_relevant <> 0 OR o.qualifications <> '' "
    "OR o.practice_years >= $2 THEN 1 ELSE 0 END), 0) FROM officers o "
    "WHERE o.kind = 'officer' AND o.status = 'serving' "
    "AND o.unit_id IN (SELECT id FROM units WHERE path LIKE $1 || '%')";

/* Cases registered in the period (as the dashboard's `registered`: 立案
 * by filed_on, or decided on the spot without 立案 by decided_on), by the
 * catalogue domain of their violations (the item version the violation
 * cites); a case with violations of two domains counts in both. Read from
 * the day counters of migration 042 (kept by triggers), not by joining every
 * case of the period to its violations: a year of a 1,000,000-case district
 * is then a few thousand counter rows. */
static const char *SQL_CASE_DOMAIN =
    "SELECT domain, SUM(n) FROM stats_case_domains "
    "WHERE day >= $2 AND day <= $3 "
    "AND unit_id IN (SELECT id FROM units WHERE path LIKE $1 || '%') "
    "GROUP BY domain HAVING SUM(n) > 0 ORDER BY domain";

static int by_domain(zf_db_t *db, const zf_stats_query_t *q, json_t *out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, SQL_CASE_DOMAIN, err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, q->scope_path);
    zf_stmt_bind_text(st, 2, q->from);
    zf_stmt_bind_text(st, 3, q->to);
    int rc;
    while ((rc = zf_stmt_step(st, err)) == 1)
        json_array_append_new(out, json_pack("{s:s, s:s, s:I}", "domain", zf_stmt_text(st, 0),
                                             "name", zf_stmt_text(st, 0), "count",
                                             (json_int_t)zf_stmt_int(st, 1)));
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

/* One row of up to three integers; ym: bind $2 $3 as year*100+month. */
static int one_row(zf_db_t *db, const char *sql, const zf_stats_query_t *q, int mode, int64_t arg,
                   int64_t out[3], zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, sql, err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, q->scope_path);
    if (mode == 1) {
        /* "YYYY-MM-DD" → YYYYMM */
        zf_stmt_bind_int(st, 2, atol(q->from) * 100 + atol(q->from + 5));
        zf_stmt_bind_int(st, 3, atol(q->to) * 100 + atol(q->to + 5));
    } else if (mode == 2) {
        /* the period's local days as UTC instants (core/day.h) */
        zf_day_t from, to;
        char fi[32], ti[32];
        if (zf_day_parse(q->from, &from) != 0 || zf_day_parse(q->to, &to) != 0) {
            zf_stmt_done(st);
            return zf_error_set(err, ZF_EINVAL, 400, "stats.period", "from", "统计期间日期无效");
        }
        zf_day_start_utc(from, fi);
        zf_day_start_utc(to + 1, ti);
        zf_stmt_bind_text(st, 2, fi);
        zf_stmt_bind_text(st, 3, ti);
    } else {
        zf_stmt_bind_int(st, 2, arg);
    }
    out[0] = out[1] = out[2] = 0;
    int rc = zf_stmt_step(st, err);
    if (rc == 1) {
        out[0] = zf_stmt_int(st, 0);
        out[1] = zf_stmt_int(st, 1);
        out[2] = zf_stmt_int(st, 2);
    }
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

/* Coverage in per mille of the base (0 when there is nothing to cover). */
static json_int_t permille(int64_t part, int64_t base) {
    return base > 0 ? (json_int_t)(part * 1000 / base) : 0;
}

int zf_stats_cover(zf_db_t *db, const zf_stats_query_t *q, int practice_years_min,
                   int target_permille, json_t *fig, zf_error_t *err) {
    int64_t pl[3], dr[3], dn[3], ra[3];
    int rc = one_row(db, SQL_PLANS, q, 1, 0, pl, err);
    if (!rc) rc = one_row(db, SQL_DRAWS, q, 2, 0, dr, err);
    if (!rc) rc = one_row(db, SQL_DRAWN, q, 2, 0, dn, err);
    if (!rc) rc = one_row(db, SQL_RATIO, q, 3, practice_years_min, ra, err);
    json_t *domains = json_array();
    if (!rc) rc = by_domain(db, q, domains, err);
    if (rc) {
        json_decref(domains);
        return rc;
    }
    json_t *cases = json_object_get(fig, "cases");
    if (cases)
        json_object_set_new(cases, "by_domain", domains);
    else
        json_decref(domains);
    /* cancelled entries are no longer planned work: coverage is done over
     * the entries still due */
    json_object_set_new(fig, "plans",
                        json_pack("{s:I, s:I, s:I, s:I}", "planned", (json_int_t)pl[0], "done",
                                  (json_int_t)pl[1], "cancelled", (json_int_t)pl[2],
                                  "coverage_permille", permille(pl[1], pl[0] - pl[2])));
    json_object_set_new(fig, "draws",
                        json_pack("{s:I, s:I, s:I, s:I}", "draws", (json_int_t)dr[0], "enterprises",
                                  (json_int_t)dn[0], "inspected", (json_int_t)dn[1],
                                  "coverage_permille", permille(dn[1], dn[0])));
    json_object_set_new(fig, "officers_ratio",
                        json_pack("{s:I, s:I, s:I, s:i, s:b}", "total", (json_int_t)ra[0],
                                  "professional", (json_int_t)ra[1], "permille",
                                  (json_int_t)zf_ratio_permille(ra[1], ra[0]), "target_permille",
                                  target_permille, "meets",
                                  zf_ratio_meets(ra[1], ra[0], target_permille)));
    return 0;
}
