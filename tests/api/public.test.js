// 事前公开 (issue 10, R25; 行政处罚法 第39条): the public portal's texts,
// the officers on duty and the catalogue, without login. Each answer is
// checked against an allow-list of fields: a public page never shows a
// field that is not meant for the public, whatever the tables grow.
//
//   ZHIFA_BIN=$PWD/build/zhifa node --test tests/api/public.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, client } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;

function keysExactly(obj, allowed, where) {
  const extra = Object.keys(obj).filter((k) => !allowed.includes(k));
  assert.deepEqual(extra, [], `${where}: fields not meant for the public: ${extra.join(', ')}`);
}

// Every page of an authenticated list (follows next_after when the list pages).
async function allPages(c, base) {
  const items = [];
  let after = null;
  for (let i = 0; i < 100; i++) {
    const sep = base.includes('?') ? '&' : '?';
    const r = await c.get(after ? `${base}${sep}after=${encodeURIComponent(after)}` : base);
    assert.equal(r.status, 200, r.text);
    items.push(...r.body.items);
    after = r.body.next_after;
    if (!after) return items;
  }
  throw new Error('too many pages');
}

describe('public portal (事前公开)', () => {
  let srv;
  let anon;
  let admin;
  before(async () => {
    srv = await startServer();
    anon = client(srv.url);
    admin = client(srv.url);
    assert.equal((await admin.login('admin')).status, 200);
  });
  after(async () => { if (srv) await srv.stop(); });

  test('portal: the bureau, its bodies and the texts, without login, cacheable, no cookie', async () => {
    const r = await anon.get('/api/v1/public/portal');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('set-cookie'), null);
    assert.match(r.headers.get('cache-control') || '', /public/);
    keysExactly(r.body, ['bureau', 'bodies', 'body', 'procedures', 'rights', 'complaints'], 'portal');
    keysExactly(r.body.bureau, ['code', 'name'], 'portal.bureau');
    assert.equal(r.body.bureau.code, '341504');
    const kinds = new Set(r.body.bodies.map((b) => b.kind));
    assert.ok(kinds.has('brigade') && kinds.has('township'), `bodies: ${[...kinds]}`);
    for (const b of r.body.bodies) keysExactly(b, ['code', 'name', 'kind', 'kind_name', 'parent_code'], 'portal.bodies[]');
    // the city detachment above the bureau is not one of its bodies
    assert.ok(!r.body.bodies.some((b) => b.kind === 'city_detachment'));
    // remedies name the district government and the periods (LAW.md §7)
    const rights = JSON.stringify(r.body.rights);
    assert.match(rights, /60日/);
    assert.match(rights, /叶集区人民政府/);
    assert.match(rights, /6个月/);
    for (const p of r.body.procedures) assert.match(p.text, /第\d+条/, `procedure without its article: ${p.step}`);
    assert.ok(r.body.complaints.length >= 1);
  });

  test('portal: an unknown bureau code is 404 with a Chinese message', async () => {
    const r = await anon.get('/api/v1/public/portal?bureau=999999');
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, 'public.no_bureau');
    assert.match(r.body.error.message, HAN);
  });

  test('officers on duty: certified officers only, name + certificate number + unit, nothing else', async () => {
    const r = await anon.get('/api/v1/public/officers');
    assert.equal(r.status, 200, r.text);
    keysExactly(r.body, ['date', 'items'], 'officers');
    assert.match(r.body.date, /^\d{4}-\d{2}-\d{2}$/);
    for (const o of r.body.items) keysExactly(o, ['name', 'cert_no', 'unit_code', 'unit_name'], 'officers.items[]');
    const all = await allPages(admin, '/api/v1/officers');
    const shouldShow = all.filter((o) => o.kind === 'officer' && o.status === 'serving' &&
      (o.cert_state === 'valid' || o.cert_state === 'expiring'));
    assert.ok(shouldShow.length >= 10, `demo has ${shouldShow.length} officers on duty`);
    assert.deepEqual(r.body.items.map((o) => o.cert_no).sort(), shouldShow.map((o) => o.cert_no).sort());
    // the demo's expired certificate and the auxiliaries are not on the list
    const expired = all.filter((o) => o.cert_state === 'expired');
    assert.ok(expired.length >= 1, 'the demo has an expired certificate');
    for (const o of expired) assert.ok(!r.body.items.some((p) => p.cert_no === o.cert_no && o.cert_no), `expired ${o.name} listed`);
    const names = new Set(r.body.items.map((o) => o.name));
    for (const o of all.filter((x) => x.kind !== 'officer')) {
      assert.ok(!r.body.items.some((p) => p.name === o.name && p.cert_no === o.cert_no), `${o.kind} ${o.name} listed`);
    }
    assert.ok(names.size > 0);
  });

  test('catalogue: every item in force, paged, with basis and fines, allow-listed', async () => {
    const seen = [];
    let after = null;
    for (let page = 0; page < 50; page++) {
      const r = await anon.get(`/api/v1/public/catalogue?limit=20${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      assert.equal(r.status, 200, r.text);
      keysExactly(r.body, ['date', 'items', 'next_after'], 'catalogue');
      assert.ok(r.body.items.length <= 20);
      for (const it of r.body.items) {
        keysExactly(it, ['code', 'title', 'domain', 'kind', 'target', 'violation_basis', 'penalty_basis',
          'fine_min_fen', 'fine_max_fen', 'other_measures', 'delegable', 'effective_from', 'tiers'], 'catalogue.items[]');
        assert.ok(it.violation_basis && it.penalty_basis, `${it.code} without its legal basis`);
      }
      seen.push(...r.body.items.map((it) => it.code));
      after = r.body.next_after;
      if (!after) break;
    }
    const internal = await allPages(admin, '/api/v1/catalogue?limit=500');
    assert.deepEqual(seen, internal.map((it) => it.code));
    assert.equal(new Set(seen).size, seen.length, 'an item twice across pages');
    const q = await anon.get(`/api/v1/public/catalogue?q=${encodeURIComponent('AQ-102')}`);
    assert.equal(q.status, 200);
    assert.ok(q.body.items.length >= 1 && q.body.items.every((it) => it.code.startsWith('AQ-102') || it.title.includes('AQ-102')));
  });

  test('portal texts: the administrator replaces them, logged, versions kept; the public sees the new text', async () => {
    const cur = await admin.get('/api/v1/portal-text');
    assert.equal(cur.status, 200, cur.text);
    assert.equal(cur.body.source, 'shipped');
    assert.equal(cur.body.versions, 0);
    keysExactly(cur.body.document, ['body', 'procedures', 'rights', 'complaints'], 'portal-text.document');
    const doc = structuredClone(cur.body.document);
    doc.complaints.push({ channel: '来信', text: '六安市叶集区应急管理局法制股（测试地址 1 号）' });
    const saved = await admin.post('/api/v1/portal-text', doc);
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.versions, 1);
    const pub = await anon.get('/api/v1/public/portal');
    assert.ok(pub.body.complaints.some((c) => c.channel === '来信'), 'the public portal does not show the saved text');
    keysExactly(pub.body, ['bureau', 'bodies', 'body', 'procedures', 'rights', 'complaints'], 'portal');
    const again = await admin.get('/api/v1/portal-text');
    assert.equal(again.body.source, 'stored');
    const hist = await admin.get(`/api/v1/objects/portal_text/${saved.body.id}/history`);
    assert.equal(hist.status, 200, hist.text);
    assert.match(JSON.stringify(hist.body), /portal\.update/);
    // a second save keeps the first
    doc.complaints.pop();
    assert.equal((await admin.post('/api/v1/portal-text', doc)).body.versions, 2);
    assert.ok(!(await anon.get('/api/v1/public/portal')).body.complaints.some((c) => c.channel === '来信'));
  });

  test('portal texts: every malformed document is refused with the path of the problem, nothing stored', async () => {
    const good = (await admin.get('/api/v1/portal-text')).body.document;
    const versions = (await admin.get('/api/v1/portal-text')).body.versions;
    const cases = [
      [(d) => { delete d.rights; }, 'rights'],
      [(d) => { d.secret = 'x'; }, 'secret'],
      [(d) => { d.procedures[2].text = ''; }, 'procedures[2].text'],
      [(d) => { d.procedures[0].extra = 1; }, 'procedures[0]'],
      [(d) => { d.body.basis = []; }, 'body.basis'],
      [(d) => { d.body.name = 'a\u0085b'; }, 'body.name'],
      [(d) => { d.rights[0].text = '长'.repeat(1001); }, 'rights[0].text'],
      [(d) => { d.complaints = 'call 12345'; }, 'complaints'],
    ];
    for (const [spoil, field] of cases) {
      const d = structuredClone(good);
      spoil(d);
      const r = await admin.post('/api/v1/portal-text', d);
      assert.equal(r.status, 400, `${field}: ${r.text}`);
      assert.equal(r.body.error.code, 'portal.invalid', field);
      assert.equal(r.body.error.field, field);
      assert.match(r.body.error.message, HAN);
    }
    const notJson = await admin.post('/api/v1/portal-text', '{"body":');
    assert.equal(notJson.status, 400);
    assert.equal((await admin.get('/api/v1/portal-text')).body.versions, versions, 'a refused document was stored');
  });

  test('portal texts: only the administrator; anonymous 401', async () => {
    const officer = client(srv.url);
    assert.equal((await officer.login('chenjie')).status, 200);
    const doc = (await admin.get('/api/v1/portal-text')).body.document;
    assert.equal((await officer.get('/api/v1/portal-text')).status, 403);
    assert.equal((await officer.post('/api/v1/portal-text', doc)).status, 403);
    assert.equal((await anon.post('/api/v1/portal-text', doc)).status, 401);
  });

  test('open data: inspections and violations answer exactly their allow-lists (JSON keys, CSV headers)', async () => {
    const lists = {
      '/api/v1/public/inspections': ['id', 'inspected_on', 'unit', 'source', 'draw_id', 'enterprise_kind', 'enterprise_name',
        'credit_code', 'township', 'domain', 'findings', 'hazards_ordinary', 'hazards_major', 'hazards_rectified',
        'case_opened', 'signed_on'],
      '/api/v1/public/violations': ['violation_id', 'publication_id', 'number', 'item_code', 'title', 'initial_amount_fen',
        'final_amount_fen', 'changes'],
    };
    for (const [path, keys] of Object.entries(lists)) {
      const r = await anon.get(`${path}?limit=200`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.headers.get('set-cookie'), null);
      keysExactly(r.body, ['items', 'next_after'], path);
      assert.ok(r.body.items.length >= 1, `${path}: the demo has rows`);
      for (const it of r.body.items) {
        keysExactly(it, keys, `${path} items[]`);
        assert.deepEqual(Object.keys(it), keys, `${path}: the keys in their stable order`);
      }
      const csv = await fetch(`${srv.url}${path}.csv`);
      assert.equal(csv.status, 200);
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
      assert.equal(text.split(/\r?\n/)[0], `\ufeff${keys.join(',')}`, `${path}.csv header`);
    }
    const amounts = await fetch(`${srv.url}/api/v1/public/violation-amounts.csv`);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await amounts.arrayBuffer());
    assert.equal(text.split(/\r?\n/)[0], '\ufeffpublication_id,number,violation_id,item_code,seq,stage,amount_fen,changed_at');
  });

  test('catalogue: bad paging and search input is 400 naming the parameter', async () => {
    for (const [qs, field] of [['limit=0', 'limit'], ['limit=501', 'limit'], ['limit=abc', 'limit'], [`q=${'长'.repeat(201)}`, 'q'], ['q=%01', 'q']]) {
      const r = await anon.get(`/api/v1/public/catalogue?${qs}`);
      assert.equal(r.status, 400, `${qs}: ${r.text}`);
      assert.equal(r.body.error.field, field, qs);
      assert.match(r.body.error.message, HAN);
    }
  });
});
