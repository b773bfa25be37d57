// The PDF renderer as a module loaded on the first render (issue 12: idle
// memory under 16 MB RSS): a server that has logged people in and listed
// and opened cases has mapped neither cairo/pango nor the module
// zhifa-docs.so (nor, on SQLite, libpq and zhifa-pg.so); the first preview
// loads them. When the module cannot be loaded, rendering answers 503
// document.renderer_unavailable in Chinese, an issue takes no number, and
// everything else keeps working.
//
//   ZHIFA_BIN=$PWD/build-asan/zhifa node --test tests/api/documents_module.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, client, runStatus, ROOT } = require('../lib/server');

process.env.LSAN_OPTIONS = process.env.LSAN_OPTIONS || `suppressions=${path.join(__dirname, '..', 'lsan.supp')}`;
const DECISION = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/documents/decision.json'), 'utf8'));
const CASE_FIELDS = { case: DECISION.case, penalty: DECISION.penalty, payment: DECISION.payment, officers: DECISION.officers };
const RECT_FIELDS = {
  violations: { text: '1. 砂光车间积尘未清扫' },
  rectification: { deadline: '2026年12月10日', requirements: '清扫积尘，检查除尘系统' },
  legal_basis: { text: '《工贸企业粉尘防爆安全规定》第十七条' },
};
const MISSING = path.join(os.tmpdir(), 'zhifa-no-such-dir', 'zhifa-docs.so');

// The file names mapped into the server process (/proc/PID/maps).
function mapped(pid) {
  const names = new Set();
  for (const line of fs.readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n')) {
    const p = line.trim().split(/\s+/)[5];
    if (p && p.startsWith('/')) names.add(path.basename(p));
  }
  return [...names];
}
const has = (names, re) => names.some((n) => re.test(n));

async function login(srv, user) {
  const c = client(srv.url);
  assert.equal((await c.login(user)).status, 200);
  return c;
}

describe('the renderer module (zhifa-docs.so)', () => {
  let srv;
  let dir;
  let shihe;
  before(async () => {
    srv = await startServer();
    dir = srv.dir;
  });
  after(async () => { if (srv) await srv.stop(); });

  test('DM01 an idle server has not mapped the PDF stack; the first preview loads it', async () => {
    const c = await login(srv, 'zhangwei');
    const cases = await c.get('/api/v1/cases?limit=20');
    assert.equal(cases.status, 200, cases.text);
    assert.ok(cases.body.items.length > 0);
    assert.equal((await c.get(`/api/v1/cases/${cases.body.items[0].id}`)).status, 200);
    let names = mapped(srv.child.pid);
    assert.ok(has(names, /^libmicrohttpd\.so/), 'the maps are the server\'s');
    for (const re of [/^zhifa-docs\.so$/, /^libcairo\.so/, /^libpango-1\.0\.so/, /^libfontconfig\.so/, /^libglib-2\.0\.so/])
      assert.ok(!has(names, re), `${re} mapped before any render: ${names.join(' ')}`);
    if (srv.db.startsWith('sqlite:')) {
      assert.ok(!has(names, /^libpq\.so/), 'libpq mapped on SQLite');
      assert.ok(!has(names, /^zhifa-pg\.so$/), 'zhifa-pg.so loaded on SQLite');
    } else {
      assert.ok(has(names, /^zhifa-pg\.so$/) && has(names, /^libpq\.so/), 'the PostgreSQL module is loaded');
    }
    const r = await c.post('/api/v1/documents/preview', { kind: 'penalty_decision', fields: { ...CASE_FIELDS, party: DECISION.party } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    names = mapped(srv.child.pid);
    assert.ok(has(names, /^zhifa-docs\.so$/), 'the module is loaded');
    assert.ok(has(names, /^libcairo\.so/) && has(names, /^libpango-1\.0\.so/), 'with cairo and pango');
  });

  test('DM02 without the module: 503 document.renderer_unavailable, no number taken, the rest works; back with it, the next number', async () => {
    const c = await login(srv, 'sunli'); // 史河街道
    shihe = (await c.get('/api/v1/enterprises?limit=5')).body.items[0];
    const first = await c.post('/api/v1/documents', { kind: 'rectification_order', subject_kind: 'enterprise', subject_id: shihe.id, fields: RECT_FIELDS });
    assert.equal(first.status, 201, first.text);
    const seq = Number(/〕(\d+)号$/.exec(first.body.number)[1]);
    await srv.stop();
    srv = await startServer({ dir, reuse: true, db: srv.db, env: { ZHIFA_DOCS_MODULE: MISSING } });
    const b = await login(srv, 'sunli');
    const p = await b.post('/api/v1/documents/preview', { kind: 'rectification_order', fields: RECT_FIELDS });
    assert.equal(p.status, 503, p.text);
    assert.equal(p.body.error.code, 'document.renderer_unavailable');
    assert.match(p.body.error.message, /文书生成组件/);
    assert.ok(p.body.error.message.includes(MISSING), 'says which file');
    const i = await b.post('/api/v1/documents', { kind: 'rectification_order', subject_kind: 'enterprise', subject_id: shihe.id, fields: RECT_FIELDS });
    assert.equal(i.status, 503, i.text);
    assert.equal(i.body.error.code, 'document.renderer_unavailable');
    const list = await b.get(`/api/v1/documents?subject_kind=enterprise&subject_id=${shihe.id}`);
    assert.equal(list.status, 200);
    assert.ok(!list.body.items.some((d) => d.number && d.id > first.body.id), 'nothing stored');
    assert.equal((await b.get('/api/v1/cases?limit=5')).status, 200, 'the rest of the server works');
    assert.ok(!has(mapped(srv.child.pid), /^libcairo\.so/));
    await srv.stop();
    srv = await startServer({ dir, reuse: true, db: srv.db });
    const g = await login(srv, 'sunli');
    const next = await g.post('/api/v1/documents', { kind: 'rectification_order', subject_kind: 'enterprise', subject_id: shihe.id, fields: RECT_FIELDS });
    assert.equal(next.status, 201, next.text);
    assert.equal(next.body.number, first.body.number.replace(/〕\d+号$/, `〕${seq + 1}号`), 'gap-free across the failure');
  });

  test('DM03 zhifa doc render without the module: a non-zero exit and the reason', () => {
    const out = path.join(dir, 'no-module.pdf');
    const fields = path.join(ROOT, 'tests/fixtures/documents/decision.json');
    const env = { ...process.env, ZHIFA_DOCS_MODULE: MISSING };
    const r = runStatus(['doc', 'render', '--template', 'penalty_decision', '--fields', fields, '--out', out], { env });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /文书生成组件（zhifa-docs\.so）无法加载/);
    assert.ok(!fs.existsSync(out), 'no file written');
    const ok = runStatus(['doc', 'render', '--template', 'penalty_decision', '--fields', fields, '--out', out]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(fs.readFileSync(out).subarray(0, 5).toString(), '%PDF-');
  });

  test('DM04 a postgresql:// URL without zhifa-pg.so: the reason, not a crash; with it, libpq answers', () => {
    const env = { ...process.env, ZHIFA_DB: 'postgresql://nobody@127.0.0.1:1/none', ZHIFA_DATA_DIR: dir };
    const r = runStatus(['init'], { env: { ...env, ZHIFA_PG_MODULE: path.join(os.tmpdir(), 'zhifa-no-such-dir', 'zhifa-pg.so') } });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /PostgreSQL 组件（zhifa-pg\.so）无法加载/);
    const ok = runStatus(['init'], { env }); // the module loads; nobody listens on port 1
    assert.notEqual(ok.status, 0);
    assert.match(ok.stderr, /无法连接数据库/);
  });
});
