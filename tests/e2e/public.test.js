// Browser tests of the public portal's 事前公开 pages (issue 10, R25), with
// no login: the portal home shows the bodies and the remedies, the officers
// page finds an officer on duty by name and leaves out the demo's expired
// certificate (郑凯), the catalogue page finds an item and shows its basis;
// on a phone-sized screen too.
//
//   npm run build:web && ZHIFA_BIN=build/zhifa node --test tests/e2e/public.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startAll, stopAll, openPage, field, loginUi, clickMenu } = require('./helpers.js');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });

test('portal home without login: the bodies and the rights with their periods', async () => {
  const t = await openPage(env, { viewport: { width: 390, height: 844 } });
  try {
    const { page } = t;
    await page.goto(t.url('/public/home'));
    await page.getByTestId('public-home').waitFor();
    const bodies = await page.getByTestId('public-bodies').innerText();
    assert.match(bodies, /执法大队/);
    assert.match(bodies, /史河街道/);
    const rights = await page.getByTestId('public-rights').innerText();
    assert.match(rights, /60日内向叶集区人民政府申请行政复议/);
    assert.equal(await page.getByTestId('login-submit').count(), 0, 'sent to the login form');
    assert.ok(!t.requests.some((r) => r.includes('/api/v1/me')), 'the public page asked who is logged in');
    t.check();
  } finally {
    await t.close();
  }
});

test('the login page leads a visitor to the portal', async () => {
  // '/' asks who is signed in (401 for a visitor) and shows the login form
  const t = await openPage(env, { expect: [{ status: 401, path: '/api/v1/me' }] });
  try {
    const { page } = t;
    await page.goto(t.url('/'));
    await page.getByTestId('login-public-link').click();
    await page.getByTestId('public-home').waitFor();
    t.check();
  } finally {
    await t.close();
  }
});

test('officers on duty: search by name; the expired certificate is not listed', async () => {
  const t = await openPage(env);
  try {
    const { page } = t;
    await page.goto(t.url('/public/officers'));
    await page.getByTestId('public-officers').waitFor();
    await page.getByText('张伟').first().waitFor();
    assert.equal(await page.getByText('郑凯').count(), 0, 'an officer with an expired certificate is shown');
    await field(page, 'public-officers-search').fill('张伟');
    const rows = page.locator('[data-testid="public-officers"] .el-table__body tr');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="public-officers"] .el-table__body tr').length === 1);
    assert.match(await rows.first().innerText(), /张伟[\s\S]*\d/);
    t.check();
  } finally {
    await t.close();
  }
});

test('catalogue: find AQ-102 items and read the legal basis of one', async () => {
  const t = await openPage(env);
  try {
    const { page } = t;
    await page.goto(t.url('/public/catalogue'));
    await page.getByTestId('public-catalogue').waitFor();
    await field(page, 'public-catalogue-search').fill('AQ-102');
    await field(page, 'public-catalogue-search').press('Enter');
    const first = page.locator('[data-testid="public-catalogue"] .el-table__body tr.el-table__row').first();
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="public-catalogue"] .el-table__body tr.el-table__row')];
      return rows.length > 0 && rows.every((r) => r.innerText.includes('AQ-102'));
    });
    await first.locator('.el-table__expand-icon').click();
    const detail = page.locator('[data-testid="public-catalogue"] .el-table__expanded-cell').first();
    assert.match(await detail.innerText(), /违法依据：[\s\S]*安全生产法/);
    assert.match(await detail.innerText(), /裁量阶次/);
    // the open-data link downloads the whole catalogue as CSV
    const href = await page.getByTestId('public-catalogue-csv').getAttribute('href');
    const csv = await page.request.get(t.url(href));
    assert.equal(csv.status(), 200);
    assert.match((await csv.body()).toString('utf8'), /^\ufeffcode,title,domain/);
    t.check();
  } finally {
    await t.close();
  }
});

test('the administrator edits the complaint channels; a wrong entry is marked; the portal shows the saved text', async () => {
  const t = await openPage(env, { expect: [{ status: 400, path: '/api/v1/portal-text' }] });
  try {
    const { page } = t;
    await loginUi(t, 'admin');
    await clickMenu(page, 'menu-admin', 'menu-admin-portal');
    await page.getByTestId('portal-text-page').waitFor();
    const list = page.getByTestId('portal-list-complaints');
    await page.getByTestId('portal-add-complaints').click();
    // an empty new entry is refused, with the problem named
    await page.getByTestId('portal-text-save').click();
    await page.getByTestId('portal-text-error').waitFor();
    assert.match(await page.getByTestId('portal-text-error').innerText(), /complaints\[\d+\]\.channel/);
    const inputs = list.locator('input');
    await inputs.last().fill('来信来访');
    await list.locator('textarea').last().fill('叶集区应急管理局法制股，工作日受理');
    await page.getByTestId('portal-text-save').click();
    await page.getByText(/已保存第 1 版公示内容/).waitFor();
    await page.goto(t.url('/public/home'));
    await page.getByTestId('public-home').waitFor();
    await page.getByText('工作日受理', { exact: false }).waitFor();
    t.check();
  } finally {
    await t.close();
  }
});

test('the administrator edits the double-random rules; an empty text is refused; the public page shows the saved text and its date', async () => {
  const t = await openPage(env, { expect: [{ status: 400, path: '/api/v1/draw-rules-text' }] });
  try {
    const { page } = t;
    await loginUi(t, 'admin');
    await clickMenu(page, 'menu-admin', 'menu-admin-draw-rules');
    await page.getByTestId('draw-rules-text-page').waitFor();
    const box = page.getByTestId('draw-rules-text');
    const shipped = await box.inputValue();
    assert.match(shipped, /执法检查人员名录库/);
    await box.fill('   ');
    await page.getByTestId('draw-rules-save').click();
    await page.getByTestId('draw-rules-error').waitFor();
    await box.fill(`${shipped}\n## 五、本区补充\n1. 烟花爆竹零售点在春节前增加一次抽查。`);
    await page.getByTestId('draw-rules-save').click();
    await page.getByText(/已保存第 1 版抽查规则/).waitFor();
    await page.goto(t.url('/public/draw-rules'));
    await page.getByTestId('public-rules').getByText('烟花爆竹零售点在春节前增加一次抽查。').waitFor();
    assert.match(await page.getByTestId('public-rules-updated').innerText(), /本规则更新于 \d{4}/);
    t.check();
  } finally {
    await t.close();
  }
});
