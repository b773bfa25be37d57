// On-site inspections (issue 7, part B: R16) against a real server with the
// demo district: create is idempotent by the phone's client id, every
// inspection gets its ledger entry, the record is edited as one document
// with optimistic locking (409), checklist answers are checked against the
// checklist version, phones are masked for readers who do not record, the
// two-certified-officers rule is checked at signing (行政处罚法 第四十二条,
// naming the person), signing freezes the record and marks the ledger entry
// done, and the receipt's inclusion proof matches the public log.
//
//   ZHIFA_BIN=/work/main/build-insp/zhifa node --test tests/api/inspections.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startServer, client } = require('../lib/server');
const fx = require('../lib/inspections');

const HAN = /[\u4e00-\u9fff]/;
let srv;
const as = {};
let shihe; // 史河街道
let ent; // an enterprise of 史河街道
let offs; // officers of 史河街道 by name

function assertError(r, status, code, field) {
  assert.equal(r.status, status, `want ${status}, got ${r.status}: ${r.text}`);
  assert.equal(r.body.error.code, code, r.text);
  assert.match(r.body.error.message, HAN);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
}

before(async () => {
  srv = await startServer();
  for (const u of ['admin', 'chenjie', 'zhangwei', 'wangfang', 'sunli', 'zhoujun', 'wugang']) {
    as[u] = client(srv.url);
    as[u].url = srv.url;
    const r = await as[u].login(u);
    assert.equal(r.status, 200, r.text);
  }
  const units = (await as.admin.get('/api/v1/units')).body.items;
  shihe = units.find((u) => u.code === '341504001');
  ent = await fx.enterpriseOf(as.sunli, shihe.id, 0);
  offs = await fx.officersOf(as.sunli, shihe.id);
});
after(async () => { await srv.stop(); });

describe('create, read, list', () => {
  test('I01 a repeated client_id is the same record, not a second one', async () => {
    const cid = crypto.randomUUID();
    const a = await as.sunli.post('/api/v1/inspections', { client_id: cid, enterprise_id: ent.id });
    assert.equal(a.status, 201, a.text);
    const b = await as.sunli.post('/api/v1/inspections', { client_id: cid, enterprise_id: ent.id });
    assert.equal(b.status, 200, b.text);
    assert.equal(b.body.id, a.body.id);
    const list = await as.sunli.get(`/api/v1/inspections?enterprise_id=${ent.id}&limit=200`);
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body.items.filter((x) => x.client_id === cid).length, 1);
    // the creator's own officer record joins the team
    assert.deepEqual(a.body.officers.map((o) => o.name), ['孙丽']);
    assert.equal(a.body.status, 'open');
    assert.equal(a.body.source, 'ad_hoc');
  });

  test('I02 an ad hoc inspection gets its ledger entry (no inspection bypasses the ledger)', async () => {
    const i = await fx.newInspection(as.sunli, ent.id);
    assert.ok(i.ledger_id > 0);
    const burden = await as.sunli.get(`/api/v1/enterprises/${ent.id}/burden`);
    const entry = burden.body.entries.find((e) => e.id === i.ledger_id);
    assert.ok(entry, 'the ledger entry is in the burden view');
    assert.equal(entry.source, 'ad_hoc');
    assert.equal(entry.status, 'planned');
  });

  test('I03 a plan inspection needs its ledger entry; bad input names the field', async () => {
    let r = await as.sunli.post('/api/v1/inspections', { client_id: crypto.randomUUID(), enterprise_id: ent.id, source: 'plan' });
    assertError(r, 400, 'input.invalid', 'ledger_id');
    r = await as.sunli.post('/api/v1/inspections', { client_id: 'short', enterprise_id: ent.id });
    assertError(r, 400, 'input.invalid', 'client_id');
    r = await as.sunli.post('/api/v1/inspections', { client_id: crypto.randomUUID(), enterprise_id: ent.id, source: 'gossip' });
    assertError(r, 400, 'input.invalid', 'source');
    r = await as.sunli.post('/api/v1/inspections', { client_id: crypto.randomUUID(), enterprise_id: ent.id, inspected_on: '2999-01-01' });
    assertError(r, 400, 'input.invalid', 'inspected_on');
  });

  test('I04 keyset paging: next_before walks the list without repeats', async () => {
    for (let k = 0; k < 3; k++) await fx.newInspection(as.sunli, ent.id);
    const seen = new Set();
    let before = '';
    for (let page = 0; page < 20; page++) {
      const r = await as.sunli.get(`/api/v1/inspections?enterprise_id=${ent.id}&limit=2${before}`);
      assert.equal(r.status, 200, r.text);
      for (const x of r.body.items) { assert.ok(!seen.has(x.id)); seen.add(x.id); }
      if (r.body.next_before === null) break;
      before = `&before=${r.body.next_before}`;
    }
    assert.ok(seen.size >= 5, `saw ${seen.size}`);
  });
});

describe('the document: PATCH', () => {
  test('I05 a stale version gets 409 conflict.version; the first save stays', async () => {
    const i = await fx.newInspection(as.sunli, ent.id);
    const ok = await as.sunli.patch(`/api/v1/inspections/${i.id}`, { version: i.version, legal_education: '讲解了《安全生产法》第四十一条' });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.version, i.version + 1);
    const stale = await as.sunli.patch(`/api/v1/inspections/${i.id}`, { version: i.version, legal_education: '旧版本的修改' });
    assertError(stale, 409, 'conflict.version', 'version');
    const now = await as.sunli.get(`/api/v1/inspections/${i.id}`);
    assert.equal(now.body.legal_education, '讲解了《安全生产法》第四十一条');
  });

  test('I06 stages, checklist answers, attendees, experts in one document', async () => {
    const i = await fx.newInspection(as.sunli, ent.id);
    const chk = await fx.checklist(as.sunli, 'CHK-DUST-WOOD');
    const r = await as.sunli.patch(`/api/v1/inspections/${i.id}`, {
      version: i.version,
      notice_start: '2026-11-28T09:00', notice_end: '2026-11-28T09:10',
      onsite_start: '2026-11-28T09:10', onsite_end: '2026-11-28T10:30',
      checklist_code: chk.code, checklist_version: chk.version,
      answers: [{ item_id: chk.items[0], answer: 'yes' }, { item_id: chk.items[1], answer: 'no', note: '除尘器未接地' }],
      attendees: [{ name: '王建国', post: 'principal', phone: '13805645678' }, { name: '李安全', post: 'safety_manager' }],
      officers: [{ officer_id: offs['孙丽'].id }, { kind: 'expert', name: '钱专家', field: '粉尘防爆' }],
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.answers.length, 2);
    assert.equal(r.body.answers.find((a) => a.item_id === chk.items[1]).answer, 'no');
    assert.equal(r.body.attendees[0].phone, '13805645678', 'the recorder sees the phone');
    assert.deepEqual(r.body.officers.map((o) => o.kind), ['officer', 'expert']);
    // the city supervisor reads, masked
    const w = await as.wugang.get(`/api/v1/inspections/${i.id}`);
    assert.equal(w.status, 200, w.text);
    assert.equal(w.body.attendees[0].phone, '138****5678');
  });

  test('I07 an answer to a question the checklist does not have is refused, naming it', async () => {
    const i = await fx.newInspection(as.sunli, ent.id);
    const chk = await fx.checklist(as.sunli, 'CHK-DUST-WOOD');
    let r = await as.sunli.patch(`/api/v1/inspections/${i.id}`, {
      version: i.version, checklist_code: chk.code, checklist_version: chk.version,
      answers: [{ item_id: 'NOPE-99', answer: 'yes' }],
    });
    assertError(r, 400, 'inspection.unknown_item', 'answers[0].item_id');
    r = await as.sunli.patch(`/api/v1/inspections/${i.id}`, {
      version: i.version, checklist_code: chk.code, checklist_version: chk.version,
      answers: [{ item_id: chk.items[0], answer: 'maybe' }],
    });
    assertError(r, 400, 'input.invalid', 'answers[0].answer');
    r = await as.sunli.patch(`/api/v1/inspections/${i.id}`, { version: i.version, attendees: [{ name: '某人', post: 'boss' }] });
    assertError(r, 400, 'input.invalid', 'attendees[0].post');
    r = await as.sunli.patch(`/api/v1/inspections/${i.id}`, { version: i.version, onsite_start: '明天上午' });
    assertError(r, 400, 'input.invalid', 'onsite_start');
    // nothing of the refused requests was stored
    const now = await as.sunli.get(`/api/v1/inspections/${i.id}`);
    assert.equal(now.body.version, i.version);
    assert.equal(now.body.answers.length, 0);
  });

  test('I08 findings: a repeated client_id is the same finding; unknown catalogue code refused', async () => {
    const i = await fx.newInspection(as.sunli, ent.id);
    const cid = crypto.randomUUID();
    const a = await as.sunli.post(`/api/v1/inspections/${i.id}/findings`, { client_id: cid, description: '除尘系统未设置泄爆装置' });
    assert.equal(a.status, 201, a.text);
    const b = await as.sunli.post(`/api/v1/inspections/${i.id}/findings`, { client_id: cid, description: '除尘系统未设置泄爆装置' });
    assert.equal(b.status, 200, b.text);
    assert.equal(b.body.id, a.body.id);
    const r = await as.sunli.post(`/api/v1/inspections/${i.id}/findings`, { client_id: crypto.randomUUID(), description: '问题', catalogue_code: 'AQ-000-00' });
    assertError(r, 400, 'finding.unknown_catalogue', 'catalogue_code');
    const full = await as.sunli.get(`/api/v1/inspections/${i.id}`);
    assert.equal(full.body.findings.length, 1);
  });
});

describe('signing and the receipt', () => {
  test('I09 signing is refused without two certified officers, naming the person', async () => {
    const i = await fx.newInspection(as.sunli, ent.id);
    const sig = await fx.upload(as.sunli, i.id, fx.png(), 'signature');
    assert.equal(sig.status, 201, sig.text);
    // only 孙丽 on the team
    let r = await as.sunli.post(`/api/v1/inspections/${i.id}/sign`, { version: i.version, signer_name: '王建国', signature_id: sig.body.id });
    assertError(r, 400, 'inspection.team_invalid', 'officers');
    assert.match(r.body.error.message, /第四十二条/);
    // 孙丽 and an auxiliary without a certificate: the auxiliary is named
    const p = await as.sunli.patch(`/api/v1/inspections/${i.id}`, { version: i.version, officers: [{ officer_id: offs['孙丽'].id }, { officer_id: offs['袁媛'].id }] });
    assert.equal(p.status, 200, p.text);
    r = await as.sunli.post(`/api/v1/inspections/${i.id}/sign`, { version: p.body.version, signer_name: '王建国', signature_id: sig.body.id });
    assertError(r, 400, 'inspection.team_invalid', 'officers');
    assert.match(r.body.error.message, /袁媛/);
    const still = await as.sunli.get(`/api/v1/inspections/${i.id}`);
    assert.equal(still.body.status, 'open');
  });

  test('I10 the auxiliary records but may not sign; the supervisor reads but never writes', async () => {
    const r = await as.wangfang.post('/api/v1/inspections', { client_id: crypto.randomUUID(), enterprise_id: ent.id });
    assert.equal(r.status, 201, r.text);
    const s = await as.wangfang.post(`/api/v1/inspections/${r.body.id}/sign`, { version: r.body.version, signer_name: '某', signature_id: 1 });
    assertError(s, 403, 'perm.denied');
    const w = await as.wugang.post('/api/v1/inspections', { client_id: crypto.randomUUID(), enterprise_id: ent.id });
    assert.equal(w.status, 403, w.text);
    const wp = await as.wugang.patch(`/api/v1/inspections/${r.body.id}`, { version: r.body.version });
    assert.equal(wp.status, 403, wp.text);
  });

  test('I11 the wrong township neither reads nor writes; anonymous gets 401', async () => {
    const i = await fx.newInspection(as.sunli, ent.id);
    let r = await as.zhoujun.get(`/api/v1/inspections/${i.id}`);
    assertError(r, 403, 'perm.out_of_scope');
    r = await as.zhoujun.patch(`/api/v1/inspections/${i.id}`, { version: i.version, legal_education: 'x' });
    assertError(r, 403, 'perm.out_of_scope');
    r = await as.zhoujun.post('/api/v1/inspections', { client_id: crypto.randomUUID(), enterprise_id: ent.id });
    assertError(r, 403, 'perm.out_of_scope');
    const list = await as.zhoujun.get('/api/v1/inspections?limit=200');
    assert.ok(!list.body.items.some((x) => x.id === i.id));
    r = await client(srv.url).get(`/api/v1/inspections/${i.id}`);
    assert.equal(r.status, 401);
  });

  test('I12 signed: frozen, ledger entry done, receipt proves inclusion in the log', async () => {
    const i = await fx.signedInspection(as.sunli, ent.id, offs);
    assert.equal(i.status, 'signed');
    assert.equal(i.signer_name, '王建国');
    const burden = await as.sunli.get(`/api/v1/enterprises/${ent.id}/burden`);
    const entry = burden.body.entries.find((e) => e.id === i.ledger_id);
    assert.equal(entry.status, 'done');
    const p = await as.sunli.patch(`/api/v1/inspections/${i.id}`, { version: i.version, legal_education: '签字后修改' });
    assertError(p, 409, 'inspection.frozen');
    const f = await as.sunli.post(`/api/v1/inspections/${i.id}/findings`, { client_id: crypto.randomUUID(), description: '签字后补充' });
    assertError(f, 409, 'inspection.frozen');
    const again = await as.sunli.post(`/api/v1/inspections/${i.id}/sign`, { version: i.version, signer_name: '王建国', signature_id: i.signature_id });
    assertError(again, 409, 'inspection.frozen');

    const rc = await as.sunli.get(`/api/v1/inspections/${i.id}/receipt`);
    assert.equal(rc.status, 200, rc.text);
    const ev = JSON.parse(rc.body.event);
    assert.equal(ev.action, 'inspection.sign');
    assert.equal(ev.object_id, String(i.id));
    // the signed record carries the evidence hashes
    assert.equal(ev.after.evidence[0].sha256, i.evidence[0].sha256);
    // the public proof endpoint gives the same path and the checkpoint's root
    const pub = await client(srv.url).get(rc.body.verify_url);
    assert.equal(pub.status, 200, pub.text);
    assert.deepEqual(pub.body.path, rc.body.path);
    assert.equal(pub.body.root_hash, rc.body.checkpoint.root_hash);
    assert.equal(pub.body.leaf_hash, rc.body.leaf_hash);
    // the leaf is the hash of the event's bytes: the content is what was proved
    assert.equal(crypto.createHash('sha256').update(Buffer.concat([Buffer.from([0]), Buffer.from(rc.body.event, 'utf8')])).digest('hex'), rc.body.leaf_hash);
    // recompute the root from the leaf and the path (RFC 6962)
    assert.equal(fx.rootFromProof(rc.body.event_index, rc.body.checkpoint.tree_size, rc.body.leaf_hash, rc.body.path), rc.body.checkpoint.root_hash);
    // an open inspection has no receipt
    const open = await fx.newInspection(as.sunli, ent.id);
    assertError(await as.sunli.get(`/api/v1/inspections/${open.id}/receipt`), 409, 'inspection.not_signed');
  });

  test('I13 every change is in the object history', async () => {
    const i = await fx.signedInspection(as.sunli, ent.id, offs);
    const h = await as.sunli.get(`/api/v1/objects/inspection/${i.id}/history`);
    assert.equal(h.status, 200, h.text);
    const actions = (h.body.items || h.body.events || []).map((e) => e.action);
    assert.ok(actions.includes('inspection.create'), actions.join());
    assert.ok(actions.includes('inspection.update'), actions.join());
    assert.ok(actions.includes('inspection.sign'), actions.join());
  });
});
