// Signed-in sessions kept in memory per pool connection (issue 12, migration
// 050, docs/internals/session_cache.md): a change to a session, a user or a
// unit is seen by the very next request, whether it came through the API or
// straight into the database from another process (sqlite3 on the file, psql
// on PostgreSQL); a session that runs out of time is refused without any
// write. Every test first reads with a burst of concurrent requests, so the
// session is kept on every pool connection before the change.
//
//   ZHIFA_BIN=$PWD/build-asan/zhifa node --test tests/api/session_cache.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const path = require('node:path');
const { startServer, client, backend, psql, DEMO_PASSWORD } = require('../lib/server');

process.env.LSAN_OPTIONS = process.env.LSAN_OPTIONS || `suppressions=${path.join(__dirname, '..', 'lsan.supp')}`;
const SQLITE = backend !== 'postgresql';

// SQL run by another process: sqlite3 on the file, psql on the database.
function sql(srv, q) {
  const out = SQLITE
    ? execFileSync('sqlite3', ['-separator', '|', srv.db.replace(/^sqlite:/, ''), q], { encoding: 'utf8' })
    : psql(srv.db, q);
  return out.trim();
}

// The stored key of a client's session: SHA-256 of its cookie token.
function tokenHash(c) {
  const token = c.cookie.replace(/^zf_session=/, '');
  assert.equal(token.length, 64, 'a signed-in client');
  const hex = crypto.createHash('sha256').update(token).digest('hex');
  return SQLITE ? `X'${hex}'` : `'\\x${hex}'::bytea`;
}

// Many concurrent reads, so that every pool connection serves some: their
// statuses, sorted and counted ({ 200: 24 }).
const BURST = 24;
async function burst(c, p, n = BURST) {
  const rs = await Promise.all(Array.from({ length: n }, () => c.get(p)));
  const counts = {};
  for (const r of rs) counts[r.status] = (counts[r.status] || 0) + 1;
  return counts;
}
const all = (status, n = BURST) => ({ [status]: n });

async function signedIn(srv, username, password = DEMO_PASSWORD) {
  const c = client(srv.url);
  const r = await c.login(username, password);
  assert.equal(r.status, 200, r.text);
  return c;
}

async function patchUser(admin, id, fields) {
  const cur = await admin.get(`/api/v1/users/${id}`);
  assert.equal(cur.status, 200, cur.text);
  const r = await admin.patch(`/api/v1/users/${id}`, { version: cur.body.version, ...fields });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

const userId = (srv, username) => Number(sql(srv, `SELECT id FROM users WHERE username = '${username}'`));

describe('sessions kept in memory', () => {
  let srv;
  let admin;
  before(async () => {
    srv = await startServer();
    admin = await signedIn(srv, 'admin');
  });
  after(async () => { if (srv) await srv.stop(); });

  test('SC-01 after logout the old cookie is refused at once, on every connection', async () => {
    const c = await signedIn(srv, 'zhangwei');
    assert.deepEqual(await burst(c, '/api/v1/me'), all(200));
    const cookie = c.cookie;
    const out = await c.post('/api/v1/auth/logout');
    assert.equal(out.status, 204, out.text);
    c.cookie = cookie; // the old cookie, sent again
    assert.deepEqual(await burst(c, '/api/v1/me'), all(401));
    assert.deepEqual(await burst(c, '/api/v1/units/3'), all(401));
  });

  test('SC-02 a user an administrator deactivates is refused at the next request', async () => {
    const c = await signedIn(srv, 'liqiang');
    assert.deepEqual(await burst(c, '/api/v1/units/3'), all(200));
    const id = userId(srv, 'liqiang');
    await patchUser(admin, id, { active: false });
    assert.deepEqual(await burst(c, '/api/v1/units/3'), all(401));
    await patchUser(admin, id, { active: true });
    assert.deepEqual(await burst(c, '/api/v1/units/3'), all(401), 'the ended session stays ended');
    assert.deepEqual(await burst(await signedIn(srv, 'liqiang'), '/api/v1/units/3'), all(200));
  });

  test('SC-03 a new role takes effect at the next request, both ways', async () => {
    const c = await signedIn(srv, 'zhangwei');
    const id = userId(srv, 'zhangwei');
    // officer: may not list users
    assert.deepEqual(await burst(c, '/api/v1/users'), all(403));
    await patchUser(admin, id, { role: 'section_head' });
    assert.deepEqual(await burst(c, '/api/v1/users'), all(200));
    await patchUser(admin, id, { role: 'officer' });
    assert.deepEqual(await burst(c, '/api/v1/users'), all(403));
  });

  test('SC-04 a user moved to another unit has the new unit\'s scope at once', async () => {
    // sunli, a township officer of 史河街道 (unit 6), sees only that unit
    const c = await signedIn(srv, 'sunli');
    const id = userId(srv, 'sunli');
    assert.deepEqual(await burst(c, '/api/v1/units/6'), all(200));
    assert.deepEqual(await burst(c, '/api/v1/units/7'), all(403));
    await patchUser(admin, id, { unit_id: 7 });
    assert.deepEqual(await burst(c, '/api/v1/units/7'), all(200));
    assert.deepEqual(await burst(c, '/api/v1/units/6'), all(403));
    await patchUser(admin, id, { unit_id: 6 });
    assert.deepEqual(await burst(c, '/api/v1/units/6'), all(200));
    assert.deepEqual(await burst(c, '/api/v1/units/7'), all(403));
  });

  test('SC-05 a session deleted straight in the database by another process is refused at once', async () => {
    const c = await signedIn(srv, 'chenjie');
    const keep = await signedIn(srv, 'chenjie');
    assert.deepEqual(await burst(c, '/api/v1/units/3'), all(200));
    assert.deepEqual(await burst(keep, '/api/v1/units/3'), all(200));
    sql(srv, `DELETE FROM sessions WHERE token_hash = ${tokenHash(c)}`);
    assert.deepEqual(await burst(c, '/api/v1/units/3'), all(401));
    assert.deepEqual(await burst(keep, '/api/v1/units/3'), all(200), 'the other session lives on');
  });

  test('SC-06 a session whose expiry is set in the past straight in the database is refused at once', async () => {
    const c = await signedIn(srv, 'chenjie');
    assert.deepEqual(await burst(c, '/api/v1/units/3'), all(200));
    sql(srv, `UPDATE sessions SET expires_ms = ${Date.now() - 1000} WHERE token_hash = ${tokenHash(c)}`);
    assert.deepEqual(await burst(c, '/api/v1/units/3'), all(401));
  });

  test('SC-07 a user deactivated straight in the database (sessions left in place) is refused at once', async () => {
    const c = await signedIn(srv, 'wangfang');
    assert.deepEqual(await burst(c, '/api/v1/units/3'), all(200));
    sql(srv, `UPDATE users SET active = 0 WHERE username = 'wangfang'`);
    assert.deepEqual(await burst(c, '/api/v1/units/3'), all(401));
    sql(srv, `UPDATE users SET active = 1 WHERE username = 'wangfang'`);
    assert.deepEqual(await burst(c, '/api/v1/units/3'), all(200), 'the session was never deleted');
  });

  test('SC-08 a unit changed straight in the database moves the scope at once', async () => {
    // zhangwei (brigade, unit 3) sees the whole bureau (unit 2) down to a
    // township; once unit 2 is no longer a bureau, only the brigade
    const c = await signedIn(srv, 'zhangwei');
    assert.deepEqual(await burst(c, '/api/v1/units/6'), all(200));
    sql(srv, `UPDATE units SET kind = 'office' WHERE id = 2`);
    try {
      assert.deepEqual(await burst(c, '/api/v1/units/6'), all(403));
      assert.deepEqual(await burst(c, '/api/v1/units/3'), all(200));
    } finally {
      sql(srv, `UPDATE units SET kind = 'bureau' WHERE id = 2`);
    }
    assert.deepEqual(await burst(c, '/api/v1/units/6'), all(200));
  });

  test('SC-09 a new password signs out every session of the user at once', async () => {
    const a = await signedIn(srv, 'zhaomin');
    const b = await signedIn(srv, 'zhaomin');
    assert.deepEqual(await burst(a, '/api/v1/units/4'), all(200));
    assert.deepEqual(await burst(b, '/api/v1/units/4'), all(200));
    const id = userId(srv, 'zhaomin');
    await patchUser(admin, id, { password: 'a-new-password-2026' });
    assert.deepEqual(await burst(a, '/api/v1/units/4'), all(401));
    assert.deepEqual(await burst(b, '/api/v1/units/4'), all(401));
    const c = await signedIn(srv, 'zhaomin', 'a-new-password-2026');
    assert.deepEqual(await burst(c, '/api/v1/units/4'), all(200));
    // the administrator's own session (a different user) was not touched
    assert.deepEqual(await burst(admin, '/api/v1/units/4'), all(200));
  });

  test('SC-10 a state change still needs the session\'s own CSRF token when the session is kept', async () => {
    const c = await signedIn(srv, 'chenjie');
    assert.deepEqual(await burst(c, '/api/v1/me'), all(200));
    const good = c.csrf;
    c.csrf = 'f'.repeat(64);
    const bad = await c.post('/api/v1/auth/logout');
    assert.equal(bad.status, 403, bad.text);
    assert.equal(bad.body.error.code, 'auth.csrf');
    c.csrf = good;
    assert.equal((await c.post('/api/v1/auth/logout')).status, 204);
  });
});

describe('a session that runs out of time (ZHIFA_SESSION_TTL=2)', () => {
  let srv;
  before(async () => { srv = await startServer({ env: { ZHIFA_SESSION_TTL: '2' } }); });
  after(async () => { if (srv) await srv.stop(); });

  test('SC-11 is refused once its time is up, with nothing written in between', async () => {
    const c = client(srv.url);
    const t0 = Date.now();
    assert.equal((await c.login('chenjie')).status, 200);
    const counter = sql(srv, 'SELECT version FROM auth_version');
    // kept on every connection while it is valid
    while (Date.now() - t0 < 1200) assert.deepEqual(await burst(c, '/api/v1/units/3', 8), all(200, 8));
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + 2300 - Date.now())));
    // no writer moved the counter: only the in-memory expiry can refuse it
    assert.equal(sql(srv, 'SELECT version FROM auth_version'), counter);
    assert.deepEqual(await burst(c, '/api/v1/units/3'), all(401));
    assert.equal(sql(srv, 'SELECT version FROM auth_version'), counter);
  });
});

// The cache is really used: with the counter's trigger on sessions dropped
// by hand, a session deleted straight in the database is still answered by
// a server that keeps sessions (which is why the triggers exist), and
// refused by one started with ZHIFA_SESSION_CACHE=0.
for (const [flag, expected] of [['1', 200], ['0', 401]]) {
  describe(`ZHIFA_SESSION_CACHE=${flag}`, () => {
    let srv;
    before(async () => { srv = await startServer({ env: { ZHIFA_SESSION_CACHE: flag } }); });
    after(async () => { if (srv) await srv.stop(); });

    test(`SC-12 without the triggers, a session deleted by hand is ${expected === 200 ? 'still kept' : 'refused'}`, async () => {
      const c = await signedIn(srv, 'chenjie');
      assert.deepEqual(await burst(c, '/api/v1/units/3'), all(200));
      sql(srv, SQLITE
        ? 'DROP TRIGGER auth_version_sessions_del'
        : 'DROP TRIGGER auth_version_sessions ON sessions');
      sql(srv, `DELETE FROM sessions WHERE token_hash = ${tokenHash(c)}`);
      const counts = await burst(c, '/api/v1/units/3');
      // with the cache on, the connections that kept it answer (a connection
      // that never served this session looks it up and refuses it)
      if (expected === 200) assert.ok(counts[200] > 0, JSON.stringify(counts));
      else assert.deepEqual(counts, all(401));
      // logout and login still work either way
      const d = await signedIn(srv, 'zhangwei');
      assert.deepEqual(await burst(d, '/api/v1/me'), all(200));
    });
  });
}
