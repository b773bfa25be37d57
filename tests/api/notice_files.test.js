// The materials (files) of notices and consultations with partner agencies
// (issue 11, R29; migration 041): bureau users attach to what the bureau
// sent and to their replies, push tokens to what their agency sent, read
// tokens download what is addressed to their agency; the type comes from
// the bytes and the name must agree; oversize, empty, the other agency's
// token and the read token's push are refused with stable codes and Chinese
// messages; the bytes downloaded are the bytes uploaded; withdrawal keeps
// the row; every upload, token download and withdrawal is in the log.
//
//   ZHIFA_BIN=$PWD/build-asan/zhifa node --test tests/api/notice_files.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { startServer, client, backend, psql } = require('../lib/server');
const M = require('../lib/materials');

const HAN = /[\u4e00-\u9fff]/;
const MAX = 65536; // ZHIFA_NOTICE_ATTACHMENT_MAX_BYTES of this server
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let srv;
const c = {};
let agencyA, agencyB, readA, pushA, pushB, enterpriseOnlyA;
let outNotice, inNotice; // the bureau's notice to A; A's pushed consultation

function sql(q) {
  const out = backend === 'postgresql'
    ? psql(srv.db, q)
    : execFileSync('sqlite3', ['-separator', '|', srv.db.replace(/^sqlite:/, ''), q], { encoding: 'utf8' });
  return out.trim() ? out.trim().split('\n').map((l) => l.split('|')) : [];
}

// SQL that must fail; its error text.
function sqlFails(q) {
  try {
    sql(q);
  } catch (e) {
    return String(e.stderr || e.message);
  }
  assert.fail(`${q} succeeded`);
}

function refused(r, status, code) {
  assert.equal(r.status, status, r.text);
  if (code) assert.equal(r.body.error.code, code, r.text);
  assert.match(r.body.error.message, HAN);
}

// Raw bytes of a download (the test client reads text).
async function download(p, headers = {}) {
  const h = { ...headers };
  const res = await fetch(srv.url + p, { headers: h });
  const buf = Buffer.from(await res.arrayBuffer());
  let body;
  try { body = JSON.parse(buf.toString('utf8')); } catch { body = undefined; }
  return { status: res.status, headers: res.headers, buf, body, text: buf.toString('utf8') };
}

function bearerHeaders(token) { return { authorization: `Bearer ${token}` }; }
function bearer(token) {
  const x = client(srv.url);
  const h = bearerHeaders(token);
  return {
    get: (p) => x.request('GET', p, undefined, h),
    post: (p, b) => x.request('POST', p, b, h),
    upload: (p, bytes, ct = 'application/octet-stream') => x.request('POST', p, bytes, { ...h, 'content-type': ct }),
    download: (p) => download(p, h),
  };
}

// POST bytes as a user (session cookie + CSRF).
function upload(who, noticeId, name, bytes, { replyId, ct = 'application/octet-stream' } = {}) {
  const q = new URLSearchParams();
  if (name !== undefined) q.set('name', name);
  if (replyId) q.set('reply_id', String(replyId));
  return c[who].request('POST', `/api/v1/agency-notices/${noticeId}/attachments?${q}`, bytes, { 'content-type': ct });
}
function userDownload(who, id) {
  return download(`/api/v1/notice-attachments/${id}/content`, { cookie: c[who].cookie });
}
const qs = (name, replyId) => `?name=${encodeURIComponent(name)}${replyId ? `&reply_id=${replyId}` : ''}`;

before(async () => {
  srv = await startServer({ env: { ZHIFA_NOTICE_ATTACHMENT_MAX_BYTES: String(MAX) } });
  for (const who of ['admin', 'liuyang', 'chenjie', 'zhangwei', 'wangfang', 'sunli', 'wugang']) {
    c[who] = client(srv.url);
    const r = await c[who].login(who);
    assert.equal(r.status, 200, `${who}: ${r.text}`);
  }
  let r = await c.admin.post('/api/v1/agencies', { name: '材料测试公安局', kind: 'public_security' });
  assert.equal(r.status, 201, r.text);
  agencyA = r.body;
  r = await c.admin.post('/api/v1/agencies', { name: '材料测试市场监管局', kind: 'market' });
  assert.equal(r.status, 201, r.text);
  agencyB = r.body;
  const token = async (agency, label, scope, resources) => {
    const t = await c.admin.post('/api/v1/api-tokens', { agency_id: agency.id, label, scope, resources });
    assert.equal(t.status, 201, t.text);
    return t.body.token;
  };
  readA = await token(agencyA, '甲只读', 'read', 'notice.read');
  pushA = await token(agencyA, '甲推送', 'push', 'notice.read notice.write');
  pushB = await token(agencyB, '乙推送', 'push', 'notice.read notice.write');
  enterpriseOnlyA = await token(agencyA, '甲企业', 'read', 'enterprise.read');
  r = await c.zhangwei.post('/api/v1/agency-notices', { agency_id: agencyA.id, kind: 'notification', title: '关于某木业公司粉尘涉爆案件的通报', body: '该企业已立案调查' });
  assert.equal(r.status, 201, r.text);
  outNotice = r.body;
  r = await bearer(pushA).post('/api/v1/exchange/notices', { kind: 'consultation', title: '非法储存危化品案情会商', body: '请派员参加会商' });
  assert.equal(r.status, 201, r.text);
  inNotice = r.body;
});
after(async () => { if (srv && process.env.ZF_DEBUG) console.error(srv.stderr().slice(-6000)); if (srv) await srv.stop(); });

test('NF-01 a bureau user attaches a PDF to the notice it sent; the bytes come back whole, with the name, the sniffed type and nosniff', async () => {
  const bytes = M.pdf('NF-01');
  const name = '现场检查笔录（2026）.pdf';
  const r = await upload('zhangwei', outNotice.id, name, bytes, { ct: 'image/png' }); // the Content-Type is not believed
  assert.equal(r.status, 201, r.text);
  const f = r.body;
  assert.equal(f.notice_id, outNotice.id);
  assert.equal(f.reply_id, null);
  assert.equal(f.file_name, name);
  assert.equal(f.mime, 'application/pdf');
  assert.equal(f.type_name, 'PDF 文档');
  assert.equal(f.size, bytes.length);
  assert.equal(f.sha256, M.sha256(bytes));
  assert.equal(f.uploaded_by_name, '张伟');
  assert.equal(f.token_id, null);
  assert.equal(f.withdrawn, false);
  // the notice lists it
  const n = await c.chenjie.get(`/api/v1/agency-notices/${outNotice.id}`);
  assert.equal(n.status, 200, n.text);
  assert.deepEqual(n.body.attachments.map((x) => [x.id, x.file_name, x.size]), [[f.id, name, bytes.length]]);
  // download: the same bytes (SHA-256), the sniffed type, the name RFC 5987-encoded
  const d = await userDownload('wugang', f.id); // the city supervisor reads
  assert.equal(d.status, 200, d.text);
  assert.equal(M.sha256(d.buf), M.sha256(bytes));
  assert.equal(d.headers.get('content-type'), 'application/pdf');
  assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
  const cd = d.headers.get('content-disposition');
  assert.match(cd, /^attachment; filename="[^"]*\.pdf"; filename\*=UTF-8''/);
  assert.equal(decodeURIComponent(cd.split("filename*=UTF-8''")[1]), name);
  assert.ok(!/[^\x20-\x7e]/.test(cd), 'the header is ASCII');
  assert.equal(d.headers.get('x-content-sha256'), f.sha256);
  // the file in the blob store is the same
  const file = path.join(srv.dir, 'blobs', f.sha256.slice(0, 2), f.sha256);
  assert.equal(M.sha256(fs.readFileSync(file)), f.sha256);
  // logged on the notice
  const h = await c.admin.get(`/api/v1/objects/agency_notice/${outNotice.id}/history`);
  assert.deepEqual(h.body.items.map((x) => x.action), ['notice.create', 'notice.attach']);
  const ev = await c.admin.get(`/api/v1/log/events/${h.body.items[1].index}`);
  assert.equal(ev.body.event.after.sha256, f.sha256);
  assert.equal(ev.body.event.after.file_name, name);
  // out of scope, or without the right: refused
  refused(await userDownload('sunli', f.id), 403, 'perm.out_of_scope');
  refused(await download(`/api/v1/notice-attachments/${f.id}/content`), 401, 'auth.required');
  refused(await upload('wangfang', outNotice.id, 'a.pdf', bytes), 403, 'perm.denied');
  refused(await upload('wugang', outNotice.id, 'a.pdf', bytes), 403, 'perm.denied');
  refused(await upload('sunli', outNotice.id, 'a.pdf', bytes), 403, 'perm.out_of_scope');
  refused(await userDownload('zhangwei', 99999999), 404, 'notice.attachment_not_found');
});

test('NF-02 every accepted type: JPEG, PNG, DOCX, XLSX (zip-sniffed) and UTF-8 text, each downloaded as its sniffed type', async () => {
  const cases = [
    ['现场照片.JPG', M.jpeg(), 'image/jpeg', 'image/jpeg'],
    ['示意图.png', M.png(), 'image/png', 'image/png'],
    ['案情说明.docx', M.docx(), DOCX, DOCX],
    ['企业清单.xlsx', M.xlsx(), XLSX, XLSX],
    ['询问笔录摘要.txt', M.text(), 'text/plain', 'text/plain; charset=utf-8'],
  ];
  for (const [name, bytes, mime, ct] of cases) {
    const r = await upload('chenjie', outNotice.id, name, bytes);
    assert.equal(r.status, 201, `${name}: ${r.text}`);
    assert.equal(r.body.mime, mime, name);
    const d = await userDownload('zhangwei', r.body.id);
    assert.equal(d.status, 200, d.text);
    assert.equal(d.headers.get('content-type'), ct, name);
    assert.equal(M.sha256(d.buf), M.sha256(bytes), name);
  }
  // the same bytes twice: one blob, two materials
  const again = await upload('chenjie', outNotice.id, '示意图（副本）.png', M.png());
  assert.equal(again.status, 201, again.text);
  assert.equal(sql(`SELECT count(*) FROM blobs WHERE sha256 = '${again.body.sha256}'`)[0][0], '1');
  assert.equal(sql(`SELECT count(*) FROM notice_attachments WHERE sha256 = '${again.body.sha256}'`)[0][0], '2');
});

test('NF-03 refused: a name that lies about the type, an unaccepted type, an empty file, an oversized file, a bad name — 4xx, a stable code, Chinese, nothing stored', async () => {
  const count = () => sql('SELECT count(*) FROM notice_attachments')[0][0];
  const before = count();
  // a PNG called a PDF; a PDF called a Word file; a text called a picture; no extension
  let r = await upload('zhangwei', outNotice.id, '处罚决定书.pdf', M.png());
  refused(r, 400, 'notice.attachment_type_mismatch');
  assert.equal(r.body.error.field, 'name');
  assert.match(r.body.error.message, /PNG 图片/);
  assert.match(r.body.error.message, /\.png/);
  refused(await upload('zhangwei', outNotice.id, '说明.docx', M.pdf()), 400, 'notice.attachment_type_mismatch');
  refused(await upload('zhangwei', outNotice.id, 'photo.jpg', M.text('<script>alert(1)</script>')), 400, 'notice.attachment_type_mismatch');
  refused(await upload('zhangwei', outNotice.id, '无扩展名', M.pdf()), 400, 'notice.attachment_type_mismatch');
  // the type is what the bytes are: an executable, a plain ZIP, WebP, GBK text are none of ours
  for (const [name, bytes] of [['tool.pdf', M.elf()], ['材料.docx', M.plainZip()], ['照片.png', M.webp()], ['笔录.txt', Buffer.from([0xb1, 0xca, 0xc2, 0xbc])]]) {
    r = await upload('zhangwei', outNotice.id, name, bytes);
    refused(r, 415, 'notice.attachment_type');
    assert.match(r.body.error.message, /与文件名无关/);
  }
  // empty, oversized (this server's cap is 64 KiB), a name that is nothing or too long or missing
  r = await upload('zhangwei', outNotice.id, '空白.pdf', Buffer.alloc(0));
  refused(r, 400, 'notice.attachment_empty');
  const big = Buffer.concat([M.pdf(), Buffer.alloc(MAX)]);
  r = await upload('zhangwei', outNotice.id, '大文件.pdf', big);
  refused(r, 413, 'notice.attachment_too_big');
  assert.match(r.body.error.message, /上限 65536 字节/);
  assert.equal((await upload('zhangwei', outNotice.id, '刚好.pdf', Buffer.concat([M.pdf(), Buffer.alloc(MAX - M.pdf().length)]))).status, 201);
  refused(await upload('zhangwei', outNotice.id, '../..', M.pdf()), 400, 'notice.attachment_name');
  refused(await upload('zhangwei', outNotice.id, `${'长'.repeat(90)}.pdf`, M.pdf()), 400, 'notice.attachment_name');
  refused(await upload('zhangwei', outNotice.id, undefined, M.pdf()), 400, 'notice.attachment_name');
  assert.equal(Number(count()), Number(before) + 1); // only the one at the cap
  // a path and controls in the name are taken out, the rest kept
  r = await upload('zhangwei', outNotice.id, 'C:\\Users\\张伟\\..\\桌面/询问\u0007笔录:第1页.txt', M.text());
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.file_name, '询问笔录_第1页.txt');
});

test('NF-04 replies carry materials: the bureau attaches to its reply, not to the agency\'s notice or reply', async () => {
  const rep = await c.chenjie.post(`/api/v1/agency-notices/${inNotice.id}/replies`, { body: '我局将派员参加，附检查方案' });
  assert.equal(rep.status, 201, rep.text);
  const r = await upload('chenjie', inNotice.id, '检查方案.docx', M.docx('检查方案'), { replyId: rep.body.id });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.reply_id, rep.body.id);
  const n = await c.zhangwei.get(`/api/v1/agency-notices/${inNotice.id}`);
  assert.deepEqual(n.body.attachments, []);
  assert.deepEqual(n.body.reply_items[0].attachments.map((x) => x.id), [r.body.id]);
  // the agency's own notice is not the bureau's to add to; nor its reply
  refused(await upload('chenjie', inNotice.id, '补充.pdf', M.pdf()), 403, 'notice.attachment_not_own');
  const ar = await bearer(pushA).post(`/api/v1/exchange/notices/${inNotice.id}/replies`, { body: '收到' });
  assert.equal(ar.status, 201, ar.text);
  refused(await upload('chenjie', inNotice.id, '补充.pdf', M.pdf(), { replyId: ar.body.id }), 403, 'notice.attachment_not_own');
  // a reply of another notice, a reply that does not exist
  refused(await upload('chenjie', outNotice.id, '补充.pdf', M.pdf(), { replyId: rep.body.id }), 400, 'notice.reply_not_found');
  refused(await upload('chenjie', outNotice.id, '补充.pdf', M.pdf(), { replyId: 99999999 }), 400, 'notice.reply_not_found');
  refused(await upload('chenjie', outNotice.id, '补充.pdf', M.pdf(), { replyId: 'x' }), 400, 'input.invalid');
});

test('NF-05 a push token attaches to its agency\'s notice and reply; a read token cannot push; another agency\'s token finds nothing', async () => {
  const bytes = M.pdf('NF-05 询问笔录');
  const a = bearer(pushA);
  const r = await a.upload(`/api/v1/exchange/notices/${inNotice.id}/attachments${qs('询问笔录.pdf')}`, bytes);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.uploaded_by, null);
  assert.ok(r.body.token_id > 0);
  assert.equal(r.body.sha256, M.sha256(bytes));
  // its reply
  const ar = await a.post(`/api/v1/exchange/notices/${inNotice.id}/replies`, { body: '补充现场照片' });
  const rr = await a.upload(`/api/v1/exchange/notices/${inNotice.id}/attachments${qs('现场.png', ar.body.id)}`, M.png());
  assert.equal(rr.status, 201, rr.text);
  assert.equal(rr.body.reply_id, ar.body.id);
  // logged with the token named, actor 0
  const h = await c.admin.get(`/api/v1/objects/agency_notice/${inNotice.id}/history`);
  const attaches = h.body.items.filter((x) => x.action === 'notice.attach');
  const ev = await c.admin.get(`/api/v1/log/events/${attaches[attaches.length - 2].index}`);
  assert.equal(ev.body.event.actor_id, 0);
  assert.equal(ev.body.event.after.by_token.agency.id, agencyA.id);
  assert.equal(ev.body.event.after.sha256, M.sha256(bytes));
  // the read token pushes nothing; the other agency's token sees no such notice
  refused(await bearer(readA).upload(`/api/v1/exchange/notices/${inNotice.id}/attachments${qs('x.pdf')}`, bytes), 403, 'token.scope');
  refused(await bearer(pushB).upload(`/api/v1/exchange/notices/${inNotice.id}/attachments${qs('x.pdf')}`, bytes), 404, 'notice.not_found');
  refused(await bearer(pushB).upload(`/api/v1/exchange/notices/${outNotice.id}/attachments${qs('x.pdf')}`, bytes), 404, 'notice.not_found');
  // the bureau's notice and the bureau's reply are not the agency's to add to
  refused(await a.upload(`/api/v1/exchange/notices/${outNotice.id}/attachments${qs('x.pdf')}`, bytes), 403, 'notice.attachment_not_own');
  const bureauReply = (await c.zhangwei.get(`/api/v1/agency-notices/${inNotice.id}`)).body.reply_items.find((x) => x.created_by);
  refused(await a.upload(`/api/v1/exchange/notices/${inNotice.id}/attachments${qs('x.pdf', bureauReply.id)}`, bytes), 403, 'notice.attachment_not_own');
  // the same checks of the bytes as for users
  refused(await a.upload(`/api/v1/exchange/notices/${inNotice.id}/attachments${qs('照片.jpg')}`, M.pdf()), 400, 'notice.attachment_type_mismatch');
  refused(await a.upload(`/api/v1/exchange/notices/${inNotice.id}/attachments${qs('空.pdf')}`, Buffer.alloc(0)), 400, 'notice.attachment_empty');
  refused(await a.upload(`/api/v1/exchange/notices/${inNotice.id}/attachments${qs('大.pdf')}`, Buffer.concat([M.pdf(), Buffer.alloc(MAX)])), 413, 'notice.attachment_too_big');
  // a session is not a token
  refused(await c.zhangwei.request('POST', `/api/v1/exchange/notices/${inNotice.id}/attachments${qs('x.pdf')}`, bytes, { 'content-type': 'application/pdf' }), 401, 'auth.token_required');
  // the bureau downloads what the agency sent, byte for byte
  const d = await userDownload('zhangwei', r.body.id);
  assert.equal(M.sha256(d.buf), M.sha256(bytes));
});

test('NF-06 a token downloads the materials of its agency\'s notices only; each download is logged', async () => {
  const files = (await c.zhangwei.get(`/api/v1/agency-notices/${outNotice.id}`)).body.attachments;
  const f = files[0];
  const d = await bearer(readA).download(`/api/v1/exchange/notice-attachments/${f.id}/content`);
  assert.equal(d.status, 200, d.text);
  assert.equal(M.sha256(d.buf), f.sha256);
  assert.equal(d.headers.get('content-type'), f.mime);
  assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(decodeURIComponent(d.headers.get('content-disposition').split("filename*=UTF-8''")[1]), f.file_name);
  const h = await c.admin.get(`/api/v1/objects/agency_notice/${outNotice.id}/history`);
  const dl = h.body.items.filter((x) => x.action === 'notice.attachment_download');
  assert.equal(dl.length, 1);
  const ev = await c.admin.get(`/api/v1/log/events/${dl[0].index}`);
  assert.equal(ev.body.event.actor_id, 0);
  assert.equal(ev.body.event.after.attachment_id, f.id);
  assert.equal(ev.body.event.after.by_token.agency.id, agencyA.id);
  // the exchange list shows the materials with the notices
  const list = await bearer(readA).get('/api/v1/exchange/notices');
  assert.equal(list.status, 200, list.text);
  const mine = list.body.items.find((x) => x.id === outNotice.id);
  assert.ok(mine.attachments.some((x) => x.id === f.id && x.sha256 === f.sha256));
  // the other agency's token: as if it did not exist; a token without notice.*: 403
  refused(await bearer(pushB).download(`/api/v1/exchange/notice-attachments/${f.id}/content`), 404, 'notice.attachment_not_found');
  refused(await bearer(pushB).download('/api/v1/exchange/notice-attachments/99999999/content'), 404, 'notice.attachment_not_found');
  refused(await bearer(enterpriseOnlyA).download(`/api/v1/exchange/notice-attachments/${f.id}/content`), 403, 'token.resource');
  refused(await download(`/api/v1/exchange/notice-attachments/${f.id}/content`), 401, 'auth.token_required');
  // refusals are not downloads
  const h2 = await c.admin.get(`/api/v1/objects/agency_notice/${outNotice.id}/history`);
  assert.equal(h2.body.items.filter((x) => x.action === 'notice.attachment_download').length, 1);
});

test('NF-07 withdrawal: with a reason, once, logged; the row and the bytes stay for the bureau, the agency gets 410; the database refuses deletes and rewrites', async () => {
  const r = await upload('zhangwei', outNotice.id, '错发的文件.pdf', M.pdf('wrong'));
  assert.equal(r.status, 201, r.text);
  const id = r.body.id;
  refused(await c.zhangwei.post(`/api/v1/notice-attachments/${id}/withdraw`, {}), 400, 'input.invalid');
  refused(await c.wugang.post(`/api/v1/notice-attachments/${id}/withdraw`, { reason: '错发' }), 403, 'perm.denied');
  refused(await c.sunli.post(`/api/v1/notice-attachments/${id}/withdraw`, { reason: '错发' }), 403, 'perm.out_of_scope');
  const w = await c.zhangwei.post(`/api/v1/notice-attachments/${id}/withdraw`, { reason: '错发，应为另一案件的材料' });
  assert.equal(w.status, 200, w.text);
  assert.equal(w.body.withdrawn, true);
  assert.equal(w.body.withdraw_reason, '错发，应为另一案件的材料');
  assert.equal(w.body.withdrawn_by_name, '张伟');
  refused(await c.chenjie.post(`/api/v1/notice-attachments/${id}/withdraw`, { reason: '再次' }), 409, 'notice.attachment_withdrawn');
  const d = await userDownload('zhangwei', id);
  assert.equal(d.status, 200);
  assert.equal(d.headers.get('x-attachment-withdrawn'), '1');
  refused(await bearer(readA).download(`/api/v1/exchange/notice-attachments/${id}/content`), 410, 'notice.attachment_withdrawn');
  const listed = (await c.zhangwei.get(`/api/v1/agency-notices/${outNotice.id}`)).body.attachments.find((x) => x.id === id);
  assert.equal(listed.withdrawn, true);
  const h = await c.admin.get(`/api/v1/objects/agency_notice/${outNotice.id}/history`);
  const ev = await c.admin.get(`/api/v1/log/events/${h.body.items.find((x) => x.action === 'notice.attachment_withdraw').index}`);
  assert.equal(ev.body.event.before.withdrawn, false);
  assert.equal(ev.body.event.after.withdrawn, true);
  // never deleted, never overwritten, withdrawn once — by the database itself
  assert.match(sqlFails(`DELETE FROM notice_attachments WHERE id = ${id}`), /never deleted/);
  assert.match(sqlFails(`UPDATE notice_attachments SET file_name = 'x.pdf' WHERE id = ${r.body.id - 1}`), /only a withdrawal/);
  assert.match(sqlFails(`UPDATE notice_attachments SET withdraw_reason = '改' WHERE id = ${id}`), /only a withdrawal/);
  assert.equal(sql(`SELECT file_name FROM notice_attachments WHERE id = ${id}`)[0][0], '错发的文件.pdf');
});

test('NF-08 the bureau\'s notice list counts each notice\'s materials in force, its replies\' included, withdrawn ones left out; the exchange list too', async () => {
  // a fresh agency, so its list holds exactly the notices made here
  let r = await c.admin.post('/api/v1/agencies', { name: '材料计数测试应急局', kind: 'transport' });
  assert.equal(r.status, 201, r.text);
  const agencyC = r.body;
  const pushC = (await c.admin.post('/api/v1/api-tokens', { agency_id: agencyC.id, label: '丙推送', scope: 'push', resources: 'notice.read notice.write' })).body.token;
  const expected = new Map(); // notice id -> ids of the files in force, kept by this test
  const keep = (noticeId, res) => {
    assert.equal(res.status, 201, res.text);
    expected.get(noticeId).add(res.body.id);
    return res.body;
  };
  const notices = [];
  for (const title of ['计数测试通报一', '计数测试通报二', '计数测试通报三（无材料）']) {
    r = await c.zhangwei.post('/api/v1/agency-notices', { agency_id: agencyC.id, kind: 'notification', title, body: '计数' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.files, 0);
    notices.push(r.body);
    expected.set(r.body.id, new Set());
  }
  r = await bearer(pushC).post('/api/v1/exchange/notices', { kind: 'consultation', title: '计数测试会商（协作单位）', body: '计数' });
  assert.equal(r.status, 201, r.text);
  notices.push(r.body);
  expected.set(r.body.id, new Set());
  const [n1, n2, , n4] = notices;
  // n1: three files on the notice, one withdrawn; a bureau reply with one; the agency's reply with one
  keep(n1.id, await upload('zhangwei', n1.id, '一.pdf', M.pdf('NF-08 1')));
  const gone = keep(n1.id, await upload('zhangwei', n1.id, '二.png', M.png()));
  keep(n1.id, await upload('chenjie', n1.id, '三.txt', M.text('NF-08 三')));
  const rep = await c.chenjie.post(`/api/v1/agency-notices/${n1.id}/replies`, { body: '附说明' });
  keep(n1.id, await upload('chenjie', n1.id, '说明.docx', M.docx('说明'), { replyId: rep.body.id }));
  const ar = await bearer(pushC).post(`/api/v1/exchange/notices/${n1.id}/replies`, { body: '收到，附回执' });
  keep(n1.id, await bearer(pushC).upload(`/api/v1/exchange/notices/${n1.id}/attachments${qs('回执.pdf', ar.body.id)}`, M.pdf('NF-08 回执')));
  assert.equal((await c.zhangwei.post(`/api/v1/notice-attachments/${gone.id}/withdraw`, { reason: '重复上传' })).status, 200);
  expected.get(n1.id).delete(gone.id);
  // n2: one file, withdrawn: counts 0; n4 (the agency's): two of its files
  const only = keep(n2.id, await upload('zhangwei', n2.id, '唯一.pdf', M.pdf('NF-08 唯一')));
  assert.equal((await c.zhangwei.post(`/api/v1/notice-attachments/${only.id}/withdraw`, { reason: '错发' })).status, 200);
  expected.get(n2.id).delete(only.id);
  keep(n4.id, await bearer(pushC).upload(`/api/v1/exchange/notices/${n4.id}/attachments${qs('甲.pdf')}`, M.pdf('NF-08 甲')));
  keep(n4.id, await bearer(pushC).upload(`/api/v1/exchange/notices/${n4.id}/attachments${qs('乙.xlsx')}`, M.xlsx()));

  const want = Object.fromEntries([...expected].map(([id, s]) => [id, s.size]));
  assert.deepEqual(want, { [n1.id]: 4, [n2.id]: 0, [notices[2].id]: 0, [n4.id]: 2 }); // the test's own arithmetic
  const list = await c.chenjie.get(`/api/v1/agency-notices?agency_id=${agencyC.id}`);
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(Object.fromEntries(list.body.items.map((x) => [x.id, x.files])), want);
  // the full notice agrees with the count: the files not withdrawn, of the notice and its replies
  const full = (await c.chenjie.get(`/api/v1/agency-notices/${n1.id}`)).body;
  const inForce = [...full.attachments, ...full.reply_items.flatMap((x) => x.attachments)].filter((x) => !x.withdrawn);
  assert.equal(full.files, inForce.length);
  assert.deepEqual(inForce.map((x) => x.id).sort((a, b) => a - b), [...expected.get(n1.id)].sort((a, b) => a - b));
  // the partner's list carries the same counts
  const xl = await bearer(pushC).get('/api/v1/exchange/notices');
  assert.equal(xl.status, 200, xl.text);
  assert.deepEqual(Object.fromEntries(xl.body.items.map((x) => [x.id, x.files])), want);
  // the unfiltered list of the bureau: every one of these among the rest, same counts
  const all = (await c.chenjie.get('/api/v1/agency-notices?limit=200')).body.items;
  for (const [id, n] of Object.entries(want)) assert.equal(all.find((x) => x.id === Number(id)).files, n);
});

test('NF-09 the demo\'s consultation carries a sample file, stored and logged as an upload, downloaded as UTF-8 text', async () => {
  const list = (await c.chenjie.get('/api/v1/agency-notices?limit=200')).body.items;
  const demo = list.find((x) => x.title === '关于叶集区某木业公司粉尘涉爆隐患的案情会商');
  assert.ok(demo, 'the demo consultation');
  assert.equal(demo.files, 1);
  const full = (await c.chenjie.get(`/api/v1/agency-notices/${demo.id}`)).body;
  assert.equal(full.attachments.length, 1);
  const f = full.attachments[0];
  assert.equal(f.file_name, '现场检查情况摘要.txt');
  assert.equal(f.mime, 'text/plain');
  assert.equal(f.uploaded_by_name, '陈杰');
  assert.equal(f.withdrawn, false);
  const d = await userDownload('liuyang', f.id);
  assert.equal(d.status, 200, d.text);
  assert.equal(d.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.equal(M.sha256(d.buf), f.sha256);
  assert.equal(d.buf.length, f.size);
  assert.match(d.text, /泄爆装置/);
  assert.equal(decodeURIComponent(d.headers.get('content-disposition').split("filename*=UTF-8''")[1]), '现场检查情况摘要.txt');
  // in the blob store and on the log like any upload
  const file = path.join(srv.dir, 'blobs', f.sha256.slice(0, 2), f.sha256);
  assert.equal(M.sha256(fs.readFileSync(file)), f.sha256);
  const h = await c.admin.get(`/api/v1/objects/agency_notice/${demo.id}/history`);
  const attach = h.body.items.filter((x) => x.action === 'notice.attach');
  assert.equal(attach.length, 1);
  const ev = await c.admin.get(`/api/v1/log/events/${attach[0].index}`);
  assert.equal(ev.body.event.after.sha256, f.sha256);
  assert.equal(ev.body.event.after.file_name, f.file_name);
});

test('NF-10 a push token withdraws a file its agency sent, with a reason, once, logged; a read token 403, another agency 404, the bureau\'s file 403', async () => {
  const a = bearer(pushA);
  const mine = await a.upload(`/api/v1/exchange/notices/${inNotice.id}/attachments${qs('错报的笔录.pdf')}`, M.pdf('NF-10 错报'));
  assert.equal(mine.status, 201, mine.text);
  const id = mine.body.id;
  const wd = (t, fid, body) => bearer(t).post(`/api/v1/exchange/notice-attachments/${fid}/withdraw`, body);
  // who may not: a read token (scope first), another agency (as if missing), a session, nobody
  refused(await wd(readA, id, { reason: '错报' }), 403, 'token.scope');
  refused(await wd(enterpriseOnlyA, id, { reason: '错报' }), 403, 'token.scope');
  refused(await wd(pushB, id, { reason: '错报' }), 404, 'notice.attachment_not_found');
  refused(await wd(pushB, 99999999, { reason: '错报' }), 404, 'notice.attachment_not_found');
  refused(await c.zhangwei.post(`/api/v1/exchange/notice-attachments/${id}/withdraw`, { reason: '错报' }), 401, 'auth.token_required');
  // the reason: required, at least 2 characters, nothing else in the body
  let r = await wd(pushA, id, {});
  refused(r, 400, 'input.invalid');
  assert.equal(r.body.error.field, 'reason');
  refused(await wd(pushA, id, { reason: '错' }), 400, 'input.invalid');
  refused(await wd(pushA, id, { reason: '错报', extra: 1 }), 400, 'input.unknown_field');
  // the bureau's files, on the bureau's notice and on the bureau's reply to the agency's notice
  const bureauFile = (await c.zhangwei.get(`/api/v1/agency-notices/${outNotice.id}`)).body.attachments.find((x) => !x.withdrawn);
  r = await wd(pushA, bureauFile.id, { reason: '想撤回' });
  refused(r, 403, 'notice.attachment_not_own');
  assert.match(r.body.error.message, /本局上传/);
  const bureauReplyFile = (await c.zhangwei.get(`/api/v1/agency-notices/${inNotice.id}`)).body.reply_items.flatMap((x) => x.attachments).find((x) => x.uploaded_by);
  refused(await wd(pushA, bureauReplyFile.id, { reason: '想撤回' }), 403, 'notice.attachment_not_own');
  assert.equal(sql(`SELECT count(*) FROM notice_attachments WHERE id = ${id} AND withdrawn_at = ''`)[0][0], '1'); // nothing happened so far
  // the agency withdraws its own
  r = await wd(pushA, id, { reason: '错报，以补报版本为准' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.id, id);
  assert.equal(r.body.withdrawn, true);
  assert.equal(r.body.withdraw_reason, '错报，以补报版本为准');
  assert.equal(r.body.withdrawn_by, null);
  assert.equal(r.body.withdrawn_token_id, mine.body.token_id);
  assert.equal(r.body.by_token, undefined); // the token view goes to the log, not the answer
  refused(await wd(pushA, id, { reason: '再撤一次' }), 409, 'notice.attachment_withdrawn');
  // the row says which token; the bytes stay for the bureau; the agency's download is 410
  assert.deepEqual(sql(`SELECT withdrawn_by IS NULL, withdrawn_token_id FROM notice_attachments WHERE id = ${id}`)[0].map(String), [backend === 'postgresql' ? 't' : '1', String(mine.body.token_id)]);
  const d = await userDownload('zhangwei', id);
  assert.equal(d.status, 200);
  assert.equal(d.headers.get('x-attachment-withdrawn'), '1');
  refused(await bearer(readA).download(`/api/v1/exchange/notice-attachments/${id}/content`), 410, 'notice.attachment_withdrawn');
  const listed = (await c.zhangwei.get(`/api/v1/agency-notices/${inNotice.id}`)).body.attachments.find((x) => x.id === id);
  assert.equal(listed.withdrawn, true);
  assert.equal(listed.withdrawn_token_id, mine.body.token_id);
  // logged on the notice: actor 0, the token named, before and after
  const h = await c.admin.get(`/api/v1/objects/agency_notice/${inNotice.id}/history`);
  const ws = h.body.items.filter((x) => x.action === 'notice.attachment_withdraw');
  assert.equal(ws.length, 1);
  const ev = (await c.admin.get(`/api/v1/log/events/${ws[0].index}`)).body.event;
  assert.equal(ev.actor_id, 0);
  assert.equal(ev.before.withdrawn, false);
  assert.equal(ev.after.withdrawn, true);
  assert.equal(ev.after.id, id);
  assert.equal(ev.after.by_token.agency.id, agencyA.id);
  // another push token of the same agency takes back what the first one sent
  const pushA2 = (await c.admin.post('/api/v1/api-tokens', { agency_id: agencyA.id, label: '甲推送二', scope: 'push', resources: 'notice.write' })).body.token;
  const other = await a.upload(`/api/v1/exchange/notices/${inNotice.id}/attachments${qs('第二份.txt')}`, M.text('NF-10 第二份'));
  assert.equal(other.status, 201, other.text);
  r = await wd(pushA2, other.body.id, { reason: '由新令牌撤回' });
  assert.equal(r.status, 200, r.text);
  assert.notEqual(r.body.withdrawn_token_id, mine.body.token_id);
  // the database holds one withdrawer, never both
  const fresh = await upload('zhangwei', outNotice.id, '约束.pdf', M.pdf('NF-10 约束'));
  assert.equal(fresh.status, 201, fresh.text);
  const userId = fresh.body.uploaded_by;
  assert.match(sqlFails(`UPDATE notice_attachments SET withdrawn_at = '2026-01-01T00:00:00Z', withdraw_reason = 'x', withdrawn_by = ${userId}, withdrawn_token_id = ${mine.body.token_id} WHERE id = ${fresh.body.id}`), /check constraint|CHECK constraint/i);
});
