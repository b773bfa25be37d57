// Administrative penalty cases as stored records (issue 8, part C) against a
// real server with the demo district: every path of the procedure (ordinary
// with and without hearing, legal review returned, 不予处罚, on the spot,
// late payment with the surcharge to the fen, compulsory execution), every
// refusal with its finding codes, optimistic locking, gap-free numbers under
// concurrent filings, the frozen decision and its correction, payments
// (never by the case's officers) and the all-or-nothing bank statement
// import, the deadline list, the timeline, and permissions by role and unit.
//
//   ZHIFA_BIN=/work/main/build-cases/zhifa node --test tests/api/cases.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { startServer, client } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;
let srv;
const as = {};
const unit = {};
let officer = {}; // username -> officer id
let shiheMate; // a certified officer of 史河街道 besides sunli
let bigItem; // not delegated, 3万–10万 (hearing-worthy, legal review, collective)
let smallItem; // delegated, up to 5万
let enterprises; // a few demo enterprises
let shiheEnterprise;

// Today in China (UTC+8) and days around it, YYYY-MM-DD.
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
function codes(r) {
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.code, 'case.transition_refused');
  for (const f of r.body.error.findings) {
    assert.match(f.message, HAN);
    assert.match(f.article, HAN);
  }
  return r.body.error.findings.map((f) => f.code);
}

async function get(id, who = 'chenjie') {
  const r = await as[who].get(`/api/v1/cases/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}
// Fire event on case c as user; returns the response (c.version taken fresh).
async function tr(id, who, event, fields = {}) {
  const c = await get(id);
  return as[who].post(`/api/v1/cases/${id}/transitions`, { event, version: c.version, ...fields });
}
async function ok(id, who, event, fields = {}) {
  const r = await tr(id, who, event, fields);
  assert.equal(r.status, 200, `${event}: ${r.text}`);
  return r.body;
}

// A draft by `who` for an enterprise, a second officer, one violation.
async function draft({ who = 'chenjie', item = smallItem, enterprise = enterprises[0], mate = 'zhangwei',
  facts = {}, amount, reason, simple = false, violationDate = day(-60) } = {}) {
  let r = await as[who].post('/api/v1/cases', {
    source_kind: 'inspection', source_id: 900, finding_id: 901, title: `测试案件 ${item}`,
    enterprise_id: enterprise.id, simple,
  });
  assert.equal(r.status, 201, r.text);
  let c = r.body;
  if (mate) {
    r = await as[who].post(`/api/v1/cases/${c.id}/officers`, { version: c.version, officer_id: officer[mate] ?? mate, role: 'assist' });
    assert.equal(r.status, 201, r.text);
    c = r.body;
  }
  const v = { version: c.version, item_code: item, violation_date: violationDate, ...facts };
  if (amount !== undefined) v.amount_fen = amount;
  if (reason !== undefined) v.amount_reason = reason;
  r = await as[who].post(`/api/v1/cases/${c.id}/violations`, v);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

// Walk an ordinary small case to `decided` (notice 20 days ago).
async function toDecided(opts = {}, decidedOn = day(-10)) {
  const c = await draft(opts);
  await ok(c.id, 'chenjie', 'file', { filed_on: day(-40) });
  await ok(c.id, 'zhangwei', 'investigate');
  await ok(c.id, 'zhangwei', 'review');
  await ok(c.id, 'zhangwei', 'notify', { notified_on: day(-20) });
  await ok(c.id, 'liuyang', 'decide', { decided_on: decidedOn });
  return get(c.id);
}

before(async () => {
  srv = await startServer();
  for (const u of ['admin', 'chenjie', 'zhangwei', 'liqiang', 'liuyang', 'zhaomin', 'wangfang', 'sunli', 'zhoujun', 'wugang']) {
    as[u] = client(srv.url);
    const r = await as[u].login(u);
    assert.equal(r.status, 200, r.text);
  }
  for (const x of (await as.admin.get('/api/v1/units')).body.items) unit[x.code] = x;
  const offs = (await as.admin.get('/api/v1/officers')).body.items;
  for (const o of offs) if (o.username) officer[o.username] = o.id;
  const shihe = (await as.admin.get(`/api/v1/officers?unit_id=${unit['341504001'].id}`)).body.items;
  shiheMate = shihe.find((o) => o.username !== 'sunli' && o.kind === 'officer' && o.status === 'serving' &&
    o.cert_expires_on && o.cert_expires_on > day(30)).id;
  bigItem = 'AQ-092-01';
  smallItem = (await as.admin.get('/api/v1/catalogue?delegable=1&limit=1')).body.items[0].code;
  assert.equal(smallItem, 'AQ-099-01');
  enterprises = (await as.admin.get('/api/v1/enterprises?limit=20')).body.items;
  shiheEnterprise = (await as.admin.get(`/api/v1/enterprises?unit_id=${unit['341504001'].id}&limit=1`)).body.items[0];
  assert.ok(shiheEnterprise);
});
after(async () => { await srv.stop(); });

describe('records', () => {
  test('a draft from an inspection finding carries its source and shows what is missing', async () => {
    const c = await draft();
    assert.equal(c.state, 'draft');
    assert.equal(c.state_name, '待立案');
    assert.equal(c.number, null, 'no number before 立案');
    assert.equal(c.source_kind, 'inspection');
    assert.equal(c.source_id, 900);
    assert.equal(c.finding_id, 901);
    assert.equal(c.parties.length, 1);
    assert.equal(c.parties[0].is_principal, true);
    assert.equal(c.officers.length, 2);
    assert.deepEqual(c.officers.map((o) => o.role).sort(), ['assist', 'lead']);
    const v = c.violations[0];
    assert.equal(v.item_code, smallItem);
    assert.equal(v.item_version, 1);
    assert.equal(v.delegable, true);
    assert.ok(v.amount_fen > 0 && v.amount_fen >= v.range_min_fen && v.amount_fen <= v.range_max_fen, JSON.stringify(v));
    assert.ok(Array.isArray(v.discretion.steps) && v.discretion.steps.length > 0, 'engine explanation kept');
    assert.equal(c.total_fen, v.amount_fen);
    const file = c.transitions.find((t) => t.event === 'file');
    assert.equal(file.allowed, true);
    const w = c.transitions.find((t) => t.event === 'withdraw');
    assert.equal(w.allowed, false);
    assert.deepEqual(w.findings.map((f) => f.code), ['case.withdraw_reason']);
    assert.equal(c.timeline_url, `/api/v1/cases/${c.id}/timeline`);
  });

  test('an amount outside the engine range needs a written reason the reviewer sees', async () => {
    const c = await draft();
    const v = c.violations[0];
    let r = await as.chenjie.patch(`/api/v1/cases/${c.id}/violations/${v.id}`, {
      version: c.version, item_code: smallItem, violation_date: day(-60), amount_fen: v.range_max_fen + 100,
    });
    assertError(r, 400, 'case.amount_reason_required', 'amount_reason');
    r = await as.chenjie.patch(`/api/v1/cases/${c.id}/violations/${v.id}`, {
      version: c.version, item_code: smallItem, violation_date: day(-60), amount_fen: v.range_max_fen + 100,
      amount_reason: '拒不配合检查，多次整改不到位',
    });
    assert.equal(r.status, 200, r.text);
    const nv = r.body.violations[0];
    assert.equal(nv.amount_fen, v.range_max_fen + 100);
    assert.equal(nv.outside_range, true);
    assert.equal(nv.amount_reason, '拒不配合检查，多次整改不到位');
  });

  test('PATCH with a stale version is 409 conflict.version and changes nothing', async () => {
    const c = await draft();
    let r = await as.chenjie.patch(`/api/v1/cases/${c.id}`, { version: c.version, facts: '现场发现警示标志缺失' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.version, c.version + 1);
    r = await as.zhangwei.patch(`/api/v1/cases/${c.id}`, { version: c.version, facts: '覆盖' });
    assertError(r, 409, 'conflict.version', 'version');
    r = await tr(c.id, 'chenjie', 'file');
    assert.equal(r.status, 200);
    r = await as.chenjie.post(`/api/v1/cases/${c.id}/transitions`, { event: 'investigate', version: c.version });
    assertError(r, 409, 'conflict.version', 'version');
    assert.equal((await get(c.id)).facts, '现场发现警示标志缺失');
  });

  test('bad input: unknown source, unknown field, future date', async () => {
    let r = await as.chenjie.post('/api/v1/cases', { source_kind: 'rumour' });
    assertError(r, 400, 'input.invalid', 'source_kind');
    r = await as.chenjie.post('/api/v1/cases', { source_kind: 'complaint', colour: 'red' });
    assertError(r, 400, 'input.unknown_field');
    const c = await draft();
    r = await as.chenjie.post(`/api/v1/cases/${c.id}/transitions`, { event: 'file', version: c.version, filed_on: day(5) });
    assertError(r, 400, 'input.invalid', 'filed_on');
    r = await as.chenjie.post(`/api/v1/cases/${c.id}/transitions`, { event: 'serve', version: c.version });
    assertError(r, 409, 'case.wrong_state', 'event');
    r = await as.chenjie.post(`/api/v1/cases/${c.id}/violations`, { version: c.version, item_code: 'AQ-000-00', violation_date: day(-3) });
    assertError(r, 400, 'input.invalid', 'item_code');
    r = await as.chenjie.post(`/api/v1/cases/${c.id}/violations`, { version: c.version, item_code: smallItem, violation_date: day(-3), amount_fen: -5, amount_reason: 'x' });
    assertError(r, 400, 'input.invalid', 'amount_fen');
  });

  test('list: keyset pages, filters by state, officer, enterprise and q', async () => {
    const c = await draft({ enterprise: enterprises[3] });
    let r = await as.chenjie.get('/api/v1/cases?limit=2');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.items.length, 2);
    const next = r.body.next_before;
    assert.ok(next);
    const r2 = await as.chenjie.get(`/api/v1/cases?limit=2&before=${next}`);
    assert.ok(r2.body.items.every((x) => x.id < next));
    r = await as.chenjie.get(`/api/v1/cases?enterprise_id=${enterprises[3].id}`);
    assert.ok(r.body.items.some((x) => x.id === c.id));
    assert.ok(r.body.items.every((x) => x.party_name === enterprises[3].name));
    r = await as.chenjie.get(`/api/v1/cases?q=${encodeURIComponent(enterprises[3].name.slice(-6))}`);
    assert.ok(r.body.items.some((x) => x.id === c.id));
    r = await as.chenjie.get(`/api/v1/cases?state=draft&officer_id=${officer.zhangwei}`);
    assert.ok(r.body.items.length > 0 && r.body.items.every((x) => x.state === 'draft'));
    r = await as.chenjie.get('/api/v1/cases?state=nonsense');
    assertError(r, 400, 'input.invalid', 'state');
  });
});

describe('numbers', () => {
  test('concurrent filings get unique, gap-free numbers in the bureau format', async () => {
    const drafts = [];
    for (let i = 0; i < 6; i++) drafts.push(await draft());
    const rs = await Promise.all(drafts.map((c) => as.chenjie.post(`/api/v1/cases/${c.id}/transitions`, { event: 'file', version: c.version })));
    for (const r of rs) assert.equal(r.status, 200, r.text);
    const year = day().slice(0, 4);
    const ns = rs.map((r) => {
      const m = r.body.number.match(new RegExp(`^（叶）应急罚〔${year}〕(\\d+)号$`));
      assert.ok(m, r.body.number);
      return Number(m[1]);
    }).sort((a, b) => a - b);
    for (let i = 1; i < ns.length; i++) assert.equal(ns[i], ns[i - 1] + 1, `gap: ${ns}`);
    // every number of the year so far: 1..max, no gap, no duplicate
    const all = (await as.chenjie.get('/api/v1/cases?limit=200')).body.items.filter((x) => x.number)
      .map((x) => Number(x.number.match(/〕(\d+)号/)[1])).sort((a, b) => a - b);
    assert.deepEqual(all, all.map((_, i) => i + 1));
  });
});

describe('ordinary procedure', () => {
  test('with hearing, legal review and collective discussion; frozen decision; remedies; paid and closed', async () => {
    const c = await draft({ item: bigItem, mate: 'liqiang' });
    assert.equal(c.violations[0].hearing_worthy, true);
    assert.equal(c.requirements.legal_review.required, true, JSON.stringify(c.requirements));
    assert.equal(c.requirements.collective_discussion.required, true);
    assert.equal(c.requirements.hearing.available, true);
    await ok(c.id, 'chenjie', 'file', { filed_on: day(-40) });
    await ok(c.id, 'zhangwei', 'investigate');
    await ok(c.id, 'zhangwei', 'review');
    // notice before legal review and collective discussion: refused with both
    let r = await tr(c.id, 'zhangwei', 'notify');
    let cs = codes(r);
    assert.ok(cs.includes('case.needs_legal_review'), cs);
    assert.ok(cs.includes('case.needs_collective_discussion'), cs);
    // the officer cannot send to legal review (section head does)
    cs = codes(await tr(c.id, 'zhangwei', 'legal_review'));
    assert.ok(cs.includes('case.role_not_allowed'), cs);
    await ok(c.id, 'chenjie', 'legal_review');
    // legal review: an officer may not record it, the reviewer agrees
    let cur = await get(c.id);
    r = await as.zhangwei.post(`/api/v1/cases/${c.id}/reviews`, { version: cur.version, kind: 'legal_review', opinion: 'agree' });
    assertError(r, 403, 'perm.denied');
    r = await as.chenjie.post(`/api/v1/cases/${c.id}/reviews`, { version: cur.version, kind: 'legal_review', opinion: 'agree' });
    assertError(r, 403, 'case.reviewer_role');
    r = await as.zhaomin.post(`/api/v1/cases/${c.id}/reviews`, { version: cur.version, kind: 'legal_review', opinion: 'change' });
    assertError(r, 400, 'input.invalid', 'reasons');
    r = await as.zhaomin.post(`/api/v1/cases/${c.id}/reviews`, { version: cur.version, kind: 'legal_review', opinion: 'agree', reasons: '事实清楚，证据确凿，裁量适当' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.reviews[0].opinion_name, '同意');
    await ok(c.id, 'zhaomin', 'discuss');
    cur = await get(c.id);
    r = await as.liuyang.post(`/api/v1/cases/${c.id}/reviews`, { version: cur.version, kind: 'collective_discussion', opinion: 'agree' });
    assertError(r, 400, 'input.invalid', 'participants');
    r = await as.liuyang.post(`/api/v1/cases/${c.id}/reviews`, { version: cur.version, kind: 'collective_discussion', opinion: 'agree', participants: '刘洋、陈杰、赵敏', reasons: '同意处罚' });
    assert.equal(r.status, 201, r.text);
    await ok(c.id, 'zhangwei', 'notify', { notified_on: day(-30) });
    cur = await get(c.id);
    assert.equal(cur.notified_amount_fen, cur.total_fen);
    // the party asked for a hearing: no decision while it is pending
    await ok(c.id, 'zhangwei', 'hearing', { hearing_requested_on: day(-28) });
    cs = codes(await tr(c.id, 'liuyang', 'decide'));
    assert.deepEqual(cs, ['case.hearing_pending']);
    // 第64条第1款第2项: the hearing's notice seven working days before it,
    // on record; two days before is refused with the last day it could go
    cs = codes(await tr(c.id, 'liuyang', 'decide', { hearing_held_on: day(-10) }));
    assert.deepEqual(cs, ['case.hearing_notice_missing']);
    r = await tr(c.id, 'liuyang', 'decide', { hearing_held_on: day(-10), hearing_notice_on: day(-12) });
    assert.deepEqual(codes(r), ['case.hearing_notice_late']);
    const last = (await as.chenjie.post('/api/v1/deadlines/compute', { rule: 'hearing_notice', from: day(-10) })).body.due;
    assert.match(r.body.error.findings[0].message, new RegExp(`应最迟于 ${last} 送达.*实际送达 ${day(-12)}`));
    assert.match(r.body.error.findings[0].article, /第64条第1款第2项/);
    // an officer may not decide an ordinary case (the procedure table's roles)
    cs = codes(await tr(c.id, 'zhangwei', 'decide', { hearing_held_on: day(-10), hearing_notice_on: day(-27) }));
    assert.deepEqual(cs, ['case.role_not_allowed']);
    const d = await ok(c.id, 'liuyang', 'decide', { hearing_held_on: day(-10), hearing_notice_on: day(-27), decided_on: day(-8), decision_text: '罚款决定正文' });
    assert.equal(d.hearing_notice_on, day(-27));
    assert.equal(d.state, 'decided');
    assert.equal(d.decided_amount_fen, cur.total_fen);
    assert.equal(d.frozen, true);
    assert.equal(d.decisions.length, 1);
    const dec = d.decisions[0];
    assert.equal(dec.body.text, '罚款决定正文');
    assert.equal(dec.body.total_fen, d.decided_amount_fen);
    assert.equal(dec.body.parties[0].name, c.parties[0].name);
    assert.equal(dec.body.remedies.review_body, '叶集区人民政府');
    assert.equal(dec.body.remedies.review_days, 60);
    assert.equal(dec.body.remedies.litigation_months, 6);
    assert.equal(dec.body.remedies.review_first, false);
    assert.match(dec.body.remedies.text, /六十日内向叶集区人民政府申请行政复议.*六个月内/);
    assert.match(dec.body.remedies.articles, /行政复议法（2023）第20条/);
    // frozen: no more edits of parties, violations, amounts
    r = await as.chenjie.post(`/api/v1/cases/${c.id}/violations`, { version: d.version, item_code: smallItem, violation_date: day(-30) });
    assertError(r, 409, 'case.frozen');
    r = await as.chenjie.patch(`/api/v1/cases/${c.id}/parties/${d.parties[0].id}`, { version: d.version, name: '改名' });
    assertError(r, 409, 'case.frozen');
    // a correction is a new decision naming the old one; the old one stays
    r = await as.liuyang.post(`/api/v1/cases/${c.id}/decisions/${dec.id}/correct`, { version: d.version, text: '更正后的正文', reason: '笔误' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.decisions.length, 2);
    assert.equal(r.body.decisions[0].body.text, '罚款决定正文');
    assert.equal(r.body.decisions[0].superseded, true);
    assert.equal(r.body.decisions[1].corrects_decision_id, dec.id);
    assert.equal(r.body.decisions[1].body.text, '更正后的正文');
    r = await as.liuyang.post(`/api/v1/cases/${c.id}/decisions/${dec.id}/correct`, { version: r.body.version, text: 'x', reason: 'y' });
    assertError(r, 409, 'case.decision_superseded');
    // service, then the next deadline is the payment
    cs = codes(await tr(c.id, 'zhangwei', 'serve'));
    assert.deepEqual(cs, ['case.service_incomplete']);
    let s = await ok(c.id, 'zhangwei', 'serve', { served_on: day(-7), service_method: 'direct' });
    assert.equal(s.state, 'served');
    assert.equal(s.next_deadline.rule, 'payment');
    // close refused while unpaid
    cs = codes(await tr(c.id, 'chenjie', 'close'));
    assert.deepEqual(cs, ['case.unpaid_fine']);
    // paid in full at the bank; entered by finance, never by the case's officers
    r = await as.chenjie.post(`/api/v1/cases/${c.id}/payments`, { version: s.version, amount_fen: s.decided_amount_fen, paid_on: day(-1), reference: `BANK-H-${c.id}` });
    assertError(r, 403, 'payment.officer_not_allowed');
    r = await as.zhangwei.post(`/api/v1/cases/${c.id}/payments`, { version: s.version, amount_fen: s.decided_amount_fen, paid_on: day(-1), reference: `BANK-H-${c.id}` });
    assertError(r, 403, 'perm.denied');
    r = await as.liuyang.post(`/api/v1/cases/${c.id}/payments`, { version: s.version, amount_fen: s.decided_amount_fen, paid_on: day(-1), reference: `BANK-H-${c.id}` });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.payment.outstanding_fen, 0);
    assert.equal(r.body.payment.surcharge_fen, 0);
    assert.equal(r.body.next_deadline, null);
    s = await ok(c.id, 'chenjie', 'close');
    assert.equal(s.state, 'closed');
    assert.equal(s.closed_on, day());
    s = await ok(c.id, 'admin', 'archive');
    assert.equal(s.state, 'archived');
    // the timeline, newest first, from the full-process log
    r = await as.wugang.get(`/api/v1/cases/${c.id}/timeline`);
    assert.equal(r.status, 200, r.text);
    const acts = r.body.items.map((e) => e.action);
    assert.equal(acts[0], 'case.archive');
    for (const a of ['case.create', 'case.file', 'case.legal_review', 'case.review_record', 'case.notify', 'case.hearing', 'case.decide', 'case.decision_correct', 'case.serve', 'case.payment', 'case.close']) {
      assert.ok(acts.includes(a), `${a} missing from ${acts}`);
    }
    for (let i = 1; i < r.body.items.length; i++) assert.ok(r.body.items[i].index < r.body.items[i - 1].index);
  });

  test('without hearing: notice, the statement period, decision, service', async () => {
    const c = await draft();
    assert.equal(c.violations[0].hearing_worthy, false);
    assert.equal(c.requirements.legal_review.required, false);
    await ok(c.id, 'chenjie', 'file', { filed_on: day(-30) });
    await ok(c.id, 'zhangwei', 'investigate');
    await ok(c.id, 'zhangwei', 'review');
    // decision before notice: not even possible from reviewing
    let r = await tr(c.id, 'liuyang', 'decide');
    assertError(r, 409, 'case.wrong_state');
    // notified today: the statement period runs (3 working days, 第44条)
    const n = await ok(c.id, 'zhangwei', 'notify');
    assert.equal(n.state, 'notified');
    assert.equal(n.next_deadline.rule, 'statement');
    assert.ok(n.next_deadline.due > day());
    const cs = codes(await tr(c.id, 'liuyang', 'decide'));
    assert.deepEqual(cs, ['case.statement_period_running']);
    // statements heard: the decision may be made at once
    const d = await ok(c.id, 'liuyang', 'decide', { statements_heard: true });
    assert.equal(d.state, 'decided');
    assert.equal(d.next_deadline.rule, 'service');
    assert.equal(d.decisions[0].body.remedies.review_first, false);
  });

  test('第58条第1款第2项: a hearing held on a case that needed no review before the notice leads to the review, and the review to the decision', async () => {
    // 4万 for a unit: 较大数额 (hearing, 3万) but under the review amount (5万)
    const c = await draft({ item: bigItem, amount: 4000000, reason: '按裁量基准中间值' });
    await ok(c.id, 'chenjie', 'file', { filed_on: day(-40) });
    await ok(c.id, 'zhangwei', 'investigate');
    await ok(c.id, 'zhangwei', 'review');
    const before = await get(c.id);
    assert.equal(before.requirements.legal_review.required, false, 'the amount alone needs no review');
    await ok(c.id, 'zhangwei', 'notify', { notified_on: day(-30) });
    await ok(c.id, 'zhangwei', 'hearing', { hearing_requested_on: day(-28) });
    // the hearing was held: deciding now is refused for the missing review
    const cs = codes(await tr(c.id, 'liuyang', 'decide', { decided_on: day(-5), hearing_held_on: day(-15), hearing_notice_on: day(-27), statements_heard: true }));
    assert.ok(cs.includes('case.needs_legal_review'), cs);
    const l = await ok(c.id, 'chenjie', 'legal_review', { hearing_held_on: day(-15), hearing_notice_on: day(-27) });
    assert.equal(l.state, 'legal_review');
    assert.match(l.requirements.legal_review.reason, /听证/);
    const cur = await get(c.id);
    const r = await as.zhaomin.post(`/api/v1/cases/${c.id}/reviews`, { version: cur.version, kind: 'legal_review', opinion: 'agree', reasons: '听证意见已复核' });
    assert.equal(r.status, 201, r.text);
    const d = await ok(c.id, 'liuyang', 'decide', { decided_on: day(-5), statements_heard: true });
    assert.equal(d.state, 'decided');
  });

  test('legal review returned: back to investigation, the reviewer is never a case officer', async () => {
    const c = await draft({ item: bigItem });
    await ok(c.id, 'chenjie', 'file', { filed_on: day(-20) });
    await ok(c.id, 'zhangwei', 'investigate');
    await ok(c.id, 'zhangwei', 'review');
    await ok(c.id, 'chenjie', 'legal_review');
    const cur = await get(c.id);
    let r = await as.zhaomin.post(`/api/v1/cases/${c.id}/reviews`, { version: cur.version, kind: 'legal_review', opinion: 'return', reasons: '证据不足，补充询问笔录' });
    assert.equal(r.status, 201, r.text);
    // with opinion return neither notice nor collective discussion may follow
    let cs = codes(await tr(c.id, 'zhangwei', 'notify'));
    assert.ok(cs.includes('case.needs_legal_review'), cs);
    // only the legal reviewer returns the case
    cs = codes(await tr(c.id, 'chenjie', 'legal_return'));
    assert.ok(cs.includes('case.role_not_allowed'), cs);
    const b = await ok(c.id, 'zhaomin', 'legal_return');
    assert.equal(b.state, 'investigating');
    assert.equal(b.reviews[0].opinion, 'return');
    assert.equal(b.reviews[0].reasons, '证据不足，补充询问笔录');
    // back in investigation the reviewer has nothing to review
    r = await as.zhaomin.post(`/api/v1/cases/${c.id}/reviews`, { version: b.version, kind: 'legal_review', opinion: 'agree' });
    assertError(r, 409, 'case.wrong_state');
  });

  test('第58条第2款: a reviewer who first reviews after 2021-07-15 needs the 法律职业资格; one reviewing since before does not; the record is the administrator\'s', async () => {
    const zhaomin = (await as.admin.get('/api/v1/users')).body.items.find((u) => u.username === 'zhaomin');
    const url = `/api/v1/users/${zhaomin.id}/legal-qualification`;
    const q0 = (await as.admin.get(url)).body;
    assert.equal(q0.qualified, true, 'the demo reviewer holds the certificate');
    assert.match(q0.certificate_no, /^A\d+/);
    const c = await draft({ item: bigItem });
    await ok(c.id, 'chenjie', 'file', { filed_on: day(-20) });
    await ok(c.id, 'zhangwei', 'investigate');
    await ok(c.id, 'zhangwei', 'review');
    await ok(c.id, 'chenjie', 'legal_review');
    const put = (body) => as.admin.request('PUT', url, body);
    // only the administrator records it; bad input named; nothing stored
    assertError(await as.zhaomin.request('PUT', url, { certificate_no: '', obtained_on: '', reviewing_since: '', version: q0.version }), 403, 'perm.denied');
    assertError(await put({ certificate_no: 'A2019 <x>', obtained_on: '', reviewing_since: '', version: q0.version }), 400, 'input.invalid');
    assertError(await put({ certificate_no: '', obtained_on: '2099-01-01', reviewing_since: '', version: q0.version }), 400, 'input.invalid');
    // no certificate, first reviewing in 2022: refused, with the article
    let r = await put({ certificate_no: '', obtained_on: '', reviewing_since: '2022-03-01', version: q0.version });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.qualified, false);
    const q1 = r.body;
    let cur = await get(c.id);
    r = await as.zhaomin.post(`/api/v1/cases/${c.id}/reviews`, { version: cur.version, kind: 'legal_review', opinion: 'agree' });
    assertError(r, 403, 'case.reviewer_not_qualified');
    assert.match(r.body.error.message, /第58条第2款/);
    // reviewing since 2020 (before the law took effect): not 初次, may review
    r = await put({ certificate_no: '', obtained_on: '', reviewing_since: '2020-06-01', version: q1.version });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.qualified, true);
    // a stale save is refused
    assertError(await put({ certificate_no: '', obtained_on: '', reviewing_since: '2020-06-01', version: q1.version }), 409, 'conflict.version');
    cur = await get(c.id);
    r = await as.zhaomin.post(`/api/v1/cases/${c.id}/reviews`, { version: cur.version, kind: 'legal_review', opinion: 'agree' });
    assert.equal(r.status, 201, r.text);
    // back as it was; every change on the user's history
    r = await put({ certificate_no: q0.certificate_no, obtained_on: q0.obtained_on, reviewing_since: q0.reviewing_since, version: q1.version + 1 });
    assert.equal(r.status, 200, r.text);
    const h = await as.admin.get(`/api/v1/objects/user/${zhaomin.id}/history`);
    assert.equal(h.status, 200, h.text);
    assert.ok(JSON.stringify(h.body).split('user.legal_qualification').length - 1 >= 3);
  });

  test('the legal reviewer may not review a case on which she is an officer (第58条)', async () => {
    const zhaomin = (await as.admin.get('/api/v1/users')).body.items.find((u) => u.username === 'zhaomin');
    let r = await as.admin.post('/api/v1/officers', {
      name: '赵敏', kind: 'officer', unit_id: unit['341504-02'].id, user_id: zhaomin.id,
      cert_no: 'AH-TEST-0001', cert_issued_on: '2020-01-01', cert_expires_on: '2030-12-31',
    });
    assert.equal(r.status, 201, r.text);
    const zid = r.body.id;
    r = await as.admin.post('/api/v1/trainings', { officer_id: zid, kind: 'onboarding', start_date: '2020-02-03', end_date: '2020-05-29', days: 80, topic: '入职培训' });
    assert.equal(r.status, 201, r.text);
    const c = await draft({ item: bigItem });
    const cur = await get(c.id);
    r = await as.chenjie.post(`/api/v1/cases/${c.id}/officers`, { version: cur.version, officer_id: zid, role: 'assist' });
    assert.equal(r.status, 201, r.text);
    await ok(c.id, 'chenjie', 'file', { filed_on: day(-20) });
    await ok(c.id, 'zhangwei', 'investigate');
    await ok(c.id, 'zhangwei', 'review');
    await ok(c.id, 'chenjie', 'legal_review');
    const g = await get(c.id);
    r = await as.zhaomin.post(`/api/v1/cases/${c.id}/reviews`, { version: g.version, kind: 'legal_review', opinion: 'agree' });
    assertError(r, 403, 'case.reviewer_is_officer');
    // and the procedure table refuses her return of the case too
    const cs = codes(await tr(c.id, 'zhaomin', 'legal_return'));
    assert.deepEqual(cs, ['case.reviewer_is_officer']);
  });

  test('不予处罚 needs its reason, then service and closing', async () => {
    const c = await draft();
    await ok(c.id, 'chenjie', 'file', { filed_on: day(-30) });
    await ok(c.id, 'zhangwei', 'investigate');
    await ok(c.id, 'zhangwei', 'review');
    await ok(c.id, 'zhangwei', 'notify', { notified_on: day(-20) });
    let r = await tr(c.id, 'liuyang', 'no_penalty');
    assertError(r, 400, 'input.invalid', 'no_penalty_reason');
    const n = await ok(c.id, 'liuyang', 'no_penalty', { no_penalty_reason: '初次违法且危害后果轻微并及时改正（行政处罚法 第33条第1款）' });
    assert.equal(n.state, 'no_penalty');
    assert.equal(n.decided_amount_fen, 0);
    assert.match(n.decisions[0].body.text, /不予行政处罚/);
    await ok(c.id, 'zhangwei', 'serve', { served_on: day(), service_method: 'direct' });
    const s = await ok(c.id, 'chenjie', 'close');
    assert.equal(s.state, 'closed');
  });

  test('a case from an inspection finding is not closed while its hazard is unverified (安全生产法 第65条)', async () => {
    const crypto = require('node:crypto');
    let r = await as.sunli.post('/api/v1/inspections', { client_id: crypto.randomUUID(), enterprise_id: shiheEnterprise.id });
    assert.equal(r.status, 201, r.text);
    const insp = r.body;
    r = await as.sunli.post(`/api/v1/inspections/${insp.id}/findings`, { client_id: crypto.randomUUID(), description: '仓库未设置安全警示标志' });
    assert.equal(r.status, 201, r.text);
    const finding = r.body.findings ? r.body.findings[r.body.findings.length - 1] : r.body;
    r = await as.sunli.post(`/api/v1/findings/${finding.id}/hazard`, { grade: 'ordinary', deadline: day(10) });
    assert.equal(r.status, 201, r.text);
    const hazard = r.body.hazard || r.body;
    r = await as.sunli.post('/api/v1/cases', { source_kind: 'inspection', source_id: insp.id, finding_id: finding.id, hazard_id: hazard.id, enterprise_id: shiheEnterprise.id });
    assert.equal(r.status, 201, r.text);
    let c = r.body;
    assert.equal(c.hazard_id, hazard.id);
    r = await as.sunli.post(`/api/v1/cases/${c.id}/officers`, { version: c.version, officer_id: shiheMate });
    c = r.body;
    r = await as.sunli.post(`/api/v1/cases/${c.id}/violations`, { version: c.version, item_code: smallItem, violation_date: day(-10) });
    assert.equal(r.status, 201, r.text);
    await ok(c.id, 'sunli', 'file', { filed_on: day(-9) });
    await ok(c.id, 'sunli', 'investigate');
    await ok(c.id, 'sunli', 'review');
    await ok(c.id, 'sunli', 'notify', { notified_on: day(-8) });
    await ok(c.id, 'liuyang', 'no_penalty', { no_penalty_reason: '首违且及时改正', decided_on: day(-1) });
    await ok(c.id, 'sunli', 'serve', { served_on: day(), service_method: 'direct' });
    const cs = codes(await tr(c.id, 'liuyang', 'close'));
    assert.deepEqual(cs, ['case.hazards_unverified']);
    const h = (await as.sunli.get(`/api/v1/hazards/${hazard.id}`)).body;
    r = await as.sunli.post(`/api/v1/hazards/${hazard.id}/reinspection`, { version: h.version, result: 'passed' });
    assert.equal(r.status, 200, r.text);
    const closed = await ok(c.id, 'liuyang', 'close');
    assert.equal(closed.state, 'closed');
  });

  test('withdraw needs a reason', async () => {
    const c = await draft();
    await ok(c.id, 'chenjie', 'file');
    const cs = codes(await tr(c.id, 'chenjie', 'withdraw'));
    assert.deepEqual(cs, ['case.withdraw_reason']);
    const w = await ok(c.id, 'chenjie', 'withdraw', { withdraw_reason: '经查不属于本机关管辖' });
    assert.equal(w.state, 'withdrawn');
    assert.equal(w.next_deadline, null);
  });

  test('time-barred violation refused unless the reason is recorded', async () => {
    const c = await draft({ violationDate: day(-800) });
    const cs = codes(await tr(c.id, 'chenjie', 'file'));
    assert.deepEqual(cs, ['case.time_barred']);
    const f = await ok(c.id, 'chenjie', 'file', { old_violation_reason: '违法行为持续至今，属继续状态' });
    assert.equal(f.state, 'filed');
  });
});

describe('on-the-spot procedure', () => {
  test('within the threshold: decided on the spot with a number, review first in the remedies', async () => {
    const c = await draft({ who: 'zhangwei', mate: 'liqiang', simple: true, facts: { tier: 'minor' }, amount: 200000 });
    assert.equal(c.simple, true);
    // the ordinary path is closed to a simple case
    let cs = codes(await tr(c.id, 'chenjie', 'file'));
    assert.deepEqual(cs, ['case.simple_path']);
    const d = await ok(c.id, 'zhangwei', 'decide_on_spot');
    assert.equal(d.state, 'decided');
    assert.match(d.number, /^（叶）应急罚〔\d{4}〕\d+号$/);
    assert.equal(d.service_method, 'on_spot');
    assert.equal(d.served_on, day());
    const rem = d.decisions[0].body.remedies;
    assert.equal(rem.review_first, true);
    assert.match(rem.text, /须先申请行政复议/);
    assert.match(rem.articles, /第23条第1款第1项/);
    // closing: paid and 备案 needed
    cs = codes(await tr(c.id, 'chenjie', 'close'));
    assert.deepEqual(cs.sort(), ['case.simple_not_recorded', 'case.unpaid_fine']);
    const p = await as.liuyang.post(`/api/v1/cases/${c.id}/payments`, { version: d.version, amount_fen: 200000, paid_on: day(), reference: `SPOT-${c.id}` });
    assert.equal(p.status, 201, p.text);
    const s = await ok(c.id, 'chenjie', 'close', { filing_record_done: true });
    assert.equal(s.state, 'closed');
  });

  test('over the threshold (组织 3000 元): refused, ordinary procedure needed', async () => {
    const c = await draft({ who: 'zhangwei', mate: 'liqiang', simple: true, facts: { tier: 'minor' }, amount: 300100, reason: '超过阈值的测试' });
    const cs = codes(await tr(c.id, 'zhangwei', 'decide_on_spot'));
    assert.deepEqual(cs, ['case.simple_over_threshold']);
    // with one officer only the team rule is reported too (第42条)
    const c2 = await draft({ who: 'zhangwei', mate: null, simple: true, facts: { tier: 'minor' }, amount: 300100, reason: '超过阈值的测试' });
    const cs2 = codes(await tr(c2.id, 'zhangwei', 'decide_on_spot'));
    assert.deepEqual(cs2, ['case.simple_over_threshold', 'case.needs_two_officers']);
  });
});

describe('payment', () => {
  test('late payment: 3% a day of the fine, to the fen, as the surcharge calculator says', async () => {
    const c = await toDecided({ amount: 1234567, reason: '测试用非整数罚款' }, day(-45));
    let s = await ok(c.id, 'zhangwei', 'serve', { served_on: day(-44), service_method: 'direct' });
    // the notice fixes the due day (15 days after service, 第67条)
    let r = await as.zhangwei.post(`/api/v1/cases/${c.id}/payment-notice`, { version: s.version });
    assert.equal(r.status, 201, r.text);
    s = r.body;
    const due = s.payment.due_on;
    assert.ok(due >= day(-29) && due <= day(-25), due);
    assert.equal(s.next_deadline.rule, 'payment');
    assert.equal(s.next_deadline.overdue, true);
    // overdue: the surcharge runs to today
    const late = diffDays(day(), due);
    const expectToday = Math.min(1234567, Math.floor(1234567 * 3 * late / 100));
    assert.equal(s.payment.surcharge_fen, expectToday);
    assert.equal(s.payment.late_days, late);
    // paid yesterday in full: the surcharge stops on the payment day
    r = await as.liuyang.post(`/api/v1/cases/${c.id}/payments`, { version: s.version, amount_fen: 1234567, paid_on: day(-1), reference: `LATE-${c.id}` });
    assert.equal(r.status, 201, r.text);
    const paidLate = diffDays(day(-1), due);
    const expected = Math.min(1234567, Math.floor(1234567 * 3 * paidLate / 100));
    assert.equal(r.body.payment.surcharge_fen, expected);
    const calc = await as.chenjie.post('/api/v1/deadlines/surcharge', { fine_fen: 1234567, due, paid: day(-1) });
    assert.equal(calc.status, 200, calc.text);
    assert.equal(calc.body.surcharge_fen, expected);
    assert.equal(r.body.payment.outstanding_fen, 0);
    // a duplicate bank reference is refused
    const again = await as.liuyang.post(`/api/v1/cases/${c.id}/payments`, { version: r.body.version, amount_fen: 1, paid_on: day(), reference: `LATE-${c.id}` });
    assertError(again, 409, 'payment.duplicate_reference');
  });

  test('unpaid: execution only after the payment period; closing refused; compulsory execution recorded; then closed', async () => {
    // served 9 days ago: the 15 days to pay (第67条) still run, no execution (第72条)
    const early = await toDecided();
    await ok(early.id, 'zhangwei', 'serve', { served_on: day(-9), service_method: 'post' });
    assert.deepEqual(codes(await tr(early.id, 'zhangwei', 'execute')), ['case.payment_period_running']);
    // served 45 days ago: the period is over, the fine unpaid
    const c = await draft();
    await ok(c.id, 'chenjie', 'file', { filed_on: day(-80) });
    await ok(c.id, 'zhangwei', 'investigate');
    await ok(c.id, 'zhangwei', 'review');
    await ok(c.id, 'zhangwei', 'notify', { notified_on: day(-60) });
    await ok(c.id, 'liuyang', 'decide', { decided_on: day(-50) });
    const s = await ok(c.id, 'zhangwei', 'serve', { served_on: day(-45), service_method: 'post' });
    let cs = codes(await tr(c.id, 'chenjie', 'close'));
    assert.deepEqual(cs, ['case.unpaid_fine']);
    const e = await ok(s.id, 'zhangwei', 'execute');
    assert.equal(e.state, 'executing');
    cs = codes(await tr(c.id, 'chenjie', 'close'));
    assert.deepEqual(cs, ['case.unpaid_fine']);
    // the enforcement step: application to the court (行政强制法 第53条)
    const cur = await get(c.id);
    const r = await as.chenjie.post(`/api/v1/cases/${c.id}/transitions`, { event: 'close', version: cur.version, enforcement: '已申请人民法院强制执行', enforcement_on: day() });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.state, 'closed');
    assert.equal(r.body.enforcement, '已申请人民法院强制执行');
  });

  test('deferral approved (第66条) moves the due day', async () => {
    const c = await toDecided();
    const s = await ok(c.id, 'zhangwei', 'serve', { served_on: day(-9), service_method: 'direct' });
    let r = await as.zhangwei.post(`/api/v1/cases/${c.id}/payment-plans`, { version: s.version, kind: 'deferral', due_on: day(60), note: '经济困难' });
    assertError(r, 403, 'perm.denied');
    r = await as.chenjie.post(`/api/v1/cases/${c.id}/payment-plans`, { version: s.version, kind: 'deferral', due_on: day(60), note: '确有经济困难，批准暂缓至两个月后' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.payment.due_on, day(60));
    assert.equal(r.body.next_deadline.due, day(60));
  });

  test('bank statement import: a bad row is reported with its line and nothing is written', async () => {
    const a = await ok((await toDecided()).id, 'zhangwei', 'serve', { served_on: day(-9), service_method: 'direct' });
    const b = await ok((await toDecided()).id, 'zhangwei', 'serve', { served_on: day(-9), service_method: 'direct' });
    const bad = `reference,case_number,amount,paid_on\nIMP-1,${a.number},${(a.decided_amount_fen / 100).toFixed(2)},${day(-2)}\nIMP-2,叶应急罚〔1999〕1号,100.00,${day(-2)}\nIMP-3,${b.number},12.345,${day(-2)}\n`;
    let r = await as.liuyang.post('/api/v1/payments/import', bad, { 'content-type': 'text/csv' });
    assertError(r, 400, 'import.rejected', 'file');
    const lines = r.body.error.errors.map((e) => [e.line, e.field]);
    assert.deepEqual(lines, [[3, 'case_number'], [4, 'amount']]);
    assert.equal((await get(a.id)).payments.length, 0, 'nothing written');
    // a case officer may not import (罚缴分离)
    const good = `reference,case_number,amount,paid_on\nIMP-1,${a.number},${(a.decided_amount_fen / 100).toFixed(2)},${day(-2)}\nIMP-2,${b.number},1.5,${day(-2)}\n`;
    r = await as.chenjie.post('/api/v1/payments/import', good, { 'content-type': 'text/csv' });
    assertError(r, 400, 'import.rejected');
    r = await as.liuyang.post('/api/v1/payments/import', good, { 'content-type': 'text/csv' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.imported, 2);
    const ga = await get(a.id);
    assert.equal(ga.payment.outstanding_fen, 0);
    assert.equal(ga.payments[0].source, 'import');
    const gb = await get(b.id);
    assert.equal(gb.payment.paid_fen, 150);
    // the same statement again: every row is a duplicate
    r = await as.liuyang.post('/api/v1/payments/import', good, { 'content-type': 'text/csv' });
    assertError(r, 400, 'import.rejected');
    assert.deepEqual(r.body.error.errors.map((e) => e.line), [2, 3]);
  });
});

describe('bank statement preview', () => {
  test('preview: every row matched or not with its reasons, a short line in its place, nothing written; a GB18030 file reads the same', async () => {
    const a = await ok((await toDecided()).id, 'zhangwei', 'serve', { served_on: day(-9), service_method: 'direct' });
    const amt = (a.decided_amount_fen / 100).toFixed(2);
    const text = `reference,case_number,amount,paid_on\nPRV-1-${a.id},${a.number},${amt},${day(-2)}\nPRV-2-${a.id},叶应急罚〔1999〕1号,100.00,${day(-2)}\nPRV-3-${a.id},${a.number}\nPRV-4-${a.id},${a.number},12.345,${day(3)}\n`;
    let r = await as.zhangwei.post('/api/v1/payments/import/preview', text, { 'content-type': 'text/csv' });
    assertError(r, 403, 'perm.denied');
    r = await as.liuyang.post('/api/v1/payments/import/preview', text, { 'content-type': 'text/csv' });
    assert.equal(r.status, 200, r.text);
    const p = r.body;
    assert.deepEqual(p.rows.map((x) => [x.line, x.ok]), [[2, true], [3, false], [4, false], [5, false]]);
    assert.equal(p.rows[0].case.id, a.id);
    assert.equal(p.rows[0].case.outstanding_fen, a.decided_amount_fen);
    assert.equal(p.rows[0].amount_fen, a.decided_amount_fen);
    assert.deepEqual(p.rows[1].errors.map((e) => e.field), ['case_number']);
    assert.match(p.rows[1].errors[0].message, /叶应急罚〔1999〕1号/);
    assert.deepEqual(p.rows[2].errors.map((e) => e.field), ['']);
    assert.match(p.rows[2].errors[0].message, /4 列/);
    assert.deepEqual(p.rows[3].errors.map((e) => e.field), ['amount', 'paid_on']);
    assert.equal(p.rows[3].case.id, a.id, 'the case is found even when the amount is bad');
    assert.deepEqual([p.count, p.matched, p.unmatched, p.total_fen, p.importable], [4, 1, 3, a.decided_amount_fen, false]);
    assert.equal((await get(a.id)).payments.length, 0, 'nothing written');
    // the good line alone, saved as GB18030 by a Chinese Excel: importable
    const good = `reference,case_number,amount,paid_on\nPRV-1-${a.id},${a.number},${amt},${day(-2)}\n`;
    const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: good });
    assert.notDeepEqual([...gbk], [...Buffer.from(good)], 'really another encoding');
    r = await as.liuyang.post('/api/v1/payments/import/preview', gbk, { 'content-type': 'text/csv' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.importable, true);
    assert.equal(r.body.rows[0].case.number, a.number);
    r = await as.liuyang.post('/api/v1/payments/import', gbk, { 'content-type': 'text/csv' });
    assert.equal(r.status, 201, r.text);
    assert.equal((await get(a.id)).payment.outstanding_fen, 0);
  });
});

describe('deadlines', () => {
  test('the list of cases due within N days and overdue, per unit and officer', async () => {
    const c = await draft();
    await ok(c.id, 'chenjie', 'file', { filed_on: day(-100) }); // 90 days passed: overdue
    let r = await as.chenjie.get('/api/v1/case-deadlines?within=30');
    assert.equal(r.status, 200, r.text);
    const it = r.body.items.find((x) => x.id === c.id);
    assert.ok(it, 'filed case listed');
    assert.equal(it.rule, 'decision');
    assert.equal(it.overdue, true);
    assert.equal(it.due, day(-10));
    assert.ok(r.body.overdue >= 1);
    assert.equal(r.body.truncated, false);
    const one = await as.chenjie.get('/api/v1/case-deadlines?within=30&limit=1');
    assert.equal(one.body.count, 1);
    assert.equal(one.body.truncated, true);
    assert.ok(r.body.by_unit.some((u) => u.name === '叶集区应急管理综合行政执法大队' && u.overdue >= 1));
    assert.ok(r.body.by_officer.some((o) => o.name === '张伟'));
    for (let i = 1; i < r.body.items.length; i++) assert.ok(r.body.items[i].due >= r.body.items[i - 1].due);
    r = await as.chenjie.get(`/api/v1/case-deadlines?within=30&officer_id=${officer.liqiang}`);
    assert.ok(!r.body.items.some((x) => x.id === c.id));
    // the detail shows it as the next deadline, overdue
    const g = await get(c.id);
    assert.equal(g.next_deadline.rule, 'decision');
    assert.equal(g.next_deadline.overdue, true);
    // a township officer sees her township's list only
    r = await as.zhoujun.get('/api/v1/case-deadlines?within=3650');
    assert.ok(!r.body.items.some((x) => x.id === c.id));
    r = await as.zhoujun.get(`/api/v1/case-deadlines?unit_id=${unit['341504-01'].id}`);
    assertError(r, 403, 'perm.out_of_scope');
  });
});

describe('permissions', () => {
  test('auxiliary reads only; the city supervisor reads but never writes', async () => {
    const c = await draft();
    let r = await as.wangfang.get(`/api/v1/cases/${c.id}`);
    assert.equal(r.status, 200, r.text);
    r = await as.wangfang.post('/api/v1/cases', { source_kind: 'complaint' });
    assertError(r, 403, 'perm.denied');
    r = await as.wangfang.post(`/api/v1/cases/${c.id}/transitions`, { event: 'file', version: c.version });
    assertError(r, 403, 'perm.denied');
    r = await as.wugang.get(`/api/v1/cases/${c.id}`);
    assert.equal(r.status, 200, r.text);
    r = await as.wugang.get('/api/v1/cases');
    assert.ok(r.body.items.length > 0);
    r = await as.wugang.patch(`/api/v1/cases/${c.id}`, { version: c.version, facts: 'x' });
    assertError(r, 403, 'perm.denied');
    r = await as.wugang.post(`/api/v1/cases/${c.id}/transitions`, { event: 'file', version: c.version });
    assertError(r, 403, 'perm.denied');
    r = await as.wugang.post('/api/v1/payments/import', 'reference,case_number,amount,paid_on\n', { 'content-type': 'text/csv' });
    assertError(r, 403, 'perm.denied');
  });

  test('安全生产法 第113条: with a major hazard open, the third penalty within 180 days proposes closure', async () => {
    const crypto = require('node:crypto');
    const e = (await as.admin.get(`/api/v1/enterprises?unit_id=${unit['341504001'].id}&limit=5`)).body.items[3];
    const closure = async (id) => (await get(id)).closure;
    // two penalties: counted, no major hazard yet
    const c1 = await toDecided({ enterprise: e }, day(-12));
    const c2 = await toDecided({ enterprise: e }, day(-11));
    let cl = await closure(c2.id);
    assert.equal(cl.enterprise_id, e.id);
    assert.equal(cl.article, '安全生产法 第113条第1项');
    assert.ok(cl.count180 >= 2, JSON.stringify(cl));
    assert.equal(cl.major_hazard, false);
    assert.equal(cl.proposed, false);
    // a major hazard found at the enterprise (an inspection by its township)
    let r = await as.sunli.post('/api/v1/inspections', { client_id: crypto.randomUUID(), enterprise_id: e.id });
    assert.equal(r.status, 201, r.text);
    r = await as.sunli.post(`/api/v1/inspections/${r.body.id}/findings`, { client_id: crypto.randomUUID(), description: '粉尘爆炸危险场所未按规定设置泄爆装置' });
    assert.equal(r.status, 201, r.text);
    r = await as.sunli.post(`/api/v1/findings/${r.body.id}/hazard`, { grade: 'major', deadline: day(20) });
    assert.equal(r.status, 201, r.text);
    cl = await closure(c1.id);
    assert.equal(cl.major_hazard, true);
    assert.equal(cl.proposed, cl.count180 >= 3 || cl.count1y >= 4, JSON.stringify(cl));
    // the third penalty within 180 days: proposed, with the counts in the message
    const c3 = await toDecided({ enterprise: e }, day(-10));
    cl = await closure(c3.id);
    assert.ok(cl.count180 >= 3, JSON.stringify(cl));
    assert.equal(cl.proposed, true);
    assert.match(cl.message, /重大事故隐患.*180日内受到行政处罚\d+次.*予以关闭/);
  });

  test('township officers: their township only; only delegated items', async () => {
    let r = await as.sunli.post('/api/v1/cases', { source_kind: 'inspection', enterprise_id: shiheEnterprise.id });
    assert.equal(r.status, 201, r.text);
    let c = r.body;
    assert.equal(c.unit_id, unit['341504001'].id);
    r = await as.sunli.post(`/api/v1/cases/${c.id}/officers`, { version: c.version, officer_id: shiheMate });
    assert.equal(r.status, 201, r.text);
    c = r.body;
    r = await as.sunli.post(`/api/v1/cases/${c.id}/violations`, { version: c.version, item_code: bigItem, violation_date: day(-30) });
    assert.equal(r.status, 201, r.text);
    c = r.body;
    // wrong unit: 平岗街道 neither reads nor writes 史河街道's case
    r = await as.zhoujun.get(`/api/v1/cases/${c.id}`);
    assertError(r, 403, 'perm.out_of_scope');
    r = await as.zhoujun.patch(`/api/v1/cases/${c.id}`, { version: c.version, facts: 'x' });
    assertError(r, 403, 'perm.out_of_scope');
    r = await as.zhoujun.post(`/api/v1/cases/${c.id}/transitions`, { event: 'file', version: c.version });
    assertError(r, 403, 'perm.out_of_scope');
    r = await as.zhoujun.get('/api/v1/cases');
    assert.ok(!r.body.items.some((x) => x.id === c.id));
    r = await as.zhoujun.post('/api/v1/cases', { source_kind: 'inspection', unit_id: unit['341504001'].id });
    assertError(r, 403, 'perm.out_of_scope');
    // a non-delegated item: refused with case.not_delegated (第24条)
    const cs = codes(await tr(c.id, 'sunli', 'file'));
    assert.deepEqual(cs, ['case.not_delegated']);
    r = await as.sunli.patch(`/api/v1/cases/${c.id}/violations/${c.violations[0].id}`, { version: (await get(c.id)).version, item_code: smallItem, violation_date: day(-30) });
    assert.equal(r.status, 200, r.text);
    const f = await ok(c.id, 'sunli', 'file');
    assert.equal(f.state, 'filed');
    assert.ok(f.number);
  });

  test('payments are never entered by the case officers, and not by an officer role', async () => {
    const c = await toDecided();
    const r = await as.zhangwei.post('/api/v1/payments/import', `reference,case_number,amount,paid_on\nX-1,${c.number},1.00,${day()}\n`, { 'content-type': 'text/csv' });
    assertError(r, 403, 'perm.denied');
  });
});

// Last: these change dated parameters in force today for the whole server.
describe('configuration (legal_params, dated)', () => {
  test('the legal-review threshold and the number format are dated parameters, not constants', async () => {
    // one format for the case number and its decision's number: a case
    // decided under the shipped format, its 行政处罚决定书 numbered the same
    const old = await toDecided();
    const oldDoc = await as.zhangwei.post('/api/v1/documents', { kind: 'penalty_decision', subject_kind: 'case', subject_id: old.id });
    assert.equal(oldDoc.status, 201, oldDoc.text);
    assert.match(old.number, /^（叶）应急罚〔\d{4}〕\d+号$/);
    assert.equal(oldDoc.body.number, old.number);
    const before = await draft();
    assert.equal(before.requirements.legal_review.required, false);
    let r = await as.admin.post('/api/v1/legal-params', {
      key: 'case.legal_review.unit_min', value: '100000', effective_from: day(), source: '本局规定（测试）', confirmed: true,
    });
    assert.equal(r.status, 201, r.text);
    r = await as.zhangwei.post('/api/v1/legal-params', {
      key: 'case.legal_review.unit_min', value: '1', effective_from: day(), source: 'x', confirmed: true,
    });
    assertError(r, 403, 'perm.denied');
    const after = await get(before.id);
    assert.equal(after.requirements.legal_review.required, true);
    assert.match(after.requirements.legal_review.reason, /本局规定（测试）/);
    r = await as.admin.post('/api/v1/legal-params', {
      key: 'case.number.format', value: '叶应急罚字〔{year}〕第{n}号', effective_from: day(), source: '本局文书编号规则（测试）', confirmed: true,
    });
    assert.equal(r.status, 201, r.text);
    const f = await ok(before.id, 'chenjie', 'file');
    assert.match(f.number, /^叶应急罚字〔\d{4}〕第\d+号$/);
    // its decision document follows the new format: the case's own number
    const doc = await as.zhangwei.post('/api/v1/documents', { kind: 'penalty_decision', subject_kind: 'case', subject_id: f.id });
    assert.equal(doc.status, 201, doc.text);
    assert.equal(doc.body.number, f.number);
    // the earlier case keeps the number it was given (never renumbered)
    assert.equal((await get(old.id)).number, old.number);
    // documents other than the decision keep their template's 代字 and the case's sequence
    const filing = await as.zhangwei.post('/api/v1/documents', { kind: 'case_filing', subject_kind: 'case', subject_id: f.id });
    assert.equal(filing.status, 201, filing.text);
    assert.equal(filing.body.number, `（叶）应急立〔${f.year}〕${f.number.match(/第(\d+)号$/)[1]}号`);
  });

  test('the bureau\'s list of items that always need legal review (重大执法决定法制审核目录) is a dated parameter: listed items need review whatever the amount, an unknown code is refused by name', async () => {
    const params = (await as.admin.get('/api/v1/legal-params')).body.items;
    const row = params.find((x) => x.key === 'case.legal_review.items');
    assert.ok(row, 'the key is on the parameters page');
    assert.equal(row.value, '无');
    let r = await as.admin.post('/api/v1/legal-params', {
      key: 'case.legal_review.items', value: `${smallItem} AQ-000-99`, effective_from: day(), source: '本局重大执法决定法制审核目录（测试）', confirmed: true,
    });
    assertError(r, 400, 'input.invalid');
    assert.equal(r.body.error.field, 'value');
    assert.match(r.body.error.message, /AQ-000-99/);
    r = await as.admin.post('/api/v1/legal-params', {
      key: 'case.legal_review.items', value: smallItem, effective_from: day(), source: '本局重大执法决定法制审核目录（测试）', confirmed: true,
    });
    assert.equal(r.status, 201, r.text);
    const c = await draft();
    assert.equal(c.requirements.legal_review.required, true);
    assert.match(c.requirements.legal_review.reason, new RegExp(`事项 ${smallItem} 列入本局重大执法决定法制审核目录（本局重大执法决定法制审核目录（测试））`));
  });
});
