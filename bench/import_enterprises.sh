#!/usr/bin/env bash
# Benchmark of the enterprise import (issue 3, R11): generates N rows
# (default 100,000) of valid enterprises as a UTF-8 CSV, imports them with
# `zhifa import enterprises` into a fresh demo database, and prints rows per
# second and the peak memory (maximum resident set size, /usr/bin/time -v).
# Then it times the list API's worst pages through the store (first and a deep
# keyset page) with sqlite3's EXPLAIN QUERY PLAN for the sort indexes.
#   bench/import_enterprises.sh [BUILD_DIR] [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
rows=${2:-100000}
bin="$PWD/$build/zhifa"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ZHIFA_DATA_DIR="$work" ZHIFA_DB="sqlite:$work/zhifa.db"
"$bin" init >/dev/null
"$bin" demo >/dev/null

python3 - "$work/enterprises.csv" "$rows" <<'PY'
import sys
SET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
towns = ['史河街道', '平岗街道', '三元镇', '洪集镇', '姚李镇', '孙岗乡', '叶集经济开发区']
domains = ['工贸'] * 7 + ['危化', '烟花爆竹', '矿山']
risks = ['蓝', '黄', '黄', '橙', '红']
path, n = sys.argv[1], int(sys.argv[2])
with open(path, 'w', encoding='utf-8', newline='') as f:
    f.write('统一社会信用代码,企业名称,所属乡镇,地址,行业领域,规模,法定代表人,联系人,联系电话,风险等级,监管类别,状态\r\n')
    for i in range(n):
        k, body = 20000000 + i, ''
        for _ in range(9):
            body = SET[k % 31] + body
            k //= 31
        first = '91341504' + body
        code = first + SET[(31 - sum(SET.index(c) * w for c, w in zip(first, W)) % 31) % 31]
        t = towns[i % 7]
        r = risks[i % 5]
        f.write(f'{code},叶集区基准测试企业{i:06d}有限公司,{t},叶集区{t}基准路{i % 500}号,{domains[i % 10]},小微,'
                f'张{i % 100},李{i % 97},138{i:08d},{r},{"重点" if r in "红橙" else "一般"},在营\r\n')
PY
size=$(stat -c %s "$work/enterprises.csv")
/usr/bin/time -v "$bin" import enterprises "$work/enterprises.csv" >"$work/out.json" 2>"$work/time.txt" || {
  cat "$work/time.txt" >&2
  exit 1
}
secs=$(grep 'Elapsed (wall clock)' "$work/time.txt" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
rss=$(grep 'Maximum resident set size' "$work/time.txt" | awk '{print $NF}')
python3 - "$rows" "$secs" "$rss" "$size" "$work/out.json" <<'PY'
import json, sys
rows, secs, rss, size = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
out = json.load(open(sys.argv[5]))
assert out['imported'] == rows, out
print(f'import enterprises: {rows} rows, {size / 1048576:.1f} MiB CSV, {secs:.2f} s, '
      f'{rows / secs:,.0f} rows/s, peak RSS {rss / 1024:.0f} MiB')
PY
echo "query plans (sqlite3 EXPLAIN QUERY PLAN, $((rows + 320)) enterprises):"
for order in "e.name, e.id" "e.risk_rank DESC, e.id DESC" "e.updated_at, e.id" "e.credit_code, e.id"; do
  plan=$(sqlite3 "$work/zhifa.db" "EXPLAIN QUERY PLAN SELECT e.id FROM enterprises e JOIN units u ON u.id = e.unit_id
    WHERE +e.unit_id IN (SELECT id FROM units WHERE path LIKE '/%') ORDER BY $order LIMIT 51" | tr '\n' ' ')
  echo "  ORDER BY $order: $plan"
done
