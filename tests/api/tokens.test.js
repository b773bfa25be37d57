// The exchange API for partner agencies (issue 11): the list of receiving
// departments, scoped Bearer tokens (read | push, resources), shares ("a
// token of one agency sees only what was shared with it"), notices and
// consultations both ways, revocation and expiry, no CSRF for bearer
// requests while cookie requests still need it, the token shown once and
// only its SHA-256 stored, and the exchange routes in the OpenAPI document.
//
//   ZHIFA_BIN=/work/main/build-tok/zhifa node --test tests/api/tokens.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
const { startServer, client, backend, psql } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;
let srv;
const c = {};
let agencyA, agencyB, e1, e2;
let readA, pushA, readB; // {id, token}

// SQL on the test database, either backend; rows as arrays of strings.
function sql(q) {
  const out = backend === 'postgresql'
    ? psql(srv.db, q)
    : execFileSync('sqlite3', ['-separator', '|', srv.db.replace(/^sqlite:/, ''), q], { encoding: 'utf8' });
  return out.trim() ? out.trim().split('\n').map((l) => l.split('|')) : [];
}

function bearer(token) {
  const x = client(srv.url);
  const h = { authorization: `Bearer ${token}` };
  return {
    get: (p) => x.request('GET', p, undefined, h),
    post: (p, b) => x.request('POST', p, b, h),
    request: (m, p, b) => x.request(m, p, b, h),
  };
}

function refused(r, status, code) {
  assert.equal(r.status, status, r.text);
  if (code) assert.equal(r.body.error.code, code, r.text);
  assert.match(r.body.error.message, HAN);
}

before(async () => {
  srv = await startServer();
  for (const who of ['admin', 'liuyang', 'chenjie', 'zhangwei', 'wangfang', 'sunli', 'zhoujun', 'wugang', 'xuming']) {
    c[who] = client(srv.url);
    const r = await c[who].login(who);
    assert.equal(r.status, 200, `${who}: ${r.text}`);
  }
  const ents = (await c.admin.get('/api/v1/enterprises?limit=5')).body.items;
  [e1, e2] = ents;
  assert.ok(e1 && e2);
});
after(async () => { if (srv) await srv.stop(); });

test('TOK-01 the demo seeds the district departments; everyone reads them, only admin writes', async () => {
  const r = await c.zhangwei.get('/api/v1/agencies');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.items.length >= 10);
  assert.ok(r.body.items.some((g) => g.kind === 'public_security' && g.kind_name === '公安'));
  assert.ok(r.body.kinds.some((k) => k.code === 'procuratorate' && k.name === '检察院'));
  assert.equal((await c.wugang.get('/api/v1/agencies')).status, 200); // city supervisor reads
  const body = { name: '测试协作单位甲', kind: 'market', org_code: '11341500MB0000000X', contact: '王科长 0564-0000000' };
  refused(await c.chenjie.post('/api/v1/agencies', body), 403, 'perm.denied');
  refused(await c.wugang.post('/api/v1/agencies', body), 403, 'perm.denied');
  refused(await c.admin.post('/api/v1/agencies', { ...body, kind: 'bank' }), 400, 'input.invalid');
  let a = await c.admin.post('/api/v1/agencies', body);
  assert.equal(a.status, 201, a.text);
  agencyA = a.body;
  refused(await c.admin.post('/api/v1/agencies', body), 409, 'agency.name_taken');
  a = await c.admin.post('/api/v1/agencies', { name: '测试协作单位乙', kind: 'ecology' });
  assert.equal(a.status, 201, a.text);
  agencyB = a.body;
  // optimistic locking
  const u = await c.admin.patch(`/api/v1/agencies/${agencyA.id}`, { version: agencyA.version, contact: '李科长' });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.contact, '李科长');
  refused(await c.admin.patch(`/api/v1/agencies/${agencyA.id}`, { version: agencyA.version, contact: 'x' }), 409, 'conflict.version');
  agencyA = u.body;
  refused(await c.admin.patch(`/api/v1/agencies/${agencyA.id}`, { version: agencyA.version, bogus: 1 }), 400, 'input.unknown_field');
  // logged
  const h = await c.admin.get(`/api/v1/objects/agency/${agencyA.id}/history`);
  assert.deepEqual(h.body.items.map((x) => x.action).sort(), ['agency.create', 'agency.update']);
});

test('TOK-02 sharing: section head and leader share, others may not; a township officer sees no bureau agency', async () => {
  refused(await c.zhangwei.post(`/api/v1/agencies/${agencyA.id}/shares`, { subject_kind: 'enterprise', subject_id: e1.id }), 403, 'perm.denied');
  refused(await c.wugang.post(`/api/v1/agencies/${agencyA.id}/shares`, { subject_kind: 'enterprise', subject_id: e1.id }), 403, 'perm.denied');
  refused(await c.chenjie.post(`/api/v1/agencies/${agencyA.id}/shares`, { subject_kind: 'case', subject_id: 1 }), 400, 'share.kind_unsupported');
  refused(await c.chenjie.post(`/api/v1/agencies/${agencyA.id}/shares`, { subject_kind: 'enterprise', subject_id: 99999999 }), 400, 'input.invalid');
  const s = await c.chenjie.post(`/api/v1/agencies/${agencyA.id}/shares`, { subject_kind: 'enterprise', subject_id: e1.id, note: '联合检查' });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.body.subject_name, e1.name);
  refused(await c.liuyang.post(`/api/v1/agencies/${agencyA.id}/shares`, { subject_kind: 'enterprise', subject_id: e1.id }), 409, 'share.exists');
  const l = await c.liuyang.get(`/api/v1/agencies/${agencyA.id}/shares`);
  assert.equal(l.status, 200, l.text);
  assert.deepEqual(l.body.items.map((x) => x.subject_id), [e1.id]);
  // wrong unit: the agencies belong to the bureau, outside a township officer's scope
  refused(await c.sunli.get(`/api/v1/agencies/${agencyA.id}`), 403, 'perm.out_of_scope');
  assert.equal((await c.sunli.get('/api/v1/agencies')).body.items.length, 0);
  refused(await c.zhoujun.get(`/api/v1/agencies/${agencyA.id}`), 403, 'perm.out_of_scope');
});

test('TOK-03 tokens: only admin issues them; the token is shown once, only its SHA-256 is stored', async () => {
  const body = { agency_id: agencyA.id, label: '只读', scope: 'read', resources: 'enterprise.read notice.read' };
  refused(await c.liuyang.post('/api/v1/api-tokens', body), 403, 'perm.denied');
  refused(await c.wugang.post('/api/v1/api-tokens', body), 403, 'perm.denied');
  refused(await c.admin.post('/api/v1/api-tokens', { ...body, resources: 'enterprise.read notice.write' }), 400, 'token.resource_invalid');
  refused(await c.admin.post('/api/v1/api-tokens', { ...body, resources: 'user.write' }), 400, 'token.resource_invalid');
  refused(await c.admin.post('/api/v1/api-tokens', { ...body, scope: 'admin' }), 400, 'input.invalid');
  refused(await c.admin.post('/api/v1/api-tokens', { ...body, expires_in_days: 0 }), 400, 'input.invalid');
  let r = await c.admin.post('/api/v1/api-tokens', body);
  assert.equal(r.status, 201, r.text);
  assert.match(r.body.token, /^[0-9a-f]{64}$/);
  assert.equal(r.body.token_prefix, r.body.token.slice(0, 8));
  assert.equal(r.body.state, 'active');
  readA = { id: r.body.id, token: r.body.token };
  r = await c.admin.post('/api/v1/api-tokens', { agency_id: agencyA.id, label: '推送', scope: 'push', resources: 'enterprise.read notice.read notice.write' });
  assert.equal(r.status, 201, r.text);
  pushA = { id: r.body.id, token: r.body.token };
  r = await c.admin.post('/api/v1/api-tokens', { agency_id: agencyB.id, label: '乙只读', scope: 'read', resources: 'enterprise.read, notice.read enterprise.read' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.resources, 'enterprise.read notice.read'); // normalised
  readB = { id: r.body.id, token: r.body.token };
  // never again: not in the list, not in the log
  const list = await c.admin.get('/api/v1/api-tokens');
  assert.equal(list.status, 200);
  assert.ok(!list.text.includes(readA.token) && !list.text.includes(pushA.token));
  assert.ok(list.body.items.some((t) => t.id === readA.id && t.token === undefined));
  const h = await c.admin.get(`/api/v1/objects/api_token/${readA.id}/history`);
  assert.equal(h.body.items[0].action, 'api_token.create');
  assert.ok(!h.text.includes(readA.token));
  // the database holds the hash and nothing else of the token
  const sha = crypto.createHash('sha256').update(readA.token).digest('hex');
  const hexExpr = backend === 'postgresql' ? "encode(token_hash, 'hex')" : 'lower(hex(token_hash))';
  assert.deepEqual(sql(`SELECT ${hexExpr} FROM api_tokens WHERE id = ${readA.id}`), [[sha]]);
  if (backend === 'sqlite') {
    const file = srv.db.replace(/^sqlite:/, '');
    for (const f of [file, `${file}-wal`]) {
      if (!fs.existsSync(f)) continue;
      const bytes = fs.readFileSync(f);
      for (const t of [readA.token, pushA.token, readB.token]) assert.equal(bytes.indexOf(Buffer.from(t)), -1, `${f} holds a token`);
    }
  } else {
    for (const t of [readA.token, pushA.token]) {
      assert.deepEqual(sql(`SELECT count(*) FROM events WHERE body LIKE '%${t}%'`), [['0']]);
      assert.deepEqual(sql(`SELECT count(*) FROM api_tokens WHERE label = '${t}' OR resources = '${t}' OR token_prefix = '${t}'`), [['0']]);
    }
  }
});

test('TOK-04 a token of one agency sees only what was shared with it (404 for the rest)', async () => {
  const a = bearer(readA.token);
  let r = await a.get('/api/v1/exchange/enterprises');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.items.map((x) => x.id), [e1.id]);
  assert.equal((await a.get(`/api/v1/exchange/enterprises/${e1.id}`)).body.name, e1.name);
  refused(await a.get(`/api/v1/exchange/enterprises/${e2.id}`), 404, 'exchange.not_shared');
  refused(await a.get('/api/v1/exchange/enterprises/99999999'), 404, 'exchange.not_shared');
  r = await a.get('/api/v1/exchange/shared');
  assert.equal(r.status, 200);
  assert.equal(r.body.token.agency.id, agencyA.id);
  assert.deepEqual(r.body.items.map((x) => [x.subject_kind, x.subject_id, x.name]), [['enterprise', e1.id, e1.name]]);
  // agency B: nothing shared
  const b = bearer(readB.token);
  assert.deepEqual((await b.get('/api/v1/exchange/enterprises')).body.items, []);
  refused(await b.get(`/api/v1/exchange/enterprises/${e1.id}`), 404, 'exchange.not_shared');
  assert.deepEqual((await b.get('/api/v1/exchange/shared')).body.items, []);
  // a bearer token opens no other route, and the exchange has no route to edit anything
  refused(await a.get('/api/v1/enterprises'), 401, 'auth.required');
  refused(await a.get(`/api/v1/enterprises/${e1.id}`), 401, 'auth.required');
  refused(await a.get('/api/v1/interference'), 401, 'auth.required');
  refused(await a.request('PATCH', `/api/v1/exchange/enterprises/${e1.id}`, {}), 405, 'http.method_not_allowed');
  refused(await a.request('DELETE', `/api/v1/exchange/enterprises/${e1.id}`), 405, 'http.method_not_allowed');
  // withdrawing the share closes it again
  const shares = (await c.chenjie.get(`/api/v1/agencies/${agencyA.id}/shares`)).body.items;
  const w = await c.chenjie.post(`/api/v1/agencies/${agencyA.id}/shares/${shares[0].id}/withdraw`, { reason: '检查结束' });
  assert.equal(w.status, 200, w.text);
  refused(await a.get(`/api/v1/exchange/enterprises/${e1.id}`), 404, 'exchange.not_shared');
  const again = await c.chenjie.post(`/api/v1/agencies/${agencyA.id}/shares`, { subject_kind: 'enterprise', subject_id: e1.id });
  assert.equal(again.status, 201, again.text);
  assert.equal((await a.get(`/api/v1/exchange/enterprises/${e1.id}`)).status, 200);
  const h = await c.admin.get(`/api/v1/objects/agency/${agencyA.id}/history`);
  assert.deepEqual(h.body.items.map((x) => x.action).filter((x) => x.includes('share')), ['agency.share', 'agency.unshare', 'agency.share']);
});

test('TOK-05 a read token cannot push (403 token.scope); a push token lacking the resource gets 403 token.resource', async () => {
  const notice = { kind: 'consultation', title: '某企业非法储存危化品案情会商', body: '请派员参加会商', materials: '现场照片 12 张；询问笔录 2 份', case_ref: '叶市监〔2026〕12号' };
  refused(await bearer(readA.token).post('/api/v1/exchange/notices', notice), 403, 'token.scope');
  refused(await bearer(readB.token).post('/api/v1/exchange/notices', notice), 403, 'token.scope');
  const r = await c.admin.post('/api/v1/api-tokens', { agency_id: agencyA.id, label: '无推送资源', scope: 'push', resources: 'enterprise.read' });
  assert.equal(r.status, 201, r.text);
  refused(await bearer(r.body.token).post('/api/v1/exchange/notices', notice), 403, 'token.resource');
  refused(await bearer(r.body.token).get('/api/v1/exchange/notices'), 403, 'token.resource');
  assert.equal(sql("SELECT count(*) FROM agency_notices WHERE title = '某企业非法储存危化品案情会商'")[0][0], '0');
});

test('TOK-06 bearer requests need no CSRF token; cookie requests still do; sessions do not open exchange routes', async () => {
  const notice = { kind: 'consultation', title: '危化品案情会商', body: '请派员参加会商', materials: '现场照片 12 张', case_ref: '叶市监〔2026〕12号' };
  // no cookie, no X-CSRF-Token: accepted
  const r = await bearer(pushA.token).post('/api/v1/exchange/notices', notice);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.direction, 'in');
  assert.equal(r.body.agency.id, agencyA.id);
  assert.equal(r.body.token_id, pushA.id);
  // logged like a change, the token named
  const h = await c.admin.get(`/api/v1/objects/agency_notice/${r.body.id}/history`);
  assert.equal(h.status, 200, h.text);
  assert.equal(h.body.items.length, 1);
  assert.equal(h.body.items[0].action, 'notice.receive');
  const ev = await c.admin.get(`/api/v1/log/events/${h.body.items[0].index}`);
  assert.equal(ev.status, 200, ev.text);
  assert.equal(ev.body.event.actor_id, 0);
  assert.equal(ev.body.event.after.by_token.id, pushA.id);
  assert.equal(ev.body.event.after.by_token.agency.id, agencyA.id);
  // a cookie request without the CSRF header is still refused
  const noCsrf = client(srv.url);
  noCsrf.cookie = c.admin.cookie;
  refused(await noCsrf.post('/api/v1/agencies', { name: '无防伪令牌', kind: 'water' }), 403, 'auth.csrf');
  // a signed-in session is not a token
  refused(await c.admin.get('/api/v1/exchange/enterprises'), 401, 'auth.token_required');
  refused(await c.admin.post('/api/v1/exchange/notices', notice), 401, 'auth.token_required');
  const anon = client(srv.url);
  const x = await anon.get('/api/v1/exchange/shared');
  refused(x, 401, 'auth.token_required');
  assert.match(x.headers.get('www-authenticate'), /^Bearer/);
  refused(await bearer('0'.repeat(64)).get('/api/v1/exchange/shared'), 401, 'auth.token_invalid');
  refused(await bearer('not-a-token').get('/api/v1/exchange/shared'), 401, 'auth.token_invalid');
});

test('TOK-07 notices both ways: bureau users create and reply, the agency reads its own with replies', async () => {
  const out = { agency_id: agencyA.id, kind: 'notification', title: '关于某木业公司粉尘涉爆案件的通报', body: '该企业已立案调查', case_ref: '叶应急罚〔2026〕3号' };
  refused(await c.wangfang.post('/api/v1/agency-notices', out), 403, 'perm.denied');
  refused(await c.wugang.post('/api/v1/agency-notices', out), 403, 'perm.denied');
  refused(await c.zhangwei.post('/api/v1/agency-notices', { ...out, kind: 'gossip' }), 400, 'input.invalid');
  // wrong unit: the agency is the bureau's, outside 史河街道
  refused(await c.sunli.post('/api/v1/agency-notices', out), 403, 'perm.out_of_scope');
  const n = await c.zhangwei.post('/api/v1/agency-notices', out);
  assert.equal(n.status, 201, n.text);
  assert.equal(n.body.direction, 'out');
  const inbound = (await c.zhangwei.get(`/api/v1/agency-notices?agency_id=${agencyA.id}`)).body.items.find((x) => x.direction === 'in');
  assert.ok(inbound);
  refused(await c.wugang.post(`/api/v1/agency-notices/${inbound.id}/replies`, { body: '收到' }), 403, 'perm.denied');
  refused(await c.sunli.get(`/api/v1/agency-notices/${inbound.id}`), 403, 'perm.out_of_scope');
  const rep = await c.chenjie.post(`/api/v1/agency-notices/${inbound.id}/replies`, { body: '我局将派两名执法人员参加会商' });
  assert.equal(rep.status, 201, rep.text);
  const full = await c.wugang.get(`/api/v1/agency-notices/${inbound.id}`);
  assert.equal(full.status, 200, full.text);
  assert.equal(full.body.replies, 1);
  assert.equal(full.body.reply_items[0].body, '我局将派两名执法人员参加会商');
  assert.equal(full.body.reply_items[0].created_by_name, '陈杰');
  // the agency's view: its notices with the replies; the other agency sees none
  const mine = await bearer(readA.token).get('/api/v1/exchange/notices');
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual(mine.body.items.map((x) => x.id).sort((p, q) => p - q), [inbound.id, n.body.id].sort((p, q) => p - q));
  assert.equal(mine.body.items.find((x) => x.id === inbound.id).reply_items.length, 1);
  assert.deepEqual((await bearer(readB.token).get('/api/v1/exchange/notices')).body.items, []);
  const hist = await c.admin.get(`/api/v1/objects/agency_notice/${inbound.id}/history`);
  assert.deepEqual(hist.body.items.map((x) => x.action), ['notice.receive', 'notice.reply']);
  // the agency answers the bureau's notice through the exchange
  refused(await bearer(readA.token).post(`/api/v1/exchange/notices/${n.body.id}/replies`, { body: '收到' }), 403, 'token.scope');
  const pushB = await c.admin.post('/api/v1/api-tokens', { agency_id: agencyB.id, label: '乙推送', scope: 'push', resources: 'notice.write' });
  assert.equal(pushB.status, 201, pushB.text);
  refused(await bearer(pushB.body.token).post(`/api/v1/exchange/notices/${n.body.id}/replies`, { body: '不是我们的' }), 404, 'notice.not_found');
  refused(await bearer(pushA.token).post(`/api/v1/exchange/notices/${n.body.id}/replies`, {}), 400, 'input.invalid');
  const ar = await bearer(pushA.token).post(`/api/v1/exchange/notices/${n.body.id}/replies`, { body: '我局已掌握该企业登记信息，将派员配合' });
  assert.equal(ar.status, 201, ar.text);
  assert.equal(ar.body.token_id, pushA.id);
  const seen = await c.zhangwei.get(`/api/v1/agency-notices/${n.body.id}`);
  assert.deepEqual(seen.body.reply_items.map((x) => [x.body, x.token_id, x.created_by]), [['我局已掌握该企业登记信息，将派员配合', pushA.id, null]]);
  const h2 = await c.admin.get(`/api/v1/objects/agency_notice/${n.body.id}/history`);
  assert.deepEqual(h2.body.items.map((x) => x.action), ['notice.create', 'notice.reply']);
  const ev = await c.admin.get(`/api/v1/log/events/${h2.body.items[1].index}`);
  assert.equal(ev.body.event.actor_id, 0);
  assert.equal(ev.body.event.after.by_token.id, pushA.id);
});

test('TOK-08 uses are counted; revoked and expired tokens get 401', async () => {
  const before = (await c.admin.get('/api/v1/api-tokens')).body.items.find((t) => t.id === readB.id);
  await bearer(readB.token).get('/api/v1/exchange/shared');
  await bearer(readB.token).get('/api/v1/exchange/enterprises');
  const mid = (await c.admin.get('/api/v1/api-tokens')).body.items.find((t) => t.id === readB.id);
  assert.equal(mid.use_count, before.use_count + 2);
  assert.ok(mid.last_used_at);
  refused(await c.liuyang.post(`/api/v1/api-tokens/${readB.id}/revoke`, { reason: '合作结束' }), 403, 'perm.denied');
  refused(await c.admin.post(`/api/v1/api-tokens/${readB.id}/revoke`, {}), 400, 'input.invalid');
  const rv = await c.admin.post(`/api/v1/api-tokens/${readB.id}/revoke`, { reason: '合作结束' });
  assert.equal(rv.status, 200, rv.text);
  assert.equal(rv.body.state, 'revoked');
  refused(await c.admin.post(`/api/v1/api-tokens/${readB.id}/revoke`, { reason: '再次' }), 409, 'token.revoked');
  refused(await bearer(readB.token).get('/api/v1/exchange/shared'), 401, 'auth.token_revoked');
  // expiry: move the token's end into the past in the database
  sql(`UPDATE api_tokens SET expires_ms = 1000 WHERE id = ${readA.id}`);
  refused(await bearer(readA.token).get('/api/v1/exchange/shared'), 401, 'auth.token_expired');
  assert.equal((await c.admin.get('/api/v1/api-tokens')).body.items.find((t) => t.id === readA.id).state, 'expired');
  // a deactivated agency's tokens stop working
  const g = (await c.admin.get(`/api/v1/agencies/${agencyA.id}`)).body;
  assert.equal((await c.admin.patch(`/api/v1/agencies/${agencyA.id}`, { version: g.version, active: false })).status, 200);
  refused(await bearer(pushA.token).get('/api/v1/exchange/shared'), 401, 'auth.token_revoked');
  const g2 = (await c.admin.get(`/api/v1/agencies/${agencyA.id}`)).body;
  assert.equal((await c.admin.patch(`/api/v1/agencies/${agencyA.id}`, { version: g2.version, active: true })).status, 200);
  assert.equal((await bearer(pushA.token).get('/api/v1/exchange/shared')).status, 200);
});

test('TOK-09 the OpenAPI document lists the exchange routes with the bearer scheme and no CSRF', async () => {
  const r = await client(srv.url).get('/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.equal(r.body.components.securitySchemes.bearer.scheme, 'bearer');
  const push = r.body.paths['/api/v1/exchange/notices'].post;
  assert.deepEqual(push.security, [{ bearer: [] }]);
  assert.equal(push['x-zhifa-csrf'], false);
  assert.deepEqual(push['x-zhifa-roles'], ['partner']);
  assert.deepEqual(r.body.paths['/api/v1/exchange/enterprises/{id}'].get.security, [{ bearer: [] }]);
  assert.deepEqual(r.body.paths['/api/v1/api-tokens'].post.security, [{ session: [] }]);
  assert.equal(r.body.paths['/api/v1/api-tokens'].post['x-zhifa-csrf'], true);
  // no edit or delete anywhere on the interference register
  assert.deepEqual(Object.keys(r.body.paths['/api/v1/interference/{id}']), ['get']);
});

test('TOK-10 a partner is no account', async () => {
  const unit = (await c.admin.get('/api/v1/units')).body.items[0];
  refused(await c.admin.post('/api/v1/users', { username: 'partner1', name: '协作', role: 'partner', unit_id: unit.id, password: 'partner-pass-2026' }), 400, 'input.invalid');
});
