// Black-box permission matrix (docs/api.md "Who" column, docs/demo.md Scope):
// each row is one request by one demo user and the answer it must get; plus
// input validation and the history of every change.
//
//   ZHIFA_BIN=/work/main/build/zhifa node --test tests/api/permissions.test.js
//
// One server for the whole file. Rows that change something reset it, or
// create objects with names no other row uses. No row may fail a login:
// login throttling counts failures per address.
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, client } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;
const USERS = ['admin', 'liuyang', 'chenjie', 'zhangwei', 'liqiang', 'wangfang', 'zhaomin', 'sunli', 'zhoujun', 'wugang'];
const NON_ADMIN = USERS.filter((u) => u !== 'admin');
const USER_READERS = ['admin', 'liuyang', 'chenjie', 'wugang'];
const NOT_USER_READERS = USERS.filter((u) => !USER_READERS.includes(u));
const BUREAU_CODES = ['341504', '341504-01', '341504-02', '341504-03', '341504001', '341504002',
  '341504100', '341504101', '341504102', '341504200', '341504400'];
// 11 units: the bureau and its ten children (demo.md lists 12 rows with the city detachment).
const DISTRICT_ROLES = ['admin', 'liuyang', 'chenjie', 'zhangwei', 'liqiang', 'wangfang', 'zhaomin'];

// ---- helpers ----------------------------------------------------------------

function assertStatus(r, want) {
  const ok = [].concat(want);
  assert.ok(ok.includes(r.status), `expected HTTP ${ok.join(' or ')}, got ${r.status}: ${r.text}`);
}

// The error envelope: {"error":{"code","message"(Chinese),"field"?}}.
function assertEnvelope(r, code, field) {
  assert.ok(r.body && typeof r.body.error === 'object', `no error envelope: ${r.text}`);
  const e = r.body.error;
  assert.equal(typeof e.code, 'string');
  if (code instanceof RegExp) assert.match(e.code, code, `error code: ${r.text}`);
  else if (code) assert.equal(e.code, code, `error code: ${r.text}`);
  assert.equal(typeof e.message, 'string');
  assert.match(e.message, HAN, `message is not Chinese: ${r.text}`);
  if (field !== undefined) assert.equal(e.field, field, `error field: ${r.text}`);
  return e;
}

// A permission refusal: 403 (or 404 where the row allows hiding), any stable
// code except the CSRF one (the clients send the right token).
const DENIED = /^(perm|auth)\./;
function assertDenied(r) {
  const e = assertEnvelope(r, DENIED);
  assert.notEqual(e.code, 'auth.csrf', 'refused for CSRF, not for permission');
  assert.notEqual(e.code, 'auth.required', 'refused as unauthenticated, not for permission');
}

function assertUnitShape(u) {
  for (const k of ['id', 'parent_id', 'code', 'name', 'kind', 'kind_name', 'version']) {
    assert.ok(k in u, `UNIT lacks "${k}": ${JSON.stringify(u)}`);
  }
}
function assertUserShape(u) {
  for (const k of ['id', 'username', 'name', 'role', 'role_name', 'unit', 'active', 'version']) {
    assert.ok(k in u, `USER lacks "${k}": ${JSON.stringify(u)}`);
  }
  for (const k of ['id', 'name', 'code']) assert.ok(k in u.unit, `USER.unit lacks "${k}"`);
  const t = JSON.stringify(u);
  assert.ok(!/password/i.test(t) && !t.includes('$argon2'), `USER exposes a password: ${t}`);
}

// Every unit's parent comes before it (tree order).
function assertTreeOrder(items) {
  const seen = new Set();
  const ids = new Set(items.map((u) => u.id));
  for (const u of items) {
    if (u.parent_id != null && ids.has(u.parent_id)) {
      assert.ok(seen.has(u.parent_id), `unit ${u.code} listed before its parent`);
    }
    seen.add(u.id);
  }
}

// ---- the server and the demo ids ---------------------------------------------

const ctx = { c: {}, me: {}, unit: {}, srv: null };
const U = (code) => {
  assert.ok(ctx.unit[code], `unit ${code} not found through the API`);
  return ctx.unit[code].id;
};
const ID = (username) => {
  assert.ok(ctx.me[username], `user ${username} not found through the API`);
  return ctx.me[username].id;
};

before(async () => {
  ctx.srv = await startServer();
  for (const u of USERS) {
    const c = client(ctx.srv.url);
    const r = await c.login(u);
    assert.equal(r.status, 200, `login ${u}: ${r.text}`);
    ctx.c[u] = c;
  }
  const units = await ctx.c.admin.get('/api/v1/units');
  assert.equal(units.status, 200, units.text);
  for (const u of units.body.items) ctx.unit[u.code] = u;
  // The city detachment is outside admin's scope: it is the bureau's parent.
  assert.ok(ctx.unit['341504'], 'bureau 341504 not in admin\'s unit list');
  ctx.unit['341500'] = { id: ctx.unit['341504'].parent_id, code: '341500' };
  // User ids by username, through GET /users?q= (admin), wugang through wugang's /me.
  for (const u of USERS) {
    if (u === 'wugang') continue;
    const r = await ctx.c.admin.get(`/api/v1/users?q=${encodeURIComponent(u)}`);
    assert.equal(r.status, 200, r.text);
    const found = r.body.items.find((x) => x.username === u);
    assert.ok(found, `GET /users?q=${u} does not find ${u}`);
    ctx.me[u] = found;
  }
  const w = await ctx.c.wugang.get('/api/v1/me');
  assert.equal(w.status, 200, w.text);
  ctx.me.wugang = w.body.user;
});
after(async () => { if (ctx.srv) await ctx.srv.stop(); });

// Readers that see everything involved: admin for the bureau subtree, wugang above it.
async function readAny(p) {
  let r = await ctx.c.admin.get(p);
  if (r.status !== 200) r = await ctx.c.wugang.get(p);
  assert.equal(r.status, 200, `cannot read ${p}: ${r.text}`);
  return r.body;
}
const readUnit = (id) => readAny(`/api/v1/units/${id}`);
const readUser = (id) => readAny(`/api/v1/users/${id}`);
const historyOf = async (type, id) => (await readAny(`/api/v1/objects/${type}/${id}/history`)).items;
async function unitCodeExists(code) {
  for (const who of ['admin', 'wugang']) {
    const r = await ctx.c[who].get('/api/v1/units');
    if (r.status === 200 && r.body.items.some((u) => u.code === code)) return true;
  }
  return false;
}
async function usernameExists(username) {
  for (const who of ['admin', 'wugang']) {
    const r = await ctx.c[who].get(`/api/v1/users?q=${encodeURIComponent(username)}`);
    if (r.status === 200 && r.body.items.some((u) => u.username === username)) return true;
  }
  return false;
}

// The newest history item (largest index) was made by admin, with a Chinese action_name.
function assertAdminEvent(items, nBefore) {
  assert.ok(Array.isArray(items), 'history items is not an array');
  assert.equal(items.length, nBefore + 1, `expected one new history item, have ${items.length} (was ${nBefore})`);
  const last = items.reduce((a, b) => (b.index > a.index ? b : a));
  for (const k of ['index', 'time', 'actor', 'action', 'action_name', 'summary', 'before', 'after']) {
    assert.ok(k in last, `history item lacks "${k}": ${JSON.stringify(last)}`);
  }
  assert.equal(last.actor.id, ID('admin'), `actor: ${JSON.stringify(last.actor)}`);
  assert.equal(last.actor.name, '系统管理员');
  assert.match(String(last.action_name), HAN, `action_name not Chinese: ${last.action_name}`);
  return last;
}

// Snapshot / verify helpers for write rows.
const snapUnit = (code) => async () => {
  const id = U(code);
  return { id, unit: await readUnit(id), n: (await historyOf('unit', id)).length };
};
const unitUnchanged = async (r, snap) => {
  assert.deepEqual(await readUnit(snap.id), snap.unit, 'the unit changed');
  assert.equal((await historyOf('unit', snap.id)).length, snap.n, 'a history event was logged');
};
const snapUser = (username) => async () => {
  const id = ID(username);
  return { id, user: await readUser(id), n: (await historyOf('user', id)).length };
};
const userUnchanged = async (r, snap) => {
  assert.deepEqual(await readUser(snap.id), snap.user, 'the user changed');
  assert.equal((await historyOf('user', snap.id)).length, snap.n, 'a history event was logged');
};
const unitNotCreated = (code) => async () => {
  assert.equal(await unitCodeExists(code), false, `unit ${code} was created`);
};
const userNotCreated = (username) => async () => {
  assert.equal(await usernameExists(username), false, `user ${username} was created`);
};

// ---- the matrix ----------------------------------------------------------------
//
// Row: { name, as (username or null = no session), method, path(), body?() (may
// be async), status (number or list), code?, field?, snapshot?(), check?(r, snap) }.

const rows = [];
const row = (r) => rows.push(r);

// Public endpoints.
row({ name: 'health is public', as: null, method: 'GET', path: () => '/api/v1/health', status: 200,
  check: (r) => assert.deepEqual(r.body, { status: 'ok', database: process.env.ZHIFA_TEST_PG ? 'postgresql' : 'sqlite' }) });
row({ name: 'latest checkpoint is public', as: null, method: 'GET', path: () => '/api/v1/log/checkpoint', status: 200,
  check: (r) => {
    for (const k of ['tree_size', 'root_hash', 'timestamp', 'signature', 'public_key', 'signed_text']) {
      assert.ok(k in r.body, `CHECKPOINT lacks ${k}`);
    }
    assert.match(r.body.root_hash, /^[0-9a-f]{64}$/);
    assert.match(r.body.signed_text, /^zhifa checkpoint v1\n/);
  } });
row({ name: 'checkpoint list is public', as: null, method: 'GET', path: () => '/api/v1/log/checkpoints', status: 200,
  check: (r) => assert.ok(Array.isArray(r.body.items)) });

// Every non-public endpoint without a session: 401 auth.required.
for (const [label, method, p, body, snapshot, check] of [
  ['GET /me', 'GET', () => '/api/v1/me'],
  ['GET /roles', 'GET', () => '/api/v1/roles'],
  ['GET /units', 'GET', () => '/api/v1/units'],
  ['GET /units/{id}', 'GET', () => `/api/v1/units/${U('341504001')}`],
  ['POST /units', 'POST', () => '/api/v1/units',
    () => ({ parent_id: U('341504'), code: '341504-80', name: '未登录', kind: 'office' }),
    undefined, unitNotCreated('341504-80')],
  ['PATCH /units/{id}', 'PATCH', () => `/api/v1/units/${U('341504001')}`,
    async () => ({ version: (await readUnit(U('341504001'))).version, name: '未登录' }),
    snapUnit('341504001'), unitUnchanged],
  ['GET /users', 'GET', () => '/api/v1/users'],
  ['GET /users/{id}', 'GET', () => `/api/v1/users/${ID('sunli')}`],
  ['POST /users', 'POST', () => '/api/v1/users',
    () => ({ username: 'anonuser', name: '未登录', role: 'officer', unit_id: U('341504-01'), password: 'Anon-pass-2026' }),
    undefined, userNotCreated('anonuser')],
  ['PATCH /users/{id}', 'PATCH', () => `/api/v1/users/${ID('sunli')}`,
    async () => ({ version: (await readUser(ID('sunli'))).version, role: 'admin' }),
    snapUser('sunli'), userUnchanged],
  ['POST /auth/logout', 'POST', () => '/api/v1/auth/logout'],
  ['GET /log/events/{index}', 'GET', () => '/api/v1/log/events/0'],
  ['GET /objects/unit/{id}/history', 'GET', () => `/api/v1/objects/unit/${U('341504001')}/history`],
  ['GET /objects/user/{id}/history', 'GET', () => `/api/v1/objects/user/${ID('sunli')}/history`],
]) {
  row({ name: `no session: ${label} → 401`, as: null, method, path: p, body, status: 401, code: 'auth.required',
    snapshot, check });
}

// Roles: every session may list them.
for (const u of ['sunli', 'wugang', 'admin']) {
  row({ name: `${u} lists roles`, as: u, method: 'GET', path: () => '/api/v1/roles', status: 200,
    check: (r) => {
      const m = Object.fromEntries(r.body.items.map((x) => [x.code, x.name]));
      assert.equal(m.officer, '执法人员');
      assert.equal(m.township_officer, '乡镇执法人员');
      assert.equal(m.admin, '系统管理员');
      assert.equal(m.discipline, '纪检监察'); // issue 11
      assert.equal(m.partner, '协作单位'); // issue 11: the exchange API's actor, no account
      assert.equal(Object.keys(m).length, 10);
    } });
}

// Unit reads: district roles see the bureau subtree, exactly.
for (const u of DISTRICT_ROLES) {
  row({ name: `${u} lists the bureau subtree`, as: u, method: 'GET', path: () => '/api/v1/units', status: 200,
    check: (r) => {
      r.body.items.forEach(assertUnitShape);
      assert.deepEqual(r.body.items.map((x) => x.code).sort(), [...BUREAU_CODES].sort());
      assert.equal(r.body.items[0].code, '341504', 'tree order starts with the bureau');
      assertTreeOrder(r.body.items);
    } });
  row({ name: `${u} cannot read the city detachment`, as: u, method: 'GET', path: () => `/api/v1/units/${U('341500')}`,
    status: [403, 404] });
}
row({ name: 'sunli lists only her own township', as: 'sunli', method: 'GET', path: () => '/api/v1/units', status: 200,
  check: (r) => assert.deepEqual(r.body.items.map((x) => x.code), ['341504001']) });
row({ name: 'zhoujun lists only his own township', as: 'zhoujun', method: 'GET', path: () => '/api/v1/units', status: 200,
  check: (r) => assert.deepEqual(r.body.items.map((x) => x.code), ['341504002']) });
row({ name: 'wugang lists everything below the city', as: 'wugang', method: 'GET', path: () => '/api/v1/units', status: 200,
  check: (r) => {
    const codes = r.body.items.map((x) => x.code);
    for (const c of BUREAU_CODES) assert.ok(codes.includes(c), `wugang does not see ${c}`);
    assertTreeOrder(r.body.items);
  } });
row({ name: 'sunli reads her own unit', as: 'sunli', method: 'GET', path: () => `/api/v1/units/${U('341504001')}`, status: 200,
  check: (r) => { assertUnitShape(r.body); assert.equal(r.body.kind_name, '乡镇/街道'); } });
for (const code of ['341504002', '341504', '341504-01', '341500']) {
  row({ name: `sunli cannot read unit ${code}`, as: 'sunli', method: 'GET', path: () => `/api/v1/units/${U(code)}`, status: [403, 404] });
}
row({ name: 'zhoujun cannot read 史河街道', as: 'zhoujun', method: 'GET', path: () => `/api/v1/units/${U('341504001')}`, status: [403, 404] });
row({ name: 'wugang reads 史河街道', as: 'wugang', method: 'GET', path: () => `/api/v1/units/${U('341504001')}`, status: 200,
  check: (r) => assert.equal(r.body.code, '341504001') });

// User reads: admin, bureau_leader, section_head, city_supervisor only.
for (const u of USER_READERS) {
  row({ name: `${u} lists users`, as: u, method: 'GET', path: () => '/api/v1/users', status: 200,
    check: (r) => {
      r.body.items.forEach(assertUserShape);
      const names = r.body.items.map((x) => x.username);
      for (const n of ['sunli', 'zhoujun', 'zhangwei', 'admin']) assert.ok(names.includes(n), `${u} does not see ${n}`);
    } });
  row({ name: `${u} reads user sunli`, as: u, method: 'GET', path: () => `/api/v1/users/${ID('sunli')}`, status: 200,
    check: (r) => {
      assertUserShape(r.body);
      assert.equal(r.body.username, 'sunli');
      assert.equal(r.body.role_name, '乡镇执法人员');
      assert.equal(r.body.unit.code, '341504001');
    } });
}
row({ name: 'wugang lists the users of the bureau unit', as: 'wugang', method: 'GET',
  path: () => `/api/v1/users?unit_id=${U('341504')}`, status: 200,
  check: (r) => assert.ok(r.body.items.some((x) => x.username === 'admin'), 'admin not in the bureau') });
row({ name: 'chenjie searches users by q', as: 'chenjie', method: 'GET', path: () => '/api/v1/users?q=zhoujun', status: 200,
  check: (r) => assert.ok(r.body.items.some((x) => x.username === 'zhoujun')) });
for (const u of NOT_USER_READERS) {
  row({ name: `${u} may not list users`, as: u, method: 'GET', path: () => '/api/v1/users', status: 403,
    check: (r) => assertDenied(r) });
  row({ name: `${u} may not read user zhoujun`, as: u, method: 'GET', path: () => `/api/v1/users/${ID('zhoujun')}`,
    status: u === 'zhoujun' ? 403 : u === 'sunli' ? [403, 404] : 403,
    check: (r) => assertEnvelope(r) });
}
row({ name: 'sunli may not read even her own USER', as: 'sunli', method: 'GET', path: () => `/api/v1/users/${ID('sunli')}`, status: 403,
  check: (r) => assertDenied(r) });
row({ name: 'admin cannot read wugang (city detachment)', as: 'admin', method: 'GET', path: () => `/api/v1/users/${ID('wugang')}`, status: [403, 404] });
row({ name: 'chenjie cannot read wugang (city detachment)', as: 'chenjie', method: 'GET', path: () => `/api/v1/users/${ID('wugang')}`, status: [403, 404] });

// History reads follow unit scope.
row({ name: 'sunli reads the history of her own unit', as: 'sunli', method: 'GET',
  path: () => `/api/v1/objects/unit/${U('341504001')}/history`, status: 200,
  check: (r) => assert.ok(Array.isArray(r.body.items)) });
for (const code of ['341504002', '341504', '341500']) {
  row({ name: `sunli cannot read the history of unit ${code}`, as: 'sunli', method: 'GET',
    path: () => `/api/v1/objects/unit/${U(code)}/history`, status: [403, 404], check: (r) => assertEnvelope(r) });
}
row({ name: 'sunli cannot read the history of user zhoujun (平岗街道)', as: 'sunli', method: 'GET',
  path: () => `/api/v1/objects/user/${ID('zhoujun')}/history`, status: [403, 404], check: (r) => assertEnvelope(r) });
row({ name: 'zhoujun cannot read the history of 史河街道', as: 'zhoujun', method: 'GET',
  path: () => `/api/v1/objects/unit/${U('341504001')}/history`, status: [403, 404], check: (r) => assertEnvelope(r) });
row({ name: 'zhangwei cannot read the history of the city detachment', as: 'zhangwei', method: 'GET',
  path: () => `/api/v1/objects/unit/${U('341500')}/history`, status: [403, 404], check: (r) => assertEnvelope(r) });
row({ name: 'wugang reads the history of 史河街道', as: 'wugang', method: 'GET',
  path: () => `/api/v1/objects/unit/${U('341504001')}/history`, status: 200,
  check: (r) => assert.ok(Array.isArray(r.body.items)) });

// Writes by every non-admin role: 403 on POST/PATCH units and users. Targets are
// the caller's own unit and the caller's own account (in scope for everyone), the
// PATCH /users is a self-promotion to admin.
NON_ADMIN.forEach((u, i) => {
  // wugang's own unit is the city detachment; he writes nothing, so his target is the bureau.
  const ownUnit = () => (u === 'wugang' ? U('341504') : ctx.me[u].unit.id);
  const code = `341504-7${i}`;
  row({ name: `${u} may not create a unit`, as: u, method: 'POST', path: () => '/api/v1/units',
    body: () => ({ parent_id: ownUnit(), code, name: `越权单位${i}`, kind: 'office' }), status: 403,
    check: async (r) => { assertDenied(r); await unitNotCreated(code)(); } });
  row({ name: `${u} may not edit their own unit (wugang: the bureau)`, as: u, method: 'PATCH', path: () => `/api/v1/units/${ownUnit()}`,
    body: async () => ({ version: (await readUnit(ownUnit())).version, name: `越权改名${i}` }), status: 403,
    snapshot: async () => ({ id: ownUnit(), unit: await readUnit(ownUnit()), n: (await historyOf('unit', ownUnit())).length }),
    check: async (r, snap) => { assertDenied(r); await unitUnchanged(r, snap); } });
  row({ name: `${u} may not create a user`, as: u, method: 'POST', path: () => '/api/v1/users',
    body: () => ({ username: `deny${u}`, name: '越权用户', role: 'officer', unit_id: ownUnit(), password: 'Deny-pass-2026' }),
    status: 403, check: async (r) => { assertDenied(r); await userNotCreated(`deny${u}`)(); } });
  row({ name: `${u} may not promote themselves to admin`, as: u, method: 'PATCH', path: () => `/api/v1/users/${ID(u)}`,
    body: async () => ({ version: (await readUser(ID(u))).version, role: 'admin' }), status: 403,
    snapshot: snapUser(u),
    check: async (r, snap) => {
      assertDenied(r);
      await userUnchanged(r, snap);
      const me = await ctx.c[u].get('/api/v1/me');
      assert.equal(me.body.user.role, ctx.me[u].role);
    } });
  row({ name: `${u} may not disable zhangwei`, as: u, method: 'PATCH', path: () => `/api/v1/users/${ID(u === 'zhangwei' ? 'liqiang' : 'zhangwei')}`,
    body: async () => ({ version: (await readUser(ID(u === 'zhangwei' ? 'liqiang' : 'zhangwei'))).version, active: false }),
    status: u === 'sunli' || u === 'zhoujun' ? [403, 404] : 403,
    snapshot: snapUser(u === 'zhangwei' ? 'liqiang' : 'zhangwei'),
    check: async (r, snap) => { assertEnvelope(r); await userUnchanged(r, snap); } });
});

// Admin writes inside the bureau subtree succeed and are logged.
row({ name: 'admin creates a unit', as: 'admin', method: 'POST', path: () => '/api/v1/units',
  body: () => ({ parent_id: U('341504'), code: '341504-99', name: '测试新机构', kind: 'office' }), status: 201,
  check: async (r) => {
    assertUnitShape(r.body);
    assert.equal(r.body.parent_id, U('341504'));
    assert.equal(r.body.code, '341504-99');
    assert.equal(r.body.kind_name, '内设机构');
    assert.ok(await unitCodeExists('341504-99'));
    const ev = assertAdminEvent(await historyOf('unit', r.body.id), 0);
    assert.ok(JSON.stringify(ev.after).includes('341504-99'), 'history "after" lacks the new unit');
  } });
row({ name: 'admin edits a unit (and resets it)', as: 'admin', method: 'PATCH', path: () => `/api/v1/units/${U('341504200')}`,
  body: async () => ({ version: (await readUnit(U('341504200'))).version, name: '孙岗乡（测试）' }), status: 200,
  snapshot: snapUnit('341504200'),
  check: async (r, snap) => {
    assertUnitShape(r.body);
    assert.equal(r.body.name, '孙岗乡（测试）');
    assert.notEqual(r.body.version, snap.unit.version, 'version did not change');
    const ev = assertAdminEvent(await historyOf('unit', snap.id), snap.n);
    assert.ok(JSON.stringify(ev.before).includes('孙岗乡'), 'history "before" lacks the old name');
    assert.ok(JSON.stringify(ev.after).includes('孙岗乡（测试）'), 'history "after" lacks the new name');
    const back = await ctx.c.admin.patch(`/api/v1/units/${snap.id}`, { version: r.body.version, name: snap.unit.name });
    assert.equal(back.status, 200, back.text);
  } });
row({ name: 'admin creates a user', as: 'admin', method: 'POST', path: () => '/api/v1/users',
  body: () => ({ username: 'permcreated', name: '测试用户', role: 'officer', unit_id: U('341504-01'), password: 'Perm-pass-2026' }),
  status: 201,
  check: async (r) => {
    assertUserShape(r.body);
    assert.equal(r.body.username, 'permcreated');
    assert.equal(r.body.role_name, '执法人员');
    assert.equal(r.body.unit.code, '341504-01');
    assert.equal(r.body.active, true);
    assert.ok(await usernameExists('permcreated'));
    assertAdminEvent(await historyOf('user', r.body.id), 0);
  } });
row({ name: 'admin edits a user (and resets it)', as: 'admin', method: 'PATCH', path: () => `/api/v1/users/${ID('liqiang')}`,
  body: async () => ({ version: (await readUser(ID('liqiang'))).version, name: '李强（测试）', role: 'legal_reviewer' }), status: 200,
  snapshot: snapUser('liqiang'),
  check: async (r, snap) => {
    assertUserShape(r.body);
    assert.equal(r.body.name, '李强（测试）');
    assert.equal(r.body.role, 'legal_reviewer');
    assert.equal(r.body.role_name, '法制审核人员');
    assert.notEqual(r.body.version, snap.user.version, 'version did not change');
    assertAdminEvent(await historyOf('user', snap.id), snap.n);
    const back = await ctx.c.admin.patch(`/api/v1/users/${snap.id}`,
      { version: r.body.version, name: snap.user.name, role: snap.user.role });
    assert.equal(back.status, 200, back.text);
  } });
row({ name: 'admin moves a user to another unit of the bureau (and back)', as: 'admin', method: 'PATCH',
  path: () => `/api/v1/users/${ID('wangfang')}`,
  body: async () => ({ version: (await readUser(ID('wangfang'))).version, unit_id: U('341504-03') }), status: 200,
  snapshot: snapUser('wangfang'),
  check: async (r, snap) => {
    assert.equal(r.body.unit.code, '341504-03');
    assertAdminEvent(await historyOf('user', snap.id), snap.n);
    const back = await ctx.c.admin.patch(`/api/v1/users/${snap.id}`, { version: r.body.version, unit_id: snap.user.unit.id });
    assert.equal(back.status, 200, back.text);
  } });

// Admin outside the bureau subtree.
row({ name: 'admin may not create a user in the city detachment', as: 'admin', method: 'POST', path: () => '/api/v1/users',
  body: () => ({ username: 'citycreated', name: '越权用户', role: 'officer', unit_id: U('341500'), password: 'City-pass-2026' }),
  status: 403, check: async (r) => { assertDenied(r); await userNotCreated('citycreated')(); } });
row({ name: 'admin may not create a unit under the city detachment', as: 'admin', method: 'POST', path: () => '/api/v1/units',
  body: () => ({ parent_id: U('341500'), code: '341500-99', name: '越权单位', kind: 'office' }),
  status: 403, check: async (r) => { assertDenied(r); await unitNotCreated('341500-99')(); } });
row({ name: 'admin may not edit the city detachment', as: 'admin', method: 'PATCH', path: () => `/api/v1/units/${U('341500')}`,
  body: async () => ({ version: (await readUnit(U('341500'))).version, name: '越权改名' }), status: [403, 404],
  snapshot: async () => ({ id: U('341500'), unit: await readUnit(U('341500')), n: (await historyOf('unit', U('341500'))).length }),
  check: async (r, snap) => { assertEnvelope(r); await unitUnchanged(r, snap); } });
row({ name: 'admin may not edit wugang (city detachment)', as: 'admin', method: 'PATCH', path: () => `/api/v1/users/${ID('wugang')}`,
  body: async () => ({ version: (await readUser(ID('wugang'))).version, active: false }), status: [403, 404],
  snapshot: snapUser('wugang'),
  check: async (r, snap) => { assertEnvelope(r); await userUnchanged(r, snap); } });
row({ name: 'admin may not move a user into the city detachment', as: 'admin', method: 'PATCH', path: () => `/api/v1/users/${ID('zhangwei')}`,
  body: async () => ({ version: (await readUser(ID('zhangwei'))).version, unit_id: U('341500') }), status: 403,
  snapshot: snapUser('zhangwei'),
  check: async (r, snap) => { assertDenied(r); await userUnchanged(r, snap); } });

// Validation (admin).
row({ name: 'duplicate username: 409 naming it', as: 'admin', method: 'POST', path: () => '/api/v1/users',
  body: () => ({ username: 'zhangwei', name: '重名', role: 'officer', unit_id: U('341504-01'), password: 'Dup-pass-2026' }),
  status: 409, snapshot: snapUser('zhangwei'),
  check: async (r, snap) => {
    // docs/api.md names no code for a taken username (the server says user.username_taken).
    const e = assertEnvelope(r);
    assert.ok(e.message.includes('zhangwei'), `message does not name the username: ${e.message}`);
    await userUnchanged(r, snap);
  } });
row({ name: 'unknown role: 400 input.invalid role', as: 'admin', method: 'POST', path: () => '/api/v1/users',
  body: () => ({ username: 'badrole', name: '测试', role: 'superuser', unit_id: U('341504-01'), password: 'Role-pass-2026' }),
  status: 400, code: 'input.invalid', field: 'role', check: userNotCreated('badrole') });
row({ name: 'unknown unit_id: 400 input.invalid unit_id', as: 'admin', method: 'POST', path: () => '/api/v1/users',
  body: () => ({ username: 'badunit', name: '测试', role: 'officer', unit_id: 987654321, password: 'Unit-pass-2026' }),
  status: 400, code: 'input.invalid', field: 'unit_id', check: userNotCreated('badunit') });
row({ name: 'short password: 400 input.invalid password', as: 'admin', method: 'POST', path: () => '/api/v1/users',
  body: () => ({ username: 'shortpw', name: '测试', role: 'officer', unit_id: U('341504-01'), password: 'Ab1234!' }),
  status: 400, code: 'input.invalid', field: 'password', check: userNotCreated('shortpw') });
row({ name: 'short password on PATCH: 400 input.invalid password', as: 'admin', method: 'PATCH', path: () => `/api/v1/users/${ID('zhangwei')}`,
  body: async () => ({ version: (await readUser(ID('zhangwei'))).version, password: 'short' }),
  status: 400, code: 'input.invalid', field: 'password', snapshot: snapUser('zhangwei'), check: userUnchanged });
row({ name: 'unknown role on PATCH: 400 input.invalid role', as: 'admin', method: 'PATCH', path: () => `/api/v1/users/${ID('zhangwei')}`,
  body: async () => ({ version: (await readUser(ID('zhangwei'))).version, role: 'root' }),
  status: 400, code: 'input.invalid', field: 'role', snapshot: snapUser('zhangwei'), check: userUnchanged });
row({ name: 'POST /units with an unknown parent_id: 400 parent_id', as: 'admin', method: 'POST', path: () => '/api/v1/units',
  body: () => ({ parent_id: 987654321, code: '341504-98', name: '无上级', kind: 'office' }),
  status: 400, code: 'input.invalid', field: 'parent_id', check: unitNotCreated('341504-98') });
row({ name: 'POST /units with an unknown kind: 400 kind', as: 'admin', method: 'POST', path: () => '/api/v1/units',
  body: () => ({ parent_id: U('341504'), code: '341504-97', name: '怪类型', kind: 'castle' }),
  status: 400, code: 'input.invalid', field: 'kind', check: unitNotCreated('341504-97') });
row({ name: 'PATCH /units with an unknown field: 400 input.unknown_field', as: 'admin', method: 'PATCH',
  path: () => `/api/v1/units/${U('341504400')}`,
  body: async () => ({ version: (await readUnit(U('341504400'))).version, name: '改名', colour: 'red' }),
  status: 400, code: 'input.unknown_field', field: 'colour', snapshot: snapUnit('341504400'), check: unitUnchanged });
row({ name: 'PATCH /users with an unknown field: 400 input.unknown_field', as: 'admin', method: 'PATCH',
  path: () => `/api/v1/users/${ID('zhangwei')}`,
  body: async () => ({ version: (await readUser(ID('zhangwei'))).version, password_hash: 'x' }),
  status: 400, code: 'input.unknown_field', field: 'password_hash', snapshot: snapUser('zhangwei'), check: userUnchanged });
row({ name: 'POST /users with an unknown field: 400 input.unknown_field', as: 'admin', method: 'POST', path: () => '/api/v1/users',
  body: () => ({ username: 'extrafield', name: '测试', role: 'officer', unit_id: U('341504-01'), password: 'Extra-pass-2026', is_admin: true }),
  status: 400, code: 'input.unknown_field', field: 'is_admin', check: userNotCreated('extrafield') });
row({ name: 'PATCH /units without version: 400 input.invalid version', as: 'admin', method: 'PATCH',
  path: () => `/api/v1/units/${U('341504400')}`, body: () => ({ name: '无版本' }),
  status: 400, code: 'input.invalid', field: 'version', snapshot: snapUnit('341504400'), check: unitUnchanged });

for (const r of rows) {
  test(`${r.as ?? 'anonymous'} ${r.method} — ${r.name}`, async () => {
    const c = r.as ? ctx.c[r.as] : client(ctx.srv.url);
    const p = r.path();
    const body = r.body ? await r.body() : undefined;
    const snap = r.snapshot ? await r.snapshot() : undefined;
    const res = await c.request(r.method, p, body);
    assertStatus(res, r.status);
    if (res.status >= 400) assertEnvelope(res, r.code, r.field);
    if (r.check) await r.check(res, snap);
  });
}

// ---- stale version -----------------------------------------------------------

test('admin PATCH of a unit with a stale version: 409 conflict.version, nothing changed', async () => {
  const admin = ctx.c.admin;
  const id = U('341504400');
  const v0 = await readUnit(id);
  const first = await admin.patch(`/api/v1/units/${id}`, { version: v0.version, name: '叶集经济开发区（一）' });
  assert.equal(first.status, 200, first.text);
  const mid = await readUnit(id);
  const n = (await historyOf('unit', id)).length;
  try {
    const stale = await admin.patch(`/api/v1/units/${id}`, { version: v0.version, name: '叶集经济开发区（二）' });
    assert.equal(stale.status, 409, stale.text);
    assertEnvelope(stale, 'conflict.version');
    assert.deepEqual(await readUnit(id), mid, 'the stale PATCH changed the unit');
    assert.equal((await historyOf('unit', id)).length, n, 'the stale PATCH was logged');
  } finally {
    const back = await admin.patch(`/api/v1/units/${id}`, { version: (await readUnit(id)).version, name: v0.name });
    assert.equal(back.status, 200, back.text);
  }
});

test('admin PATCH of a user with a stale version: 409 conflict.version, nothing changed', async () => {
  const admin = ctx.c.admin;
  const id = ID('zhaomin');
  const v0 = await readUser(id);
  const first = await admin.patch(`/api/v1/users/${id}`, { version: v0.version, name: '赵敏（一）' });
  assert.equal(first.status, 200, first.text);
  const mid = await readUser(id);
  try {
    const stale = await admin.patch(`/api/v1/users/${id}`, { version: v0.version, active: false });
    assert.equal(stale.status, 409, stale.text);
    assertEnvelope(stale, 'conflict.version');
    assert.deepEqual(await readUser(id), mid, 'the stale PATCH changed the user');
  } finally {
    const back = await admin.patch(`/api/v1/users/${id}`, { version: (await readUser(id)).version, name: v0.name });
    assert.equal(back.status, 200, back.text);
  }
});

// ---- history never holds a password ----------------------------------------------

describe('user history holds no password or hash', () => {
  const PW1 = 'Hist-Secret-4711';
  const PW2 = 'Hist-Secret-0815';
  let id;

  function assertClean(text, where) {
    for (const s of [PW1, PW2, '$argon2']) {
      assert.ok(!text.includes(s), `${where} contains ${JSON.stringify(s)}`);
    }
  }

  test('create a user: the answer and the history hold no password', async () => {
    const r = await ctx.c.admin.post('/api/v1/users',
      { username: 'histuser', name: '历史用户', role: 'auxiliary', unit_id: U('341504-01'), password: PW1 });
    assert.equal(r.status, 201, r.text);
    assertClean(r.text, 'POST /users answer');
    id = r.body.id;
    const h = await ctx.c.admin.get(`/api/v1/objects/user/${id}/history`);
    assert.equal(h.status, 200, h.text);
    assertAdminEvent(h.body.items, 0);
    assertClean(h.text, 'user history');
  });

  test('change the password: the answer and the history hold neither password', async () => {
    assert.ok(id, 'depends on the previous test');
    const before = await readUser(id);
    const n = (await historyOf('user', id)).length;
    const r = await ctx.c.admin.patch(`/api/v1/users/${id}`, { version: before.version, password: PW2 });
    assert.equal(r.status, 200, r.text);
    assertClean(r.text, 'PATCH /users answer');
    const h = await ctx.c.admin.get(`/api/v1/objects/user/${id}/history`);
    assert.equal(h.status, 200, h.text);
    assertAdminEvent(h.body.items, n);
    assertClean(h.text, 'user history');
    // The new password works.
    const c = client(ctx.srv.url);
    const l = await c.login('histuser', PW2);
    assert.equal(l.status, 200, l.text);
  });

  test('the log events behind the user history hold no password either', async () => {
    assert.ok(id, 'depends on the previous tests');
    const items = await historyOf('user', id);
    assert.ok(items.length >= 2);
    for (const it of items) {
      const r = await ctx.c.admin.get(`/api/v1/log/events/${it.index}`);
      assert.equal(r.status, 200, r.text);
      assertClean(r.text, `log event ${it.index}`);
      assertClean(String(r.body.canonical), `canonical bytes of event ${it.index}`);
    }
  });
});
