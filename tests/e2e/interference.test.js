// Browser tests of the interference register (issue 11, R31): an officer
// records through the menu and the form (he has no report tab and cannot
// read the register); the discipline user (xuming, 纪检监察) runs the report
// for the period and finds the officer's record in the counts and the list.
//
//   npm run build:web && ZHIFA_BIN=build-tok/zhifa node --test tests/e2e/interference.test.js
//
// Screenshots: /tmp/zhifa-interference-form.png, /tmp/zhifa-interference-report.png.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startAll, stopAll, loginUi, field, withPage: withPageIn } = require('./helpers.js');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });

const withPage = (options, body) => withPageIn(env, options, body);
const UNIT = `浏览器测试单位${process.pid}`;

test('E2E-IF-01 an officer records an interference through the form', async () => {
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhangwei');
    await page.getByTestId('menu-interference').click();
    await page.getByTestId('interference-page').waitFor();
    // the officer records but does not read: no report tab
    assert.equal(await page.getByText('记录与报表').count(), 0);
    // an empty form is stopped in the browser first
    await page.getByTestId('if-submit').click();
    await page.getByText('请填写干预人姓名').waitFor();
    await field(page, 'if-name').fill('赵某');
    await field(page, 'if-post').fill('副主任');
    await field(page, 'if-unit').fill(UNIT);
    await page.getByTestId('if-method').click();
    await page.locator('.el-select-dropdown__item', { hasText: '批条、便签' }).first().click();
    await page.locator('textarea[data-testid="if-request"], [data-testid="if-request"] textarea').first().fill('递条子要求对某企业免予处罚');
    await field(page, 'if-matter').fill('某企业粉尘涉爆隐患案');
    await page.getByTestId('if-submit').click();
    await page.getByTestId('if-saved').waitFor();
    assert.match(await page.getByTestId('if-saved').innerText(), /已登记第 \d+ 号记录/);
    await page.screenshot({ path: '/tmp/zhifa-interference-form.png', fullPage: true });
    // what went over the wire: one POST, no read of the register
    assert.ok(t.requests.includes('POST /api/v1/interference'));
    assert.ok(!t.requests.some((r) => r.startsWith('GET /api/v1/interference')));
  });
});

test('E2E-IF-02 the discipline user sees the record in the report for the period', async () => {
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'xuming');
    // 纪检监察 sees its corner only: no case, inspection or admin entries
    for (const id of ['menu-cases', 'menu-inspections', 'menu-enterprises', 'menu-admin']) {
      assert.equal(await page.getByTestId(id).count(), 0, `${id} shown to the discipline role`);
    }
    await page.getByTestId('menu-interference').click();
    await page.getByTestId('interference-page').waitFor();
    await page.getByTestId('if-report').waitFor();
    // the period: this year up to today, which holds E2E-IF-01's record
    const unitRow = page.getByTestId('if-by-unit').locator('tr', { hasText: UNIT });
    await unitRow.waitFor();
    assert.match(await unitRow.innerText(), /\b1\b/);
    const items = page.getByTestId('if-items');
    assert.match(await items.innerText(), /递条子要求对某企业免予处罚/);
    assert.match(await items.innerText(), /张伟/);
    assert.match(await page.getByTestId('if-by-method').innerText(), /批条、便签/);
    const total = Number(await page.getByTestId('if-total').innerText());
    assert.ok(total >= 1);
    // a period before the record: it is not counted
    const dates = page.getByTestId('if-period').locator('input');
    await dates.nth(0).fill('2025-01-01');
    await dates.nth(0).press('Enter');
    await dates.nth(1).fill('2025-01-31');
    await dates.nth(1).press('Enter');
    await page.getByTestId('if-run').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="if-report"]')?.innerText.includes('浏览器测试单位'));
    assert.equal(await page.getByTestId('if-total').innerText(), '0');
    await page.screenshot({ path: '/tmp/zhifa-interference-report.png', fullPage: true });
  });
});
