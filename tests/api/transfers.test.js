// Transfers to other agencies (移送, 安全生产法 第69条, R27) and to the police
// (行刑衔接, 国务院令第310号, R28), and public-interest litigation (公益诉讼),
// issue 11, against a real server with the demo district: every path, each
// step's time limit checked against the working-day calendar (3 days over
// National Day and over a weekend; 24 hours after the approval), each refusal
// (wrong role, other unit, missing reasons, out-of-order step, version
// conflict), the case close guard fed by the catalogue signal until a
// transfer decision exists, and the dashboard's transfers figure against
// counts computed here from the list.
//
//   ZHIFA_BIN=$PWD/build/zhifa node --test tests/api/transfers.test.js
'use strict';
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, client } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;
let srv;
const as = {};
const unit = {};
const officer = {};
const agency = {};
let enterprises;

function day(offset = 0) {
  return new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
}
function refused(r, status, code, field) {
  assert.equal(r.status, status, `want ${status}, got ${r.status}: ${r.text}`);
  assert.equal(r.body.error.code, code, r.text);
  assert.match(r.body.error.message, HAN);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
}
// 422 with findings: every one in Chinese with its article; returns the codes
function findings(r, code) {
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.code, code);
  assert.match(r.body.error.message, HAN);
  for (const f of r.body.error.findings) {
    assert.match(f.message, HAN);
    assert.match(f.article, HAN);
  }
  return r.body.error.findings.filter((f) => f.blocking).map((f) => f.code);
}
async function get(id, who = 'chenjie') {
  const r = await as[who].get(`/api/v1/transfers/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}
async function step(id, who, s, fields = {}) {
  const t = await get(id);
  return as[who].post(`/api/v1/transfers/${id}/steps`, { step: s, version: t.version, ...fields });
}
async function okStep(id, who, s, fields = {}) {
  const r = await step(id, who, s, fields);
  assert.equal(r.status, 200, `${s}: ${r.text}`);
  return r.body;
}

// cases: a draft with one violation of `item`, two officers
async function draftCase(item, who = 'chenjie') {
  let r = await as[who].post('/api/v1/cases', {
    source_kind: 'inspection', source_id: 900, finding_id: 901, title: `移送测试 ${item}`, enterprise_id: enterprises[0].id,
  });
  assert.equal(r.status, 201, r.text);
  let c = r.body;
  r = await as[who].post(`/api/v1/cases/${c.id}/officers`, { version: c.version, officer_id: officer.zhangwei, role: 'assist' });
  assert.equal(r.status, 201, r.text);
  c = r.body;
  r = await as[who].post(`/api/v1/cases/${c.id}/violations`, { version: c.version, item_code: item, violation_date: day(-60) });
  assert.equal(r.status, 201, r.text);
  return r.body;
}
async function caseGet(id) {
  const r = await as.chenjie.get(`/api/v1/cases/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}
async function caseTr(id, who, event, fields = {}) {
  const c = await caseGet(id);
  return as[who].post(`/api/v1/cases/${id}/transitions`, { event, version: c.version, ...fields });
}
async function caseOk(id, who, event, fields = {}) {
  const r = await caseTr(id, who, event, fields);
  assert.equal(r.status, 200, `${event}: ${r.text}`);
  return r.body;
}
// a case of `item` walked to served (不予处罚), so that only closing remains
async function servedCase(item) {
  const c = await draftCase(item);
  await caseOk(c.id, 'chenjie', 'file', { filed_on: day(-30) });
  await caseOk(c.id, 'zhangwei', 'investigate');
  await caseOk(c.id, 'zhangwei', 'review');
  await caseOk(c.id, 'zhangwei', 'notify', { notified_on: day(-20) });
  await caseOk(c.id, 'liuyang', 'no_penalty', { no_penalty_reason: '测试：不予处罚，须另行判断是否移送' });
  await caseOk(c.id, 'zhangwei', 'serve', { served_on: day(), service_method: 'direct' });
  return caseGet(c.id);
}
const team = () => `${officer.zhangwei},${officer.liqiang}`;
async function propose(caseId, over = {}) {
  const r = await as.zhangwei.post('/api/v1/transfers', {
    kind: 'criminal', case_id: caseId, agency_id: agency.police, subject: '涉嫌危险作业罪',
    reason: '关闭粉尘爆炸监控报警装置，有发生重大伤亡事故的现实危险（刑法第134条之一）',
    materials: '涉嫌犯罪案件移送书；调查报告；涉案物品清单', team: team(), on: '2026-09-30', ...over,
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

before(async () => {
  srv = await startServer();
  for (const u of ['admin', 'chenjie', 'zhangwei', 'liqiang', 'liuyang', 'zhaomin', 'wangfang', 'sunli', 'zhoujun', 'wugang']) {
    as[u] = client(srv.url);
    const r = await as[u].login(u);
    assert.equal(r.status, 200, r.text);
  }
  for (const x of (await as.admin.get('/api/v1/units')).body.items) unit[x.code] = x;
  for (const o of (await as.admin.get('/api/v1/officers')).body.items) if (o.username) officer[o.username] = o.id;
  // the agency list is paged: one of each kind, asked by kind
  const ofKind = async (kind) => (await as.admin.get(`/api/v1/agencies?kind=${kind}&limit=1`)).body.items[0].id;
  agency.market = await ofKind('market');
  agency.police = await ofKind('public_security');
  agency.procuratorate = await ofKind('procuratorate');
  enterprises = (await as.admin.get('/api/v1/enterprises?limit=5')).body.items;
});
after(async () => { if (srv) await srv.stop(); });

describe('administrative transfer (安全生产法 第69条)', () => {
  const body = (over = {}) => ({
    kind: 'administrative', enterprise_id: enterprises[0].id, agency_id: agency.market, subject: '特种设备（叉车）未经检验',
    reason: '叉车定期检验属市场监督管理部门职责（特种设备安全法）', materials: '现场检查记录复印件；照片4张',
    on: '2026-09-01', sent_method: '直接送达', letter_no: '叶应急移〔2026〕1号', ...over,
  });

  test('TR-A1 refusals: roles, other unit, input, findings with their article', async () => {
    refused(await as.wangfang.post('/api/v1/transfers', body()), 403, 'perm.denied');
    refused(await as.wugang.post('/api/v1/transfers', body()), 403, 'perm.denied');
    refused(await as.liuyang.post('/api/v1/transfers', body()), 403, 'perm.denied');
    refused(await as.zhangwei.post('/api/v1/transfers', body({ kind: 'other' })), 400, 'input.invalid', 'kind');
    refused(await as.zhangwei.post('/api/v1/transfers', body({ sent_method: undefined })), 400, 'input.invalid', 'sent_method');
    refused(await as.zhangwei.post('/api/v1/transfers', body({ enterprise_id: undefined })), 400, 'input.invalid', 'case_id');
    refused(await as.zhangwei.post('/api/v1/transfers', body({ on: '2026-02-30' })), 400, 'input.invalid', 'on');
    refused(await as.zhangwei.post('/api/v1/transfers', body({ agency_id: 999999 })), 400, 'input.invalid', 'agency_id');
    refused(await as.zhangwei.post('/api/v1/transfers', body({ extra: 1 })), 400, 'input.unknown_field');
    // a case of the bureau's section is not the township officer's
    const c = await draftCase('AQ-099-01');
    refused(await as.zhoujun.post('/api/v1/transfers', body({ case_id: c.id, enterprise_id: undefined })), 403, 'perm.out_of_scope');
    // the police take criminal transfers; reason and materials are required
    let cs = findings(await as.zhangwei.post('/api/v1/transfers', body({ agency_id: agency.police })), 'transfer.refused');
    assert.deepEqual(cs, ['transfer.agency_criminal']);
    cs = findings(await as.zhangwei.post('/api/v1/transfers', body({ reason: '', materials: '', on: day(3) })), 'transfer.refused');
    assert.deepEqual(cs.sort(), ['transfer.date_future', 'transfer.materials_missing', 'transfer.reason_missing']);
  });

  test('TR-A2 sent, receipt, feedback; the configured 30 days roll past National Day; overdue list', async () => {
    let r = await as.zhangwei.post('/api/v1/transfers', body());
    assert.equal(r.status, 201, r.text);
    const t = r.body;
    assert.equal(t.state, 'sent');
    assert.equal(t.state_name, '已移送');
    // 2026-09-01 + 30 natural days = 2026-10-01, 国庆 → first working day 10-08
    assert.equal(t.feedback_due, '2026-10-08');
    assert.equal(t.next_due, '2026-10-08');
    assert.equal(t.overdue, true);
    assert.match(t.next_due_rule.label, /本系统配置/);
    let list = (await as.chenjie.get('/api/v1/transfers?overdue=1&kind=administrative')).body.items.map((x) => x.id);
    assert.ok(list.includes(t.id));
    // the log has the change (R22)
    const h = await as.admin.get(`/api/v1/objects/transfer/${t.id}/history`);
    assert.equal(h.status, 200, h.text);
    assert.ok(JSON.stringify(h.body).includes('transfer.send'));
    // out-of-order and kind-foreign steps
    refused(await step(t.id, 'zhangwei', 'approve', { on: '2026-09-05' }), 403, 'perm.denied');
    refused(await step(t.id, 'liuyang', 'approve', { on: '2026-09-05' }), 409, 'transfer.wrong_state', 'step');
    refused(await step(t.id, 'zhangwei', 'police_accept', { on: '2026-09-05' }), 409, 'transfer.wrong_state');
    refused(await step(t.id, 'zhangwei', 'nope', { on: '2026-09-05' }), 400, 'input.invalid', 'step');
    // the receipt needs who, a date not before the sending
    let cs = findings(await step(t.id, 'zhangwei', 'receipt', { on: '2026-08-30' }), 'transfer.step_refused');
    assert.deepEqual(cs.sort(), ['transfer.date_order', 'transfer.receipt_who']);
    // version conflict
    const cur = await get(t.id);
    refused(await as.zhangwei.post(`/api/v1/transfers/${t.id}/steps`, { step: 'receipt', version: cur.version - 1, on: '2026-09-02', who: '李某' }), 409, 'conflict.version');
    // other unit reads nothing of it; the city supervisor reads but records nothing
    refused(await as.zhoujun.get(`/api/v1/transfers/${t.id}`), 403, 'perm.out_of_scope');
    refused(await step(t.id, 'zhoujun', 'receipt', { on: '2026-09-02', who: '李某' }), 403, 'perm.out_of_scope');
    assert.equal((await as.wugang.get(`/api/v1/transfers/${t.id}`)).status, 200);
    refused(await step(t.id, 'wugang', 'receipt', { on: '2026-09-02', who: '李某' }), 403, 'perm.denied');
    // 案件移送书 (document kind transfer_letter) on the transfer's enterprise, with its facts
    const letter = await as.zhangwei.post('/api/v1/documents', {
      kind: 'transfer_letter', subject_kind: 'enterprise', subject_id: enterprises[0].id,
      fields: { transfer: { agency: '叶集区市场监督管理局', subject: '叉车未经检验的问题', reason: t.reason, legal_basis: '《中华人民共和国安全生产法》第六十九条', materials: t.materials } },
    });
    assert.equal(letter.status, 201, letter.text);
    assert.match(letter.body.number, /^（叶）应急移〔\d{4}〕\d+号$/);
    const pdf = await as.zhangwei.get(`/api/v1/documents/${letter.body.id}/pdf`);
    assert.equal(pdf.status, 200);
    const rc = await okStep(t.id, 'zhangwei', 'receipt', { on: '2026-09-02', who: '市场监管局办公室 李某' });
    assert.equal(rc.state, 'received');
    assert.equal(rc.receipt_by, '市场监管局办公室 李某');
    assert.equal(rc.next_due, '2026-10-08', 'the feedback period runs from the sending');
    cs = findings(await step(t.id, 'zhangwei', 'feedback', { on: '2026-10-20' }), 'transfer.step_refused');
    assert.deepEqual(cs, ['transfer.feedback_missing']);
    const fb = await okStep(t.id, 'zhangwei', 'feedback', { on: '2026-10-20', text: '已立案查处，责令停止使用' });
    assert.equal(fb.state, 'answered');
    assert.equal(fb.next_due, '');
    assert.equal(fb.overdue, false);
    list = (await as.chenjie.get('/api/v1/transfers?overdue=1')).body.items.map((x) => x.id);
    assert.ok(!list.includes(t.id));
    const d = await get(t.id);
    assert.deepEqual(d.steps.map((s) => s.step), ['send_letter', 'receipt', 'feedback']);
    assert.equal(d.steps[1].by.name.length > 0, true);
    assert.deepEqual(d.next_steps, []);
    refused(await step(t.id, 'zhangwei', 'feedback', { on: '2026-10-21', text: 'x' }), 409, 'transfer.wrong_state');
    refused(await as.chenjie.get('/api/v1/transfers?overdue=2'), 400, 'input.invalid', 'overdue');
    refused(await as.chenjie.get('/api/v1/transfers?state=nope'), 400, 'input.invalid', 'state');
  });
});

describe('criminal transfer (行刑衔接, 国务院令第310号)', () => {
  test('TR-C1 the catalogue signal blocks closing until the transfer is approved and sent', async () => {
    const c = await servedCase('AQ-099-04');
    assert.equal(c.criminal_transfer.signal, true);
    assert.equal(c.criminal_transfer.reasons[0].code, 'AQ-099-04');
    assert.match(c.criminal_transfer.reasons[0].message, /危险作业罪/);
    assert.equal(c.criminal_transfer.close_blocked, true);
    assert.match(c.criminal_transfer.no_fine_instead, /第27条/);
    assert.match(c.criminal_transfer.fine_credit, /折抵/);
    let r = await caseTr(c.id, 'liuyang', 'close');
    assert.equal(r.status, 422, r.text);
    assert.ok(r.body.error.findings.map((f) => f.code).includes('case.criminal_transfer_undecided'));
    // a case without a signalled item is not blocked
    const plain = await caseGet((await draftCase('AQ-099-01')).id);
    assert.equal(plain.criminal_transfer.signal, false);
    assert.equal(plain.criminal_transfer.close_blocked, false);

    // the proposal: a 专案组 of two certified officers, to the police
    const base = {
      kind: 'criminal', case_id: c.id, agency_id: agency.police, subject: '涉嫌危险作业罪', reason: '关闭监控报警装置',
      materials: '移送书；调查报告', team: team(), on: '2026-09-30',
    };
    refused(await as.liuyang.post('/api/v1/transfers', base), 403, 'perm.denied');
    refused(await as.zhangwei.post('/api/v1/transfers', { ...base, case_id: undefined, enterprise_id: enterprises[0].id }), 400, 'input.invalid', 'case_id');
    refused(await as.zhangwei.post('/api/v1/transfers', { ...base, team: 'x' }), 400, 'input.invalid', 'team');
    let cs = findings(await as.zhangwei.post('/api/v1/transfers', { ...base, team: `${officer.zhangwei}`, agency_id: agency.market, reason: '' }), 'transfer.refused');
    assert.deepEqual(cs.sort(), ['transfer.agency_not_police', 'transfer.report_missing', 'transfer.team_too_small']);
    const t = await propose(c.id);
    assert.equal(t.state, 'proposed');
    assert.equal(t.state_name, '待审批');
    // 第5条: 3 days from 2026-09-30 = 10-03, 国庆 → 10-08 (natural days, rolled)
    assert.equal(t.next_due, '2026-10-08');
    assert.equal(t.next_due_rule.rule, 'transfer_decision');
    assert.match(t.next_due_rule.article, /第5条/);
    // only the leader decides; a refusal needs its reasons; a step never predates the last
    refused(await step(t.id, 'zhangwei', 'approve', { on: '2026-10-08' }), 403, 'perm.denied');
    refused(await step(t.id, 'chenjie', 'refuse', { on: '2026-10-08' }), 403, 'perm.denied');
    cs = findings(await step(t.id, 'liuyang', 'refuse', { on: '2026-10-08' }), 'transfer.step_refused');
    assert.deepEqual(cs, ['transfer.refusal_reason']);
    cs = findings(await step(t.id, 'liuyang', 'approve', { on: '2026-09-29' }), 'transfer.step_refused');
    assert.deepEqual(cs, ['transfer.date_order']);
    refused(await step(t.id, 'zhangwei', 'send', { on: '2026-10-08' }), 409, 'transfer.wrong_state');
    // still blocked while only proposed
    r = await caseTr(c.id, 'liuyang', 'close');
    assert.equal(r.status, 422, r.text);
    const ap = await okStep(t.id, 'liuyang', 'approve', { on: '2026-10-08' });
    assert.equal(ap.state, 'approved');
    assert.equal(ap.decided_by_name, '刘洋');
    // 24 hours from the approval's instant
    const due = new Date(Date.parse(ap.decided_at) + 24 * 3600e3).toISOString();
    assert.equal(ap.next_due_at, due);
    assert.equal(ap.next_due, new Date(Date.parse(due) + 8 * 3600e3).toISOString().slice(0, 10));
    assert.equal(ap.next_due_rule.rule, 'transfer_handover');
    r = await caseTr(c.id, 'liuyang', 'close');
    assert.equal(r.status, 422, 'approved but not yet sent: no decision carried out');
    // 抄送检察院 and the materials (第6条) before sending
    cs = findings(await step(t.id, 'zhangwei', 'send', { on: '2026-10-15', method: '直接送达' }), 'transfer.step_refused');
    assert.deepEqual(cs, ['transfer.copy_missing']);
    const sent = await okStep(t.id, 'zhangwei', 'send', { on: '2026-10-15', method: '直接送达', copy_agency_id: agency.procuratorate });
    assert.equal(sent.state, 'police_review');
    assert.equal(sent.copy_agency.id, agency.procuratorate);
    // 第8条: 3 days from 10-15 (Thu) = 10-18 (Sun) → Monday 10-19
    assert.equal(sent.next_due, '2026-10-19');
    assert.equal(sent.next_due_rule.rule, 'transfer_police_review');
    // the decision exists now: the case closes
    const closed = await caseOk(c.id, 'liuyang', 'close');
    assert.equal(closed.state, 'closed');
    const cc = await caseGet(c.id);
    assert.equal(cc.criminal_transfer.decision_recorded, true);
    assert.equal(cc.criminal_transfer.transfers[0].id, t.id);

    // not accepted → reconsideration → upheld → supervision (第9条)
    cs = findings(await step(t.id, 'zhangwei', 'police_refuse', { on: '2026-10-19' }), 'transfer.step_refused');
    assert.deepEqual(cs, ['transfer.police_reason']);
    const nr = await okStep(t.id, 'zhangwei', 'police_refuse', { on: '2026-10-19', text: '认为尚未达到立案追诉标准' });
    assert.equal(nr.state, 'not_accepted');
    assert.equal(nr.next_due, '2026-10-22');
    refused(await step(t.id, 'zhangwei', 'hand_over', { on: '2026-10-20', text: '物品' }), 409, 'transfer.wrong_state');
    const rq = await okStep(t.id, 'zhangwei', 'reconsider', { on: '2026-10-21', text: '监控记录显示报警装置被人为关闭' });
    assert.equal(rq.state, 'reconsidering');
    // 10-21 + 3 = 10-24 (Sat) → Monday 10-26
    assert.equal(rq.next_due, '2026-10-26');
    cs = findings(await step(t.id, 'zhangwei', 'reconsider_answer', { on: '2026-10-23', answer: 'maybe' }), 'transfer.step_refused');
    assert.deepEqual(cs, ['transfer.answer_invalid']);
    const up = await okStep(t.id, 'zhangwei', 'reconsider_answer', { on: '2026-10-23', answer: 'upheld', text: '维持不予立案' });
    assert.equal(up.state, 'upheld');
    const sv = await okStep(t.id, 'chenjie', 'suggest_supervision', { on: '2026-10-26', text: '建议叶集区人民检察院依法进行立案监督' });
    assert.equal(sv.state, 'supervision');
    assert.equal(sv.final, true);
    assert.equal(sv.next_due, '');
    const d = await get(t.id);
    assert.deepEqual(d.steps.map((s) => s.step), ['propose', 'approve', 'send', 'police_refuse', 'reconsider', 'reconsider_answer', 'suggest_supervision']);
    for (const s of d.steps) assert.ok(s.by.name && s.on && s.at, JSON.stringify(s));
  });

  test('TR-C2 a refusal with reasons is the decision; accepted → hand over within 3 days (第12条)', async () => {
    const xk = await caseGet((await draftCase('XK-019-01')).id);
    assert.equal(xk.criminal_transfer.signal, true);
    const c = await servedCase('AQ-099-04');
    const t = await propose(c.id, { on: day(-1) });
    const rf = await okStep(t.id, 'liuyang', 'refuse', { on: day(), text: '经核实未达到刑事立案追诉标准' });
    assert.equal(rf.state, 'refused');
    assert.equal(rf.decision_reason, '经核实未达到刑事立案追诉标准');
    assert.equal(rf.next_due, '');
    assert.equal((await caseOk(c.id, 'liuyang', 'close')).state, 'closed');

    const c2 = await draftCase('AQ-102-02');
    const t2 = await propose(c2.id, { on: '2026-11-02', copy_agency_id: agency.procuratorate });
    await okStep(t2.id, 'liuyang', 'approve', { on: '2026-11-02' });
    await okStep(t2.id, 'zhangwei', 'send', { on: '2026-11-03' });
    const ac = await okStep(t2.id, 'zhangwei', 'police_accept', { on: '2026-11-04' });
    assert.equal(ac.state, 'accepted');
    // 第12条: 11-04 (Wed) + 3 = 11-07 (Sat) → Monday 11-09
    assert.equal(ac.next_due, '2026-11-09');
    assert.equal(ac.next_due_rule.rule, 'transfer_items_handover');
    assert.equal(ac.overdue, true);
    const overdue = (await as.chenjie.get('/api/v1/transfers?overdue=1&kind=criminal')).body.items.map((x) => x.id);
    assert.ok(overdue.includes(t2.id));
    const cs = findings(await step(t2.id, 'zhangwei', 'hand_over', { on: '2026-11-06' }), 'transfer.step_refused');
    assert.deepEqual(cs, ['transfer.items_missing']);
    const ho = await okStep(t2.id, 'zhangwei', 'hand_over', { on: '2026-11-06', text: '被拆除的报警控制器1台；监控硬盘1块' });
    assert.equal(ho.state, 'handed_over');
    const byCase = (await as.chenjie.get(`/api/v1/transfers?case_id=${c2.id}`)).body.items;
    assert.deepEqual(byCase.map((x) => x.id), [t2.id]);
  });
});

describe('public-interest litigation (公益诉讼)', () => {
  test('TR-L1 a 检察建议 with its reply due (2 months, 15 days urgent), overdue, reply, refusals', async () => {
    const body = (over = {}) => ({
      agency_id: agency.procuratorate, number: '叶检行公建〔2026〕3号', kind: 'proposal', received_on: '2026-09-15',
      summary: '督促依法履行对某粉尘涉爆企业的监管职责', ...over,
    });
    refused(await as.zhangwei.post('/api/v1/litigation', body()), 403, 'perm.denied');
    refused(await as.zhaomin.post('/api/v1/litigation', body({ agency_id: agency.market })), 400, 'input.invalid', 'agency_id');
    refused(await as.zhaomin.post('/api/v1/litigation', body({ kind: 'x' })), 400, 'input.invalid', 'kind');
    refused(await as.zhaomin.post('/api/v1/litigation', body({ received_on: day(2) })), 400, 'input.invalid', 'received_on');
    let r = await as.zhaomin.post('/api/v1/litigation', body());
    assert.equal(r.status, 201, r.text);
    const l = r.body;
    assert.equal(l.reply_due, '2026-11-15');
    assert.equal(l.overdue, true);
    r = await as.zhaomin.post('/api/v1/litigation', body({ urgent: true, number: '叶检行公建〔2026〕4号' }));
    assert.equal(r.body.reply_due, '2026-09-30');
    const ov = (await as.wugang.get('/api/v1/litigation?overdue=1')).body.items.map((x) => x.id);
    assert.ok(ov.includes(l.id));
    refused(await as.zhoujun.get(`/api/v1/litigation/${l.id}`), 403, 'perm.out_of_scope');
    refused(await as.zhaomin.post(`/api/v1/litigation/${l.id}/reply`, { version: l.version, reply_on: '2026-11-10' }), 400, 'input.invalid', 'reply_text');
    refused(await as.zhaomin.post(`/api/v1/litigation/${l.id}/reply`, { version: l.version + 1, reply_on: '2026-11-10', reply_text: '已整改' }), 409, 'conflict.version');
    r = await as.zhaomin.post(`/api/v1/litigation/${l.id}/reply`, { version: l.version, reply_on: '2026-11-10', reply_text: '已责令企业停产整改并立案查处' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.overdue, false);
    const ov2 = (await as.wugang.get('/api/v1/litigation?overdue=1')).body.items.map((x) => x.id);
    assert.ok(!ov2.includes(l.id));
  });
});

describe('statistics (R32)', () => {
  test('TR-S1 the dashboard counts transfers by kind and state, and the overdue ones', async () => {
    const from = '2026-09-01', to = day();
    const r = await as.chenjie.get(`/api/v1/stats/dashboard?from=${from}&to=${to}`);
    assert.equal(r.status, 200, r.text);
    const fig = r.body.transfers;
    assert.ok(fig, r.text);
    // independently: every transfer of the scope, its legal day in the period
    const all = [];
    let before = '';
    for (;;) {
      const l = (await as.chenjie.get(`/api/v1/transfers?limit=200${before}`)).body;
      all.push(...l.items);
      if (!l.next_before) break;
      before = `&before=${l.next_before}`;
    }
    const legal = (t) => (t.kind === 'criminal' ? t.proposed_on : t.sent_on);
    const inPeriod = all.filter((t) => legal(t) >= from && legal(t) <= to);
    assert.ok(inPeriod.length >= 4);
    assert.equal(fig.total, inPeriod.length);
    for (const k of ['administrative', 'criminal']) {
      assert.equal(fig.by_kind[k], inPeriod.filter((t) => t.kind === k).length, k);
      const states = {};
      for (const t of inPeriod.filter((x) => x.kind === k)) states[t.state] = (states[t.state] || 0) + 1;
      assert.deepEqual(fig.by_state[k], states, k);
    }
    assert.equal(fig.overdue, inPeriod.filter((t) => t.overdue).length);
  });
});

describe('configuration (legal_params, migration 024)', () => {
  test('TR-P1 the transfer and litigation numbers are dated parameters, checked when set', async () => {
    const l = (await as.admin.get('/api/v1/legal-params')).body.items;
    const seeded = Object.fromEntries(l.filter((x) => /^(transfer|litigation)\./.test(x.key)).map((x) => [x.key, x]));
    assert.equal(seeded['transfer.feedback_days'].value, '30');
    assert.match(seeded['transfer.feedback_days'].source, /本系统配置/);
    assert.equal(seeded['transfer.signal_codes'].value, 'AQ-099-04 AQ-102-02 AQ-113-01 XK-019-01');
    assert.equal(seeded['litigation.reply_months'].value, '2');
    assert.match(seeded['litigation.urgent_days'].source, /未核实/);
    for (const x of Object.values(seeded)) assert.equal(x.confirmed, false, x.key);
    // a value from a far day, so nothing above changes
    const set = (key, value) => as.admin.post('/api/v1/legal-params', { key, value, effective_from: '2099-01-01', source: '测试', confirmed: false });
    assert.equal((await set('transfer.feedback_days', '20')).status, 201);
    assert.equal((await set('transfer.signal_codes', 'AQ-099-04 XK-019-01')).status, 201);
    refused(await set('transfer.feedback_days', 'x'), 400, 'input.invalid', 'value');
    refused(await set('litigation.reply_months', '0'), 400, 'input.invalid', 'value');
    refused(await set('transfer.signal_codes', "AQ-099-04'; --"), 400, 'input.invalid', 'value');
    refused(await as.chenjie.post('/api/v1/legal-params', { key: 'transfer.feedback_days', value: '10', effective_from: '2099-01-01', source: 'x', confirmed: false }), 403, 'perm.denied');
  });
});
