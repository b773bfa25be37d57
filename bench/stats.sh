#!/bin/sh
# The statistics dashboard of a district with N (default 1,000,000) cases
# (issue 11, R32: "answers in under 200 ms at the server"): a demo district,
# N cases spread over the brigade and the townships and over 2025–2026
# (filed, decided with a fine, a third closed, one in ten on the spot),
# two officers on each, N/30 bank confirmations and N/2 inspections, generated with SQL
# INSERT … SELECT (bench/gen.c does not make cases). Then GET
# /api/v1/stats/dashboard for a month, a quarter and a year, district-wide
# and for one township, each timed at the client (curl) and at the server
# (the request log's dur_ms). SQLite. KEEP=1 keeps the database folder;
# REUSE=<that folder> times again without generating; GEN_DIR=<empty folder>
# GEN_ONLY=1 only generates, into that folder (bench/portal.sh uses it).
#   ZHIFA_BIN=build/zhifa N=1000000 bench/stats.sh
set -eu
BIN=${ZHIFA_BIN:-build/zhifa}
N=${N:-1000000}
DIR=${REUSE:-${GEN_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/zhifa-bench-stats.XXXXXX")}}
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; [ -n "${KEEP:-}${REUSE:-}${GEN_DIR:-}" ] || rm -rf "$DIR"' EXIT
export ZHIFA_DB="sqlite:$DIR/zhifa.db" ZHIFA_DATA_DIR="$DIR"
if [ -z "${REUSE:-}" ]; then
"$BIN" init >/dev/null
"$BIN" demo >/dev/null
start=$(date +%s.%N)
sqlite3 "$DIR/zhifa.db" "
PRAGMA journal_mode = WAL;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N),
u(k, id) AS (SELECT row_number() OVER (ORDER BY id) - 1, id FROM units
             WHERE kind IN ('brigade', 'township', 'devzone'))
INSERT INTO cases (unit_id, year, state, simple, source_kind, filed_on, decided_on, closed_on,
                   decided_amount_fen, created_at, updated_at)
SELECT (SELECT id FROM u WHERE k = i % (SELECT count(*) FROM u)), 2026,
       CASE WHEN i % 3 = 0 THEN 'closed' WHEN i % 3 = 1 THEN 'decided' ELSE 'investigating' END,
       CASE WHEN i % 10 = 0 THEN 1 ELSE 0 END, 'inspection',
       CASE WHEN i % 10 = 0 THEN '' ELSE date('2025-01-01', '+' || (i % 700) || ' days') END,
       CASE WHEN i % 3 = 2 THEN '' ELSE date('2025-01-01', '+' || (i % 700 + 40) || ' days') END,
       CASE WHEN i % 3 = 0 THEN date('2025-01-01', '+' || (i % 700 + 70) || ' days') ELSE '' END,
       CASE WHEN i % 3 = 2 THEN 0 ELSE 100000 + (i % 50) * 10000 END,
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM n;
INSERT INTO case_payments (case_id, kind, amount_fen, paid_on, created_at)
SELECT id, 'bank', decided_amount_fen, closed_on, '2026-01-01T00:00:00Z'
FROM cases WHERE closed_on <> '' AND id % 10 = 0;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N / 2),
u(k, id) AS (SELECT row_number() OVER (ORDER BY id) - 1, id FROM units
             WHERE kind IN ('brigade', 'township', 'devzone')),
e(k, id) AS (SELECT row_number() OVER (ORDER BY id) - 1, id FROM enterprises)
INSERT INTO inspections (client_id, enterprise_id, unit_id, source, status, inspected_on,
                         created_at, updated_at)
SELECT 'bench-' || i, (SELECT id FROM e WHERE k = i % (SELECT count(*) FROM e)),
       (SELECT id FROM u WHERE k = i % (SELECT count(*) FROM u)),
       CASE i % 4 WHEN 0 THEN 'plan' WHEN 1 THEN 'draw' WHEN 2 THEN 'complaint' ELSE 'ad_hoc' END,
       CASE WHEN i % 5 = 0 THEN 'open' ELSE 'signed' END,
       date('2025-01-01', '+' || (i % 700) || ' days'), '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM n;
WITH o(k, id) AS (SELECT row_number() OVER (ORDER BY id) - 1, id FROM officers WHERE kind = 'officer'),
m(n) AS (SELECT count(*) FROM o)
INSERT INTO case_officers (case_id, officer_id, role)
SELECT c.id, (SELECT id FROM o WHERE k = (c.id + r.d) % (SELECT n FROM m)), r.role
FROM cases c CROSS JOIN (SELECT 0 AS d, 'lead' AS role UNION ALL SELECT 1, 'assist') r
WHERE c.id > (SELECT coalesce(max(case_id), 0) FROM case_officers);
ANALYZE;"
echo "database: $DIR (kept when KEEP=1)"
echo "inserted $N cases (2 officers each), $(sqlite3 "$DIR/zhifa.db" 'SELECT count(*) FROM case_payments') payments, $((N / 2)) inspections in $(awk "BEGIN { print $(date +%s.%N) - $start }") s"
fi
[ -n "${GEN_ONLY:-}" ] && exit 0
PORT=$((20000 + $$ % 20000))
"$BIN" serve --listen "127.0.0.1:$PORT" >/dev/null 2>"$DIR/serve.log" &
PID=$!
sleep 1
JAR="$DIR/cookies"
curl -s -c "$JAR" -H 'content-type: application/json' \
  -d '{"username":"chenjie","password":"zhifa2026"}' "http://127.0.0.1:$PORT/api/v1/auth/login" >/dev/null
township=$(sqlite3 "$DIR/zhifa.db" "SELECT id FROM units WHERE code = '341504001'")
for scope in "" "&unit_id=$township"; do
  for period in "from=2026-06-01&to=2026-06-30" "from=2026-04-01&to=2026-06-30" "from=2026-01-01&to=2026-12-31"; do
    q="$period$scope"
    for run in 1 2 3; do
      t=$(curl -s -b "$JAR" -o "$DIR/out.json" -w '%{time_total}' \
        "http://127.0.0.1:$PORT/api/v1/stats/dashboard?$q")
    done
    srv=$(grep 'stats/dashboard' "$DIR/serve.log" | tail -1 | sed 's/.*dur_ms=\([0-9.]*\).*/\1/')
    filed=$(sed 's/.*"filed":\([0-9]*\).*/\1/' "$DIR/out.json")
    echo "dashboard $q: filed=$filed client ${t}s server ${srv} ms (third run)"
  done
done
for period in "from=2026-06-01&to=2026-06-30" "from=2026-01-01&to=2026-12-31"; do
  t=$(curl -s -b "$JAR" -o "$DIR/out.json" -w '%{time_total}' \
    "http://127.0.0.1:$PORT/api/v1/stats/dashboard?$period&officers=1")
  echo "dashboard $period with officers=1: client ${t}s"
done
t=$(curl -s -b "$JAR" -o "$DIR/out.xlsx" -w '%{time_total}' \
  "http://127.0.0.1:$PORT/api/v1/stats/monthly.xlsx?year=2026&month=6")
echo "monthly.xlsx 2026-06: $(wc -c <"$DIR/out.xlsx") bytes in ${t}s"
t=$(curl -s -b "$JAR" -o "$DIR/out.json" -w '%{time_total}' \
  "http://127.0.0.1:$PORT/api/v1/stats/performance?from=2026-01-01&to=2026-12-31")
echo "performance 2026: ${t}s"
echo "query plans (SQLite):"
sqlite3 "$DIR/zhifa.db" "EXPLAIN QUERY PLAN SELECT unit_id, state, simple, COUNT(*) FROM cases
  WHERE unit_id IN (SELECT id FROM units WHERE path LIKE '/0000000001/' || '%')
  AND filed_on >= '2026-01-01' AND filed_on <= '2026-12-31' GROUP BY unit_id, state, simple;
EXPLAIN QUERY PLAN SELECT unit_id, COUNT(*), SUM(decided_amount_fen) FROM cases
  WHERE unit_id IN (SELECT id FROM units WHERE path LIKE '/0000000001/' || '%')
  AND decided_on >= '2026-01-01' AND decided_on <= '2026-12-31' GROUP BY unit_id;"
