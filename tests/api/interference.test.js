// The register of interference by officials (领导干部干预执法活动记录, R31,
// issue 11): any member of staff records; only the discipline and
// supervision roles read (inside their scope); append-only — no update or
// delete route works, directly or through the exchange API, and the
// database triggers refuse an UPDATE or DELETE sent straight to the table
// (SQLite and PostgreSQL); the report per period is checked against the
// rows this test creates.
//
//   ZHIFA_BIN=/work/main/build-tok/zhifa node --test tests/api/interference.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { startServer, client, backend, psql } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;
let srv;
const c = {};
const created = [];

function sql(q) {
  const out = backend === 'postgresql'
    ? psql(srv.db, q)
    : execFileSync('sqlite3', ['-separator', '|', srv.db.replace(/^sqlite:/, ''), q], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.trim() ? out.trim().split('\n').map((l) => l.split('|')) : [];
}
function sqlFails(q) {
  try { sql(q); } catch (e) { return String(e.stderr || e.message); }
  return null;
}
function refused(r, status, code) {
  assert.equal(r.status, status, r.text);
  if (code) assert.equal(r.body.error.code, code, r.text);
  assert.match(r.body.error.message, HAN);
}
const record = (over = {}) => ({
  official_name: '张某', official_post: '副局长', official_unit: '某区直部门', occurred_on: '2025-02-10',
  method: 'phone', request: '询问能否对某企业从轻处罚', matter: '某企业粉尘涉爆案', ...over,
});

before(async () => {
  srv = await startServer();
  for (const who of ['admin', 'liuyang', 'chenjie', 'zhangwei', 'wangfang', 'zhaomin', 'sunli', 'zhoujun', 'wugang', 'xuming']) {
    c[who] = client(srv.url);
    const r = await c[who].login(who);
    assert.equal(r.status, 200, `${who}: ${r.text}`);
  }
});
after(async () => { if (srv) await srv.stop(); });

test('INT-01 any member of staff records; the city supervisor never writes; input is checked', async () => {
  refused(await c.wugang.post('/api/v1/interference', record()), 403, 'perm.denied');
  refused(await c.zhangwei.post('/api/v1/interference', record({ occurred_on: '2999-01-01' })), 400, 'input.invalid');
  refused(await c.zhangwei.post('/api/v1/interference', record({ occurred_on: '2025-02-30' })), 400, 'input.invalid');
  refused(await c.zhangwei.post('/api/v1/interference', record({ method: 'telepathy' })), 400, 'input.invalid');
  refused(await c.zhangwei.post('/api/v1/interference', record({ case_id: -3 })), 400, 'input.invalid');
  refused(await c.zhangwei.post('/api/v1/interference', record({ extra: 1 })), 400, 'input.unknown_field');
  const missing = record();
  delete missing.request;
  const m = await c.zhangwei.post('/api/v1/interference', missing);
  refused(m, 400, 'input.invalid');
  assert.equal(m.body.error.field, 'request');
  // the rows of the report test (period 2025-02): who records, the official's unit, how
  const rows = [
    ['zhangwei', '区直部门甲', 'phone', '2025-02-01'],
    ['wangfang', '区直部门甲', 'phone', '2025-02-10'],
    ['zhaomin', '区直部门甲', 'note', '2025-02-15'],
    ['sunli', '街道办事处乙', 'in_person', '2025-02-20'],
    ['xuming', '街道办事处乙', 'in_person', '2025-02-28'],
    ['zhoujun', '区直部门甲', 'phone', '2025-03-01'], // outside the period
    ['admin', '区直部门甲', 'phone', '2025-01-31'], // outside the period
  ];
  for (const [who, unit, method, on] of rows) {
    const r = await c[who].post('/api/v1/interference', record({ official_unit: unit, method, occurred_on: on, case_id: 42 }));
    assert.equal(r.status, 201, `${who}: ${r.text}`);
    assert.equal(r.body.recorded_by.name.length > 0, true);
    assert.equal(r.body.case_id, 42);
    created.push({ id: r.body.id, who, unit, method, on });
  }
  const h = await c.admin.get(`/api/v1/objects/interference/${created[0].id}/history`);
  assert.equal(h.status, 200, h.text);
  assert.equal(h.body.items[0].action, 'interference.record');
});

test('INT-02 only the discipline and supervision roles read; a recorder cannot read even his own', async () => {
  const id = created[0].id;
  for (const who of ['zhangwei', 'wangfang', 'zhaomin', 'chenjie', 'sunli', 'zhoujun', 'admin']) {
    refused(await c[who].get('/api/v1/interference'), 403, 'perm.denied');
    refused(await c[who].get(`/api/v1/interference/${id}`), 403, 'perm.denied');
    refused(await c[who].get('/api/v1/interference/report?from=2025-02-01&to=2025-02-28'), 403, 'perm.denied');
  }
  for (const who of ['xuming', 'liuyang', 'wugang']) {
    const r = await c[who].get('/api/v1/interference?limit=200');
    assert.equal(r.status, 200, `${who}: ${r.text}`);
    for (const x of created) assert.ok(r.body.items.some((i) => i.id === x.id), `${who} sees ${x.id}`);
    const one = await c[who].get(`/api/v1/interference/${id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.official.unit, '区直部门甲');
    assert.equal(one.body.method_name, '电话');
  }
  // wrong unit: a record of the city detachment (outside the district) is
  // the city supervisor's to read, not the district's discipline office's
  const city = sql("SELECT id FROM units WHERE code = '341500'")[0][0];
  const wu = sql("SELECT id FROM users WHERE username = 'wugang'")[0][0];
  sql(`INSERT INTO interference_records (unit_id, official_name, official_post, official_unit, occurred_on, method, request, matter, recorded_by, recorded_at) VALUES (${city}, '市里某人', '处长', '市直部门丙', '2025-02-12', 'message', '打招呼', '某事项', ${wu}, '2025-02-12T00:00:00Z')`);
  const cityId = Number(sql("SELECT max(id) FROM interference_records WHERE official_unit = '市直部门丙'")[0][0]);
  refused(await c.xuming.get(`/api/v1/interference/${cityId}`), 403, 'perm.out_of_scope');
  refused(await c.liuyang.get(`/api/v1/interference/${cityId}`), 403, 'perm.out_of_scope');
  assert.equal((await c.wugang.get(`/api/v1/interference/${cityId}`)).status, 200);
  assert.ok(!(await c.xuming.get('/api/v1/interference?limit=200')).body.items.some((i) => i.id === cityId));
  const rep = await c.xuming.get('/api/v1/interference/report?from=2025-02-01&to=2025-02-28');
  assert.ok(!rep.body.items.some((i) => i.id === cityId));
  const repCity = await c.wugang.get('/api/v1/interference/report?from=2025-02-01&to=2025-02-28');
  assert.ok(repCity.body.items.some((i) => i.id === cityId));
  created.cityId = cityId;
});

test('INT-03 append-only: no update or delete route, none through the exchange API', async () => {
  const id = created[0].id;
  for (const who of ['admin', 'xuming', 'zhangwei']) {
    refused(await c[who].patch(`/api/v1/interference/${id}`, { request: '改写' }), 405, 'http.method_not_allowed');
    refused(await c[who].request('PUT', `/api/v1/interference/${id}`, record()), 405, 'http.method_not_allowed');
    refused(await c[who].del(`/api/v1/interference/${id}`), 405, 'http.method_not_allowed');
    refused(await c[who].del('/api/v1/interference'), 405, 'http.method_not_allowed');
    refused(await c[who].post(`/api/v1/interference/${id}`, record()), 405, 'http.method_not_allowed');
  }
  // the exchange API has no route to the register at all
  const tok = await c.admin.post('/api/v1/api-tokens', { agency_id: (await c.admin.get('/api/v1/agencies')).body.items[0].id, label: '干预记录测试', scope: 'push', resources: 'notice.write' });
  assert.equal(tok.status, 201, tok.text);
  const h = { authorization: `Bearer ${tok.body.token}` };
  const x = client(srv.url);
  for (const [m, p] of [['GET', `/api/v1/exchange/interference/${id}`], ['PATCH', `/api/v1/exchange/interference/${id}`], ['DELETE', `/api/v1/exchange/interference/${id}`], ['POST', '/api/v1/exchange/interference']]) {
    const r = await x.request(m, p, m === 'GET' || m === 'DELETE' ? undefined : {}, h);
    refused(r, 404, 'http.not_found');
  }
  refused(await x.request('PATCH', `/api/v1/interference/${id}`, {}, h), 405, 'http.method_not_allowed');
  refused(await x.request('DELETE', `/api/v1/interference/${id}`, undefined, h), 405, 'http.method_not_allowed');
  const row = sql(`SELECT request FROM interference_records WHERE id = ${id}`);
  assert.deepEqual(row, [['询问能否对某企业从轻处罚']]);
});

test(`INT-04 the database refuses UPDATE and DELETE on the register (${backend})`, () => {
  const id = created[0].id;
  const before = sql('SELECT count(*) FROM interference_records')[0][0];
  let e = sqlFails(`UPDATE interference_records SET request = '改写' WHERE id = ${id}`);
  assert.ok(e && /append-only/.test(e), `UPDATE was not refused: ${e}`);
  e = sqlFails(`DELETE FROM interference_records WHERE id = ${id}`);
  assert.ok(e && /append-only/.test(e), `DELETE was not refused: ${e}`);
  e = sqlFails('DELETE FROM interference_records');
  assert.ok(e && /append-only/.test(e), `DELETE of all was not refused: ${e}`);
  if (backend === 'postgresql') {
    e = sqlFails('TRUNCATE interference_records');
    assert.ok(e && /append-only/.test(e), `TRUNCATE was not refused: ${e}`);
  }
  assert.deepEqual(sql(`SELECT request FROM interference_records WHERE id = ${id}`), [['询问能否对某企业从轻处罚']]);
  assert.equal(sql('SELECT count(*) FROM interference_records')[0][0], before);
  // inserting still works (the register grows)
  const wu = sql("SELECT id FROM users WHERE username = 'zhangwei'")[0][0];
  const unit = sql("SELECT unit_id FROM users WHERE username = 'zhangwei'")[0][0];
  sql(`INSERT INTO interference_records (unit_id, official_name, official_post, official_unit, occurred_on, method, request, matter, recorded_by, recorded_at) VALUES (${unit}, '直插', '无', '无', '2024-01-01', 'other', '无', '无', ${wu}, '2024-01-01T00:00:00Z')`);
  assert.equal(Number(sql('SELECT count(*) FROM interference_records')[0][0]), Number(before) + 1);
});

test('INT-05 the report per period: counts by the official\'s unit and by method, checked against the rows created', async () => {
  refused(await c.xuming.get('/api/v1/interference/report'), 400, 'input.invalid');
  refused(await c.xuming.get('/api/v1/interference/report?from=2025-02-01'), 400, 'input.invalid');
  refused(await c.xuming.get('/api/v1/interference/report?from=2025-02-28&to=2025-02-01'), 400, 'input.invalid');
  refused(await c.xuming.get('/api/v1/interference/report?from=2025-13-01&to=2025-12-31'), 400, 'input.invalid');
  const r = await c.xuming.get('/api/v1/interference/report?from=2025-02-01&to=2025-02-28');
  assert.equal(r.status, 200, r.text);
  const inPeriod = created.filter((x) => x.on >= '2025-02-01' && x.on <= '2025-02-28');
  assert.equal(inPeriod.length, 5);
  const count = (key) => inPeriod.reduce((m, x) => { m[x[key]] = (m[x[key]] || 0) + 1; return m; }, {});
  const byUnit = Object.fromEntries(r.body.by_official_unit.map((x) => [x.key, x.count]));
  const byMethod = Object.fromEntries(r.body.by_method.map((x) => [x.key, x.count]));
  assert.deepEqual(byUnit, count('unit'));
  assert.deepEqual(byMethod, count('method'));
  assert.equal(r.body.total, inPeriod.length);
  assert.deepEqual(r.body.items.map((x) => x.id).sort((a, b) => a - b), inPeriod.map((x) => x.id).sort((a, b) => a - b));
  assert.equal(r.body.by_method.find((x) => x.key === 'in_person').name, '当面');
  // most frequent first
  assert.equal(r.body.by_official_unit[0].key, '区直部门甲');
  // the list takes the same period and pages by id
  const p1 = await c.xuming.get('/api/v1/interference?from=2025-02-01&to=2025-02-28&limit=2');
  assert.equal(p1.body.items.length, 2);
  const p2 = await c.xuming.get(`/api/v1/interference?from=2025-02-01&to=2025-02-28&limit=2&before=${p1.body.next_before}`);
  const p3 = await c.xuming.get(`/api/v1/interference?from=2025-02-01&to=2025-02-28&limit=2&before=${p2.body.next_before}`);
  const paged = [...p1.body.items, ...p2.body.items, ...p3.body.items].map((x) => x.id);
  assert.deepEqual(paged.sort((a, b) => a - b), inPeriod.map((x) => x.id).sort((a, b) => a - b));
});
