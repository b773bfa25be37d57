// Triggered inspections and credit follow-ups (issue 6, last gaps) against a
// real server with the demo district: POST /api/v1/enterprises/{id}/ledger
// records an inspection a complaint, accident, follow-up, referral or ad hoc
// decision caused (never refused for the yearly cap of 国办发〔2024〕54号,
// counted or not per inspection.cap.sources); flipping credit_punished 0 → 1
// creates the mandatory follow-up and flags the affiliates of the same
// credit-code group (group_code, migration 012) exactly once; group_code is
// validated, filterable, exported and imported.
//
//   ZHIFA_BIN=/work/main/build-credit/zhifa node --test tests/api/ledger.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, client } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;
let srv;
const as = {};
const unit = {};

// GB 32100-2015 check character (LAW.md §9), an independent port for tests.
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
function badCheck(code) {
  const i = SET.indexOf(code[17]);
  return code.slice(0, 17) + SET[(i + 1) % 31];
}

function assertError(r, status, code, field) {
  assert.equal(r.status, status, `want ${status}, got ${r.status}: ${r.text}`);
  assert.equal(r.body.error.code, code, r.text);
  assert.match(r.body.error.message, HAN);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
}

function today() {
  const d = new Date(Date.now() + 8 * 3600 * 1000); // Asia/Shanghai, no DST
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

let seq = 8100000;
async function createEnt(who, town, extra = {}) {
  const body = {
    credit_code: codeFor(seq++), name: `台账测试企业${seq}`, unit_id: unit[town].id,
    domain: 'industry', scale: 'micro', risk: 'yellow', supervision: 'general', ...extra,
  };
  const r = await as[who].post('/api/v1/enterprises', body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function burden(id, year) {
  const r = await as.admin.get(`/api/v1/enterprises/${id}/burden${year ? `?year=${year}` : ''}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

before(async () => {
  srv = await startServer();
  for (const u of ['admin', 'chenjie', 'wangfang', 'sunli', 'zhoujun', 'wugang']) {
    as[u] = client(srv.url);
    const r = await as[u].login(u);
    assert.equal(r.status, 200, r.text);
  }
  for (const x of (await as.admin.get('/api/v1/units')).body.items) unit[x.code] = x;
});
after(async () => { await srv.stop(); });

describe('triggered inspections: POST /api/v1/enterprises/{id}/ledger', () => {
  test('L01 a complaint is recorded with its source, shown in the burden, not counted by default', async () => {
    const e = await createEnt('sunli', '341504001');
    const r = await as.sunli.post(`/api/v1/enterprises/${e.id}/ledger`, { source: 'complaint', month: 5, year: 2029, note: '群众投诉粉尘超标' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.entry.source, 'complaint');
    assert.equal(r.body.entry.source_name, '投诉举报');
    assert.equal(r.body.entry.month, 5);
    assert.equal(r.body.entry.year, 2029);
    assert.equal(r.body.entry.status, 'planned');
    assert.equal(r.body.entry.unit_id, unit['341504001'].id, 'the township officer inspects for her township');
    assert.equal(r.body.burden.triggered, 1);
    assert.equal(r.body.burden.counted, 0, 'complaint is not in the default inspection.cap.sources');
    assert.equal(r.body.warning, null);
    const b = await burden(e.id, 2029);
    assert.equal(b.entries.length, 1);
    assert.equal(b.entries[0].source, 'complaint');
    assert.equal(b.entries[0].source_name, '投诉举报');
    assert.equal(b.entries[0].triggered, true);
    assert.equal(b.entries[0].counts, false);
    assert.equal(b.entries[0].note, '群众投诉粉尘超标');
    // logged in the same transaction
    const h = await as.admin.get(`/api/v1/objects/ledger_entry/${r.body.entry.id}/history`);
    assert.equal(h.status, 200, h.text);
    assert.equal(h.body.items[0].action, 'ledger.add');
  });

  test('L02 month and year default to today in Asia/Shanghai; the brigade inspects for chenjie', async () => {
    const e = await createEnt('admin', '341504100');
    const r = await as.chenjie.post(`/api/v1/enterprises/${e.id}/ledger`, { source: 'accident', note: '发生一般事故后检查' });
    assert.equal(r.status, 201, r.text);
    const t = today();
    assert.equal(r.body.entry.month, t.month);
    assert.equal(r.body.entry.year, t.year);
    assert.equal(r.body.entry.unit_id, unit['341504-01'].id);
    // admin sits at the bureau: its first brigade inspects
    const a = await as.admin.post(`/api/v1/enterprises/${e.id}/ledger`, { source: 'referral', note: '公安移送线索' });
    assert.equal(a.status, 201, a.text);
    assert.equal(a.body.entry.unit_id, unit['341504-01'].id);
  });

  test('L03 counted per configuration; never refused for the cap, warned when reached or exceeded', async () => {
    const e = await createEnt('sunli', '341504001');
    const cap = (await burden(e.id, 2029)).cap;
    assert.ok(cap >= 1, 'the demo configures a cap for 一般/黄');
    let last;
    for (let i = 1; i <= cap + 1; i++) {
      last = await as.sunli.post(`/api/v1/enterprises/${e.id}/ledger`, { source: 'ad_hoc', month: 3, year: 2029, note: `临时检查${i}` });
      assert.equal(last.status, 201, last.text);
      assert.equal(last.body.burden.counted, i, 'ad_hoc counts by default');
      if (i < cap) assert.equal(last.body.warning, null);
      if (i === cap) {
        assert.equal(last.body.burden.cap_reached, true);
        assert.equal(last.body.burden.over, false);
        assert.match(last.body.warning, /达到年度上限/);
      }
    }
    assert.equal(last.body.burden.over, true);
    assert.match(last.body.warning, /超出年度上限/);
    assert.equal((await burden(e.id, 2029)).over, true);
    // a dated configuration that counts complaints from 2030 on
    const p = await as.admin.post('/api/v1/legal-params', {
      key: 'inspection.cap.sources', value: 'plan draw ad_hoc complaint accident', effective_from: '2030-01-01',
      source: '区应急局公布的检查频次计数口径（测试）', confirmed: true,
    });
    assert.equal(p.status, 201, p.text);
    const c29 = await as.sunli.post(`/api/v1/enterprises/${e.id}/ledger`, { source: 'complaint', month: 4, year: 2029, note: '投诉' });
    assert.equal(c29.body.burden.counted, cap + 1, 'complaint not counted in 2029');
    const c30 = await as.sunli.post(`/api/v1/enterprises/${e.id}/ledger`, { source: 'complaint', month: 4, year: 2030, note: '投诉' });
    assert.equal(c30.status, 201, c30.text);
    assert.equal(c30.body.burden.counted, 1, 'complaint counted from 2030');
    assert.equal(c30.body.burden.triggered, 1);
    assert.equal((await burden(e.id, 2030)).entries[0].counts, true);
  });

  test('L04 wrong role: auxiliary wangfang and city supervisor wugang get 403, nothing stored', async () => {
    const e = await createEnt('admin', '341504100');
    for (const who of ['wangfang', 'wugang']) {
      assertError(await as[who].post(`/api/v1/enterprises/${e.id}/ledger`, { source: 'complaint', note: '投诉' }), 403, 'perm.denied');
    }
    assert.equal((await burden(e.id)).entries.length, 0);
  });

  test('L05 wrong unit: sunli cannot record for a 平岗 enterprise, zhoujun can', async () => {
    const e = await createEnt('zhoujun', '341504002');
    assertError(await as.sunli.post(`/api/v1/enterprises/${e.id}/ledger`, { source: 'complaint', note: '投诉' }), 403, 'perm.out_of_scope');
    const ok = await as.zhoujun.post(`/api/v1/enterprises/${e.id}/ledger`, { source: 'complaint', note: '投诉' });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.entry.unit_id, unit['341504002'].id);
    assert.equal((await burden(e.id)).entries.length, 1);
  });

  test('L06 bad input: 400 naming the field', async () => {
    const e = await createEnt('sunli', '341504001');
    const url = `/api/v1/enterprises/${e.id}/ledger`;
    for (const source of ['plan', 'draw', 'credit', 'bogus']) {
      assertError(await as.sunli.post(url, { source, note: '理由' }), 400, 'input.invalid', 'source');
    }
    assertError(await as.sunli.post(url, { note: '理由' }), 400, 'input.invalid', 'source');
    assertError(await as.sunli.post(url, { source: 'complaint', note: '理由', month: 13 }), 400, 'input.invalid', 'month');
    assertError(await as.sunli.post(url, { source: 'complaint', note: '理由', month: 0 }), 400, 'input.invalid', 'month');
    assertError(await as.sunli.post(url, { source: 'complaint', note: '理由', month: '5' }), 400, 'input.invalid', 'month');
    assertError(await as.sunli.post(url, { source: 'complaint', note: '理由', year: 1999 }), 400, 'input.invalid', 'year');
    assertError(await as.sunli.post(url, { source: 'complaint' }), 400, 'input.invalid', 'note');
    assertError(await as.sunli.post(url, { source: 'complaint', note: '' }), 400, 'input.invalid', 'note');
    assertError(await as.sunli.post('/api/v1/enterprises/99999999/ledger', { source: 'complaint', note: '理由' }), 404, 'enterprise.not_found');
    assert.equal((await burden(e.id)).entries.length, 0);
  });

  test('L07 officers: the team rule applies and the refusal names the person', async () => {
    const e = await createEnt('sunli', '341504001');
    const brigade = (await as.admin.get(`/api/v1/officers?unit_id=${unit['341504-01'].id}`)).body.items;
    const outsider = brigade[0];
    const r = await as.sunli.post(`/api/v1/enterprises/${e.id}/ledger`, { source: 'follow_up', note: '复查整改', officers: String(outsider.id) });
    assertError(r, 400, 'plan.team_invalid', 'officers');
    assert.ok(r.body.error.message.includes(outsider.name), r.text);
    assertError(await as.sunli.post(`/api/v1/enterprises/${e.id}/ledger`, { source: 'follow_up', note: '复查', officers: 'x,y' }), 400, 'input.invalid', 'officers');
    // a valid team of the brigade for chenjie
    const t = today();
    const day = `${t.year}-${String(t.month).padStart(2, '0')}-01`;
    const certified = brigade.filter((o) => o.kind === 'officer' && o.cert_no && o.cert_expires_on > day && o.status === 'serving');
    const team = certified.slice(0, 2).map((o) => o.id).join(',');
    const ok = await as.chenjie.post(`/api/v1/enterprises/${e.id}/ledger`, { source: 'follow_up', note: '复查整改', officers: team });
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(ok.body.entry.officers, certified.slice(0, 2).map((o) => o.id).sort((a, b) => a - b));
  });
});

describe('credit punishment follow-ups and credit-code groups', () => {
  let head;
  let sister;
  let farSister;
  let closed;
  let stranger;

  test('C01 group_code: validated, no self-group, filterable', async () => {
    head = await createEnt('sunli', '341504001');
    assert.equal(head.group_code, '');
    const bad = await as.sunli.post('/api/v1/enterprises', {
      credit_code: codeFor(seq++), name: '坏集团代码', unit_id: unit['341504001'].id, domain: 'industry', scale: 'micro',
      risk: 'yellow', supervision: 'general', group_code: badCheck(head.credit_code),
    });
    assertError(bad, 400, 'enterprise.invalid_group', 'group_code');
    assertError(await as.sunli.patch(`/api/v1/enterprises/${head.id}`, { version: head.version, group_code: head.credit_code }), 400, 'enterprise.invalid_group', 'group_code');
    sister = await createEnt('sunli', '341504001', { group_code: head.credit_code.toLowerCase() });
    assert.equal(sister.group_code, head.credit_code, 'normalised');
    farSister = await createEnt('zhoujun', '341504002', { group_code: head.credit_code });
    closed = await createEnt('sunli', '341504001', { group_code: head.credit_code, status: 'closed' });
    stranger = await createEnt('sunli', '341504001');
    const list = await as.admin.get(`/api/v1/enterprises?group_code=${head.credit_code}&sort=code`);
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.body.items.map((x) => x.id).sort(), [sister.id, farSister.id, closed.id].sort());
    assert.equal(list.body.total, 3);
    // scoped: sunli sees only 史河's
    const mine = await as.sunli.get(`/api/v1/enterprises?group_code=${head.credit_code}`);
    assert.equal(mine.body.total, 2);
    assertError(await as.admin.get('/api/v1/enterprises?group_code=123'), 400, 'input.invalid', 'group_code');
  });

  test('C02 flipping credit_punished 0 → 1 creates the follow-up and the affiliates’ entries in one go', async () => {
    const t = today();
    const cur = (await as.sunli.get(`/api/v1/enterprises/${head.id}`)).body;
    const r = await as.sunli.patch(`/api/v1/enterprises/${head.id}`, { version: cur.version, credit_punished: true });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.credit_punished, true);
    const f = r.body.followups;
    assert.equal(f.length, 3, JSON.stringify(f));
    const own = f.find((x) => x.enterprise_id === head.id);
    assert.equal(own.source, 'credit');
    assert.equal(own.affiliate, false);
    assert.equal(own.note, '失信惩戒后的跟进检查（强制）');
    assert.equal(own.month, t.month);
    assert.equal(own.year, t.year);
    assert.equal(own.status, 'planned');
    assert.equal(own.unit_id, unit['341504001'].id);
    const ids = f.filter((x) => x.affiliate).map((x) => x.enterprise_id).sort();
    assert.deepEqual(ids, [sister.id, farSister.id].sort(), 'closed and unrelated enterprises are not flagged');
    for (const x of f.filter((y) => y.affiliate)) assert.equal(x.note, `关联企业失信惩戒（同一集团：${head.name}）`);
    assert.equal(f.find((x) => x.enterprise_id === farSister.id).unit_id, unit['341504002'].id, 'flagged for its own township');
    // shown in the burden panels with their source
    const b = await burden(sister.id);
    assert.equal(b.entries.length, 1);
    assert.equal(b.entries[0].source, 'credit');
    assert.equal(b.entries[0].source_name, '信用惩戒');
    assert.equal(b.entries[0].triggered, true);
    assert.equal((await burden(stranger.id)).entries.length, 0);
    assert.equal((await burden(closed.id)).entries.length, 0);
    // each entry has its event
    for (const x of f) {
      const h = await as.admin.get(`/api/v1/objects/ledger_entry/${x.id}/history`);
      assert.equal(h.body.items.length, 1, h.text);
      assert.equal(h.body.items[0].action, 'ledger.add');
    }
  });

  test('C03 1 → 0 creates nothing; 0 → 1 again in the same month does not duplicate', async () => {
    let cur = (await as.sunli.get(`/api/v1/enterprises/${head.id}`)).body;
    const off = await as.sunli.patch(`/api/v1/enterprises/${head.id}`, { version: cur.version, credit_punished: false });
    assert.equal(off.status, 200, off.text);
    assert.deepEqual(off.body.followups, []);
    const again = await as.sunli.patch(`/api/v1/enterprises/${head.id}`, { version: off.body.version, credit_punished: true });
    assert.equal(again.status, 200, again.text);
    assert.deepEqual(again.body.followups, []);
    // an unrelated edit of a punished enterprise creates nothing either
    cur = again.body;
    const edit = await as.sunli.patch(`/api/v1/enterprises/${head.id}`, { version: cur.version, address: '史河街道新址1号' });
    assert.deepEqual(edit.body.followups, []);
    // the sister punished now: everyone of the group already has an open entry
    const s = (await as.sunli.get(`/api/v1/enterprises/${sister.id}`)).body;
    const sp = await as.sunli.patch(`/api/v1/enterprises/${sister.id}`, { version: s.version, credit_punished: true });
    assert.deepEqual(sp.body.followups, []);
    for (const id of [head.id, sister.id, farSister.id]) {
      assert.equal((await burden(id)).entries.filter((x) => x.source === 'credit').length, 1, `enterprise ${id}`);
    }
  });

  test('C04 the group is found both ways: the head office of a punished site is flagged', async () => {
    const hq = await createEnt('admin', '341504100');
    const site = await createEnt('admin', '341504100', { group_code: hq.credit_code });
    const r = await as.admin.patch(`/api/v1/enterprises/${site.id}`, { version: site.version, credit_punished: true });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.followups.map((x) => [x.enterprise_id, x.affiliate]).sort(), [[hq.id, true], [site.id, false]].sort());
    assert.equal(r.body.followups[0].unit_id, unit['341504-01'].id);
  });

  test('C05 a refused PATCH creates nothing (wrong unit, stale version)', async () => {
    const e = await createEnt('zhoujun', '341504002');
    assertError(await as.sunli.patch(`/api/v1/enterprises/${e.id}`, { version: e.version, credit_punished: true }), 403, 'perm.out_of_scope');
    assertError(await as.wugang.patch(`/api/v1/enterprises/${e.id}`, { version: e.version, credit_punished: true }), 403, 'perm.denied');
    assertError(await as.zhoujun.patch(`/api/v1/enterprises/${e.id}`, { version: e.version + 5, credit_punished: true }), 409, 'conflict.version');
    assert.equal((await burden(e.id)).entries.length, 0);
  });
});

describe('group_code in import and export', () => {
  const HEADER = ['统一社会信用代码', '企业名称', '所属乡镇', '地址', '行业领域', '规模', '法定代表人',
    '联系人', '联系电话', '风险等级', '监管类别', '状态'];
  function csv(rows) { return rows.map((r) => r.join(',')).join('\r\n') + '\r\n'; }
  function row(code, name) {
    return [code, name, '三元镇', '叶集区三元镇测试路2号', '工贸', '小微', '王五', '赵六', '13800000000', '黄', '一般', '在营'];
  }
  async function upload(c, body) {
    const res = await fetch(`${srv.url}/api/v1/enterprises/import`, {
      method: 'POST', headers: { 'content-type': 'text/csv', cookie: c.cookie, 'x-csrf-token': c.csrf }, body,
    });
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text), text };
  }

  test('G01 old files without the column import; the new column is read, checked and exported', async () => {
    const old = await upload(as.admin, csv([HEADER, row(codeFor(seq++), '旧模板导入企业')]));
    assert.equal(old.status, 200, old.text);
    assert.equal(old.body.imported, 1);
    const group = codeFor(seq++);
    const a = codeFor(seq++);
    const b = codeFor(seq++);
    const withCol = await upload(as.admin, csv([[...HEADER, '集团统一社会信用代码'], [...row(a, '新模板导入甲'), group], [...row(b, '新模板导入乙'), '']]));
    assert.equal(withCol.status, 200, withCol.text);
    assert.equal(withCol.body.imported, 2);
    const got = await as.admin.get(`/api/v1/enterprises?group_code=${group}`);
    assert.deepEqual(got.body.items.map((x) => x.credit_code), [a]);
    const bad = await upload(as.admin, csv([[...HEADER, '集团统一社会信用代码'], [...row(codeFor(seq), '坏代码'), badCheck(group)], [...row(codeFor(seq + 1), '自己'), codeFor(seq + 1)]]));
    seq += 2;
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.body.error.code, 'import.invalid_rows');
    assert.deepEqual(bad.body.errors.map((x) => [x.row, x.column]), [[2, '集团统一社会信用代码'], [3, '集团统一社会信用代码']]);
    const exp = await fetch(`${srv.url}/api/v1/enterprises/export?format=csv&group_code=${group}`, { headers: { cookie: as.admin.cookie } });
    const lines = (await exp.text()).replace(/^\ufeff/, '').trim().split('\r\n');
    const cols = lines[0].split(',');
    assert.equal(cols[cols.length - 1], '集团统一社会信用代码');
    assert.equal(lines.length, 2);
    assert.equal(lines[1].split(',')[cols.length - 1], group);
    const tpl = await fetch(`${srv.url}/api/v1/enterprises/template?format=csv`, { headers: { cookie: as.admin.cookie } });
    assert.deepEqual((await tpl.text()).replace(/^\ufeff/, '').split('\r\n')[0].split(','), [...HEADER, '集团统一社会信用代码']);
  });
});

describe('demo', () => {
  test('D01 the demo has a credit-code group: a head office and two sites in other townships', async () => {
    const all = [];
    let cursor = '';
    for (;;) {
      const r = await as.admin.get(`/api/v1/enterprises?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...r.body.items);
      if (!r.body.next_cursor) break;
      cursor = r.body.next_cursor;
    }
    const demo = all.filter((e) => !e.name.startsWith('台账测试企业') && !e.name.includes('导入'));
    const members = demo.filter((e) => e.group_code);
    assert.equal(members.length, 2, JSON.stringify(members.map((e) => e.name)));
    assert.equal(members[0].group_code, members[1].group_code);
    const head = demo.find((e) => e.credit_code === members[0].group_code);
    assert.ok(head, 'the head office is a demo enterprise');
    assert.equal(head.status, 'operating');
    for (const m of members) assert.notEqual(m.unit.id, head.unit.id);
  });
});
