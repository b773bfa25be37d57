/* plan.h — the arithmetic of the annual enforcement plan (R12, R15), pure:
 * no I/O, no allocation beyond what the caller passes, deterministic.
 *
 * 安全生产法 第62条第2款 [原文]: inspections follow an annual plan drawn up by
 * class and grade. Key (重点) enterprises are inspected on a full-coverage
 * cycle per risk level; general (一般) enterprises by double-random draws at
 * a sampling ratio; enterprises under credit punishment more often. The
 * numbers are the plan's parameters (none is settled law: LAW.md §5.5 marks
 * frequencies and ratios 未核实).
 *
 * Scheduling is a deterministic greedy, documented in docs/api.md (plans):
 *  1. targets are taken in the caller's order (risk, then id);
 *  2. a target with cycle c gets the months phase+1, phase+1+c, … ≤ 12; the
 *     phase (0 … min(c,12)-1) is the one whose months carry the fewest
 *     inspections already placed, ties to the earliest;
 *  2a. when other units already plan the enterprise (join_months), its
 *     inspections go to those months first (evenly chosen when there are
 *     more), as join candidates that do not use the cap; only the rest
 *     take months from the phase of step 2;
 *  3. the yearly cap (国办发〔2024〕54号): when the cycle needs more
 *     inspections than the cap leaves, `left` evenly spaced months are kept
 *     (index floor(k·n/left)) and the others are reported as over the cap —
 *     never created, never silently dropped;
 *  4. each kept month gets team_size officers among those certified that
 *     month with load below capacity: least loaded that month first, then
 *     least loaded in the year, then lowest id. When fewer are free the
 *     inspection is still placed in its month without officers and counted
 *     as unstaffed for that month. */
#ifndef ZF_CORE_PLAN_H
#define ZF_CORE_PLAN_H

#include <stddef.h>
#include <stdint.h>

#define ZF_PLAN_MAX_TEAM 4

/* Months (1…12) of a cycle of `cycle` months starting at phase (0-based):
 * count written to months[]. cycle < 1 gives 0 months. */
int zf_plan_cycle_months(int cycle, int phase, int months[12]);
/* ceil(pool × permille / 1000) without floating point; 0 for pool or
 * permille <= 0. */
int64_t zf_plan_expected(int64_t pool, int64_t permille);
/* Split total over n draw months: total / n each, the remainder one each to
 * the earliest months. */
void zf_plan_split(int64_t total, size_t n, int64_t *out);
/* Keep `left` of n months evenly spaced (index floor(k·n/left)); keep[i] = 1
 * for kept. left < 0 = no cap: keep all. Returns the number kept. */
int zf_plan_cap_keep(int n, int64_t left, int keep[12]);
/* |m1 - m2| <= window, both scheduled (1…12). */
int zf_plan_window_match(int m1, int m2, int window);
/* Parse "3 6 9 12" or "3,6,9,12" into ascending distinct months: count, or
 * -1 when a word is not a month. */
int zf_plan_parse_months(const char *s, int months[12]);

typedef struct zf_plan_officer {
    int64_t id;
    unsigned months; /* bit m-1 set when the officer counts (certified) on month m's first day */
    int load[13];    /* inspections already assigned, by month (1…12); updated */
} zf_plan_officer_t;

typedef struct zf_plan_target {
    int64_t enterprise_id;
    int cycle;    /* months */
    int64_t left; /* inspections the cap still allows this year; -1 = no cap */
    /* months in which another unit already plans this enterprise (R15):
     * the plan prefers joining them (综合查一次) — such inspections are
     * placed in those months as joint candidates and do not use the cap,
     * because merging leaves one inspection */
    int join_months[12];
    int n_join;
} zf_plan_target_t;

/* One inspection the scheduler places. */
typedef struct zf_plan_slot {
    size_t target; /* index into targets */
    int month;
    int n_officers; /* 0 when unstaffed */
    int joint;      /* 1: placed in a month another unit plans (join candidate) */
    int64_t officers[ZF_PLAN_MAX_TEAM];
} zf_plan_slot_t;

typedef struct zf_plan_report {
    int64_t placed;        /* slots written */
    int64_t unstaffed[13]; /* by month: placed without a full team (capacity short) */
    int64_t unstaffed_total;
    int64_t over_cap;         /* inspections not created because of the cap */
    int64_t over_cap_targets; /* targets that hit the cap */
    int64_t month_total[13];  /* inspections placed per month */
    int64_t joint;            /* placed as join candidates */
} zf_plan_report_t;

/* Schedule every target. slots must have room for 12 × nt; over_cap_of
 * (may be NULL) gets, per target, how many inspections the cap cut.
 * capacity = inspections per officer per month; team_size 1…ZF_PLAN_MAX_TEAM.
 * Returns the number of slots. */
size_t zf_plan_schedule(const zf_plan_target_t *targets, size_t nt, zf_plan_officer_t *officers,
                        size_t no, int capacity, int team_size, zf_plan_slot_t *slots,
                        int64_t *over_cap_of, zf_plan_report_t *report);

/* Pick team_size officers for one month (same order as above); returns the
 * number chosen (< team_size when short) and does NOT update loads. */
int zf_plan_pick(const zf_plan_officer_t *officers, size_t no, int month, int capacity,
                 int team_size, int64_t *out);

/* Coverage in per mille, rounded down: covered × 1000 / total; 0 for 0. */
int64_t zf_plan_permille(int64_t covered, int64_t total);

#endif
