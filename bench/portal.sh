#!/bin/sh
# The public portal with a district of N (default 1,000,000) cases (issue 10:
# "the portal home page and a decision page must answer in under 20 ms at the
# server with 1,000,000 cases"): the cases of bench/stats.sh, then a decision
# and a publication for every decided one (about two thirds), made with SQL
# INSERT … SELECT from the demo's first published decision. Then, each timed at
# the client (curl) and at the server (the request log's dur_ms, third run):
# the portal home (GET /api/v1/public/portal), a decision page
# (GET /api/v1/public/decisions/{id}) early, middle and late in the table, the
# decisions list (first page and a page deep down with ?before=), and the
# search by credit code and by name. SQLite. KEEP=1 keeps the folder;
# REUSE=<that folder> times again without generating.
#   ZHIFA_BIN=build/zhifa N=1000000 bench/portal.sh
set -eu
BIN=${ZHIFA_BIN:-build/zhifa}
N=${N:-1000000}
DIR=${REUSE:-$(mktemp -d "${TMPDIR:-/tmp}/zhifa-bench-portal.XXXXXX")}
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; [ -n "${KEEP:-}${REUSE:-}" ] || rm -rf "$DIR"' EXIT
export ZHIFA_DB="sqlite:$DIR/zhifa.db" ZHIFA_DATA_DIR="$DIR"
if [ -z "${REUSE:-}" ]; then
  GEN_DIR="$DIR" GEN_ONLY=1 ZHIFA_BIN="$BIN" N="$N" sh "$(dirname "$0")/stats.sh"
  start=$(date +%s.%N)
  sqlite3 "$DIR/zhifa.db" "
PRAGMA journal_mode = WAL;
CREATE TEMP TABLE model AS SELECT p.doc, p.party_name, p.credit_code, d.body
  FROM publications p JOIN case_decisions d ON d.id = p.decision_id ORDER BY p.id LIMIT 1;
INSERT INTO case_decisions (case_id, number, decided_on, body, created_at)
SELECT c.id, '（叶）应急罚〔2026〕' || c.id || '号', c.decided_on, (SELECT body FROM model),
       '2026-01-01T00:00:00Z'
FROM cases c WHERE c.decided_on <> '' AND c.id > (SELECT coalesce(max(case_id), 0) FROM case_decisions);
INSERT INTO publications (case_id, decision_id, unit_id, number, decided_on, due_on, status,
                          party_name, credit_code, amount_fen, doc, published_at, created_at,
                          updated_at)
SELECT d.case_id, d.id, c.unit_id, d.number, d.decided_on, d.decided_on, 'published',
       (SELECT party_name FROM model) || (d.id % 5000),
       printf('91341504MA%08d', d.id), c.decided_amount_fen, (SELECT doc FROM model),
       d.decided_on || 'T08:00:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM case_decisions d JOIN cases c ON c.id = d.case_id
WHERE d.id NOT IN (SELECT decision_id FROM publications);
ANALYZE;"
  echo "published $(sqlite3 "$DIR/zhifa.db" 'SELECT count(*) FROM publications') decisions in $(awk "BEGIN { print $(date +%s.%N) - $start }") s"
fi
PORT=$((20000 + $$ % 20000))
"$BIN" serve --listen "127.0.0.1:$PORT" >/dev/null 2>"$DIR/serve.log" &
PID=$!
sleep 1
max=$(sqlite3 "$DIR/zhifa.db" 'SELECT max(id) FROM publications')
code=$(sqlite3 "$DIR/zhifa.db" "SELECT credit_code FROM publications WHERE id = $((max / 2))")
name=$(sqlite3 "$DIR/zhifa.db" "SELECT substr(party_name, 1, 6) FROM publications WHERE id = 1")
time_it() { # label, path
  for run in 1 2 3; do
    t=$(curl -s -o "$DIR/out.json" -w '%{http_code} %{time_total}' "http://127.0.0.1:$PORT$2")
  done
  srv=$(tail -1 "$DIR/serve.log" | sed 's/.*dur_ms=\([0-9.]*\).*/\1/')
  echo "$1: status/client ${t}s server ${srv} ms (third run)"
}
time_it "portal home" "/api/v1/public/portal"
time_it "decision page (first)" "/api/v1/public/decisions/1"
time_it "decision page (middle)" "/api/v1/public/decisions/$((max / 2))"
time_it "decision page (newest)" "/api/v1/public/decisions/$max"
time_it "decisions list, first page" "/api/v1/public/decisions"
time_it "decisions list, deep page (before=$((max / 3)))" "/api/v1/public/decisions?before=$((max / 3))"
time_it "search by credit code" "/api/v1/public/decisions?q=$code"
time_it "search by name (substring, $name)" "/api/v1/public/decisions?q=$(printf %s "$name" | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')"
# a name nobody has: since migration 038 one probe of the trigram index
# (before it LIKE '%…%' read every published row: 87–102 ms)
time_it "search by name, no match" "/api/v1/public/decisions?q=$(printf %s '无此企业名称' | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')"
# two characters are too short for trigrams: the LIKE walk, what a short
# miss still costs
time_it "search by name, no match, 2 characters" "/api/v1/public/decisions?q=$(printf %s '无此' | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')"
