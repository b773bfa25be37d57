// The hostile-input corpus (issue 12): every entry of tests/hostile/corpus.jsonl
// is sent to a real server (raw socket for malformed HTTP, fetch otherwise).
// None may get a 5xx (except the protocol's own 505 where listed), crash the
// server or make a sanitizer speak; API refusals carry the error envelope with
// a Chinese message and the expected code and field; injected text that is
// stored comes back byte for byte.
//
//   ZHIFA_BIN=/work/main/build/zhifa node --test tests/api/hostile.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { startServer, client, run, ROOT } = require('../lib/server');

const CORPUS = fs.readFileSync(path.join(ROOT, 'tests', 'hostile', 'corpus.jsonl'), 'utf8')
  .split('\n').filter(Boolean).map((l) => JSON.parse(l));
const ROUTES = new Set(JSON.parse(run(['routes'])).map((r) => `${r.method} ${r.pattern}`));
const HAN = /[\u4e00-\u9fff]/;

let srv;
let port;
const sessions = {};
const vars = {};
let lookup;

const expand = (parts) => parts.map(([s, k]) => s.repeat(k)).join('');

async function sessionOf(who) {
  if (!sessions[who]) {
    const c = client(srv.url);
    const r = await c.login(who);
    assert.equal(r.status, 200, `login ${who}: ${r.text}`);
    sessions[who] = c;
  }
  return sessions[who];
}

before(async () => {
  srv = await startServer();
  port = Number(new URL(srv.url).port);
  // Sign everyone in first: the corpus's failed logins count against this
  // address (login throttling), later logins could be refused.
  for (const who of ['admin', 'sunli', 'zhangwei']) await sessionOf(who);
  const admin = sessions.admin;
  const units = (await admin.get('/api/v1/units')).body.items;
  vars.BUREAU = units.find((u) => u.code === '341504').id;
  const u = await admin.post('/api/v1/units', { parent_id: vars.BUREAU, code: 'HOSTILE-T', name: '靶机构', kind: 'office' });
  assert.equal(u.status, 201, u.text);
  vars.UNIT_T = u.body.id;
  const p = await admin.post('/api/v1/users', { username: 'hostile_t', name: '靶用户', role: 'officer', unit_id: vars.BUREAU, password: 'hostile-pass-2026' });
  assert.equal(p.status, 201, p.text);
  vars.USER_T = p.body.id;
  lookup = async (p2) => (await admin.get(p2)).body;
});
after(async () => { if (srv) await srv.stop(); });

let seq = 0;
async function fill(entry) {
  let text = JSON.stringify(entry.body_b64 === undefined ? entry
    : { ...entry, body_b64: undefined, body_latin1: Buffer.from(entry.body_b64, 'base64').toString('latin1') });
  const uniq = `h${entry.id.slice(1)}x${process.pid % 1000}${++seq}`;
  text = text.replaceAll('@UNIQ@', uniq);
  if (text.includes('@UNIT_T_VERSION@')) text = text.replaceAll('@UNIT_T_VERSION@', String((await lookup(`/api/v1/units/${vars.UNIT_T}`)).version));
  if (text.includes('@USER_T_VERSION@')) text = text.replaceAll('@USER_T_VERSION@', String((await lookup(`/api/v1/users/${vars.USER_T}`)).version));
  for (const k of ['BUREAU', 'UNIT_T', 'USER_T']) text = text.replaceAll(`@${k}@`, String(vars[k]));
  const e = JSON.parse(text);
  if (e.body_latin1 !== undefined) e.body_b64 = Buffer.from(e.body_latin1, 'latin1').toString('base64');
  return e;
}

// Send bytes as they are; resolve with {status, text} of the first answer,
// or {closed: true} when the server closes without answering.
function sendRaw(buf) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let got = Buffer.alloc(0);
    let done = false;
    const finish = (v) => { if (!done) { done = true; clearTimeout(timer); s.destroy(); resolve(v); } };
    const parse = () => {
      const t = got.toString('latin1');
      const m = t.match(/^HTTP\/1\.[01] (\d{3})/);
      return m ? { status: Number(m[1]), text: t } : null;
    };
    const timer = setTimeout(() => finish(parse() || { timeout: true }), 8000);
    s.on('data', (d) => {
      got = Buffer.concat([got, d]);
      const t = got.toString('latin1');
      const head = t.indexOf('\r\n\r\n');
      if (head < 0) return;
      const cl = t.slice(0, head).match(/content-length:\s*(\d+)/i);
      if (!cl || got.length - head - 4 >= Number(cl[1])) finish(parse());
    });
    s.on('error', () => finish(parse() || { closed: true }));
    s.on('close', () => finish(parse() || { closed: true }));
    s.write(buf, () => {});
  });
}

async function sendHttp(e) {
  const headers = { ...(e.headers || {}) };
  if (e.auth) {
    const c = await sessionOf(e.auth);
    headers.cookie = c.cookie;
    if (e.csrf !== false && e.method !== 'GET') headers['x-csrf-token'] = c.csrf;
  }
  let body;
  if (e.body_b64 !== undefined) body = Buffer.from(e.body_b64, 'base64');
  else if (e.body_parts) body = expand(e.body_parts);
  else if (e.body !== undefined) body = e.body;
  const res = await fetch(srv.url + e.path, { method: e.method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, text, body: json };
}

function statusOk(status, want) {
  if (typeof want === 'string') return Math.floor(status / 100) === Number(want[0]);
  return want.includes(status);
}

let tried = 0;
for (const raw of CORPUS) {
  const skip = raw.requires_route && !ROUTES.has(raw.requires_route) ? `hook: waits for ${raw.requires_route}` : false;
  test(`${raw.id} [${raw.cat}] ${raw.name}`, { skip }, async () => {
    const e = await fill(raw);
    tried++;
    const isRaw = e.raw !== undefined || e.raw_parts !== undefined;
    const r = isRaw
      ? await sendRaw(e.raw_parts ? Buffer.from(expand(e.raw_parts), 'latin1') : Buffer.from(e.raw, 'base64'))
      : await sendHttp(e);
    const want = e.expect.status;
    if (r.closed || r.timeout) {
      assert.ok(e.expect.close_ok, `no answer (${r.closed ? 'closed' : 'timed out'}); expected ${JSON.stringify(want)}`);
    } else {
      const allowed5xx = Array.isArray(want) && want.includes(r.status);
      assert.ok(r.status < 500 || allowed5xx, `5xx: ${r.status} ${r.text.slice(0, 300)}`);
      assert.ok(statusOk(r.status, want), `want ${JSON.stringify(want)}, got ${r.status}: ${r.text.slice(0, 300)}`);
      if (e.forbid_body) assert.ok(!r.text.includes(e.forbid_body), `answer leaks "${e.forbid_body}"`);
      if (!isRaw && r.status >= 400 && e.path.startsWith('/api/')) {
        assert.ok(r.body && r.body.error, `no error envelope: ${r.text.slice(0, 300)}`);
        assert.match(r.body.error.message, HAN, `message not Chinese: ${r.text.slice(0, 300)}`);
        if (e.expect.code) assert.ok([].concat(e.expect.code).includes(r.body.error.code), `code ${r.body.error.code}, want ${e.expect.code}: ${r.text.slice(0, 300)}`);
        if (e.expect.field) assert.equal(r.body.error.field, e.expect.field, r.text.slice(0, 300));
      }
      if (e.echo && r.status < 300) {
        const p = e.echo.get.replace('{id}', String(r.body.id));
        const got = await lookup(p);
        assert.equal(got[e.echo.field], e.echo.value, `stored ${e.echo.field} differs`);
        assert.equal(Buffer.compare(Buffer.from(got[e.echo.field]), Buffer.from(e.echo.value)), 0);
      }
    }
    // Still alive and answering.
    const h = await fetch(`${srv.url}/api/v1/health`);
    assert.equal(h.status, 200, 'server stopped answering');
  });
}

test('the server survived the corpus with a clean stderr', () => {
  assert.ok(CORPUS.length >= 200, `corpus has ${CORPUS.length} entries, want >= 200`);
  assert.equal(srv.child.exitCode, null, 'server exited');
  assert.doesNotMatch(srv.stderr(), /ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:/);
  console.log(`# hostile: ${tried} requests tried`);
});
