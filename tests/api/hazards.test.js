// Hazards and rectification (issue 7, R17): a finding becomes a hazard with
// its rectification order (安全生产法 第六十五条: 责令限期整改); overdue is an
// open hazard past its deadline, computed, never stored; the re-inspection
// (复查) verifies or keeps it open; a refusal to rectify is linked to a case;
// every change is versioned (409) and scoped by unit.
// Also 扫码入企: the enterprise's QR code, the officer's arrival, and the
// enterprise's own page without login (国办发〔2024〕54号).
//
//   ZHIFA_BIN=/work/main/build-insp/zhifa node --test tests/api/hazards.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startServer, client } = require('../lib/server');
const fx = require('../lib/inspections');

const HAN = /[\u4e00-\u9fff]/;
let srv;
const as = {};
let ent;
let offs;
let shihe;

function assertError(r, status, code, field) {
  assert.equal(r.status, status, `want ${status}, got ${r.status}: ${r.text}`);
  assert.equal(r.body.error.code, code, r.text);
  assert.match(r.body.error.message, HAN);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
}

function today() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
function addDays(d, n) {
  return new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
}

async function finding(c, inspId, text = '配电箱未接地') {
  const r = await c.post(`/api/v1/inspections/${inspId}/findings`, { client_id: crypto.randomUUID(), description: text });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

before(async () => {
  srv = await startServer();
  for (const u of ['admin', 'sunli', 'zhoujun', 'wugang', 'wangfang', 'chenjie']) {
    as[u] = client(srv.url);
    as[u].url = srv.url;
    const r = await as[u].login(u);
    assert.equal(r.status, 200, r.text);
  }
  const units = (await as.admin.get('/api/v1/units')).body.items;
  shihe = units.find((u) => u.code === '341504001');
  ent = await fx.enterpriseOf(as.sunli, shihe.id, 2);
  offs = await fx.officersOf(as.sunli, shihe.id);
});
after(async () => { await srv.stop(); });

describe('hazards', () => {
  test('H01 a finding becomes a hazard with its order; repeated is the same hazard', async () => {
    const i = await fx.newInspection(as.sunli, ent.id);
    const f = await finding(as.sunli, i.id);
    const t = today();
    const r = await as.sunli.post(`/api/v1/findings/${f.id}/hazard`, { grade: 'major', deadline: addDays(t, 10) });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.grade, 'major');
    assert.equal(r.body.description, '配电箱未接地');
    assert.equal(r.body.ordered_on, t);
    assert.equal(r.body.status, 'open');
    assert.equal(r.body.overdue, false);
    const again = await as.sunli.post(`/api/v1/findings/${f.id}/hazard`, { grade: 'major', deadline: addDays(t, 10) });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.id, r.body.id);
    const full = await as.sunli.get(`/api/v1/inspections/${i.id}`);
    assert.equal(full.body.hazards.length, 1);
    assert.equal(full.body.findings[0].hazard_id, r.body.id);
  });

  test('H02 bad orders are refused naming the field', async () => {
    const i = await fx.newInspection(as.sunli, ent.id);
    const f = await finding(as.sunli, i.id);
    let r = await as.sunli.post(`/api/v1/findings/${f.id}/hazard`, { grade: 'huge', deadline: '2026-12-31' });
    assertError(r, 400, 'input.invalid', 'grade');
    r = await as.sunli.post(`/api/v1/findings/${f.id}/hazard`, { grade: 'ordinary', deadline: '2026-13-40' });
    assertError(r, 400, 'input.invalid', 'deadline');
    r = await as.sunli.post(`/api/v1/findings/${f.id}/hazard`, { grade: 'ordinary', ordered_on: '2026-06-10', deadline: '2026-06-01' });
    assertError(r, 400, 'input.invalid', 'deadline');
    r = await as.wangfang.post(`/api/v1/findings/${f.id}/hazard`, { grade: 'ordinary', deadline: '2026-12-31' });
    assertError(r, 403, 'perm.denied');
    r = await as.zhoujun.post(`/api/v1/findings/${f.id}/hazard`, { grade: 'ordinary', deadline: '2026-12-31' });
    assertError(r, 403, 'perm.out_of_scope');
  });

  test('H03 the overdue list: open and past the deadline, in scope only', async () => {
    const i = await fx.newInspection(as.sunli, ent.id);
    const late = await as.sunli.post(`/api/v1/findings/${(await finding(as.sunli, i.id, '消防通道堵塞')).id}/hazard`,
      { grade: 'ordinary', ordered_on: '2026-01-05', deadline: '2026-02-01' });
    assert.equal(late.status, 201, late.text);
    assert.equal(late.body.overdue, true);
    const ontime = await as.sunli.post(`/api/v1/findings/${(await finding(as.sunli, i.id, '警示标志缺失')).id}/hazard`,
      { grade: 'ordinary', deadline: addDays(today(), 30) });
    assert.equal(ontime.status, 201, ontime.text);
    const r = await as.sunli.get(`/api/v1/hazards?overdue=1&unit_id=${shihe.id}`);
    assert.equal(r.status, 200, r.text);
    const ids = r.body.items.map((h) => h.id);
    assert.ok(ids.includes(late.body.id));
    assert.ok(!ids.includes(ontime.body.id));
    assert.ok(r.body.items.every((h) => h.overdue === true && h.status === 'open'));
    const open = await as.sunli.get(`/api/v1/hazards?unrectified=1&unit_id=${shihe.id}`);
    assert.ok(open.body.items.some((h) => h.id === ontime.body.id));
    // the other township sees none of them; the city supervisor sees them
    const z = await as.zhoujun.get('/api/v1/hazards?overdue=1');
    assert.ok(!z.body.items.some((h) => h.id === late.body.id));
    const w = await as.wugang.get('/api/v1/hazards?overdue=1');
    assert.ok(w.body.items.some((h) => h.id === late.body.id));
    assertError(await as.zhoujun.get(`/api/v1/hazards/${late.body.id}`), 403, 'perm.out_of_scope');
  });

  test('H04 rectified, re-inspection failed keeps it open with a new deadline, passed verifies it', async () => {
    const i = await fx.newInspection(as.sunli, ent.id);
    let h = (await as.sunli.post(`/api/v1/findings/${(await finding(as.sunli, i.id)).id}/hazard`,
      { grade: 'ordinary', ordered_on: '2026-01-05', deadline: '2026-02-01' })).body;
    let r = await as.sunli.patch(`/api/v1/hazards/${h.id}`, { version: h.version, status: 'rectified' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'rectified');
    assert.equal(r.body.overdue, false, 'rectified is not overdue');
    assertError(await as.sunli.patch(`/api/v1/hazards/${h.id}`, { version: h.version, status: 'open' }), 409, 'conflict.version', 'version');
    h = r.body;
    r = await as.sunli.post(`/api/v1/hazards/${h.id}/reinspection`, { version: h.version, result: 'failed', note: '仍未接地', deadline: addDays(today(), 7) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'open');
    assert.equal(r.body.reinspection_result, 'failed');
    assert.equal(r.body.deadline, addDays(today(), 7));
    h = r.body;
    r = await as.sunli.post(`/api/v1/hazards/${h.id}/reinspection`, { version: h.version, result: 'passed', note: '已整改到位' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'verified');
    assert.equal(r.body.reinspected_on, today());
    r = await as.sunli.post(`/api/v1/hazards/${h.id}/reinspection`, { version: r.body.version, result: 'passed' });
    assertError(r, 409, 'hazard.closed');
    const hist = await as.sunli.get(`/api/v1/objects/hazard/${h.id}/history`);
    const actions = JSON.stringify(hist.body);
    assert.ok(actions.includes('hazard.reinspect') && actions.includes('hazard.update'));
  });

  test('H05 a refusal to rectify is linked to a case', async () => {
    const i = await fx.newInspection(as.sunli, ent.id);
    const h = (await as.sunli.post(`/api/v1/findings/${(await finding(as.sunli, i.id)).id}/hazard`,
      { grade: 'major', deadline: addDays(today(), 3) })).body;
    let r = await as.sunli.post(`/api/v1/hazards/${h.id}/case-link`, { version: h.version, case_id: 0 });
    assertError(r, 400, 'input.invalid', 'case_id');
    r = await as.wugang.post(`/api/v1/hazards/${h.id}/case-link`, { version: h.version, case_id: 42 });
    assert.equal(r.status, 403);
    r = await as.sunli.post(`/api/v1/hazards/${h.id}/case-link`, { version: h.version, case_id: 42 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.case_id, 42);
  });
});

describe('扫码入企: QR code, arrival, the enterprise page', () => {
  let url;
  let secret;
  before(async () => {
    const r = await as.sunli.get(`/api/v1/enterprises/${ent.id}/qr?format=json`);
    assert.equal(r.status, 200, r.text);
    url = r.body.url;
    const m = url.match(/\/e\/(\d+)\/([0-9a-f]{64})$/);
    assert.ok(m, url);
    assert.equal(Number(m[1]), ent.id);
    secret = m[2];
  });

  test('Q01 the QR code is an SVG for the gate, the same until rotated', async () => {
    const r = await fx.raw(as.sunli, 'GET', `/api/v1/enterprises/${ent.id}/qr`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'image/svg+xml');
    assert.match(r.text, /^<svg /);
    const again = await as.sunli.get(`/api/v1/enterprises/${ent.id}/qr?format=json`);
    assert.equal(again.body.url, url);
    assert.equal((await as.zhoujun.get(`/api/v1/enterprises/${ent.id}/qr`)).status, 403);
    assert.equal((await as.wugang.get(`/api/v1/enterprises/${ent.id}/qr`)).status, 403);
  });

  test('Q02 the enterprise page: wrong secret 404, right secret shows burden and orders', async () => {
    const anon = client(srv.url);
    let r = await anon.get(`/api/v1/public/enterprises/${ent.id}/${'0'.repeat(64)}`);
    assertError(r, 404, 'qr.invalid');
    r = await anon.get(`/api/v1/public/enterprises/${ent.id}/${secret.slice(0, 63)}`);
    assertError(r, 404, 'qr.invalid');
    r = await anon.get(`/api/v1/public/enterprises/999999/${secret}`);
    assertError(r, 404, 'qr.invalid');
    r = await anon.get(`/api/v1/public/enterprises/${ent.id}/${secret}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.enterprise.name, ent.name);
    assert.equal(typeof r.body.burden.cap, 'number');
    assert.ok(r.body.burden.counted >= 1, 'this year\'s inspections count');
    assert.ok(r.body.inspections.length >= 1);
    assert.ok(r.body.hazards.some((h) => h.overdue === true), 'the overdue order is shown');
    // no officer-only data on the public page
    assert.ok(!JSON.stringify(r.body).includes('unit_path'));
  });

  test('Q03 feedback from the enterprise is stored, logged and length-limited', async () => {
    const anon = client(srv.url);
    let r = await anon.post(`/api/v1/public/enterprises/${ent.id}/${secret}/feedback`, { kind: 'complaint', body: '检查人员未出示执法证件' });
    assert.equal(r.status, 201, r.text);
    r = await anon.post(`/api/v1/public/enterprises/${ent.id}/${secret}/feedback`, { kind: 'feedback', body: '长'.repeat(1001) });
    assertError(r, 400, 'input.invalid', 'body');
    r = await anon.post(`/api/v1/public/enterprises/${ent.id}/${'f'.repeat(64)}/feedback`, { kind: 'feedback', body: '你好你好你好' });
    assertError(r, 404, 'qr.invalid');
  });

  test('Q04 scanning: wrong secret refused; the first scan starts today\'s inspection, the next joins it', async () => {
    const e2 = await fx.enterpriseOf(as.sunli, shihe.id, 3);
    const q = await as.sunli.get(`/api/v1/enterprises/${e2.id}/qr?format=json`);
    const s2 = q.body.url.split('/').pop();
    let r = await as.sunli.post(`/api/v1/enterprises/${e2.id}/arrival`, { secret: 'f'.repeat(64) });
    assertError(r, 404, 'qr.invalid');
    r = await as.sunli.post(`/api/v1/enterprises/${e2.id}/arrival`, { secret: s2 });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.started, true);
    const id = r.body.inspection_id;
    const w = client(srv.url);
    await w.login('wangfang');
    r = await w.post(`/api/v1/enterprises/${e2.id}/arrival`, { secret: s2 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.inspection_id, id);
    assert.equal(r.body.started, false);
    const full = await as.sunli.get(`/api/v1/inspections/${id}`);
    assert.deepEqual(full.body.arrivals.map((a) => a.name), ['孙丽', '王芳']);
    // rotating the code: the old secret stops working
    r = await as.sunli.post(`/api/v1/enterprises/${e2.id}/qr/rotate`, {});
    assert.equal(r.status, 200, r.text);
    assertError(await client(srv.url).get(`/api/v1/public/enterprises/${e2.id}/${s2}`), 404, 'qr.invalid');
    assert.equal((await client(srv.url).get(`/api/v1/public/enterprises/${e2.id}/${r.body.url.split('/').pop()}`)).status, 200);
  });
});
