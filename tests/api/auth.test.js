// Black-box tests of sessions and login (docs/api.md: Sessions, /auth/*, /me).
//
//   ZHIFA_BIN=/work/main/build/zhifa node --test tests/api/auth.test.js
//
// Login throttling counts failures per username (5) and per address (20), and
// every request here comes from 127.0.0.1: the shared server sees only 3 failed
// logins (wrong password, unknown user, disabled user); the throttling test
// has its own server.
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, client, runStatus, DEMO_PASSWORD } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;

// Asserts the error envelope {"error":{"code","message","field"?}} with a Chinese message.
function assertError(r, status, code) {
  assert.equal(r.status, status, `expected HTTP ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.body && typeof r.body.error === 'object', `no error envelope: ${r.text}`);
  const e = r.body.error;
  if (code instanceof RegExp) assert.match(e.code, code);
  else if (code) assert.equal(e.code, code, `error code: ${r.text}`);
  assert.equal(typeof e.message, 'string');
  assert.match(e.message, HAN, `message is not Chinese: ${e.message}`);
  return e;
}

// All Set-Cookie headers of a response that set zf_session.
function sessionCookies(r) {
  return r.headers.getSetCookie().filter((h) => /^\s*zf_session=/i.test(h));
}
function cookieValue(setCookie) {
  const m = setCookie.match(/^\s*zf_session=([^;]*)/i);
  return m ? m[1] : undefined;
}
function attrs(setCookie) {
  return setCookie.split(';').slice(1).map((a) => a.trim().toLowerCase());
}

function assertUser(u, expected) {
  assert.ok(u && typeof u === 'object', 'USER missing');
  for (const k of ['id', 'username', 'name', 'role', 'role_name', 'unit', 'active', 'version']) {
    assert.ok(k in u, `USER lacks "${k}": ${JSON.stringify(u)}`);
  }
  assert.equal(typeof u.id, 'number');
  assert.equal(typeof u.version, 'number');
  assert.equal(u.active, true);
  assert.ok(u.unit && typeof u.unit === 'object', 'USER.unit missing');
  for (const k of ['id', 'name', 'code']) assert.ok(k in u.unit, `USER.unit lacks "${k}"`);
  assert.equal(typeof u.unit.id, 'number');
  for (const [k, v] of Object.entries(expected)) {
    if (k === 'unit') {
      for (const [uk, uv] of Object.entries(v)) assert.equal(u.unit[uk], uv, `USER.unit.${uk}`);
    } else {
      assert.equal(u[k], v, `USER.${k}`);
    }
  }
  assert.ok(!('password' in u) && !('password_hash' in u), 'USER exposes a password field');
  assert.ok(!JSON.stringify(u).includes('$argon2'), 'USER exposes a password hash');
}

// actions: [{"code":"unit.read","name":"查看组织机构"},…]
function assertActions(actions) {
  assert.ok(Array.isArray(actions), 'actions is not an array');
  assert.ok(actions.length > 0, 'no actions');
  for (const a of actions) {
    assert.ok(a && typeof a === 'object', `action is not an object: ${JSON.stringify(a)}`);
    assert.match(String(a.code), /^[a-z_]+\.[a-z_]+$/, `action code: ${JSON.stringify(a)}`);
    assert.match(String(a.name), HAN, `action name is not Chinese: ${JSON.stringify(a)}`);
  }
}

const ADMIN = {
  username: 'admin', name: '系统管理员', role: 'admin', role_name: '系统管理员',
  unit: { name: '叶集区应急管理局', code: '341504' },
};

describe('auth on a shared demo server', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { if (srv) await srv.stop(); });

  test('login with the right password: 200, USER, csrf_token, session cookie attributes', async () => {
    const c = client(srv.url);
    const r = await c.login('admin');
    assert.equal(r.status, 200, r.text);
    assertUser(r.body.user, ADMIN);
    assert.equal(typeof r.body.csrf_token, 'string');
    assert.ok(r.body.csrf_token.length >= 16, 'csrf_token too short to be unguessable');

    const set = sessionCookies(r);
    assert.equal(set.length, 1, `expected one zf_session Set-Cookie, got ${JSON.stringify(set)}`);
    const sid = cookieValue(set[0]);
    assert.ok(sid && sid.length >= 16, `session id too short: ${sid}`);
    const a = attrs(set[0]);
    assert.ok(a.includes('httponly'), `no HttpOnly: ${set[0]}`);
    assert.ok(a.includes('samesite=strict'), `no SameSite=Strict: ${set[0]}`);
    assert.ok(a.includes('path=/'), `no Path=/: ${set[0]}`);
    // The session id never travels in a body, and is not the CSRF token.
    assert.ok(!r.text.includes(sid), 'session id visible in the login body');
    assert.notEqual(r.body.csrf_token, sid);
    assert.ok(!r.text.includes(DEMO_PASSWORD), 'password echoed in the login body');
  });

  test('GET /me with the cookie: 200 with USER, csrf_token and actions', async () => {
    const c = client(srv.url);
    assert.equal((await c.login('admin')).status, 200);
    const r = await c.get('/api/v1/me');
    assert.equal(r.status, 200, r.text);
    assertUser(r.body.user, ADMIN);
    assert.equal(typeof r.body.csrf_token, 'string');
    assert.ok(r.body.csrf_token.length >= 16);
    assertActions(r.body.actions);
    assert.ok(r.body.actions.some((x) => x.code === 'unit.read'),
      `admin lacks unit.read: ${JSON.stringify(r.body.actions)}`);
    assert.ok(!r.text.includes(c.cookie.replace(/^zf_session=/, '')), 'session id visible in /me');
  });

  test('GET /me as a township officer: her own USER and her own actions', async () => {
    const a = client(srv.url);
    const s = client(srv.url);
    assert.equal((await a.login('admin')).status, 200);
    assert.equal((await s.login('sunli')).status, 200);
    const ra = await a.get('/api/v1/me');
    const rs = await s.get('/api/v1/me');
    assert.equal(rs.status, 200, rs.text);
    assertUser(rs.body.user, {
      username: 'sunli', name: '孙丽', role: 'township_officer', role_name: '乡镇执法人员',
      unit: { name: '史河街道', code: '341504001' },
    });
    assertActions(rs.body.actions);
    const codes = (list) => list.map((x) => x.code).sort();
    assert.notDeepEqual(codes(rs.body.actions), codes(ra.body.actions),
      'a township officer may do exactly what admin may do');
    assert.notEqual(rs.body.csrf_token, ra.body.csrf_token, 'two sessions share a CSRF token');
  });

  test('GET /me without a cookie: 401 auth.required', async () => {
    const r = await client(srv.url).get('/api/v1/me');
    assertError(r, 401, 'auth.required');
  });

  test('GET /me with a made-up cookie: 401 auth.required', async () => {
    const c = client(srv.url);
    c.cookie = 'zf_session=' + 'a'.repeat(64);
    assertError(await c.get('/api/v1/me'), 401, 'auth.required');
  });

  let wrongPassword;
  test('wrong password: 401 auth.bad_credentials, Chinese message, no session cookie', async () => {
    const c = client(srv.url);
    const r = await c.login('zhangwei', 'not-the-password');
    wrongPassword = assertError(r, 401, 'auth.bad_credentials');
    for (const h of sessionCookies(r)) assert.equal(cookieValue(h), '', `a session cookie was set: ${h}`);
    assert.ok(!('csrf_token' in r.body), 'csrf_token on a failed login');
    assertError(await c.get('/api/v1/me'), 401, 'auth.required');
  });

  test('unknown user: the same answer as a wrong password (no user enumeration)', async () => {
    assert.ok(wrongPassword, 'depends on the wrong-password test');
    const r = await client(srv.url).login('nosuchuser', 'not-the-password');
    const e = assertError(r, 401, 'auth.bad_credentials');
    assert.equal(e.code, wrongPassword.code);
    assert.equal(e.message, wrongPassword.message, 'unknown user and wrong password answer differently');
    assert.equal(e.field, wrongPassword.field);
    for (const h of sessionCookies(r)) assert.equal(cookieValue(h), '', `a session cookie was set: ${h}`);
  });

  test('login does not keep a session id sent before login (fixation)', async () => {
    const c = client(srv.url);
    const planted = 'f'.repeat(64);
    c.cookie = `zf_session=${planted}`;
    const r = await c.login('zhangwei');
    assert.equal(r.status, 200, r.text);
    const set = sessionCookies(r);
    assert.equal(set.length, 1, 'login did not set a new session cookie');
    const sid = cookieValue(set[0]);
    assert.ok(sid, 'empty session cookie');
    assert.notEqual(sid, planted, 'the planted session id was kept');
    assert.equal((await c.get('/api/v1/me')).status, 200);
    // The planted id is no session.
    const p = client(srv.url);
    p.cookie = `zf_session=${planted}`;
    assertError(await p.get('/api/v1/me'), 401, 'auth.required');
  });

  test('login rotates the session id: a second login gets a different id', async () => {
    const c = client(srv.url);
    assert.equal((await c.login('liqiang')).status, 200);
    const first = c.cookie;
    const r = await c.login('liqiang'); // sends the first, valid, cookie along
    assert.equal(r.status, 200, r.text);
    assert.equal(sessionCookies(r).length, 1, 'second login did not set a session cookie');
    assert.notEqual(c.cookie, first, 'login kept the session id it was sent');

    const other = client(srv.url);
    assert.equal((await other.login('liqiang')).status, 200);
    assert.notEqual(other.cookie, c.cookie, 'two logins share a session id');
    assert.equal((await c.get('/api/v1/me')).status, 200);
    assert.equal((await other.get('/api/v1/me')).status, 200);
  });

  test('logout: 204, cookie cleared, the old cookie then gets 401', async () => {
    const c = client(srv.url);
    assert.equal((await c.login('wangfang')).status, 200);
    const old = c.cookie;
    const r = await c.post('/api/v1/auth/logout');
    assert.equal(r.status, 204, r.text);
    const set = sessionCookies(r);
    assert.equal(set.length, 1, 'logout did not clear the cookie');
    const a = attrs(set[0]);
    assert.ok(cookieValue(set[0]) === '' || a.includes('max-age=0') || a.some((x) => x.startsWith('expires=')),
      `logout cookie does not clear: ${set[0]}`);
    const o = client(srv.url);
    o.cookie = old;
    assertError(await o.get('/api/v1/me'), 401, 'auth.required');
  });

  test('logout without a CSRF token: 403 auth.csrf, session still alive', async () => {
    const c = client(srv.url);
    assert.equal((await c.login('zhaomin')).status, 200);
    const token = c.csrf;
    c.csrf = '';
    assertError(await c.post('/api/v1/auth/logout'), 403, 'auth.csrf');
    assertError(await c.post('/api/v1/auth/logout', undefined, { 'x-csrf-token': 'x' + token.slice(1) }),
      403, 'auth.csrf');
    assert.equal((await c.get('/api/v1/me')).status, 200, 'session died on a rejected logout');
    c.csrf = token;
    assert.equal((await c.post('/api/v1/auth/logout')).status, 204);
  });

  test('the CSRF token from /me works like the one from login', async () => {
    const c = client(srv.url);
    assert.equal((await c.login('zhoujun')).status, 200);
    const me = await c.get('/api/v1/me');
    assert.equal(me.status, 200);
    c.csrf = me.body.csrf_token;
    assert.equal((await c.post('/api/v1/auth/logout')).status, 204);
  });

  test('a disabled user cannot log in and their existing session stops working', async () => {
    const admin = client(srv.url);
    const u = client(srv.url);
    assert.equal((await admin.login('admin')).status, 200);
    const login = await u.login('liuyang');
    assert.equal(login.status, 200, login.text);
    const id = login.body.user.id;
    assert.equal((await u.get('/api/v1/me')).status, 200);

    let cur = await admin.get(`/api/v1/users/${id}`);
    assert.equal(cur.status, 200, cur.text);
    const off = await admin.patch(`/api/v1/users/${id}`, { version: cur.body.version, active: false });
    assert.equal(off.status, 200, off.text);
    assert.equal(off.body.active, false);
    try {
      assertError(await u.get('/api/v1/me'), 401, 'auth.required');
      // The same answer as a wrong password (docs/api.md: no hint that the account exists).
      const again = await client(srv.url).login('liuyang');
      const e = assertError(again, 401, 'auth.bad_credentials');
      if (wrongPassword) assert.equal(e.message, wrongPassword.message, 'disabled account answers differently');
      for (const h of sessionCookies(again)) assert.equal(cookieValue(h), '', 'disabled user got a cookie');
    } finally {
      // Re-enable, so the rest of the file sees the demo as loaded.
      cur = await admin.get(`/api/v1/users/${id}`);
      const on = await admin.patch(`/api/v1/users/${id}`, { version: cur.body.version, active: true });
      assert.equal(on.status, 200, on.text);
    }
    assert.equal((await client(srv.url).login('liuyang')).status, 200, 're-enabled user cannot log in');
  });
});

describe('session expiry', () => {
  let srv;
  before(async () => { srv = await startServer({ env: { ZHIFA_SESSION_TTL: '2' } }); });
  after(async () => { if (srv) await srv.stop(); });

  test('a session older than ZHIFA_SESSION_TTL gets 401 auth.required', async () => {
    const c = client(srv.url);
    assert.equal((await c.login('admin')).status, 200);
    assert.equal((await c.get('/api/v1/me')).status, 200);
    await new Promise((r) => setTimeout(r, 3000));
    assertError(await c.get('/api/v1/me'), 401, 'auth.required');
    // A fresh login still works.
    assert.equal((await c.login('admin')).status, 200);
    assert.equal((await c.get('/api/v1/me')).status, 200);
  });
});

describe('login throttling', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { if (srv) await srv.stop(); });

  test('after 5 failures for one username the 6th attempt gets 429 auth.throttled, even with the right password', async () => {
    for (let i = 1; i <= 5; i++) {
      const r = await client(srv.url).login('zhangwei', `wrong-${i}`);
      assertError(r, 401, 'auth.bad_credentials');
    }
    const c = client(srv.url);
    const r = await c.login('zhangwei');
    assertError(r, 429, 'auth.throttled');
    const ra = r.headers.get('retry-after');
    assert.ok(ra, 'no Retry-After header');
    assert.match(ra, /^\d+$/, `Retry-After is not delta-seconds: ${ra}`);
    assert.ok(Number(ra) > 0 && Number(ra) <= 15 * 60, `Retry-After out of range: ${ra}`);
    for (const h of sessionCookies(r)) assert.equal(cookieValue(h), '', 'throttled login got a cookie');
    assertError(await c.get('/api/v1/me'), 401, 'auth.required');
  });
});

// Behind nginx every peer is the proxy: with --trusted-proxy the client is the
// address in X-Real-IP, so one noisy client does not lock out everyone; from
// any other peer the header is ignored, so a client cannot rotate it to dodge
// the per-address limit (20 failures in 15 minutes).
describe('client address behind a trusted proxy', () => {
  const loginFrom = (url, ip, username, password) =>
    client(url).post('/api/v1/auth/login', { username, password }, { 'x-real-ip': ip });

  test('with --trusted-proxy 127.0.0.1 the per-address limit applies to the X-Real-IP client only', async () => {
    const srv = await startServer({ args: ['--trusted-proxy', '127.0.0.1, ::1'] });
    try {
      for (let i = 0; i < 20; i++) {
        assertError(await loginFrom(srv.url, '203.0.113.7', `nobody${i}`, 'x'), 401, 'auth.bad_credentials');
      }
      assertError(await loginFrom(srv.url, '203.0.113.7', 'admin', DEMO_PASSWORD), 429, 'auth.throttled');
      // Another client behind the same proxy is not affected …
      const ok = await loginFrom(srv.url, '198.51.100.9', 'admin', DEMO_PASSWORD);
      assert.equal(ok.status, 200, ok.text);
      // … and the login event records the client's address, not the proxy's.
      const c = client(srv.url);
      const me = await c.login('admin');
      assert.equal(me.status, 200);
      const hist = await c.get(`/api/v1/objects/user/${me.body.user.id}/history`);
      assert.equal(hist.status, 200, hist.text);
      const ips = JSON.stringify(hist.body);
      assert.ok(ips.includes('198.51.100.9'), `login history: ${ips.slice(0, 500)}`);
      // A header that is not an IP address is ignored (the proxy's address counts).
      const junk = await loginFrom(srv.url, '198.51.100.9, 10.0.0.1', 'nobody-junk', 'x');
      assertError(junk, 401, 'auth.bad_credentials');
    } finally {
      await srv.stop();
    }
  });

  test('without --trusted-proxy a client-sent X-Real-IP is ignored', async () => {
    const srv = await startServer();
    try {
      for (let i = 0; i < 20; i++) {
        assertError(await loginFrom(srv.url, `203.0.113.${i + 1}`, `nobody${i}`, 'x'), 401, 'auth.bad_credentials');
      }
      assertError(await loginFrom(srv.url, '198.51.100.77', 'admin', DEMO_PASSWORD), 429, 'auth.throttled');
    } finally {
      await srv.stop();
    }
  });

  test('a --trusted-proxy that is not an IP address stops the server with a clear message', async () => {
    const srv = await startServer({ demo: false });
    try {
      const r = runStatus(['serve', '--listen', '127.0.0.1:0', '--trusted-proxy', '127.0.0.1,nginx.local'],
        { env: srv.env, timeout: 20000 });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /受信任代理.*nginx\.local/);
    } finally {
      await srv.stop();
    }
  });
});
