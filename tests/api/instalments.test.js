// A fine paid in instalments as its own object (分期缴纳, 行政处罚法 第66条第2款;
// issue 8, migration 035) against a real server with the demo district: the
// party's application with its schedule (refused with the field named when
// the amounts do not sum to what is owed or the days do not follow), the
// approval by a section head (the deferral's approval path: not an officer,
// not the administrator), payments allocated to the instalments in order,
// an overdue instalment on the case and in the due list with its surcharge
// (第72条, on the configured base), refusal and a new application, the log.
//
//   ZHIFA_BIN=$PWD/build-asan/zhifa node --test tests/api/instalments.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, client } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;
let srv;
const as = {};
let officer = {};
let item;
let enterprise;

function day(offset = 0) {
  return new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
}
function assertError(r, status, code, field) {
  assert.equal(r.status, status, `want ${status}, got ${r.status}: ${r.text}`);
  assert.equal(r.body.error.code, code, r.text);
  assert.match(r.body.error.message, HAN);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
}
async function get(id) {
  const r = await as.chenjie.get(`/api/v1/cases/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}
async function ok(id, who, event, fields = {}) {
  const c = await get(id);
  const r = await as[who].post(`/api/v1/cases/${id}/transitions`, { event, version: c.version, ...fields });
  assert.equal(r.status, 200, `${event}: ${r.text}`);
  return r.body;
}

// A served case with a fine of 3000.00 元 (decided 50 days ago, served 45).
async function servedCase() {
  let r = await as.chenjie.post('/api/v1/cases', { source_kind: 'inspection', source_id: 900, finding_id: 901, title: '分期缴纳测试', enterprise_id: enterprise.id });
  assert.equal(r.status, 201, r.text);
  let c = r.body;
  r = await as.chenjie.post(`/api/v1/cases/${c.id}/officers`, { version: c.version, officer_id: officer.zhangwei, role: 'assist' });
  assert.equal(r.status, 201, r.text);
  c = r.body;
  r = await as.chenjie.post(`/api/v1/cases/${c.id}/violations`, { version: c.version, item_code: item, violation_date: day(-120), amount_fen: 300000, amount_reason: '测试用罚款数额' });
  assert.equal(r.status, 201, r.text);
  await ok(c.id, 'chenjie', 'file', { filed_on: day(-90) });
  await ok(c.id, 'zhangwei', 'investigate');
  await ok(c.id, 'zhangwei', 'review');
  await ok(c.id, 'zhangwei', 'notify', { notified_on: day(-70) });
  await ok(c.id, 'liuyang', 'decide', { decided_on: day(-50) });
  const s = await ok(c.id, 'zhangwei', 'serve', { served_on: day(-45), service_method: 'direct' });
  assert.equal(s.decided_amount_fen, 300000);
  return s;
}

const SCHEDULE = () => [
  { amount_fen: 100000, due_on: day(-30) },
  { amount_fen: 100000, due_on: day(-5) },
  { amount_fen: 100000, due_on: day(30) },
];

before(async () => {
  srv = await startServer();
  for (const u of ['admin', 'chenjie', 'zhangwei', 'liuyang', 'wangfang']) {
    as[u] = client(srv.url);
    const r = await as[u].login(u);
    assert.equal(r.status, 200, r.text);
  }
  for (const o of (await as.admin.get('/api/v1/officers')).body.items) if (o.username) officer[o.username] = o.id;
  item = (await as.admin.get('/api/v1/catalogue?delegable=1&limit=1')).body.items[0].code;
  enterprise = (await as.admin.get('/api/v1/enterprises?limit=3')).body.items[1];
});
after(async () => { await srv.stop(); });

describe('instalment plans (第66条)', () => {
  test('application: the schedule must cover what is owed, in order; each refusal names its field', async () => {
    const c = await servedCase();
    const base = { version: c.version, applied_on: day(-40), reason: '企业经营困难，申请分三期缴纳' };
    let r = await as.zhangwei.post(`/api/v1/cases/${c.id}/instalment-plans`, { ...base, instalments: [{ amount_fen: 100000, due_on: day(-30) }, { amount_fen: 150000, due_on: day(-5) }] });
    assertError(r, 400, 'instalment.sum', 'instalments');
    assert.match(r.body.error.message, /2500\.00.*3000\.00/);
    const bad = SCHEDULE();
    bad[2].due_on = day(-6);
    r = await as.zhangwei.post(`/api/v1/cases/${c.id}/instalment-plans`, { ...base, instalments: bad });
    assertError(r, 400, 'instalment.due_on', 'instalments[2].due_on');
    assert.match(r.body.error.message, /第3期/);
    r = await as.zhangwei.post(`/api/v1/cases/${c.id}/instalment-plans`, { ...base, instalments: [{ amount_fen: 300000, due_on: day(10) }] });
    assertError(r, 400, 'instalment.count', 'instalments');
    r = await as.zhangwei.post(`/api/v1/cases/${c.id}/instalment-plans`, { ...base, instalments: [{ amount_fen: 100000, due_on: day(-30) }, { amount_fen: '2000', due_on: day(-5) }] });
    assertError(r, 400, 'input.invalid', 'instalments[1].amount_fen');
    r = await as.zhangwei.post(`/api/v1/cases/${c.id}/instalment-plans`, { ...base, applied_on: day(-29), instalments: SCHEDULE() });
    assertError(r, 400, 'instalment.due_on', 'instalments[0].due_on');
    // an auxiliary may not record it; nothing was stored by the refusals
    r = await as.wangfang.post(`/api/v1/cases/${c.id}/instalment-plans`, { ...base, instalments: SCHEDULE() });
    assertError(r, 403, 'perm.denied');
    assert.equal((await get(c.id)).instalment_plans.length, 0);
    // the old single-day "instalment" of payment-plans points to the new object
    r = await as.chenjie.post(`/api/v1/cases/${c.id}/payment-plans`, { version: c.version, kind: 'instalment', due_on: day(30), note: '分期' });
    assertError(r, 400, 'payment.use_instalment_plan', 'kind');
  });

  test('approved by the section head; payments fill the instalments in order; an overdue instalment is on the case and in the due list', async () => {
    const c = await servedCase();
    let r = await as.zhangwei.post(`/api/v1/cases/${c.id}/instalment-plans`, { version: c.version, applied_on: day(-40), reason: '企业经营困难，申请分三期缴纳', instalments: SCHEDULE() });
    assert.equal(r.status, 201, r.text);
    let s = r.body;
    const plan = s.instalment_plans[0];
    assert.equal(plan.status, 'applied');
    assert.equal(plan.outstanding_fen, 300000);
    assert.equal(plan.instalments.length, 3);
    assert.equal(plan.instalments[0].status, undefined, 'not in force before approval');
    // a second application while one is pending
    r = await as.zhangwei.post(`/api/v1/cases/${c.id}/instalment-plans`, { version: s.version, reason: '再次申请', instalments: SCHEDULE() });
    assertError(r, 409, 'instalment.exists');
    // approval: not an officer (route permission), not the administrator (第66条 行政机关批准)
    const path = `/api/v1/cases/${c.id}/instalment-plans/${plan.id}/decision`;
    r = await as.zhangwei.post(path, { version: s.version, approve: true, note: '同意' });
    assertError(r, 403, 'perm.denied');
    r = await as.admin.post(path, { version: s.version, approve: true, note: '同意' });
    assertError(r, 403, 'payment.approval_role');
    r = await as.chenjie.post(path, { version: s.version - 1, approve: true, note: '同意' });
    assertError(r, 409, 'conflict.version', 'version');
    r = await as.chenjie.post(path, { version: s.version, approve: true, note: '经审查确有经济困难，同意分三期缴纳' });
    assert.equal(r.status, 200, r.text);
    s = r.body;
    let p = s.instalment_plans[0];
    assert.equal(p.status, 'approved');
    assert.equal(p.decided_on, day());
    // nothing paid: the first two are overdue; the case's deadline is the first
    assert.deepEqual(p.instalments.map((i) => i.status), ['overdue', 'overdue', 'pending']);
    assert.equal(s.next_deadline.rule, 'instalment');
    assert.equal(s.next_deadline.due, day(-30));
    assert.match(s.next_deadline.label, /第1期/);
    // the first paid (a day early) by finance; the second now overdue alone
    r = await as.liuyang.post(`/api/v1/cases/${c.id}/payments`, { version: s.version, amount_fen: 100000, paid_on: day(-31), reference: `INST-1-${c.id}` });
    assert.equal(r.status, 201, r.text);
    s = r.body;
    p = s.instalment_plans[0];
    assert.deepEqual(p.instalments.map((i) => i.status), ['paid', 'overdue', 'pending']);
    assert.equal(p.instalments[0].paid_on, day(-31));
    // 第72条 on the late instalment's amount (the default base): 5 days × 3%
    assert.equal(p.instalments[1].late_days, 5);
    assert.equal(p.instalments[1].surcharge_fen, 15000);
    assert.equal(p.totals.surcharge_base, 'instalment');
    assert.equal(p.totals.overdue, 1);
    assert.equal(s.payment.surcharge_fen, 15000);
    assert.equal(s.payment.due_on, day(-5));
    assert.equal(s.next_deadline.rule, 'instalment');
    assert.equal(s.next_deadline.overdue, true);
    assert.match(s.next_deadline.label, /第2期/);
    // in the due list as overdue, with its rule
    r = await as.chenjie.get('/api/v1/case-deadlines?within=0');
    assert.equal(r.status, 200, r.text);
    const it = r.body.items.find((x) => x.id === c.id);
    assert.ok(it, 'overdue instalment listed');
    assert.equal(it.rule, 'instalment');
    assert.equal(it.due, day(-5));
    assert.equal(it.overdue, true);
    // one payment completes the second (late, 4 days) and starts the third
    r = await as.liuyang.post(`/api/v1/cases/${c.id}/payments`, { version: s.version, amount_fen: 120000, paid_on: day(-1), reference: `INST-2-${c.id}` });
    assert.equal(r.status, 201, r.text);
    s = r.body;
    p = s.instalment_plans[0];
    assert.deepEqual(p.instalments.map((i) => i.status), ['paid', 'paid_late', 'pending']);
    assert.deepEqual(p.instalments.map((i) => i.paid_fen), [100000, 100000, 20000]);
    assert.equal(p.instalments[1].surcharge_fen, 12000);
    assert.equal(s.payment.surcharge_fen, 12000);
    assert.equal(s.next_deadline.due, day(30));
    assert.equal(s.next_deadline.overdue, false);
    r = await as.chenjie.get('/api/v1/case-deadlines?within=0');
    assert.ok(!r.body.items.some((x) => x.id === c.id), 'no longer overdue');
    // on the record: the application and the approval
    const tl = (await as.chenjie.get(`/api/v1/cases/${c.id}/timeline`)).body.items.map((e) => e.action);
    assert.ok(tl.includes('case.instalment_apply'), tl.join());
    assert.ok(tl.includes('case.instalment_decide'), tl.join());
  });

  test('refused: the plan stays on the record, the fine keeps its own due day, a new application is possible', async () => {
    const c = await servedCase();
    let r = await as.zhangwei.post(`/api/v1/cases/${c.id}/instalment-plans`, { version: c.version, reason: '申请分期', instalments: [{ amount_fen: 150000, due_on: day(10) }, { amount_fen: 150000, due_on: day(40) }] });
    assert.equal(r.status, 201, r.text);
    const pid = r.body.instalment_plans[0].id;
    r = await as.liuyang.post(`/api/v1/cases/${c.id}/instalment-plans/${pid}/decision`, { version: r.body.version, approve: false, note: '未提供经济困难证明' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.instalment_plans[0].status, 'refused');
    assert.equal(r.body.next_deadline.rule, 'payment');
    r = await as.liuyang.post(`/api/v1/cases/${c.id}/instalment-plans/${pid}/decision`, { version: r.body.version, approve: true, note: '改为同意' });
    assertError(r, 409, 'instalment.not_applied', 'plan_id');
    r = await as.liuyang.post(`/api/v1/cases/${c.id}/instalment-plans/999999/decision`, { version: (await get(c.id)).version, approve: true, note: 'x' });
    assertError(r, 404, 'instalment.not_found', 'plan_id');
    // a payment after the application: the schedule no longer fits
    const c2 = (await get(c.id));
    r = await as.zhangwei.post(`/api/v1/cases/${c.id}/instalment-plans`, { version: c2.version, reason: '补充证明后再次申请', instalments: [{ amount_fen: 150000, due_on: day(10) }, { amount_fen: 150000, due_on: day(40) }] });
    assert.equal(r.status, 201, r.text);
    const pid2 = r.body.instalment_plans[1].id;
    r = await as.liuyang.post(`/api/v1/cases/${c.id}/payments`, { version: r.body.version, amount_fen: 1000, paid_on: day(), reference: `INST-X-${c.id}` });
    assert.equal(r.status, 201, r.text);
    r = await as.liuyang.post(`/api/v1/cases/${c.id}/instalment-plans/${pid2}/decision`, { version: r.body.version, approve: true, note: '同意' });
    assertError(r, 409, 'instalment.outstanding_changed', 'plan_id');
  });
});

// Last: changes a dated parameter in force today for the whole server.
describe('configuration', () => {
  test('the surcharge base of a late instalment is a dated parameter (未核实): on "fine" the whole fine carries 3% a day', async () => {
    const params = (await as.admin.get('/api/v1/legal-params')).body.items;
    const row = params.find((x) => x.key === 'case.instalment.surcharge_base');
    assert.ok(row, 'on the parameters page');
    assert.equal(row.value, 'instalment');
    assert.equal(row.confirmed, false);
    let r = await as.admin.post('/api/v1/legal-params', { key: 'case.instalment.surcharge_base', value: 'whole', effective_from: day(), source: '测试', confirmed: true });
    assertError(r, 400, 'input.invalid', 'value');
    const c = await servedCase();
    r = await as.zhangwei.post(`/api/v1/cases/${c.id}/instalment-plans`, { version: c.version, applied_on: day(-40), reason: '申请分期', instalments: SCHEDULE() });
    r = await as.chenjie.post(`/api/v1/cases/${c.id}/instalment-plans/${r.body.instalment_plans[0].id}/decision`, { version: r.body.version, approve: true, note: '同意' });
    assert.equal(r.status, 200, r.text);
    // instalment base: instalment 1 30 days late (90%), 2 5 days (15%)
    assert.equal(r.body.payment.surcharge_fen, 90000 + 15000);
    r = await as.admin.post('/api/v1/legal-params', { key: 'case.instalment.surcharge_base', value: 'fine', effective_from: day(), source: '本局法制科意见（测试）', confirmed: true });
    assert.equal(r.status, 201, r.text);
    const g = await get(c.id);
    // fine base: 3000.00 元 × 3% × 30 days = 2700.00 元
    assert.equal(g.payment.surcharge_fen, 270000);
    assert.equal(g.instalment_plans[0].totals.surcharge_base, 'fine');
    assert.match(g.instalment_plans[0].totals.surcharge_base_source, /测试/);
  });
});
