// Starts a real `zhifa serve` on a free loopback port with a fresh SQLite
// database (init + demo), for API and browser tests.
//
//   const srv = await startServer();            // { url, dir, db, bin, stop() }
//   const c = client(srv.url);                  // cookie-keeping fetch wrapper
//   await c.login('admin');                     // demo password
//
// ZHIFA_BIN selects the binary (make test points it at the sanitizer build).
// ZHIFA_TEST_PG (a base URL such as postgresql://postgres@127.0.0.1:PORT/,
// from scripts/pg.sh) puts each server on a fresh PostgreSQL database
// instead (zhifa_t_<random>, dropped when the test process exits);
// options.db names a database URL to use as it is (several servers on one).
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = process.env.ZHIFA_BIN || path.join(ROOT, 'build', 'zhifa');
const DEMO_PASSWORD = 'zhifa2026';

const PG_BASE = process.env.ZHIFA_TEST_PG || '';
const pgDatabases = [];

function psql(dbUrl, sql) {
  return execFileSync('psql', [dbUrl, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// A fresh, empty PostgreSQL database on the test cluster; returns its URL.
function createPgDatabase() {
  const name = `zhifa_t_${crypto.randomBytes(6).toString('hex')}`;
  psql(`${PG_BASE}postgres`, `CREATE DATABASE ${name}`);
  pgDatabases.push(name);
  return `${PG_BASE}${name}`;
}

process.on('exit', () => {
  for (const name of pgDatabases) {
    try { psql(`${PG_BASE}postgres`, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); } catch { /* cluster gone */ }
  }
});

function run(args, opts = {}) {
  return execFileSync(BIN, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

// Returns { status, stdout, stderr } without throwing on a non-zero exit.
function runStatus(args, opts = {}) {
  try {
    const stdout = run(args, opts);
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: String(e.stdout || ''), stderr: String(e.stderr || '') };
  }
}

async function startServer(options = {}) {
  const dir = options.dir || fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-test-'));
  let db = options.db || `sqlite:${path.join(dir, 'zhifa.db')}`;
  if (!options.db && PG_BASE) {
    // the same database again when a test restarts a server on its folder
    const marker = path.join(dir, 'pg-database-url');
    if (options.reuse && fs.existsSync(marker)) db = fs.readFileSync(marker, 'utf8').trim();
    else { db = createPgDatabase(); fs.writeFileSync(marker, db); }
  }
  const env = { ...process.env, ZHIFA_DB: db, ZHIFA_DATA_DIR: dir, ...(options.env || {}) };
  if (!options.reuse) {
    run(['init'], { env });
    if (options.demo !== false) run(['demo'], { env });
  }
  const args = ['serve', '--listen', '127.0.0.1:0', ...(options.args || [])];
  const child = spawn(BIN, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`zhifa did not start:\n${stderr}`)), 15000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[0-9.]+:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`zhifa exited ${code}:\n${stderr}`)); });
  });
  const srv = {
    url, dir, db, env, bin: BIN, child,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const done = new Promise((r) => child.on('exit', (code, sig) => r(code ?? sig)));
      child.kill('SIGTERM');
      const code = await done;
      // A sanitizer report fails the test that owns the server.
      if (/ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:/.test(stderr)) {
        throw new Error(`sanitizer report from zhifa:\n${stderr}`);
      }
      return code;
    },
  };
  return srv;
}

// A tiny cookie-keeping client. Every call returns { status, headers, body, text }.
function client(base) {
  let cookie = '';
  let csrf = '';
  async function request(method, p, body, extraHeaders = {}) {
    const headers = { ...extraHeaders };
    if (cookie) headers.cookie = cookie;
    if (csrf && method !== 'GET' && !('x-csrf-token' in headers)) headers['x-csrf-token'] = csrf;
    let payload;
    if (body !== undefined) {
      payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
      if (!('content-type' in headers)) headers['content-type'] = 'application/json';
    }
    const res = await fetch(base + p, { method, headers, body: payload, redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = setCookie.match(/zf_session=([^;]*)/);
      if (m) cookie = m[1] ? `zf_session=${m[1]}` : '';
    }
    const text = await res.text();
    let json;
    try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
    return { status: res.status, headers: res.headers, body: json, text };
  }
  return {
    request,
    get: (p, h) => request('GET', p, undefined, h),
    post: (p, b, h) => request('POST', p, b, h),
    patch: (p, b, h) => request('PATCH', p, b, h),
    del: (p, h) => request('DELETE', p, undefined, h),
    async login(username, password = DEMO_PASSWORD) {
      const r = await request('POST', '/api/v1/auth/login', { username, password });
      if (r.status === 200) csrf = r.body.csrf_token;
      return r;
    },
    get csrf() { return csrf; },
    set csrf(v) { csrf = v; },
    get cookie() { return cookie; },
    set cookie(v) { cookie = v; },
  };
}

module.exports = {
  startServer, client, run, runStatus, BIN, ROOT, DEMO_PASSWORD,
  PG_BASE, createPgDatabase, psql, backend: PG_BASE ? 'postgresql' : 'sqlite',
};
