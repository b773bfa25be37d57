#!/usr/bin/env python3
"""bench/run.py — the figures of issue 12, run by `make bench` (bench/run.sh).

nginx serving a static 1 KiB JSON file on loopback (the ceiling) and zhifa
(release build) on a generated database, under wrk at 8 and 64 connections
with keep-alive; every zhifa run follows an nginx run so each ratio compares
runs seconds apart. Prints a table (requests/s, p50, p99, server CPU per
request, ratios to nginx) and the start-up, memory and audit figures.

Environment: BENCH_BUILD (build-bench-rel), BENCH_SECONDS per run (8),
BENCH_UNITS (1000), BENCH_USERS (10000), BENCH_EVENTS (1000000),
BENCH_CONNS ("8 64"), BENCH_ENTERPRISES (100000: the registry the cases
spread over), BENCH_CASE_RECORDS (1: each case's violations, reviews,
payments, documents' rows and log events; 0 the case rows only), BENCH_REUSE=<a work directory kept by BENCH_KEEP=1>
measures again on its database without generating (SQLite), BENCH_CASES (1000000; BENCH_PG_CASES, 200000, on
PostgreSQL), BENCH_SCENARIOS (comma-separated words: only the scenarios
whose name contains one, e.g. "case,decision"), BENCH_KEEP=1 keeps the work directory,
BENCH_AUDIT=0 skips `zhifa audit verify` (a focused re-run),
BENCH_DB=postgresql runs the same on a throwaway PostgreSQL cluster on
loopback (scripts/pg.sh, fsync on, same machine as zhifa and wrk).
Scenarios are one function each (SCENARIOS below): modules add theirs.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, os.environ.get("BENCH_BUILD", "build-bench-rel"))
ZHIFA = os.path.join(BUILD, "zhifa")
GEN = os.path.join(BUILD, "bench", "zhifa-bench-gen")
BARE = os.path.join(BUILD, "bench", "zhifa-bench-bare")
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
AUDIT = os.environ.get("BENCH_AUDIT", "1") != "0"
CONNS = [int(c) for c in os.environ.get("BENCH_CONNS", "8 64").split()]
TICK = os.sysconf("SC_CLK_TCK")


def log(msg):
    print(msg, flush=True)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            pass
    return total


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def status_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def wait_http(url, timeout=15.0, proc=None):
    end = time.time() + timeout
    last = None
    while time.time() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except OSError as e:
            last = e
            time.sleep(0.005)
    raise RuntimeError(f"no answer from {url}: {last}")


# ---- nginx ----------------------------------------------------------------

class Nginx:
    def __init__(self, work):
        self.dir = os.path.join(work, "nginx")
        os.makedirs(os.path.join(self.dir, "html"), exist_ok=True)
        os.makedirs(os.path.join(self.dir, "tmp"), exist_ok=True)
        # nginx's workers drop root for nobody: the static file must be theirs to read
        os.chmod(work, 0o755)
        os.chmod(self.dir, 0o755)
        os.chmod(os.path.join(self.dir, "html"), 0o755)
        body = {"status": "ok", "pad": ""}
        body["pad"] = "x" * (1024 - len(json.dumps(body, separators=(",", ":"))))
        with open(os.path.join(self.dir, "html", "static.json"), "w") as f:
            f.write(json.dumps(body, separators=(",", ":")))
        self.port = free_port()
        conf = os.path.join(self.dir, "nginx.conf")
        tmp = os.path.join(self.dir, "tmp")
        with open(conf, "w") as f:
            f.write(f"""daemon off;
worker_processes auto;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  default_type application/json;
  keepalive_requests 1000000;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{self.port};
    root {self.dir}/html;
  }}
}}
""")
        self.proc = subprocess.Popen(["nginx", "-p", self.dir, "-c", conf],
                                     stdout=subprocess.DEVNULL,
                                     stderr=open(os.path.join(self.dir, "stderr.log"), "w"))
        self.url = f"http://127.0.0.1:{self.port}"
        try:
            wait_http(self.url + "/static.json", proc=self.proc)
        except RuntimeError:
            sys.stderr.write(open(os.path.join(self.dir, "stderr.log")).read())
            raise

    def pids(self):
        return [self.proc.pid] + children(self.proc.pid)

    def stop(self):
        self.proc.send_signal(signal.SIGQUIT)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Bare:
    """The CPU target's baseline (bench/bare_lookup.c): libmicrohttpd run as
    zhifa runs it, answering GET /cases/ID with one SQLite primary-key
    lookup on the same database file."""

    def __init__(self, db_file, case_id):
        self.port = free_port()
        self.proc = subprocess.Popen([BARE, db_file, str(self.port)], stdout=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.port}"
        wait_http(f"{self.url}/cases/{case_id}", proc=self.proc)

    def pids(self):
        return [self.proc.pid]

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


# ---- zhifa ----------------------------------------------------------------

class Zhifa:
    def __init__(self, data, db_url):
        self.data = data
        self.db_url = db_url
        self.env = dict(os.environ, ZHIFA_DB=db_url, ZHIFA_DATA_DIR=data, ZHIFA_LOG_LEVEL="warn")
        self.proc = None
        self.pg = None  # set when on PostgreSQL: its CPU counts in CPU µs/req

    def run(self, *args):
        return subprocess.run([ZHIFA, *args], env=self.env, check=True, capture_output=True,
                              text=True).stdout

    def start(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        t0 = time.perf_counter()
        self.proc = subprocess.Popen([ZHIFA, "serve", "--listen", f"127.0.0.1:{self.port}"],
                                     env=self.env, stdout=subprocess.DEVNULL,
                                     stderr=open(os.path.join(self.data, "serve.log"), "a"))
        wait_http(self.url + "/api/v1/health", proc=self.proc)
        return (time.perf_counter() - t0) * 1000

    def pids(self):
        return [self.proc.pid] + (self.pg.pids() if self.pg else [])

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        # a stop signs the log if it grew: the first server on a database
        # builds its tree of the log then, reading every leaf (39 s for
        # 6,000,000 events, loaded) — the generator signs its own checkpoint,
        # so only a server that wrote pays it
        self.proc.wait(180)

    def login(self, username="admin", password="zhifa2026"):
        req = urllib.request.Request(self.url + "/api/v1/auth/login", method="POST",
                                     data=json.dumps({"username": username, "password": password}).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req) as r:
            cookie = re.search(r"zf_session=([^;]+)", r.headers["Set-Cookie"]).group(1)
            return cookie, json.load(r)["csrf_token"]

    def get(self, path, cookie):
        req = urllib.request.Request(self.url + path,
                                     headers={"Cookie": f"zf_session={cookie}"} if cookie else {})
        with urllib.request.urlopen(req) as r:
            return json.load(r)


# ---- wrk ------------------------------------------------------------------

UNIT = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def parse_wrk(out):
    def lat(p):
        m = re.search(rf"^\s*{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return float(m.group(1)) * UNIT[m.group(2)] if m else float("nan")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errs = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50": lat(50), "p99": lat(99), "requests": total,
            "non2xx": int(bad.group(1)) if bad else 0, "socket_errors": errs.group(1) if errs else ""}


def wrk(url, conns, pids, headers=(), script=None, seconds=SECONDS):
    cmd = ["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    for h in headers:
        cmd += ["-H", h]
    if script:
        cmd += ["-s", script]
    cmd.append(url)
    before = cpu_ticks(pids)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    after = cpu_ticks(pids)
    r = parse_wrk(out)
    r["cpu_us"] = (after - before) / TICK * 1e6 / max(r["requests"], 1)
    # answered 2xx per second (writes: a 409 from two edits of one unit
    # overtaking each other on different connections is not a write)
    r["ok_rps"] = r["rps"] * (r["requests"] - r["non2xx"]) / max(r["requests"], 1)
    return r


def drain(pids, limit=180.0):
    """Wait until the server has finished what the last run left queued.
    wrk stops after its seconds but a slow endpoint still has up to one
    request per connection in flight (or many more queued in the server):
    without this, their CPU and their workers would be charged to the next
    scenario. Idle = no CPU tick over half a second. Returns the seconds
    waited."""
    t0 = time.perf_counter()
    last = cpu_ticks(pids)
    while time.perf_counter() - t0 < limit:
        time.sleep(0.5)
        now = cpu_ticks(pids)
        if now - last <= 1:
            break
        last = now
    return time.perf_counter() - t0


WRITE_LUA = """-- PATCH /api/v1/units/{id}: each wrk thread edits its own slice of the
-- generated units round-robin, sending the version it expects (the one read
-- before the run, bumped on each of its own edits).
local units = dofile("%(table)s")
local counter = 1
local threads = {}
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  mine = {}
  for i = tid, #units, 2 do table.insert(mine, {id = units[i][1], version = units[i][2]}) end
  n = 0
end
function request()
  n = n + 1
  local u = mine[(n %% #mine) + 1]
  local body = string.format('{"version":%%d,"name":"压测写入%%d"}', u.version, n)
  u.version = u.version + 1
  return wrk.format("PATCH", "/api/v1/units/" .. u.id, {
    ["Cookie"] = "zf_session=%(cookie)s", ["X-CSRF-Token"] = "%(csrf)s",
    ["Content-Type"] = "application/json"}, body)
end
shown = 0
function response(status, headers, body)
  if status >= 300 and shown < 2 then
    shown = shown + 1
    io.stderr:write("write answered " .. status .. ": " .. body .. string.char(10))
  end
end
"""


def write_script(z, work, cookie, csrf):
    units = [u for u in z.get("/api/v1/units", cookie)["items"] if u["code"].startswith("B")]
    tbl = os.path.join(work, "units.lua")
    with open(tbl, "w") as f:
        f.write("return {" + ",".join(f"{{{u['id']},{u['version']}}}" for u in units) + "}\n")
    path = os.path.join(work, "write.lua")
    with open(path, "w") as f:
        f.write(WRITE_LUA % {"table": tbl, "cookie": cookie, "csrf": csrf})
    return path


CASE_WRITE_LUA = """-- PATCH /api/v1/cases/{id} (the case edit, with its case.update log event
-- in the same transaction): each wrk thread edits its own slice of the
-- cases round-robin, sending the version it expects (read before the run,
-- bumped on each of its own edits), so no edit meets a 409.
local cases = dofile("%(table)s")
local counter = 1
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end
function init(args)
  mine = {}
  for i = tid, #cases, 2 do table.insert(mine, {id = cases[i][1], version = cases[i][2]}) end
  n = 0
end
function request()
  n = n + 1
  local c = mine[(n %% #mine) + 1]
  local body = string.format('{"version":%%d,"facts":"压测写入：现场检查发现违法行为，第%%d次补充案情。"}', c.version, n)
  c.version = c.version + 1
  return wrk.format("PATCH", "/api/v1/cases/" .. c.id, {
    ["Cookie"] = "zf_session=%(cookie)s", ["X-CSRF-Token"] = "%(csrf)s",
    ["Content-Type"] = "application/json"}, body)
end
shown = 0
function response(status, headers, body)
  if status >= 300 and shown < 2 then
    shown = shown + 1
    io.stderr:write("case edit answered " .. status .. ": " .. body .. string.char(10))
  end
end
"""


def case_write_script(z, work, cookie, csrf, count=1000):
    """The cases to edit: investigating ones (not frozen by a decision), with
    the versions they have now, walked with the list's own keyset cursor."""
    cases, before = [], None
    while len(cases) < count:
        page = z.get("/api/v1/cases?state=investigating&limit=200"
                     + (f"&before={before}" if before else ""), cookie)
        cases += [(c["id"], c["version"]) for c in page["items"]]
        before = page["next_before"]
        if not before:
            break
    if len(cases) < 4:
        raise RuntimeError("case edit: fewer than 4 investigating cases (BENCH_CASES too small?)")
    tbl = os.path.join(work, "cases.lua")
    with open(tbl, "w") as f:
        f.write("return {" + ",".join(f"{{{i},{v}}}" for i, v in cases) + "}\n")
    path = os.path.join(work, "case_write.lua")
    with open(path, "w") as f:
        f.write(CASE_WRITE_LUA % {"table": tbl, "cookie": cookie, "csrf": csrf})
    return path


def case_targets(z, cookie):
    """The ids the case scenarios ask for: a case in the middle of the table,
    a deep list cursor (the list's next_before from a page half-way down, so
    the page after it lies a quarter of the way from the oldest) and a
    published decision in the middle."""
    first = z.get("/api/v1/cases?limit=1", cookie)["items"]
    if not first:
        raise RuntimeError("no cases: set BENCH_CASES")
    newest = first[0]["id"]
    mid = newest // 2
    detail = z.get(f"/api/v1/cases?limit=1&before={mid + 1}", cookie)["items"][0]["id"]
    deep = z.get(f"/api/v1/cases?limit=50&before={newest // 4}", cookie)["next_before"]
    pubs = z.get("/api/v1/public/decisions", None)["items"]
    pub = None
    for pid in range(pubs[0]["id"] // 2, 0, -1) if pubs else []:
        try:
            z.get(f"/api/v1/public/decisions/{pid}", None)
            pub = pid
            break
        except urllib.error.HTTPError:
            continue
    return {"detail": detail, "deep": deep or mid, "decision": pub, "newest": newest}


class Postgres:
    """A throwaway cluster of its own (scripts/pg.sh with a private state file)."""

    def __init__(self, work):
        self.env = dict(os.environ, ZHIFA_PG_STATE=os.path.join(work, "pg.state"))
        self.script = os.path.join(ROOT, "scripts", "pg.sh")
        base = subprocess.run([self.script, "start"], env=self.env, check=True,
                              capture_output=True, text=True).stdout.strip()
        subprocess.run(["psql", base + "postgres", "-qAtc", "CREATE DATABASE zhifa_bench"],
                       check=True, capture_output=True)
        self.url = base + "zhifa_bench"
        with open(self.env["ZHIFA_PG_STATE"]) as f:
            self.dir = re.search(r"^dir=(.*)$", f.read(), re.M).group(1)

    def pids(self):
        """The postmaster and its backends: their CPU is part of each request's cost."""
        try:
            with open(os.path.join(self.dir, "data", "postmaster.pid")) as f:
                pm = int(f.readline())
        except (OSError, ValueError):
            return []
        return [pm] + children(pm)

    def stop(self):
        subprocess.run([self.script, "stop"], env=self.env, capture_output=True)


def generate(z, pg, data, cases, figures):
    log(f"== data ({'PostgreSQL' if pg else 'SQLite'}): zhifa init + demo + bench generator in {data}")
    z.run("init")
    z.run("demo")
    t0 = time.perf_counter()
    gen = subprocess.run([GEN, "--db", z.db_url, "--data-dir", data,
                          "--units", os.environ.get("BENCH_UNITS", "1000"),
                          "--users", os.environ.get("BENCH_USERS", "10000"),
                          "--events", os.environ.get("BENCH_EVENTS", "1000000"),
                          "--enterprises", os.environ.get("BENCH_ENTERPRISES", "100000"),
                          "--cases", cases,
                          "--case-records", os.environ.get("BENCH_CASE_RECORDS", "1")],
                         check=True, stdout=subprocess.PIPE, text=True)
    figures["generate"] = json.loads(gen.stdout)
    figures["generate"]["wall_s"] = round(time.perf_counter() - t0, 1)
    if pg:
        size = int(subprocess.run(["psql", pg.url, "-qAtc", "SELECT pg_database_size(current_database())"],
                                  check=True, capture_output=True, text=True).stdout)
    else:
        size = os.path.getsize(os.path.join(data, "zhifa.db"))
    log(f"generated {gen.stdout.strip()} in {figures['generate']['wall_s']} s, database {size / 1e6:.0f} MB")


def main():
    reuse = os.environ.get("BENCH_REUSE")  # a work directory kept by BENCH_KEEP=1 (SQLite)
    work = reuse or tempfile.mkdtemp(prefix="zhifa-bench-")
    data = os.path.join(work, "data")
    os.makedirs(data, exist_ok=True)
    figures = {}
    nginx = None
    bare = None
    pg = Postgres(work) if os.environ.get("BENCH_DB") == "postgresql" else None
    z = Zhifa(data, pg.url if pg else f"sqlite:{data}/zhifa.db")
    cases = os.environ.get("BENCH_PG_CASES", "200000") if pg else os.environ.get("BENCH_CASES", "1000000")
    z.pg = pg
    try:
        if reuse and not pg:
            with open(os.path.join(work, "generate.json")) as f:
                figures["generate"] = json.load(f)
            log(f"== data: reusing {data} ({json.dumps(figures['generate'])})")
        else:
            generate(z, pg, data, cases, figures)
            with open(os.path.join(work, "generate.json"), "w") as f:
                json.dump(figures["generate"], f)

        if AUDIT:
            log("== audit verify")
            t0 = time.perf_counter()
            out = z.run("audit", "verify")
            dt = time.perf_counter() - t0
            events = json.loads(out)["events"]
            figures["audit"] = {"events": events, "seconds": round(dt, 2), "events_per_s": round(events / dt)}
            log(f"audit verify: {out.strip()} in {dt:.2f} s = {events / dt:,.0f} events/s")

        startups = []
        for _ in range(3):
            startups.append(z.start())
            z.stop()
        figures["startup_ms"] = round(min(startups), 1)
        z.start()
        cookie, csrf = z.login()
        units = z.get("/api/v1/units", cookie)["items"]
        gen_units = [u for u in units if u["code"].startswith("B")]
        detail_id = gen_units[len(gen_units) // 2]["id"]
        for _ in range(20):
            z.get(f"/api/v1/units/{detail_id}", cookie)
        time.sleep(0.5)
        figures["rss_idle_kb"] = status_kb(z.proc.pid, "VmRSS")
        # the case scenarios run as the bureau leader (刘洋): case.write and
        # stats.read over the whole district; admin has neither case.write
        lcookie, lcsrf = z.login("liuyang")
        t = case_targets(z, lcookie)
        figures["case_targets"] = t
        month = "from=2026-06-01&to=2026-06-30"
        year = "from=2026-01-01&to=2026-12-31"
        for path in (f"/api/v1/cases/{t['detail']}", "/api/v1/cases?limit=50",
                     f"/api/v1/cases?limit=50&before={t['deep']}", f"/api/v1/stats/dashboard?{month}",
                     f"/api/v1/stats/performance?{year}"):
            z.get(path, lcookie)  # each answers 200 before it is loaded
        nginx = Nginx(work)
        bare = None if pg else Bare(os.path.join(data, "zhifa.db"), t["detail"])
        auth = [f"Cookie: zf_session={cookie}"]
        lauth = [f"Cookie: zf_session={lcookie}"]
        scenarios = [] if not bare else [
            (f"bare libmicrohttpd + SQLite lookup (case {t['detail']}, baseline)",
             lambda c: wrk(f"{bare.url}/cases/{t['detail']}", c, bare.pids())),
        ]
        scenarios += [
            (f"case detail (auth, id {t['detail']} of {t['newest']})",
             lambda c: wrk(f"{z.url}/api/v1/cases/{t['detail']}", c, z.pids(), lauth)),
            ("case list, first page of 50 (auth, keyset)",
             lambda c: wrk(f"{z.url}/api/v1/cases?limit=50", c, z.pids(), lauth)),
            (f"case list, deep page of 50 (before={t['deep']})",
             lambda c: wrk(f"{z.url}/api/v1/cases?limit=50&before={t['deep']}", c, z.pids(), lauth)),
            (f"public decision page (id {t['decision']})",
             lambda c: wrk(f"{z.url}/api/v1/public/decisions/{t['decision']}", c, z.pids())),
            ("dashboard, one month (auth)",
             lambda c: wrk(f"{z.url}/api/v1/stats/dashboard?{month}", c, z.pids(), lauth)),
            ("dashboard: performance review, one year (auth)",
             lambda c: wrk(f"{z.url}/api/v1/stats/performance?{year}", c, z.pids(), lauth)),
            ("case edit + log event (write)",
             lambda c: wrk(z.url, c, z.pids(), script=case_write_script(z, work, lcookie, lcsrf))),
            ("unit detail (auth)", lambda c: wrk(f"{z.url}/api/v1/units/{detail_id}", c, z.pids(), auth)),
            (f"unit list, {len(units)} units (auth, not paged)", lambda c: wrk(f"{z.url}/api/v1/units", c, z.pids(), auth)),
            ("log checkpoint (public)", lambda c: wrk(f"{z.url}/api/v1/log/checkpoint", c, z.pids())),
            ("health (public)", lambda c: wrk(f"{z.url}/api/v1/health", c, z.pids())),
            ("unit edit + log event (write)", lambda c: wrk(z.url, c, z.pids(), script=write_script(z, work, cookie, csrf))),
        ]
        only = [w.strip() for w in os.environ.get("BENCH_SCENARIOS", "").split(",") if w.strip()]
        if only:
            scenarios = [(n, r) for n, r in scenarios if any(w in n for w in only)]
        rows = []
        for name, run in scenarios:
            for c in CONNS:
                ng = wrk(f"{nginx.url}/static.json", c, nginx.pids())
                r = run(c)
                r["drain_s"] = round(drain(z.pids()), 1)
                rows.append((name, c, r, ng))
                log(f"  {name:<42} c={c:<3} {r['rps']:>9.0f} req/s  p99 {r['p99']:.2f} ms  "
                    f"cpu {r['cpu_us']:.1f} us  | nginx {ng['rps']:.0f} req/s cpu {ng['cpu_us']:.1f} us"
                    + (f"  non-2xx {r['non2xx']}" if r["non2xx"] else "")
                    + (f"  socket errors: {r['socket_errors']}" if r["socket_errors"] else "")
                    + (f"  (server busy {r['drain_s']} s after the run)" if r["drain_s"] > 1 else ""))
                if c == max(CONNS):
                    figures["rss_64_kb"] = max(figures.get("rss_64_kb", 0), status_kb(z.proc.pid, "VmRSS"))
        figures["hwm_kb"] = status_kb(z.proc.pid, "VmHWM")
        z.stop()
        if AUDIT:
            log("== audit verify after the writes")
            t0 = time.perf_counter()
            out = z.run("audit", "verify")
            log(f"audit verify: {out.strip()} in {time.perf_counter() - t0:.2f} s")

        if pg:
            print("\nOn PostgreSQL (same machine): CPU µs/req counts zhifa and the PostgreSQL processes.")
        hdr = (f"| scenario | conns | 2xx req/s | p50 ms | p99 ms | CPU µs/req | non-2xx | nginx req/s | "
               f"nginx p99 ms | nginx CPU µs/req | req/s ÷ nginx | CPU ÷ nginx |")
        print()
        print(hdr)
        print("|" + "---|" * 12)
        for name, c, r, ng in rows:
            print(f"| {name} | {c} | {r['ok_rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['cpu_us']:.1f} | "
                  f"{r['non2xx']} | {ng['rps']:.0f} | {ng['p99']:.2f} | {ng['cpu_us']:.1f} | "
                  f"{r['ok_rps'] / ng['rps'] * 100:.0f}% | {r['cpu_us'] / ng['cpu_us']:.1f}× |")
        print()
        g = figures["generate"]
        print(f"| figure | value |\n|---|---|")
        print(f"| data generated | {g['units']} units, {g['users']} users, {g['events']} events, "
              f"{g.get('enterprises', 0)} enterprises, {g.get('cases', 0)} cases in {g['wall_s']} s |")
        if g.get("enterprises_detail"):
            e = g["enterprises_detail"]
            print(f"| enterprises generated | {g['enterprises']} in {e['seconds']} s, "
                  f"{e['codes_checked']} credit codes checked (GB 32100), {e['code_clashes']} clashes skipped |")
        if g.get("cases_detail"):
            d = g["cases_detail"]
            rows_, secs = d["rows"], d["seconds"]
            print(f"| cases generated | {rows_['cases']} cases, {rows_['case_parties']} parties, "
                  f"{rows_['case_officers']} case officers, {rows_['case_decisions']} decisions, "
                  f"{rows_['publications']} publications in {secs['total']} s "
                  f"({rows_['cases'] / max(secs['total'], 1e-9):,.0f} cases/s) |")
            print(f"| time per table (s) | cases {secs['cases']} (statistics triggers), case_officers "
                  f"{secs['case_officers']} (statistics triggers), parties {secs['case_parties']}, "
                  f"decisions {secs['case_decisions']}, publications {secs['publications']}, "
                  f"records {secs.get('records', 0)}, commits {secs['commit']} |")
            if rows_.get("events"):
                print(f"| case records | {rows_['case_violations']} violations, {rows_['case_reviews']} reviews, "
                      f"{rows_['case_payments']} payments, {rows_['documents']} documents, "
                      f"{rows_['events']} log events |")
            pe = d.get("per_enterprise")
            if pe:
                print(f"| cases per enterprise | {pe['enterprises']} enterprises, {pe['without']} with none, "
                      f"median {pe['median']}, max {pe['max']} |")
        a = figures.get("audit")
        if a:
            print(f"| zhifa audit verify | {a['events']} events in {a['seconds']} s = {a['events_per_s']:,} events/s |")
        for c in CONNS:
            base = [r for n, cc, r, _ in rows if cc == c and n.startswith("bare ")]
            detail = [r for n, cc, r, _ in rows if cc == c and n.startswith("case detail")]
            if base and detail:
                print(f"| case detail CPU ÷ bare lookup, {c} connections | {detail[0]['cpu_us']:.1f} µs ÷ "
                      f"{base[0]['cpu_us']:.1f} µs = {detail[0]['cpu_us'] / base[0]['cpu_us']:.2f}× (target ≤ 2.5×) |")
        print(f"| start-up to first answered request | {figures['startup_ms']} ms (best of 3, {len(units)}-unit database) |")
        print(f"| idle RSS | {figures['rss_idle_kb'] / 1024:.1f} MB |")
        print(f"| RSS at {max(CONNS)} connections | {figures['rss_64_kb'] / 1024:.1f} MB (VmHWM {figures['hwm_kb'] / 1024:.1f} MB) |")
        with open(os.path.join(work, "figures.json"), "w") as f:
            json.dump({"figures": figures, "rows": [
                {"scenario": n, "conns": c, "zhifa": r, "nginx": ng} for n, c, r, ng in rows]}, f, indent=1)
        print(f"\n(figures.json in {work})" if os.environ.get("BENCH_KEEP") else "")
    finally:
        if nginx:
            nginx.stop()
        if bare:
            bare.stop()
        if z.proc and z.proc.poll() is None:
            z.proc.kill()
        if pg:
            pg.stop()
        if not os.environ.get("BENCH_KEEP") and not reuse:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
