// Inspection checklists as data (issue 7, part A), against a real server on
// a real database (SQLite, or PostgreSQL under scripts/pg.sh).
//
//   ZHIFA_BIN=/work/main/build-chk/zhifa node --test tests/api/checklists.test.js
//
// Checklists are law-derived content like the catalogue, not unit records:
// every signed-in role reads them, admin and the legal reviewer (zhaomin)
// keep them. Wrong-role/wrong-unit rows: officer zhangwei, township officers
// sunli (史河街道) and zhoujun (平岗街道) and city supervisor wugang read the
// same checklists and none of them may write.
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, client, runStatus, ROOT, PG_BASE, psql } = require('../lib/server');
const { execFileSync } = require('node:child_process');

const HAN = /[\u4e00-\u9fff]/;
const SHIPPED = ['CHK-DUST-WOOD', 'CHK-FIREWORKS-RETAIL', 'CHK-FUEL-STATION', 'CHK-QUARRY'];
let srv;
const c = {};

function err(r, status, code, field) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.body && r.body.error, `no error envelope: ${r.text}`);
  if (code) assert.equal(r.body.error.code, code, r.text);
  assert.match(r.body.error.message, HAN);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
  return r.body;
}

// Runs SQL the API cannot (simulating an older database), on either backend.
function sql(db, q) {
  return (PG_BASE ? psql(db, q) : execFileSync('sqlite3', [db.replace(/^sqlite:/, ''), q], { encoding: 'utf8' })).trim();
}

function shipped(code) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'checklists', `${code}.json`), 'utf8'));
}

// A small valid checklist of our own.
function mine(over = {}) {
  return {
    code: 'TST-SMALL',
    title: '测试检查表',
    domain: 'industry',
    version: 1,
    effective_from: '2026-01-01',
    answers: ['yes', 'no', 'na'],
    sources: [{ id: 'AQL', title: '《中华人民共和国安全生产法》', status: '原文' }],
    sections: [{
      title: '一、测试',
      items: [
        { id: 'TS-01', question: '是否设置安全警示标志？', method: ['查现场'],
          source: { ref: 'AQL', clause: '第三十五条', status: '原文' }, major: null, catalogue: ['AQ-099-01'] },
        { id: 'TS-02', question: '是否如实记录隐患排查？', method: ['查资料'],
          source: { ref: 'AQL', clause: '第四十一条第二款', status: '原文' }, catalogue: ['AQ-097-05'] },
      ],
    }],
    ...over,
  };
}

before(async () => {
  srv = await startServer();
  for (const u of ['admin', 'zhaomin', 'zhangwei', 'sunli', 'zhoujun', 'wugang']) {
    c[u] = client(srv.url);
    const r = await c[u].login(u);
    assert.equal(r.status, 200, r.text);
  }
});
after(async () => { if (srv) await srv.stop(); });

describe('checklists: list and read', () => {
  test('L01 the four shipped checklists are loaded by init, for every signed-in role', async () => {
    for (const u of ['admin', 'zhangwei', 'sunli', 'zhoujun', 'wugang']) {
      const r = await c[u].get('/api/v1/checklists');
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.items.map((i) => i.code), SHIPPED);
      for (const i of r.body.items) {
        assert.equal(i.version, 1);
        assert.equal(i.status, 'active');
        assert.equal(i.in_force, true);
        assert.ok(i.items >= 15 && i.items <= 30, `${i.code}: ${i.items} items`);
        assert.ok(i.major_items > 0);
      }
    }
  });
  test('L02 filter by domain; a bad domain → 400 naming it', async () => {
    const r = await c.sunli.get('/api/v1/checklists?domain=mining');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items.map((i) => i.code), ['CHK-QUARRY']);
    const dust = await c.sunli.get('/api/v1/checklists?domain=industry');
    assert.deepEqual(dust.body.items.map((i) => i.code), ['CHK-DUST-WOOD']);
    err(await c.sunli.get('/api/v1/checklists?domain=工贸'), 400, 'input.invalid', 'domain');
  });
  test('L03 detail: sections, items, sources, 重大隐患 flags and catalogue codes as shipped', async () => {
    const r = await c.wugang.get('/api/v1/checklists/CHK-DUST-WOOD');
    assert.equal(r.status, 200, r.text);
    const cl = r.body.checklist;
    const file = shipped('CHK-DUST-WOOD');
    assert.equal(cl.version, 1);
    assert.equal(cl.domain, 'industry');
    assert.deepEqual(cl.body.sections, file.sections);
    assert.deepEqual(cl.body.sources, file.sources);
    const d04 = cl.body.sections.flatMap((s) => s.items).find((i) => i.id === 'DUST-04');
    assert.ok(d04.major, 'DUST-04 (干式除尘系统无泄爆等措施) is a 重大事故隐患');
    assert.deepEqual(d04.catalogue, ['AQ-102-01']);
    assert.equal(r.body.versions.length, 1);
  });
  test('L04 unknown code → 404; bad ?version → 400; missing version → 404', async () => {
    err(await c.zhangwei.get('/api/v1/checklists/NOPE'), 404, 'checklist.not_found');
    err(await c.zhangwei.get('/api/v1/checklists/CHK-QUARRY?version=x'), 400, 'input.invalid', 'version');
    err(await c.zhangwei.get('/api/v1/checklists/CHK-QUARRY?version=9'), 404, 'checklist.no_version');
  });
  test('L05 unauthenticated → 401', async () => {
    const anon = client(srv.url);
    assert.equal((await anon.get('/api/v1/checklists')).status, 401);
    assert.equal((await anon.get('/api/v1/checklists/CHK-QUARRY')).status, 401);
  });
  test('L06 every catalogue code of every shipped checklist exists in the catalogue', async () => {
    for (const code of SHIPPED) {
      const r = await c.admin.get(`/api/v1/checklists/${code}`);
      const codes = new Set(r.body.checklist.body.sections.flatMap((s) => s.items).flatMap((i) => i.catalogue || []));
      assert.ok(codes.size > 0);
      for (const k of codes) {
        const item = await c.admin.get(`/api/v1/catalogue/${k}`);
        assert.equal(item.status, 200, `${code} cites ${k}: ${item.text}`);
      }
    }
  });
});

describe('checklists: upload, versions, retire', () => {
  test('W01 legal reviewer uploads a new checklist; version 1; logged with its body', async () => {
    const r = await c.zhaomin.post('/api/v1/checklists', mine({ version: 7 }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.code, 'TST-SMALL');
    assert.equal(r.body.version, 1, 'the server numbers versions');
    assert.equal(r.body.items, 2);
    const h = await c.admin.get('/api/v1/objects/checklist/TST-SMALL/history');
    assert.equal(h.status, 200, h.text);
    const ev = h.body.items.find((e) => e.action === 'checklist.create');
    assert.ok(ev, h.text);
    assert.equal(ev.action_name, '新建检查表');
  });
  test('W02 the same code again → 409 checklist.code_taken', async () => {
    err(await c.admin.post('/api/v1/checklists', mine()), 409, 'checklist.code_taken', 'code');
  });
  test('W03 a broken document → 400 listing every error by JSON path; nothing stored', async () => {
    const bad = mine({ code: 'TST-BAD', domain: '工贸', effective_from: '2026-13-01' });
    bad.sections[0].items[1].id = 'TS-01';
    bad.sections[0].items[0].catalogue = ['AQ-99-01'];
    bad.sections[0].items[1].method = ['看看'];
    bad.sections[0].items[1].source = { ref: 'NOPE', clause: '', status: '原文' };
    const body = err(await c.admin.post('/api/v1/checklists', bad), 400, 'checklist.invalid', 'domain');
    const got = body.errors.map((e) => `${e.path} ${e.code}`);
    assert.deepEqual(got, [
      'domain checklist.bad_domain',
      'effective_from checklist.bad_date',
      'sections[0].items[0].catalogue[0] checklist.bad_catalogue_code',
      'sections[0].items[1].id checklist.duplicate_item',
      'sections[0].items[1].method[0] checklist.bad_method',
      'sections[0].items[1].source.ref checklist.bad_source_ref',
      'sections[0].items[1].source.clause checklist.clause_required',
    ]);
    for (const e of body.errors) assert.match(e.message, HAN);
    err(await c.admin.get('/api/v1/checklists/TST-BAD'), 404, 'checklist.not_found');
  });
  test('W04 an unknown catalogue code is refused with the item id', async () => {
    const doc = mine({ code: 'TST-UNK' });
    doc.sections[0].items[1].catalogue = ['AQ-097-05', 'AQ-999-01'];
    const body = err(await c.admin.post('/api/v1/checklists', doc), 400, 'checklist.invalid',
      'sections[0].items[1].catalogue[1]');
    assert.equal(body.errors.length, 1);
    assert.equal(body.errors[0].code, 'checklist.unknown_catalogue');
    assert.match(body.errors[0].message, /TS-02.*AQ-999-01/);
  });
  test('W05 a JSON body that is not an object, or has duplicate keys → 400', async () => {
    const r = await c.admin.request('POST', '/api/v1/checklists', undefined, {
      'content-type': 'application/json',
    });
    assert.equal(r.status, 400, r.text);
  });
  test('W06 new version: numbered 2, old version stays readable, history lists both', async () => {
    const v2 = mine({ effective_from: '2026-06-01', title: '测试检查表（修订）' });
    v2.sections[0].items.push({ id: 'TS-03', question: '是否配发劳动防护用品？', method: ['查现场', '询问'],
      source: { ref: 'AQL', clause: '第四十五条', status: '原文' },
      major: { ref: 'AQL', clause: '', status: '未核实' }, catalogue: ['AQ-099-05'] });
    const r = await c.admin.post('/api/v1/checklists/TST-SMALL/versions', v2);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.version, 2);
    assert.equal(r.body.items, 3);
    assert.equal(r.body.major_items, 1);
    const cur = await c.sunli.get('/api/v1/checklists/TST-SMALL');
    assert.equal(cur.body.checklist.version, 2);
    assert.equal(cur.body.checklist.title, '测试检查表（修订）');
    assert.deepEqual(cur.body.versions.map((v) => [v.version, v.in_force]), [[2, true], [1, false]]);
    const old = await c.sunli.get('/api/v1/checklists/TST-SMALL?version=1');
    assert.equal(old.status, 200, old.text);
    assert.equal(old.body.checklist.version, 1);
    assert.equal(old.body.checklist.body.sections[0].items.length, 2);
    const h = await c.admin.get('/api/v1/objects/checklist/TST-SMALL/history');
    assert.ok(h.body.items.some((e) => e.action === 'checklist.version' && e.action_name === '新建检查表版本'));
  });
  test('W07 a version may not take effect before the current one; code may not change', async () => {
    err(await c.admin.post('/api/v1/checklists/TST-SMALL/versions', mine({ effective_from: '2026-03-01' })),
      400, 'checklist.effective_before_latest', 'effective_from');
    err(await c.admin.post('/api/v1/checklists/TST-SMALL/versions', mine({ code: 'TST-OTHER', effective_from: '2026-07-01' })),
      400, 'checklist.code_mismatch', 'code');
    err(await c.admin.post('/api/v1/checklists/NOPE/versions', mine({ code: 'NOPE' })), 404, 'checklist.not_found');
  });
  test('W08 a new version of a shipped checklist that takes effect later: the current stays in force', async () => {
    const doc = shipped('CHK-QUARRY');
    doc.effective_from = '2099-01-01';
    const r = await c.zhaomin.post('/api/v1/checklists/CHK-QUARRY/versions', doc);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.version, 2);
    const cur = await c.zhangwei.get('/api/v1/checklists/CHK-QUARRY');
    assert.equal(cur.body.checklist.version, 1, 'version 2 is not in force before 2099');
    const list = await c.zhangwei.get('/api/v1/checklists?domain=mining');
    assert.equal(list.body.items[0].version, 1);
    assert.equal(list.body.items[0].latest_version, 2);
  });
  test('W09 retire: reason required; status retired; listed under status=retired; twice → 409', async () => {
    err(await c.admin.post('/api/v1/checklists/TST-SMALL/retire', {}), 400, 'input.invalid', 'reason');
    const r = await c.admin.post('/api/v1/checklists/TST-SMALL/retire', { reason: '测试结束' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'retired');
    const active = await c.admin.get('/api/v1/checklists?status=active');
    assert.ok(!active.body.items.some((i) => i.code === 'TST-SMALL'));
    const retired = await c.admin.get('/api/v1/checklists?status=retired');
    assert.deepEqual(retired.body.items.map((i) => i.code), ['TST-SMALL']);
    const old = await c.admin.get('/api/v1/checklists/TST-SMALL?version=1');
    assert.equal(old.status, 200, 'retired versions stay readable');
    err(await c.admin.post('/api/v1/checklists/TST-SMALL/retire', { reason: '再次' }), 409, 'checklist.already_retired');
    const h = await c.admin.get('/api/v1/objects/checklist/TST-SMALL/history');
    assert.ok(h.body.items.some((e) => e.action === 'checklist.retire' && e.action_name === '停用检查表'));
  });
});

describe('checklists: permissions', () => {
  test('P01 officer, township officers (both units) and the city supervisor cannot write', async () => {
    for (const u of ['zhangwei', 'sunli', 'zhoujun', 'wugang']) {
      err(await c[u].post('/api/v1/checklists', mine({ code: `TST-${u.toUpperCase()}` })), 403, 'perm.denied');
      err(await c[u].post('/api/v1/checklists/CHK-DUST-WOOD/versions', shipped('CHK-DUST-WOOD')), 403, 'perm.denied');
      err(await c[u].post('/api/v1/checklists/CHK-DUST-WOOD/retire', { reason: '越权' }), 403, 'perm.denied');
    }
    const r = await c.admin.get('/api/v1/checklists/CHK-DUST-WOOD');
    assert.equal(r.body.versions.length, 1, 'nothing was written');
    assert.equal(r.body.checklist.status, 'active');
  });
  test('P02 the township officers of two units and the city supervisor read the same checklist', async () => {
    const a = await c.sunli.get('/api/v1/checklists/CHK-FIREWORKS-RETAIL');
    const b = await c.zhoujun.get('/api/v1/checklists/CHK-FIREWORKS-RETAIL');
    const w = await c.wugang.get('/api/v1/checklists/CHK-FIREWORKS-RETAIL');
    assert.equal(a.status, 200);
    assert.deepEqual(a.body.checklist.body, b.body.checklist.body);
    assert.deepEqual(a.body.checklist.body, w.body.checklist.body);
  });
  test('P03 writes need the CSRF token', async () => {
    const saved = c.admin.csrf;
    c.admin.csrf = '';
    const r = await c.admin.post('/api/v1/checklists/CHK-DUST-WOOD/retire', { reason: '无令牌' });
    c.admin.csrf = saved;
    assert.equal(r.status, 403, r.text);
  });
});

describe('checklists: init', () => {
  test('I01 init again on the same database loads nothing twice and keeps the bureau\'s versions', () => {
    const env = { ...process.env, ZHIFA_DB: srv.db, ZHIFA_DATA_DIR: srv.dir };
    const r = runStatus(['init'], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /检查表：载入/);
  });
  test('I02 after init, CHK-QUARRY still has the version the bureau added (W08)', async () => {
    const r = await c.admin.get('/api/v1/checklists/CHK-QUARRY');
    assert.equal(r.body.versions.length, 2);
  });
  test('I03 an existing database that lacks a shipped checklist gets it from init, once', () => {
    const env = { ...process.env, ZHIFA_DB: srv.db, ZHIFA_DATA_DIR: srv.dir };
    sql(srv.db, "DELETE FROM checklists WHERE code = 'CHK-FUEL-STATION'");
    const r = runStatus(['init'], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /检查表：载入 1 份/);
    assert.equal(sql(srv.db, "SELECT count(*) FROM checklists WHERE code = 'CHK-FUEL-STATION'"), '1');
    const again = runStatus(['init'], { env });
    assert.equal(again.status, 0, again.stderr);
    assert.doesNotMatch(again.stdout, /检查表：载入/);
  });
  test('I04 init refuses a shipped checklist citing a code the catalogue lacks, naming the item', async () => {
    const other = await startServer({ demo: false });
    try {
      const env = { ...process.env, ZHIFA_DB: other.db, ZHIFA_DATA_DIR: other.dir };
      sql(other.db, "DELETE FROM checklists WHERE code = 'CHK-FUEL-STATION'");
      sql(other.db, "DELETE FROM catalogue_versions WHERE item_id IN (SELECT id FROM catalogue_items WHERE code = 'AQ-109-01')");
      sql(other.db, "DELETE FROM catalogue_items WHERE code = 'AQ-109-01'");
      const r = runStatus(['init'], { env });
      assert.equal(r.status, 1, r.stdout);
      assert.match(r.stderr, /CHK-FUEL-STATION\.json.*FUEL-05.*AQ-109-01/);
      assert.equal(sql(other.db, "SELECT count(*) FROM checklists WHERE code = 'CHK-FUEL-STATION'"), '0', 'nothing half-loaded');
    } finally {
      await other.stop();
    }
  });
});
