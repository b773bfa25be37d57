// 行政复议 / 行政诉讼 recorded on a case (issue 8, migration 033) against a real
// server with the demo district: the application and its outcome with their
// refusals, the surcharge leaving the remedy's days out (行政处罚法 第73条
// 第3款), the court application of 行政强制法 第53条 that waits while a
// remedy is pending and runs again from the right day, a revoking outcome
// that blocks execution, the timeline, permissions.
//
// The 第53条 cases use fixed 2026 dates: served in January, every day of
// the chain lies in 2026, whose calendar is shipped (a 2027 day would be
// flagged calendar.year_missing, which the last test checks).
//
//   ZHIFA_BIN=$PWD/build-asan/zhifa node --test tests/api/remedies.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, client } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;
let srv;
const as = {};
let officer = {};
let enterprises;
const ITEM = 'AQ-099-01';

function day(offset = 0) {
  return new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
}
function diffDays(a, b) { return Math.round((Date.parse(a) - Date.parse(b)) / 86400e3); }
function assertError(r, status, code, field) {
  assert.equal(r.status, status, `want ${status}, got ${r.status}: ${r.text}`);
  assert.equal(r.body.error.code, code, r.text);
  assert.match(r.body.error.message, HAN);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
}
async function get(id, who = 'chenjie') {
  const r = await as[who].get(`/api/v1/cases/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}
async function tr(id, who, event, fields = {}) {
  const c = await get(id);
  return as[who].post(`/api/v1/cases/${id}/transitions`, { event, version: c.version, ...fields });
}
async function ok(id, who, event, fields = {}) {
  const r = await tr(id, who, event, fields);
  assert.equal(r.status, 200, `${event}: ${r.text}`);
  return r.body;
}
async function compute(rule, from) {
  const r = await as.chenjie.post('/api/v1/deadlines/compute', { rule, from });
  assert.equal(r.status, 200, r.text);
  return r.body.due;
}

// An ordinary case decided and served on the given days (fine 5000 元).
let nth = 0;
async function served({ violation, filed, notified, decided, servedOn }) {
  let r = await as.chenjie.post('/api/v1/cases', {
    source_kind: 'inspection', title: `复议诉讼测试 ${++nth}`, enterprise_id: enterprises[nth % enterprises.length].id,
  });
  assert.equal(r.status, 201, r.text);
  let c = r.body;
  r = await as.chenjie.post(`/api/v1/cases/${c.id}/officers`, { version: c.version, officer_id: officer.zhangwei, role: 'assist' });
  assert.equal(r.status, 201, r.text);
  r = await as.chenjie.post(`/api/v1/cases/${c.id}/violations`, { version: r.body.version, item_code: ITEM, violation_date: violation, amount_fen: 500000, amount_reason: '测试' });
  assert.equal(r.status, 201, r.text);
  c = r.body;
  await ok(c.id, 'chenjie', 'file', { filed_on: filed });
  await ok(c.id, 'zhangwei', 'investigate');
  await ok(c.id, 'zhangwei', 'review');
  await ok(c.id, 'zhangwei', 'notify', { notified_on: notified });
  await ok(c.id, 'liuyang', 'decide', { decided_on: decided });
  return ok(c.id, 'zhangwei', 'serve', { served_on: servedOn, service_method: 'direct' });
}
const JAN = { violation: '2025-11-20', filed: '2025-12-01', notified: '2025-12-22', decided: '2026-01-05', servedOn: '2026-01-12' };

async function apply(c, fields, who = 'zhangwei') {
  return as[who].post(`/api/v1/cases/${c.id}/remedies`, { version: c.version, ...fields });
}
async function outcome(c, rid, fields, who = 'zhangwei') {
  return as[who].patch(`/api/v1/cases/${c.id}/remedies/${rid}`, { version: c.version, ...fields });
}

before(async () => {
  srv = await startServer();
  for (const u of ['admin', 'chenjie', 'zhangwei', 'liuyang', 'sunli', 'wugang']) {
    as[u] = client(srv.url);
    const r = await as[u].login(u);
    assert.equal(r.status, 200, r.text);
  }
  for (const o of (await as.admin.get('/api/v1/officers')).body.items) if (o.username) officer[o.username] = o.id;
  enterprises = (await as.admin.get('/api/v1/enterprises?limit=10')).body.items;
});
after(async () => { await srv.stop(); });

describe('行政强制法 第53条: the court application', () => {
  test('no remedy: 6 months to sue, then 3 months; a pending review stops it; after the review 15 days, then 3 months', async () => {
    let c = await served(JAN);
    // 2026-01-12 + 6 months = 07-12 (Sunday) → 07-13; + 3 months = 10-13
    const litEnd = await compute('litigation', JAN.servedOn);
    const courtDue = await compute('enforcement_application', litEnd);
    assert.equal(litEnd, '2026-07-13');
    assert.equal(courtDue, '2026-10-13');
    assert.equal(c.remedies.enforcement.status, 'due');
    assert.equal(c.remedies.enforcement.period_end, litEnd);
    assert.equal(c.remedies.enforcement.due, courtDue);
    assert.equal(c.next_deadline.rule, 'enforcement_application');
    assert.equal(c.next_deadline.due, courtDue);
    assert.equal(c.next_deadline.overdue, true);
    // the due list follows
    let list = (await as.chenjie.get('/api/v1/case-deadlines?within=30')).body.items;
    let it = list.find((x) => x.id === c.id);
    assert.ok(it, 'listed');
    assert.equal(it.rule, 'enforcement_application');
    assert.equal(it.due, courtDue);

    // the party applies for review on 03-02
    let r = await apply(c, { kind: 'reconsideration', applied_on: '2026-03-02', body: '六安市叶集区人民政府', body_case_no: '叶政复〔2026〕3号' });
    assert.equal(r.status, 201, r.text);
    c = r.body;
    assert.equal(c.remedies.items.length, 1);
    const rem = c.remedies.items[0];
    assert.equal(rem.pending, true);
    assert.equal(rem.kind_name, '行政复议');
    assert.equal(c.remedies.enforcement.status, 'pending');
    assert.equal(c.remedies.enforcement.due, null);
    assert.match(c.remedies.enforcement.basis, /暂不起算/);
    // no court day while it is pending: the overdue payment is the next one
    assert.equal(c.next_deadline.rule, 'payment');
    list = (await as.chenjie.get('/api/v1/case-deadlines?within=30')).body.items;
    assert.equal(list.find((x) => x.id === c.id).rule, 'payment');

    // 复议期间不得起诉 (行政复议法 第29条)
    assertError(await apply(c, { kind: 'litigation', applied_on: '2026-03-10', body: '六安市叶集区人民法院' }), 409, 'remedy.review_pending', 'kind');
    // an unknown outcome lists the configured ones
    r = await outcome(c, rem.id, { outcome: 'maybe', outcome_on: '2026-05-11' });
    assertError(r, 400, 'input.invalid', 'outcome');
    assert.match(r.body.error.message, /upheld（维持）/);
    assertError(await outcome(c, rem.id, { outcome: 'upheld', outcome_on: '2026-03-01' }), 400, 'input.invalid', 'outcome_on');
    assertError(await outcome(c, 999999, { outcome: 'upheld', outcome_on: '2026-05-11' }), 404, 'case.remedy_not_found', 'remedy_id');
    assertError(await outcome({ ...c, version: c.version - 1 }, rem.id, { outcome: 'upheld', outcome_on: '2026-05-11' }), 409, 'conflict.version', 'version');

    // upheld, served on the party 05-11: 15 days to sue (05-26), + 3 months
    r = await outcome(c, rem.id, { outcome: 'upheld', outcome_on: '2026-05-11', outcome_note: '维持原处罚决定' });
    assert.equal(r.status, 200, r.text);
    c = r.body;
    const end = await compute('litigation_after_review', '2026-05-11');
    const due = await compute('enforcement_application', end);
    assert.equal(end, '2026-05-26');
    assert.equal(due, '2026-08-26');
    assert.equal(c.remedies.items[0].outcome_name, '维持');
    assert.equal(c.remedies.items[0].effect, 'stands');
    assert.equal(c.remedies.enforcement.status, 'due');
    assert.equal(c.remedies.enforcement.period_end, end);
    assert.equal(c.remedies.enforcement.due, due);
    assert.equal(c.next_deadline.rule, 'enforcement_application');
    assert.equal(c.next_deadline.due, due);
    list = (await as.chenjie.get('/api/v1/case-deadlines?within=30')).body.items;
    assert.equal(list.find((x) => x.id === c.id).due, due);
    // an outcome is recorded once
    assertError(await outcome(c, rem.id, { outcome: 'revoked', outcome_on: '2026-05-12' }), 409, 'remedy.already_decided', 'outcome');

    // then a suit, decided (驳回) in force 07-20: the period ends that day
    r = await apply(c, { kind: 'litigation', applied_on: '2026-05-25', body: '六安市叶集区人民法院', body_case_no: '（2026）皖1504行初5号' });
    assert.equal(r.status, 201, r.text);
    c = r.body;
    assert.equal(c.remedies.enforcement.status, 'pending');
    const suit = c.remedies.items.find((x) => x.kind === 'litigation');
    // 维持 is a review outcome only: a court 驳回s
    assertError(await outcome(c, suit.id, { outcome: 'upheld', outcome_on: '2026-07-20' }), 400, 'input.invalid', 'outcome');
    r = await outcome(c, suit.id, { outcome: 'rejected', outcome_on: '2026-07-20' });
    assert.equal(r.status, 200, r.text);
    c = r.body;
    assert.equal(c.remedies.enforcement.period_end, '2026-07-20');
    assert.equal(c.remedies.enforcement.due, await compute('enforcement_application', '2026-07-20'));
    assert.equal(c.remedies.paused_spans.length, 2);

    // everything is on the case's timeline
    const tl = (await as.chenjie.get(`/api/v1/cases/${c.id}/timeline`)).body.items;
    const acts = tl.map((e) => e.action);
    assert.equal(acts.filter((a) => a === 'case.remedy_apply').length, 2);
    assert.equal(acts.filter((a) => a === 'case.remedy_outcome').length, 2);
    const ev = tl.find((e) => e.action === 'case.remedy_outcome' && e.after.outcome === 'upheld');
    assert.equal(ev.before.outcome, '');
    assert.equal(ev.after.effect, 'stands');
  });

  test('a review that 撤销s the decision blocks execution and says so; the case closes without a payment', async () => {
    let c = await served(JAN);
    let r = await apply(c, { kind: 'reconsideration', applied_on: '2026-03-02', body: '六安市叶集区人民政府' });
    assert.equal(r.status, 201, r.text);
    c = r.body;
    r = await outcome(c, c.remedies.items[0].id, { outcome: 'revoked', outcome_on: '2026-04-15', outcome_note: '事实不清，撤销' });
    assert.equal(r.status, 200, r.text);
    c = r.body;
    assert.equal(c.remedies.enforcement.status, 'blocked');
    assert.equal(c.remedies.enforcement.code, 'remedy.voids_decision');
    assert.match(c.remedies.enforcement.basis, /撤销.*不得申请人民法院强制执行/);
    assert.equal(c.payment.voided, true);
    assert.equal(c.payment.surcharge_fen, 0);
    assert.equal(c.next_deadline, null);
    const ex = c.transitions.find((t) => t.event === 'execute');
    assert.equal(ex.allowed, false);
    assert.ok(ex.findings.some((f) => f.code === 'remedy.voids_decision' && /撤销/.test(f.message)));
    const refused = await tr(c.id, 'zhangwei', 'execute', { enforcement: '已申请人民法院强制执行' });
    assert.equal(refused.status, 422, refused.text);
    assert.deepEqual(refused.body.error.findings.map((f) => f.code), ['remedy.voids_decision']);
    // nothing is owed: closing needs no enforcement step
    const closed = await ok(c.id, 'chenjie', 'close');
    assert.equal(closed.state, 'closed');
  });

  test('on the spot: review first, no suit before it (行政复议法 第23条)', async () => {
    let r = await as.zhangwei.post('/api/v1/cases', { source_kind: 'inspection', title: '当场处罚复议测试', enterprise_id: enterprises[0].id, simple: true });
    assert.equal(r.status, 201, r.text);
    let c = r.body;
    r = await as.zhangwei.post(`/api/v1/cases/${c.id}/officers`, { version: c.version, officer_id: officer.liqiang ?? (await as.admin.get('/api/v1/officers')).body.items.find((o) => o.username === 'liqiang').id, role: 'assist' });
    assert.equal(r.status, 201, r.text);
    r = await as.zhangwei.post(`/api/v1/cases/${c.id}/violations`, { version: r.body.version, item_code: ITEM, violation_date: day(-3), tier: 'minor', amount_fen: 100000 });
    assert.equal(r.status, 201, r.text);
    c = await ok(c.id, 'zhangwei', 'decide_on_spot');
    assertError(await apply(c, { kind: 'litigation', applied_on: day(), body: '六安市叶集区人民法院' }), 409, 'remedy.review_first', 'kind');
    assertError(await apply(c, { kind: 'appeal', applied_on: day(), body: 'x' }), 400, 'input.invalid', 'kind');
    assertError(await apply(c, { kind: 'reconsideration', applied_on: day(1), body: 'x' }), 400, 'input.invalid', 'applied_on');
    r = await apply(c, { kind: 'reconsideration', applied_on: day(), body: '六安市叶集区人民政府' });
    assert.equal(r.status, 201, r.text);
  });
});

describe('行政处罚法 第73条第3款: the surcharge', () => {
  test('the days of the review, application and decision day included, are not counted', async () => {
    let c = await served({ violation: day(-80), filed: day(-70), notified: day(-50), decided: day(-40), servedOn: day(-35) });
    let r = await as.zhangwei.post(`/api/v1/cases/${c.id}/payment-notice`, { version: c.version });
    assert.equal(r.status, 201, r.text);
    c = r.body;
    const due = c.payment.due_on;
    const late = diffDays(day(), due);
    assert.ok(late > 10 && late < 30, `late ${late}`);
    assert.equal(c.payment.late_days, late);
    assert.equal(c.payment.paused_days, 0);
    // review from day(-10) to day(-5): 6 days paused (both ends)
    r = await apply(c, { kind: 'reconsideration', applied_on: day(-10), body: '六安市叶集区人民政府' });
    assert.equal(r.status, 201, r.text);
    c = r.body;
    // pending: paused up to today (11 days, today included)
    assert.equal(c.payment.paused_days, 11);
    assert.equal(c.payment.late_days, late - 11);
    r = await outcome(c, c.remedies.items[0].id, { outcome: 'changed', outcome_on: day(-5) });
    assert.equal(r.status, 200, r.text);
    c = r.body;
    assert.equal(c.payment.paused_days, 6);
    assert.equal(c.payment.late_days, late - 6);
    assert.equal(c.payment.surcharge_fen, Math.min(500000, Math.floor(500000 * 3 * (late - 6) / 100)));
    // the calculator with the same span agrees
    const calc = await as.chenjie.post('/api/v1/deadlines/surcharge', { fine_fen: 500000, due, paid: day(), paused: `${day(-10)}:${day(-5)}` });
    assert.equal(calc.status, 200, calc.text);
    assert.equal(calc.body.surcharge_fen, c.payment.surcharge_fen);
    assert.deepEqual(c.remedies.paused_spans, [{ from: day(-10), to: day(-5) }]);
    // 15 days from day(-5) + 3 months may lie in a year without a calendar:
    // then flagged, never guessed, and the overdue payment stays the next deadline
    if (c.remedies.enforcement.status === 'unknown') {
      assert.equal(c.remedies.enforcement.code, 'calendar.year_missing');
      assert.equal(c.next_deadline.rule, 'payment');
    } else {
      assert.equal(c.next_deadline.rule, 'enforcement_application');
    }
  });
});

describe('permissions', () => {
  test('reading is a case read; writing a case write of the case\'s unit', async () => {
    const c = await served(JAN);
    let r = await as.wugang.get(`/api/v1/cases/${c.id}/remedies`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.outcomes.some((o) => o.code === 'revoked' && o.effect === 'voids'));
    assertError(await apply(c, { kind: 'reconsideration', applied_on: '2026-03-02', body: '六安市叶集区人民政府' }, 'admin'), 403, 'perm.denied');
    assertError(await apply(c, { kind: 'reconsideration', applied_on: '2026-03-02', body: '六安市叶集区人民政府' }, 'sunli'), 403, 'perm.out_of_scope');
    const d = await get(c.id);
    assert.equal(d.remedies.items.length, 0, 'nothing recorded by the refused writes');
    // before the decision there is nothing to challenge
    r = await as.chenjie.post('/api/v1/cases', { source_kind: 'inspection', title: '未决定', enterprise_id: enterprises[0].id });
    assertError(await apply(r.body, { kind: 'reconsideration', applied_on: day(), body: 'x' }), 409, 'remedy.no_decision', 'kind');
  });
});
