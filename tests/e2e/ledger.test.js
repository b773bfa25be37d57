// Triggered inspections in a real browser (issue 6, last gaps): the township
// officer opens one of her enterprises, records an inspection caused by a
// complaint (登记检查, source 投诉举报) in the burden panel, and sees it
// listed there with its source and reason; the enterprise form carries the
// group code, and an officer without plan.write has no 登记检查.
//
//   npm run build:web && ZHIFA_BIN=build-credit/zhifa node --test tests/e2e/ledger.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startAll, stopAll, openPage, loginUi } = require('./helpers.js');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });

test('E2E-LEDGER-01 登记检查 with source 投诉举报 appears in the burden panel', async () => {
  const t = await openPage(env);
  try {
    await loginUi(t, 'sunli');
    const { page } = t;
    await page.goto(t.url('/enterprises'));
    await page.getByTestId('enterprises-page').waitFor();
    await page.getByRole('button', { name: '编辑' }).first().click();
    await page.getByTestId('ent-dialog').waitFor();
    await page.getByTestId('ent-f-group').waitFor();
    const panel = page.getByTestId('ent-burden');
    await panel.waitFor();
    const before = await panel.getByTestId('burden-entry').count();
    await panel.getByTestId('burden-add').click();
    const dialog = page.getByTestId('burden-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('burden-f-source').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '投诉举报' }).click();
    await dialog.getByTestId('burden-f-note').fill('浏览器测试：群众投诉夜间施工');
    await dialog.getByTestId('burden-f-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await panel.getByText('浏览器测试：群众投诉夜间施工').waitFor();
    const entries = panel.getByTestId('burden-entry');
    assert.equal(await entries.count(), before + 1);
    const row = await entries.filter({ hasText: '浏览器测试' }).innerText();
    assert.match(row, /史河街道 · 投诉举报 · 计划中（不计入）/);
    assert.match(await panel.innerText(), /触发检查 \d+ 次/);
    t.check();
  } finally {
    await t.close();
  }
});

test('E2E-LEDGER-02 an officer without plan.write sees the burden but has no 登记检查', async () => {
  const t = await openPage(env);
  try {
    await loginUi(t, 'zhangwei'); // officer: enterprise.write, not plan.write (core/perm.c)
    const { page } = t;
    await page.goto(t.url('/enterprises'));
    await page.getByTestId('enterprises-page').waitFor();
    await page.getByRole('button', { name: '编辑' }).first().click();
    const panel = page.getByTestId('ent-burden');
    await panel.waitFor();
    assert.match(await panel.innerText(), /年检查负担/);
    assert.equal(await panel.getByTestId('burden-add').count(), 0);
    t.check();
  } finally {
    await t.close();
  }
});
