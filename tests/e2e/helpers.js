// Shared set-up for the browser tests: one real zhifa server (fresh SQLite
// database with the demo district) serving the built web app, one headless
// Debian Chromium driven by playwright-core, and a page wrapper that fails
// the test on any browser console error, page error or alert dialog.
//
// Never `npx playwright install`: the browser is /usr/bin/chromium
// (apt-get install -y chromium). CHROMIUM_PATH overrides it.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { chromium } = require('playwright-core');
const { startServer, ROOT, DEMO_PASSWORD } = require('../lib/server.js');

const DIST = path.join(ROOT, 'web', 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// Builds web/dist when it is missing, so `node --test tests/e2e/` works on
// a fresh checkout after `npm ci`.
function ensureBuilt() {
  if (fs.existsSync(path.join(DIST, 'index.html'))) return;
  const vite = path.join(ROOT, 'node_modules', '.bin', 'vite');
  execFileSync(vite, ['build', '--config', path.join(ROOT, 'web', 'vite.config.js')], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function startAll() {
  ensureBuilt();
  const srv = await startServer({ args: ['--static', DIST] });
  let browser;
  try {
    // launch() runs Chromium with a fresh temporary profile (user data dir)
    // that Playwright deletes when the browser closes.
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  } catch (err) {
    await srv.stop();
    throw err;
  }
  return { srv, browser };
}

async function stopAll(env) {
  if (!env) return;
  await env.browser?.close();
  await env.srv?.stop();
}

// A fresh browser context (own cookies) and page. `expect` lists the failed
// HTTP answers the test provokes on purpose, as { status, path } pairs;
// Chromium logs every 4xx/5xx answer as a console error and any other such
// message fails the test in `check()`. `offline`: the test cuts the
// connection on purpose, so the requests that fail for it are no problem.
// `contextOptions` go to browser.newContext (e.g. serviceWorkers: 'block').
async function openPage(env, { expect = [], viewport = { width: 1366, height: 800 }, offline = false, contextOptions = {} } = {}) {
  const context = await env.browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...contextOptions });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  const problems = [];
  const dialogs = [];
  const failedResponses = [];
  const requests = [];

  page.on('request', (req) => requests.push(`${req.method()} ${new URL(req.url()).pathname}`));
  page.on('response', (res) => {
    if (res.status() >= 400) failedResponses.push({ status: res.status(), path: new URL(res.url()).pathname });
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (offline && /ERR_INTERNET_DISCONNECTED|net::ERR_FAILED|Failed to fetch/.test(text)) return;
    const m = text.match(/status of (\d{3})/);
    if (m) {
      const url = msg.location()?.url;
      const p = url ? new URL(url).pathname : '';
      const expected = expect.some((e) => e.status === Number(m[1]) && (!p || e.path === p));
      if (expected) return;
    }
    problems.push(`console error: ${text} ${msg.location()?.url || ''}`);
  });

  return {
    page,
    context,
    dialogs,
    requests,
    failedResponses,
    problems,
    url: (p) => env.srv.url + p,
    // Every failed answer must be one the test expects, and nothing else
    // may have gone wrong in the browser.
    check() {
      const unexpected = failedResponses.filter(
        (r) => !expect.some((e) => e.status === r.status && e.path === r.path),
      );
      const all = [
        ...problems,
        ...dialogs.map((d) => `dialog: ${d}`),
        ...unexpected.map((r) => `unexpected HTTP ${r.status} for ${r.path}`),
      ];
      if (all.length) throw new Error(`browser problems:\n${all.join('\n')}`);
    },
    close: () => context.close(),
  };
}

// The <input> of an Element Plus field: ElInput puts data-testid on the
// <input> itself, wrappers such as ElInputNumber on their outer element.
function field(page, testId) {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

// Logs in through the login form and waits for the layout.
async function loginUi(t, username, password = DEMO_PASSWORD) {
  const { page } = t;
  await page.goto(t.url('/login'));
  await field(page, 'login-username').fill(username);
  await field(page, 'login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('layout').waitFor();
  await page.getByTestId('user-name').waitFor();
}

// Runs body(t) on a fresh page of env's browser, then fails the test on
// anything the browser saw that the test did not expect (see openPage).
async function withPage(env, options, body) {
  const t = await openPage(env, options);
  try {
    await body(t);
    t.check();
  } catch (e) {
    // What the page showed when the test failed: the few lines CI keeps of
    // a run should say more than "timeout" (URL, failed answers, browser
    // errors, the start of the page's text; a screenshot in the temp dir).
    try {
      const shot = path.join(os.tmpdir(), `zhifa-e2e-fail-${process.pid}-${Date.now()}.png`);
      await t.page.screenshot({ path: shot, fullPage: true, timeout: 5000 });
      const text = (await t.page.locator('body').innerText({ timeout: 2000 })).replace(/\s+/g, ' ').slice(0, 400);
      e.message += `\n  at ${t.page.url()} (screenshot ${shot})` +
        `\n  failed answers: ${JSON.stringify(t.failedResponses.slice(-5))}` +
        `\n  browser problems: ${JSON.stringify(t.problems ? t.problems.slice(-5) : [])}` +
        `\n  page text: ${text}`;
    } catch { /* the page itself may be gone */ }
    throw e;
  } finally {
    await t.close();
  }
}

// Opens a group of the side menu and clicks one of its entries. The entry
// is clicked only once the group's opening animation has ended and the
// entry is what a click at its centre would hit: under load Playwright's
// own stability check was fooled by the sliding group, and the click
// landed on another entry or none (E2E-DL-01 and DOC-E05 stayed on the
// home page, the mouse over 裁量计算器).
async function clickMenu(page, groupId, itemId) {
  const item = page.getByTestId(itemId);
  if (!(await item.isVisible())) await page.getByTestId(groupId).click();
  await item.waitFor();
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    if (!el) return false;
    const group = el.closest('ul');
    if (group && (group.style.overflow === 'hidden' || group.style.height)) return false;
    el.scrollIntoView({ block: 'nearest' }); // a long menu: the entry may be below the fold
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return !!hit && el.contains(hit);
  }, itemId, { timeout: 15000 });
  await item.click();
}

module.exports = { startAll, stopAll, openPage, withPage, loginUi, field, clickMenu, DIST, CHROMIUM };
