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
      assert.deepEqual(op.parameters.map((p) => p.name), params, where);
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
