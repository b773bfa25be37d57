'use strict';
// The double-random inspection rules text (国办发〔2015〕58号: the rules of
// the draw are public): shipped as data/draw_rules.md until the bureau's
// administrator saves its own; each save a new version (migration 019),
// logged with before and after, the public page showing the newest; the
// 事前公开 portal document is a different kind and is not disturbed.
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, client } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;
const SHIPPED = fs.readFileSync(path.join(__dirname, '../../data/draw_rules.md'), 'utf8');

describe('double-random rules text', () => {
  let srv;
  let anon;
  let admin;
  before(async () => {
    srv = await startServer();
    anon = client(srv.url);
    admin = client(srv.url);
    assert.equal((await admin.login('admin')).status, 200);
  });
  after(() => srv && srv.stop());

  test('shipped text until the first save; then the saved one, versions counted, logged', async () => {
    const pub = await anon.get('/api/v1/public/draw-rules');
    assert.equal(pub.status, 200, pub.text);
    assert.equal(pub.body.text, SHIPPED);
    assert.equal(pub.body.updated_at, null);
    assert.equal(pub.headers.get('set-cookie'), null);

    const cur = await admin.get('/api/v1/draw-rules-text');
    assert.equal(cur.status, 200, cur.text);
    assert.equal(cur.body.source, 'shipped');
    assert.equal(cur.body.versions, 0);
    assert.equal(cur.body.text, SHIPPED);

    const text = `${SHIPPED}\n## 五、本区补充\n1. 烟花爆竹零售点在春节前增加一次抽查。\n`;
    const saved = await admin.post('/api/v1/draw-rules-text', { text });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.source, 'stored');
    assert.equal(saved.body.versions, 1, saved.text);
    assert.equal((await anon.get('/api/v1/public/draw-rules')).body.text, text);
    const again = await admin.get('/api/v1/draw-rules-text');
    assert.equal(again.body.versions, 1);
    assert.match(again.body.updated_at, /^\d{4}-\d{2}-\d{2}T/);

    const hist = await admin.get(`/api/v1/objects/portal_text/${saved.body.id}/history`);
    assert.equal(hist.status, 200, hist.text);
    const ev = hist.body.items.find((e) => e.action === 'draw_rules.update');
    assert.ok(ev, `no draw_rules.update event: ${hist.text}`);
    assert.match(JSON.stringify(ev), /春节前增加一次抽查/);

    // the portal document is another kind: still the shipped one
    assert.equal((await admin.get('/api/v1/portal-text')).body.source, 'shipped');

    const text2 = text.replace('增加一次', '增加两次');
    assert.equal((await admin.post('/api/v1/draw-rules-text', { text: text2 })).body.versions, 2);
    assert.match((await anon.get('/api/v1/public/draw-rules')).body.text, /增加两次/);
  });

  test('bad text is refused naming the field, nothing stored', async () => {
    const versions = (await admin.get('/api/v1/draw-rules-text')).body.versions;
    const cases = [
      [{}, 'input.invalid'],
      [{ text: 12 }, 'input.invalid'],
      [{ text: '规则\u0007文本'.repeat(5) }, 'input.invalid'],
      [{ text: '长'.repeat(20001) }, 'input.invalid'],
      [{ text: '  规则  \n\n ' }, 'rules.too_short'],
      [{ text: 'x', extra: 1 }, 'input.unknown_field'],
    ];
    for (const [body, code] of cases) {
      const r = await admin.post('/api/v1/draw-rules-text', body);
      assert.equal(r.status, 400, `${JSON.stringify(body).slice(0, 40)}: ${r.text}`);
      assert.equal(r.body.error.code, code, r.text);
      assert.ok(['text', 'extra'].includes(r.body.error.field), r.text);
      assert.match(r.body.error.message, HAN);
    }
    assert.equal((await admin.get('/api/v1/draw-rules-text')).body.versions, versions, 'a refused text was stored');
  });

  test('only the administrator edits; others 403, anonymous 401', async () => {
    const text = `${SHIPPED}\n（测试）`;
    for (const who of ['chenjie', 'liuyang', 'wugang', 'sunli']) {
      const c = client(srv.url);
      assert.equal((await c.login(who)).status, 200);
      assert.equal((await c.get('/api/v1/draw-rules-text')).status, 403, who);
      assert.equal((await c.post('/api/v1/draw-rules-text', { text })).status, 403, who);
    }
    assert.equal((await anon.post('/api/v1/draw-rules-text', { text })).status, 401);
  });
});
