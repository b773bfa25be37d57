// Open data (issue 10, R25): the catalogue and the draws as CSV downloads and
// the draws as an Atom feed, without login; stable field names, the same
// allow-list as the JSON pages, the same rows as the JSON lists, text
// escaped in the feed. The inspections (R14) as JSON, CSV and Atom, and the
// violations of published decisions with every amount change as its own row
// (migration 027, kept by triggers) — tests OD-I* and OD-V*.
//
//   ZHIFA_BIN=$PWD/build/zhifa node --test tests/api/opendata.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { startServer, client, backend, psql } = require('../lib/server');
const fx = require('../lib/inspections');

const HAN = /[\u4e00-\u9fff]/;
const INSPECTION_KEYS = ['id', 'inspected_on', 'unit', 'source', 'draw_id', 'enterprise_kind', 'enterprise_name',
  'credit_code', 'township', 'domain', 'findings', 'hazards_ordinary', 'hazards_major', 'hazards_rectified',
  'case_opened', 'signed_on'];
const VIOLATION_KEYS = ['violation_id', 'publication_id', 'number', 'item_code', 'title', 'initial_amount_fen',
  'final_amount_fen', 'changes'];
const AMOUNT_KEYS = ['publication_id', 'number', 'violation_id', 'item_code', 'seq', 'stage', 'amount_fen', 'changed_at'];

// GB 32100-2015 check character (LAW.md §9), an independent port for tests.
const SET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function uscc(prefix) {
  let body = prefix;
  while (body.length < 17) body += SET[Math.floor(Math.random() * 31)];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += SET.indexOf(body[i]) * W[i];
  return body + SET[(31 - (sum % 31)) % 31];
}
function day(offset = 0) {
  return new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
}
function assertError(r, status, code, field) {
  assert.equal(r.status, status, `want ${status}, got ${r.status}: ${r.text}`);
  assert.equal(r.body.error.code, code, r.text);
  assert.match(r.body.error.message, HAN);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
}
function keysExactly(obj, allowed, where) {
  assert.deepEqual(Object.keys(obj), allowed, `${where}: the keys are not exactly the allow-list`);
}

// RFC 4180 with the BOM table_out writes: rows of cells.
function parseCsv(text) {
  assert.equal(text.charCodeAt(0), 0xfeff, 'no UTF-8 BOM');
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

async function getText(url) {
  const r = await fetch(url);
  // keep the BOM (Response.text() drops it): the files must carry one for Excel
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await r.arrayBuffer());
  return { status: r.status, headers: r.headers, text };
}

describe('open data', () => {
  let srv;
  let anon;
  before(async () => {
    srv = await startServer();
    anon = client(srv.url);
  });
  after(async () => { if (srv) await srv.stop(); });

  test('catalogue.csv: every item in force, stable header, same codes as the JSON list', async () => {
    const r = await getText(`${srv.url}/api/v1/public/catalogue.csv`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /text\/csv/);
    assert.match(r.headers.get('content-disposition') || '', /attachment/);
    assert.equal(r.headers.get('set-cookie'), null);
    const rows = parseCsv(r.text);
    assert.deepEqual(rows[0], ['code', 'title', 'domain', 'kind', 'target', 'violation_basis', 'penalty_basis',
      'fine_min_fen', 'fine_max_fen', 'other_measures', 'delegable', 'effective_from', 'tiers']);
    const codes = [];
    let after = null;
    for (let i = 0; i < 20; i++) {
      const j = await anon.get(`/api/v1/public/catalogue?limit=500${after ? `&after=${after}` : ''}`);
      codes.push(...j.body.items.map((x) => x.code));
      after = j.body.next_after;
      if (!after) break;
    }
    assert.deepEqual(rows.slice(1).map((x) => x[0]), codes);
    for (const x of rows.slice(1)) {
      assert.equal(x.length, 13, `row ${x[0]} has ${x.length} cells`);
      assert.match(x[7], /^(\d+)?$/, `${x[0]} fine_min_fen`);
      assert.ok(x[5] && x[6], `${x[0]} without its legal basis`);
    }
  });

  test('draws.csv and draws.atom: the published draws, escaped, nothing about people', async () => {
    const c = client(srv.url);
    assert.equal((await c.login('chenjie')).status, 200);
    const title = 'A&B <测试> "引号" 抽查';
    const made = await c.post('/api/v1/draws', { month: 12, count: 2, supervision: 'general', title });
    assert.equal(made.status, 201, made.text);
    const list = (await anon.get('/api/v1/public/draws?limit=200')).body.items;
    assert.ok(list.some((d) => d.title === title));

    const csv = await getText(`${srv.url}/api/v1/public/draws.csv`);
    assert.equal(csv.status, 200);
    const rows = parseCsv(csv.text);
    assert.deepEqual(rows[0], ['id', 'title', 'unit', 'year', 'month', 'draw_date', 'status', 'pool_size',
      'inspector_count', 'target_count', 'per_enterprise', 'excluded_at_cap', 'hash_enterprises', 'hash_inspectors',
      'hash_exclusions', 'commitment', 'frozen_at', 'drawn_at', 'record_url']);
    assert.deepEqual(rows.slice(1).map((x) => Number(x[0])), list.map((d) => d.id));
    const mine = rows.find((x) => x[1] === title);
    assert.ok(mine, 'the new draw with its title, quotes kept');
    assert.equal(mine[15], made.body.commitment);

    const feed = await getText(`${srv.url}/api/v1/public/draws.atom`);
    assert.notEqual(feed.text.charCodeAt(0), 0xfeff, 'the feed starts with its XML declaration');
    assert.equal(feed.status, 200);
    assert.match(feed.headers.get('content-type'), /application\/atom\+xml/);
    assert.match(feed.text, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    assert.equal((feed.text.match(/<entry>/g) || []).length, Math.min(50, list.length));
    assert.equal((feed.text.match(/<\/entry>/g) || []).length, Math.min(50, list.length));
    assert.ok(feed.text.includes('<title>A&amp;B &lt;测试&gt; &quot;引号&quot; 抽查</title>'), 'title not escaped');
    assert.ok(!feed.text.includes('<测试>'), 'raw markup from a title in the feed');
    assert.ok(feed.text.includes(`<id>urn:zhifa:draw:${made.body.id}</id>`));
    // every element the feed opens is closed, in order
    const stack = [];
    for (const m of feed.text.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
      if (m[3] === '/') continue;
      if (m[1]) assert.equal(stack.pop(), m[2]); else stack.push(m[2]);
    }
    assert.deepEqual(stack, []);
  });

  // ---- inspections (R14) ---------------------------------------------------

  // Every page of a public JSON list, following next_after.
  async function pages(path, limit) {
    const items = [];
    let after = null;
    for (let i = 0; i < 500; i++) {
      const sep = path.includes('?') ? '&' : '?';
      const r = await anon.get(`${path}${sep}limit=${limit}${after ? `&after=${after}` : ''}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.headers.get('set-cookie'), null);
      keysExactly(r.body, ['items', 'next_after'], path);
      assert.ok(r.body.items.length <= limit);
      items.push(...r.body.items);
      after = r.body.next_after;
      if (after === null) return items;
    }
    throw new Error('too many pages');
  }
  const as = {};
  async function login(u) {
    if (!as[u]) {
      as[u] = client(srv.url);
      as[u].url = srv.url;
      assert.equal((await as[u].login(u)).status, 200);
    }
    return as[u];
  }
  let shihe;
  let offs;
  async function shiheSetup() {
    if (shihe) return;
    const admin = await login('admin');
    shihe = (await admin.get('/api/v1/units')).body.items.find((u) => u.code === '341504001');
    offs = await fx.officersOf(await login('sunli'), shihe.id);
  }
  async function newEnterprise(name, prefix) {
    const admin = await login('admin');
    const r = await admin.post('/api/v1/enterprises', {
      credit_code: uscc(prefix), name, unit_id: shihe.id, address: '叶集区史河街道测试路9号', domain: 'industry',
      scale: 'micro', legal_rep: '王小明', contact: '王小明', contact_phone: '13805645678', risk: 'blue',
      supervision: 'general',
    });
    assert.equal(r.status, 201, r.text);
    return r.body;
  }

  test('OD-I01 a signed inspection appears in the JSON, the CSV and the feed alike; an open one nowhere', async () => {
    await shiheSetup();
    const sunli = await login('sunli');
    const ent = await newEnterprise(`=HYPERLINK("x")检查公示测试${Date.now() % 100000}有限公司`, '91341504');
    const signed = await fx.signedInspection(sunli, ent.id, offs);
    const open = await fx.newInspection(sunli, ent.id);
    const json = await pages('/api/v1/public/inspections', 200);
    const mine = json.find((x) => x.id === signed.id);
    assert.ok(mine, 'the signed inspection is not listed');
    assert.ok(!json.some((x) => x.id === open.id), 'an open inspection is public');
    keysExactly(mine, INSPECTION_KEYS, 'inspection');
    assert.equal(mine.enterprise_kind, 'org');
    assert.equal(mine.enterprise_name, ent.name);
    assert.equal(mine.credit_code, ent.credit_code);
    assert.equal(mine.township, '史河街道');
    assert.equal(mine.unit, '史河街道');
    assert.equal(mine.source, 'ad_hoc');
    assert.equal(mine.draw_id, null);
    assert.equal(mine.case_opened, false);
    assert.equal(mine.inspected_on, signed.inspected_on);
    assert.equal(mine.signed_on, day());
    // newest first by id, each once
    assert.deepEqual(json.map((x) => x.id), [...json.map((x) => x.id)].sort((a, b) => b - a));
    // nothing about people: not the signer, not the officers, not the enterprise's contact
    const text = JSON.stringify(json);
    for (const word of ['王建国', '孙丽', '韩雪', '13805645678', '测试路9号']) assert.ok(!text.includes(word), `${word} is public`);

    // CSV: BOM, the exact header, the same rows in the same order, the formula guarded
    const csv = await getText(`${srv.url}/api/v1/public/inspections.csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /text\/csv/);
    assert.match(csv.headers.get('content-disposition') || '', /attachment/);
    const rows = parseCsv(csv.text);
    assert.deepEqual(rows[0], INSPECTION_KEYS);
    assert.deepEqual(rows.slice(1).map((x) => Number(x[0])), json.map((x) => x.id));
    const asCells = (o) => INSPECTION_KEYS.map((k) => (o[k] === null ? '' : o[k] === true ? '1' : o[k] === false ? '0' : String(o[k])));
    for (let i = 0; i < json.length; i++) {
      const want = asCells(json[i]);
      if (/^[=+\-@]/.test(want[6])) want[6] = `'${want[6]}`;
      assert.deepEqual(rows[i + 1], want, `CSV row ${i + 1}`);
    }
    const row = rows.find((x) => Number(x[0]) === signed.id);
    assert.equal(row[6], `'${ent.name}`, 'a name that starts with = is not a formula in the CSV');

    // feed: the newest 50, the same ids, the name escaped
    const feed = await getText(`${srv.url}/api/v1/public/inspections.atom`);
    assert.equal(feed.status, 200);
    assert.match(feed.headers.get('content-type'), /application\/atom\+xml/);
    const ids = [...feed.text.matchAll(/<id>urn:zhifa:inspection:(\d+)<\/id>/g)].map((m) => Number(m[1]));
    assert.deepEqual(ids, json.slice(0, 50).map((x) => x.id));
    assert.ok(feed.text.includes(ent.name.replace(/&/g, '&amp;').replace(/"/g, '&quot;')), 'the name escaped in the feed');
    for (const m of feed.text.matchAll(/<updated>([^<]*)<\/updated>/g)) {
      assert.match(m[1], /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'an RFC 3339 time');
    }
    const stack = [];
    for (const m of feed.text.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
      if (m[3] === '/') continue;
      if (m[1]) assert.equal(stack.pop(), m[2]); else stack.push(m[2]);
    }
    assert.deepEqual(stack, []);
  });

  test('OD-I02 the counts agree with the inspection records; paging with after returns every row once', async () => {
    await shiheSetup();
    const admin = await login('admin');
    const all = await pages('/api/v1/public/inspections', 200);
    const paged = await pages('/api/v1/public/inspections', 2);
    assert.deepEqual(paged.map((x) => x.id), all.map((x) => x.id));
    assert.ok(all.length >= 3, `the demo has ${all.length} signed inspections`);
    let hazards = 0;
    for (const x of all) {
      const r = await admin.get(`/api/v1/inspections/${x.id}`);
      assert.equal(r.status, 200, r.text);
      const i = r.body;
      assert.notEqual(i.status, 'open');
      assert.equal(x.findings, i.findings.length, `inspection ${x.id} findings`);
      assert.equal(x.hazards_ordinary, i.hazards.filter((h) => h.grade === 'ordinary').length);
      assert.equal(x.hazards_major, i.hazards.filter((h) => h.grade === 'major').length);
      assert.equal(x.hazards_rectified, i.hazards.filter((h) => h.status !== 'open').length);
      assert.equal(x.unit, i.unit_name);
      assert.equal(x.enterprise_name, i.enterprise_name);
      hazards += i.hazards.length;
    }
    assert.ok(hazards >= 2, 'the demo inspections have hazards');
  });

  test('OD-I03 an individual business (个体工商户) is masked like a person of a decision, and cannot be found by its name', async () => {
    await shiheSetup();
    const sunli = await login('sunli');
    const name = `王小明${Date.now() % 10000}号五金店`;
    const ent = await newEnterprise(name, '92341504');
    const signed = await fx.signedInspection(sunli, ent.id, offs);
    const json = await pages('/api/v1/public/inspections', 200);
    const mine = json.find((x) => x.id === signed.id);
    assert.ok(mine);
    assert.equal(mine.enterprise_kind, 'person');
    assert.equal(mine.enterprise_name, `王${'某'.repeat([...name].length - 1)}`);
    assert.equal(mine.credit_code, '');
    const csv = (await getText(`${srv.url}/api/v1/public/inspections.csv`)).text;
    const feed = (await getText(`${srv.url}/api/v1/public/inspections.atom`)).text;
    for (const [where, text] of [['json', JSON.stringify(json)], ['csv', csv], ['atom', feed]]) {
      assert.ok(!text.includes('小明'), `${where} shows the individual's name`);
      assert.ok(!text.includes(ent.credit_code), `${where} shows the individual's code`);
    }
    for (const q of [name, '小明', ent.credit_code]) {
      const r = await anon.get(`/api/v1/public/inspections?enterprise=${encodeURIComponent(q)}`);
      assert.equal(r.status, 200);
      assert.ok(!r.body.items.some((x) => x.id === signed.id), `found by ${q}`);
    }
  });

  test('OD-I04 filters: enterprise name or code part, inspected_on from/to; bad input names the parameter', async () => {
    await shiheSetup();
    const sunli = await login('sunli');
    const ent = await newEnterprise(`叶集区检索测试${Date.now() % 100000}木业有限公司`, '91341504');
    const signed = await fx.signedInspection(sunli, ent.id, offs);
    let r = await anon.get(`/api/v1/public/inspections?enterprise=${encodeURIComponent(ent.name.slice(2, 9))}`);
    assert.deepEqual(r.body.items.map((x) => x.id), [signed.id]);
    r = await anon.get(`/api/v1/public/inspections?enterprise=${ent.credit_code.slice(4, 14)}`);
    assert.deepEqual(r.body.items.map((x) => x.id), [signed.id]);
    const csv = parseCsv((await getText(`${srv.url}/api/v1/public/inspections.csv?enterprise=${ent.credit_code}`)).text);
    assert.deepEqual(csv.slice(1).map((x) => Number(x[0])), [signed.id]);
    const all = await pages('/api/v1/public/inspections', 200);
    const d = signed.inspected_on;
    r = await pages(`/api/v1/public/inspections?from=${d}&to=${d}`, 200);
    assert.deepEqual(r.map((x) => x.id), all.filter((x) => x.inspected_on === d).map((x) => x.id));
    r = await pages(`/api/v1/public/inspections?to=${day(-1)}`, 200);
    assert.deepEqual(r.map((x) => x.id), all.filter((x) => x.inspected_on <= day(-1)).map((x) => x.id));
    assert.ok(!r.some((x) => x.id === signed.id));
    for (const [qs, field] of [['limit=0', 'limit'], ['limit=201', 'limit'], ['after=abc', 'after'], ['after=0', 'after'],
      ['from=2026-02-30', 'from'], [`from=${encodeURIComponent('长'.repeat(14))}`, 'from'], ['to=yesterday', 'to'], [`from=${day()}&to=${day(-1)}`, 'to'],
      [`enterprise=${'长'.repeat(201)}`, 'enterprise'], ['enterprise=%01', 'enterprise']]) {
      assertError(await anon.get(`/api/v1/public/inspections?${qs}`), 400, 'input.invalid', field);
    }
    assertError(await anon.get('/api/v1/public/inspections.csv?from=2026-13-01'), 400, 'input.invalid', 'from');
  });

  test('OD-I05 draw_id is the draw behind a draw inspection, null for any other source', async () => {
    await shiheSetup();
    const sunli = await login('sunli');
    const ent = await newEnterprise(`叶集区抽查来源测试${Date.now() % 100000}有限公司`, '91341504');
    const a = await fx.signedInspection(sunli, ent.id, offs);
    const b = await fx.signedInspection(sunli, ent.id, offs);
    const draw = (await anon.get('/api/v1/public/draws?limit=1')).body.items[0];
    assert.ok(draw, 'the demo has a draw');
    // the source as a draw inspection's ledger entry sets it (by SQL: a real
    // draw assigns random enterprises and officers)
    sql(`UPDATE inspections SET source = 'draw', source_id = ${draw.id} WHERE id = ${a.id}`);
    sql(`UPDATE inspections SET source = 'plan', source_id = ${draw.id} WHERE id = ${b.id}`);
    const rows = (await anon.get(`/api/v1/public/inspections?enterprise=${ent.credit_code}`)).body.items;
    const byId = Object.fromEntries(rows.map((x) => [x.id, x]));
    assert.equal(byId[a.id].source, 'draw');
    assert.equal(byId[a.id].draw_id, draw.id);
    assert.equal(byId[b.id].source, 'plan');
    assert.equal(byId[b.id].draw_id, null);
  });

  // ---- violations and their amounts (migration 027) ----------------------

  function sql(q) {
    const out = backend === 'postgresql'
      ? psql(srv.db, q)
      : execFileSync('sqlite3', ['-separator', '|', srv.db.replace(/^sqlite:/, ''), q], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return out.trim() ? out.trim().split('\n').map((l) => l.split('|')) : [];
  }
  let officer;
  let item;
  async function caseSetup() {
    if (officer) return;
    const admin = await login('admin');
    officer = {};
    for (const o of (await admin.get('/api/v1/officers?limit=200')).body.items) if (o.username) officer[o.username] = o.id;
    item = (await admin.get('/api/v1/catalogue?delegable=1&limit=1')).body.items[0].code;
    for (const u of ['chenjie', 'zhangwei', 'liuyang']) await login(u);
  }
  async function caseGet(id) {
    const r = await as.chenjie.get(`/api/v1/cases/${id}`);
    assert.equal(r.status, 200, r.text);
    return r.body;
  }
  async function step(id, who, event, fields = {}) {
    const c = await caseGet(id);
    const r = await as[who].post(`/api/v1/cases/${id}/transitions`, { event, version: c.version, ...fields });
    assert.equal(r.status, 200, `${event}: ${r.text}`);
  }
  // A case on an enterprise with one violation, its amount changed once in
  // investigation, decided; returns {c, v, amounts: [first, second]}.
  async function decidedCase(enterpriseId, sourceId) {
    await caseSetup();
    let r = await as.chenjie.post('/api/v1/cases', { source_kind: 'inspection', source_id: sourceId, title: '开放数据测试', enterprise_id: enterpriseId });
    assert.equal(r.status, 201, r.text);
    let c = r.body;
    r = await as.chenjie.post(`/api/v1/cases/${c.id}/officers`, { version: c.version, officer_id: officer.zhangwei, role: 'assist' });
    assert.equal(r.status, 201, r.text);
    c = r.body;
    const body = { item_code: item, violation_date: day(-60), tier: 'minor' };
    r = await as.chenjie.post(`/api/v1/cases/${c.id}/violations`, { version: c.version, ...body });
    assert.equal(r.status, 201, r.text);
    c = r.body;
    const v = c.violations[0];
    await step(c.id, 'chenjie', 'file', { filed_on: day(-40) });
    await step(c.id, 'zhangwei', 'investigate');
    // the amount changes within the range, through the case API
    const second = v.amount_fen === v.range_min_fen ? v.range_max_fen : v.range_min_fen;
    assert.notEqual(second, v.amount_fen, 'the tier has a range to move in');
    c = await caseGet(c.id);
    r = await as.zhangwei.patch(`/api/v1/cases/${c.id}/violations/${v.id}`, { version: c.version, ...body, amount_fen: second });
    assert.equal(r.status, 200, r.text);
    await step(c.id, 'zhangwei', 'review');
    await step(c.id, 'zhangwei', 'notify', { notified_on: day(-30), statements_heard: true });
    await step(c.id, 'liuyang', 'decide', { decided_on: day(-10) });
    return { c: await caseGet(c.id), v, amounts: [v.amount_fen, second] };
  }
  async function publicationOf(caseId) {
    const r = await as.admin.get(`/api/v1/publications?case_id=${caseId}`);
    assert.equal(r.status, 200, r.text);
    return r.body.items[0];
  }

  test('OD-V01 a published decision: initial, final and every change of amount as its own row, in order; a direct SQL change too', async () => {
    await shiheSetup();
    const sunli = await login('sunli');
    const ent = await newEnterprise(`叶集区罚款变更测试${Date.now() % 100000}有限公司`, '91341504');
    const insp = await fx.signedInspection(sunli, ent.id, offs);
    const { c, v, amounts } = await decidedCase(ent.id, insp.id);
    // decided, not served: the publication is pending, nothing public
    let pub = await publicationOf(c.id);
    assert.equal(pub.status, 'pending');
    let list = await pages('/api/v1/public/violations', 200);
    assert.ok(!list.some((x) => x.violation_id === v.id), 'an unpublished decision is public');
    let hist = parseCsv((await getText(`${srv.url}/api/v1/public/violation-amounts.csv`)).text);
    assert.ok(!hist.slice(1).some((x) => Number(x[2]) === v.id));
    // the case made of the inspection shows on it
    const insRow = (await pages('/api/v1/public/inspections', 200)).find((x) => x.id === insp.id);
    assert.equal(insRow.case_opened, true);

    await step(c.id, 'zhangwei', 'serve', { served_on: day(), service_method: 'direct' });
    pub = await publicationOf(c.id);
    assert.equal(pub.status, 'published');
    list = await pages('/api/v1/public/violations', 200);
    const row = list.find((x) => x.violation_id === v.id);
    assert.ok(row, 'the published violation is not listed');
    keysExactly(row, VIOLATION_KEYS, 'violation');
    assert.deepEqual(row, {
      violation_id: v.id, publication_id: pub.id, number: c.number, item_code: item, title: row.title,
      initial_amount_fen: amounts[0], final_amount_fen: amounts[1], changes: 1,
    });
    assert.match(row.title, HAN);
    const paged = await pages('/api/v1/public/violations', 1);
    assert.deepEqual(paged.map((x) => x.violation_id), list.map((x) => x.violation_id));

    // violations.csv: the same rows
    let csv = parseCsv((await getText(`${srv.url}/api/v1/public/violations.csv`)).text);
    assert.deepEqual(csv[0], VIOLATION_KEYS);
    assert.deepEqual(csv.slice(1), list.map((x) => VIOLATION_KEYS.map((k) => String(x[k]))));

    // violation-amounts.csv: one row per value, in order, with the stage it was set in
    hist = parseCsv((await getText(`${srv.url}/api/v1/public/violation-amounts.csv`)).text);
    assert.deepEqual(hist[0], AMOUNT_KEYS);
    let mine = hist.slice(1).filter((x) => Number(x[2]) === v.id);
    assert.deepEqual(mine.map((x) => [x[0], x[1], x[3], x[4], x[5], x[6]]), [
      [String(pub.id), c.number, item, '1', 'draft', String(amounts[0])],
      [String(pub.id), c.number, item, '2', 'investigating', String(amounts[1])],
    ]);
    for (const x of mine) assert.match(x[7], /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.ok(mine[0][7] <= mine[1][7]);
    // every published violation's history is there, and nothing else
    const histIds = new Set(hist.slice(1).map((x) => Number(x[2])));
    assert.deepEqual([...histIds].sort(), list.map((x) => x.violation_id).sort());
    for (const x of list) {
      const rows = hist.slice(1).filter((h) => Number(h[2]) === x.violation_id);
      assert.equal(rows.length, x.changes + 1, `violation ${x.violation_id}: ${rows.length} rows, ${x.changes} changes`);
      assert.deepEqual(rows.map((h) => Number(h[4])), rows.map((_, i) => i + 1));
      assert.equal(Number(rows[0][6]), x.initial_amount_fen);
    }

    // a change by hand in the database is a row too (the trigger), made in
    // the stage the case is in; the published final amount stays
    sql(`UPDATE case_violations SET amount_fen = amount_fen + 100 WHERE id = ${v.id}`);
    sql(`UPDATE case_violations SET harmed = harmed WHERE id = ${v.id}`); // no change of amount: no row
    hist = parseCsv((await getText(`${srv.url}/api/v1/public/violation-amounts.csv`)).text);
    mine = hist.slice(1).filter((x) => Number(x[2]) === v.id);
    assert.deepEqual(mine.map((x) => [x[4], x[6]]), [['1', String(amounts[0])], ['2', String(amounts[1])], ['3', String(amounts[1] + 100)]]);
    assert.equal(mine[2][5], (await caseGet(c.id)).state);
    const after = (await pages('/api/v1/public/violations', 200)).find((x) => x.violation_id === v.id);
    assert.equal(after.changes, 2);
    assert.equal(after.final_amount_fen, amounts[1], 'the final amount is the one published');
    // nothing of the free-text reasons or the people
    const text = hist.map((x) => x.join(',')).join('\n') + JSON.stringify(list);
    for (const word of ['王小明', '13805645678', '理由']) assert.ok(!text.includes(word));
  });

  test('OD-V02 the trigger on both backends: a new violation is seq 1, a deleted one takes its rows, the table matches', async () => {
    const rows = sql('SELECT v.id, v.amount_fen, (SELECT COUNT(*) FROM case_violation_amounts h WHERE h.violation_id = v.id), '
      + '(SELECT h.amount_fen FROM case_violation_amounts h WHERE h.violation_id = v.id ORDER BY h.seq DESC LIMIT 1) FROM case_violations v');
    assert.ok(rows.length >= 5);
    for (const [id, amount, n, last] of rows) {
      assert.ok(Number(n) >= 1, `violation ${id} without history`);
      assert.equal(last, amount, `violation ${id}: the last row is the current amount`);
    }
    const orphans = sql('SELECT COUNT(*) FROM case_violation_amounts h WHERE NOT EXISTS (SELECT 1 FROM case_violations v WHERE v.id = h.violation_id)');
    assert.equal(orphans[0][0], '0');
    await caseSetup();
    let r = await as.chenjie.post('/api/v1/cases', { source_kind: 'ad_hoc', title: '删除测试' });
    assert.equal(r.status, 201, r.text);
    let c = r.body;
    r = await as.chenjie.post(`/api/v1/cases/${c.id}/violations`, { version: c.version, item_code: item, violation_date: day(-5), tier: 'minor' });
    assert.equal(r.status, 201, r.text);
    c = r.body;
    const vid = c.violations[0].id;
    assert.deepEqual(sql(`SELECT seq, stage FROM case_violation_amounts WHERE violation_id = ${vid}`), [['1', 'draft']]);
    sql(`DELETE FROM case_violations WHERE id = ${vid}`);
    assert.deepEqual(sql(`SELECT COUNT(*) FROM case_violation_amounts WHERE violation_id = ${vid}`), [['0']]);
  });

  test('OD-V04 the demo district has a fine that changed before the notice (demo_opendata.c)', async () => {
    const list = await pages('/api/v1/public/violations', 200);
    const changed = list.filter((x) => x.changes >= 1 && x.initial_amount_fen > x.final_amount_fen);
    assert.ok(changed.length >= 1, 'no demo violation shows a change of amount');
    const hist = parseCsv((await getText(`${srv.url}/api/v1/public/violation-amounts.csv`)).text);
    // the story's rows (other tests' changes start in the draft)
    const story = changed.map((x) => hist.slice(1).filter((h) => Number(h[2]) === x.violation_id))
      .find((rows) => rows[0][5] === 'investigating');
    assert.ok(story, 'the demo story is not in the history file');
    assert.equal(story.length, 2);
    assert.ok(story[0][7] < story[1][7], 'the values in time order');
    assert.ok(Number(story[0][6]) > Number(story[1][6]), 'lowered before the notice');
  });

  test('OD-V03 bad paging input names the parameter', async () => {
    for (const [qs, field] of [['limit=0', 'limit'], ['limit=x', 'limit'], ['after=-1', 'after'], ['after=1e3', 'after']]) {
      assertError(await anon.get(`/api/v1/public/violations?${qs}`), 400, 'input.invalid', field);
    }
  });
});
