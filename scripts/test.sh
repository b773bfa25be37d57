#!/usr/bin/env bash
# Runs every test suite against one build (the sanitizer build under `make
# test`) and ends with the one line CI reads: "N passed, N failed".
#   scripts/test.sh BUILD_DIR
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-asan}
export ZHIFA_BIN="$PWD/$build/zhifa"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}
logs=$(mktemp -d)
status=0

echo "== unit tests (meson, $build)"
meson test -C "$build" --suite unit --print-errorlogs || status=1

count_unit() {
  python3 - "$build/meson-logs/testlog.json" <<'PY'
import json, re, sys
passed = failed = 0
for line in open(sys.argv[1], encoding='utf-8'):
    t = json.loads(line)
    out = t.get('stdout') or ''
    ok = len(re.findall(r'^ok \d+', out, re.M))
    bad = len(re.findall(r'^not ok \d+', out, re.M))
    if ok + bad == 0:  # a test that printed no TAP counts as one
        ok, bad = (1, 0) if t.get('result') == 'OK' else (0, 1)
    passed += ok
    failed += bad
print(passed, failed)
PY
}

run_node() { # name, dir
  local name=$1 dir=$2
  echo "== $name tests ($dir)"
  node --test --test-concurrency=2 --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$logs/$name.tap" "$dir"/ || status=1
}

run_node api tests/api
run_node e2e tests/e2e

# ---- PostgreSQL pass (issue 5): the API suite again, each server on a fresh
# database of a throwaway cluster (scripts/pg.sh), and the unit test that
# draws gap-free numbers from two pools; the cluster is stopped and deleted
# afterwards, also when something fails (trap).
export ZHIFA_PG_STATE
ZHIFA_PG_STATE=$(mktemp -u "${TMPDIR:-/tmp}/zhifa-pg-test.XXXXXX")
trap 'scripts/pg.sh stop >/dev/null 2>&1 || true' EXIT
pg_unit_pass=0 pg_unit_fail=0
echo "== PostgreSQL cluster (scripts/pg.sh start)"
if pg_url=$(scripts/pg.sh start); then
  export ZHIFA_TEST_PG=$pg_url
  run_node api_pg tests/api
  echo "== unit tests on PostgreSQL (test_series)"
  if [ -x "$build/tests/unit/test_series" ]; then
    # run directly, not by meson test: the PostgreSQL module is named as meson names it
    ZHIFA_PG_MODULE="$PWD/$build/zhifa-pg.so" CMOCKA_MESSAGE_OUTPUT=TAP "$build/tests/unit/test_series" >"$logs/series_pg.tap" 2>&1 || status=1
    cat "$logs/series_pg.tap"
    pg_unit_pass=$(grep -cE '^ok [0-9]+' "$logs/series_pg.tap" || true)
    pg_unit_fail=$(grep -cE '^not ok [0-9]+' "$logs/series_pg.tap" || true)
  fi
  unset ZHIFA_TEST_PG
  scripts/pg.sh stop || true
else
  echo "PostgreSQL cluster did not start: the PostgreSQL pass counts as one failure"
  status=1
  pg_unit_fail=1
fi
touch "$logs/api_pg.tap"

# ---- libFuzzer short run (issue 12): every target of tests/fuzz for
# FUZZ_SECONDS (15) in its own clang build (build-fuzz, set up when missing);
# one passed or failed test per target.
echo "== fuzz (scripts/fuzz.sh build-fuzz ${FUZZ_SECONDS:-15})"
scripts/fuzz.sh build-fuzz "${FUZZ_SECONDS:-15}" | tee "$logs/fuzz.tap" || status=1
fuzz_pass=$(grep -cE '^ok [0-9]+' "$logs/fuzz.tap" || true)
fuzz_fail=$(grep -cE '^not ok [0-9]+' "$logs/fuzz.tap" || true)

read -r unit_pass unit_fail < <(count_unit)
sum_tap() { # file → "pass fail"
  local pass fail
  pass=$(grep -E '^# pass [0-9]+' "$1" | awk '{s+=$3} END {print s+0}')
  fail=$(grep -E '^# fail [0-9]+' "$1" | awk '{s+=$3} END {print s+0}')
  echo "$pass $fail"
}
read -r api_pass api_fail < <(sum_tap "$logs/api.tap")
read -r e2e_pass e2e_fail < <(sum_tap "$logs/e2e.tap")
read -r pg_pass pg_fail < <(sum_tap "$logs/api_pg.tap")
pg_pass=$((pg_pass + pg_unit_pass))
pg_fail=$((pg_fail + pg_unit_fail))
passed=$((unit_pass + api_pass + e2e_pass + pg_pass))
failed=$((unit_fail + api_fail + e2e_fail + pg_fail))
passed=$((passed + fuzz_pass)) # issue 12: fuzz targets
failed=$((failed + fuzz_fail))
# The names of what failed, so that the few lines of CI that are kept say
# which test to look at (a TAP "not ok" line, indented by its nesting).
for f in "$logs"/*.tap; do
  grep -E '^ *not ok [0-9]+' "$f" | sed "s|^ *|failed ($(basename "$f" .tap)): |" | head -20
done
echo "unit: $unit_pass passed, $unit_fail failed; api: $api_pass passed, $api_fail failed; browser: $e2e_pass passed, $e2e_fail failed"
echo "postgresql (api + unit): $pg_pass passed, $pg_fail failed"
echo "fuzz: $fuzz_pass passed, $fuzz_fail failed"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
rm -rf "$logs"
[ "$failed" -eq 0 ]
