// Credit punishment (issue 10, R26) against a real server with the demo
// district: bad records (安全生产法 第78条第1款) and the serious dishonesty
// list (应急管理部令第11号, LAW.md §5.3): propose → approve (bureau leader)
// → notify → list (credit_punished set through the registry's path, the
// follow-up inspection in the ledger) → early removal (refused before the
// configured months, allowed after) → restore → expiry sweep (period
// shortened through legal_params) → removed, flag cleared; the public list
// against an allow-list with the principal's name masked.
//
//   ZHIFA_BIN=/work/main/build-credit2/zhifa node --test tests/api/credit.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, client } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;
let srv;
const as = {};
const unit = {};

const SET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function uscc(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += SET.indexOf(first17[i]) * W[i];
  return first17 + SET[(31 - (sum % 31)) % 31];
}
function codeFor(n) {
  let body = '';
  for (let i = 0; i < 9; i++) { body = SET[n % 31] + body; n = Math.floor(n / 31); }
  return uscc('91341504' + body);
}
function assertError(r, status, code, field) {
  assert.equal(r.status, status, `want ${status}, got ${r.status}: ${r.text}`);
  assert.equal(r.body.error.code, code, r.text);
  assert.match(r.body.error.message, HAN);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-credit-test-'));
// a PDF fetched with the session, read back with pdftotext (spaces dropped)
async function pdfText(c, p) {
  const res = await fetch(srv.url + p, { headers: { cookie: c.cookie } });
  assert.equal(res.status, 200, p);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const f = path.join(tmp, `${Date.now()}-${Math.random()}.pdf`);
  fs.writeFileSync(f, Buffer.from(await res.arrayBuffer()));
  return execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}
const cnDate = (s) => `${s.slice(0, 4)}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日`;
function todayStr() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
function addDays(s, n) {
  return new Date(Date.parse(`${s}T00:00:00Z`) + n * 86400e3).toISOString().slice(0, 10);
}
function addMonths(s, m) {
  const [y, mo, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, mo - 1 + m, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(d, last));
  return t.toISOString().slice(0, 10);
}

let seq = 9300000;
async function createEnt(town, extra = {}) {
  const body = {
    credit_code: codeFor(seq++), name: `信用测试企业${seq}`, unit_id: unit[town].id,
    domain: 'industry', scale: 'micro', risk: 'yellow', supervision: 'general', ...extra,
  };
  const r = await as.admin.post('/api/v1/enterprises', body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}
function proposal(e, facts = { concealed: true }, extra = {}) {
  return {
    enterprise_id: e.id, kind: 'serious_list', facts, case_id: 4242, case_number: '叶应急罚〔2026〕42号',
    decision_date: todayStr(), summary: '瞒报一般生产安全事故，罚款', principal_name: '王小明', ...extra,
  };
}
async function ent(id) {
  const r = await as.admin.get(`/api/v1/enterprises/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}
async function history(type, id) {
  const h = await as.admin.get(`/api/v1/objects/${type}/${id}/history`);
  assert.equal(h.status, 200, h.text);
  return h.body.items.map((x) => x.action);
}
// the 告知书 / 决定书 of a record, issued as documents about the enterprise
async function issueDoc(who, kind, rec, extra = {}) {
  return who.post('/api/v1/documents', {
    kind, subject_kind: 'enterprise', subject_id: rec.enterprise_id, fields: { credit: { record_id: rec.id } }, ...extra,
  });
}
// the 决定书 issued by who, then the listing that takes its date
async function listWith(who, n, extra = {}) {
  const d = await issueDoc(who, 'credit_decision', n);
  assert.equal(d.status, 201, d.text);
  // the notice was today: the party has stated and been heard (the period
  // itself is tested in CD08)
  return who.post(`/api/v1/credit/records/${n.id}/list`, { version: n.version, decision_document_id: d.body.id, statement: 'heard', ...extra });
}
// propose (sunli) → approve (liuyang) → notice issued, notify (chenjie); returns the record
async function toNotified(e) {
  let r = await as.sunli.post('/api/v1/credit/records', proposal(e));
  assert.equal(r.status, 201, r.text);
  r = await as.liuyang.post(`/api/v1/credit/records/${r.body.id}/approve`, { version: r.body.version, reason: '情节严重' });
  assert.equal(r.status, 200, r.text);
  const d = await issueDoc(as.chenjie, 'credit_notice', r.body);
  assert.equal(d.status, 201, d.text);
  r = await as.chenjie.post(`/api/v1/credit/records/${r.body.id}/notify`, { version: r.body.version, notice_document_id: d.body.id });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

before(async () => {
  srv = await startServer();
  for (const u of ['admin', 'liuyang', 'chenjie', 'zhangwei', 'sunli', 'zhoujun', 'wugang']) {
    as[u] = client(srv.url);
    const r = await as[u].login(u);
    assert.equal(r.status, 200, r.text);
  }
  for (const x of (await as.admin.get('/api/v1/units')).body.items) unit[x.code] = x;
});
after(async () => { await srv.stop(); });

describe('criteria and proposals', () => {
  test('CR01 the nine situations with their source tags, the conditions and industries', async () => {
    const r = await as.wugang.get('/api/v1/credit/criteria');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.criteria.length, 9);
    assert.deepEqual(r.body.criteria.map((c) => c.source), ['二手', '二手', '二手', '二手', '二手', '二手', '二手', '未核实', '未核实']);
    assert.ok(r.body.conditions.length >= 1);
    assert.ok(r.body.industries.some((i) => i.domain === 'hazchem'));
  });

  test('CR02 evaluate: 2 较大 accidents exactly 12 months apart meet (2), a day more does not', async () => {
    let r = await as.sunli.post('/api/v1/credit/evaluate', { facts: { penalized: true, larger_accident_dates: ['2025-03-10', '2026-03-10'] } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.met.map((m) => m.id), ['SL-02']);
    r = await as.sunli.post('/api/v1/credit/evaluate', { facts: { penalized: true, larger_accident_dates: ['2025-03-10', '2026-03-11'] } });
    assert.deepEqual(r.body.met, []);
    r = await as.sunli.post('/api/v1/credit/evaluate', { facts: { penalized: true, accident_grade: 9 } });
    assertError(r, 400, 'input.invalid', 'facts.accident_grade');
  });

  test('CR03 a township officer proposes for her township: criteria from the facts, logged', async () => {
    const e = await createEnt('341504001');
    const r = await as.sunli.post('/api/v1/credit/records', proposal(e, { concealed: true, multiple_114_pct: 300 }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.status, 'proposed');
    assert.deepEqual(r.body.criteria.map((c) => c.id), ['SL-03', 'SL-04']);
    assert.match(r.body.propose_reason, /瞒报/);
    assert.equal(r.body.case_number, '叶应急罚〔2026〕42号');
    assert.match(r.body.authority, /应急管理局/);
    assert.deepEqual(await history('credit_record', r.body.id), ['credit.propose']);
    assert.equal((await ent(e.id)).credit_punished, false, 'a proposal does not flag');
  });

  test('CR04 no criterion met: 422; bad input: 400 naming the field', async () => {
    const e = await createEnt('341504001');
    assertError(await as.sunli.post('/api/v1/credit/records', proposal(e, {})), 422, 'credit.no_criterion', 'facts');
    assertError(await as.sunli.post('/api/v1/credit/records', proposal(e, { concealed: 'yes' })), 400, 'input.invalid', 'facts.concealed');
    assertError(await as.sunli.post('/api/v1/credit/records', proposal(e, undefined, { kind: 'blacklist' })), 400, 'input.invalid', 'kind');
    assertError(await as.sunli.post('/api/v1/credit/records', proposal(e, undefined, { decision_date: '2026-13-01' })), 400, 'input.invalid', 'decision_date');
    assertError(await as.sunli.post('/api/v1/credit/records', proposal(e, { other_serious: true })), 400, 'input.invalid', 'reason');
  });

  test('CR05 a bad record needs no approval', async () => {
    const e = await createEnt('341504002');
    const r = await as.zhoujun.post('/api/v1/credit/records', { enterprise_id: e.id, kind: 'bad_record', case_id: 77, case_number: '叶应急罚〔2026〕77号', decision_date: todayStr(), summary: '未按规定开展培训，罚款2万元' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.status, 'recorded');
    assert.equal(r.body.kind, 'bad_record');
    assertError(await as.liuyang.post(`/api/v1/credit/records/${r.body.id}/approve`, { version: r.body.version }), 409, 'credit.bad_state');
    const l = await as.zhoujun.get(`/api/v1/credit/records?kind=bad_record&enterprise_id=${e.id}`);
    assert.equal(l.status, 200, l.text);
    assert.equal(l.body.items.length, 1);
  });
});

describe('permissions', () => {
  test('CP01 wrong unit: sunli cannot propose for a 平岗 enterprise nor read its records', async () => {
    const e = await createEnt('341504002');
    assertError(await as.sunli.post('/api/v1/credit/records', proposal(e)), 403, 'perm.out_of_scope');
    const r = await as.zhoujun.post('/api/v1/credit/records', proposal(e));
    assert.equal(r.status, 201, r.text);
    assertError(await as.sunli.get(`/api/v1/credit/records/${r.body.id}`), 403, 'perm.out_of_scope');
    const l = await as.sunli.get('/api/v1/credit/records');
    assert.ok(!l.body.items.some((x) => x.id === r.body.id), 'not in her list');
  });

  test('CP02 wrong role: an officer and a section head cannot approve; wugang reads but never writes', async () => {
    const e = await createEnt('341504001');
    const p = (await as.sunli.post('/api/v1/credit/records', proposal(e))).body;
    assert.equal((await as.zhangwei.post(`/api/v1/credit/records/${p.id}/approve`, { version: p.version })).status, 403);
    assert.equal((await as.chenjie.post(`/api/v1/credit/records/${p.id}/approve`, { version: p.version })).status, 403);
    assert.equal((await as.sunli.post(`/api/v1/credit/records/${p.id}/approve`, { version: p.version })).status, 403);
    assert.equal((await as.wugang.post(`/api/v1/credit/records/${p.id}/approve`, { version: p.version })).status, 403);
    assert.equal((await as.wugang.post('/api/v1/credit/records', proposal(e))).status, 403);
    assert.equal((await as.wugang.post('/api/v1/credit/sweep', {})).status, 403);
    const g = await as.wugang.get(`/api/v1/credit/records/${p.id}`);
    assert.equal(g.status, 200, g.text);
    assert.equal((await as.liuyang.post('/api/v1/credit/records', proposal(e))).status, 403, 'the leader approves, does not propose');
    assert.equal((await as.chenjie.post('/api/v1/credit/sweep', {})).status, 403);
  });

  test('CP03 409 on a stale version; reject needs a reason', async () => {
    const e = await createEnt('341504001');
    const p = (await as.sunli.post('/api/v1/credit/records', proposal(e))).body;
    assertError(await as.liuyang.post(`/api/v1/credit/records/${p.id}/reject`, { version: p.version }), 400, 'input.invalid', 'reason');
    const ok = await as.liuyang.post(`/api/v1/credit/records/${p.id}/approve`, { version: p.version });
    assert.equal(ok.status, 200, ok.text);
    const d = await issueDoc(as.chenjie, 'credit_notice', ok.body);
    assert.equal(d.status, 201, d.text);
    assertError(await as.chenjie.post(`/api/v1/credit/records/${p.id}/notify`, { version: p.version, notice_document_id: d.body.id }), 409, 'conflict.version', 'version');
    assertError(await as.chenjie.post(`/api/v1/credit/records/${p.id}/list`, { version: ok.body.version }), 409, 'credit.bad_state', 'status');
  });
});

describe('the notice and the decision as documents; the persons listed', () => {
  let e, rec, notice, decision;
  const ID = '341504198506120033';

  test('CD01 persons: added before the notice with a checked ID number; refused after; scope and role', async () => {
    e = await createEnt('341504001');
    let r = await as.sunli.post('/api/v1/credit/records', proposal(e));
    assert.equal(r.status, 201, r.text);
    rec = r.body;
    const person = { version: rec.version, role: 'principal', name: '王小明', id_number: ID, position: '总经理' };
    assertError(await as.sunli.post(`/api/v1/credit/records/${rec.id}/persons`, { ...person, id_number: '341504198506120034' }), 400, 'input.invalid', 'id_number');
    assertError(await as.sunli.post(`/api/v1/credit/records/${rec.id}/persons`, { ...person, role: 'boss' }), 400, 'input.invalid', 'role');
    assertError(await as.zhoujun.post(`/api/v1/credit/records/${rec.id}/persons`, person), 403, 'perm.out_of_scope');
    assert.equal((await as.liuyang.post(`/api/v1/credit/records/${rec.id}/persons`, person)).status, 403);
    r = await as.sunli.post(`/api/v1/credit/records/${rec.id}/persons`, person);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.persons.length, 1);
    assert.equal(r.body.persons[0].id_number, ID, 'staff see the number');
    assert.equal(r.body.version, rec.version + 1, 'a person added moves the record version');
    assertError(await as.sunli.post(`/api/v1/credit/records/${rec.id}/persons`, person), 409, 'conflict.version', 'version');
    r = await as.sunli.post(`/api/v1/credit/records/${rec.id}/persons`, { ...person, version: r.body.version, role: 'responsible', name: '李四海', id_number: '11010519491231002X', position: '安全主管' });
    assert.equal(r.status, 201, r.text);
    const g = await as.sunli.get(`/api/v1/credit/records/${rec.id}`);
    assert.deepEqual(g.body.persons.map((p) => p.role_name), ['主要负责人', '有关责任人员']);
    assert.deepEqual((await history('credit_record', rec.id)), ['credit.propose', 'credit.person_add', 'credit.person_add']);
    rec = g.body;
  });

  test('CD02 the flow refuses the notice without the issued 告知书, and listing before the notice', async () => {
    // a proposal cannot have its notice issued before the leader approves
    assertError(await issueDoc(as.chenjie, 'credit_notice', rec), 409, 'credit.bad_state', 'status');
    let r = await as.liuyang.post(`/api/v1/credit/records/${rec.id}/approve`, { version: rec.version, reason: '瞒报，情节严重' });
    assert.equal(r.status, 200, r.text);
    rec = r.body;
    assertError(await as.chenjie.post(`/api/v1/credit/records/${rec.id}/list`, { version: rec.version }), 409, 'credit.bad_state', 'status');
    assertError(await issueDoc(as.chenjie, 'credit_decision', rec), 409, 'credit.bad_state', 'status');
    assertError(await as.chenjie.post(`/api/v1/credit/records/${rec.id}/notify`, { version: rec.version }), 400, 'input.invalid', 'notice_document_id');
    assertError(await as.chenjie.post(`/api/v1/credit/records/${rec.id}/notify`, { version: rec.version, notice_doc: '叶应急信告〔2026〕1号' }), 400, 'input.invalid', 'notice_document_id');
    // the record named must be the enterprise's; another kind is not a notice
    assertError(await issueDoc(as.chenjie, 'credit_notice', { ...rec, enterprise_id: (await createEnt('341504001')).id }), 400, 'input.invalid', 'fields.credit.record_id');
    assertError(await as.chenjie.post('/api/v1/documents', { kind: 'credit_notice', subject_kind: 'enterprise', subject_id: rec.enterprise_id }), 400, 'input.invalid', 'fields.credit.record_id');
    const other = await as.chenjie.post('/api/v1/documents', { kind: 'credit_notice', subject_kind: 'case', subject_id: 1, fields: { credit: { record_id: rec.id } } });
    assert.equal(other.status, 400, other.text);
    assert.equal(other.body.error.code, 'document.subject_kind');
    assertError(await issueDoc(as.zhoujun, 'credit_notice', rec), 403, 'perm.out_of_scope');
  });

  test('CD03 the 告知书 reads back: the enterprise, the persons, the criterion and its basis, the right to state and defend and its days', async () => {
    const d = await issueDoc(as.chenjie, 'credit_notice', rec, { fields: { credit: { record_id: rec.id, criteria: '客户端伪造的情形' } } });
    assert.equal(d.status, 201, d.text);
    notice = d.body;
    assert.match(notice.number, new RegExp(`^（叶）应急信告〔${todayStr().slice(0, 4)}〕\\d+号$`));
    const t = await pdfText(as.chenjie, `/api/v1/documents/${notice.id}/pdf`);
    assert.ok(t.includes('列入严重失信主体名单告知书'), t);
    assert.ok(t.includes(e.name) && t.includes(e.credit_code), 'the enterprise');
    assert.ok(t.includes('主要负责人王小明') && t.includes(ID), 'the persons, in full on the party\'s copy');
    assert.ok(t.includes('有关责任人员李四海'));
    assert.ok(t.includes('列入情形（四）“瞒报、谎报生产安全事故的生产经营单位及其有关责任人员”'), 'the criterion');
    assert.ok(!t.includes('客户端伪造'), 'the record\'s facts win over the client\'s fields');
    assert.ok(t.includes('《安全生产严重失信主体名单管理办法》（应急管理部令第11号）'), 'the basis');
    assert.ok(t.includes('叶应急罚〔2026〕42号'), 'the penalty decision');
    assert.ok(t.includes('陈述、申辩的权利') && t.includes('收到本告知书之日起5日内'), 'the right and its time limit (legal_params)');
    assert.ok(t.includes('管理期限为36个月'));
    const n = await as.chenjie.post(`/api/v1/credit/records/${rec.id}/notify`, { version: rec.version, notice_document_id: notice.id, notified_on: '2020-01-01' });
    assertError(n, 400, 'input.invalid', 'notified_on');
    const r = await as.chenjie.post(`/api/v1/credit/records/${rec.id}/notify`, { version: rec.version, notice_document_id: notice.id });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.notice_doc, notice.number, 'the number comes from the document');
    assert.equal(r.body.notice_document_id, notice.id);
    rec = r.body;
    // a notice cannot be added to after it was given
    assertError(await as.sunli.post(`/api/v1/credit/records/${rec.id}/persons`, { version: rec.version, role: 'principal', name: '赵六', id_number: ID }), 409, 'credit.bad_state', 'status');
  });

  test('CD04 the 决定书 reads back: the period, the measures, the repair conditions, reconsideration and litigation; listing takes its date', async () => {
    // a decision document is not a notice
    assertError(await as.chenjie.post(`/api/v1/credit/records/${rec.id}/notify`, { version: rec.version, notice_document_id: notice.id }), 409, 'credit.bad_state', 'status');
    const d = await issueDoc(as.chenjie, 'credit_decision', rec);
    assert.equal(d.status, 201, d.text);
    decision = d.body;
    assert.match(decision.number, /^（叶）应急信决〔\d{4}〕\d+号$/);
    const t = await pdfText(as.chenjie, `/api/v1/documents/${decision.id}/pdf`);
    assert.ok(t.includes('列入严重失信主体名单决定书'));
    assert.ok(t.includes(e.name));
    assert.ok(t.includes(`已于${cnDate(todayStr())}以${notice.number}告知`), 'names the notice');
    assert.ok(t.includes(`管理期限为36个月，自${cnDate(todayStr())}起至${cnDate(addMonths(todayStr(), 36))}止`), 'the period');
    assert.ok(t.includes('国家企业信用信息公示系统') && t.includes('提高监督检查频次'), 'the measures');
    assert.ok(t.includes('列入名单满12个月') && t.includes('已全面履行行政处罚决定'), 'the repair conditions');
    assert.ok(t.includes('六十日内向六安市叶集区人民政府申请行政复议'), 'reconsideration (行政复议法 第20、24条)');
    assert.ok(t.includes('六个月内依法向六安市叶集区人民法院提起行政诉讼'), 'litigation (行政诉讼法 第46条)');
    assertError(await as.chenjie.post(`/api/v1/credit/records/${rec.id}/list`, { version: rec.version, decision_document_id: notice.id }), 400, 'input.invalid', 'decision_document_id');
    assertError(await as.chenjie.post(`/api/v1/credit/records/${rec.id}/list`, { version: rec.version, decision_document_id: decision.id, published_from: addMonths(todayStr(), -1) }), 400, 'input.invalid', 'published_from');
    // CD08: the statement period after today's notice runs
    // (credit.serious.statement_days, 5): no listing unless the party was
    // heard or waived it; a made-up answer is refused
    let r = await as.chenjie.post(`/api/v1/credit/records/${rec.id}/list`, { version: rec.version, decision_document_id: decision.id });
    assertError(r, 409, 'credit.statement_period_running', 'statement');
    assert.match(r.body.error.message, new RegExp(`告知后 5 日，至 ${addDays(todayStr(), 5)}`));
    assertError(await as.chenjie.post(`/api/v1/credit/records/${rec.id}/list`, { version: rec.version, decision_document_id: decision.id, statement: 'maybe' }), 400, 'input.invalid', 'statement');
    r = await as.chenjie.post(`/api/v1/credit/records/${rec.id}/list`, { version: rec.version, decision_document_id: decision.id, statement: 'waived' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.statement, 'waived');
    assert.equal(r.body.decision_document_id, decision.id);
    assert.equal(r.body.published_from, decision.issued_on);
    rec = r.body;
    const docs = await as.chenjie.get(`/api/v1/documents?subject_kind=enterprise&subject_id=${e.id}`);
    assert.deepEqual(docs.body.items.map((x) => x.kind), ['credit_notice', 'credit_notice', 'credit_decision'].slice(-docs.body.items.length));
  });

  test('CD05 the public list shows the persons with masked name and ID; removed with the unit', async () => {
    const anon = client(srv.url);
    let r = await anon.get(`/api/v1/public/credit-list?q=${encodeURIComponent(e.name)}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.items.length, 1);
    const persons = r.body.items[0].persons;
    assert.deepEqual(persons, [
      { role_name: '主要负责人', name: '王某某', id_number: '341504********0033' },
      { role_name: '有关责任人员', name: '李某某', id_number: '110105********002X' },
    ]);
    for (const p of persons) assert.deepEqual(Object.keys(p).sort(), ['id_number', 'name', 'role_name']);
    const text = JSON.stringify(r.body);
    assert.ok(!text.includes(ID) && !text.includes('王小明') && !text.includes('李四海'), text);
    const csv = await anon.get(`/api/v1/public/credit-list.csv?q=${encodeURIComponent(e.name)}`);
    assert.ok(csv.text.includes('主要负责人 王某某（341504********0033）'), csv.text);
    assert.ok(!csv.text.includes(ID));
    // the unit's listing revoked: the persons go with it
    r = await as.liuyang.post(`/api/v1/credit/records/${rec.id}/revoke`, { version: rec.version, reason: '处罚决定经复议被撤销' });
    assert.equal(r.status, 200, r.text);
    r = await anon.get(`/api/v1/public/credit-list?q=${encodeURIComponent(e.name)}`);
    assert.equal(r.body.items.length, 0);
    const csv2 = await anon.get('/api/v1/public/credit-list.csv');
    assert.ok(!csv2.text.includes('341504********0033'));
  });
  test('CD07 the days to state and defend are dated configuration (credit.serious.statement_days, 未核实): a new value prints on the next notice', async () => {
    const e2 = await createEnt('341504001');
    let r = await as.sunli.post('/api/v1/credit/records', proposal(e2));
    r = await as.liuyang.post(`/api/v1/credit/records/${r.body.id}/approve`, { version: r.body.version });
    assert.equal(r.status, 200, r.text);
    assertError(await as.admin.post('/api/v1/legal-params', { key: 'credit.serious.statement_days', value: '七', effective_from: todayStr(), source: 'x', confirmed: false }), 400, 'input.invalid', 'value');
    const p = await as.admin.post('/api/v1/legal-params', { key: 'credit.serious.statement_days', value: '7', effective_from: todayStr(), source: '测试：本省规定7日', confirmed: false });
    assert.equal(p.status, 201, p.text);
    const res = await fetch(`${srv.url}/api/v1/documents/preview`, {
      method: 'POST',
      headers: { cookie: as.chenjie.cookie, 'x-csrf-token': as.chenjie.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'credit_notice', subject_kind: 'enterprise', subject_id: e2.id, fields: { credit: { record_id: r.body.id } } }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const f = path.join(tmp, 'preview.pdf');
    fs.writeFileSync(f, Buffer.from(await res.arrayBuffer()));
    const t = execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    assert.ok(t.includes('收到本告知书之日起7日内'), t.slice(0, 800));
  });
});

describe('the full path', () => {
  let e, aff, rec;

  test('CF01 list: the flag is set through the registry path, the follow-up exists, logged', async () => {
    e = await createEnt('341504001');
    aff = await createEnt('341504002', { group_code: e.credit_code });
    const n = await toNotified(e);
    assert.equal(n.status, 'notified');
    assert.equal(n.notified_on, todayStr());
    assertError(await as.chenjie.post(`/api/v1/credit/records/${n.id}/list`, { version: n.version }), 400, 'input.invalid', 'decision_document_id');
    assertError(await listWith(as.chenjie, n, { published_from: '2020-01-01' }), 400, 'input.invalid', 'published_from');
    const r = await listWith(as.chenjie, n);
    assert.equal(r.status, 200, r.text);
    rec = r.body;
    assert.equal(rec.status, 'listed');
    assert.equal(rec.published_from, todayStr());
    assert.equal(rec.period_months, 36, 'the seeded legal_params value');
    assert.equal(rec.expires_on, addMonths(todayStr(), 36));
    assert.ok(rec.followups.length >= 2, 'own follow-up and the affiliate');
    assert.equal((await ent(e.id)).credit_punished, true);
    const b = await as.admin.get(`/api/v1/enterprises/${e.id}/burden`);
    assert.ok(b.body.entries.some((x) => x.source === 'credit'), JSON.stringify(b.body.entries));
    const ba = await as.admin.get(`/api/v1/enterprises/${aff.id}/burden`);
    assert.ok(ba.body.entries.some((x) => x.source === 'credit'), 'the affiliate is flagged');
    assert.deepEqual(await history('credit_record', rec.id), ['credit.propose', 'credit.approve', 'credit.notify', 'credit.list']);
    const eh = await history('enterprise', e.id);
    assert.equal(eh[eh.length - 1], 'enterprise.update');
  });

  test('CF02 public list: allow-listed fields, masked principal, search by name and code', async () => {
    const anon = client(srv.url);
    const r = await anon.get(`/api/v1/public/credit-list?q=${encodeURIComponent(e.name)}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.items.length, 1);
    const it = r.body.items[0];
    assert.deepEqual(Object.keys(it).sort(), ['authority', 'credit_code', 'criteria', 'enterprise_name', 'id', 'listed_from', 'listed_until', 'persons', 'principal'].sort());
    assert.equal(it.principal, '王某某');
    assert.ok(!JSON.stringify(r.body).includes('王小明'));
    assert.equal(it.credit_code, e.credit_code);
    assert.equal(it.listed_until, rec.expires_on);
    assert.match(it.criteria[0], /瞒报/);
    const byCode = await anon.get(`/api/v1/public/credit-list?q=${e.credit_code.slice(0, 12)}`);
    assert.ok(byCode.body.items.some((x) => x.id === rec.id));
    const csv = await anon.get('/api/v1/public/credit-list.csv');
    assert.equal(csv.status, 200);
    assert.match(csv.text, /enterprise_name/);
    assert.ok(csv.text.includes(e.credit_code));
    assert.ok(!csv.text.includes('王小明'));
    const none = await anon.get('/api/v1/public/credit-list?q=' + encodeURIComponent('没有这家企业'));
    assert.equal(none.body.items.length, 0);
  });

  test('CF03 early removal before 12 months is refused with the reason; after, allowed; the flag is cleared', async () => {
    const all = ['C1', 'C2', 'C3', 'C4'];
    let r = await as.sunli.post(`/api/v1/credit/records/${rec.id}/applications`, { applicant: e.name, conditions: all });
    assertError(r, 422, 'credit.too_early', 'submitted_on');
    assert.match(r.body.error.message, /12 个月/);
    assert.ok(r.body.error.message.includes(addMonths(todayStr(), 12)), r.body.error.message);
    assertError(await as.admin.post('/api/v1/legal-params', { key: 'credit.serious.early_removal_months', value: '一年', effective_from: todayStr(), source: 'x', confirmed: false }), 400, 'input.invalid', 'value');
    // the configured period (legal_params, dated) shortened from today
    r = await as.admin.post('/api/v1/legal-params', { key: 'credit.serious.early_removal_months', value: '0', effective_from: todayStr(), source: '测试：缩短', confirmed: false });
    assert.equal(r.status, 201, r.text);
    r = await as.sunli.post(`/api/v1/credit/records/${rec.id}/applications`, { applicant: e.name, conditions: ['C1', 'C2'] });
    assertError(r, 422, 'credit.conditions_unmet', 'conditions');
    r = await as.sunli.post(`/api/v1/credit/records/${rec.id}/applications`, { applicant: e.name, conditions: all, statement: '已整改' });
    assert.equal(r.status, 201, r.text);
    const ap = r.body;
    assert.equal((await as.sunli.post(`/api/v1/credit/applications/${ap.id}/decide`, { version: ap.version, decision: 'approve', reason: 'x' })).status, 403);
    r = await as.liuyang.post(`/api/v1/credit/applications/${ap.id}/decide`, { version: ap.version, decision: 'approve', reason: '条件均已满足' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'approved');
    assert.equal(r.body.record.status, 'removed');
    assert.equal(r.body.record.removal_kind, 'early_removal');
    assert.equal((await ent(e.id)).credit_punished, false);
    const pub = await client(srv.url).get(`/api/v1/public/credit-list?q=${encodeURIComponent(e.name)}`);
    assert.equal(pub.body.items.length, 0, 'no longer public');
    assertError(await as.liuyang.post(`/api/v1/credit/applications/${ap.id}/decide`, { version: r.body.version, decision: 'refuse', reason: 'x' }), 409, 'credit.bad_state');
    rec = r.body.record;
  });

  test('CF04 弄虚作假: the early removal is revoked and the listing restored, flag set again', async () => {
    assertError(await as.liuyang.post(`/api/v1/credit/records/${rec.id}/restore`, { version: rec.version }), 400, 'input.invalid', 'reason');
    const r = await as.liuyang.post(`/api/v1/credit/records/${rec.id}/restore`, { version: rec.version, reason: '提交的整改材料系伪造' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'listed');
    assert.equal(r.body.restored_on, todayStr());
    assert.equal(r.body.expires_on, rec.expires_on, 'the original period runs on');
    assert.equal((await ent(e.id)).credit_punished, true);
    rec = r.body;
  });

  test('CF05 expiry sweep: period shortened via legal_params; removed, flag cleared; idempotent; others untouched', async () => {
    let r = await as.admin.post('/api/v1/legal-params', { key: 'credit.serious.period_months', value: '0', effective_from: todayStr(), source: '测试：缩短', confirmed: false });
    assert.equal(r.status, 201, r.text);
    const e2 = await createEnt('341504001');
    const n = await toNotified(e2);
    r = await listWith(as.sunli, n);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.expires_on, todayStr());
    assert.equal((await ent(e2.id)).credit_punished, true);
    r = await as.admin.post('/api/v1/credit/sweep', {});
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.removed, [n.id]);
    assert.deepEqual(r.body.flags_cleared, [e2.id]);
    const g = await as.admin.get(`/api/v1/credit/records/${n.id}`);
    assert.equal(g.body.status, 'removed');
    assert.equal(g.body.removal_kind, 'expired');
    assert.equal((await ent(e2.id)).credit_punished, false);
    assert.equal((await ent(e.id)).credit_punished, true, 'the other listing runs on');
    r = await as.admin.post('/api/v1/credit/sweep', {});
    assert.deepEqual(r.body.removed, [], 'idempotent');
    const h = await history('credit_record', n.id);
    assert.equal(h[h.length - 1], 'credit.expire');
    // an expired listing is not listed again through /list
    assertError(await as.sunli.post(`/api/v1/credit/records/${n.id}/list`, { version: g.body.version }), 409, 'credit.bad_state', 'status');
  });

  test('CF06 revoke (the decision was quashed) clears the flag', async () => {
    assertError(await as.chenjie.post(`/api/v1/credit/records/${rec.id}/revoke`, { version: rec.version, reason: 'x' }), 403, 'perm.denied');
    const r = await as.liuyang.post(`/api/v1/credit/records/${rec.id}/revoke`, { version: rec.version, reason: '处罚决定经复议被撤销' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.removal_kind, 'revoked');
    assert.equal((await ent(e.id)).credit_punished, false);
  });

  test('CF07 keyset paging of the internal list', async () => {
    const p1 = await as.admin.get('/api/v1/credit/records?limit=2');
    assert.equal(p1.status, 200, p1.text);
    assert.equal(p1.body.items.length, 2);
    assert.ok(p1.body.next_cursor);
    const p2 = await as.admin.get(`/api/v1/credit/records?limit=2&cursor=${p1.body.next_cursor}`);
    assert.ok(p2.body.items.every((x) => x.id < p1.body.items[1].id));
    assertError(await as.admin.get('/api/v1/credit/records?status=gone'), 400, 'input.invalid', 'status');
  });

  test('CF08 a listed general enterprise gets the credit cycle in the annual plan; an unlisted one stays in the draw pool', async () => {
    const listed = await createEnt('341504001');
    const plain = await createEnt('341504001');
    const n = await toNotified(listed);
    const l = await listWith(as.sunli, n);
    assert.equal(l.status, 200, l.text);
    const r = await as.sunli.post('/api/v1/plans/generate', { unit_id: unit['341504001'].id, year: 2031, cycle_credit: 6 });
    assert.equal(r.status, 201, r.text);
    const p = await as.sunli.get(`/api/v1/plans/${r.body.id}`);
    assert.equal(p.status, 200, p.text);
    const mine = p.body.entries.filter((x) => x.enterprise_id === listed.id);
    assert.equal(mine.length, 2, `credit cycle 6 months → 2 inspections in 2031: ${JSON.stringify(mine)}`);
    assert.equal(p.body.entries.filter((x) => x.enterprise_id === plain.id).length, 0, 'a general enterprise is drawn, not planned');
  });

  test('CF09 draws: credit=punished draws from the enterprises under punishment only (a targeted draw at its own ratio)', async () => {
    let all = [];
    let cursor = '';
    for (;;) {
      const r = await as.sunli.get(`/api/v1/enterprises?limit=200&status=operating${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(r.status, 200, r.text);
      all = all.concat(r.body.items);
      if (!r.body.next_cursor) break;
      cursor = r.body.next_cursor;
    }
    const punished = all.filter((x) => x.credit_punished);
    assert.ok(punished.length >= 1, 'CF08 listed one in 史河街道');
    const only = await as.sunli.get('/api/v1/draws/preview?month=12&ratio_permille=1000&credit=punished');
    assert.equal(only.status, 200, only.text);
    assert.equal(only.body.pool_size, punished.length);
    const every = await as.sunli.get('/api/v1/draws/preview?month=12&ratio_permille=1000');
    assert.ok(every.body.pool_size > only.body.pool_size);
    assertError(await as.sunli.get('/api/v1/draws/preview?month=12&count=1&credit=all'), 400, 'input.invalid', 'credit');
    const d = await as.sunli.post('/api/v1/draws', { month: 12, ratio_permille: 1000, credit: 'punished', exclude_unstaffable: true });
    assert.equal(d.status, 201, d.text);
    assert.equal(d.body.pool_size, punished.length, JSON.stringify(d.body).slice(0, 300));
  });
});

describe('zhifa demo', () => {
  test('CD06 the demo district has the bad records of its decisions, a listing with its notice and decision issued and published, a pending application', async () => {
    const bad = await as.admin.get('/api/v1/credit/records?kind=bad_record&limit=200');
    assert.ok(bad.body.items.some((x) => x.case_id > 0 && /^（叶）应急罚〔\d{4}〕\d+号$/.test(x.case_number)), 'the bad records of the demo cases\' decisions');
    const listed = (await as.admin.get('/api/v1/credit/records?kind=serious_list&status=listed&limit=200')).body.items
      .filter((x) => x.notice_document_id > 0 && x.decision_document_id > 0 && x.summary.includes('瞒报'));
    assert.ok(listed.length >= 1, 'the demo listing');
    const d = listed[listed.length - 1];
    const g = await as.admin.get(`/api/v1/credit/records/${d.id}`);
    assert.ok(g.body.applications.some((x) => x.status === 'submitted'), 'an early-removal application waiting');
    assert.equal(g.body.persons[0].role, 'principal');
    const t = await pdfText(as.admin, `/api/v1/documents/${d.notice_document_id}/pdf`);
    assert.ok(t.includes(d.enterprise_name) && t.includes('列入情形（四）'));
    assert.ok(t.includes(d.notice_doc));
    const pub = await client(srv.url).get(`/api/v1/public/credit-list?q=${encodeURIComponent(d.enterprise_name)}`);
    assert.equal(pub.body.items.length, 1, 'published');
    assert.match(pub.body.items[0].persons[0].id_number, /^\d{6}\*{8}\d{3}[\dX]$/);
    assert.ok((await ent(d.enterprise_id)).credit_punished, 'flagged in the registry');
    const p = await as.admin.get('/api/v1/credit/records?kind=serious_list&status=proposed&limit=200');
    assert.ok(p.body.items.some((x) => x.criteria.some((c) => c.id === 'SL-03')), 'a proposal waiting for the leader');
  });
});
