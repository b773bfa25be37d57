// A case edit that will be refused is refused before it queues for the write
// lock (issue 12, api/cases.c begin_edit): a stale version, a case out of
// the officer's scope or a decided case is answered from the row as last
// committed, while another process holds the database's write lock; an edit
// that is not refused waits for the lock and is saved once it is free. The
// lock is held by the sqlite3 tool, so this runs on SQLite only.
//
//   ZHIFA_BIN=$PWD/build-asan/zhifa node --test tests/api/edit_refusal.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const path = require('node:path');
const { startServer, client, backend } = require('../lib/server');

process.env.LSAN_OPTIONS = process.env.LSAN_OPTIONS || `suppressions=${path.join(__dirname, '..', 'lsan.supp')}`;
const skip = backend === 'postgresql' ? 'the write lock is held with the sqlite3 tool' : false;

// sqlite3 holding the write lock (BEGIN IMMEDIATE) until release()
function holdWriteLock(dbFile) {
  const p = spawn('sqlite3', [dbFile], { stdio: ['pipe', 'pipe', 'pipe'] });
  const locked = new Promise((resolve, reject) => {
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
      if (out.includes('locked')) resolve();
    });
    p.stderr.on('data', (d) => reject(new Error(`sqlite3: ${d}`)));
  });
  p.stdin.write("BEGIN IMMEDIATE;\nSELECT 'locked';\n");
  const exited = new Promise((resolve) => p.on('exit', resolve));
  let released = false;
  return {
    locked,
    release: async () => {
      if (!released) p.stdin.end('COMMIT;\n');
      released = true;
      await exited;
    },
  };
}

describe('refused case edits do not wait for the write lock', { skip }, () => {
  let srv;
  let lead;
  let outsider;
  let ownCase;
  before(async () => {
    srv = await startServer();
    lead = client(srv.url);
    assert.equal((await lead.login('liuyang')).status, 200);
    const list = await lead.get('/api/v1/cases?state=investigating&limit=50');
    assert.equal(list.status, 200, list.text);
    assert.ok(list.body.items.length >= 1, 'an investigating case in the demo');
    ownCase = list.body.items[0];
    // a township officer may edit cases (case.write) but not the brigade's
    outsider = client(srv.url);
    assert.equal((await outsider.login('zhoujun')).status, 200);
  });
  after(async () => {
    if (srv) await srv.stop();
  });

  test('ER-01: stale version 409 and out of scope at once; a good edit waits and is saved', async () => {
    const lock = holdWriteLock(srv.db.replace(/^sqlite:/, ''));
    try {
      await refusedAtOnce(lock);
    } finally {
      await lock.release(); // a failed assertion must not leave the lock held
    }
  });

  async function refusedAtOnce(lock) {
    await lock.locked;
    let t0 = Date.now();
    const stale = await lead.patch(`/api/v1/cases/${ownCase.id}`, { version: ownCase.version - 1, facts: '过期版本的修改' });
    const staleMs = Date.now() - t0;
    assert.equal(stale.status, 409, stale.text);
    assert.equal(stale.body.error.code, 'conflict.version');
    assert.ok(staleMs < 2000, `a stale edit answered in ${staleMs} ms while the lock was held`);

    t0 = Date.now();
    const foreign = await outsider.patch(`/api/v1/cases/${ownCase.id}`, { version: ownCase.version, facts: '越权修改' });
    const foreignMs = Date.now() - t0;
    assert.equal(foreign.status, 403, foreign.text);
    assert.equal(foreign.body.error.code, 'perm.out_of_scope', 'refused by the case\'s unit, not by the role');
    assert.ok(foreignMs < 2000, `an edit out of scope answered in ${foreignMs} ms while the lock was held`);

    // the good edit queues behind the lock and is saved once it is free
    let settled = false;
    const good = lead.patch(`/api/v1/cases/${ownCase.id}`, { version: ownCase.version, facts: '锁释放后保存的案情' })
      .then((r) => { settled = true; return r; });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(settled, false, 'the good edit did not wait for the write lock');
    await lock.release();
    const saved = await good;
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.facts, '锁释放后保存的案情');
    assert.equal(saved.body.version, ownCase.version + 1);
    const after = await lead.get(`/api/v1/cases/${ownCase.id}`);
    assert.equal(after.body.facts, '锁释放后保存的案情');
  }
});
