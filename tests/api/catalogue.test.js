// Catalogue of enforcement items (R2, R8, R9), legal parameters and the
// discretion endpoint (R10), against a real server on a real SQLite file.
//
//   ZHIFA_BIN=/work/main/build-cat/zhifa node --test tests/api/catalogue.test.js
//
// The catalogue belongs to the district, not to a unit: every signed-in
// role reads it, admin and the legal reviewer (zhaomin) write it. Wrong-unit
// rows: sunli (史河街道) and zhoujun (平岗街道) see the same catalogue and
// neither may write it; delegation, not the unit, limits what they may use.
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, client, runStatus } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;
let srv;
const c = {};

function err(r, status, code, field) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.body && r.body.error, `no error envelope: ${r.text}`);
  if (code) assert.equal(r.body.error.code, code, r.text);
  assert.match(r.body.error.message, HAN);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
  return r.body.error;
}

const NEW_ITEM = {
  code: 'TS-001-01',
  effective_from: '2021-09-01',
  domain: '工贸',
  title: '测试事项：粉尘涉爆场所未按规定清扫',
  violation_basis: '安全生产法(2021)第41条第2款',
  penalty_basis: '安全生产法(2021)第102条',
  target: '生产经营单位',
  fine_max: 5000000,
  other_measures: '责令立即消除或者限期消除',
  reason: '测试',
};

before(async () => {
  srv = await startServer();
  for (const u of ['admin', 'zhaomin', 'zhangwei', 'sunli', 'zhoujun', 'wugang', 'liuyang', 'wangfang']) {
    c[u] = client(srv.url);
    const r = await c[u].login(u);
    assert.equal(r.status, 200, r.text);
  }
});
after(async () => { if (srv) await srv.stop(); });

describe('catalogue: list and read', () => {
  test('C01 every signed-in role reads the seeded catalogue (83 items of catalog.csv)', async () => {
    for (const u of ['sunli', 'zhoujun', 'wugang', 'wangfang']) {
      const r = await c[u].get('/api/v1/catalogue?limit=500');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.items.length, 83);
      assert.ok(r.body.items.every((i) => i.violation_basis && i.penalty_basis));
    }
  });
  test('C02 unauthenticated → 401', async () => {
    err(await client(srv.url).get('/api/v1/catalogue'), 401, 'auth.required');
  });
  test('C03 filters: domain, delegable, kind, q; bad filter → 400', async () => {
    let r = await c.zhangwei.get('/api/v1/catalogue?domain=' + encodeURIComponent('烟花爆竹'));
    assert.deepEqual(r.body.items.map((i) => i.code), ['YH-036-01', 'YH-038-01', 'YH-038-02']);
    r = await c.zhangwei.get('/api/v1/catalogue?delegable=true');
    assert.deepEqual(r.body.items.map((i) => i.code), ['AQ-099-01', 'AQ-099-05', 'AQ-099-08', 'AQ-105-02', 'YH-038-02']);
    r = await c.zhangwei.get('/api/v1/catalogue?delegable=false&limit=500');
    assert.equal(r.body.items.length, 78);
    r = await c.zhangwei.get('/api/v1/catalogue?q=' + encodeURIComponent('警示标志'));
    assert.ok(r.body.items.some((i) => i.code === 'AQ-099-01'));
    assert.ok(r.body.items.every((i) => i.title.includes('警示标志')));
    r = await c.zhangwei.get('/api/v1/catalogue?q=%25');
    assert.equal(r.body.items.length, 0, 'a % in q is a literal, not a wildcard');
    r = await c.zhangwei.get('/api/v1/catalogue?kind=' + encodeURIComponent('行政检查'));
    assert.equal(r.body.items.length, 0);
    err(await c.zhangwei.get('/api/v1/catalogue?delegable=maybe'), 400, 'input.invalid', 'delegable');
    err(await c.zhangwei.get('/api/v1/catalogue?date=2026-02-30'), 400, 'input.invalid', 'date');
  });
  test('C04 keyset paging: limit 30, then after the last code, covers all 83 once', async () => {
    const seen = [];
    let after = '';
    for (let i = 0; i < 5; i++) {
      const r = await c.sunli.get(`/api/v1/catalogue?limit=30${after ? '&after=' + after : ''}`);
      seen.push(...r.body.items.map((x) => x.code));
      if (!r.body.next_after) break;
      after = r.body.next_after;
    }
    assert.equal(seen.length, 83);
    assert.equal(new Set(seen).size, 83);
  });
  test('C05 fine ranges are fen; "X元以下" has no minimum; gains multiples are parsed', async () => {
    let r = await c.sunli.get('/api/v1/catalogue/AQ-099-01');
    assert.equal(r.status, 200);
    assert.equal(r.body.current.fine_min, null);
    assert.equal(r.body.current.fine_max, 5000000);
    assert.equal(r.body.current.delegable, true);
    assert.match(r.body.current.delegation_note, /二（二）2/);
    r = await c.sunli.get('/api/v1/catalogue/AQ-092-02');
    assert.equal(r.body.current.fine_min, 10000000);
    assert.equal(r.body.current.gains_threshold, 10000000);
    assert.equal(r.body.current.gains_mult_min, 2);
    assert.equal(r.body.current.gains_mult_max, 5);
    r = await c.sunli.get('/api/v1/catalogue/AQ-097-09');
    assert.equal(r.body.current.per_person, true);
    r = await c.sunli.get('/api/v1/catalogue/AQ-114-01');
    assert.equal(r.body.current.delegable, false);
    assert.match(r.body.current.delegation_note, /默认/);
    err(await c.sunli.get('/api/v1/catalogue/NO-SUCH-01'), 404, 'catalogue.not_found');
  });
});

describe('catalogue: writes, versions, legal basis', () => {
  test('W01 legal reviewer creates an item; it is logged', async () => {
    const r = await c.zhaomin.post('/api/v1/catalogue', NEW_ITEM);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.version, 1);
    assert.equal(r.body.delegable, false);
    const h = await c.admin.get('/api/v1/objects/catalogue_item/TS-001-01/history');
    assert.equal(h.status, 200, h.text);
    assert.ok(h.body.items.some((e) => e.action === 'catalogue.create' && e.action_name === '新建执法事项'));
  });
  test('W02 duplicate code → 409', async () => {
    err(await c.admin.post('/api/v1/catalogue', NEW_ITEM), 409, 'catalogue.code_taken', 'code');
  });
  test('W03 no legal basis → 400 naming the field (create and new version)', async () => {
    err(await c.admin.post('/api/v1/catalogue', { ...NEW_ITEM, code: 'TS-002-01', violation_basis: '  ' }),
      400, 'catalogue.no_legal_basis', 'violation_basis');
    const { penalty_basis, ...noPenalty } = NEW_ITEM; // eslint-disable-line no-unused-vars
    err(await c.admin.post('/api/v1/catalogue', { ...noPenalty, code: 'TS-002-01' }),
      400, 'catalogue.no_legal_basis', 'penalty_basis');
    err(await c.admin.post('/api/v1/catalogue/TS-001-01/versions', { effective_from: '2026-06-01', penalty_basis: '' }),
      400, 'catalogue.no_legal_basis', 'penalty_basis');
    const r = await c.admin.get('/api/v1/catalogue/TS-002-01');
    assert.equal(r.status, 404, 'nothing was stored');
  });
  test('W04 bad input → 400 with the field', async () => {
    err(await c.admin.post('/api/v1/catalogue', { ...NEW_ITEM, code: 'TS-003-01', domain: '火星' }), 400, 'input.invalid', 'domain');
    err(await c.admin.post('/api/v1/catalogue', { ...NEW_ITEM, code: 'TS-003-01', fine_min: 9000000 }), 400, 'input.invalid', 'fine_min');
    err(await c.admin.post('/api/v1/catalogue', { ...NEW_ITEM, code: 'ts 3' }), 400, 'input.invalid', 'code');
    err(await c.admin.post('/api/v1/catalogue', { ...NEW_ITEM, code: 'TS-003-01', effective_from: '2021-9-1' }), 400, 'input.invalid', 'effective_from');
    err(await c.admin.post('/api/v1/catalogue', { ...NEW_ITEM, code: 'TS-003-01', colour: 'red' }), 400, 'input.unknown_field', 'colour');
    err(await c.admin.post('/api/v1/catalogue', { ...NEW_ITEM, code: 'TS-003-01', tiers: [{ tier: 'minor' }] }), 400, 'input.invalid', 'tiers');
    err(await c.admin.post('/api/v1/catalogue', { ...NEW_ITEM, code: 'TS-003-01', fine_max: '5000' }), 400, 'input.invalid', 'fine_max');
  });
  test('W05 new version with an effective date; lookups before/on/after; old version readable', async () => {
    const r = await c.admin.post('/api/v1/catalogue/TS-001-01/versions', {
      effective_from: '2026-02-01', fine_max: 3000000, reason: '18号令施行，上限调整（测试）',
      tiers: [
        { tier: 'minor', from_permille: 0, to_permille: 200, condition: '一处' },
        { tier: 'general', from_permille: 200, to_permille: 400, condition: '两处' },
        { tier: 'serious', from_permille: 400, to_permille: 700 },
        { tier: 'severe', from_permille: 700, to_permille: 1000, condition: '五处以上' },
      ],
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.version, 2);
    assert.equal(r.body.title, NEW_ITEM.title, 'fields not sent are kept');
    assert.equal(r.body.tiers.length, 4);
    const at = async (d) => (await c.sunli.get(`/api/v1/catalogue/TS-001-01/lookup?date=${d}`));
    assert.equal((await at('2026-01-31')).body.version, 1);
    assert.equal((await at('2026-02-01')).body.version, 2);
    assert.equal((await at('2026-02-02')).body.version, 2);
    assert.equal((await at('2021-09-01')).body.version, 1);
    err(await at('2021-08-31'), 404, 'catalogue.not_in_force');
    err(await at('20210831'), 400, 'input.invalid', 'date');
    const d = await c.wugang.get('/api/v1/catalogue/TS-001-01');
    assert.deepEqual(d.body.versions.map((v) => v.version), [2, 1]);
    assert.equal(d.body.versions[1].fine_max, 5000000, 'the old version is unchanged');
    const h = await c.admin.get('/api/v1/objects/catalogue_item/TS-001-01/history');
    assert.ok(h.body.items.some((e) => e.action === 'catalogue.version'));
    err(await c.admin.post('/api/v1/catalogue/TS-001-01/versions', { effective_from: '2026-02-01' }), 409, 'catalogue.date_taken', 'effective_from');
    err(await c.admin.post('/api/v1/catalogue/NO-SUCH-01/versions', { effective_from: '2026-02-01' }), 404, 'catalogue.not_found');
  });
  test('W06 wrong roles never write (officer, township officers of both streets, city supervisor, bureau leader, auxiliary)', async () => {
    for (const u of ['zhangwei', 'sunli', 'zhoujun', 'wugang', 'liuyang', 'wangfang']) {
      err(await c[u].post('/api/v1/catalogue', { ...NEW_ITEM, code: 'TS-009-01' }), 403, 'perm.denied');
      err(await c[u].post('/api/v1/catalogue/TS-001-01/versions', { effective_from: '2027-01-01' }), 403, 'perm.denied');
    }
    assert.equal((await c.admin.get('/api/v1/catalogue/TS-009-01')).status, 404);
  });
  test('W07 a write without the CSRF token → 403 auth.csrf', async () => {
    err(await c.admin.post('/api/v1/catalogue', { ...NEW_ITEM, code: 'TS-008-01' }, { 'x-csrf-token': 'wrong' }), 403, 'auth.csrf');
  });
});

describe('catalogue: may this user use this item (R2)', () => {
  test('U01 township officers of either street may use delegated items only; the refusal cites the plan', async () => {
    for (const u of ['sunli', 'zhoujun']) {
      let r = await c[u].get('/api/v1/catalogue/AQ-099-01/use-check');
      assert.equal(r.status, 200);
      assert.equal(r.body.allowed, true);
      r = await c[u].get('/api/v1/catalogue/AQ-114-01/use-check?date=2026-03-01');
      assert.equal(r.body.allowed, false);
      assert.equal(r.body.refusal.code, 'catalogue.not_delegated');
      assert.match(r.body.refusal.message, /未委托乡镇（街道）/);
      assert.match(r.body.refusal.message, /二（二）2/);
    }
  });
  test('U02 brigade officer may use any item; city supervisor and auxiliary may not', async () => {
    assert.equal((await c.zhangwei.get('/api/v1/catalogue/AQ-114-01/use-check')).body.allowed, true);
    for (const u of ['wugang', 'wangfang', 'admin']) {
      const r = await c[u].get('/api/v1/catalogue/AQ-099-01/use-check');
      assert.equal(r.body.allowed, false);
      assert.equal(r.body.refusal.code, 'perm.denied');
    }
  });
});

describe('discretion endpoint (R10)', () => {
  const base = { item_code: 'AQ-099-01', violation_date: '2026-03-01', decision_date: '2026-03-20' };
  test('D01 any signed-in role gets the result with cited steps', async () => {
    for (const u of ['wugang', 'sunli', 'zhangwei']) {
      const r = await c[u].post('/api/v1/discretion', { ...base, tier: 'general' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.outcome, 'penalty');
      // 5万元以下, 一般 100–300‰ → 5000元–15000元, middle 10000元
      assert.equal(r.body.recommended.amount.fen, 1000000);
      assert.equal(r.body.tier_range.min.fen, 500000);
      assert.equal(r.body.tier_range.max.fen, 1500000);
      assert.match(r.body.steps[0].basis, /第37条/);
      assert.ok(r.body.steps.every((s) => HAN.test(s.text) && s.basis));
      assert.match(r.body.text, /罚款10000元/);
    }
  });
  test('D02 fines as multiples of illegal gains, confiscation', async () => {
    const r = await c.zhangwei.post('/api/v1/discretion', {
      item_code: 'AQ-092-02', violation_date: '2026-03-01', decision_date: '2026-03-20', illegal_gains: 20000000,
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.fine_range.source, 'gains');
    assert.equal(r.body.fine_range.min.fen, 40000000);
    assert.equal(r.body.fine_range.max.fen, 100000000);
    assert.equal(r.body.recommended.amount.fen, 62500000);
    assert.equal(r.body.confiscate.fen, 20000000);
    assert.equal(r.body.hearing, true);
  });
  test('D03 首违不罚 and per-person fines', async () => {
    let r = await c.sunli.post('/api/v1/discretion', { ...base, first_offence: true, corrected_in_time: true, consequences: 'minor' });
    assert.equal(r.body.outcome, 'no_penalty_optional');
    assert.equal(r.body.reason_required, true);
    r = await c.sunli.post('/api/v1/discretion', { ...base, item_code: 'AQ-097-09', persons: 2 });
    // 2万–5万, 一般 250–500‰ → 27500元–35000元, middle 31250元 each
    assert.equal(r.body.recommended.amount.fen, 3125000);
    assert.equal(r.body.recommended.total.fen, 6250000);
  });
  test('D04 从旧兼从轻 through the catalogue versions of TS-001-01', async () => {
    let r = await c.zhangwei.post('/api/v1/discretion', { item_code: 'TS-001-01', violation_date: '2026-01-10', decision_date: '2026-03-01' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.version_at_violation, 1);
    assert.equal(r.body.version_at_decision, 2);
    assert.equal(r.body.version_used, 'decision');
    // v2: 3万以下 with its own tiers, 一般 200–400‰ → 6000–12000元, middle 9000元
    assert.equal(r.body.recommended.amount.fen, 900000);
    assert.match(r.body.steps[0].text, /本案适用第2版/);
    r = await c.zhangwei.post('/api/v1/discretion', { item_code: 'TS-001-01', violation_date: '2026-01-10', decision_date: '2026-01-20' });
    assert.equal(r.body.version_used, 'violation');
    assert.equal(r.body.recommended.amount.fen, 1000000);
  });
  test('D05 bad input → 400 with the field', async () => {
    err(await c.zhangwei.post('/api/v1/discretion', { ...base, tier: 'huge' }), 400, 'input.invalid', 'tier');
    err(await c.zhangwei.post('/api/v1/discretion', { ...base, violation_date: '2026-02-30' }), 400, 'input.invalid', 'violation_date');
    err(await c.zhangwei.post('/api/v1/discretion', { ...base, decision_date: '2026-02-01' }), 400, 'input.invalid', 'decision_date');
    err(await c.zhangwei.post('/api/v1/discretion', { ...base, persons: 0, item_code: 'AQ-097-09' }), 400, 'input.invalid', 'persons');
    err(await c.zhangwei.post('/api/v1/discretion', { ...base, illegal_gains: -5 }), 400, 'input.invalid', 'illegal_gains');
    err(await c.zhangwei.post('/api/v1/discretion', { ...base, illegal_gains: '5' }), 400, 'input.invalid', 'illegal_gains');
    err(await c.zhangwei.post('/api/v1/discretion', { ...base, consequences: 'bad' }), 400, 'input.invalid', 'consequences');
    err(await c.zhangwei.post('/api/v1/discretion', { ...base, mood: 'calm' }), 400, 'input.unknown_field', 'mood');
    err(await c.zhangwei.post('/api/v1/discretion', { ...base, item_code: 'NO-SUCH-01' }), 400, 'catalogue.not_found', 'item_code');
    err(await c.zhangwei.post('/api/v1/discretion', { ...base, violation_date: '2021-08-01' }), 400, 'catalogue.not_in_force', 'violation_date');
    err(await c.zhangwei.post('/api/v1/discretion', '{"item_code":'), 400, 'http.bad_json');
    const { item_code, ...noCode } = base; // eslint-disable-line no-unused-vars
    err(await c.zhangwei.post('/api/v1/discretion', noCode), 400, 'input.invalid', 'item_code');
  });
  test('D06 unauthenticated → 401; no CSRF token → 403', async () => {
    err(await client(srv.url).post('/api/v1/discretion', base), 401);
    err(await c.zhangwei.post('/api/v1/discretion', base, { 'x-csrf-token': '' }), 403, 'auth.csrf');
  });
});

describe('legal parameters', () => {
  test('P01 everyone reads them; unconfirmed ones are flagged', async () => {
    const r = await c.sunli.get('/api/v1/legal-params');
    assert.equal(r.status, 200);
    const hearing = r.body.items.find((p) => p.key === 'hearing.large_fine.unit');
    assert.equal(hearing.value, '3000000');
    assert.equal(hearing.confirmed, false);
    assert.equal(hearing.in_force, true);
    assert.ok(r.body.items.find((p) => p.key === 'simple_procedure.person_max').confirmed);
    assert.ok(r.body.unconfirmed_in_force > 5);
  });
  test('P02 admin dates a new value; it applies from that day only; logged', async () => {
    const body = { key: 'hearing.large_fine.unit', value: '1000000', effective_from: '2026-06-01', source: '测试：省规定（假设）', confirmed: true };
    let r = await c.admin.post('/api/v1/legal-params', body);
    assert.equal(r.status, 201, r.text);
    const h = await c.admin.get(`/api/v1/objects/legal_param/${r.body.id}/history`);
    assert.ok(h.body.items.some((e) => e.action === 'legal_param.create'));
    const calc = (d) => c.zhangwei.post('/api/v1/discretion', { item_code: 'AQ-099-01', violation_date: '2026-05-01', decision_date: d });
    assert.equal((await calc('2026-05-31')).body.hearing, false, '1万元 < 3万元 before the change');
    assert.equal((await calc('2026-06-01')).body.hearing, true, '1万元 >= 1万元 from the change');
    err(await c.admin.post('/api/v1/legal-params', body), 409, 'legal_param.date_taken');
  });
  test('P03 bad values and unknown keys → 400; other roles → 403', async () => {
    const good = { key: 'discretion.tiers.capped.general', value: '100-300', effective_from: '2027-01-01', source: 'x', confirmed: false };
    err(await c.admin.post('/api/v1/legal-params', { ...good, value: 'abc' }), 400, 'input.invalid', 'value');
    err(await c.admin.post('/api/v1/legal-params', { ...good, key: 'no.such.key' }), 400, 'input.invalid', 'key');
    err(await c.admin.post('/api/v1/legal-params', { ...good, effective_from: '2027-02-30' }), 400, 'input.invalid', 'effective_from');
    for (const u of ['zhaomin', 'liuyang', 'sunli', 'zhoujun', 'wugang']) {
      err(await c[u].post('/api/v1/legal-params', good), 403, 'perm.denied');
    }
  });
});

describe('zhifa calc discretion (no server)', () => {
  const env = { ...process.env, ZHIFA_DB: 'sqlite::memory:' };
  test('K01 facts on stdin, result on stdout, built-in catalogue', () => {
    const r = runStatus(['calc', 'discretion'], { env, input: JSON.stringify({ item_code: 'AQ-099-01', violation_date: '2026-03-01', decision_date: '2026-03-20', tier: 'severe' }), stdio: ['pipe', 'pipe', 'pipe'] });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.recommended.amount.fen, 4125000);
    assert.equal(out.hearing, true);
  });
  test('K02 an item given as JSON', () => {
    const item = { code: 'ZZ-001-01', effective_from: '2020-01-01', domain: '通用', title: '自定义', violation_basis: '某法第1条', penalty_basis: '某法第2条', fine_min: 100000, fine_max: 500000 };
    const r = runStatus(['calc', 'discretion'], { env, input: JSON.stringify({ item, violation_date: '2026-03-01', decision_date: '2026-03-20' }), stdio: ['pipe', 'pipe', 'pipe'] });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).recommended.amount.fen, 250000);
  });
  test('K03 bad facts → exit 1 with the error as JSON', () => {
    const r = runStatus(['calc', 'discretion'], { env, input: JSON.stringify({ item_code: 'AQ-099-01', violation_date: 'x', decision_date: '2026-03-20' }), stdio: ['pipe', 'pipe', 'pipe'] });
    assert.equal(r.status, 1);
    assert.equal(JSON.parse(r.stdout).error.field, 'violation_date');
  });
});

describe('catalogue import and export (all or nothing)', () => {
  const HEADER = 'code,domain,title,violation_basis,penalty_basis,target,fine_min_yuan,fine_max_yuan,other_measures,notes,effective_from';
  async function upload(who, text, query = '') {
    return c[who].request('POST', `/api/v1/catalogue/import${query}`, text, { 'content-type': 'text/csv' });
  }
  // bytes as they are (the test client stringifies anything but a string)
  async function uploadRaw(who, buf, type) {
    const res = await fetch(srv.url + '/api/v1/catalogue/import', {
      method: 'POST', body: buf,
      headers: { cookie: c[who].cookie, 'x-csrf-token': c[who].csrf, 'content-type': type },
    });
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text) };
  }
  test('X01 export CSV and XLSX; re-importing the export changes nothing', async () => {
    const r = await c.sunli.get('/api/v1/catalogue/export?format=csv');
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /text\/csv/);
    const lines = r.text.replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
    assert.match(lines[0], /^code,domain,title,violation_basis,penalty_basis/);
    assert.ok(lines.length >= 84, `rows: ${lines.length}`); // header + 83 seeded (+ TS-001-01's versions)
    const x = await fetch(srv.url + '/api/v1/catalogue/export?format=xlsx', { headers: { cookie: c.sunli.cookie } });
    assert.equal(x.status, 200);
    const buf = Buffer.from(await x.arrayBuffer());
    assert.equal(buf.subarray(0, 2).toString(), 'PK');
    const back = await upload('admin', r.text);
    assert.equal(back.status, 200, back.text);
    assert.equal(back.body.created, 0);
    assert.equal(back.body.new_versions, 0);
    assert.equal(back.body.skipped, back.body.rows);
    const xb = await uploadRaw('admin', buf, 'application/octet-stream');
    assert.equal(xb.status, 200, xb.text);
    assert.equal(xb.body.encoding, 'xlsx');
    assert.equal(xb.body.skipped, xb.body.rows);
  });
  test('X02 any bad row → nothing stored, every bad row named with its column', async () => {
    const text = [HEADER,
      'IM-001-01,工贸,好的一行,安全生产法第35条,安全生产法第99条,生产经营单位,,50000,,,2026-01-01',
      'IM-002-01,工贸,缺违法依据,,安全生产法第99条,生产经营单位,,50000,,,2026-01-01',
      'IM-003-01,火星,领域不对,安全生产法第35条,安全生产法第99条,生产经营单位,,50000,,,2026-01-01',
      'IM-004-01,工贸,金额不对,安全生产法第35条,安全生产法第99条,生产经营单位,,五万,,,2026-01-01'].join('\n');
    const r = await upload('admin', text);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.code, 'import.rejected');
    const report = r.body.report.map((e) => `${e.row}:${e.column}`);
    assert.ok(report.includes('3:violation_basis'), report.join(' '));
    assert.ok(report.includes('4:domain'), report.join(' '));
    assert.ok(report.includes('5:fine_max_yuan'), report.join(' '));
    assert.equal((await c.admin.get('/api/v1/catalogue/IM-001-01')).status, 404, 'the good row was not stored');
  });
  test('X03 a good file: new item and a new version of an existing one (GB18030 too)', async () => {
    const text = [HEADER,
      'IM-005-01,烟花爆竹,导入的事项,烟花爆竹安全管理条例第20条,烟花爆竹安全管理条例第38条,零售经营者,1000,5000,,,2026-01-01',
      'AQ-099-01,通用,未设置安全警示标志（新版）,安全生产法(2021)第35条,安全生产法(2021)第99条第1项,生产经营单位,,60000,,,2027-01-01'].join('\n');
    const { execFileSync } = require('node:child_process');
    const gb = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: text });
    const r = await uploadRaw('admin', gb, 'text/csv');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.encoding, 'gb18030');
    assert.equal(r.body.created, 1);
    assert.equal(r.body.new_versions, 1);
    const item = await c.sunli.get('/api/v1/catalogue/IM-005-01');
    assert.equal(item.body.current.title, '导入的事项');
    assert.equal(item.body.current.fine_min, 100000);
    const v = await c.sunli.get('/api/v1/catalogue/AQ-099-01/lookup?date=2027-01-01');
    assert.equal(v.body.version, 2);
    assert.equal(v.body.fine_max, 6000000);
    const old = await c.sunli.get('/api/v1/catalogue/AQ-099-01/lookup?date=2026-12-31');
    assert.equal(old.body.version, 1);
  });
  test('X04 only the writers import; bad export format → 400', async () => {
    for (const u of ['sunli', 'zhoujun', 'wugang', 'zhangwei']) {
      err(await upload(u, HEADER + '\n'), 403, 'perm.denied');
    }
    err(await c.sunli.get('/api/v1/catalogue/export?format=pdf'), 400, 'input.invalid', 'format');
  });
});

// Fines that are not fixed amounts (issue 3 follow-up): shares of the
// previous year's annual income (安全生产法 第95、96、110条) and multiples of
// another fine (第114条第2款), seeded as fine_rule data from catalog.csv.
describe('discretion: fines that are not fixed amounts', () => {
  const at = { violation_date: '2026-03-01', decision_date: '2026-03-20' };
  test('R01 the seed carries the rules; the item page shows them', async () => {
    let r = await c.sunli.get('/api/v1/catalogue/AQ-095-02');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.current.fine_rule,
      { kind: 'income', grades: [{ grade: 'larger', min_permille: 600, max_permille: 600 }] });
    r = await c.sunli.get('/api/v1/catalogue/AQ-114-05');
    assert.equal(r.body.current.fine_rule.kind, 'multiple');
    assert.equal(r.body.current.fine_rule.cap_fen, 10000000000);
    r = await c.sunli.get('/api/v1/catalogue/AQ-099-01');
    assert.equal(r.body.current.fine_rule, null);
  });
  test('R02 第95条: 40/60/80/100% of the annual income by accident grade', async () => {
    const income = 12345678; // 123456.78元
    const want = { 'AQ-095-01': 4938271, 'AQ-095-02': 7407407, 'AQ-095-03': 9876542, 'AQ-095-04': 12345678 };
    // 12345678 × 400/1000 = 4938271.2 → 4938271; ×600 = 7407406.8 → 7407407; ×800 = 9876542.4 → 9876542
    for (const [code, fen] of Object.entries(want)) {
      const r = await c.zhangwei.post('/api/v1/discretion', { ...at, item_code: code, annual_income: income });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.fine_range.source, 'income');
      assert.equal(r.body.recommended.amount.fen, fen, code);
      assert.equal(r.body.rule.kind, 'income');
    }
    const r = await c.zhangwei.post('/api/v1/discretion', { ...at, item_code: 'AQ-095-02', annual_income: income });
    assert.equal(r.body.rule.accident_grade, 'larger');
    assert.equal(r.body.rule.min_permille, 600);
    assert.match(r.body.steps[2].text, /较大事故/);
    assert.match(r.body.steps[2].text, /60%/);
    assert.match(r.body.steps[2].basis, /第95条第2项/);
  });
  test('R03 第96条 20–50% and 第110条 60–100%: range, tier, recommendation', async () => {
    let r = await c.zhangwei.post('/api/v1/discretion', { ...at, item_code: 'AQ-096-02', annual_income: 10000000 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.fine_range.min.fen, 2000000);
    assert.equal(r.body.fine_range.max.fen, 5000000);
    assert.equal(r.body.recommended.amount.fen, 3125000); // 一般 27500–35000元, middle 31250元
    assert.equal(r.body.hearing, true);
    r = await c.zhangwei.post('/api/v1/discretion', { ...at, item_code: 'AQ-110-02', annual_income: 10000000, tier: 'severe' });
    assert.equal(r.body.fine_range.min.fen, 6000000);
    assert.equal(r.body.fine_range.max.fen, 10000000);
    assert.equal(r.body.recommended.amount.fen, 9500000); // 严重 9万–10万元, middle 9.5万元
  });
  test('R04 第114条第2款: 2–5× the 第1款 fine, capped at 1亿元', async () => {
    let r = await c.zhangwei.post('/api/v1/discretion', { ...at, item_code: 'AQ-114-05', base_fine: 50000000 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.fine_range.source, 'multiple');
    assert.equal(r.body.fine_range.min.fen, 100000000);
    assert.equal(r.body.fine_range.max.fen, 250000000);
    assert.equal(r.body.recommended.amount.fen, 156250000);
    assert.equal(r.body.rule.min_mult, 2);
    r = await c.zhangwei.post('/api/v1/discretion', { ...at, item_code: 'AQ-114-05', base_fine: 3000000000 });
    assert.equal(r.body.fine_range.max.fen, 10000000000);
    assert.match(r.body.text, /超过法定最高额/);
  });
  test('R05 missing or wrong facts → 400 naming the field', async () => {
    err(await c.zhangwei.post('/api/v1/discretion', { ...at, item_code: 'AQ-095-01' }), 400, 'input.invalid', 'annual_income');
    err(await c.zhangwei.post('/api/v1/discretion', { ...at, item_code: 'AQ-095-01', annual_income: 1000000, accident_grade: 'major' }),
      400, 'discretion.grade_mismatch', 'accident_grade');
    err(await c.zhangwei.post('/api/v1/discretion', { ...at, item_code: 'AQ-095-01', annual_income: 1000000, accident_grade: 'huge' }),
      400, 'input.invalid', 'accident_grade');
    err(await c.zhangwei.post('/api/v1/discretion', { ...at, item_code: 'AQ-096-02', annual_income: -1 }), 400, 'input.invalid', 'annual_income');
    err(await c.zhangwei.post('/api/v1/discretion', { ...at, item_code: 'AQ-096-02', annual_income: '10000' }), 400, 'input.invalid', 'annual_income');
    err(await c.zhangwei.post('/api/v1/discretion', { ...at, item_code: 'AQ-096-02', annual_income: 100, persons: 2 }), 400, 'input.invalid', 'persons');
    err(await c.zhangwei.post('/api/v1/discretion', { ...at, item_code: 'AQ-114-05' }), 400, 'input.invalid', 'base_fine');
    err(await c.zhangwei.post('/api/v1/discretion', { ...at, item_code: 'AQ-114-05', base_fine: 0 }), 400, 'input.invalid', 'base_fine');
  });
  test('R06 a writer stores a rule on a new item; bad rules and rule+range are refused', async () => {
    const item = { ...NEW_ITEM, code: 'TS-095-01', fine_max: null, fine_rule: { kind: 'income', grades: [{ grade: 'general', min_permille: 300, max_permille: 300 }] } };
    err(await c.zhaomin.post('/api/v1/catalogue', { ...item, fine_rule: { kind: 'income', grades: [] } }), 400, 'input.invalid', 'fine_rule');
    err(await c.zhaomin.post('/api/v1/catalogue', { ...item, fine_rule: { kind: 'percent' } }), 400, 'input.invalid', 'fine_rule');
    err(await c.zhaomin.post('/api/v1/catalogue', { ...item, fine_rule: { kind: 'multiple', min_mult: 5, max_mult: 2 } }), 400, 'input.invalid', 'fine_rule');
    err(await c.zhaomin.post('/api/v1/catalogue', { ...item, fine_max: 5000000 }), 400, 'input.invalid', 'fine_rule');
    err(await c.sunli.post('/api/v1/catalogue', item), 403, 'perm.denied');
    let r = await c.zhaomin.post('/api/v1/catalogue', item);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.fine_rule.grades[0].min_permille, 300);
    r = await c.zhangwei.post('/api/v1/discretion', { ...at, item_code: 'TS-095-01', annual_income: 10000000 });
    assert.equal(r.body.recommended.amount.fen, 3000000);
    // the export carries the rule as JSON
    r = await c.zhaomin.get('/api/v1/catalogue/export?format=csv');
    assert.equal(r.status, 200);
    assert.match(r.text, /fine_rule/);
    assert.match(r.text, /""kind"":""multiple""/);
  });
});
