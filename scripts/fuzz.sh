#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz for SECONDS each (issue 12):
# `make test` a short run through scripts/test.sh, `make bench` a longer one.
#   scripts/fuzz.sh [BUILD_DIR] [SECONDS]      (default build-fuzz 15)
# Sets the clang build up when BUILD_DIR is missing. New inputs go to a
# temporary directory; the committed seeds in tests/fuzz/corpus/<target>/ are
# only read. Prints one TAP line per target ("ok N - fuzz_x: E executions …")
# and, at the end, "fuzz: N passed, N failed". A crash leaves its input in
# $FUZZ_ARTIFACTS (default a temporary directory, printed).
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-fuzz}
seconds=${2:-15}
if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" -Dfuzz=true -Dtests=false -Dwerror=false \
    -Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link \
    --buildtype=debugoptimized >/dev/null || { echo "not ok 1 - fuzz build setup"; echo "fuzz: 0 passed, 1 failed"; exit 1; }
fi
if ! ninja -C "$build" >"${TMPDIR:-/tmp}/zhifa-fuzz-build.log" 2>&1; then
  tail -20 "${TMPDIR:-/tmp}/zhifa-fuzz-build.log"
  echo "not ok 1 - fuzz build"; echo "fuzz: 0 passed, 1 failed"; exit 1
fi
artifacts=${FUZZ_ARTIFACTS:-$(mktemp -d "${TMPDIR:-/tmp}/zhifa-fuzz.XXXXXX")}
mkdir -p "$artifacts"
export ASAN_OPTIONS=${FUZZ_ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
passed=0 failed=0 n=0 total=0
for exe in "$build"/tests/fuzz/fuzz_*; do
  [ -x "$exe" ] && [ -f "$exe" ] || continue
  name=$(basename "$exe")
  n=$((n + 1))
  work=$(mktemp -d "${TMPDIR:-/tmp}/zhifa-corpus.XXXXXX")
  seeds=tests/fuzz/corpus/$name
  mkdir -p "$seeds"
  log="$artifacts/$name.log"
  "$exe" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts/$name-" "$work" "$seeds" >"$log" 2>&1
  rc=$?
  execs=$(grep -E '^stat::number_of_executed_units:' "$log" | awk '{print $2}')
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  rm -rf "$work"
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1))
    total=$((total + ${execs:-0}))
    echo "ok $n - $name: ${execs:-?} executions in ${seconds} s, coverage ${cov:-?} edges"
  else
    failed=$((failed + 1))
    echo "not ok $n - $name: exit $rc after ${execs:-?} executions; input and log in $artifacts"
    grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -5 | sed 's/^/#   /'
  fi
done
echo "fuzz: $total executions in all"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
