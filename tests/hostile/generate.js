#!/usr/bin/env node
// Writes tests/hostile/corpus.jsonl: the hostile-request corpus of issue 12,
// one request a line, run by tests/api/hostile.test.js against a real server.
// The corpus is committed; this script is how it was made (rerun it after
// adding cases here: `node tests/hostile/generate.js`). Entries may also be
// added by hand to the .jsonl — keep ids unique.
//
// An entry:
//   id, cat, name
//   raw: base64 bytes sent as they are over a socket (malformed HTTP)   or
//   method, path, headers {}, body (text) or body_b64 (raw bytes)
//   body_parts / raw_parts: [[text, times], …] for long ones (raw: latin1)
//   auth: demo user to sign in as (cookie + CSRF token), absent = none;
//         csrf: false to leave the token out
//   expect: { status: [codes] or "4xx", code, field, close_ok (a raw
//             request may also be answered by closing the connection) }
//   echo: { get, field }: after a 2xx, GET this path and compare the field
//         with the value sent, byte for byte (stored as text, never run)
//   forbid_body: text the answer must not contain ("root:x:0")
//   requires_route: "METHOD pattern" — skipped until the route exists
//         (hooks for modules still to come: dates, fines)
// Placeholders filled by the runner: @UNIQ@ (unique token), @BUREAU@ (the
// bureau's unit id), @UNIT_T@/@UNIT_T_VERSION@ (a unit made for the run),
// @USER_T@/@USER_T_VERSION@ (a user made for the run).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const out = [];
let n = 0;
function add(e) { out.push({ id: `H${String(++n).padStart(3, '0')}`, ...e }); }
const b64 = (s) => Buffer.from(s, 'latin1').toString('base64');
const JSONH = { 'content-type': 'application/json' };
const BAD = (status, code, field) => ({ status: [].concat(status), ...(code ? { code } : {}), ...(field ? { field } : {}) });

// ---- malformed HTTP, raw sockets ----
const raw = {
  'no HTTP version': ['GET /api/v1/health\r\n\r\n', [400]],
  'HTTP/1.1 without Host': ['GET /api/v1/health HTTP/1.1\r\n\r\n', [200, 400]],
  'header line without colon': ['GET /api/v1/health HTTP/1.1\r\nHost: x\r\nBadHeader\r\n\r\n', [400]],
  'unknown method': ['FOO /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n', [405, 400, 501]],
  'lower-case method': ['get /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n', [405, 400]],
  'TRACE': ['TRACE /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n', [405]],
  'CONNECT tunnel': ['CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: x\r\n\r\n', [405, 400]],
  'OPTIONS *': ['OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n', [405, 404, 400]],
  'NUL in the request line': ['GET /api/v1/he\x00alth HTTP/1.1\r\nHost: x\r\n\r\n', [400, 404]],
  'NUL in a header value': ['GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n', [200, 400]],
  'URI of 100 000 bytes': [`GET /api/v1/${'a'.repeat(100000)} HTTP/1.1\r\nHost: x\r\n\r\n`, [414, 431, 400]],
  'header of 100 000 bytes': [`GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100000)}\r\n\r\n`, [431, 400]],
  '5 000 headers': [`GET /api/v1/health HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 5000 }, (_, i) => `X-${i}: v\r\n`).join('')}\r\n`, [431, 400]],
  'cookie of 60 000 bytes': [`GET /api/v1/me HTTP/1.1\r\nHost: x\r\nCookie: zf_session=${'a'.repeat(60000)}\r\n\r\n`, [431, 400, 401]],
  'two Content-Lengths': ['POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}', [400]],
  'negative Content-Length': ['POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}', [400]],
  'Content-Length of 10^20': ['POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999\r\n\r\n{}', [413, 400]],
  'bad chunk size': ['POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n', [400]],
  'chunked and Content-Length (smuggling)': ['POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n2\r\n{}\r\n0\r\n\r\n', [400]],
  'unknown Transfer-Encoding': ['POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n{}', [400, 411, 415, 501]],
  'TLS ClientHello on the plain port': ['\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n', [400]],
  'empty request': ['\r\n\r\n', [400]],
  'percent sequence %zz': ['GET /api/v1/units/%zz HTTP/1.1\r\nHost: x\r\n\r\n', [400, 401, 404]],
  'encoded NUL %00 in the path': ['GET /api/v1/units/1%00 HTTP/1.1\r\nHost: x\r\n\r\n', [400, 401, 404]],
  'invalid UTF-8 in the path': ['GET /api/v1/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n', [400, 404]],
  'overlong UTF-8 slash in the path': ['GET /api/v1/units/\xc0\xaf HTTP/1.1\r\nHost: x\r\n\r\n', [400, 401, 404]],
  'obsolete header folding': ['GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-A: a\r\n folded\r\n\r\n', [200, 400]],
  'bare LF line ends': ['GET /api/v1/health HTTP/1.1\nHost: x\n\n', [200, 400]],
  'absolute URI to another host': ['GET http://evil.example/api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n', [200, 400, 404]],
  'HTTP/1.0 with no Host': ['GET /api/v1/health HTTP/1.0\r\n\r\n', [200]],
  'request line of spaces': ['   \r\n\r\n', [400]],
  'header name with space': ['GET /api/v1/health HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n', [200, 400]],
  'Expect: 100-continue with too big a body': ['POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 5000000\r\n\r\n', [413, 417]],
  'pipelined valid then garbage': ['GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n', [200]],
};
for (const [name, [req, status]] of Object.entries(raw)) add({ cat: 'http', name, raw: b64(req), expect: { status, close_ok: /TLS|empty|spaces|Transfer-Encoding/.test(name) } });
// Unsupported versions: libmicrohttpd answers 505 by itself (RFC 9110 §15.6.6).
add({ cat: 'http', name: 'HTTP/9.9', raw: b64('GET /api/v1/health HTTP/9.9\r\nHost: x\r\n\r\n'), expect: { status: [400, 505] } });
add({ cat: 'http', name: 'HTTP/2.0 in HTTP/1 framing', raw: b64('GET /api/v1/health HTTP/2.0\r\nHost: x\r\n\r\n'), expect: { status: [400, 505] } });

// ---- path traversal on static files ----
const trav = ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fetc%2fpasswd',
  '/..%5c..%5c..%5cetc%5cpasswd', '/%252e%252e/%252e%252e/etc/passwd', '/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd',
  '/....//....//....//etc/passwd', '/index.html%00.js', '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', '/assets/../../../../../proc/self/environ',
  '//etc/passwd', '/./././../etc/passwd', '/.git/config', '/assets/%2e%2e/%2e%2e/meson.build', '/%2fetc%2fpasswd'];
for (const p of trav) {
  add({ cat: 'traversal', name: `static ${p}`, raw: b64(`GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`), expect: { status: [200, 400, 403, 404], close_ok: false }, forbid_body: 'root:x:0' });
}
add({ cat: 'traversal', name: 'traversal out of the API prefix', method: 'GET', path: '/api/v1/../../etc/passwd', expect: { status: [200, 400, 404] }, forbid_body: 'root:x:0' });

// ---- strings: SQL injection, script injection, odd text ----
const INJECT = [
  "' OR '1'='1", "'; DROP TABLE units; --", '" OR ""="', '1; SELECT * FROM users', "admin'--",
  "') UNION SELECT username, password_hash FROM users --", '$1 ?1 :name @p', "%' AND 1=1 --", '\\x27 \\\\ \\"',
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', "{{constructor.constructor('alert(1)')()}}",
  '"><svg onload=alert(1)>', '${7*7} #{7*7} <%= 7*7 %>', '\u202eRTL override', '😀 emoji 𠮷', 'Ω≈ç√ ﷽ 𝕳', '%00%0d%0a',
];
const cut = (s, n) => Array.from(s).slice(0, n).join('');
INJECT.forEach((s, i) => {
  add({ cat: 'inject', name: `unit name: ${s}`, auth: 'admin', method: 'POST', path: '/api/v1/units', headers: JSONH,
    body: JSON.stringify({ parent_id: '@BUREAU@', code: `@UNIQ@${i}`, name: s, kind: 'office' }).replace('"@BUREAU@"', '@BUREAU@'),
    expect: { status: [201] }, echo: { get: '/api/v1/units/{id}', field: 'name', value: s } });
  add({ cat: 'inject', name: `unit code: ${s}`, auth: 'admin', method: 'POST', path: '/api/v1/units', headers: JSONH,
    body: JSON.stringify({ parent_id: '@BUREAU@', code: `${cut(s, 16)}@UNIQ@`, name: `代码测试${i}`, kind: 'office' }).replace('"@BUREAU@"', '@BUREAU@'),
    expect: { status: [201] }, echo: { get: '/api/v1/units/{id}', field: 'code', value: `${cut(s, 16)}@UNIQ@` } });
  add({ cat: 'inject', name: `unit kind: ${s}`, auth: 'admin', method: 'POST', path: '/api/v1/units', headers: JSONH,
    body: JSON.stringify({ parent_id: '@BUREAU@', code: `K@UNIQ@${i}`, name: '类型测试', kind: cut(s, 32) }).replace('"@BUREAU@"', '@BUREAU@'),
    expect: BAD(400, 'input.invalid', 'kind') });
  add({ cat: 'inject', name: `unit edit name: ${s}`, auth: 'admin', method: 'PATCH', path: '/api/v1/units/@UNIT_T@', headers: JSONH,
    body: JSON.stringify({ version: '@UNIT_T_VERSION@', name: s }).replace('"@UNIT_T_VERSION@"', '@UNIT_T_VERSION@'),
    expect: { status: [200] }, echo: { get: '/api/v1/units/@UNIT_T@', field: 'name', value: s } });
  add({ cat: 'inject', name: `user edit name: ${s}`, auth: 'admin', method: 'PATCH', path: '/api/v1/users/@USER_T@', headers: JSONH,
    body: JSON.stringify({ version: '@USER_T_VERSION@', name: s }).replace('"@USER_T_VERSION@"', '@USER_T_VERSION@'),
    expect: { status: [200] }, echo: { get: '/api/v1/users/@USER_T@', field: 'name', value: s } });
  add({ cat: 'inject', name: `user username: ${s}`, auth: 'admin', method: 'POST', path: '/api/v1/users', headers: JSONH,
    body: JSON.stringify({ username: cut(s, 32), name: '注入', role: 'officer', unit_id: '@BUREAU@', password: 'hostile-pass-2026' }).replace('"@BUREAU@"', '@BUREAU@'),
    expect: { status: [400, 409], field: 'username' } });
  add({ cat: 'inject', name: `user role: ${s}`, auth: 'admin', method: 'PATCH', path: '/api/v1/users/@USER_T@', headers: JSONH,
    body: JSON.stringify({ version: '@USER_T_VERSION@', role: cut(s, 32) }).replace('"@USER_T_VERSION@"', '@USER_T_VERSION@'),
    expect: BAD(400, 'input.invalid', 'role') });
  if (i % 2 === 0) {
    add({ cat: 'inject', name: `login username: ${s}`, method: 'POST', path: '/api/v1/auth/login', headers: JSONH,
      body: JSON.stringify({ username: cut(s, 32), password: 'x' }), expect: { status: [400, 401, 429] } });
  } else {
    add({ cat: 'inject', name: `login password: ${s}`, method: 'POST', path: '/api/v1/auth/login', headers: JSONH,
      body: JSON.stringify({ username: 'zhangwei', password: s }), expect: { status: [401, 429] } });
  }
});
// A new user whose name carries script: created once with its password hash.
add({ cat: 'inject', name: 'user create with script in the name', auth: 'admin', method: 'POST', path: '/api/v1/users', headers: JSONH,
  body: JSON.stringify({ username: 'u@UNIQ@', name: '<img src=x onerror=alert(1)>{{7*7}}', role: 'officer', unit_id: '@BUREAU@', password: 'hostile-pass-2026' }).replace('"@BUREAU@"', '@BUREAU@'),
  expect: { status: [201] }, echo: { get: '/api/v1/users/{id}', field: 'name', value: '<img src=x onerror=alert(1)>{{7*7}}' } });

// ---- bodies: bytes, encodings, control characters ----
const unitBody = (name) => `{"parent_id":@BUREAU@,"code":"B@UNIQ@","name":${name},"kind":"office"}`;
const bytesCases = {
  'invalid UTF-8 \\xff\\xfe': ['"\xff\xfe"', 'http.bad_json'],
  'overlong UTF-8 \\xc0\\xaf': ['"\xc0\xaf"', 'http.bad_json'],
  'overlong UTF-8 NUL \\xc0\\x80': ['"a\xc0\x80b"', 'http.bad_json'],
  'UTF-8 surrogate \\xed\\xa0\\x80': ['"\xed\xa0\x80"', 'http.bad_json'],
  'truncated UTF-8 \\xe4\\xb8': ['"\xe4\xb8"', 'http.bad_json'],
  'code point over U+10FFFF': ['"\xf4\x90\x80\x80"', 'http.bad_json'],
  'raw NUL byte in a string': ['"a\x00b"', 'http.bad_json'],
  'raw NUL byte after the JSON': ['"ok"}\x00{', 'http.bad_json'],
  'escaped NUL \\u0000': ['"a\\u0000b"', 'http.bad_json'],
  'lone surrogate \\ud800': ['"\\ud800"', 'http.bad_json'],
  'raw control character \\x01': ['"a\x01b"', 'http.bad_json'],
  'escaped control \\u0007': ['"a\\u0007b"', 'input.invalid'],
  'escaped DEL \\u007f': ['"a\\u007fb"', 'input.invalid'],
  'name of 65 characters': [JSON.stringify('长'.repeat(65)), 'input.invalid'],
  'name of 100 000 characters': [JSON.stringify('a'.repeat(100000)), 'input.invalid'],
  'empty name': ['""', 'input.invalid'],
};
for (const [name, [val, code]] of Object.entries(bytesCases)) {
  add({ cat: 'bytes', name, auth: 'admin', method: 'POST', path: '/api/v1/units', headers: JSONH, body_b64: b64(unitBody(val)),
    expect: { status: [400], code } });
}
// Tab and newline pass zf_utf8_valid_text (free text may hold line breaks):
// accepted, they must come back unchanged. C1 controls are refused.
for (const [name, val] of [['escaped newline', 'a\nb'], ['escaped tab', 'a\tb']]) {
  add({ cat: 'bytes', name, auth: 'admin', method: 'POST', path: '/api/v1/units', headers: JSONH, body: unitBody(JSON.stringify(val)),
    expect: { status: [201, 400] }, echo: { get: '/api/v1/units/{id}', field: 'name', value: val } });
}
for (const [name, val] of [['escaped C1 \\u0085', '"a\\u0085b"'], ['raw C1 U+009F', '"a\u009fb"']]) {
  add({ cat: 'bytes', name, auth: 'admin', method: 'POST', path: '/api/v1/units', headers: JSONH, body: unitBody(val),
    expect: BAD(400, 'input.invalid') });
}
add({ cat: 'bytes', name: 'UTF-16 body with BOM', auth: 'admin', method: 'POST', path: '/api/v1/units', headers: JSONH,
  body_b64: Buffer.from('\ufeff{"parent_id":1}', 'utf16le').toString('base64'), expect: BAD(400, 'http.bad_json') });
add({ cat: 'bytes', name: 'UTF-8 BOM before the JSON', auth: 'admin', method: 'POST', path: '/api/v1/units', headers: JSONH,
  body_b64: b64(`\xef\xbb\xbf${unitBody('"x"')}`), expect: BAD(400, 'http.bad_json') });
add({ cat: 'bytes', name: 'body over the 1 MiB limit', auth: 'admin', method: 'POST', path: '/api/v1/units', headers: JSONH,
  body: `{"name":"${'a'.repeat(1100000)}"}`, expect: BAD(413, 'http.body_too_large') });

// ---- numbers ----
const nums = {
  '2^63': ['9223372036854775808', 'http.bad_json'], '-2^63-1': ['-9223372036854775809', 'http.bad_json'],
  '1e400': ['1e400', 'http.bad_json'], '-1': ['-1', 'input.invalid'], '0': ['0', 'input.invalid'],
  '"12" (a string)': ['"12"', 'input.invalid'], '1.5': ['1.5', 'input.invalid'], '1e3': ['1e3', 'input.invalid'],
  'null': ['null', 'input.invalid'], 'true': ['true', 'input.invalid'], '[1]': ['[1]', 'input.invalid'],
  '{}': ['{}', 'input.invalid'], 'NaN': ['NaN', 'http.bad_json'], 'Infinity': ['Infinity', 'http.bad_json'],
  '0x10': ['0x10', 'http.bad_json'], '01': ['01', 'http.bad_json'], '+1': ['+1', 'http.bad_json'],
  '2^63-1 (no such unit)': ['9223372036854775807', 'input.invalid'], '-0': ['-0', 'input.invalid'],
};
for (const [name, [val, code]] of Object.entries(nums)) {
  add({ cat: 'numbers', name: `parent_id ${name}`, auth: 'admin', method: 'POST', path: '/api/v1/units', headers: JSONH,
    body: `{"parent_id":${val},"code":"N@UNIQ@","name":"数","kind":"office"}`, expect: BAD(400, code) });
}
for (const [name, val, st] of [['2^63', '9223372036854775808', 400], ['-1', '-1', 409], ['"3"', '"3"', 400], ['1e400', '1e400', 400], ['2^63-1', '9223372036854775807', 409], ['0.5', '0.5', 400]]) {
  add({ cat: 'numbers', name: `unit version ${name}`, auth: 'admin', method: 'PATCH', path: '/api/v1/units/@UNIT_T@', headers: JSONH,
    body: `{"version":${val},"name":"版本"}`, expect: { status: [st] } });
}
for (const [name, val] of [['"yes"', '"yes"'], ['1', '1'], ['"true"', '"true"']]) {
  add({ cat: 'types', name: `user active ${name}`, auth: 'admin', method: 'PATCH', path: '/api/v1/users/@USER_T@', headers: JSONH,
    body: `{"version":@USER_T_VERSION@,"active":${val}}`, expect: BAD(400, 'input.invalid', 'active') });
}
// null for an optional field means "leave unchanged" (input.c): not an error.
add({ cat: 'types', name: 'user active null', auth: 'admin', method: 'PATCH', path: '/api/v1/users/@USER_T@', headers: JSONH,
  body: '{"version":@USER_T_VERSION@,"active":null}', expect: { status: [200, 400] } });
for (const [name, val] of [['unit_id "2"', '"2"'], ['unit_id 2^63', '9223372036854775808'], ['unit_id -5', '-5']]) {
  add({ cat: 'numbers', name: `user ${name}`, auth: 'admin', method: 'PATCH', path: '/api/v1/users/@USER_T@', headers: JSONH,
    body: `{"version":@USER_T_VERSION@,"unit_id":${val}}`, expect: { status: [400] } });
}
// Path and query parameters.
for (const id of ['abc', '-1', '0', '9223372036854775808', '1e3', '1.0', '0x10', '%20', '1%2f2', '99999999999999999999999', '2;DROP', "1'"]) {
  add({ cat: 'params', name: `unit id ${id}`, auth: 'admin', method: 'GET', path: `/api/v1/units/${id}`, expect: { status: [400, 404] } });
}
for (const q of ['index=-1&tree_size=2', 'index=0&tree_size=9223372036854775808', 'index=abc&tree_size=1', 'index=5&tree_size=2', 'tree_size=2', 'index=0&tree_size=0', 'index=1e2&tree_size=200']) {
  add({ cat: 'params', name: `inclusion proof ?${q}`, method: 'GET', path: `/api/v1/log/proof/inclusion?${q}`, expect: { status: [400, 404] } });
}
for (const q of ['first=2&second=1', 'first=-1&second=2', 'first=1&second=99999999999999999999', 'first=x&second=y', 'first=0&second=1']) {
  add({ cat: 'params', name: `consistency proof ?${q}`, method: 'GET', path: `/api/v1/log/proof/consistency?${q}`, expect: { status: [400, 404] } });
}
for (const ix of ['-1', '9223372036854775807', 'x', '1.5']) {
  add({ cat: 'params', name: `log event ${ix}`, auth: 'admin', method: 'GET', path: `/api/v1/log/events/${ix}`, expect: { status: [400, 404] } });
}
add({ cat: 'params', name: 'history of an unknown type', auth: 'admin', method: 'GET', path: "/api/v1/objects/'%3BDROP/1/history", expect: { status: [400, 404] } });

// ---- wrong types and shapes ----
const shapes = {
  'body is an array': ['[]', 'http.bad_json'], 'body is a string': ['"x"', 'http.bad_json'], 'body is a number': ['1', 'http.bad_json'],
  'body is null': ['null', 'http.bad_json'], 'empty body': ['', 'http.bad_json'], 'truncated JSON': ['{"parent_id":1,', 'http.bad_json'],
  'trailing comma': ['{"parent_id":1,}', 'http.bad_json'], 'single quotes': ["{'parent_id':1}", 'http.bad_json'],
  'comment': ['{/*x*/"parent_id":1}', 'http.bad_json'], 'two objects': ['{}{}', 'http.bad_json'],
  'duplicated key': ['{"parent_id":@BUREAU@,"parent_id":@BUREAU@,"code":"D@UNIQ@","name":"重","kind":"office"}', 'http.bad_json'],
  'duplicated key, second differs': ['{"parent_id":@BUREAU@,"code":"D@UNIQ@","name":"a","name":"b","kind":"office"}', 'http.bad_json'],
  'unknown field': ['{"parent_id":@BUREAU@,"code":"U@UNIQ@","name":"未知","kind":"office","id":1}', 'input.unknown_field'],
  'unknown field __proto__': ['{"parent_id":@BUREAU@,"code":"U@UNIQ@","name":"原型","kind":"office","__proto__":{"admin":true}}', 'input.unknown_field'],
  'name is a number': ['{"parent_id":@BUREAU@,"code":"T@UNIQ@","name":123,"kind":"office"}', 'input.invalid'],
  'name is null': ['{"parent_id":@BUREAU@,"code":"T@UNIQ@","name":null,"kind":"office"}', 'input.invalid'],
  'name is an array': ['{"parent_id":@BUREAU@,"code":"T@UNIQ@","name":["a"],"kind":"office"}', 'input.invalid'],
  'name is an object': ['{"parent_id":@BUREAU@,"code":"T@UNIQ@","name":{"a":1},"kind":"office"}', 'input.invalid'],
  'kind is true': ['{"parent_id":@BUREAU@,"code":"T@UNIQ@","name":"t","kind":true}', 'input.invalid'],
  'required field missing': ['{"code":"T@UNIQ@","name":"t","kind":"office"}', 'input.invalid'],
  'deep nesting 100 000 arrays': ['['.repeat(100000) + ']'.repeat(100000), 'http.bad_json'],
  'deep nesting 100 000 objects': ['{"a":'.repeat(100000) + '1' + '}'.repeat(100000), 'http.bad_json'],
  'deep nesting inside a field': ['{"parent_id":@BUREAU@,"code":"T@UNIQ@","name":' + '['.repeat(5000) + ']'.repeat(5000) + ',"kind":"office"}', 'http.bad_json'],
  '10 000 keys': ['{' + Array.from({ length: 10000 }, (_, i) => `"k${i}":1`).join(',') + '}', 'input.unknown_field'],
};
for (const [name, [body, code]] of Object.entries(shapes)) {
  add({ cat: 'types', name, auth: 'admin', method: 'POST', path: '/api/v1/units', headers: JSONH, body,
    expect: { status: [400], code: [].concat(code) } });
}
for (const [name, body] of [['login username is a number', '{"username":1,"password":"x"}'], ['login password is null', '{"username":"admin","password":null}'],
  ['login with an extra field', '{"username":"admin","password":"x","role":"admin"}'], ['login body is an array', '[]'], ['login duplicated username', '{"username":"zhangwei","username":"admin","password":"zhifa2026"}']]) {
  add({ cat: 'types', name, method: 'POST', path: '/api/v1/auth/login', headers: JSONH, body, expect: { status: [400] } });
}

// ---- headers and the protocol of the API ----
add({ cat: 'headers', name: 'text/plain body on a JSON route', auth: 'admin', method: 'POST', path: '/api/v1/units', headers: { 'content-type': 'text/plain' }, body: '{}', expect: BAD(415, 'http.unsupported_media_type') });
add({ cat: 'headers', name: 'form body on the login', method: 'POST', path: '/api/v1/auth/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=admin&password=zhifa2026', expect: BAD(415, 'http.unsupported_media_type') });
add({ cat: 'headers', name: 'write without the CSRF token', auth: 'admin', csrf: false, method: 'POST', path: '/api/v1/units', headers: JSONH, body: '{}', expect: BAD(403, 'auth.csrf') });
add({ cat: 'headers', name: 'write with a wrong CSRF token', auth: 'admin', csrf: false, method: 'PATCH', path: '/api/v1/units/@UNIT_T@', headers: { ...JSONH, 'x-csrf-token': "' OR 1=1 --" }, body: '{"version":1}', expect: BAD(403, 'auth.csrf') });
add({ cat: 'headers', name: 'session cookie with SQL in it', method: 'GET', path: '/api/v1/me', headers: { cookie: "zf_session=' OR '1'='1" }, expect: BAD(401, 'auth.required') });
add({ cat: 'headers', name: 'session cookie of 8 000 bytes', method: 'GET', path: '/api/v1/me', headers: { cookie: `zf_session=${'f'.repeat(8000)}` }, expect: BAD(401, 'auth.required') });
add({ cat: 'headers', name: 'two session cookies', method: 'GET', path: '/api/v1/me', headers: { cookie: 'zf_session=a; zf_session=b' }, expect: BAD(401, 'auth.required') });
add({ cat: 'headers', name: 'unknown route under /api', method: 'GET', path: '/api/v1/<script>', expect: BAD(404, 'http.not_found') });
add({ cat: 'headers', name: 'DELETE on a unit', auth: 'admin', method: 'DELETE', path: '/api/v1/units/@UNIT_T@', expect: BAD(405, 'http.method_not_allowed') });
add({ cat: 'headers', name: 'PUT on the units', auth: 'admin', method: 'PUT', path: '/api/v1/units', headers: JSONH, body: '{}', expect: BAD(405, 'http.method_not_allowed') });
add({ cat: 'headers', name: 'township officer edits another township', auth: 'sunli', method: 'PATCH', path: '/api/v1/units/@UNIT_T@', headers: JSONH, body: '{"version":1,"name":"x"}', expect: { status: [403] } });

// ---- dates and fines: hooks for the modules to come ----
for (const d of ['2026-02-30', '2026-13-01', '2026-00-10', '2025-02-29', '26-01-01', '2026-1-1', '2026/01/01', '2026-01-01T00:00:00Z', '9999-99-99', '']) {
  add({ cat: 'dates', name: `case filing date ${d || '(empty)'}`, requires_route: 'POST /api/v1/cases', auth: 'zhangwei', method: 'POST', path: '/api/v1/cases', headers: JSONH,
    body: JSON.stringify({ filed_on: d }), expect: { status: [400], field: 'filed_on' } });
}
for (const f of ['-1', '9223372036854775808', '1.5', '"100"']) {
  add({ cat: 'numbers', name: `fine amount ${f}`, requires_route: 'POST /api/v1/cases', auth: 'zhangwei', method: 'POST', path: '/api/v1/cases', headers: JSONH,
    body: `{"fine_fen":${f}}`, expect: { status: [400] } });
}

// Long bodies are stored as parts [[text, times], …] so the file stays small.
function toParts(str) {
  const parts = [];
  let i = 0;
  while (i < str.length) {
    let best = null;
    for (let len = 1; len <= 8 && !best; len++) {
      const unit = str.slice(i, i + len);
      let k = 1;
      while (str.startsWith(unit, i + k * len)) k++;
      if (k * len >= 64) best = [unit, k];
    }
    if (best) { parts.push(best); i += best[0].length * best[1]; continue; }
    const last = parts[parts.length - 1];
    if (last && last[1] === 1) last[0] += str[i]; else parts.push([str[i], 1]);
    i++;
  }
  return parts;
}
for (const e of out) {
  if (e.body && e.body.length > 2000) { e.body_parts = toParts(e.body); delete e.body; }
  if (e.raw && e.raw.length > 2000) { e.raw_parts = toParts(Buffer.from(e.raw, 'base64').toString('latin1')); delete e.raw; }
}
fs.writeFileSync(path.join(__dirname, 'corpus.jsonl'), `${out.map((e) => JSON.stringify(e)).join('\n')}\n`);
console.log(`${out.length} entries`);
