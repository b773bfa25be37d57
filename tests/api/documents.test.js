// Enforcement documents (执法文书, issue 9, R24): preview, issue, the PDF read
// back with poppler (pdftotext, pdffonts, pdfinfo), gap-free numbers, the
// verification code (public, no login), templates as data refused with the
// missing field's name, batch printing, permissions by role and unit.
//
//   ZHIFA_BIN=$PWD/build-docs/zhifa node --test tests/api/documents.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, client, runStatus, ROOT, BIN } = require('../lib/server');

// fontconfig/cairo caches live until exit: the sanitizer build's suppressions
process.env.LSAN_OPTIONS = process.env.LSAN_OPTIONS || `suppressions=${path.join(__dirname, '..', 'lsan.supp')}`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-docs-test-'));
const DECISION = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/documents/decision.json'), 'utf8'));
const MM = 72 / 25.4;
const PAGE_W = 595.2756;
const RIGHT_EDGE = PAGE_W - 26 * MM; // right margin 26 mm
const LEFT_EDGE = 28 * MM;
const YEAR = Number(new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 4));

let n = 0;
function save(buf) {
  const f = path.join(tmp, `d${++n}.pdf`);
  fs.writeFileSync(f, buf);
  return f;
}
const pdftext = (f) => execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' });
const pdfpages = (f) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [f], { encoding: 'utf8' }))[1]);
function pdffonts(f) {
  const lines = execFileSync('pdffonts', [f], { encoding: 'utf8' }).trim().split('\n').slice(2);
  return lines.map((l) => {
    const cols = l.trim().split(/\s+/);
    // name type… encoding emb sub uni object ID: count from the end
    return { name: cols[0], emb: cols[cols.length - 5], sub: cols[cols.length - 4] };
  });
}
// Every word's box (pdftotext -bbox): [{word, xMin, xMax, yMin, page}]
function words(f) {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', f, '-'], { encoding: 'utf8' });
  const out = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/.exec(line);
    if (m) out.push({ xMin: +m[1], yMin: +m[2], xMax: +m[3], word: m[4], page });
  }
  return out;
}
const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

async function getPdf(c, p) {
  const res = await fetch(c.base + p, { headers: { cookie: c.cookie } });
  return { status: res.status, type: res.headers.get('content-type'), buf: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}
async function postPdf(c, p, body) {
  const res = await fetch(c.base + p, {
    method: 'POST',
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type'), buf: Buffer.from(await res.arrayBuffer()) };
}

// the case facts the officer types; the party comes from the enterprise
const CASE_FIELDS = {
  case: DECISION.case,
  penalty: DECISION.penalty,
  payment: DECISION.payment,
  officers: DECISION.officers,
};

describe('enforcement documents (执法文书)', () => {
  let srv;
  const c = {};
  let shihe; // an enterprise of 史河街道
  let pinggang; // an enterprise of 平岗街道
  let issued = [];

  before(async () => {
    srv = await startServer();
    for (const u of ['zhangwei', 'sunli', 'zhoujun', 'wugang', 'admin', 'wangfang']) {
      c[u] = client(srv.url);
      c[u].base = srv.url;
      assert.equal((await c[u].login(u)).status, 200);
    }
    const s = await c.sunli.get('/api/v1/enterprises?limit=5');
    assert.equal(s.status, 200, s.text);
    shihe = s.body.items[0];
    const p = await c.zhoujun.get('/api/v1/enterprises?limit=5');
    pinggang = p.body.items[0];
    assert.ok(shihe && pinggang && shihe.unit.name === "史河街道" && pinggang.unit.name === "平岗街道");
  });
  after(async () => { if (srv) await srv.stop(); });

  test('D01 preview from explicit fields: a PDF, 预览稿, no number, rare characters as themselves', async () => {
    const r = await postPdf(c.zhangwei, '/api/v1/documents/preview', { kind: 'penalty_decision', fields: { ...CASE_FIELDS, party: DECISION.party } });
    assert.equal(r.status, 200, r.buf.toString());
    assert.equal(r.type, 'application/pdf');
    assert.equal(r.buf.subarray(0, 5).toString(), '%PDF-');
    const f = save(r.buf);
    const text = pdftext(f);
    assert.match(text, /预览稿/);
    assert.match(text, /未编号/);
    assert.doesNotMatch(text, /核验码/);
    // 生僻字: U+20024 (CJK Ext. B, from the Noto Sans CJK fallback) and U+4DAE
    assert.ok(text.includes('叶集区𠀤䶮木业有限公司'), text.slice(0, 400));
    assert.ok(text.includes('王𠀤'));
    const fonts = pdffonts(f);
    for (const font of fonts) {
      assert.equal(font.emb, 'yes', `${font.name} not embedded`);
      assert.equal(font.sub, 'yes', `${font.name} not a subset`);
    }
    // set in our build-time subsets (data/fonts; fonts.c): 䶮 (Ext. A) from
    // ZF Serif, 𠀤 from ZF Sans, no full Noto face needed
    const names = fonts.map((x) => x.name.replace(/^[A-Z]{6}\+/, '')).sort();
    assert.deepEqual(names, ['ZFSans-Regular', 'ZFSerif-Bold', 'ZFSerif-Regular'],
      'the font subsets are not used: is fontTools installed (scripts/deps.sh)? see the server\'s "document fonts" log line');
  });

  test('D02 a very long address wraps inside the margins (no glyph beyond the right margin)', async () => {
    const long = '安徽省六安市叶集区史河街道'.repeat(12) + '工业园区纬三路八号';
    const r = await postPdf(c.zhangwei, '/api/v1/documents/preview', {
      kind: 'penalty_decision', fields: { ...CASE_FIELDS, party: { ...DECISION.party, address: long } },
    });
    assert.equal(r.status, 200);
    const f = save(r.buf);
    const ws = words(f);
    assert.ok(ws.length > 50);
    const beyond = ws.filter((w) => w.xMax > RIGHT_EDGE + 1 || w.xMin < LEFT_EDGE - 1);
    // the footer and QR caption sit inside the same margins; nothing may cross them
    assert.deepEqual(beyond.map((w) => `${w.word}@${w.xMax.toFixed(1)}`), []);
    // the address took several lines: its pieces sit on several distinct y
    const lines = new Set(ws.filter((w) => w.word.includes('史河街道') && w.page === 1).map((w) => Math.round(w.yMin)));
    assert.ok(lines.size >= 4, `address on ${lines.size} lines`);
    // reading order interleaves the table's label and the preview watermark
    // with the wrapped value: take them out before comparing
    const text = pdftext(f).replace(/\s+|地址|[预览稿不作为正式文书]/g, '');
    assert.ok(text.includes(long), 'the whole address is printed');
  });

  test('D15 a table row taller than a page (facts pasted into the 立案审批表) breaks between lines: every line inside the margins, the whole text printed', async () => {
    const facts = Array.from({ length: 160 }, (_, i) => `第${i + 1}处车间除尘系统未按规定清理积尘。`).join('');
    const r = await postPdf(c.zhangwei, '/api/v1/documents/preview', {
      kind: 'case_filing', fields: { case: { facts }, party: DECISION.party, officers: DECISION.officers },
    });
    assert.equal(r.status, 200, r.buf.toString());
    const f = save(r.buf);
    assert.ok(pdfpages(f) >= 3, `${pdfpages(f)} pages`);
    const ws = words(f).filter((w) => /车间除尘|积尘/.test(w.word));
    assert.ok(ws.length > 100);
    // A4 is 841.9 pt high; the body ends 35 mm (99.2 pt) above the bottom and
    // starts 37 mm below the top: no line of the facts outside, on any page
    const outside = ws.filter((w) => w.yMin > 841.9 - 99.2 || w.yMin < 37 * 72 / 25.4 - 14);
    assert.deepEqual(outside.map((w) => `${w.word}@p${w.page}:${w.yMin.toFixed(1)}`), []);
    assert.ok(new Set(ws.map((w) => w.page)).size >= 2, 'the facts run over two pages at least');
    const text = pdftext(f).replace(/\s+|[预览稿不作为正式文书]/g, '');
    for (const i of [1, 80, 160]) assert.ok(text.includes(`第${i}处车间除尘系统未按规定清理积尘。`), `item ${i}`);
  });

  test('D03 issue: number from the gap-free series, code, sha256; the stored PDF reads back right', async () => {
    const r = await c.zhangwei.post('/api/v1/documents', { kind: 'penalty_decision', subject_kind: 'enterprise', subject_id: shihe.id, fields: CASE_FIELDS });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.number, `（叶）应急罚〔${YEAR}〕1号`);
    assert.match(r.body.verify_code, /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    assert.match(r.body.sha256, /^[0-9a-f]{64}$/);
    issued.push(r.body);
    const p = await getPdf(c.zhangwei, `/api/v1/documents/${r.body.id}/pdf`);
    assert.equal(p.status, 200);
    assert.equal(p.type, 'application/pdf');
    assert.equal(sha256(p.buf), r.body.sha256, 'the bytes served are the bytes hashed');
    const f = save(p.buf);
    assert.equal(pdfpages(f), r.body.pages);
    assert.ok(r.body.pages >= 2);
    const text = pdftext(f);
    const flat = text.replace(/\s+/g, '');
    assert.ok(flat.includes(`（叶）应急罚〔${YEAR}〕1号`));
    assert.ok(flat.includes(shihe.name), 'party from the enterprise registry');
    assert.ok(flat.includes('六安市叶集区应急管理局'), 'issued by the bureau');
    assert.doesNotMatch(flat, /执法大队/, 'never the brigade');
    // 行政复议法(2023) 第20、24条, 行政诉讼法 第46条 (LAW.md §7)
    assert.ok(flat.includes('六十日内向六安市叶集区人民政府申请行政复议'));
    assert.ok(flat.includes('六个月内'));
    assert.ok(flat.includes(r.body.verify_code));
    assert.match(flat, new RegExp(`第1页共${r.body.pages}页`));
    assert.match(flat, new RegExp(`第${r.body.pages}页共${r.body.pages}页`));
    assert.doesNotMatch(flat, /预览稿/);
    for (const font of pdffonts(f)) assert.equal(font.emb, 'yes');
  });

  test('D04 numbers are gap-free: a refused issue takes no number; kinds have their own series', async () => {
    const bad = await c.zhangwei.post('/api/v1/documents', { kind: 'penalty_decision', subject_kind: 'enterprise', subject_id: shihe.id, fields: { case: { nope: 'x' } } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'document.field');
    assert.equal(bad.body.error.field, 'case.nope');
    const sys = await c.zhangwei.post('/api/v1/documents', { kind: 'penalty_decision', subject_kind: 'enterprise', subject_id: shihe.id, fields: { authority: { name: '执法大队' } } });
    assert.equal(sys.status, 400, 'the authority is not the client\'s to set');
    const r2 = await c.zhangwei.post('/api/v1/documents', { kind: 'penalty_decision', subject_kind: 'enterprise', subject_id: shihe.id, fields: CASE_FIELDS });
    assert.equal(r2.status, 201, r2.text);
    assert.equal(r2.body.number, `（叶）应急罚〔${YEAR}〕2号`);
    issued.push(r2.body);
    const rc = await c.sunli.post('/api/v1/documents', { kind: 'rectification_order', subject_kind: 'enterprise', subject_id: shihe.id,
      fields: { violations: { text: '1. 砂光车间积尘未清扫' }, rectification: { deadline: '2026年12月10日', requirements: '清扫积尘，检查除尘系统' }, legal_basis: { text: '《工贸企业粉尘防爆安全规定》第十七条' } } });
    assert.equal(rc.status, 201, rc.text);
    assert.equal(rc.body.number, `（叶）应急责改〔${YEAR}〕1号`);
    issued.push(rc.body);
    const list = await c.zhangwei.get(`/api/v1/documents?subject_kind=enterprise&subject_id=${shihe.id}`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((d) => d.number), issued.map((d) => d.number));
  });

  test('D05 the issue is in the full-process log with the PDF hash', async () => {
    const d = issued[0];
    const h = await c.zhangwei.get(`/api/v1/objects/document/${d.id}/history`);
    assert.equal(h.status, 200, h.text);
    const ev = h.body.items.find((e) => e.action === 'document.issue');
    assert.ok(ev, JSON.stringify(h.body));
    const after = typeof ev.after === 'string' ? JSON.parse(ev.after) : ev.after;
    assert.equal(after.sha256, d.sha256);
    assert.equal(after.number, d.number);
  });

  test('D06 public verification: yes for the code and its hash, no for a forged code or a changed hash, no personal data', async () => {
    const anon = client(srv.url);
    const d = issued[0];
    const code = d.verify_code;
    const ok = await anon.get(`/api/v1/public/documents/verify?code=${code}`);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.valid, true);
    assert.equal(ok.body.document.number, d.number);
    assert.equal(ok.body.document.authority, '六安市叶集区应急管理局');
    assert.equal(ok.body.document.kind_name, '行政处罚决定书');
    assert.ok(!ok.text.includes(shihe.name), 'no party name');
    assert.ok(!ok.text.includes('张伟'), 'no officer');
    assert.ok(!ok.text.includes('粉尘'), 'no facts');
    // typed by a person: lower case, no hyphen, O for 0
    const typed = code.replace('-', '').toLowerCase().replace(/0/g, 'o');
    assert.equal((await anon.get(`/api/v1/public/documents/verify?code=${typed}`)).body.valid, true);
    const match = await anon.get(`/api/v1/public/documents/verify?code=${code}&sha256=${d.sha256}`);
    assert.equal(match.body.result, 'match');
    const changed = d.sha256.slice(0, 63) + (d.sha256[63] === '0' ? '1' : '0');
    const mm = await anon.get(`/api/v1/public/documents/verify?code=${code}&sha256=${changed}`);
    assert.equal(mm.body.valid, false);
    assert.equal(mm.body.result, 'hash_mismatch');
    // a forged code: one character changed
    const c0 = code.replace('-', '');
    const forged = c0.slice(0, 9) + (c0[9] === 'A' ? 'B' : 'A');
    const nf = await anon.get(`/api/v1/public/documents/verify?code=${forged}`);
    assert.equal(nf.status, 200);
    assert.equal(nf.body.valid, false);
    assert.equal(nf.body.result, 'not_found');
    const bad = await anon.get('/api/v1/public/documents/verify?code=XYZ');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'code');
  });

  test('D07 permissions: wrong role, wrong unit; the city supervisor reads but never issues', async () => {
    const body = { kind: 'penalty_decision', subject_kind: 'enterprise', subject_id: shihe.id, fields: CASE_FIELDS };
    // zhoujun of 平岗街道 cannot issue nor read for a 史河街道 enterprise
    const z = await c.zhoujun.post('/api/v1/documents', body);
    assert.equal(z.status, 403);
    assert.equal(z.body.error.code, 'perm.out_of_scope');
    assert.equal((await c.zhoujun.get(`/api/v1/documents/${issued[0].id}`)).status, 403);
    assert.equal((await getPdf(c.zhoujun, `/api/v1/documents/${issued[0].id}/pdf`)).status, 403);
    assert.equal((await c.zhoujun.get(`/api/v1/documents?subject_kind=enterprise&subject_id=${shihe.id}`)).status, 403);
    assert.equal((await postPdf(c.zhoujun, '/api/v1/documents/preview', body)).status, 403);
    // sunli of 史河街道 for a 平岗街道 enterprise
    const s = await c.sunli.post('/api/v1/documents', { ...body, subject_id: pinggang.id });
    assert.equal(s.status, 403);
    // wugang (city supervisor) reads, never issues
    const w = await c.wugang.post('/api/v1/documents', body);
    assert.equal(w.status, 403);
    assert.equal(w.body.error.code, 'perm.denied');
    const wr = await getPdf(c.wugang, `/api/v1/documents/${issued[0].id}/pdf`);
    assert.equal(wr.status, 200);
    // the auxiliary (辅助人员) never issues; admin neither
    assert.equal((await c.wangfang.post('/api/v1/documents', body)).status, 403);
    assert.equal((await c.admin.post('/api/v1/documents', body)).status, 403);
    // nothing of it consumed a number
    const r3 = await c.zhangwei.post('/api/v1/documents', body);
    assert.equal(r3.body.number, `（叶）应急罚〔${YEAR}〕3号`);
    issued.push(r3.body);
  });

  test('D08 templates as data: a missing field is refused with its name; a save is a new version, logged, used at once', async () => {
    const g = await c.admin.get('/api/v1/document-templates/penalty_decision');
    assert.equal(g.status, 200, g.text);
    assert.equal(g.body.version, 0);
    const tpl = g.body.template;
    const broken = JSON.parse(JSON.stringify(tpl));
    broken.sections.push({ type: 'paragraph', text: '当事人名称：{{party.nmae}}' });
    const put = (who, t) => who.request('PUT', '/api/v1/document-templates/penalty_decision', t);
    const r = await put(c.admin, broken);
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'document_template.unknown_field');
    assert.equal(r.body.error.field, 'party.nmae');
    assert.match(r.body.error.message, /party\.nmae/);
    // a decision without its statement of rights is refused (行政处罚法 第59条)
    const norights = { ...tpl, sections: tpl.sections.filter((s) => s.type !== 'rights') };
    assert.equal((await put(c.admin, norights)).body.error.code, 'document_template.no_rights');
    // wrong role
    assert.equal((await put(c.zhangwei, tpl)).status, 403);
    // a good edit: new wording and order
    const edited = JSON.parse(JSON.stringify(tpl));
    edited.sections.splice(1, 0, { type: 'paragraph', text: '（本决定书经本局负责人批准。）' });
    const ok = await put(c.admin, edited);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.version, 1);
    const ok2 = await put(c.admin, edited);
    assert.equal(ok2.body.version, 2);
    const h = await c.admin.get('/api/v1/objects/document_template/2/history');
    assert.equal(h.status, 200);
    assert.ok(h.body.items.some((e) => e.action === 'document_template.save'));
    const r4 = await c.zhangwei.post('/api/v1/documents', { kind: 'penalty_decision', subject_kind: 'enterprise', subject_id: shihe.id, fields: CASE_FIELDS });
    assert.equal(r4.status, 201);
    const f = save((await getPdf(c.zhangwei, `/api/v1/documents/${r4.body.id}/pdf`)).buf);
    assert.ok(pdftext(f).replace(/\s+/g, '').includes('本决定书经本局负责人批准'));
    const d = await c.zhangwei.get(`/api/v1/documents/${r4.body.id}`);
    assert.equal(d.body.template_version, 2);
    issued.push(r4.body);
  });

  test('D09 a correction is a new document referring to the old one', async () => {
    const old = issued[0];
    const r = await c.zhangwei.post('/api/v1/documents', { kind: 'penalty_decision', subject_kind: 'enterprise', subject_id: shihe.id, corrects_document_id: old.id, fields: CASE_FIELDS });
    assert.equal(r.status, 201, r.text);
    assert.notEqual(r.body.number, old.number);
    const d = await c.zhangwei.get(`/api/v1/documents/${r.body.id}`);
    assert.equal(d.body.corrects_document_id, old.id);
    issued.push(r.body);
    const wrong = await c.zhangwei.post('/api/v1/documents', { kind: 'rectification_order', subject_kind: 'enterprise', subject_id: shihe.id, corrects_document_id: old.id });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.field, 'corrects_document_id');
  });

  test('D10 batch: every issued document of the subject as one PDF, through the job runner', async () => {
    const r = await c.zhangwei.post('/api/v1/documents/batch', { subject_kind: 'enterprise', subject_id: shihe.id });
    assert.equal(r.status, 202, r.text);
    const id = r.body.job.id;
    let job;
    for (let i = 0; i < 100; i++) {
      job = (await c.zhangwei.get(`/api/v1/jobs/${id}`)).body;
      if (job.state === 'done' || job.state === 'failed') break;
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.equal(job.state, 'done', JSON.stringify(job));
    const p = await getPdf(c.zhangwei, r.body.pdf);
    assert.equal(p.status, 200);
    const f = save(p.buf);
    const total = issued.reduce((s, d) => s + d.pages, 0);
    assert.equal(pdfpages(f), total);
    const flat = pdftext(f).replace(/\s+/g, '');
    for (const d of issued) assert.ok(flat.includes(d.number), d.number);
    // another user cannot fetch someone else's batch
    assert.equal((await getPdf(c.wugang, r.body.pdf)).status, 404);
  });

  test('D12 providers: a case fills 立案审批表 from the case tables; an inspection fills 现场检查记录', async () => {
    const cs = await c.sunli.post('/api/v1/cases', { source_kind: 'inspection', title: '未按规定清扫粉尘', facts: '砂光车间积尘厚度超过1毫米', enterprise_id: shihe.id });
    assert.equal(cs.status, 201, cs.text);
    const caseId = cs.body.id;
    const r = await postPdf(c.sunli, '/api/v1/documents/preview', { kind: 'case_filing', subject_kind: 'case', subject_id: caseId });
    assert.equal(r.status, 200, r.buf.toString());
    const flat = pdftext(save(r.buf)).replace(/\s+/g, '');
    assert.ok(flat.includes('未按规定清扫粉尘'), 'case title');
    assert.ok(flat.includes('砂光车间积尘厚度超过1毫米'), 'case facts');
    assert.ok(flat.includes(shihe.name.replace(/\s+/g, '')), 'party from case_parties');
    // the period for statement and defence comes from the dated legal
    // parameters (deadline.statement.*, 未核实 → configuration), the payment
    // period from 行政处罚法 第67条
    const n1 = await postPdf(c.sunli, '/api/v1/documents/preview', { kind: 'penalty_notice', subject_kind: 'case', subject_id: caseId });
    assert.ok(pdftext(save(n1.buf)).replace(/\s+/g, '').includes('收到本告知书之日起3个工作日内'));
    const d1 = await postPdf(c.sunli, '/api/v1/documents/preview', { kind: 'penalty_decision', subject_kind: 'case', subject_id: caseId });
    assert.ok(pdftext(save(d1.buf)).replace(/\s+|[预览稿不作为正式文书]/g, '').includes('收到本决定之日起十五日内缴至'), 'watermark characters (书) stripped');
    // the case's unit decides: zhoujun of 平岗街道 may not
    assert.equal((await postPdf(c.zhoujun, '/api/v1/documents/preview', { kind: 'case_filing', subject_kind: 'case', subject_id: caseId })).status, 403);
    const ins = await c.sunli.post('/api/v1/inspections', { client_id: `doc-test-${Date.now()}`, enterprise_id: shihe.id });
    assert.equal(ins.status, 201, ins.text);
    const f = await c.sunli.post(`/api/v1/inspections/${ins.body.id}/findings`, { client_id: `doc-f-${Date.now()}`, description: '安全出口被货物堵塞' });
    assert.ok([200, 201].includes(f.status), f.text);
    const r2 = await postPdf(c.sunli, '/api/v1/documents/preview', { kind: 'inspection_record', subject_kind: 'inspection', subject_id: ins.body.id });
    assert.equal(r2.status, 200, r2.buf.toString());
    const flat2 = pdftext(save(r2.buf)).replace(/\s+/g, '');
    assert.ok(flat2.includes('安全出口被货物堵塞'), 'finding');
    assert.ok(flat2.includes(shihe.name.replace(/\s+/g, '')));
  });

  test('D17 the demo district\'s decided cases come with their 行政处罚决定书 issued: numbered as the case, on the decision day, verifiable by anyone', async () => {
    const cases = (await c.wugang.get('/api/v1/cases?limit=100')).body.items.filter((x) => x.number && x.decided_on && !x.simple);
    assert.ok(cases.length >= 2, 'the demo has decided cases');
    let seen = 0;
    for (const k of cases) {
      const docs = (await c.wugang.get(`/api/v1/documents?subject_kind=case&subject_id=${k.id}`)).body.items;
      const d = docs.find((x) => x.kind === 'penalty_decision' && x.number === k.number);
      if (!d) continue;
      seen++;
      assert.equal(d.issued_on, k.decided_on);
      const v = await client(srv.url).get(`/api/v1/public/documents/verify?code=${d.verify_code}&sha256=${d.sha256}`);
      assert.equal(v.status, 200, v.text);
      assert.equal(v.body.result, 'match');
    }
    assert.ok(seen >= 2, `${seen} demo decisions issued`);
  });

  test('D14 the documents of a numbered case share its number (LAW.md §5.6): the decision the same, the filing form the same sequence', async () => {
    const brigade = (await c.admin.get('/api/v1/units')).body.items.find((u) => u.code === '341504-01');
    const cs = (await c.zhangwei.get(`/api/v1/cases?unit_id=${brigade.id}&limit=50`)).body.items.find((x) => x.number);
    assert.ok(cs, 'a numbered demo case of the brigade');
    const m = cs.number.match(/^（叶）应急罚〔(\d{4})〕(\d+)号$/);
    assert.ok(m, cs.number);
    const r1 = await c.zhangwei.post('/api/v1/documents', { kind: 'penalty_decision', subject_kind: 'case', subject_id: cs.id, fields: CASE_FIELDS });
    assert.equal(r1.status, 201, r1.text);
    assert.equal(r1.body.number, cs.number);
    const r2 = await c.zhangwei.post('/api/v1/documents', { kind: 'case_filing', subject_kind: 'case', subject_id: cs.id });
    assert.equal(r2.status, 201, r2.text);
    assert.equal(r2.body.number, `（叶）应急立〔${m[1]}〕${m[2]}号`);
    const flat = pdftext(save((await getPdf(c.zhangwei, `/api/v1/documents/${r1.body.id}/pdf`)).buf)).replace(/\s+/g, '');
    assert.ok(flat.includes(cs.number), 'the number printed on the decision');
  });

  test('D23 a decision issued twice the same day is refused by name; its correction prints what it corrects, and each verification names the other', async () => {
    const brigade = (await c.admin.get('/api/v1/units')).body.items.find((u) => u.code === '341504-01');
    const numbered = (await c.zhangwei.get(`/api/v1/cases?unit_id=${brigade.id}&limit=50`)).body.items.filter((x) => x.number);
    const cs = numbered[1]; // D14 issues on the first
    assert.ok(cs, 'a second numbered demo case of the brigade');
    const body = { kind: 'penalty_decision', subject_kind: 'case', subject_id: cs.id, fields: CASE_FIELDS };
    const first = await c.zhangwei.post('/api/v1/documents', body);
    assert.equal(first.status, 201, first.text);
    // the same decision again: kind, number (the case's), fields and day the same
    const again = await c.zhangwei.post('/api/v1/documents', body);
    assert.equal(again.status, 409, again.text);
    assert.equal(again.body.error.code, 'document.already_issued');
    assert.ok(again.body.error.message.includes(cs.number) && again.body.error.message.includes(first.body.verify_code), again.body.error.message);
    // a correction the same day with the same text: its own code, and it says what it corrects
    const fix = await c.zhangwei.post('/api/v1/documents', { ...body, corrects_document_id: first.body.id });
    assert.equal(fix.status, 201, fix.text);
    assert.equal(fix.body.number, cs.number);
    assert.notEqual(fix.body.verify_code, first.body.verify_code);
    const flat = pdftext(save((await getPdf(c.zhangwei, `/api/v1/documents/${fix.body.id}/pdf`)).buf)).replace(/\s+/g, '');
    assert.ok(flat.includes(`本文书系对${cs.number}（核验码${first.body.verify_code}）的更正`), flat.slice(0, 300));
    // anyone verifying the old one learns of the correction; the new one names the old
    const pub = client(srv.url);
    const vOld = await pub.get(`/api/v1/public/documents/verify?code=${first.body.verify_code}&sha256=${first.body.sha256}`);
    assert.equal(vOld.body.result, 'match', vOld.text);
    assert.deepEqual(vOld.body.document.corrected_by, { number: cs.number, issued_on: fix.body.issued_on });
    assert.match(vOld.body.message, /已于 .* 由 .* 更正/);
    const vNew = await pub.get(`/api/v1/public/documents/verify?code=${fix.body.verify_code}`);
    assert.equal(vNew.body.result, 'issued', vNew.text);
    assert.deepEqual(vNew.body.document.corrects, { number: cs.number, issued_on: first.body.issued_on });
    assert.equal(vNew.body.document.corrected_by, undefined);
    // corrections form one line: the original cannot be corrected a second time
    const twice = await c.zhangwei.post('/api/v1/documents', { ...body, corrects_document_id: first.body.id });
    assert.equal(twice.status, 409, twice.text);
    assert.equal(twice.body.error.code, 'document.already_corrected');
    assert.equal(twice.body.error.field, 'corrects_document_id');
  });

  test('D13 twenty issues at once: distinct, gap-free numbers; the server keeps answering meanwhile', async () => {
    const kind = 'inquiry_record';
    const body = { kind, subject_kind: 'enterprise', subject_id: shihe.id, fields: { inquiry: { qa: '问：……\n答：……' } } };
    let done = 0;
    const issuing = Promise.all(Array.from({ length: 20 }, () => c.zhangwei.post('/api/v1/documents', body).then((r) => { done++; return r; })));
    // rendering runs on the render workers with the requests suspended: a
    // plain request is answered while the twenty are in flight (no timing:
    // how long twenty renders take is the benchmark's business)
    const h = await c.zhangwei.get('/api/v1/health');
    assert.equal(h.status, 200);
    assert.ok(done < 20, `the health check waited for all twenty issues (${done} done)`);
    const rs = await issuing;
    for (const r of rs) assert.equal(r.status, 201, r.text);
    const seqs = rs.map((r) => Number(/〔\d{4}〕(\d+)号/.exec(r.body.number)[1])).sort((a, b) => a - b);
    assert.deepEqual(seqs, Array.from({ length: 20 }, (_, i) => i + 1));
    assert.equal(new Set(rs.map((r) => r.body.verify_code)).size, 20);
    // each PDF is rendered before its transaction with the number the series
    // would give then; two renders at once guess the same one, and the loser
    // renders again: every stored PDF prints its own number and code
    for (const r of rs) {
      const p = await getPdf(c.zhangwei, `/api/v1/documents/${r.body.id}/pdf`);
      assert.equal(crypto.createHash('sha256').update(p.buf).digest('hex'), r.body.sha256);
      const text = pdftext(save(p.buf)).replace(/\s+/g, '');
      assert.ok(text.includes(r.body.number.replace(/\s+/g, '')), `${r.body.number} printed on its own PDF`);
      assert.ok(text.includes(r.body.verify_code), `${r.body.verify_code} printed`);
    }
  });

  test('D16 document settings: the bureau\'s address and telephone printed on the notices; only the administrator saves, each save a logged version; bad phone and stale saves refused', async () => {
    const g0 = await c.zhangwei.get('/api/v1/document-settings');
    assert.equal(g0.status, 200, g0.text);
    assert.equal(g0.body.court, '六安市叶集区人民法院');
    assert.equal(g0.body.reconsideration_body, '六安市叶集区人民政府');
    const body = {
      authority_address: '六安市叶集区史河街道振兴路88号', authority_phone: '0564-6620119',
      reconsideration_body: g0.body.reconsideration_body, court: g0.body.court, based_on: g0.body.id,
    };
    // an officer reads but does not save
    let r = await c.zhangwei.request('PUT', '/api/v1/document-settings', body);
    assert.equal(r.status, 403, r.text);
    // bad phone: named, nothing stored
    r = await c.admin.request('PUT', '/api/v1/document-settings', { ...body, authority_phone: '请拨打<script>' });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.field, 'authority_phone');
    assert.match(r.body.error.message, /[\u4e00-\u9fff]/);
    assert.equal((await c.admin.get('/api/v1/document-settings')).body.id, g0.body.id);
    r = await c.admin.request('PUT', '/api/v1/document-settings', body);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.versions, g0.body.versions + 1);
    assert.equal(r.body.source, 'stored');
    const saved = r.body;
    // the same save again, based on the old version: someone else's newer save wins
    r = await c.admin.request('PUT', '/api/v1/document-settings', { ...body, authority_phone: '0564-0000000' });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.body.error.code, 'conflict.version');
    // logged with before and after
    const h = await c.admin.get(`/api/v1/objects/portal_text/${saved.id}/history`);
    assert.equal(h.status, 200, h.text);
    const ev = JSON.stringify(h.body);
    assert.match(ev, /document_settings\.update/);
    assert.match(ev, /0564-6620119/);
    // printed on the 行政处罚告知书 (authority.* is the system's: a client cannot send it)
    const p = await postPdf(c.zhangwei, '/api/v1/documents/preview', {
      kind: 'penalty_notice', fields: { case: { facts: DECISION.case.facts }, party: DECISION.party },
    });
    assert.equal(p.status, 200, p.buf.toString());
    const text = pdftext(save(p.buf)).replace(/\s+/g, '');
    assert.ok(text.includes('联系地址：六安市叶集区史河街道振兴路88号'), text.slice(0, 600));
    assert.ok(text.includes('联系电话：0564-6620119'));
  });

  test('D11 bad input: unknown kind, unknown subject kind, missing subject', async () => {
    const a = await c.zhangwei.post('/api/v1/documents', { kind: 'nope', subject_kind: 'enterprise', subject_id: shihe.id });
    assert.equal(a.status, 400);
    assert.equal(a.body.error.field, 'kind');
    const b = await c.zhangwei.post('/api/v1/documents', { kind: 'penalty_decision', subject_kind: 'planet', subject_id: 1 });
    assert.equal(b.body.error.field, 'subject_kind');
    const d = await c.zhangwei.post('/api/v1/documents', { kind: 'penalty_decision', subject_kind: 'enterprise', subject_id: 99999999 });
    assert.equal(d.status, 404);
    const e = await c.zhangwei.post('/api/v1/documents', { kind: 'penalty_decision' });
    assert.equal(e.status, 400);
    assert.equal(e.body.error.field, 'subject_kind');
  });
});

describe('zhifa doc (CLI)', () => {
  test('D20 check-template: every shipped template passes; a missing field is named', () => {
    const dir = path.join(ROOT, 'data/documents');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    assert.equal(files.length, 15);
    for (const f of files) {
      const r = runStatus(['doc', 'check-template', path.join(dir, f)]);
      assert.equal(r.status, 0, `${f}: ${r.stdout}${r.stderr}`);
    }
    const t = JSON.parse(fs.readFileSync(path.join(dir, 'service_receipt.json'), 'utf8'));
    t.sections.push({ type: 'paragraph', text: '{{served.recipeint}}' });
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify(t));
    const r = runStatus(['doc', 'check-template', bad]);
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.code, 'document_template.unknown_field');
    assert.equal(out.field, 'served.recipeint');
  });

  test('D21 render every kind from the command line; the decision with a number and code', () => {
    const fields = path.join(ROOT, 'tests/fixtures/documents/decision.json');
    const kinds = JSON.parse(runStatus(['doc', 'kinds']).stdout).map((k) => k.kind);
    assert.equal(kinds.length, 15);
    for (const k of kinds) {
      const out = path.join(tmp, `${k}.pdf`);
      const r = runStatus(['doc', 'render', '--template', k, '--fields', fields, '--out', out]);
      assert.equal(r.status, 0, r.stderr);
      const text = pdftext(out).replace(/\s+/g, '');
      assert.ok(text.includes('六安市叶集区应急管理局'), k);
    }
    const out = path.join(tmp, 'cli-decision.pdf');
    const r = runStatus(['doc', 'render', '--template', 'penalty_decision', '--fields', fields, '--out', out, '--number', '（叶）应急罚〔2026〕99号']);
    assert.equal(r.status, 0, r.stderr);
    const info = JSON.parse(r.stdout);
    assert.equal(info.pages, pdfpages(out));
    const text = pdftext(out).replace(/\s+/g, '');
    assert.ok(text.includes('（叶）应急罚〔2026〕99号'));
    assert.ok(text.includes(`${info.verify_code.slice(0, 5)}-${info.verify_code.slice(5)}`));
    // the on-the-spot decision states that reconsideration comes first (行政复议法 第23条)
    const spot = pdftext(path.join(tmp, 'onsite_decision.pdf')).replace(/\s+/g, '');
    assert.ok(spot.includes('应当先申请行政复议'));
  });

  test('D22 font subsets: a character they lack comes from the full Noto face; without them (files missing) a warning and the full faces, the same text', () => {
    const fields = JSON.parse(JSON.stringify(DECISION));
    fields.party.name = '叶集区𠀤䶮アイ木业有限公司'; // katakana: not in the subsets
    const fieldsFile = path.join(tmp, 'fonts-fields.json');
    fs.writeFileSync(fieldsFile, JSON.stringify(fields));
    // issued (no rotated watermark, whose reading order pdftotext takes from the font's box)
    const render = (out, env) => spawnSync(BIN, ['doc', 'render', '--template', 'penalty_decision', '--fields', fieldsFile, '--out', out, '--number', '（叶）应急罚〔2026〕7号'],
      { encoding: 'utf8', env: { ...process.env, ...env } });
    const names = (f) => pdffonts(f).map((x) => x.name.replace(/^[A-Z]{6}\+/, '')).sort();

    const mixed = path.join(tmp, 'fonts-mixed.pdf');
    let r = render(mixed, {});
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /document fonts/);
    assert.ok(pdftext(mixed).includes('叶集区𠀤䶮アイ木业有限公司'));
    assert.deepEqual(names(mixed), ['NotoSerifCJKsc-Regular', 'ZFSans-Regular', 'ZFSerif-Bold', 'ZFSerif-Regular']);
    for (const font of pdffonts(mixed)) assert.equal(font.emb, 'yes');

    // a directory without the subsets: the warning names the missing file
    const empty = fs.mkdtempSync(path.join(tmp, 'nofonts-'));
    const full = path.join(tmp, 'fonts-full.pdf');
    r = render(full, { ZHIFA_FONT_DIR: empty });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /level=warn msg="document fonts: subsets not found.*ZFSerif-Regular\.otf missing/);
    assert.equal(pdftext(full), pdftext(mixed));
    assert.deepEqual(names(full), ['NotoSansCJKsc-Regular', 'NotoSerifCJKsc-Bold', 'NotoSerifCJKsc-Regular']);
    for (const font of pdffonts(full)) assert.equal(font.emb, 'yes');
    // the subsets make the file much smaller (~70 KB against ~620 KB)
    assert.ok(fs.statSync(mixed).size * 3 < fs.statSync(full).size, `${fs.statSync(mixed).size} vs ${fs.statSync(full).size}`);
  });
});
