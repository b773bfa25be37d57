// Black-box tests of the HTTP layer against bad input (docs/api.md: Bad input).
//
//   ZHIFA_BIN=/work/main/build/zhifa node --test tests/api/http_bad_input.test.js
//
// Whatever arrives, the server answers with a 4xx and the error envelope, never
// a 5xx or a dropped connection, and keeps serving afterwards. Raw sockets are
// used where fetch would clean the request up first (dot segments, huge
// headers) or hide what is on the wire (keep-alive).
//
// This file has its own server: none of these requests reaches the password
// check, but they do go to the login route, and other files' throttling
// counts must not depend on the order the files run in.
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { startServer } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;
const LOGIN = '/api/v1/auth/login';

// fetch with a string or Buffer body; returns { status, headers, body, text }.
async function send(base, method, path, body, headers = {}) {
  const h = { ...headers };
  if (body !== undefined && !Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) {
    h['content-type'] = 'application/json';
  }
  const res = await fetch(base + path, { method, headers: h, body, redirect: 'manual' });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, headers: res.headers, body: json, text };
}

// The error envelope {"error":{"code","message","field"?}} with a Chinese message.
function assertError(r, status, code, field) {
  assert.equal(r.status, status, `expected HTTP ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.body && typeof r.body.error === 'object', `no error envelope: ${r.text}`);
  const e = r.body.error;
  assert.equal(e.code, code, `error code: ${r.text}`);
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.length > 0, 'empty message');
  assert.match(e.message, HAN, `message is not Chinese: ${e.message}`);
  if (field !== undefined) assert.equal(e.field, field, `error field: ${r.text}`);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  return e;
}

// Send raw bytes on one connection and read `count` answers (each with a
// Content-Length, which is how the server frames every answer). Resolves
// { answers: [{ status, head, headers, body }], closed } — closed tells
// whether the server closed the connection before all answers came.
function raw(url, chunks, count = 1, timeoutMs = 10000) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: hostname, port: Number(port) });
    let buf = Buffer.alloc(0);
    const answers = [];
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ answers, closed });
    };
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      sock.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms (${answers.length} of ${count})`));
    }, timeoutMs);
    const parse = () => {
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        const lines = head.split('\r\n');
        const status = Number((lines[0].match(/^HTTP\/1\.[01] (\d{3})/) || [])[1]);
        const headers = {};
        for (const line of lines.slice(1)) {
          const i = line.indexOf(':');
          if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        }
        const len = Number(headers['content-length'] || 0);
        if (buf.length < end + 4 + len) return;
        const body = buf.subarray(end + 4, end + 4 + len).toString('utf8');
        buf = buf.subarray(end + 4 + len);
        answers.push({ status, head, headers, body });
        if (answers.length === count) { finish(false); return; }
      }
    };
    sock.on('data', (d) => { buf = Buffer.concat([buf, d]); parse(); });
    sock.on('end', () => finish(true));
    sock.on('close', () => finish(true));
    sock.on('error', (e) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(e);
    });
    sock.on('connect', () => { for (const c of chunks) sock.write(c); });
  });
}

function hostOf(url) { return new URL(url).host; }

describe('HTTP layer: bad input', () => {
  let srv;
  let base;
  before(async () => { srv = await startServer(); base = srv.url; });
  after(async () => { if (srv) await srv.stop(); });

  test('malformed JSON: 400 http.bad_json with the position in the message', async () => {
    const r = await send(base, 'POST', LOGIN, '{"username":"admin",');
    const e = assertError(r, 400, 'http.bad_json');
    assert.match(e.message, /\d/, `no position in: ${e.message}`);
    assert.match(e.message, /位置|行|列/, `no position in: ${e.message}`);
  });

  test('a JSON array instead of an object: 400 http.bad_json', async () => {
    assertError(await send(base, 'POST', LOGIN, '[{"username":"admin","password":"x"}]'), 400,
      'http.bad_json');
  });

  test('a duplicated key: 400 http.bad_json', async () => {
    assertError(await send(base, 'POST', LOGIN, '{"username":"a","username":"b","password":"x"}'),
      400, 'http.bad_json');
  });

  test('an unknown field: 400 input.unknown_field naming it', async () => {
    const r = await send(base, 'POST', LOGIN, '{"username":"admin","password":"x","extra":1}');
    assertError(r, 400, 'input.unknown_field', 'extra');
  });

  test('a field of the wrong type: 400 input.invalid naming it', async () => {
    const r = await send(base, 'POST', LOGIN, '{"username":5,"password":"x"}');
    assertError(r, 400, 'input.invalid', 'username');
  });

  test('a body of 2 MiB: 413 http.body_too_large', async () => {
    const big = `{"username":"admin","password":"${'x'.repeat(2 * 1024 * 1024)}"}`;
    assertError(await send(base, 'POST', LOGIN, big), 413, 'http.body_too_large');
  });

  test('Content-Type text/plain on a JSON route: 415 http.unsupported_media_type', async () => {
    const r = await send(base, 'POST', LOGIN, '{"username":"admin","password":"x"}',
      { 'content-type': 'text/plain' });
    assertError(r, 415, 'http.unsupported_media_type');
  });

  test('a parameter of bytes that are not UTF-8 is named in a readable message (the bad bytes shown as U+FFFD)', async () => {
    const r = await send(base, 'GET', '/api/v1/public/decisions?limit=%FF%FE');
    assertError(r, 400, 'input.invalid', 'limit');
    assert.match(r.body.error.message, /每页条数 limit 应为 1 至 200 的整数，收到“\uFFFD\uFFFD”/);
  });

  test('an unknown API path: 404 http.not_found', async () => {
    const r = await send(base, 'GET', '/api/v1/nope');
    assertError(r, 404, 'http.not_found');
    assert.equal(r.headers.get('cache-control'), 'no-store');
  });

  test('a known path with the wrong method: 405 with Allow naming POST', async () => {
    const r = await send(base, 'DELETE', LOGIN);
    assertError(r, 405, 'http.method_not_allowed');
    const allow = r.headers.get('allow') || '';
    assert.ok(allow.split(/\s*,\s*/).includes('POST'), `Allow: ${allow}`);
  });

  test('nesting 100 levels deep: 400', async () => {
    const deep = `{"username":${'['.repeat(100)}${']'.repeat(100)},"password":"x"}`;
    assertError(await send(base, 'POST', LOGIN, deep), 400, 'http.bad_json');
  });

  test('invalid UTF-8 inside a JSON string: 400', async () => {
    const body = Buffer.concat([
      Buffer.from('{"username":"'), Buffer.from([0xff, 0xfe, 0xc0, 0xaf]),
      Buffer.from('","password":"x"}'),
    ]);
    assertError(await send(base, 'POST', LOGIN, body), 400, 'http.bad_json');
  });

  test('a NUL byte in the body: 400', async () => {
    const body = Buffer.concat([
      Buffer.from('{"username":"ad'), Buffer.from([0x00]), Buffer.from('min","password":"x"}'),
    ]);
    assertError(await send(base, 'POST', LOGIN, body), 400, 'http.bad_json');
  });

  test('a 40 KB URL gets an answer, not a dropped connection or a 5xx', async () => {
    const req = `GET /api/v1/health?pad=${'a'.repeat(40 * 1024)} HTTP/1.1\r\n`
      + `Host: ${hostOf(base)}\r\n\r\n`;
    const { answers } = await raw(base, [req]);
    assert.equal(answers.length, 1, 'connection dropped without an answer');
    assert.ok(answers[0].status >= 200 && answers[0].status < 500, `status ${answers[0].status}`);
  });

  test('a 20 KB Cookie header gets an answer, not a dropped connection or a 5xx', async () => {
    const req = `GET /api/v1/health HTTP/1.1\r\nHost: ${hostOf(base)}\r\n`
      + `Cookie: junk=${'c'.repeat(20 * 1024)}\r\n\r\n`;
    const { answers } = await raw(base, [req]);
    assert.equal(answers.length, 1, 'connection dropped without an answer');
    assert.ok(answers[0].status >= 200 && answers[0].status < 500, `status ${answers[0].status}`);
  });

  for (const p of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/../../../../etc/passwd',
    '/..%2f..%2f..%2f..%2fetc%2fpasswd']) {
    test(`static path traversal ${p} never returns the file`, async () => {
      const req = `GET ${p} HTTP/1.1\r\nHost: ${hostOf(base)}\r\n\r\n`;
      const { answers } = await raw(base, [req]);
      assert.equal(answers.length, 1, 'connection dropped without an answer');
      const a = answers[0];
      assert.ok(a.status < 500, `status ${a.status}`);
      assert.ok(!/root:.*:0:0:/.test(a.body), 'served /etc/passwd');
    });
  }

  test('GET / is HTML with a Content-Security-Policy', async (t) => {
    const r = await send(base, 'GET', '/');
    if (r.status === 404) { t.skip('the server has no static directory'); return; }
    assert.equal(r.status, 200, r.text.slice(0, 200));
    assert.match(r.headers.get('content-type') || '', /^text\/html/);
    const csp = r.headers.get('content-security-policy') || '';
    assert.match(csp, /default-src 'self'/, `CSP: ${csp}`);
    assert.match(csp, /frame-ancestors 'none'/, `CSP: ${csp}`);
    assert.equal(r.headers.get('x-frame-options'), 'DENY');
  });

  test('keep-alive: two requests on one connection are both answered', async () => {
    const req = `GET /api/v1/health HTTP/1.1\r\nHost: ${hostOf(base)}\r\n\r\n`;
    // Pipelined in one write, and then again one after the other.
    const pipelined = await raw(base, [req + req], 2);
    assert.equal(pipelined.answers.length, 2);
    for (const a of pipelined.answers) {
      assert.equal(a.status, 200, a.head);
      assert.notEqual((a.headers.connection || '').toLowerCase(), 'close',
        'answer carries Connection: close (keep-alive lost)');
    }
    const { hostname, port } = new URL(base);
    const sock = net.connect({ host: hostname, port: Number(port) });
    await new Promise((r, j) => { sock.once('connect', r); sock.once('error', j); });
    const readOne = () => new Promise((resolve, reject) => {
      let buf = Buffer.alloc(0);
      const timer = setTimeout(() => reject(new Error('no answer')), 10000);
      const onData = (d) => {
        buf = Buffer.concat([buf, d]);
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        const len = Number((head.match(/\r\ncontent-length:\s*(\d+)/i) || [])[1] || 0);
        if (buf.length < end + 4 + len) return;
        clearTimeout(timer);
        sock.off('data', onData);
        sock.off('close', onClose);
        resolve(head);
      };
      const onClose = () => { clearTimeout(timer); reject(new Error('connection closed')); };
      sock.on('data', onData);
      sock.once('close', onClose);
    });
    try {
      for (let i = 0; i < 2; i++) {
        sock.write(req);
        const head = await readOne();
        assert.match(head, /^HTTP\/1\.1 200 /, head);
        assert.doesNotMatch(head, /\r\nconnection:\s*close/i, `request ${i + 1}: ${head}`);
      }
    } finally {
      sock.destroy();
    }
  });

  test('after all that the server still answers GET /api/v1/health with 200', async () => {
    const r = await send(base, 'GET', '/api/v1/health');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'ok');
  });
});
