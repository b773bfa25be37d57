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
function todayStr() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
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
// propose (sunli) → approve (liuyang) → notify (chenjie); returns the record
async function toNotified(e) {
  let r = await as.sunli.post('/api/v1/credit/records', proposal(e));
  assert.equal(r.status, 201, r.text);
  r = await as.liuyang.post(`/api/v1/credit/records/${r.body.id}/approve`, { version: r.body.version, reason: '情节严重' });
  assert.equal(r.status, 200, r.text);
  r = await as.chenjie.post(`/api/v1/credit/records/${r.body.id}/notify`, { version: r.body.version, notice_doc: '叶应急信告〔2026〕1号' });
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
    assertError(await as.chenjie.post(`/api/v1/credit/records/${p.id}/notify`, { version: p.version, notice_doc: 'X' }), 409, 'conflict.version', 'version');
    assertError(await as.chenjie.post(`/api/v1/credit/records/${p.id}/list`, { version: ok.body.version }), 409, 'credit.bad_state', 'status');
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
    assertError(await as.chenjie.post(`/api/v1/credit/records/${n.id}/list`, { version: n.version, published_from: '2020-01-01' }), 400, 'input.invalid', 'published_from');
    const r = await as.chenjie.post(`/api/v1/credit/records/${n.id}/list`, { version: n.version });
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
    assert.deepEqual(Object.keys(it).sort(), ['authority', 'credit_code', 'criteria', 'enterprise_name', 'id', 'listed_from', 'listed_until', 'principal'].sort());
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
    r = await as.sunli.post(`/api/v1/credit/records/${n.id}/list`, { version: n.version });
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
    const l = await as.sunli.post(`/api/v1/credit/records/${n.id}/list`, { version: n.version });
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
