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

read -r unit_pass unit_fail < <(count_unit)
sum_tap() { # file → "pass fail"
  local pass fail
  pass=$(grep -E '^# pass [0-9]+' "$1" | awk '{s+=$3} END {print s+0}')
  fail=$(grep -E '^# fail [0-9]+' "$1" | awk '{s+=$3} END {print s+0}')
  echo "$pass $fail"
}
read -r api_pass api_fail < <(sum_tap "$logs/api.tap")
read -r e2e_pass e2e_fail < <(sum_tap "$logs/e2e.tap")
passed=$((unit_pass + api_pass + e2e_pass))
failed=$((unit_fail + api_fail + e2e_fail))
echo "unit: $unit_pass passed, $unit_fail failed; api: $api_pass passed, $api_fail failed; browser: $e2e_pass passed, $e2e_fail failed"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
rm -rf "$logs"
[ "$failed" -eq 0 ]
