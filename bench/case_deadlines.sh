#!/bin/sh
# The deadline list of a unit with N (default 1,000,000) cases in the
# database (issue 8, part C): a demo district, N cases spread over the
# brigade and the townships (a third closed, the rest with a stored next
# deadline over 900 days), then GET /api/v1/case-deadlines for one unit,
# timed. SQLite; the list reads the index cases_due (next_due, id).
#   ZHIFA_BIN=build/zhifa N=1000000 bench/case_deadlines.sh
set -eu
BIN=${ZHIFA_BIN:-build/zhifa}
N=${N:-1000000}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/zhifa-bench-cases.XXXXXX")
trap 'kill "$PID" 2>/dev/null || true; rm -rf "$DIR"' EXIT
export ZHIFA_DB="sqlite:$DIR/zhifa.db" ZHIFA_DATA_DIR="$DIR"
"$BIN" init >/dev/null
"$BIN" demo >/dev/null
start=$(date +%s.%N)
sqlite3 "$DIR/zhifa.db" "
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N),
u(k, id) AS (SELECT row_number() OVER (ORDER BY id) - 1, id FROM units
             WHERE kind IN ('brigade', 'township', 'devzone'))
INSERT INTO cases (unit_id, year, state, source_kind, created_at, updated_at, next_due, next_due_rule)
SELECT (SELECT id FROM u WHERE k = i % (SELECT count(*) FROM u)), 2026,
       CASE WHEN i % 3 = 0 THEN 'closed' ELSE 'investigating' END, 'inspection',
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z',
       CASE WHEN i % 3 = 0 THEN '' ELSE date('2026-06-01', '+' || (i % 900) || ' days') END,
       'decision'
FROM n;
ANALYZE;"
echo "inserted $N cases in $(awk "BEGIN { print $(date +%s.%N) - $start }") s"
PORT=$((20000 + $$ % 20000))
"$BIN" serve --listen "127.0.0.1:$PORT" >/dev/null 2>"$DIR/serve.log" &
PID=$!
sleep 1
JAR="$DIR/cookies"
curl -s -c "$JAR" -H 'content-type: application/json' \
  -d '{"username":"chenjie","password":"zhifa2026"}' "http://127.0.0.1:$PORT/api/v1/auth/login" >/dev/null
for unit in $(sqlite3 "$DIR/zhifa.db" "SELECT id FROM units WHERE code IN ('341504-01', '341504001')"); do
  for q in "within=7&limit=500" "within=7&limit=50"; do
    t=$(curl -s -b "$JAR" -o "$DIR/out.json" -w '%{time_total}' \
      "http://127.0.0.1:$PORT/api/v1/case-deadlines?unit_id=$unit&$q")
    echo "unit $unit $q: $(sed 's/.*"count":\([0-9]*\).*/\1/' "$DIR/out.json") rows in ${t}s"
  done
done
