// The zhifa command line and the server's life cycle: --help everywhere,
// usage errors, init and demo run twice, request logging, and a clean stop
// on SIGTERM that lets an in-flight request finish.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, client, runStatus } = require('../lib/server');

function freshEnv() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-cli-'));
  return { dir, env: { ...process.env, ZHIFA_DB: `sqlite:${path.join(dir, 'zhifa.db')}`, ZHIFA_DATA_DIR: dir } };
}

test('every subcommand answers --help with its usage and exit 0', () => {
  for (const args of [['--help'], ['serve', '--help'], ['init', '--help'], ['demo', '--help'], ['audit', '--help'], ['audit', 'verify', '--help']]) {
    const r = runStatus(args);
    assert.equal(r.status, 0, `zhifa ${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stdout, /用法: zhifa/, `zhifa ${args.join(' ')} printed no usage`);
  }
});

test('usage errors exit 2 and say what is wrong', () => {
  const { env } = freshEnv();
  let r = runStatus(['frobnicate'], { env });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /未知命令“frobnicate”/);
  r = runStatus(['serve', '--listen', 'nonsense'], { env });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--listen 应为 地址:端口/);
  r = runStatus(['serve', '--threads', 'many'], { env });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--threads/);
  r = runStatus(['init', '--db', 'mysql://x'], { env });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /不支持的数据库地址/);
});

test('init is idempotent and demo refuses a database that has data', () => {
  const { dir, env } = freshEnv();
  let r = runStatus(['init'], { env });
  assert.equal(r.status, 0, r.stderr);
  const key = fs.readFileSync(path.join(dir, 'log-signing.key'), 'utf8');
  assert.equal((fs.statSync(path.join(dir, 'log-signing.key')).mode & 0o777), 0o600);
  r = runStatus(['init'], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(fs.readFileSync(path.join(dir, 'log-signing.key'), 'utf8'), key, 'init replaced the key');
  r = runStatus(['demo'], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /zhangwei/);
  // The demo's event count grows with every module's demo data (issue 4:
  // officers, training, posts, equipment); the refused second run adds none.
  const afterDemo = JSON.parse(runStatus(['audit', 'verify'], { env }).stdout).events;
  assert.ok(afterDemo >= 23, `${afterDemo} events`);
  r = runStatus(['demo'], { env });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /只能载入空数据库/);
  r = runStatus(['audit', 'verify'], { env });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  // system.init + 12 units + 10 users, nothing written twice
  assert.deepEqual(report, { ok: true, events: afterDemo, checkpoints: 0 });
});

test('serve refuses to start without a signing key', () => {
  const { env } = freshEnv();
  const r = runStatus(['serve', '--listen', '127.0.0.1:0'], { env });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /zhifa init/);
});

test('one log line per request; SIGTERM lets an in-flight login finish and signs the log', async () => {
  // argon2id makes a login take tens of milliseconds: stop the server while
  // it runs. On a loaded machine the SIGTERM 15 ms later can come before the
  // server has read the request at all (then the connection is refused or
  // closed unread and no log line names the login): that try says nothing,
  // and the scenario runs again. A login the server logged but the client did
  // not get is the failure this test is for.
  let srv, login;
  for (let attempt = 1; ; attempt++) {
    srv = await startServer();
    const c = client(srv.url);
    assert.equal((await c.get('/api/v1/health')).status, 200);
    const pending = c.login('zhangwei').catch((e) => e);
    await new Promise((r) => setTimeout(r, 15));
    const code = await srv.stop();
    login = await pending;
    assert.equal(code, 0, `exit ${code}\n${srv.stderr()}`);
    const reached = /path=\/api\/v1\/auth\/login status=/.test(srv.stderr());
    if (login instanceof Error) {
      assert.ok(!reached, `the server answered the login but the client got ${login.message}\n${srv.stderr()}`);
      assert.ok(attempt < 8, `the login never reached the server in ${attempt} tries`);
      continue;
    }
    break;
  }
  assert.equal(login.status, 200, `in-flight login got ${login.status}`);
  assert.match(srv.stderr(), /method=GET path=\/api\/v1\/health status=200 dur_ms=[0-9.]+/);
  assert.match(srv.stderr(), /msg="stopped"/);
  const r = runStatus(['audit', 'verify'], { env: srv.env });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.ok, true);
  assert.ok(report.checkpoints >= 1, 'no checkpoint was signed at shutdown');
});
