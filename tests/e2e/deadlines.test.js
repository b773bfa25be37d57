// Browser tests of the deadline calculator and the working-day calendar
// (issue 8): an officer computes a hearing-request deadline across the 2026
// National Day holiday through the menu and sees the right date and the
// working days counted; the surcharge calculator on the same page; the
// admin's calendar year view and an import refused with every bad line.
//
//   npm run build:web && ZHIFA_BIN=build-dl/zhifa node --test tests/e2e/deadlines.test.js
//
// Screenshots: /tmp/zhifa-deadlines.png, /tmp/zhifa-calendar.png.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startAll, stopAll, loginUi, field, withPage: withPageIn, clickMenu } = require('./helpers.js');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });

const withPage = (options, body) => withPageIn(env, options, body);

test('E2E-DL-01 officer computes a hearing-request deadline across the National Day holiday', async () => {
  await withPage({ expect: [{ status: 422, path: '/api/v1/deadlines/compute' }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhangwei');
    await clickMenu(page, 'menu-catalogue', 'menu-catalogue-deadlines');
    await page.getByTestId('deadlines-page').waitFor();
    // the rule dropdown shows the rule with its source
    await page.getByTestId('dl-rule').click();
    await page.locator('.el-select-dropdown__item', { hasText: '听证申请期限' }).first().click();
    assert.match(await page.getByTestId('dl-source').innerText(), /行政处罚法 第64条.*第85条/);
    await field(page, 'dl-from').fill('2026-09-29');
    await page.getByTestId('dl-compute').click();
    await page.getByTestId('dl-result').waitFor();
    // 09-30, then 10-01..10-07 rest, 10-08, 10-09, 10-10 (working Saturday), 10-12
    assert.equal(await page.getByTestId('dl-due').innerText(), '2026-10-12');
    const counted = await page.getByTestId('dl-counted').innerText();
    for (const d of ['2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12']) assert.ok(counted.includes(d), d);
    assert.ok(!counted.includes('2026-10-01'));
    // into a year without a calendar: flagged, no date shown
    await field(page, 'dl-from').fill('2026-12-28');
    await page.getByTestId('dl-compute').click();
    await page.getByTestId('dl-error').waitFor();
    assert.match(await page.getByTestId('dl-error').innerText(), /工作日历缺少 2027 年/);
    assert.equal(await page.getByTestId('dl-result').count(), 0);
    // the surcharge on the same page: 10000元, 34 days late → capped at 10000元
    await field(page, 'sc-fine').fill('10000');
    await field(page, 'sc-due').fill('2026-03-01');
    await field(page, 'sc-paid').fill('2026-04-04');
    await page.getByTestId('sc-compute').click();
    await page.getByTestId('sc-result').waitFor();
    assert.equal(await page.getByTestId('sc-amount').innerText(), '10,000元');
    assert.match(await page.getByTestId('sc-result').innerText(), /封顶/);
    await page.screenshot({ path: '/tmp/zhifa-deadlines.png', fullPage: true });
  });
});

test('E2E-DL-02 admin sees the 2026 calendar and a bad import is refused line by line', async () => {
  await withPage({ expect: [{ status: 400, path: '/api/v1/calendar/years' }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'admin');
    await clickMenu(page, 'menu-admin', 'menu-admin-calendar');
    await page.getByTestId('calendar-page').waitFor();
    await field(page, 'cal-year').fill('2026');
    await page.keyboard.press('Enter');
    await page.getByTestId('cal-covered').waitFor();
    assert.match(await page.locator('[data-date="2026-10-10"]').getAttribute('class'), /work/);
    assert.match(await page.locator('[data-date="2026-10-01"]').getAttribute('class'), /rest/);
    assert.match(await page.locator('[data-date="2026-10-11"]').getAttribute('class'), /weekend/);
    await page.screenshot({ path: '/tmp/zhifa-calendar.png', fullPage: true });
    await page.getByTestId('cal-import').click();
    await field(page, 'imp-year').fill('2027');
    await page.locator('textarea[data-testid="imp-csv"], [data-testid="imp-csv"] textarea').first()
      .fill('date,kind,name,source\n2027-01-01,rest,元旦,测试\n2027-01-04,work,调休,测试\n2026-05-01,rest,x,测试\n');
    await page.getByTestId('imp-submit').click();
    await page.getByTestId('imp-lines').waitFor();
    const text = await page.getByTestId('imp-lines').innerText();
    assert.match(text, /调休上班日只能是周六或周日/);
    assert.match(text, /不在导入的 2027 年内/);
    assert.match(await page.getByTestId('imp-error').innerText(), /未导入任何内容/);
  });
});
