// GET /api/v1/openapi.json (issue 11: the API documented in an OpenAPI file
// served by zhifa): generated from the route table, so it is checked here
// against `zhifa routes` — every route, its method, path parameters, public
// or not, the permission action and the roles that hold it, CSRF.
//
//   ZHIFA_BIN=$PWD/build/zhifa node --test tests/api/openapi.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, client, run } = require('../lib/server');

describe('OpenAPI document', () => {
  let srv;
  let doc;
  let routes;
  before(async () => {
    srv = await startServer();
    const r = await client(srv.url).get('/api/v1/openapi.json');
    assert.equal(r.status, 200, r.text);
    doc = r.body;
    routes = JSON.parse(run(['routes']));
  });
  after(async () => { if (srv) await srv.stop(); });

  test('it is OpenAPI 3 with the session cookie scheme and the error envelope', () => {
    assert.match(doc.openapi, /^3\./);
    assert.deepEqual(doc.components.securitySchemes.session, { type: 'apiKey', in: 'cookie', name: 'zf_session' });
    assert.ok(doc.components.schemas.Error.properties.error);
  });

  test('every route of the table is there, and nothing else', () => {
    const ops = [];
    for (const [p, item] of Object.entries(doc.paths)) for (const m of Object.keys(item)) ops.push(`${m.toUpperCase()} ${p}`);
    assert.deepEqual(ops.sort(), routes.map((r) => `${r.method} ${r.pattern}`).sort());
  });

  test('each operation says what the dispatcher checks', () => {
    const adminOnly = [];
    for (const r of routes) {
      const op = doc.paths[r.pattern][r.method.toLowerCase()];
      const where = `${r.method} ${r.pattern}`;
      const params = (r.pattern.match(/\{[^}]+\}/g) || []).map((x) => x.slice(1, -1));
      assert.deepEqual(op.parameters.filter((p) => p.in === 'path').map((p) => p.name), params, where);
      const pub = r.flags.includes('public');
      // issue 11: exchange routes take a partner agency's Bearer token
      const exchange = r.flags.includes('exchange');
      assert.deepEqual(op.security, pub ? [] : exchange ? [{ bearer: [] }] : [{ session: [] }], where);
      assert.equal(op['x-zhifa-action'], r.action || undefined, where);
      if (r.action) {
        assert.ok(op['x-zhifa-roles'].length >= 1, `${where}: no role holds ${r.action}`);
        assert.match(op.summary, /[\u4e00-\u9fff]/, where);
        if (op['x-zhifa-roles'].length === 1 && op['x-zhifa-roles'][0] === 'admin') adminOnly.push(r.action);
      }
      assert.equal(op['x-zhifa-csrf'], r.method !== 'GET' && !pub && !r.flags.includes('no_csrf') && !exchange, where);
      if (r.flags.includes('json_body')) assert.ok(op.requestBody.content['application/json'], where);
    }
    assert.ok(adminOnly.includes('unit.write') && adminOnly.includes('user.write'), adminOnly.join(','));
    // city supervisors read, never write: no writing action lists them
    // (POSTs that only compute, such as the discretion and deadline
    // calculators, are for everyone)
    for (const r of routes) {
      const op = doc.paths[r.pattern][r.method.toLowerCase()];
      if (r.action && /\.(write|create|approve|witness|settings)$/.test(r.action)) {
        assert.ok(!op['x-zhifa-roles'].includes('city_supervisor'), `${r.method} ${r.pattern}`);
      }
    }
  });
});

// The exchange API's bodies and answers are written out (openapi_exchange.c);
// real answers of every exchange route are checked against them here, with
// a small checker of the schema keywords the file uses.
function check(doc, schema, value, where, errs) {
  if (schema.$ref) return check(doc, doc.components.schemas[schema.$ref.split('/').pop()], value, where, errs);
  if (value === null) {
    if (!schema.nullable) errs.push(`${where}: null`);
    return errs;
  }
  const type = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (schema.type && schema.type !== type) { errs.push(`${where}: ${type}, want ${schema.type}`); return errs; }
  if (schema.enum && !schema.enum.includes(value)) errs.push(`${where}: ${value} not in ${schema.enum}`);
  if (schema.maxLength && [...value].length > schema.maxLength) errs.push(`${where}: too long`);
  if (type === 'object') {
    for (const k of schema.required || []) if (!(k in value)) errs.push(`${where}.${k}: missing`);
    for (const [k, v] of Object.entries(value)) {
      if (schema.properties && schema.properties[k]) check(doc, schema.properties[k], v, `${where}.${k}`, errs);
      else if (schema.additionalProperties === false) errs.push(`${where}.${k}: not declared`);
    }
  }
  if (type === 'array' && schema.items) value.forEach((v, i) => check(doc, schema.items, v, `${where}[${i}]`, errs));
  return errs;
}

describe('the exchange API as the OpenAPI file says', () => {
  let srv;
  let doc;
  const as = {};
  const op = (m, p) => doc.paths[p][m];
  function answerSchema(m, p, status) {
    const r = op(m, p).responses[String(status)];
    assert.ok(r && r.content, `${m} ${p} declares its ${status} answer`);
    return r.content['application/json'].schema;
  }
  function conforms(m, p, res, status) {
    assert.equal(res.status, status, res.text);
    assert.deepEqual(check(doc, answerSchema(m, p, status), res.body, `${m} ${p}`, []), []);
  }
  function bearer(token) {
    const x = client(srv.url);
    const h = { authorization: `Bearer ${token}` };
    return { auth: h.authorization, get: (p) => x.request('GET', p, undefined, h), post: (p, b) => x.request('POST', p, b, h) };
  }
  before(async () => {
    srv = await startServer();
    doc = (await client(srv.url).get('/api/v1/openapi.json')).body;
    for (const u of ['admin', 'chenjie']) {
      as[u] = client(srv.url);
      assert.equal((await as[u].login(u)).status, 200);
    }
  });
  after(async () => { if (srv) await srv.stop(); });

  test('OA-01 every exchange route declares its body and answer by field; real answers and the bodies sent conform', async () => {
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [m, o] of Object.entries(item)) {
        if (!o['x-zhifa-exchange']) continue;
        const ok = o.responses['200'] || o.responses['201'];
        assert.ok(ok && ok.content, `${m} ${p}: an answer`);
        // JSON by field, or a file's bytes (the materials of notices, migration 041)
        const binary = (c) => c && Object.values(c).length > 0 && Object.values(c).every((x) => x.schema.type === 'string' && x.schema.format === 'binary');
        assert.ok(ok.content['application/json'] ? ok.content['application/json'].schema.$ref : binary(ok.content), `${m} ${p}: a typed answer`);
        if (m === 'post') {
          const c = o.requestBody.content;
          assert.ok(c['application/json'] ? c['application/json'].schema.$ref : binary(c), `${m} ${p}: a typed body`);
        }
      }
    }
    const ent = (await as.admin.get('/api/v1/enterprises?limit=1')).body.items[0];
    let r = await as.admin.post('/api/v1/agencies', { name: 'OpenAPI 测试协作单位', kind: 'market' });
    assert.equal(r.status, 201, r.text);
    const agency = r.body;
    r = await as.chenjie.post(`/api/v1/agencies/${agency.id}/shares`, { subject_kind: 'enterprise', subject_id: ent.id });
    assert.equal(r.status, 201, r.text);
    r = await as.admin.post('/api/v1/api-tokens', { agency_id: agency.id, label: '推送', scope: 'push', resources: 'enterprise.read notice.read notice.write' });
    assert.equal(r.status, 201, r.text);
    const x = bearer(r.body.token);
    conforms('get', '/api/v1/exchange/shared', await x.get('/api/v1/exchange/shared'), 200);
    const list = await x.get('/api/v1/exchange/enterprises');
    conforms('get', '/api/v1/exchange/enterprises', list, 200);
    assert.equal(list.body.items.length, 1);
    conforms('get', '/api/v1/exchange/enterprises/{id}', await x.get(`/api/v1/exchange/enterprises/${ent.id}`), 200);
    const notice = { kind: 'consultation', title: '联合检查会商', body: '拟于下周联合检查', materials: '检查方案', case_ref: '' };
    assert.deepEqual(check(doc, op('post', '/api/v1/exchange/notices').requestBody.content['application/json'].schema, notice, 'body', []), []);
    const n = await x.post('/api/v1/exchange/notices', notice);
    conforms('post', '/api/v1/exchange/notices', n, 201);
    const reply = { body: '同意' };
    assert.deepEqual(check(doc, op('post', '/api/v1/exchange/notices/{id}/replies').requestBody.content['application/json'].schema, reply, 'body', []), []);
    conforms('post', '/api/v1/exchange/notices/{id}/replies', await x.post(`/api/v1/exchange/notices/${n.body.id}/replies`, reply), 201);
    // materials (migration 041): a file up, listed with the notice, the same bytes down
    const up = op('post', '/api/v1/exchange/notices/{id}/attachments');
    assert.deepEqual(up.parameters.map((q) => q.name), ['id', 'name', 'reply_id']);
    assert.ok(up.requestBody.content['application/octet-stream']);
    const pdf = Buffer.from('%PDF-1.4\n% OpenAPI 材料\n%%EOF\n');
    const a = await client(srv.url).request('POST', `/api/v1/exchange/notices/${n.body.id}/attachments?name=${encodeURIComponent('会商材料.pdf')}`, pdf,
      { authorization: x.auth, 'content-type': 'application/octet-stream' });
    conforms('post', '/api/v1/exchange/notices/{id}/attachments', a, 201);
    assert.match(up['x-zhifa-error-codes'], /notice\.attachment_type_mismatch/);
    const dl = op('get', '/api/v1/exchange/notice-attachments/{id}/content');
    const res = await fetch(`${srv.url}/api/v1/exchange/notice-attachments/${a.body.id}/content`, { headers: { authorization: x.auth } });
    assert.equal(res.status, 200);
    assert.ok(dl.responses['200'].content[res.headers.get('content-type')], res.headers.get('content-type'));
    assert.ok(dl.responses['200'].headers['Content-Disposition']);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), pdf);
    const ns = await x.get('/api/v1/exchange/notices');
    conforms('get', '/api/v1/exchange/notices', ns, 200);
    assert.ok(ns.body.items.some((i) => i.id === n.body.id));
    assert.deepEqual(ns.body.items.find((i) => i.id === n.body.id).attachments.map((f) => f.id), [a.body.id]);
    assert.equal(ns.body.items.find((i) => i.id === n.body.id).files, 1);
    // the agency takes its file back (migration 046): {reason} in, the attachment out
    const wd = op('post', '/api/v1/exchange/notice-attachments/{id}/withdraw');
    const why = { reason: '错报，以补报版本为准' };
    assert.deepEqual(check(doc, wd.requestBody.content['application/json'].schema, why, 'body', []), []);
    assert.ok(check(doc, wd.requestBody.content['application/json'].schema, { ...why, extra: 1 }, 'body', []).length > 0);
    const w = await x.post(`/api/v1/exchange/notice-attachments/${a.body.id}/withdraw`, why);
    conforms('post', '/api/v1/exchange/notice-attachments/{id}/withdraw', w, 200);
    assert.equal(w.body.withdrawn, true);
    assert.match(wd['x-zhifa-error-codes'], /notice\.attachment_not_own/);
    // the checker catches what it should: a missing field, a wrong type, an undeclared body field
    assert.ok(check(doc, answerSchema('get', '/api/v1/exchange/enterprises/{id}', 200), { ...list.body.items[0], id: 'x' }, 'e', []).length > 0);
    const { name, ...noName } = list.body.items[0];
    assert.ok(name && check(doc, answerSchema('get', '/api/v1/exchange/enterprises/{id}', 200), noName, 'e', []).length > 0);
    assert.ok(check(doc, op('post', '/api/v1/exchange/notices').requestBody.content['application/json'].schema, { ...notice, extra: 1 }, 'b', []).length > 0);
    // the errors the route sends are listed and match the error envelope
    assert.match(op('get', '/api/v1/exchange/enterprises/{id}')['x-zhifa-error-codes'], /exchange\.not_shared/);
    const nf = await x.get('/api/v1/exchange/enterprises/99999999');
    assert.equal(nf.status, 404);
    assert.deepEqual(check(doc, doc.components.schemas.Error, nf.body, 'error', []), []);
  });
});
