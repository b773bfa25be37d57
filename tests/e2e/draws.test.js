// Browser tests of the double-random draws (issue 6, part B) against a real
// server with the demo district: a section head freezes a draw from the
// menu, the bureau leader enters the witness value in the browser, and the
// public page (no login) shows the result and the record to verify, which
// `zhifa draw verify` accepts; the public rules page; a phone-sized public
// page.
//
//   npm run build:web && ZHIFA_BIN=build-draws/zhifa node --test tests/e2e/draws.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startAll, stopAll, openPage, loginUi, field, clickMenu } = require('./helpers.js');
const { runStatus } = require('../lib/server');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });

test('section head freezes, the leader witnesses, the public page shows the result and the record verifies', async () => {
  let drawPath;
  const t = await openPage(env);
  try {
    await loginUi(t, 'chenjie');
    const { page } = t;
    await clickMenu(page, 'menu-plans', 'menu-plans-draws');
    await page.getByTestId('draws-page').waitFor();
    // the demo's draws are listed
    await page.getByTestId('draws-table').getByText('史河街道').first().waitFor();
    await page.getByTestId('draw-create-open').click();
    await page.getByTestId('draw-create-dialog').waitFor();
    // the live preview of the pool
    await page.getByTestId('preview-pool').waitFor();
    const pool = Number(await page.getByTestId('preview-pool').innerText());
    assert.ok(pool > 50, `pool ${pool}`);
    await field(page, 'draw-title').fill('浏览器测试抽查');
    const ratio = field(page, 'draw-ratio');
    await ratio.fill('40');
    await ratio.press('Tab');
    await page.waitForFunction(
      (want) => document.querySelector('[data-testid="preview-target"]')?.textContent === String(want),
      Math.ceil((pool * 40) / 1000),
    );
    await page.getByTestId('draw-create').click();
    await page.getByTestId('draw-page').waitFor();
    drawPath = new URL(page.url()).pathname;
    assert.match(drawPath, /^\/plans\/draws\/\d+$/);
    assert.match(await page.getByTestId('draw-status').innerText(), /已冻结/);
    assert.match(await page.getByTestId('draw-commitment').innerText(), /^[0-9a-f]{64}$/);
    assert.match(await page.getByTestId('draw-secret').innerText(), /抽取后公开/);
    // the creator gets no witness box
    await page.getByTestId('witness-wait').waitFor();
    assert.equal(await page.getByTestId('witness-box').count(), 0);
    t.check();
  } finally {
    await t.close();
  }

  const l = await openPage(env);
  try {
    await loginUi(l, 'liuyang');
    const { page } = l;
    await page.goto(l.url(drawPath));
    await page.getByTestId('witness-box').waitFor();
    await field(page, 'witness-input').fill('局长见证 浏览器 42');
    await page.getByTestId('witness-submit').click();
    await page.getByTestId('draw-result').waitFor();
    assert.match(await page.getByTestId('draw-status').innerText(), /已抽取/);
    assert.match(await page.getByTestId('draw-secret').innerText(), /^[0-9a-f]{64}$/);
    const rows = await page.getByTestId('draw-result').locator('tbody tr').count();
    assert.ok(rows >= 2, `${rows} rows`);
    await page.screenshot({ path: '/tmp/zhifa-draw-result.png', fullPage: true });
    l.check();
  } finally {
    await l.close();
  }

  // the public page, without login, on a phone-sized screen
  const id = drawPath.split('/').pop();
  const p = await openPage(env, { viewport: { width: 390, height: 844 } });
  try {
    const { page } = p;
    await page.goto(p.url(`/public/draws/${id}`));
    await page.getByTestId('public-layout').getByText('叶集区应急管理局 · 执法公示').waitFor();
    await page.getByTestId('draw-result').waitFor();
    const text = await page.getByTestId('draw-record').innerText();
    assert.match(text, /局长见证 浏览器 42/);
    assert.match(text, /已抽取/);
    // who froze and who witnessed are not on the public page (officers drawn
    // are, by name and certificate number)
    assert.ok(!/发起人|见证人：/.test(await page.getByTestId('public-draw').innerText()));
    const link = page.getByTestId('draw-record-link');
    const href = await link.getAttribute('href');
    assert.equal(href, `/api/v1/public/draws/${id}/record`);
    const res = await page.request.get(p.url(href));
    assert.equal(res.status(), 200);
    const file = path.join(env.srv.dir, `browser-record-${id}.json`);
    fs.writeFileSync(file, await res.body());
    const v = runStatus(['draw', 'verify', file]);
    assert.equal(v.status, 0, v.stdout);
    await page.screenshot({ path: '/tmp/zhifa-public-draw.png', fullPage: true });
    // the list and the rules
    await page.goto(p.url('/public/draws'));
    await page.getByTestId('public-draws').getByText('浏览器测试抽查').waitFor();
    await page.goto(p.url('/public/draw-rules'));
    await page.getByTestId('public-rules').getByText('执法检查人员名录库').waitFor();
    p.check();
  } finally {
    await p.close();
  }
});
