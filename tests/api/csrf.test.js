// Black-box CSRF tests (docs/api.md, Sessions): every state-changing request
// except login needs X-CSRF-Token = the token of *its own* session; without it,
// or with any other value: 403 auth.csrf, and nothing is stored.
//
//   ZHIFA_BIN=/work/main/build/zhifa node --test tests/api/csrf.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startServer, client } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;

function assertError(r, status, code) {
  assert.equal(r.status, status, `expected HTTP ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.body && typeof r.body.error === 'object', `no error envelope: ${r.text}`);
  assert.equal(r.body.error.code, code, `error code: ${r.text}`);
  assert.match(String(r.body.error.message), HAN, `message is not Chinese: ${r.text}`);
}

// A raw request: the session cookie of `c`, and exactly the X-CSRF-Token given
// (none when token === undefined).
async function send(base, c, method, p, body, token) {
  const headers = {};
  if (c && c.cookie) headers.cookie = c.cookie;
  if (token !== undefined) headers['x-csrf-token'] = token;
  let payload;
  if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(base + p, { method, headers, body: payload, redirect: 'manual' });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, headers: res.headers, body: json, text };
}

function flip(token) {
  const last = token.slice(-1);
  return token.slice(0, -1) + (last === 'a' ? 'b' : 'a');
}

describe('CSRF on every state-changing endpoint', () => {
  let srv;
  let admin;      // session A: makes the requests
  let admin2;     // session B: the same user, another session
  let other;      // session C: another user
  const ids = {};

  before(async () => {
    srv = await startServer();
    admin = client(srv.url);
    admin2 = client(srv.url);
    other = client(srv.url);
    for (const [c, u] of [[admin, 'admin'], [admin2, 'admin'], [other, 'liuyang']]) {
      const r = await c.login(u);
      assert.equal(r.status, 200, `login ${u}: ${r.text}`);
    }
    assert.notEqual(admin.csrf, admin2.csrf, 'two sessions of one user share a CSRF token');
    const units = await admin.get('/api/v1/units');
    assert.equal(units.status, 200, units.text);
    const byCode = Object.fromEntries(units.body.items.map((u) => [u.code, u]));
    ids.bureau = byCode['341504'].id;
    ids.brigade = byCode['341504-01'].id;
    ids.unit = byCode['341504200'].id; // 孙岗乡, the unit PATCHed
    const users = await admin.get('/api/v1/users?q=zhangwei');
    assert.equal(users.status, 200, users.text);
    const zw = users.body.items.find((u) => u.username === 'zhangwei');
    assert.ok(zw, 'zhangwei not found through GET /users?q=zhangwei');
    ids.user = zw.id;
  });
  after(async () => { if (srv) await srv.stop(); });

  const getUnit = async () => {
    const r = await admin.get(`/api/v1/units/${ids.unit}`);
    assert.equal(r.status, 200, r.text);
    return r.body;
  };
  const getUser = async () => {
    const r = await admin.get(`/api/v1/users/${ids.user}`);
    assert.equal(r.status, 200, r.text);
    return r.body;
  };
  const history = async (type, id) => {
    const r = await admin.get(`/api/v1/objects/${type}/${id}/history`);
    assert.equal(r.status, 200, r.text);
    return r.body.items.length;
  };

  // Each endpoint: how to build the request (tag makes the body unique), what
  // state to snapshot, and how to see that nothing was stored.
  const endpoints = [
    {
      name: 'POST /api/v1/units',
      method: 'POST',
      path: () => '/api/v1/units',
      body: async (tag) => ({ parent_id: ids.bureau, code: `341504-9${tag}`, name: `测试单位${tag}`, kind: 'office' }),
      snapshot: async () => null,
      unchanged: async (tag) => {
        const r = await admin.get('/api/v1/units');
        assert.equal(r.status, 200);
        assert.ok(!r.body.items.some((u) => u.code === `341504-9${tag}`), 'the unit was created');
      },
    },
    {
      name: 'PATCH /api/v1/units/{id}',
      method: 'PATCH',
      path: () => `/api/v1/units/${ids.unit}`,
      body: async (tag) => ({ version: (await getUnit()).version, name: `孙岗乡改${tag}` }),
      snapshot: async () => ({ unit: await getUnit(), n: await history('unit', ids.unit) }),
      unchanged: async (tag, snap) => {
        assert.deepEqual(await getUnit(), snap.unit, 'the unit changed');
        assert.equal(await history('unit', ids.unit), snap.n, 'a history event was logged');
      },
    },
    {
      name: 'POST /api/v1/users',
      method: 'POST',
      path: () => '/api/v1/users',
      body: async (tag) => ({ username: `csrfuser${tag}`, name: '测试用户', role: 'officer', unit_id: ids.brigade, password: 'Csrf-pass-2026' }),
      snapshot: async () => null,
      unchanged: async (tag) => {
        const r = await admin.get(`/api/v1/users?q=csrfuser${tag}`);
        assert.equal(r.status, 200);
        assert.ok(!r.body.items.some((u) => u.username === `csrfuser${tag}`), 'the user was created');
      },
    },
    {
      name: 'PATCH /api/v1/users/{id}',
      method: 'PATCH',
      path: () => `/api/v1/users/${ids.user}`,
      body: async (tag) => ({ version: (await getUser()).version, name: `张伟改${tag}` }),
      snapshot: async () => ({ user: await getUser(), n: await history('user', ids.user) }),
      unchanged: async (tag, snap) => {
        assert.deepEqual(await getUser(), snap.user, 'the user changed');
        assert.equal(await history('user', ids.user), snap.n, 'a history event was logged');
      },
    },
    {
      name: 'POST /api/v1/auth/logout',
      method: 'POST',
      path: () => '/api/v1/auth/logout',
      body: async () => undefined,
      snapshot: async () => null,
      unchanged: async () => {
        assert.equal((await admin.get('/api/v1/me')).status, 200, 'the session was logged out');
      },
    },
  ];

  // Wrong tokens. (No check here may try a failing login: login throttling
  // counts failures per address, and every request comes from 127.0.0.1.)
  const variants = [
    { tag: '1', name: 'no X-CSRF-Token header', token: () => undefined },
    { tag: '2', name: 'an empty X-CSRF-Token', token: () => '' },
    { tag: '3', name: 'the right token with one character changed', token: () => flip(admin.csrf) },
    { tag: '4', name: 'a random token', token: () => crypto.randomBytes(32).toString('hex') },
    { tag: '5', name: 'the token of another session of the same user', token: () => admin2.csrf },
    { tag: '6', name: 'the token of another user\'s session', token: () => other.csrf },
  ];

  for (const ep of endpoints) {
    for (const v of variants) {
      test(`${ep.name} with ${v.name}: 403 auth.csrf, nothing stored`, async () => {
        const snap = await ep.snapshot();
        const body = await ep.body(v.tag);
        const r = await send(srv.url, admin, ep.method, ep.path(), body, v.token());
        assertError(r, 403, 'auth.csrf');
        await ep.unchanged(v.tag, snap);
      });
    }
  }

  test('GET requests need no CSRF token', async () => {
    const r = await send(srv.url, admin, 'GET', '/api/v1/me', undefined, undefined);
    assert.equal(r.status, 200, r.text);
  });

  test('POST /api/v1/units with the right token: 201', async () => {
    const r = await send(srv.url, admin, 'POST', '/api/v1/units',
      { parent_id: ids.bureau, code: '341504-90', name: '测试单位成功', kind: 'office' }, admin.csrf);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.code, '341504-90');
    const list = await admin.get('/api/v1/units');
    assert.ok(list.body.items.some((u) => u.code === '341504-90'), 'created unit not listed');
  });

  test('PATCH /api/v1/units/{id} with the right token: 200', async () => {
    const before = await getUnit();
    const r = await send(srv.url, admin, 'PATCH', `/api/v1/units/${ids.unit}`,
      { version: before.version, name: '孙岗乡（已改）' }, admin.csrf);
    assert.equal(r.status, 200, r.text);
    assert.equal((await getUnit()).name, '孙岗乡（已改）');
    // reset
    const back = await send(srv.url, admin, 'PATCH', `/api/v1/units/${ids.unit}`,
      { version: r.body.version, name: before.name }, admin.csrf);
    assert.equal(back.status, 200, back.text);
  });

  test('POST /api/v1/users with the right token: 201', async () => {
    const r = await send(srv.url, admin, 'POST', '/api/v1/users',
      { username: 'csrfok', name: '测试用户', role: 'officer', unit_id: ids.brigade, password: 'Csrf-pass-2026' },
      admin.csrf);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.username, 'csrfok');
    const got = await admin.get(`/api/v1/users/${r.body.id}`);
    assert.equal(got.status, 200, got.text);
  });

  test('PATCH /api/v1/users/{id} with the right token: 200', async () => {
    const before = await getUser();
    const r = await send(srv.url, admin, 'PATCH', `/api/v1/users/${ids.user}`,
      { version: before.version, name: '张伟（已改）' }, admin.csrf);
    assert.equal(r.status, 200, r.text);
    assert.equal((await getUser()).name, '张伟（已改）');
    const back = await send(srv.url, admin, 'PATCH', `/api/v1/users/${ids.user}`,
      { version: r.body.version, name: before.name }, admin.csrf);
    assert.equal(back.status, 200, back.text);
  });

  test('the token from GET /me is accepted too', async () => {
    const me = await admin.get('/api/v1/me');
    assert.equal(me.status, 200);
    const before = await getUnit();
    const r = await send(srv.url, admin, 'PATCH', `/api/v1/units/${ids.unit}`,
      { version: before.version, name: before.name }, me.body.csrf_token);
    assert.equal(r.status, 200, r.text);
  });

  test('POST /api/v1/auth/logout with the right token: 204, other sessions unaffected', async () => {
    const c = client(srv.url);
    assert.equal((await c.login('admin')).status, 200);
    const r = await send(srv.url, c, 'POST', '/api/v1/auth/logout', undefined, c.csrf);
    assert.equal(r.status, 204, r.text);
    assert.equal((await send(srv.url, c, 'GET', '/api/v1/me')).status, 401);
    assert.equal((await admin.get('/api/v1/me')).status, 200);
    assert.equal((await admin2.get('/api/v1/me')).status, 200);
  });

  test('a logged-out session\'s token is not accepted by another session', async () => {
    const c = client(srv.url);
    assert.equal((await c.login('admin')).status, 200);
    const token = c.csrf;
    assert.equal((await send(srv.url, c, 'POST', '/api/v1/auth/logout', undefined, token)).status, 204);
    const snap = await getUnit();
    const r = await send(srv.url, admin, 'PATCH', `/api/v1/units/${ids.unit}`,
      { version: snap.version, name: '不应保存' }, token);
    assertError(r, 403, 'auth.csrf');
    assert.deepEqual(await getUnit(), snap);
  });
});
