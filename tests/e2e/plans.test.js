// Browser tests of the annual plans (issue 6, part A) against a real server
// with the demo district: the section head generates the brigade's 2027 plan
// from the menu and submits it, the load table shows the brigade's officers;
// the bureau leader approves it; the demo's approved 2026 plan shows its
// progress, overdue list and a joint-inspection proposal with 史河街道.
//
//   npm run build:web && ZHIFA_BIN=build-plans/zhifa node --test tests/e2e/plans.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startAll, stopAll, openPage, loginUi, field, clickMenu } = require('./helpers.js');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });

test('section head generates and submits, the load table shows the officers, the leader approves', async () => {
  const t = await openPage(env);
  let planUrl;
  try {
    await loginUi(t, 'chenjie');
    const { page } = t;
    await clickMenu(page, 'menu-plans', 'menu-plans-annual');
    await page.getByTestId('plans-page').waitFor();
    // the demo's 2026 plans are listed
    await page.getByTestId('plans-table').getByText('史河街道').waitFor();
    await page.getByTestId('plan-generate-open').click();
    const dialog = page.getByTestId('plan-generate-dialog');
    await dialog.waitFor();
    const year = field(page, 'plan-year');
    await year.fill('2027');
    await year.press('Tab');
    await page.getByTestId('plan-generate').click();
    await page.getByTestId('plan-detail').waitFor();
    assert.match(await page.getByTestId('plan-status').innerText(), /草稿/);
    assert.match(await page.getByTestId('plan-detail').innerText(), /2027 年度监督检查计划/);
    planUrl = new URL(page.url()).pathname;
    // over-cap warning and list (red key enterprises: cycle 3 months, cap 2)
    await page.getByTestId('plan-over-cap').waitFor();
    // the load table: officers of the brigade with their monthly load
    await page.getByRole('tab', { name: '人员负荷' }).click();
    const load = page.getByTestId('plan-load');
    await load.getByText('张伟').waitFor();
    await load.getByText('李强').waitFor();
    assert.equal(await load.locator('.over').count(), 0, 'nobody over capacity');
    await page.screenshot({ path: '/tmp/zhifa-plan-load.png', fullPage: true });
    await page.getByTestId('plan-submit').click();
    await page.getByTestId('plan-status').getByText('已报批').waitFor();
    t.check();
  } finally {
    await t.close();
  }
  const l = await openPage(env);
  try {
    await loginUi(l, 'liuyang');
    const { page } = l;
    await page.goto(l.url(planUrl));
    await page.getByTestId('plan-approve').click();
    await page.getByTestId('plan-status').getByText('已批准').waitFor();
    l.check();
  } finally {
    await l.close();
  }
});

test('the demo plan: progress, overdue inspections and a joint-inspection proposal', async () => {
  const t = await openPage(env);
  try {
    await loginUi(t, 'chenjie');
    const { page } = t;
    await page.goto(t.url('/plans/annual'));
    await page.getByTestId('plans-table').locator('tr', { hasText: '2026' }).filter({ hasText: '执法大队' }).first().click();
    await page.getByTestId('plan-detail').waitFor();
    assert.match(await page.getByTestId('plan-status').innerText(), /已批准/);
    await page.getByRole('tab', { name: '执行进度' }).click();
    await page.getByTestId('plan-progress').waitFor();
    assert.match(await page.getByTestId('plan-coverage').innerText(), /\d+\.\d%/);
    const overdue = page.getByTestId('plan-overdue');
    await overdue.locator('tbody tr').first().waitFor();
    assert.ok(await overdue.locator('tbody tr').count() > 0);
    await page.getByRole('tab', { name: /联合检查/ }).click();
    const joint = page.getByTestId('plan-joint');
    await joint.getByText('史河街道').first().waitFor();
    await page.screenshot({ path: '/tmp/zhifa-plan-joint.png', fullPage: true });
    t.check();
  } finally {
    await t.close();
  }
});

test('the enterprise dialog shows the yearly inspection burden against the cap', async () => {
  const t = await openPage(env);
  try {
    await loginUi(t, 'chenjie');
    const { page } = t;
    await page.goto(t.url('/enterprises'));
    await page.getByRole('button', { name: '编辑' }).first().click();
    await page.getByTestId('ent-dialog').waitFor();
    const panel = page.getByTestId('ent-burden');
    await panel.waitFor();
    assert.match(await panel.innerText(), /年检查负担：\s*已计入 \d+ 次 \/ 上限 2 次/);
    t.check();
  } finally {
    await t.close();
  }
});
