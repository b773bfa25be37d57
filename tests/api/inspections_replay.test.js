// Replayed writes of an inspection (issue 7, R34 offline; migration 039): a
// phone sends a queued PATCH or signing again when the answer to the first
// was lost. With the same operation id and the same body the server answers
// the record as it is (200) and writes nothing — no second change, no
// second log event, no false 409 — and the same id with another body is
// refused (409 inspection.op_id_reused, field op_id). Runs on SQLite and,
// with ZHIFA_TEST_PG, on PostgreSQL.
//
//   ZHIFA_BIN=$PWD/build-asan/zhifa node --test tests/api/inspections_replay.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startServer, client } = require('../lib/server');
const fx = require('../lib/inspections');

const HAN = /[\u4e00-\u9fff]/;
let srv;
const as = {};
let shihe;
let offs;

function assertError(r, status, code, field) {
  assert.equal(r.status, status, `want ${status}, got ${r.status}: ${r.text}`);
  assert.equal(r.body.error.code, code, r.text);
  assert.match(r.body.error.message, HAN);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
}

// The events of the inspection's history with the given action.
async function events(c, id, action) {
  const h = await c.get(`/api/v1/objects/inspection/${id}/history`);
  assert.equal(h.status, 200, h.text);
  return h.body.items.filter((e) => e.action === action);
}

before(async () => {
  srv = await startServer();
  for (const u of ['sunli', 'zhangwei']) {
    as[u] = client(srv.url);
    as[u].url = srv.url;
    const r = await as[u].login(u);
    assert.equal(r.status, 200, r.text);
  }
  const units = (await as.sunli.get('/api/v1/units')).body.items;
  shihe = units.find((u) => u.code === '341504001');
  offs = await fx.officersOf(as.sunli, shihe.id);
});
after(async () => { await srv.stop(); });

test('R01 the same PATCH with the same op_id twice is one change: the second answers 200 with the record, no 409, no second event', async () => {
  const ent = await fx.enterpriseOf(as.sunli, shihe.id, 10);
  const i = await fx.newInspection(as.sunli, ent.id);
  const chk = await fx.checklist(as.sunli, 'CHK-DUST-WOOD');
  const body = {
    op_id: crypto.randomUUID(), version: i.version, checklist_code: chk.code, checklist_version: chk.version,
    answers: [{ item_id: chk.items[0], answer: 'no' }], legal_education: '宣讲《工贸企业粉尘防爆安全规定》',
  };
  const a = await as.sunli.patch(`/api/v1/inspections/${i.id}`, body);
  assert.equal(a.status, 200, a.text);
  assert.equal(a.body.version, i.version + 1);
  // the answer was lost: the phone sends exactly the same request again
  const b = await as.sunli.patch(`/api/v1/inspections/${i.id}`, body);
  assert.equal(b.status, 200, b.text);
  assert.equal(b.body.version, a.body.version, 'nothing written the second time');
  assert.deepEqual(b.body.answers.map((x) => [x.item_id, x.answer]), [[chk.items[0], 'no']]);
  assert.equal((await events(as.sunli, i.id, 'inspection.update')).length, 1);
  // without an op_id the same stale request is the conflict it always was
  const { op_id: _, ...plain } = body;
  assertError(await as.sunli.patch(`/api/v1/inspections/${i.id}`, plain), 409, 'conflict.version', 'version');
  // a replay is still answered after a later change by someone else, with the record as it is now
  const c = await as.zhangwei.patch(`/api/v1/inspections/${i.id}`, { version: a.body.version, onsite_start: '2026-11-28T09:10' });
  assert.equal(c.status, 200, c.text);
  const d = await as.sunli.patch(`/api/v1/inspections/${i.id}`, body);
  assert.equal(d.status, 200, d.text);
  assert.equal(d.body.version, c.body.version);
  assert.equal(d.body.onsite_start, '2026-11-28T09:10');
  assert.equal((await events(as.sunli, i.id, 'inspection.update')).length, 2);
});

test('R02 the same op_id with another body, another inspection or as a signing is refused: 409 inspection.op_id_reused', async () => {
  const ent = await fx.enterpriseOf(as.sunli, shihe.id, 11);
  const i = await fx.newInspection(as.sunli, ent.id);
  const j = await fx.newInspection(as.sunli, (await fx.enterpriseOf(as.sunli, shihe.id, 12)).id);
  const op = crypto.randomUUID();
  const a = await as.sunli.patch(`/api/v1/inspections/${i.id}`, { op_id: op, version: i.version, legal_education: '甲' });
  assert.equal(a.status, 200, a.text);
  assertError(await as.sunli.patch(`/api/v1/inspections/${i.id}`, { op_id: op, version: i.version, legal_education: '乙' }),
    409, 'inspection.op_id_reused', 'op_id');
  assertError(await as.sunli.patch(`/api/v1/inspections/${j.id}`, { op_id: op, version: j.version, legal_education: '甲' }),
    409, 'inspection.op_id_reused', 'op_id');
  assertError(await as.sunli.post(`/api/v1/inspections/${i.id}/sign`, { op_id: op, version: a.body.version, signer_name: '王建国', signature_id: 1 }),
    409, 'inspection.op_id_reused', 'op_id');
  // nothing of the refused writes reached the record
  const now = (await as.sunli.get(`/api/v1/inspections/${i.id}`)).body;
  assert.equal(now.legal_education, '甲');
  assert.equal(now.version, a.body.version);
  assert.equal((await as.sunli.get(`/api/v1/inspections/${j.id}`)).body.legal_education, '');
  // a malformed id is a 400 naming the field
  assertError(await as.sunli.patch(`/api/v1/inspections/${i.id}`, { op_id: 'bad id!!', version: a.body.version }), 400, 'input.invalid', 'op_id');
});

test('R03 a replayed signing answers the signed record once: one sign event, no 409 inspection.frozen', async () => {
  const ent = await fx.enterpriseOf(as.sunli, shihe.id, 13);
  const i = await fx.newInspection(as.sunli, ent.id);
  const p = await as.sunli.patch(`/api/v1/inspections/${i.id}`, {
    version: i.version, officers: [{ officer_id: offs['孙丽'].id }, { officer_id: offs['韩雪'].id }],
  });
  assert.equal(p.status, 200, p.text);
  const sig = await fx.upload(as.sunli, i.id, fx.png(), 'signature');
  assert.equal(sig.status, 201, sig.text);
  const body = { op_id: crypto.randomUUID(), version: p.body.version, signer_name: '王建国', signature_id: sig.body.id };
  const a = await as.sunli.post(`/api/v1/inspections/${i.id}/sign`, body);
  assert.equal(a.status, 200, a.text);
  assert.equal(a.body.status, 'signed');
  const b = await as.sunli.post(`/api/v1/inspections/${i.id}/sign`, body);
  assert.equal(b.status, 200, b.text);
  assert.equal(b.body.status, 'signed');
  assert.equal(b.body.version, a.body.version);
  assert.equal((await events(as.sunli, i.id, 'inspection.sign')).length, 1);
  // a fresh signing request (another op id) still meets the frozen record
  assertError(await as.sunli.post(`/api/v1/inspections/${i.id}/sign`, { ...body, op_id: crypto.randomUUID() }), 409, 'inspection.frozen');
});

test('R04 a replay is answered only to someone who may write the inspection', async () => {
  const ent = await fx.enterpriseOf(as.sunli, shihe.id, 14);
  const i = await fx.newInspection(as.sunli, ent.id);
  const body = { op_id: crypto.randomUUID(), version: i.version, legal_education: '丙' };
  assert.equal((await as.sunli.patch(`/api/v1/inspections/${i.id}`, body)).status, 200);
  const other = client(srv.url);
  await other.login('zhoujun');
  const r = await other.patch(`/api/v1/inspections/${i.id}`, body);
  assert.equal(r.status, 403, r.text);
});
