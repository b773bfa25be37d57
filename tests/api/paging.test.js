// Keyset paging of the agency list and of the exchange-API tokens (issue 11
// leftovers), like the case list: ?limit= 1–200 (default 50), ?before= the
// last id of the previous page, next_before null on the last page; never
// OFFSET. The pages cover every row exactly once, newest first, even when a
// row is inserted between two pages; the filters the selects use (?q=,
// ?kind=, ?agency_id=); bad parameters are a 400 naming the parameter.
//
//   ZHIFA_BIN=$PWD/build-asan/zhifa node --test tests/api/paging.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { startServer, client, backend, psql } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;
let srv;
const c = {};

function sql(q) {
  const out = backend === 'postgresql'
    ? psql(srv.db, q)
    : execFileSync('sqlite3', ['-separator', '|', srv.db.replace(/^sqlite:/, ''), q], { encoding: 'utf8' });
  return out.trim() ? out.trim().split('\n').map((l) => l.split('|')) : [];
}

function refused(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body.error.code, code, r.text);
  if (field) assert.equal(r.body.error.field, field, r.text);
  assert.match(r.body.error.message, HAN);
}

// Walk a list page by page; `between` runs after the first page.
async function walk(who, path, limit, between) {
  const seen = [];
  let before = null;
  let pages = 0;
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await who.get(`${path}${sep}limit=${limit}${before ? `&before=${before}` : ''}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.items.length <= limit);
    seen.push(...r.body.items);
    pages += 1;
    if (pages === 1 && between) await between();
    if (r.body.next_before === null) break;
    assert.equal(r.body.next_before, r.body.items[r.body.items.length - 1].id);
    before = r.body.next_before;
    assert.ok(pages < 100, 'the walk ends');
  }
  return { seen, pages };
}

before(async () => {
  srv = await startServer();
  for (const who of ['admin', 'zhangwei', 'sunli']) {
    c[who] = client(srv.url);
    const r = await c[who].login(who);
    assert.equal(r.status, 200, `${who}: ${r.text}`);
  }
  for (let i = 1; i <= 7; i++) {
    const r = await c.admin.post('/api/v1/agencies', { name: `分页测试单位${i}`, kind: i % 2 ? 'market' : 'water' });
    assert.equal(r.status, 201, r.text);
  }
});
after(async () => { if (srv) await srv.stop(); });

test('PAGE-01 agencies: pages of 3 cover every row once, newest first, an insert between pages does not disturb them', async () => {
  const ids = sql('SELECT id FROM agencies ORDER BY id DESC').map((r) => Number(r[0]));
  assert.ok(ids.length >= 17, `demo + 7: ${ids.length}`);
  let added;
  const { seen, pages } = await walk(c.admin, '/api/v1/agencies?all=1', 3, async () => {
    const r = await c.admin.post('/api/v1/agencies', { name: '分页测试单位（中途新增）', kind: 'other' });
    assert.equal(r.status, 201, r.text);
    added = r.body.id;
  });
  assert.deepEqual(seen.map((g) => g.id), ids, 'every row once, in id order from the newest');
  assert.equal(pages, Math.ceil(ids.length / 3) + (ids.length % 3 === 0 ? 1 : 0));
  assert.ok(added > ids[0] && !seen.some((g) => g.id === added), 'the new row is newer than the walk');
  // the item shape is the one the single agency answers
  const one = await c.admin.get(`/api/v1/agencies/${seen[4].id}`);
  assert.deepEqual(seen[4], one.body);
  // a fresh walk sees it first; the default page is 50
  const all = await c.admin.get('/api/v1/agencies?all=1');
  assert.equal(all.body.items[0].id, added);
  assert.equal(all.body.items.length, ids.length + 1);
  assert.equal(all.body.next_before, null);
  assert.ok(all.body.kinds.some((k) => k.code === 'procuratorate'));
});

test('PAGE-02 agencies: an exact multiple of the page ends with an empty page; inactive ones only with all=1', async () => {
  const n = Number(sql('SELECT COUNT(*) FROM agencies WHERE active = 1')[0][0]);
  const r = await c.admin.get(`/api/v1/agencies?limit=${n}`);
  assert.equal(r.body.items.length, n);
  assert.equal(r.body.next_before, r.body.items[n - 1].id);
  const last = await c.admin.get(`/api/v1/agencies?limit=${n}&before=${r.body.next_before}`);
  assert.deepEqual(last.body.items, []);
  assert.equal(last.body.next_before, null);
  const g = r.body.items.find((x) => x.name === '分页测试单位3');
  const off = await c.admin.patch(`/api/v1/agencies/${g.id}`, { version: g.version, active: false });
  assert.equal(off.status, 200, off.text);
  const active = await walk(c.admin, '/api/v1/agencies', 4);
  assert.equal(active.seen.length, n - 1);
  assert.ok(!active.seen.some((x) => x.id === g.id));
  const every = await walk(c.admin, '/api/v1/agencies?all=1', 4);
  assert.ok(every.seen.some((x) => x.id === g.id && x.active === false));
  // a township officer's scope holds no bureau agency: one empty page
  const t = await c.sunli.get('/api/v1/agencies?limit=5');
  assert.deepEqual([t.body.items, t.body.next_before], [[], null]);
});

test('PAGE-03 agencies: q (part of the name, % and _ literal) and kind (a list of kinds) filter before paging', async () => {
  const mine = await walk(c.zhangwei, `/api/v1/agencies?all=1&q=${encodeURIComponent('分页测试')}`, 2);
  const expected = sql("SELECT id FROM agencies WHERE name LIKE '分页测试%' ORDER BY id DESC").map((r) => Number(r[0]));
  assert.equal(expected.length, 8);
  assert.deepEqual(mine.seen.map((g) => g.id), expected);
  assert.deepEqual((await c.zhangwei.get(`/api/v1/agencies?q=${encodeURIComponent('%')}`)).body.items, []);
  assert.deepEqual((await c.zhangwei.get('/api/v1/agencies?q=_')).body.items, []);
  const water = await c.zhangwei.get(`/api/v1/agencies?kind=water&q=${encodeURIComponent('分页')}`);
  assert.deepEqual(water.body.items.map((g) => g.name).sort(), ['分页测试单位2', '分页测试单位4', '分页测试单位6']);
  const two = await walk(c.zhangwei, '/api/v1/agencies?kind=public_security,procuratorate', 1);
  const want = sql("SELECT id FROM agencies WHERE active = 1 AND kind IN ('public_security', 'procuratorate') ORDER BY id DESC").map((r) => Number(r[0]));
  assert.ok(want.length >= 2);
  assert.deepEqual(two.seen.map((g) => g.id), want);
  assert.ok(two.seen.every((g) => ['public_security', 'procuratorate'].includes(g.kind)));
});

test('PAGE-04 agencies and tokens: a bad limit, cursor, kind or agency is a 400 naming the parameter', async () => {
  for (const path of ['/api/v1/agencies', '/api/v1/api-tokens']) {
    for (const bad of ['0', '201', '-3', 'abc', '5x', '1.5']) refused(await c.admin.get(`${path}?limit=${bad}`), 400, 'input.invalid', 'limit');
    for (const bad of ['0', '-1', 'abc', '12z']) refused(await c.admin.get(`${path}?before=${bad}`), 400, 'input.invalid', 'before');
    assert.equal((await c.admin.get(`${path}?limit=200`)).status, 200);
    assert.equal((await c.admin.get(`${path}?limit=1&before=999999999`)).status, 200);
  }
  refused(await c.admin.get('/api/v1/agencies?kind=bank'), 400, 'input.invalid', 'kind');
  refused(await c.admin.get('/api/v1/agencies?kind=market,'), 400, 'input.invalid', 'kind');
  refused(await c.admin.get('/api/v1/agencies?kind=market,,water'), 400, 'input.invalid', 'kind');
  refused(await c.admin.get(`/api/v1/agencies?q=${encodeURIComponent('长'.repeat(65))}`), 400, 'input.invalid', 'q');
  refused(await c.admin.get('/api/v1/api-tokens?agency_id=x'), 400, 'input.invalid', 'agency_id');
  refused(await c.admin.get('/api/v1/api-tokens?agency_id=0'), 400, 'input.invalid', 'agency_id');
  // the list is still the permission's: a section head may not list tokens
  refused(await c.zhangwei.get('/api/v1/api-tokens?limit=5'), 403, 'perm.denied');
});

test('PAGE-05 tokens: pages of 2 cover every token once, newest first, with one issued between pages; agency_id filters', async () => {
  const ags = (await c.admin.get(`/api/v1/agencies?q=${encodeURIComponent('分页测试单位')}&kind=market`)).body.items;
  assert.ok(ags.length >= 2);
  const issue = async (g, label) => {
    const r = await c.admin.post('/api/v1/api-tokens', { agency_id: g.id, label, scope: 'read', resources: 'enterprise.read' });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  };
  for (let i = 0; i < 5; i++) await issue(ags[i % 2], `分页令牌${i}`);
  const ids = sql('SELECT id FROM api_tokens ORDER BY id DESC').map((r) => Number(r[0]));
  let added;
  const { seen } = await walk(c.admin, '/api/v1/api-tokens', 2, async () => { added = await issue(ags[0], '分页令牌（中途）'); });
  assert.deepEqual(seen.map((t) => t.id), ids);
  assert.ok(!seen.some((t) => t.id === added));
  assert.ok(seen.every((t) => t.token === undefined && /^[0-9a-f]{8}$/.test(t.token_prefix)));
  const one = await walk(c.admin, `/api/v1/api-tokens?agency_id=${ags[0].id}`, 2);
  const want = sql(`SELECT id FROM api_tokens WHERE agency_id = ${ags[0].id} ORDER BY id DESC`).map((r) => Number(r[0]));
  assert.equal(want.length, 4);
  assert.deepEqual(one.seen.map((t) => t.id), want);
  assert.ok(one.seen.every((t) => t.agency_id === ags[0].id && t.agency_name === ags[0].name));
});

test('PAGE-06 the OpenAPI document lists the paging and filter parameters of both lists', async () => {
  const r = await c.admin.get('/api/v1/openapi.json');
  assert.equal(r.status, 200);
  const names = (p) => r.body.paths[p].get.parameters.filter((x) => x.in === 'query').map((x) => x.name).sort();
  assert.deepEqual(names('/api/v1/agencies'), ['all', 'before', 'kind', 'limit', 'q']);
  assert.deepEqual(names('/api/v1/api-tokens'), ['agency_id', 'before', 'limit']);
  assert.deepEqual(r.body.paths['/api/v1/api-tokens'].post.parameters, []);
});
