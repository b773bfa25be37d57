#!/usr/bin/env bash
# `make bench` (issue 12): the figures table (bench/run.py), then the long
# forms of the fault tests (FAULT_KILLS=20 SIGKILLs) and of the fuzz runs.
# Installs nothing itself: the Makefile runs `scripts/deps.sh --bench` first.
#   bench/run.sh [BUILD_DIR]     a release build (default build)
# BENCH_SECONDS, BENCH_EVENTS … see bench/run.py; BENCH_FUZZ_SECONDS (30),
# BENCH_KILLS (20), BENCH_PG_EVENTS (200000), BENCH_CASES (1000000; also the
# cases of the figures table), BENCH_PG_CASES (200000, the PostgreSQL pass),
# BENCH_ENTERPRISES (100000: the registry the cases spread over, bench/gen_enterprises.c),
# BENCH_CASE_RECORDS (1: each case's violations, reviews, payments, documents' rows
# and log events; 0 the case rows only). Whole run: about
# 20–25 minutes on the 2-core machine.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
status=0
for tool in nginx wrk sqlite3 python3 node; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing: run scripts/deps.sh --bench" >&2; exit 1; }
done
[ -f "$build/build.ninja" ] || meson setup "$build" --buildtype=release
ninja -C "$build" >/dev/null || exit 1
t0=$(date +%s)

echo "== figures on SQLite (bench/run.py, $build, ${BENCH_ENTERPRISES:=100000} enterprises, records ${BENCH_CASE_RECORDS:=1})"
export BENCH_ENTERPRISES BENCH_CASE_RECORDS
BENCH_BUILD=$build python3 bench/run.py || status=1

# The same on PostgreSQL (issue 12: "the same figures on PostgreSQL"), on
# a smaller log: the generator writes through the store, ~3,000 events/s
# there, and the point is the request figures, not a second big log.
echo
echo "== figures on PostgreSQL (bench/run.py, $build, ${BENCH_PG_EVENTS:-200000} events, ${BENCH_PG_CASES:-200000} cases)"
BENCH_DB=postgresql BENCH_EVENTS=${BENCH_PG_EVENTS:-200000} BENCH_BUILD=$build python3 bench/run.py || status=1

# The double-random draw in core (issue 6): 5% of 1,000,000 enterprises
# with inspectors, best of five runs; target under 100 ms.
echo
echo "== double-random draw in core (bench/draw_bench.c, $build)"
"$build/bench/zhifa-draw-bench" | head -1 || status=1

# Enforcement documents (issue 9): cold first document and steady rate of
# one thread; target at least 30 documents per second per core.
echo
echo "== enforcement documents (bench/docs_bench.c, $build)"
"$build/bench/zhifa-docs-bench" | head -1 || status=1

# Cases and statistics among 1,000,000 cases (issues 8 and 11): the
# deadline list of a unit, and the dashboard for a month, a quarter and a
# year (targets: the list fast, the dashboard under 200 ms at the server).
echo
echo "== case deadline list, 1,000,000 cases (bench/case_deadlines.sh, $build)"
ZHIFA_BIN="$build/zhifa" N=${BENCH_CASES:-1000000} sh bench/case_deadlines.sh || status=1
echo
echo "== statistics dashboard, 1,000,000 cases (bench/stats.sh, $build)"
ZHIFA_BIN="$build/zhifa" N=${BENCH_CASES:-1000000} sh bench/stats.sh || status=1

echo "== public portal, 1,000,000 cases (bench/portal.sh, $build)"
ZHIFA_BIN="$build/zhifa" N=${BENCH_CASES:-1000000} sh bench/portal.sh || status=1

echo
echo "== faults, long form: ${BENCH_KILLS:-20} kills (tests/api/faults.test.js on $build)"
faults_log=$(mktemp)
FAULT_KILLS=${BENCH_KILLS:-20} ZHIFA_BIN="$PWD/$build/zhifa" node --test \
  tests/api/faults.test.js >"$faults_log" 2>&1 || status=1
grep -aE '^(ok|not ok) |^# (faults\.|kills survived|disk full by|quiet p50|pass|fail)' "$faults_log"
rm -f "$faults_log"
# the same on PostgreSQL: half the kills hit the database server itself
# (pg_ctl stop -m immediate), and the tablespace fills (faults.test.js)
echo "== faults, long form on PostgreSQL (tests/api/faults.test.js, ZHIFA_TEST_PG)"
faults_log=$(mktemp)
pg_state=$(mktemp -u "${TMPDIR:-/tmp}/zhifa-pg-bench-faults.XXXXXX")
if pg_url=$(ZHIFA_PG_STATE=$pg_state scripts/pg.sh start); then
  ZHIFA_TEST_PG=$pg_url FAULT_KILLS=${BENCH_KILLS:-20} ZHIFA_BIN="$PWD/$build/zhifa" node --test \
    tests/api/faults.test.js >"$faults_log" 2>&1 || status=1
  grep -aE '^(ok|not ok) |^# (faults\.|kills survived|pass|fail)' "$faults_log"
  ZHIFA_PG_STATE=$pg_state scripts/pg.sh stop || true
else
  echo "PostgreSQL cluster did not start"; status=1
fi
rm -f "$faults_log"

echo
echo "== fuzz, long form: ${BENCH_FUZZ_SECONDS:-30} s per target"
scripts/fuzz.sh build-fuzz "${BENCH_FUZZ_SECONDS:-30}" || status=1

echo
echo "bench: $(( $(date +%s) - t0 )) s in all"
exit $status
