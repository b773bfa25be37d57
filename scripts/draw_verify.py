#!/usr/bin/env python3
# An independent re-implementation of docs/draw.md in Python, written from the
# document alone (no code shared with zhifa): re-runs a downloaded draw
# record and exits 0 when it reproduces the commitment, hashes, seed and
# result. tests/api/draws.test.js runs it beside `zhifa draw verify`.
#   python3 scripts/draw_verify.py draw-12.json
import hashlib, json, sys
def H(b): return hashlib.sha256(b).hexdigest()
def pick(seed, i, total):
    return int.from_bytes(hashlib.sha256(f"{seed},{i}".encode()).digest(), "big") % total + 1
rec = json.load(open(sys.argv[1]))
pool = rec["pool"]
E = pool["enterprises"]; P = pool["inspectors"]; X = pool["exclusions"]
he = H("".join(f'{e["id"]},{e["credit_code"]},{e["unit_id"]},{e["name"]}\n' for e in E).encode())
hi = H("".join(f'{p["id"]},{p["cert_no"]},{p["scope_unit_id"]},{p["name"]}\n' for p in P).encode())
hx = H("".join(f'{x["enterprise_id"]},{x["officer_id"]},{x["reason"]}\n' for x in X).encode())
assert H(rec["secret"].encode()) == rec["commitment"], "commitment"
assert (he, hi, hx) == (rec["hashes"]["enterprises"], rec["hashes"]["inspectors"], rec["hashes"]["exclusions"]), "hashes"
seed = f'{rec["secret"]},{rec["witness"]},{he},{hi},{hx}'
assert seed == rec["seed"], "seed"
prm = rec["parameters"]; N = len(E)
K = min(prm["count"], N) if prm["count"] > 0 else (N * prm["ratio_permille"] + 999) // 1000
m = rec["per_enterprise"]
excl = {}
for x in X: excl.setdefault(x["enterprise_id"], set()).add(x["officer_id"])
sel, seen, i = [], set(), 0
while len(sel) < K:
    i += 1; p = pick(seed, i, N)
    if p not in seen: seen.add(p); sel.append((i, E[p - 1]))
load = {p["id"]: 0 for p in P}
result = []
for k, (i, e) in enumerate(sel, 1):
    cand = [p["id"] for p in P if (p["scope_unit_id"] in (0, e["unit_id"])) and p["id"] not in excl.get(e["id"], ())]
    assert len(cand) >= m, f"enterprise {e['id']} cannot be staffed"
    team = []
    for j in range(1, m + 1):
        rest = [c for c in cand if c not in team]
        low = min(load[c] for c in rest)
        tier = [c for c in rest if load[c] == low]
        chosen = tier[pick(f"{seed}/e{k}", j, len(tier)) - 1]
        team.append(chosen); load[chosen] += 1
    result.append({"k": k, "i": i, "enterprise_id": e["id"], "officer_ids": team})
assert result == rec["result"], "result"
print(f"ok: {K} enterprises of {N}, seed and result reproduced")
