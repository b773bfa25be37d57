// 事后公开 of penalty decisions (issue 10, R25) against a real server with the
// demo district: a publication is made with the decision (pending, due 7
// working days later — 安全生产法 第78条第2款), goes public when the decision
// is served (on the spot: at once), can be held by a reviewer only with a
// reason, is withdrawn with its public reason (行政处罚法 第48条第2款, 3
// working days), and a correction withdraws the old one and publishes the
// new. Individuals are masked everywhere the public looks (第50条): the JSON
// pages (checked against an allow-list of fields), the CSV and the feed.
//
//   ZHIFA_BIN=… node --test tests/api/publications.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, client } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;
let srv;
const as = {};
let anon;
const officer = {};
let smallItem;
let enterprises;

function day(offset = 0) {
  return new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
}
function keysExactly(obj, allowed, where) {
  const extra = Object.keys(obj).filter((k) => !allowed.includes(k));
  assert.deepEqual(extra, [], `${where}: fields not meant for the public: ${extra.join(', ')}`);
}
async function get(id) {
  const r = await as.chenjie.get(`/api/v1/cases/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}
async function ok(id, who, event, fields = {}) {
  const c = await get(id);
  const r = await as[who].post(`/api/v1/cases/${id}/transitions`, { event, version: c.version, ...fields });
  assert.equal(r.status, 200, `${event}: ${r.text}`);
  return r.body;
}
async function draft({ enterprise = enterprises[0], simple = false, amount, who = 'chenjie', mate = 'zhangwei',
  facts = '' } = {}) {
  let r = await as[who].post('/api/v1/cases', {
    source_kind: 'inspection', title: '公开测试案件', enterprise_id: enterprise.id, simple, facts,
  });
  assert.equal(r.status, 201, r.text);
  let c = r.body;
  r = await as[who].post(`/api/v1/cases/${c.id}/officers`, { version: c.version, officer_id: officer[mate], role: 'assist' });
  assert.equal(r.status, 201, r.text);
  c = r.body;
  const v = { version: c.version, item_code: smallItem, violation_date: day(-60), tier: 'minor' };
  if (amount !== undefined) v.amount_fen = amount;
  r = await as[who].post(`/api/v1/cases/${c.id}/violations`, v);
  assert.equal(r.status, 201, r.text);
  return r.body;
}
async function toDecided(opts = {}, decidedOn = day(-10)) {
  const c = await draft(opts);
  await ok(c.id, 'chenjie', 'file', { filed_on: day(-40) });
  await ok(c.id, 'zhangwei', 'investigate');
  await ok(c.id, 'zhangwei', 'review');
  await ok(c.id, 'zhangwei', 'notify', { notified_on: day(-30), statements_heard: true });
  await ok(c.id, 'liuyang', 'decide', { decided_on: decidedOn });
  return get(c.id);
}
async function publicationOf(caseId, who = 'zhaomin') {
  const r = await as[who].get(`/api/v1/publications?case_id=${caseId}`);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}
async function due(rule, from) {
  const r = await as.chenjie.post('/api/v1/deadlines/compute', { rule, from });
  assert.equal(r.status, 200, r.text);
  return r.body.due;
}

before(async () => {
  srv = await startServer();
  anon = client(srv.url);
  for (const u of ['admin', 'chenjie', 'zhangwei', 'liqiang', 'liuyang', 'zhaomin', 'wangfang', 'sunli', 'wugang']) {
    as[u] = client(srv.url);
    const r = await as[u].login(u);
    assert.equal(r.status, 200, r.text);
  }
  for (const o of (await as.admin.get('/api/v1/officers')).body.items) if (o.username) officer[o.username] = o.id;
  smallItem = (await as.admin.get('/api/v1/catalogue?delegable=1&limit=1')).body.items[0].code;
  enterprises = (await as.admin.get('/api/v1/enterprises?limit=20')).body.items;
});
after(async () => { await srv.stop(); });

describe('事后公开', () => {
  test('made with the decision, due 7 working days later, public only once served', async () => {
    const c = await toDecided({ enterprise: enterprises[1] }, day(-3));
    let [p] = await publicationOf(c.id);
    assert.equal(p.status, 'pending');
    assert.equal(p.decided_on, day(-3));
    assert.equal(p.due_on, await due('publication', day(-3)));
    assert.equal(p.number, c.number);
    assert.equal(p.party_name, enterprises[1].name);
    assert.equal(p.credit_code, enterprises[1].credit_code);
    // not public yet
    assert.equal((await anon.get(`/api/v1/public/decisions/${p.id}`)).status, 404);
    let list = (await anon.get(`/api/v1/public/decisions?q=${encodeURIComponent(enterprises[1].credit_code)}`)).body.items;
    assert.equal(list.length, 0);
    // served: public at once, on time
    await ok(c.id, 'zhangwei', 'serve', { served_on: day(), service_method: 'direct' });
    [p] = await publicationOf(c.id);
    assert.equal(p.status, 'published');
    assert.equal(p.published_on, day());
    assert.equal(p.published_on_time, day() <= p.due_on);
    const page = await anon.get(`/api/v1/public/decisions/${p.id}`);
    assert.equal(page.status, 200, page.text);
    assert.equal(page.headers.get('set-cookie'), null);
    keysExactly(page.body, ['id', 'status', 'number', 'party_name', 'credit_code', 'decided_on', 'amount_fen', 'published_at', 'document'], 'decision');
    const doc = page.body.document;
    keysExactly(doc, ['number', 'decided_on', 'authority', 'procedure', 'parties', 'violations', 'facts', 'amount_fen'], 'document');
    assert.match(doc.authority, /应急管理局$/);
    assert.doesNotMatch(doc.authority, /大队/, 'the issuing authority is the bureau, never the brigade');
    for (const party of doc.parties) keysExactly(party, ['kind', 'name', 'credit_code', 'legal_rep', 'address'], 'party');
    for (const v of doc.violations) keysExactly(v, ['item_code', 'title', 'violation_basis', 'penalty_basis', 'amount_fen'], 'violation');
    assert.equal(doc.violations[0].item_code, smallItem);
    assert.match(doc.violations[0].title, HAN);
    assert.equal(doc.amount_fen, c.decided_amount_fen);
    // found by name fragment and by credit code
    list = (await anon.get(`/api/v1/public/decisions?q=${encodeURIComponent(enterprises[1].name.slice(2, 6))}`)).body.items;
    assert.ok(list.some((x) => x.id === p.id));
    list = (await anon.get(`/api/v1/public/decisions?q=${encodeURIComponent(enterprises[1].credit_code)}`)).body.items;
    assert.deepEqual(list.map((x) => x.id), [p.id]);
    for (const x of list) keysExactly(x, ['id', 'status', 'number', 'party_name', 'credit_code', 'decided_on', 'amount_fen', 'published_at'], 'list item');
    // every step is on the log
    const hist = await as.admin.get(`/api/v1/objects/publication/${p.id}/history`);
    assert.equal(hist.status, 200, hist.text);
    assert.deepEqual(hist.body.items.map((e) => e.action).sort(), ['publication.create', 'publication.publish']);
  });

  test('an individual party is masked on the page, in the list, the CSV and the feed', async () => {
    const c = await draft({ facts: '当事人王小明（身份证号341504199001011234，电话13805645678）在仓库内违规动火作业。' });
    let r = await as.chenjie.post(`/api/v1/cases/${c.id}/parties`, {
      version: c.version, kind: 'person', name: '王小明', id_code: '341504199001011234', phone: '13805645678',
      address: '安徽省六安市叶集区史河街道幸福路12号', is_principal: true,
    });
    assert.equal(r.status, 201, r.text);
    await ok(c.id, 'chenjie', 'file', { filed_on: day(-40) });
    await ok(c.id, 'zhangwei', 'investigate');
    await ok(c.id, 'zhangwei', 'review');
    await ok(c.id, 'zhangwei', 'notify', { notified_on: day(-30), statements_heard: true });
    await ok(c.id, 'liuyang', 'decide', { decided_on: day(-5) });
    await ok(c.id, 'zhangwei', 'serve', { served_on: day(-1), service_method: 'direct' });
    const [p] = await publicationOf(c.id);
    assert.equal(p.party_name, '王某某');
    assert.equal(p.credit_code, '');
    const page = (await anon.get(`/api/v1/public/decisions/${p.id}`)).body;
    const text = JSON.stringify(page);
    for (const secret of ['王小明', '341504199001011234', '13805645678', '幸福路12号']) assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
    const person = page.document.parties.find((x) => x.kind === 'person');
    keysExactly(person, ['kind', 'name', 'address'], 'person');
    assert.equal(person.name, '王某某');
    assert.equal(person.address, '安徽省六安市叶集区史河街道****');
    assert.match(page.document.facts, /王某某（身份证号341504\*{8}1234，电话138\*{4}5678）/);
    // CSV: a row per violation, masked too
    r = await anon.get('/api/v1/public/decisions.csv');
    assert.equal(r.status, 200);
    const csv = r.text;
    assert.match(csv, /^\ufeff?decision_id,number,decided_on,published_at,status,party_kind,party_name,credit_code,item_code,title,violation_basis,penalty_basis,amount_fen,total_fen,withdrawn_at,withdraw_reason,page_url\r?\n/);
    assert.ok(csv.includes(`${p.id},${p.number},`), 'the decision is not in the CSV');
    for (const secret of ['王小明', '341504199001011234', '13805645678']) assert.ok(!csv.includes(secret), `${secret} in the CSV`);
    r = await anon.get('/api/v1/public/decisions.atom');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /application\/atom\+xml/);
    assert.ok(r.text.includes(`urn:zhifa:decision:${p.id}`));
    assert.ok(!r.text.includes('王小明'));
  });

  test('on the spot: public at once', async () => {
    const c = await draft({ who: 'zhangwei', mate: 'liqiang', simple: true, amount: 200000, enterprise: enterprises[2] });
    await ok(c.id, 'zhangwei', 'decide_on_spot');
    const [p] = await publicationOf(c.id);
    assert.equal(p.status, 'published');
    assert.equal((await anon.get(`/api/v1/public/decisions/${p.id}`)).body.document.procedure, '简易程序（当场处罚）');
  });

  test('a reviewer holds one only with a reason; it stays off the portal when served and is listed overdue; released it goes public', async () => {
    const c = await toDecided({ enterprise: enterprises[3] }, day(-25));
    let [p] = await publicationOf(c.id);
    assert.equal(p.overdue, true, 'pending 25 days after the decision is overdue');
    // no reason, wrong roles, stale version
    let r = await as.zhaomin.post(`/api/v1/publications/${p.id}/hold`, { version: p.version });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.field, 'reason');
    for (const who of ['zhangwei', 'wangfang', 'wugang', 'admin']) {
      r = await as[who].post(`/api/v1/publications/${p.id}/hold`, { version: p.version, reason: '测试' });
      assert.equal(r.status, 403, `${who}: ${r.text}`);
    }
    r = await as.zhaomin.post(`/api/v1/publications/${p.id}/hold`, { version: p.version + 1, reason: '测试' });
    assert.equal(r.status, 409, r.text);
    r = await as.zhaomin.post(`/api/v1/publications/${p.id}/hold`, { version: p.version, reason: '涉及商业秘密，待法制股核查后公开' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'held');
    await ok(c.id, 'zhangwei', 'serve', { served_on: day(), service_method: 'direct' });
    [p] = await publicationOf(c.id);
    assert.equal(p.status, 'held', 'serving must not publish a held decision');
    assert.equal((await anon.get(`/api/v1/public/decisions/${p.id}`)).status, 404);
    const overdue = (await as.zhaomin.get('/api/v1/publications?overdue=1')).body.items;
    assert.ok(overdue.some((x) => x.id === p.id && x.held_reason === '涉及商业秘密，待法制股核查后公开'));
    r = await as.chenjie.post(`/api/v1/publications/${p.id}/release`, { version: p.version });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'published');
    assert.equal(r.body.published_on_time, false, 'published after its due day: late');
    assert.equal((await anon.get(`/api/v1/public/decisions/${p.id}`)).status, 200);
    r = await as.chenjie.post(`/api/v1/publications/${p.id}/release`, { version: r.body.version });
    assert.equal(r.status, 409);
    assert.equal(r.body.error.code, 'publication.not_held');
  });

  test('withdrawn with its public reason within 3 working days; not twice; leaders only', async () => {
    const c = await toDecided({ enterprise: enterprises[4] }, day(-8));
    await ok(c.id, 'zhangwei', 'serve', { served_on: day(-2), service_method: 'direct' });
    const [p] = await publicationOf(c.id);
    let r = await as.zhaomin.post(`/api/v1/publications/${p.id}/withdraw`, { version: p.version, reason: '决定已被撤销' });
    assert.equal(r.status, 403, 'a legal reviewer holds, a leader withdraws');
    r = await as.liuyang.post(`/api/v1/publications/${p.id}/withdraw`, { version: p.version, reason: '决定已被撤销', changed_on: day(1) });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.field, 'changed_on');
    r = await as.liuyang.post(`/api/v1/publications/${p.id}/withdraw`, { version: p.version, reason: '经行政复议，原处罚决定被撤销', changed_on: day(-1) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'withdrawn');
    assert.equal(r.body.withdraw_due_on, await due('withdrawal', day(-1)));
    assert.equal(r.body.withdrawn_on_time, true);
    const page = (await anon.get(`/api/v1/public/decisions/${p.id}`)).body;
    keysExactly(page, ['id', 'status', 'number', 'withdrawn_at', 'withdraw_reason'], 'withdrawal notice');
    assert.equal(page.withdraw_reason, '经行政复议，原处罚决定被撤销');
    const notices = (await anon.get('/api/v1/public/decisions?status=withdrawn')).body.items;
    assert.ok(notices.some((x) => x.id === p.id));
    assert.ok(!(await anon.get('/api/v1/public/decisions')).body.items.some((x) => x.id === p.id));
    r = await as.liuyang.post(`/api/v1/publications/${p.id}/withdraw`, { version: r.body.version, reason: '再次' });
    assert.equal(r.status, 409);
    assert.equal(r.body.error.code, 'publication.withdrawn');
  });

  test('a correction withdraws the old publication and publishes the corrected decision', async () => {
    const c = await toDecided({ enterprise: enterprises[5] }, day(-6));
    await ok(c.id, 'zhangwei', 'serve', { served_on: day(-1), service_method: 'direct' });
    const cur = await get(c.id);
    const r = await as.liuyang.post(`/api/v1/cases/${c.id}/decisions/${cur.decisions[0].id}/correct`, {
      version: cur.version, text: '更正后的决定书正文', reason: '当事人名称笔误',
    });
    assert.equal(r.status, 201, r.text);
    const ps = await publicationOf(c.id);
    assert.equal(ps.length, 2);
    const old = ps.find((x) => x.decision_id === cur.decisions[0].id);
    const neu = ps.find((x) => x.decision_id !== cur.decisions[0].id);
    assert.equal(old.status, 'withdrawn');
    assert.match(old.withdraw_reason, /当事人名称笔误/);
    assert.equal(old.withdraw_due_on, await due('withdrawal', day()));
    assert.equal(neu.status, 'published');
  });

  test('a penalty decision on a registered enterprise is a bad record on its credit file (安全生产法 第78条第1款), once', async () => {
    const e = enterprises[6];
    const before = (await as.liuyang.get(`/api/v1/credit/records?enterprise_id=${e.id}&kind=bad_record`)).body.items.length;
    const c = await toDecided({ enterprise: e }, day(-4));
    let items = (await as.liuyang.get(`/api/v1/credit/records?enterprise_id=${e.id}&kind=bad_record`)).body.items;
    assert.equal(items.length, before + 1, JSON.stringify(items));
    const rec = items.find((x) => x.case_id === c.id);
    assert.ok(rec, 'no bad record for the case');
    assert.equal(rec.case_number, c.number);
    assert.equal(rec.status, 'recorded');
    // serving and correcting the decision make no second record
    await ok(c.id, 'zhangwei', 'serve', { served_on: day(), service_method: 'direct' });
    items = (await as.liuyang.get(`/api/v1/credit/records?enterprise_id=${e.id}&kind=bad_record`)).body.items;
    assert.equal(items.filter((x) => x.case_id === c.id).length, 1);
    // 不予处罚 is no penalty: no record
    const n = await draft({ enterprise: enterprises[7] });
    await ok(n.id, 'chenjie', 'file', { filed_on: day(-40) });
    await ok(n.id, 'zhangwei', 'investigate');
    await ok(n.id, 'zhangwei', 'review');
    await ok(n.id, 'zhangwei', 'notify', { notified_on: day(-30), statements_heard: true });
    await ok(n.id, 'liuyang', 'no_penalty', { no_penalty_reason: '违法行为轻微并及时改正，没有造成危害后果（行政处罚法第三十三条第一款）' });
    items = (await as.liuyang.get(`/api/v1/credit/records?enterprise_id=${enterprises[7].id}&kind=bad_record`)).body.items;
    assert.ok(!items.some((x) => x.case_id === n.id), 'a 不予处罚 case made a bad record');
  });

  test('scope: a township officer sees neither the brigade list nor its records; bad input is named', async () => {
    const [p] = (await as.zhaomin.get('/api/v1/publications')).body.items;
    assert.ok(p);
    const list = await as.sunli.get('/api/v1/publications');
    assert.equal(list.status, 200, list.text);
    assert.ok(!list.body.items.some((x) => x.id === p.id));
    assert.equal((await as.sunli.get(`/api/v1/publications/${p.id}`)).status, 403);
    assert.equal((await as.wangfang.get('/api/v1/publications')).status, 403);
    for (const [qs, field] of [['limit=0', 'limit'], ['before=x', 'before'], ['status=gone', 'status'], ['case_id=-1', 'case_id']]) {
      const r = await as.zhaomin.get(`/api/v1/publications?${qs}`);
      assert.equal(r.status, 400, qs);
      assert.equal(r.body.error.field, field);
      assert.match(r.body.error.message, HAN);
    }
    const r = await anon.get(`/api/v1/public/decisions?q=${'长'.repeat(100)}`);
    assert.equal(r.status, 400);
    assert.equal(r.body.error.field, 'q');
  });
});
