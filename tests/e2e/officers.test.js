// Browser tests of the officers module (issue 4) against a real server with
// the demo district: the training-compliance page shows the demo's expired
// certificate; an officer's 我的 page shows their certificate, training and
// equipment; the report pages are refused to an officer.
//
//   npm run build:web && ZHIFA_BIN=build-off/zhifa node --test tests/e2e/officers.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startAll, stopAll, openPage, loginUi } = require('./helpers.js');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });

test('training compliance page: the expired certificate of 郑凯 and who is short', async () => {
  const t = await openPage(env);
  try {
    await loginUi(t, 'chenjie');
    const { page } = t;
    await page.getByTestId('menu-officers').click();
    await page.getByTestId('menu-officers-training').click();
    await page.getByTestId('training-page').waitFor();
    const alerts = page.getByTestId('cert-alerts');
    await alerts.getByText('郑凯').waitFor();
    const row = alerts.locator('tr', { hasText: '郑凯' });
    assert.match(await row.innerText(), /已过期/);
    assert.match(await row.innerText(), /已过 12 天/);
    assert.match(await alerts.innerText(), /何斌[\s\S]*即将到期|即将到期[\s\S]*何斌/);
    // officers short of training, with the shortfall in days
    const table = page.getByTestId('training-table');
    await table.getByText('徐磊').waitFor();
    assert.match(await table.locator('tr', { hasText: '徐磊' }).innerText(), /差 10 天/);
    assert.equal(await table.getByText('张伟').count(), 0, '张伟 is not short');
    await page.screenshot({ path: '/tmp/zhifa-officers-training.png', fullPage: true });
    t.check();
  } finally {
    await t.close();
  }
});

test('an officer sees their certificate, training and equipment on 我的, and not the reports', async () => {
  const t = await openPage(env);
  try {
    await loginUi(t, 'zhangwei');
    const { page } = t;
    await page.goto(t.url('/me'));
    const card = page.getByTestId('me-officer');
    await card.waitFor();
    const text = await card.innerText();
    assert.match(text, /皖LA01\d{5}/);
    assert.match(text, /有效/);
    assert.match(text, /10 \/ 10 天/);
    assert.match(text, /执法记录仪/);
    await page.goto(t.url('/officers/ratio'));
    await page.getByTestId('access-denied').waitFor();
    t.check();
  } finally {
    await t.close();
  }
});

test('professional ratio page shows the units below 75%', async () => {
  const t = await openPage(env);
  try {
    await loginUi(t, 'admin');
    const { page } = t;
    await page.goto(t.url('/officers/ratio'));
    const table = page.getByTestId('ratio-table');
    await table.getByText('平岗街道').waitFor();
    assert.match(await table.locator('tr', { hasText: '平岗街道' }).first().innerText(), /33\.3%[\s\S]*未达标/);
    assert.match(await page.getByTestId('ratio-overall').innerText(), /达标/);
    t.check();
  } finally {
    await t.close();
  }
});

test('roster, staffing and equipment pages: detail drawer, posts, shortfall', async () => {
  const t = await openPage(env);
  try {
    await loginUi(t, 'admin');
    const { page } = t;
    await page.goto(t.url('/officers/list'));
    const table = page.getByTestId('officers-table');
    await table.getByText('郑凯').waitFor();
    await table.locator('tr', { hasText: '郑凯' }).getByText('查看').click();
    const drawer = page.getByTestId('officer-detail');
    await drawer.getByText('培训记录').waitFor();
    assert.match(await drawer.innerText(), /已过期/);
    assert.match(await drawer.innerText(), /应急管理综合行政执法入职培训/);
    await page.goto(t.url('/officers/staffing'));
    const staffing = page.getByTestId('staffing-table');
    await staffing.getByText('叶集区应急管理综合行政执法大队').waitFor();
    assert.match(await staffing.locator('tr', { hasText: '执法大队' }).first().innerText(), /20[\s\S]*16/);
    await page.goto(t.url('/officers/equipment'));
    const shortfall = page.getByTestId('shortfall-table');
    await shortfall.getByText('孙岗乡').waitFor();
    assert.match(await shortfall.innerText(), /执法记录仪 缺 3/);
    assert.match(await shortfall.innerText(), /执法执勤用车 缺 1/);
    t.check();
  } finally {
    await t.close();
  }
});
