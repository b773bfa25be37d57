// `zhifa audit verify` against someone with write access to the database
// file (R22): each row of TAMPERS changes the stored log the way an insider
// with the sqlite3 tool could, and the audit must fail and name the first
// event that was touched.
//
//   ZHIFA_BIN=/work/main/build/zhifa node --test tests/api/tamper.test.js
//
// One demo database is made once (init, demo, a checkpoint signed while the
// server runs, clean stop) and copied, stopped, for each row: every row
// starts from the same untouched log.
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { startServer, client, runStatus } = require('../lib/server');

// ---- what the attacker uses -------------------------------------------------

function sqlite(dbFile, sql) {
  return execFileSync('sqlite3', [dbFile, sql], { encoding: 'utf8' });
}

// An SQL string literal: the only escape is a doubled quote.
const sqlText = (s) => `'${s.replace(/'/g, "''")}'`;

function readBody(dbFile, idx) {
  const out = sqlite(dbFile, `SELECT json_quote(body) FROM events WHERE idx = ${idx}`).trim();
  assert.ok(out, `no event ${idx}`);
  return JSON.parse(out); // json_quote gives a JSON string: exact bytes back
}

// RFC 9162 leaf hash, as the attacker would recompute it.
const leafHashHex = (body) =>
  crypto.createHash('sha256').update(Buffer.from([0x00])).update(Buffer.from(body, 'utf8')).digest('hex');

// Canonical JSON (keys in UTF-8 byte order, compact), so that a rewritten
// body looks like one the server wrote.
function canonical(v) {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const keys = Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
}

// Change the first digit of a string ("2026-…" → "1026-…"): the event's
// time stays a string, so the body stays valid canonical JSON with a
// different meaning (when the act happened).
function changeFirstDigit(s) {
  const at = s.search(/[0-9]/);
  assert.ok(at >= 0, `no digit in ${s}`);
  const digit = s[at] === '1' ? '2' : '1';
  return s.slice(0, at) + digit + s.slice(at + 1);
}

// Triggers that might guard the table are no obstacle to the file's owner.
function dropEventTriggers(dbFile) {
  const names = sqlite(dbFile, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('events', 'log_blocks')")
    .split('\n')
    .filter(Boolean);
  for (const name of names) sqlite(dbFile, `DROP TRIGGER "${name.replace(/"/g, '""')}"`);
}

// ---- the rows -----------------------------------------------------------------

const TAMPERS = [
  {
    id: 'a',
    what: 'one character of event 5 changed, stored hash left alone',
    firstBad: 5,
    apply(dbFile) {
      const original = readBody(dbFile, 5);
      const at = original.indexOf('"time":"') + '"time":"'.length;
      assert.ok(at >= '"time":"'.length, `no time field in ${original}`);
      const body = original.slice(0, at) + changeFirstDigit(original.slice(at));
      assert.notEqual(body, original);
      sqlite(dbFile, `UPDATE events SET body = ${sqlText(body)} WHERE idx = 5`);
    },
  },
  {
    // Event 5 itself now checks out (canonical, right index, hash matches
    // the body); what gives it away is event 6, whose "prev" still holds the
    // hash of the original event 5. The audit blames the rewritten event, 5.
    id: 'b',
    what: 'event 5 rewritten and its leaf hash recomputed by the attacker',
    firstBad: 5,
    apply(dbFile) {
      const original = readBody(dbFile, 5);
      const event = JSON.parse(original);
      // The attacker's serialiser reproduces the server's bytes, so the only
      // difference is the one they mean to make.
      assert.equal(canonical(event), original);
      event.time = changeFirstDigit(event.time);
      const body = canonical(event);
      sqlite(dbFile, `UPDATE events SET body = ${sqlText(body)}, leaf_hash = X'${leafHashHex(body)}' WHERE idx = 5`);
      assert.equal(readBody(dbFile, 5), body);
    },
  },
  {
    id: 'c',
    what: 'event 7 deleted',
    firstBad: 7,
    apply(dbFile) {
      sqlite(dbFile, 'DELETE FROM events WHERE idx = 7');
    },
  },
  {
    // Both rows keep a body that matches their hash; the body at position 3
    // says it is event 9.
    id: 'd',
    what: 'events 3 and 9 swapped (body and leaf hash)',
    firstBad: 3,
    apply(dbFile) {
      sqlite(
        dbFile,
        'CREATE TEMP TABLE swap AS SELECT idx, body, leaf_hash FROM events WHERE idx IN (3, 9);' +
          'UPDATE events SET body = (SELECT body FROM swap WHERE swap.idx = 12 - events.idx),' +
          ' leaf_hash = (SELECT leaf_hash FROM swap WHERE swap.idx = 12 - events.idx)' +
          ' WHERE idx IN (3, 9);',
      );
    },
  },
];

// ---- the tests ------------------------------------------------------------------

function audit(env) {
  const r = runStatus(['audit', 'verify'], { env });
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    assert.fail(`audit verify printed no JSON (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status, report, stderr: r.stderr };
}

// The attacker here edits an SQLite file with the sqlite3 tool: on the
// PostgreSQL pass (ZHIFA_TEST_PG) the rows have nothing to edit and skip.
const onPg = process.env.ZHIFA_TEST_PG
  ? 'tampering edits an SQLite file with the sqlite3 tool; this pass runs on PostgreSQL' : false;

describe('zhifa audit verify finds the first tampered event (R22)', { skip: onPg }, () => {
  let template; // directory of the untouched, stopped demo database
  const copies = [];

  before(async () => {
    const srv = await startServer();
    const c = client(srv.url);
    // Sign a checkpoint over every event while the server runs.
    const cp = await c.get('/api/v1/log/checkpoint');
    assert.equal(cp.status, 200, cp.text);
    assert.ok(cp.body.tree_size >= 10, 'the demo log is too short for these rows');
    await srv.stop();
    template = srv.dir;
  });

  after(() => {
    for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
    if (template) fs.rmSync(template, { recursive: true, force: true });
  });

  for (const t of TAMPERS) {
    test(`${t.id}: ${t.what} → first_bad_event ${t.firstBad}`, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `zhifa-tamper-${t.id}-`));
      copies.push(dir);
      fs.cpSync(template, dir, { recursive: true });
      const dbFile = path.join(dir, 'zhifa.db');
      const env = { ...process.env, ZHIFA_DB: `sqlite:${dbFile}`, ZHIFA_DATA_DIR: dir };

      // Untouched, the log verifies, and the report counts what is stored.
      const good = audit(env);
      assert.equal(good.status, 0, `audit of the untouched log failed: ${JSON.stringify(good.report)} ${good.stderr}`);
      const events = Number(sqlite(dbFile, 'SELECT count(*) FROM events').trim());
      const checkpoints = Number(sqlite(dbFile, 'SELECT count(*) FROM checkpoints').trim());
      assert.ok(checkpoints >= 1, 'no checkpoint was signed');
      assert.deepEqual(good.report, { ok: true, events, checkpoints });

      dropEventTriggers(dbFile);
      t.apply(dbFile);

      const bad = audit(env);
      assert.equal(bad.status, 1, `audit of the tampered log: exit ${bad.status}: ${JSON.stringify(bad.report)} ${bad.stderr}`);
      assert.equal(bad.report.ok, false);
      assert.equal(bad.report.first_bad_event, t.firstBad, `reason: ${bad.report.reason}`);
      assert.equal(typeof bad.report.reason, 'string');
      assert.match(bad.report.reason, /[\u4e00-\u9fff]/, 'the reason is for people, in Chinese');
    });
  }
});

// audit verify reads the log in pages of 10,240 events (40 blocks of 256)
// and keeps three in flight: page k is checked on several threads while
// page k+1 is read and page k-1 walked in order. A log of 33,000 events
// (bench/gen.c adds unit edits with their events) puts tampered events in
// the part of a page another thread checks, on page boundaries, and on the
// second, third and fourth pages (the fourth reuses the first's buffer).
// The verdict must be the same as on one thread.
describe('audit verify on a long log checked on several threads', { skip: onPg }, () => {
  let template;
  const copies = [];
  const GEN = path.join(path.dirname(require('../lib/server').BIN), 'bench', 'zhifa-bench-gen');

  before(async () => {
    let srv = await startServer();
    await srv.stop();
    execFileSync(GEN, ['--db', `sqlite:${path.join(srv.dir, 'zhifa.db')}`, '--data-dir', srv.dir, '--units', '20', '--users', '5',
      '--events', '33000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    srv = await startServer({ dir: srv.dir, reuse: true });
    const cp = await client(srv.url).get('/api/v1/log/checkpoint');
    assert.equal(cp.status, 200, cp.text);
    assert.ok(cp.body.tree_size >= 33000, `log of ${cp.body.tree_size} events`);
    await srv.stop();
    template = srv.dir;
    // the checkpoint kept its complete blocks of 256 events (migration 049)
    const dbFile = path.join(template, 'zhifa.db');
    const size = Number(sqlite(dbFile, 'SELECT MAX(tree_size) FROM checkpoints').trim());
    assert.equal(Number(sqlite(dbFile, 'SELECT count(*) FROM log_blocks').trim()), Math.floor(size / 256));
    assert.equal(Number(sqlite(dbFile, 'SELECT MAX(block) FROM log_blocks').trim()), Math.floor(size / 256) - 1);
  });

  test('L0: the stored blocks refuse changes; a server started again signs from them and the audit agrees', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-tamper-L0-'));
    copies.push(dir);
    fs.cpSync(template, dir, { recursive: true });
    const dbFile = path.join(dir, 'zhifa.db');
    assert.throws(() => execFileSync('sqlite3', [dbFile, "UPDATE log_blocks SET hash = X'00' WHERE block = 3"], { stdio: 'pipe' }), /append-only/);
    assert.throws(() => execFileSync('sqlite3', [dbFile, 'DELETE FROM log_blocks WHERE block = 3'], { stdio: 'pipe' }), /append-only/);
    const srv = await startServer({ dir, reuse: true });
    const c = client(srv.url);
    assert.equal((await c.login('admin')).status, 200); // a login is logged: the log grows
    const cp = await c.get('/api/v1/log/checkpoint');
    assert.equal(cp.status, 200, cp.text);
    await srv.stop();
    const env = { ...process.env, ZHIFA_DB: `sqlite:${dbFile}`, ZHIFA_DATA_DIR: dir };
    const r = audit(env);
    assert.equal(r.status, 0, JSON.stringify(r.report));
    assert.equal(Number(sqlite(dbFile, 'SELECT count(*) FROM log_blocks').trim()), Math.floor(r.report.events / 256));
  });

  after(() => {
    for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
    if (template) fs.rmSync(template, { recursive: true, force: true });
  });

  const rewrite = (dbFile, idx, recomputeHash) => {
    const event = JSON.parse(readBody(dbFile, idx));
    event.time = changeFirstDigit(event.time);
    const body = canonical(event);
    sqlite(dbFile, `UPDATE events SET body = ${sqlText(body)}${recomputeHash ? `, leaf_hash = X'${leafHashHex(body)}'` : ''} WHERE idx = ${idx}`);
  };
  const rows = [
    { id: 'L1', what: 'event 7777 changed, hash left alone (second thread of page 1)', firstBad: 7777, apply: (f) => rewrite(f, 7777, false) },
    { id: 'L2', what: 'event 10500 rewritten with its hash (page 2)', firstBad: 10500, apply: (f) => rewrite(f, 10500, true) },
    { id: 'L3', what: 'event 10239 deleted (last of page 1)', firstBad: 10239, apply: (f) => sqlite(f, 'DELETE FROM events WHERE idx = 10239') },
    { id: 'L4', what: 'event 10240 deleted (first of page 2)', firstBad: 10240, apply: (f) => sqlite(f, 'DELETE FROM events WHERE idx = 10240') },
    { id: 'L5', what: 'event 6000 and 12000 changed: the first is named', firstBad: 6000,
      apply: (f) => { rewrite(f, 12000, false); rewrite(f, 6000, false); } },
    { id: 'L8', what: 'event 20479 deleted (last of page 2)', firstBad: 20479, apply: (f) => sqlite(f, 'DELETE FROM events WHERE idx = 20479') },
    { id: 'L9', what: 'event 25000 rewritten with its hash (page 3, the third buffer)', firstBad: 25000, apply: (f) => rewrite(f, 25000, true) },
    { id: 'L10', what: 'event 31000 changed, hash left alone (page 4, the first buffer again)', firstBad: 31000, apply: (f) => rewrite(f, 31000, false) },
    // the blocks a server signs new roots from (migration 049)
    { id: 'L6', what: 'the stored hash of block 20 (events 5120–5375) replaced', firstBad: 5120,
      apply: (f) => sqlite(f, `UPDATE log_blocks SET hash = X'${'ab'.repeat(32)}' WHERE block = 20`) },
    { id: 'L11', what: 'the stored hash of block 100 (events 25600–25855, page 3) replaced', firstBad: 25600,
      apply: (f) => sqlite(f, `UPDATE log_blocks SET hash = X'${'ab'.repeat(32)}' WHERE block = 100`) },
    { id: 'L7', what: 'a stored block beyond the log (its events deleted)', firstBad: 'events',
      apply: (f) => sqlite(f, `INSERT INTO log_blocks (block, hash) VALUES ((SELECT MAX(block) + 2 FROM log_blocks), X'${'cd'.repeat(32)}')`) },
  ];
  for (const t of rows) {
    test(`${t.id}: ${t.what} → first_bad_event ${t.firstBad}`, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `zhifa-tamper-${t.id}-`));
      copies.push(dir);
      fs.cpSync(template, dir, { recursive: true });
      const dbFile = path.join(dir, 'zhifa.db');
      const env = { ...process.env, ZHIFA_DB: `sqlite:${dbFile}`, ZHIFA_DATA_DIR: dir };
      const good = audit(env);
      assert.equal(good.status, 0, `untouched: ${JSON.stringify(good.report)} ${good.stderr}`);
      assert.ok(good.report.events >= 33000);
      dropEventTriggers(dbFile);
      t.apply(dbFile);
      const bad = audit(env);
      assert.equal(bad.status, 1, `tampered: exit ${bad.status}: ${JSON.stringify(bad.report)}`);
      assert.equal(bad.report.first_bad_event, t.firstBad === 'events' ? good.report.events : t.firstBad, `reason: ${bad.report.reason}`);
      assert.match(bad.report.reason, /[\u4e00-\u9fff]/);
    });
  }
});
