// 安全生产法 第112条 按日连续处罚 started from a decided case (issue 8,
// migration 034) against a real server with the demo district: a party fined
// on a case and ordered to correct (a hazard's 责令限期整改) that a
// re-inspection found not corrected gets a follow-up case with the sum
// (original fine × days from the day after the order to the re-inspection,
// no cap); every unmet condition named at once; the link both ways on the
// case pages; the log; permissions.
//
//   ZHIFA_BIN=$PWD/build-asan/zhifa node --test tests/api/daily_penalty.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startServer, client } = require('../lib/server');

let srv;
const as = {};
const officer = {};
let enterprises;

async function ok(id, who, event, fields = {}) {
  const c = (await as.chenjie.get(`/api/v1/cases/${id}`)).body;
  const r = await as[who].post(`/api/v1/cases/${id}/transitions`, { event, version: c.version, ...fields });
  assert.equal(r.status, 200, `${event}: ${r.text}`);
  return r.body;
}

// A case against enterprise ent decided and served with a fine of 3000 元.
let nth = 0;
async function decidedCase(ent) {
  let r = await as.chenjie.post('/api/v1/cases', { source_kind: 'inspection', title: `按日连续处罚测试 ${++nth}`, enterprise_id: ent.id });
  assert.equal(r.status, 201, r.text);
  let c = r.body;
  r = await as.chenjie.post(`/api/v1/cases/${c.id}/officers`, { version: c.version, officer_id: officer.zhangwei, role: 'assist' });
  assert.equal(r.status, 201, r.text);
  r = await as.chenjie.post(`/api/v1/cases/${c.id}/violations`, { version: r.body.version, item_code: 'AQ-099-01', violation_date: '2025-11-20', amount_fen: 300000, amount_reason: '测试' });
  assert.equal(r.status, 201, r.text);
  c = r.body;
  await ok(c.id, 'chenjie', 'file', { filed_on: '2025-12-01' });
  await ok(c.id, 'zhangwei', 'investigate');
  await ok(c.id, 'zhangwei', 'review');
  await ok(c.id, 'zhangwei', 'notify', { notified_on: '2025-12-22' });
  await ok(c.id, 'liuyang', 'decide', { decided_on: '2026-01-05' });
  return ok(c.id, 'zhangwei', 'serve', { served_on: '2026-01-12', service_method: 'direct' });
}

// A hazard of ent ordered on orderedOn, re-inspected on reOn with result.
async function hazard(ent, orderedOn, reOn, result) {
  let r = await as.zhangwei.post('/api/v1/inspections', { client_id: crypto.randomUUID(), enterprise_id: ent.id });
  assert.equal(r.status, 201, r.text);
  r = await as.zhangwei.post(`/api/v1/inspections/${r.body.id}/findings`, { client_id: crypto.randomUUID(), description: '除尘系统未按规定设置锁气卸灰装置' });
  assert.equal(r.status, 201, r.text);
  r = await as.zhangwei.post(`/api/v1/findings/${r.body.id}/hazard`, { grade: 'major', ordered_on: orderedOn, deadline: orderedOn });
  assert.equal(r.status, 201, r.text);
  let h = r.body;
  if (reOn) {
    r = await as.zhangwei.post(`/api/v1/hazards/${h.id}/reinspection`, { version: h.version, result, on: reOn, note: '复查' });
    assert.equal(r.status, 200, r.text);
    h = r.body;
  }
  return h;
}

before(async () => {
  srv = await startServer();
  for (const u of ['admin', 'chenjie', 'zhangwei', 'liuyang', 'sunli', 'wugang']) {
    as[u] = client(srv.url);
    const r = await as[u].login(u);
    assert.equal(r.status, 200, r.text);
  }
  for (const o of (await as.admin.get('/api/v1/officers')).body.items) if (o.username) officer[o.username] = o.id;
  enterprises = (await as.chenjie.get('/api/v1/enterprises?limit=20')).body.items.filter((e) => e.status === 'operating');
});
after(async () => { await srv.stop(); });

describe('安全生产法 第112条', () => {
  test('DP-A1 fined, ordered on 03-02, not corrected at the 03-12 re-inspection: a follow-up case of 10 days × 3000 元, linked both ways and logged', async () => {
    const ent = enterprises[0];
    const c = await decidedCase(ent);
    const h = await hazard(ent, '2026-03-02', '2026-03-12', 'failed');
    const r = await as.zhangwei.post(`/api/v1/cases/${c.id}/daily-penalties`, { version: c.version, hazard_id: h.id });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.version, c.version + 1);
    const [d] = r.body.daily_penalties.items;
    assert.equal(r.body.daily_penalties.items.length, 1);
    assert.equal(d.hazard_id, h.id);
    assert.equal(d.ordered_on, '2026-03-02');
    assert.equal(d.from_on, '2026-03-03');
    assert.equal(d.until_on, '2026-03-12');
    assert.equal(d.days, 10);
    assert.equal(d.fine_fen, 300000);
    assert.equal(d.total_fen, 3000000, 'no cap: ten times the fine');
    // the follow-up case: a draft of the same unit, the same party, the hazard, the facts with the sum
    const f = (await as.chenjie.get(`/api/v1/cases/${d.follow_case_id}`)).body;
    assert.equal(f.state, 'draft');
    assert.equal(f.unit_id, c.unit_id);
    assert.equal(f.hazard_id, h.id);
    assert.deepEqual(f.parties.map((p) => p.enterprise_id), [ent.id]);
    assert.match(f.facts, /第一百一十二条/);
    assert.match(f.facts, /共10日/);
    assert.match(f.facts, /30000\.00元/);
    assert.equal(f.daily_penalties.of.case_id, c.id);
    assert.equal(f.daily_penalties.of.total_fen, 3000000);
    // the log: case.daily_penalty on the original, case.create on the follow-up
    const ev = (await as.chenjie.get(`/api/v1/cases/${c.id}/timeline`)).body.items;
    const e = ev.find((x) => x.action === 'case.daily_penalty');
    assert.ok(e, JSON.stringify(ev.map((x) => x.action)));
    assert.equal(e.after.total_fen, 3000000);
    assert.equal(e.after.follow_case_id, d.follow_case_id);
    const fe = (await as.chenjie.get(`/api/v1/cases/${d.follow_case_id}/timeline`)).body.items;
    assert.ok(fe.some((x) => x.action === 'case.create' && x.after.daily_penalty_of === c.id));
  });

  test('DP-A2 an earlier last day may be chosen; a later one than the re-inspection may not', async () => {
    const ent = enterprises[1];
    const c = await decidedCase(ent);
    const h = await hazard(ent, '2026-03-02', '2026-03-12', 'failed');
    let r = await as.zhangwei.post(`/api/v1/cases/${c.id}/daily-penalties`, { version: c.version, hazard_id: h.id, until_on: '2026-03-13' });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.code, 'daily_penalty.conditions');
    assert.match(r.body.error.message, /不能晚于认定拒不改正的复查日期/);
    r = await as.zhangwei.post(`/api/v1/cases/${c.id}/daily-penalties`, { version: c.version, hazard_id: h.id, until_on: '2026-03-05' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.daily_penalties.items[0].days, 3);
    assert.equal(r.body.daily_penalties.items[0].total_fen, 900000);
  });

  test('DP-A3 every unmet condition at once, nothing written: not decided, another enterprise, not re-inspected; a passed re-inspection is no refusal', async () => {
    const ent = enterprises[2];
    const other = enterprises[3];
    let r = await as.chenjie.post('/api/v1/cases', { source_kind: 'inspection', title: '未决定', enterprise_id: ent.id });
    const draft = r.body;
    const h = await hazard(other, '2026-03-02', null);
    r = await as.zhangwei.post(`/api/v1/cases/${draft.id}/daily-penalties`, { version: draft.version, hazard_id: h.id });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.code, 'daily_penalty.conditions');
    for (const re of [/未作出罚款处罚决定/, /不是本案当事单位/, /尚未复查/]) assert.match(r.body.error.message, re);
    const after = (await as.chenjie.get(`/api/v1/cases/${draft.id}`)).body;
    assert.equal(after.version, draft.version, 'nothing written');
    assert.deepEqual(after.daily_penalties.items, []);
    const c = await decidedCase(ent);
    const passed = await hazard(ent, '2026-03-02', '2026-03-12', 'passed');
    r = await as.zhangwei.post(`/api/v1/cases/${c.id}/daily-penalties`, { version: c.version, hazard_id: passed.id });
    assert.equal(r.status, 422, r.text);
    assert.match(r.body.error.message, /不构成拒不改正/);
    r = await as.zhangwei.post(`/api/v1/cases/${c.id}/daily-penalties`, { version: c.version, hazard_id: 99999999 });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.field, 'hazard_id');
    r = await as.zhangwei.post(`/api/v1/cases/${c.id}/daily-penalties`, { version: c.version - 1, hazard_id: passed.id });
    assert.equal(r.status, 409, r.text);
  });

  test('DP-A4 permissions: a township officer and the city supervisor cannot start it on the brigade\'s case', async () => {
    const ent = enterprises[4];
    const c = await decidedCase(ent);
    const h = await hazard(ent, '2026-03-02', '2026-03-12', 'failed');
    for (const u of ['sunli', 'wugang']) {
      const r = await as[u].post(`/api/v1/cases/${c.id}/daily-penalties`, { version: c.version, hazard_id: h.id });
      assert.equal(r.status, 403, `${u}: ${r.text}`);
    }
  });
});
