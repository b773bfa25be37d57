/* gen_cases.h — the case generator of zhifa-bench-gen (issue 12: "1,000,000
 * cases across all stages"), and the progress bar it shares with gen.c. */
#ifndef ZF_BENCH_GEN_CASES_H
#define ZF_BENCH_GEN_CASES_H

#include "store/db.h"

/* The progress bar on stderr (gen.c): `what` done of total since the last
 * bench_progress_start(). */
void bench_progress_start(void);
void bench_progress(const char *what, long long done, long long total);

/* Where the time of the case generator went, in seconds: the INSERTs into
 * cases and case_officers fire the statistics triggers of migration 026, so
 * their share says what the counters cost per row. */
typedef struct bench_cases_stats {
    long long cases, officers, parties, decisions, publications;
    double s_cases, s_officers, s_parties, s_decisions, s_publications, s_commit, s_total;
} bench_cases_stats_t;

/* Insert n cases over the demo district's enforcing units (brigade,
 * townships, devzone) and 2025–2026, `batch` cases per transaction. Needs
 * `zhifa demo` (units, officers, enterprises, a published decision). 0, or
 * exits the program with a message on a store error. */
int bench_gen_cases(zf_db_t *db, long long n, long long batch, bench_cases_stats_t *out);

#endif
