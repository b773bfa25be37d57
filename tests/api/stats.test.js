// Statistics (issue 11, R32) against a real server with the demo district:
// the dashboard's figures checked against counts this test computes from the
// rows it creates through the API (before/after deltas, since the demo data
// is there too), the period and unit filters, permissions by role and unit,
// bad input, the monthly report read back from the XLSX and compared with
// the JSON, and the performance review.
//
//   ZHIFA_BIN=/work/main/build-stats/zhifa node --test tests/api/stats.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { startServer, client, backend, psql } = require('../lib/server');
const { readXlsx } = require('../lib/xlsx');

const HAN = /[\u4e00-\u9fff]/;
let srv;
const as = {};
const unit = {};
const officer = {}; // username -> officer id
let smallItem;
let enterprises;
let shiheEnts;

function day(offset = 0) {
  return new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
}
const FROM = day(-50);
const TO = day(0);

function assertError(r, status, code, field) {
  assert.equal(r.status, status, `want ${status}, got ${r.status}: ${r.text}`);
  assert.equal(r.body.error.code, code, r.text);
  assert.match(r.body.error.message, HAN);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
}

async function dash(who, q = {}) {
  const qs = new URLSearchParams({ from: FROM, to: TO, officers: '1', ...q }).toString();
  const r = await as[who].get(`/api/v1/stats/dashboard?${qs}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}
const unitRow = (d, id) => d.units.find((u) => u.unit_id === id) || {};
const keyCount = (arr, key, val) => (arr.find((x) => x[key] === val) || { count: 0 }).count;
const offRow = (d, id) => d.officers.find((o) => o.officer_id === id) || {};

async function getCase(id) {
  const r = await as.chenjie.get(`/api/v1/cases/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}
async function ok(id, who, event, fields = {}) {
  const c = await getCase(id);
  const r = await as[who].post(`/api/v1/cases/${id}/transitions`, { event, version: c.version, ...fields });
  assert.equal(r.status, 200, `${event}: ${r.text}`);
  return r.body;
}
async function draft({ who = 'chenjie', mate = 'liqiang', simple = false, facts = {}, amount, enterprise = enterprises[0] } = {}) {
  let r = await as[who].post('/api/v1/cases', {
    source_kind: 'inspection', source_id: 900, finding_id: 901, title: '统计测试案件', enterprise_id: enterprise.id, simple,
  });
  assert.equal(r.status, 201, r.text);
  let c = r.body;
  r = await as[who].post(`/api/v1/cases/${c.id}/officers`, { version: c.version, officer_id: officer[mate], role: 'assist' });
  assert.equal(r.status, 201, r.text);
  c = r.body;
  const v = { version: c.version, item_code: smallItem, violation_date: day(-60), ...facts };
  if (amount !== undefined) v.amount_fen = amount;
  r = await as[who].post(`/api/v1/cases/${c.id}/violations`, v);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

before(async () => {
  srv = await startServer();
  for (const u of ['admin', 'chenjie', 'zhangwei', 'liqiang', 'liuyang', 'zhaomin', 'wangfang', 'sunli', 'zhoujun', 'wugang', 'xuming']) {
    as[u] = client(srv.url);
    const r = await as[u].login(u);
    assert.equal(r.status, 200, r.text);
  }
  for (const x of (await as.admin.get('/api/v1/units')).body.items) unit[x.code] = x;
  for (const o of (await as.admin.get('/api/v1/officers?limit=200')).body.items) if (o.username) officer[o.username] = o.id;
  smallItem = (await as.admin.get('/api/v1/catalogue?delegable=1&limit=1')).body.items[0].code;
  enterprises = (await as.admin.get('/api/v1/enterprises?limit=20')).body.items;
  shiheEnts = (await as.admin.get(`/api/v1/enterprises?unit_id=${unit['341504001'].id}&status=operating&limit=50`)).body.items;
  assert.ok(shiheEnts.length >= 3);
});
after(async () => { await srv.stop(); });

describe('cases and fines', () => {
  test('S01 filed, decided, 不予处罚, closed, by state, by procedure, fines decided and collected: deltas equal what was created', async () => {
    const brigade = (await getCase((await draft()).id)).unit_id; // where chenjie's cases go
    const b0 = await dash('chenjie');
    const u0 = unitRow(b0, brigade);
    const p0 = await as.chenjie.get(`/api/v1/stats/performance?from=${FROM}&to=${TO}`);
    // A: ordinary, decided 10 days ago, paid at the bank, closed today
    const a = await draft();
    await ok(a.id, 'chenjie', 'file', { filed_on: day(-40) });
    await ok(a.id, 'zhangwei', 'investigate');
    await ok(a.id, 'zhangwei', 'review');
    await ok(a.id, 'zhangwei', 'notify', { notified_on: day(-20) });
    let ca = await ok(a.id, 'liuyang', 'decide', { decided_on: day(-10) });
    ca = await ok(a.id, 'zhangwei', 'serve', { served_on: day(-7), service_method: 'direct' });
    const pay = await as.liuyang.post(`/api/v1/cases/${a.id}/payments`, { version: ca.version, amount_fen: ca.decided_amount_fen, paid_on: day(-1), reference: `STATS-A-${a.id}` });
    assert.equal(pay.status, 201, pay.text);
    await ok(a.id, 'chenjie', 'close');
    // B: 不予处罚 (decided today), served, closed
    const b = await draft();
    await ok(b.id, 'chenjie', 'file', { filed_on: day(-30) });
    await ok(b.id, 'zhangwei', 'investigate');
    await ok(b.id, 'zhangwei', 'review');
    await ok(b.id, 'zhangwei', 'notify', { notified_on: day(-20) });
    await ok(b.id, 'liuyang', 'no_penalty', { no_penalty_reason: '初次违法且危害后果轻微并及时改正（行政处罚法 第33条第1款）' });
    await ok(b.id, 'zhangwei', 'serve', { served_on: day(), service_method: 'direct' });
    await ok(b.id, 'chenjie', 'close');
    // C: on the spot (简易程序), no 立案, decided today, not paid
    const c = await draft({ who: 'zhangwei', mate: 'liqiang', simple: true, facts: { tier: 'minor' }, amount: 200000 });
    const cc = await ok(c.id, 'zhangwei', 'decide_on_spot');
    // D: filed inside the period, still 立案
    const d = await draft();
    await ok(d.id, 'chenjie', 'file', { filed_on: day(-45) });
    // E: filed before the period: in no figure of the period
    const e = await draft();
    await ok(e.id, 'chenjie', 'file', { filed_on: day(-55) });

    const b1 = await dash('chenjie');
    const u1 = unitRow(b1, brigade);
    const delta = (k) => b1.cases[k] - b0.cases[k];
    assert.equal(delta('filed'), 3, 'A, B, D filed in the period; E before it');
    assert.equal(delta('registered'), 4, 'and C by its decision');
    assert.equal(delta('simple'), 1);
    assert.equal(delta('ordinary'), 3);
    assert.equal(delta('decided'), 2, 'A and C');
    assert.equal(delta('no_penalty'), 1, 'B');
    assert.equal(delta('closed'), 2, 'A and B closed today');
    const st = (x, s) => keyCount(x.cases.by_state, 'state', s);
    assert.equal(st(b1, 'closed') - st(b0, 'closed'), 2);
    assert.equal(st(b1, 'decided') - st(b0, 'decided'), 1, 'C');
    assert.equal(st(b1, 'filed') - st(b0, 'filed'), 1, 'D; E is outside');
    assert.equal(b1.cases.by_state.find((x) => x.state === 'closed').name, '结案');
    const decidedFen = ca.decided_amount_fen + cc.decided_amount_fen;
    assert.equal(cc.decided_amount_fen, 200000);
    assert.equal(b1.fines.decided_fen - b0.fines.decided_fen, decidedFen);
    assert.equal(b1.fines.collected_fen - b0.fines.collected_fen, ca.decided_amount_fen, 'the bank confirmation of A');
    // months of the filing (or on-the-spot decision) dates
    const months = {};
    for (const m of [day(-40), day(-30), day(0), day(-45)]) months[m.slice(0, 7)] = (months[m.slice(0, 7)] || 0) + 1;
    for (const [m, n] of Object.entries(months)) {
      assert.equal(keyCount(b1.cases.by_month, 'month', m) - keyCount(b0.cases.by_month, 'month', m), n, m);
    }
    // the same deltas in the unit's row, and in no other unit's
    assert.equal(u1.cases_filed - u0.cases_filed, 3);
    assert.equal(u1.cases_decided - u0.cases_decided, 2);
    assert.equal(u1.cases_no_penalty - u0.cases_no_penalty, 1);
    assert.equal(u1.cases_closed - u0.cases_closed, 2);
    assert.equal(u1.fines_decided_fen - u0.fines_decided_fen, decidedFen);
    assert.equal(u1.fines_collected_fen - u0.fines_collected_fen, ca.decided_amount_fen);
    for (const u of b1.units) {
      if (u.unit_id === brigade) continue;
      assert.equal(u.cases_filed, unitRow(b0, u.unit_id).cases_filed, u.name);
    }
    // per officer: chenjie leads A, B, D (E outside), zhangwei leads C; liqiang assists all four
    const o = (x, u) => offRow(x, officer[u]);
    assert.equal((o(b1, 'chenjie').cases_lead || 0) - (o(b0, 'chenjie').cases_lead || 0), 3);
    assert.equal((o(b1, 'zhangwei').cases_lead || 0) - (o(b0, 'zhangwei').cases_lead || 0), 1);
    assert.equal((o(b1, 'liqiang').cases_assist || 0) - (o(b0, 'liqiang').cases_assist || 0), 4);
    // the performance review: A decided 30 days after filing (within 第60条's 90)
    const p1 = await as.chenjie.get(`/api/v1/stats/performance?from=${FROM}&to=${TO}`);
    assert.equal(p1.status, 200, p1.text);
    assert.equal(p1.body.decision_days, 90);
    const po = (r, u) => r.body.officers.find((x) => x.officer_id === officer[u]) || {};
    assert.equal(po(p1, 'chenjie').decided_in_time - (po(p0, 'chenjie').decided_in_time || 0), 2, 'A and B');
    assert.equal(po(p1, 'liqiang').cases - (po(p0, 'liqiang').cases || 0), 4);
    assert.equal(po(p1, 'chenjie').evaluation, null);
  });
});

describe('inspections and hazards', () => {
  test('S02 inspections by source, unit, month, enterprises; hazards by grade, status, overdue; unit and period filters', async () => {
    const shihe = unit['341504001'].id;
    const pinggang = unit['341504002'].id;
    const mine = shiheEnts.slice(0, 2);
    // independently: was each enterprise already inspected in the period?
    let fresh = 0;
    for (const e of mine) {
      const r = await as.admin.get(`/api/v1/inspections?enterprise_id=${e.id}&from=${FROM}&to=${TO}&limit=1`);
      assert.equal(r.status, 200, r.text);
      if (r.body.items.length === 0) fresh++;
    }
    const s0 = await dash('sunli');
    const all0 = await dash('chenjie');
    const pg0 = await dash('zhoujun');
    const offs = (await as.sunli.get(`/api/v1/officers?unit_id=${shihe}&limit=200`)).body.items;
    const sunliOff = offs.find((x) => x.name === '孙丽');
    const ins = [];
    for (const [e, source] of [[mine[0], 'complaint'], [mine[0], 'ad_hoc'], [mine[1], 'complaint']]) {
      const r = await as.sunli.post('/api/v1/inspections', { client_id: crypto.randomUUID(), enterprise_id: e.id, source });
      assert.equal(r.status, 201, r.text);
      ins.push(r.body);
    }
    const pr = await as.sunli.patch(`/api/v1/inspections/${ins[0].id}`, { version: ins[0].version, officers: [{ officer_id: sunliOff.id }] });
    assert.equal(pr.status, 200, pr.text);
    // two hazards: a major one past its deadline (overdue), an ordinary one in time
    const hz = [];
    for (const [grade, ordered, deadline] of [['major', day(-20), day(-5)], ['ordinary', day(0), day(20)]]) {
      const f = await as.sunli.post(`/api/v1/inspections/${ins[1].id}/findings`, { client_id: crypto.randomUUID(), description: `统计测试隐患 ${grade}` });
      assert.equal(f.status, 201, f.text);
      const h = await as.sunli.post(`/api/v1/findings/${f.body.id}/hazard`, { grade, ordered_on: ordered, deadline });
      assert.equal(h.status, 201, h.text);
      hz.push(h.body);
    }
    const s1 = await dash('sunli');
    assert.equal(s1.unit.id, shihe, 'a township officer sees her own unit by default');
    assert.equal(s1.inspections.total - s0.inspections.total, 3);
    assert.equal(keyCount(s1.inspections.by_source, 'source', 'complaint') - keyCount(s0.inspections.by_source, 'source', 'complaint'), 2);
    assert.equal(keyCount(s1.inspections.by_source, 'source', 'ad_hoc') - keyCount(s0.inspections.by_source, 'source', 'ad_hoc'), 1);
    assert.equal(s1.inspections.by_source.find((x) => x.source === 'complaint').name, '投诉举报');
    const m = day().slice(0, 7);
    assert.equal(keyCount(s1.inspections.by_month, 'month', m) - keyCount(s0.inspections.by_month, 'month', m), 3);
    assert.equal(s1.inspections.enterprises - s0.inspections.enterprises, fresh);
    assert.equal(unitRow(s1, shihe).inspections - unitRow(s0, shihe).inspections, 3);
    assert.equal(s1.hazards.total - s0.hazards.total, 2);
    assert.equal(s1.hazards.major - s0.hazards.major, 1);
    assert.equal(s1.hazards.ordinary - s0.hazards.ordinary, 1);
    assert.equal(s1.hazards.open - s0.hazards.open, 2);
    assert.equal(s1.hazards.overdue - s0.hazards.overdue, 1, 'the major one is past its deadline');
    // per officer: the inspections whose team (as recorded) names her
    let onTeam = 0;
    for (const i of ins) {
      const full = await as.sunli.get(`/api/v1/inspections/${i.id}`);
      if (full.body.officers.some((x) => x.kind === 'officer' && x.officer_id === sunliOff.id)) onTeam++;
    }
    assert.ok(onTeam >= 1);
    assert.equal(offRow(s1, sunliOff.id).inspections - (offRow(s0, sunliOff.id).inspections || 0), onTeam);
    // the district sees them too; 平岗街道 does not
    const all1 = await dash('chenjie');
    assert.equal(all1.inspections.total - all0.inspections.total, 3);
    assert.equal(all1.hazards.overdue - all0.hazards.overdue, 1);
    const pg1 = await dash('zhoujun');
    assert.equal(pg1.unit.id, pinggang);
    assert.equal(pg1.inspections.total, pg0.inspections.total);
    assert.equal(pg1.hazards.total, pg0.hazards.total);
    // the unit filter from the district: 史河街道 alone has exactly the township's figures
    const only = await dash('chenjie', { unit_id: shihe });
    assert.equal(only.inspections.total, s1.inspections.total);
    assert.equal(only.hazards.total, s1.hazards.total);
    assert.deepEqual(only.units.map((u) => u.unit_id), [shihe]);
    // the period filter: a period ending yesterday has none of today's inspections,
    // and the major hazard ordered 20 days ago is in it
    const y0 = await dash('sunli', { to: day(-1) });
    assert.ok(s1.inspections.total - y0.inspections.total >= 3, 'today\'s three are outside');
    assert.equal(keyCount(y0.inspections.by_month, 'month', m) + (s1.inspections.total - y0.inspections.total), keyCount(s1.inspections.by_month, 'month', m));
    const yh = await dash('sunli', { from: day(-20), to: day(-20) });
    assert.ok(yh.hazards.major >= 1);
    // rectify the ordinary one: open −1, rectified +1
    const pr2 = await as.sunli.patch(`/api/v1/hazards/${hz[1].id}`, { version: hz[1].version, status: 'rectified' });
    assert.equal(pr2.status, 200, pr2.text);
    const s2 = await dash('sunli');
    assert.equal(s2.hazards.open, s1.hazards.open - 1);
    assert.equal(s2.hazards.rectified, s1.hazards.rectified + 1);
  });
});

describe('monthly report (XLSX)', () => {
  test('S03 one row per unit, a totals row, cells equal to the JSON figures of the month', async () => {
    const y = Number(day().slice(0, 4));
    const mo = Number(day().slice(5, 7));
    const r = await as.chenjie.request('GET', `/api/v1/stats/monthly.xlsx?year=${y}&month=${mo}`);
    assert.equal(r.status, 200, r.text);
    const res = await fetch(`${srv.url}/api/v1/stats/monthly.xlsx?year=${y}&month=${mo}`, { headers: { cookie: as.chenjie.cookie } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /spreadsheetml/);
    const rows = readXlsx(Buffer.from(await res.arrayBuffer()));
    const first = `${day().slice(0, 7)}-01`;
    const last = new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10);
    const j = (await as.chenjie.get(`/api/v1/stats/dashboard?from=${first}&to=${last}`)).body;
    assert.match(rows[0][0], new RegExp(`${y}年${mo}月`));
    assert.match(rows[1][0], new RegExp(`${first} 至 ${last}`));
    const head = rows[2];
    assert.equal(head[0], '单位');
    const col = (name) => { const i = head.indexOf(name); assert.ok(i > 0, name); return i; };
    const checks = [['检查（次）', 'inspections', 'total'], ['发现隐患（项）', 'hazards', 'total'], ['其中重大隐患（项）', 'hazards', 'major'],
      ['逾期未整改（项）', 'hazards', 'overdue'], ['立案（件）', 'cases', 'filed'], ['作出处罚决定（件）', 'cases', 'decided'],
      ['不予处罚（件）', 'cases', 'no_penalty'], ['结案（件）', 'cases', 'closed'], ['检查企业（家）', 'inspections', 'enterprises']];
    const total = rows.find((x) => x[0] === '合计');
    assert.ok(total, 'totals row');
    for (const [h, g, k] of checks) assert.equal(Number(total[col(h)]), j[g][k], h);
    assert.equal(Number(total[col('罚款决定金额（元）')]) * 100, j.fines.decided_fen);
    assert.equal(Math.round(Number(total[col('罚款收缴金额（元）')]) * 100), j.fines.collected_fen);
    // unit rows: the brigade and the townships, each equal to its JSON row
    for (const code of ['341504001', '341504002']) {
      const u = unitRow(j, unit[code].id);
      const row = rows.find((x) => x[0] === unit[code].name);
      assert.ok(row, unit[code].name);
      assert.equal(Number(row[col('检查（次）')]), u.inspections);
      assert.equal(Number(row[col('发现隐患（项）')]), u.hazards);
      assert.equal(Number(row[col('立案（件）')]), u.cases_filed);
      assert.equal(Math.round(Number(row[col('罚款决定金额（元）')]) * 100), u.fines_decided_fen);
    }
    const brig = j.units.find((u) => u.kind === 'brigade');
    const brow = rows.find((x) => x[0] === brig.name);
    assert.equal(Number(brow[col('作出处罚决定（件）')]), brig.cases_decided);
    assert.ok(brig.cases_decided >= 2, 'this month has the decisions of S01');
  });

  test('S04 bad year or month is 400 naming the field', async () => {
    assertError(await as.chenjie.get('/api/v1/stats/monthly.xlsx?year=2026&month=13'), 400, 'input.invalid', 'month');
    assertError(await as.chenjie.get('/api/v1/stats/monthly.xlsx?year=20x6&month=1'), 400, 'input.invalid', 'year');
    assertError(await as.wangfang.get('/api/v1/stats/monthly.xlsx?year=2026&month=1'), 403, 'perm.denied');
    assertError(await as.sunli.get(`/api/v1/stats/monthly.xlsx?year=2026&month=1&unit_id=${unit['341504002'].id}`), 403, 'perm.out_of_scope');
  });
});

describe('permissions and input', () => {
  test('S05 wrong role → 403 perm.denied; wrong unit → 403 perm.out_of_scope; the city supervisor reads', async () => {
    for (const u of ['wangfang', 'xuming']) {
      assertError(await as[u].get('/api/v1/stats/dashboard'), 403, 'perm.denied');
      assertError(await as[u].get('/api/v1/stats/performance'), 403, 'perm.denied');
    }
    const shihe = unit['341504001'].id, pinggang = unit['341504002'].id;
    assertError(await as.sunli.get(`/api/v1/stats/dashboard?unit_id=${pinggang}`), 403, 'perm.out_of_scope');
    assertError(await as.zhoujun.get(`/api/v1/stats/dashboard?unit_id=${shihe}`), 403, 'perm.out_of_scope');
    assertError(await as.zhoujun.get(`/api/v1/stats/performance?unit_id=${shihe}`), 403, 'perm.out_of_scope');
    // an officer of the brigade sees the brigade's figures, not a township's nor the district's
    assertError(await as.zhangwei.get(`/api/v1/stats/dashboard?unit_id=${shihe}`), 403, 'perm.out_of_scope');
    const bureau = (await as.chenjie.get('/api/v1/stats/dashboard')).body.unit;
    assertError(await as.zhangwei.get(`/api/v1/stats/dashboard?unit_id=${bureau.id}`), 403, 'perm.out_of_scope');
    const zw = await as.zhangwei.get('/api/v1/stats/dashboard');
    assert.equal(zw.status, 200, zw.text);
    assert.equal(zw.body.unit.kind, 'brigade');
    for (const u of ['wugang', 'zhaomin', 'liuyang', 'admin']) {
      const r = await as[u].get(`/api/v1/stats/dashboard?unit_id=${shihe}`);
      assert.equal(r.status, 200, `${u}: ${r.text}`);
    }
    // the figures are the same whoever reads them
    const a = (await as.wugang.get(`/api/v1/stats/dashboard?unit_id=${shihe}&from=${FROM}&to=${TO}`)).body;
    const b = (await as.sunli.get(`/api/v1/stats/dashboard?from=${FROM}&to=${TO}`)).body;
    assert.deepEqual(a.inspections, b.inspections);
    assert.deepEqual(a.cases, b.cases);
    // the per-officer workload only when asked for (officers=1)
    assert.equal((await as.chenjie.get('/api/v1/stats/dashboard')).body.officers, null);
    assert.ok(Array.isArray((await as.chenjie.get('/api/v1/stats/dashboard?officers=1')).body.officers));
    // no write route exists
    assert.equal((await as.admin.post('/api/v1/stats/dashboard', {})).status, 405);
  });

  test('S06 bad dates → 400 naming the field', async () => {
    assertError(await as.chenjie.get('/api/v1/stats/dashboard?from=2026-02-30'), 400, 'input.invalid', 'from');
    assertError(await as.chenjie.get('/api/v1/stats/dashboard?from=2026-01-01&to=2026/03/01'), 400, 'input.invalid', 'to');
    assertError(await as.chenjie.get('/api/v1/stats/dashboard?from=2026-03-01&to=2026-01-01'), 400, 'input.invalid', 'to');
    assertError(await as.chenjie.get('/api/v1/stats/dashboard?unit_id=abc'), 400, 'input.invalid', 'unit_id');
    assertError(await as.chenjie.get('/api/v1/stats/dashboard?unit_id=999999'), 400, 'input.invalid', 'unit_id');
    assertError(await as.chenjie.get('/api/v1/stats/performance?to=yesterday'), 400, 'input.invalid', 'to');
  });
});

// ---- the day counters (migration 026) ----------------------------------

function sql(q) {
  const out = backend === 'postgresql'
    ? psql(srv.db, q)
    : execFileSync('sqlite3', ['-separator', '|', srv.db.replace(/^sqlite:/, ''), q], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.trim() ? out.trim().split('\n').map((l) => l.split('|')) : [];
}
const DAY = /^\d{4}-\d{2}-\d{2}$/;
// the local (China, UTC+8) day of a stored UTC instant
const localDay = (instant) => new Date(Date.parse(instant) + 8 * 3600e3).toISOString().slice(0, 10);
const days = (a, b) => Math.round((Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86400e3);
// {key: n} from counter rows [..keys, n], zero rows left out
function counters(rows) {
  const m = {};
  for (const r of rows) {
    const n = Number(r[r.length - 1]);
    if (n !== 0) m[r.slice(0, -1).join('|')] = n;
  }
  return m;
}
function add(m, key, n = 1) { m[key] = (m[key] || 0) + n; }

// What the counters must hold, computed here from the rows themselves.
function recount() {
  const cases = {}, offCases = {}, offDecided = {}, insp = {}, offInsp = {};
  const byId = {};
  for (const [id, unitId, state, simple, filed, decided, closed, np, fen, ext] of sql(
    'SELECT id, unit_id, state, simple, filed_on, decided_on, closed_on, no_penalty_reason, decided_amount_fen, extension_days FROM cases')) {
    byId[id] = { unitId, filed, decided, ext: Number(ext) };
    if (filed) add(cases, `${unitId}|filed|${filed}|${state}|${simple}|n`);
    else if (decided) add(cases, `${unitId}|spot|${decided}|${state}|0|n`);
    if (decided) {
      add(cases, `${unitId}|decided|${decided}|${np ? 'np' : ''}|0|n`);
      add(cases, `${unitId}|decided|${decided}|${np ? 'np' : ''}|0|fen`, Number(fen));
    }
    if (closed) add(cases, `${unitId}|closed|${closed}||0|n`);
  }
  for (const [caseId, officerId, role] of sql('SELECT case_id, officer_id, role FROM case_officers')) {
    const c = byId[caseId];
    if (!c) continue;
    if (c.filed || c.decided) add(offCases, `${c.unitId}|${officerId}|${role}|${c.filed || c.decided}`);
    if (DAY.test(c.filed) && DAY.test(c.decided)) add(offDecided, `${c.unitId}|${officerId}|${c.decided}|${days(c.decided, c.filed) - c.ext}`);
  }
  for (const [unitId, source, on, status] of sql('SELECT unit_id, source, inspected_on, status FROM inspections')) {
    add(insp, `${unitId}|${source}|${on}|${status === 'open' ? 0 : 1}`);
  }
  for (const [unitId, officerId, on] of sql(
    "SELECT i.unit_id, io.officer_id, i.inspected_on FROM inspection_officers io JOIN inspections i ON i.id = io.inspection_id WHERE io.kind = 'officer' AND io.officer_id IS NOT NULL")) {
    add(offInsp, `${unitId}|${officerId}|${on}`);
  }
  // cases by domain (migration 042): each case once per distinct domain of
  // its violations, on its registration day
  const domains = {};
  const seen = new Set();
  for (const [caseId, domain] of sql(
    `SELECT v.case_id, cv.domain FROM case_violations v JOIN catalogue_items ci ON ci.code = v.item_code
     JOIN catalogue_versions cv ON cv.item_id = ci.id AND cv.version = v.item_version`)) {
    const c = byId[caseId];
    if (!c || !(c.filed || c.decided) || seen.has(`${caseId}|${domain}`)) continue;
    seen.add(`${caseId}|${domain}`);
    add(domains, `${c.unitId}|${domain}|${c.filed || c.decided}`);
  }
  // fines collected (migration 045): bank payments by the case's unit and day
  const collected = {};
  for (const [caseId, fen, on] of sql("SELECT case_id, amount_fen, paid_on FROM case_payments WHERE kind = 'bank' AND paid_on <> ''")) {
    const c = byId[caseId];
    add(collected, `${c.unitId}|${on}|n`);
    add(collected, `${c.unitId}|${on}|fen`, Number(fen));
  }
  for (const m of [cases, collected]) for (const k of Object.keys(m)) if (m[k] === 0) delete m[k];
  return { cases, offCases, offDecided, insp, offInsp, domains, collected };
}
function collectedRows() {
  const m = {};
  for (const [u, d, n, fen] of sql('SELECT unit_id, day, n, fen FROM stats_collected')) {
    if (Number(n) !== 0) m[`${u}|${d}|n`] = Number(n);
    if (Number(fen) !== 0) m[`${u}|${d}|fen`] = Number(fen);
  }
  return m;
}

function stored() {
  const rows = sql('SELECT unit_id, measure, day, state, simple, n, fen FROM stats_cases');
  const cases = {};
  for (const [u, m, d, st, si, n, fen] of rows) {
    if (Number(n) !== 0) cases[`${u}|${m}|${d}|${st}|${si}|n`] = Number(n);
    if (Number(fen) !== 0) cases[`${u}|${m}|${d}|${st}|${si}|fen`] = Number(fen);
  }
  return {
    cases,
    offCases: counters(sql('SELECT unit_id, officer_id, role, day, n FROM stats_officer_cases')),
    offDecided: counters(sql('SELECT unit_id, officer_id, day, over, n FROM stats_officer_decided')),
    insp: counters(sql('SELECT unit_id, source, day, signed, n FROM stats_inspections')),
    offInsp: counters(sql('SELECT unit_id, officer_id, day, n FROM stats_officer_inspections')),
    domains: counters(sql('SELECT unit_id, domain, day, n FROM stats_case_domains')),
    collected: collectedRows(),
  };
}

describe('day counters', () => {
  test('S07 the counters equal a recount over the rows, after API writes and after edits made straight in the database', async () => {
    const want0 = recount();
    assert.ok(Object.keys(want0.cases).length > 10, 'the demo and S01–S02 made cases');
    assert.ok(Object.keys(want0.offDecided).length > 0);
    assert.deepEqual(stored(), want0);
    // edits that bypass the API: the triggers move the counters all the same
    const [[caseId, unitId]] = sql("SELECT id, unit_id FROM cases WHERE filed_on <> '' AND decided_on <> '' ORDER BY id LIMIT 1");
    const [[other]] = sql(`SELECT id FROM units WHERE id <> ${unitId} AND kind = 'township' ORDER BY id LIMIT 1`);
    sql(`UPDATE cases SET unit_id = ${other}, filed_on = '2026-01-05', extension_days = extension_days + 30, state = 'closed', closed_on = '2026-03-01' WHERE id = ${caseId}`);
    sql("UPDATE cases SET no_penalty_reason = '违法行为轻微并及时改正', decided_amount_fen = 0 WHERE id = (SELECT MIN(id) FROM cases WHERE decided_on <> '' AND no_penalty_reason = '')");
    sql(`UPDATE case_officers SET role = CASE WHEN role = 'lead' THEN 'assist' ELSE 'lead' END WHERE case_id = ${caseId}`);
    sql(`DELETE FROM case_officers WHERE id = (SELECT MAX(id) FROM case_officers WHERE case_id = ${caseId})`);
    sql("UPDATE inspections SET status = 'open', inspected_on = '2026-02-02' WHERE id = (SELECT MIN(id) FROM inspections WHERE status <> 'open')");
    sql("UPDATE inspection_officers SET kind = 'expert' WHERE id = (SELECT MIN(id) FROM inspection_officers WHERE kind = 'officer')");
    // violations moved to an item of another domain, to another case, and removed
    const [[v1, v1case]] = sql("SELECT v.id, v.case_id FROM case_violations v JOIN cases c ON c.id = v.case_id WHERE c.filed_on <> '' ORDER BY v.id LIMIT 1");
    const [[otherCode, otherVer]] = sql(`SELECT ci.code, cv.version FROM catalogue_items ci JOIN catalogue_versions cv ON cv.item_id = ci.id
      WHERE cv.domain <> (SELECT cv2.domain FROM case_violations v JOIN catalogue_items ci2 ON ci2.code = v.item_code
        JOIN catalogue_versions cv2 ON cv2.item_id = ci2.id AND cv2.version = v.item_version WHERE v.id = ${v1})
      ORDER BY ci.code LIMIT 1`);
    sql(`UPDATE case_violations SET item_code = '${otherCode}', item_version = ${otherVer} WHERE id = ${v1}`);
    sql(`UPDATE case_violations SET case_id = ${caseId} WHERE id = (SELECT MAX(id) FROM case_violations WHERE case_id <> ${v1case} AND case_id <> ${caseId})`);
    sql(`DELETE FROM case_violations WHERE id = (SELECT MIN(v.id) FROM case_violations v JOIN cases c ON c.id = v.case_id
      WHERE v.id <> ${v1} AND v.case_id <> ${caseId} AND c.filed_on <> '')`);
    // payments added, moved to another day, amount, kind or case, and removed
    const [[payCase]] = sql(`SELECT id FROM cases WHERE id <> ${caseId} AND decided_on <> '' ORDER BY id LIMIT 1`);
    sql(`INSERT INTO case_payments (case_id, kind, amount_fen, paid_on, created_at) VALUES
      (${caseId}, 'bank', 12300, '2026-01-07', '2026-01-07T02:00:00Z'),
      (${caseId}, 'bank', 4500, '2026-01-08', '2026-01-08T02:00:00Z'),
      (${payCase}, 'bank', 700, '2026-01-08', '2026-01-08T02:00:00Z'),
      (${payCase}, 'notice', 99900, '', '2026-01-08T02:00:00Z')`);
    sql("UPDATE case_payments SET paid_on = '2026-01-09', amount_fen = 4600 WHERE amount_fen = 4500 AND paid_on = '2026-01-08'");
    sql(`UPDATE case_payments SET case_id = ${caseId} WHERE amount_fen = 700 AND case_id = ${payCase}`);
    sql("UPDATE case_payments SET kind = 'bank', paid_on = '2026-01-10' WHERE amount_fen = 99900 AND kind = 'notice'");
    sql("DELETE FROM case_payments WHERE amount_fen = 12300 AND paid_on = '2026-01-07'");
    sql(`UPDATE cases SET unit_id = CASE WHEN unit_id = ${other} THEN ${unitId} ELSE ${other} END WHERE id = ${payCase}`);
    sql('UPDATE cases SET facts = facts WHERE id = 1'); // an edit that moves nothing
    const want1 = recount();
    assert.notDeepEqual(want1, want0);
    assert.deepEqual(stored(), want1);
    // and the dashboard reads them: the moved case counts in its new unit
    const d = await dash('chenjie', { from: '2026-01-05', to: '2026-01-05' });
    assert.ok((unitRow(d, Number(other)).cases_filed || 0) >= 1, JSON.stringify(unitRow(d, Number(other))));
    // the fines collected of those days, by unit, against a sum over the payment rows
    const p = await dash('liuyang', { from: '2026-01-07', to: '2026-01-10' });
    const want = {};
    for (const [u, fen] of sql(`SELECT c.unit_id, SUM(p.amount_fen) FROM case_payments p JOIN cases c ON c.id = p.case_id
      WHERE p.kind = 'bank' AND p.paid_on BETWEEN '2026-01-07' AND '2026-01-10' GROUP BY c.unit_id`)) want[u] = Number(fen);
    assert.ok((want[other] || 0) >= 4600 + 700, JSON.stringify(want));
    assert.equal(p.fines.collected_fen, Object.values(want).reduce((a, b) => a + b, 0));
    for (const [u, fen] of Object.entries(want)) assert.equal(unitRow(p, Number(u)).fines_collected_fen, fen, `unit ${u}`);
  });
});

describe('performance review and case-file evaluation', () => {
  test('S08 each officer\'s 案卷评查 figures equal a count over the submitted evaluations of their cases in the period', async () => {
    const p = await as.chenjie.get(`/api/v1/stats/performance?from=${FROM}&to=${TO}`);
    assert.equal(p.status, 200, p.text);
    // submitted_at is a UTC instant; the period's days are China's (UTC+8)
    const rows = sql(`SELECT co.officer_id, ec.total, ec.grade, ec.submitted_at FROM evaluation_cases ec JOIN case_officers co ON co.case_id = ec.case_id
      WHERE ec.status = 'submitted'`).filter((r) => { const d = localDay(r[3]); return d >= FROM && d <= TO; });
    const want = {};
    for (const [id, total, grade] of rows) {
      const w = (want[id] ||= { cases: 0, sum: 0, failed: 0 });
      w.cases++;
      w.sum += Number(total);
      if (grade === 'fail') w.failed++;
    }
    assert.ok(Object.keys(want).length > 0, 'the demo round has submitted evaluations');
    for (const o of p.body.officers) {
      const w = want[o.officer_id];
      if (!w) {
        assert.equal(o.evaluation, null, `officer ${o.officer_id}`);
        continue;
      }
      assert.equal(o.evaluation.cases, w.cases);
      assert.equal(o.evaluation.failed, w.failed);
      assert.equal(o.evaluation.average, Math.round((w.sum / w.cases) * 10) / 10);
    }
    assert.equal(p.body.missing, undefined);
  });
});

// ---- coverage figures: plans, draws, professional ratio ----------------

describe('coverage figures', () => {
  // The ledger and draw rows of the scope, loaded whole and counted here in
  // JS (the server counts them with one GROUP-less COUNT each).
  function scopeRows(unitPath) {
    const plans = sql(`SELECT l.year, l.month, l.status, u.path FROM inspection_ledger l JOIN units u ON u.id = l.unit_id WHERE l.source = 'plan' AND l.month IS NOT NULL`);
    const drawn = sql(`SELECT d.id, d.status, d.drawn_at, u.path, COALESCE(l.status, '-') FROM draws d JOIN units u ON u.id = d.unit_id LEFT JOIN inspection_ledger l ON l.source = 'draw' AND l.source_id = d.id`);
    const ym = (s) => Number(s.slice(0, 4)) * 100 + Number(s.slice(5, 7));
    const p = { planned: 0, done: 0, cancelled: 0 };
    for (const [y, m, st, path] of plans) {
      const k = Number(y) * 100 + Number(m);
      if (!path.startsWith(unitPath) || st === 'merged' || k < ym(FROM) || k > ym(TO)) continue;
      p.planned++;
      if (st === 'done') p.done++;
      if (st === 'cancelled') p.cancelled++;
    }
    const ids = new Set();
    const d = { enterprises: 0, inspected: 0 };
    for (const [id, st, at, path, lst] of drawn) {
      const dd = at.slice(0, 10);
      if (!path.startsWith(unitPath) || st !== 'done' || dd < FROM || dd > TO) continue;
      ids.add(id);
      if (lst === '-') continue;
      d.enterprises++;
      if (lst === 'done') d.inspected++;
    }
    return { p, d: { draws: ids.size, ...d } };
  }

  test('S09 plans and draws of the period equal a count over their rows, district and township', async () => {
    for (const [who, u] of [['admin', null], ['zhangwei', null], ['admin', unit['341504001']]]) {
      const d = await dash(who, u ? { unit_id: u.id } : {});
      const path = sql(`SELECT path FROM units WHERE id = ${d.unit.id}`)[0][0];
      const want = scopeRows(path);
      assert.equal(d.plans.planned, want.p.planned, `${who} planned`);
      assert.equal(d.plans.done, want.p.done);
      assert.equal(d.plans.cancelled, want.p.cancelled);
      const base = want.p.planned - want.p.cancelled;
      assert.equal(d.plans.coverage_permille, base > 0 ? Math.floor((want.p.done * 1000) / base) : 0);
      assert.equal(d.draws.draws, want.d.draws, `${who} draws`);
      assert.equal(d.draws.enterprises, want.d.enterprises);
      assert.equal(d.draws.inspected, want.d.inspected);
      assert.equal(d.draws.coverage_permille, want.d.enterprises ? Math.floor((want.d.inspected * 1000) / want.d.enterprises) : 0);
    }
  });

  test('S10 the professional ratio is the officers report\'s; new officers move it by what they are', async () => {
    const before = (await dash('admin')).officers_ratio;
    const rep = (await as.admin.get('/api/v1/reports/professional-ratio')).body;
    assert.equal(before.total, rep.overall.total);
    assert.equal(before.professional, rep.overall.professional);
    assert.equal(before.permille, rep.overall.permille);
    assert.equal(before.meets, rep.overall.meets);
    assert.equal(before.target_permille, rep.target_permille);
    const brigade = unit['341504001'].id; // 史河
    const tag = crypto.randomBytes(3).toString('hex');
    const mk = async (body) => {
      const r = await as.admin.post('/api/v1/officers', { kind: 'officer', unit_id: brigade, ...body });
      assert.equal(r.status, 201, r.text);
      return r.body;
    };
    await mk({ name: `比例甲${tag}`, practice_years: 10 });
    await mk({ name: `比例乙${tag}`, practice_years: 0 });
    await mk({ name: `比例丙${tag}`, kind: 'auxiliary', practice_years: 10 });
    const after = (await dash('admin')).officers_ratio;
    assert.equal(after.total, before.total + 2);
    assert.equal(after.professional, before.professional + 1);
    // a township's figure counts only its own officers
    const town = (await dash('admin', { unit_id: brigade })).officers_ratio;
    const rows = sql(`SELECT o.education_relevant, o.qualifications, o.practice_years FROM officers o JOIN units u ON u.id = o.unit_id WHERE o.kind = 'officer' AND o.status = 'serving' AND u.path LIKE '${sql(`SELECT path FROM units WHERE id = ${brigade}`)[0][0]}%'`);
    assert.equal(town.total, rows.length);
    assert.equal(town.professional, rows.filter(([e, q, y]) => Number(e) !== 0 || q !== '' || Number(y) >= 3).length);
  });

  test('S11 an officer cannot read another unit\'s coverage figures', async () => {
    const r = await as.zhoujun.get(`/api/v1/stats/dashboard?unit_id=${unit['341504001'].id}`);
    assertError(r, 403, 'perm.out_of_scope');
    assert.equal(r.body.plans, undefined);
    // their own figures answer, for their own unit only
    const own = await dash('zhoujun');
    assert.notEqual(own.unit.id, unit['341504001'].id);
    assert.equal(typeof own.plans.planned, 'number');
  });
});

describe('cases by domain', () => {
  test('S12 cases registered in the period by the catalogue domain of their violations: deltas equal what was created', async () => {
    const items = (await as.admin.get('/api/v1/catalogue?delegable=1&limit=1')).body.items;
    const domain = items[0].domain;
    assert.ok(domain, 'the catalogue item has a domain');
    const byDomain = (d) => Object.fromEntries(d.cases.by_domain.map((x) => [x.domain, x.count]));
    const d0 = await dash('chenjie');
    // in the period; before the period; a draft (never registered)
    const a = await draft();
    await ok(a.id, 'chenjie', 'file', { filed_on: day(-20) });
    const b = await draft();
    await ok(b.id, 'chenjie', 'file', { filed_on: day(-55) });
    await draft();
    const d1 = await dash('chenjie');
    const m0 = byDomain(d0), m1 = byDomain(d1);
    assert.equal((m1[domain] || 0) - (m0[domain] || 0), 1, 'only the case filed in the period');
    for (const k of Object.keys(m1)) if (k !== domain) assert.equal(m1[k], m0[k] || 0, k);
    // each case counts once in a domain: no domain exceeds the registered cases
    for (const x of d1.cases.by_domain) assert.ok(x.count <= d1.cases.registered);
    // another unit's officer does not see the brigade's case in their figure
    const z0 = byDomain(await dash('zhoujun'));
    const c = await draft();
    await ok(c.id, 'chenjie', 'file', { filed_on: day(-5) });
    assert.deepEqual(byDomain(await dash('zhoujun')), z0);
  });
});

describe('cases by domain, clicked through', () => {
  test('S16 the case list filtered by domain and the period lists exactly the cases each domain figure counts, for the district and a township', async () => {
    const all = async (who, q) => {
      const ids = [];
      let before;
      for (;;) {
        const qs = new URLSearchParams({ ...q, limit: '200', ...(before ? { before: String(before) } : {}) });
        const r = await as[who].get(`/api/v1/cases?${qs}`);
        assert.equal(r.status, 200, r.text);
        ids.push(...r.body.items.map((x) => x.id));
        if (!r.body.next_before) return ids;
        before = r.body.next_before;
      }
    };
    for (const who of ['chenjie', 'sunli']) {
      const d = await dash(who);
      assert.ok(who !== 'chenjie' || d.cases.by_domain.length > 0, 'the demo and S12 have cases with domains');
      for (const x of d.cases.by_domain) {
        const ids = await all(who, { domain: x.domain, from: FROM, to: TO });
        assert.equal(ids.length, x.count, `${who} ${x.domain}`);
        assert.equal(new Set(ids).size, ids.length);
      }
    }
    // bad input named: half a period, a reversed one
    let r = await as.chenjie.get(`/api/v1/cases?from=${FROM}`);
    assertError(r, 400, 'input.invalid', 'to');
    r = await as.chenjie.get(`/api/v1/cases?from=${TO}&to=${FROM}`);
    assertError(r, 400, 'input.invalid');
  });
});

describe('draw coverage through the API', () => {
  test('S13 a witnessed draw adds one draw and its drawn enterprises; a frozen one adds nothing; another township sees neither', async () => {
    const d0 = await dash('admin');
    const z0 = await dash('zhoujun');
    const pastPeriod = { from: day(-50), to: day(-1) };
    const past0 = await dash('admin', pastPeriod);
    const r = await as.chenjie.post('/api/v1/draws', { month: 12, ratio_permille: 50, supervision: 'general', title: '统计测试抽查' });
    assert.equal(r.status, 201, r.text);
    const frozen = await as.chenjie.post('/api/v1/draws', { month: 11, ratio_permille: 50, supervision: 'general', title: '统计测试抽查（未见证）' });
    assert.equal(frozen.status, 201, frozen.text);
    const d1 = await dash('admin');
    assert.deepEqual(d1.draws, d0.draws, 'frozen draws are not done');
    const w = await as.liuyang.post(`/api/v1/draws/${r.body.id}/witness`, { witness: '统计测试见证' });
    assert.equal(w.status, 200, w.text);
    assert.equal(w.body.status, 'done');
    const d2 = await dash('admin');
    assert.equal(d2.draws.draws, d0.draws.draws + 1);
    assert.equal(d2.draws.enterprises, d0.draws.enterprises + r.body.target_count, 'one ledger entry per drawn enterprise');
    assert.equal(d2.draws.inspected, d0.draws.inspected, 'none inspected yet');
    assert.equal(d2.draws.coverage_permille, Math.floor((d2.draws.inspected * 1000) / d2.draws.enterprises));
    assert.deepEqual((await dash('zhoujun')).draws, z0.draws);
    // a period that ended before today does not count today's draw (it was
    // compared with the default period before, which is not the same span:
    // it failed on days when the 50 days before held more draws)
    assert.deepEqual((await dash('admin', pastPeriod)).draws, past0.draws);
  });
});

describe('local days of stored instants', () => {
  test('S15 a draw witnessed and an evaluation submitted at 01:00 China time (17:00 UTC the day before) count on the China day, not the UTC one', async () => {
    const yesterday = day(-1);
    const evening = `${day(-2)}T17:00:00.000Z`; // = yesterday 01:00 in China
    const drawn = sql("SELECT id, unit_id FROM draws WHERE status = 'done' ORDER BY id LIMIT 1");
    assert.ok(drawn.length, 'a witnessed draw (the demo or S13)');
    const evald = sql("SELECT id FROM evaluation_cases WHERE status = 'submitted' ORDER BY id LIMIT 1");
    assert.ok(evald.length, 'a submitted evaluation (the demo round)');
    const before = { d: await dash('admin', { from: yesterday, to: yesterday }), dm: await dash('admin', { from: day(-2), to: day(-2) }) };
    const perf = async (from, to) => {
      const r = await as.chenjie.get(`/api/v1/stats/performance?from=${from}&to=${to}`);
      assert.equal(r.status, 200, r.text);
      return r.body.officers.reduce((n, o) => n + (o.evaluation ? o.evaluation.cases : 0), 0);
    };
    const pb = { y: await perf(yesterday, yesterday), dm: await perf(day(-2), day(-2)) };
    sql(`UPDATE draws SET drawn_at = '${evening}' WHERE id = ${drawn[0][0]}`);
    sql(`UPDATE evaluation_cases SET submitted_at = '${evening}' WHERE id = ${evald[0][0]}`);
    const y = await dash('admin', { from: yesterday, to: yesterday });
    const dm = await dash('admin', { from: day(-2), to: day(-2) });
    assert.equal(y.draws.draws, before.d.draws.draws + 1, 'counted on the China day');
    assert.equal(dm.draws.draws, before.dm.draws.draws, 'not on the UTC day');
    const officers = Number(sql(`SELECT COUNT(*) FROM case_officers WHERE case_id = (SELECT case_id FROM evaluation_cases WHERE id = ${evald[0][0]})`)[0][0]);
    assert.ok(officers > 0);
    assert.equal(await perf(yesterday, yesterday), pb.y + officers, 'the evaluation on the China day, once per case officer');
    assert.equal(await perf(day(-2), day(-2)), pb.dm);
  });
});

describe('training compliance', () => {
  test('S14 officers with the yearly refresher days: the training report\'s count; a finished course completes, a running one counts only its days so far', async () => {
    const Y = TO.slice(0, 4);
    const q = { from: `${Y}-01-01`, to: TO };
    const report = async () => {
      const r = await as.admin.get(`/api/v1/reports/training?year=${Y}`);
      assert.equal(r.status, 200, r.text);
      return r.body;
    };
    const check = async () => {
      const t = (await dash('admin', q)).training;
      const rep = await report();
      assert.equal(t.year, Number(Y));
      assert.equal(t.required_days, rep.rules.refresher_days_per_year);
      assert.equal(t.officers, rep.total);
      assert.equal(t.complete, rep.items.filter((x) => x.compliance.refresher.complete).length);
      return t;
    };
    const t0 = await check();
    const need = t0.required_days;
    assert.ok(need > 3, 'the rule asks for more than the 3 days a running course has had');
    const mk = async (name) => {
      const r = await as.admin.post('/api/v1/officers', { name, kind: 'officer', unit_id: unit['341504001'].id });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    };
    const tag = crypto.randomBytes(3).toString('hex');
    const done = await mk(`培训甲${tag}`);
    const running = await mk(`培训乙${tag}`);
    const t1 = await check();
    assert.equal(t1.officers, t0.officers + 2);
    assert.equal(t1.complete, t0.complete);
    // finished within the year (the 50 days before today stay in the year
    // except in January and February)
    if (day(-50).slice(0, 4) === Y) {
      const r = await as.admin.post('/api/v1/trainings', { officer_id: done, kind: 'refresher', start_date: day(-50), end_date: day(-1), days: need, topic: '统计测试复训' });
      assert.equal(r.status, 201, r.text);
    }
    // running: began two days ago, ends in ten: 3 days so far
    const r2 = await as.admin.post('/api/v1/trainings', { officer_id: running, kind: 'refresher', start_date: day(-2), end_date: day(10), days: need, topic: '统计测试复训（进行中）' });
    assert.equal(r2.status, 201, r2.text);
    const t2 = await check();
    assert.equal(t2.complete, t0.complete + (day(-50).slice(0, 4) === Y ? 1 : 0));
    // a township's figure counts its own officers only
    const town = (await dash('admin', { ...q, unit_id: unit['341504001'].id })).training;
    assert.ok(town.officers >= 2 && town.officers < t2.officers);
  });
});
