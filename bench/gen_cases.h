/* gen_cases.h — the generators of zhifa-bench-gen (issue 12: "100,000
 * enterprises, 1,000,000 cases across all stages, their events and
 * documents' records"), and the progress bar they share with gen.c. */
#ifndef ZF_BENCH_GEN_CASES_H
#define ZF_BENCH_GEN_CASES_H

#include "store/db.h"

/* The progress bar on stderr (gen.c): `what` done of total since the last
 * bench_progress_start(). */
void bench_progress_start(void);
void bench_progress(const char *what, long long done, long long total);

/* ---- enterprises (gen_enterprises.c) ---- */

typedef struct bench_ents_stats {
    long long enterprises;
    long long codes_checked; /* credit codes through zf_uscc_check (all valid) */
    long long code_clashes;  /* codes the demo had drawn already, skipped */
    double seconds;
} bench_ents_stats_t;

/* Insert n enterprises of the demo district's townships with valid credit
 * codes and their log events, `batch` per transaction. Needs `zhifa demo`
 * (the townships). 0, or exits the program with a message. */
int bench_gen_enterprises(zf_db_t *db, long long n, long long batch, bench_ents_stats_t *out);

/* ---- cases (gen_cases.c) ---- */

/* Where the time of the case generator went, in seconds: the INSERTs into
 * cases and case_officers fire the statistics triggers of migration 026, so
 * their share says what the counters cost per row; `records` is the rest
 * of --case-records (violations, reviews, payments, documents, events). */
typedef struct bench_cases_stats {
    long long cases, officers, parties, decisions, publications;
    long long violations, reviews, payments, documents, events; /* --case-records 1 */
    long long ents, ents_without, ents_median, ents_max;        /* cases per enterprise */
    double s_cases, s_officers, s_parties, s_decisions, s_publications, s_records, s_commit,
        s_total;
} bench_cases_stats_t;

/* Insert n cases over the demo district's enforcing units (brigade,
 * townships, devzone), the registry's enterprises and 2025–2026, `batch`
 * cases per transaction; with records, each case's violations, reviews,
 * payments, documents and log events too. Needs `zhifa demo` (units,
 * officers, enterprises, a published decision). 0, or exits the program
 * with a message on a store error. */
int bench_gen_cases(zf_db_t *db, long long n, long long batch, int records,
                    bench_cases_stats_t *out);

#endif
