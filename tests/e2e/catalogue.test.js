// Browser tests of the catalogue module (R8–R10): the catalogue list, an
// item with its versions, and the discretion calculator — choose an item,
// enter facts, see the recommended amount and the cited steps, copy them.
//
//   npm run build:web && ZHIFA_BIN=build-cat/zhifa node --test tests/e2e/catalogue.test.js
//
// Screenshots: /tmp/zhifa-catalogue.png, /tmp/zhifa-discretion.png,
// /tmp/zhifa-legal-params.png.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startAll, stopAll, openPage, loginUi, field } = require('./helpers.js');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });

async function withPage(options, body) {
  const t = await openPage(env, options);
  try {
    await body(t);
    t.check();
  } finally {
    await t.close();
  }
}

test('E2E-CAT-01 township officer browses the catalogue and filters delegated items', async () => {
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'sunli');
    await page.getByTestId('menu-catalogue').click();
    await page.getByTestId('menu-catalogue-items').click();
    await page.getByTestId('catalogue-page').waitFor();
    await page.getByTestId('catalogue-item-AQ-114-01').waitFor();
    assert.match(await page.getByTestId('catalogue-page').innerText(), /共 83 项/);
    await field(page, 'catalogue-q').fill('警示标志');
    await page.keyboard.press('Enter');
    await page.getByText('共 2 项').waitFor(); // AQ-099-01 and WH-078-01
    await page.waitForTimeout(400); // tag transitions
    await page.screenshot({ path: '/tmp/zhifa-catalogue.png', fullPage: true });
    await page.getByTestId('catalogue-item-AQ-099-01').click();
    await page.getByTestId('item-versions').waitFor();
    const detail = await page.getByTestId('catalogue-item-page').innerText();
    assert.match(detail, /安全生产法\(2021\)第99条第1项/);
    assert.match(detail, /可委托/);
    assert.match(detail, /施行中/);
    assert.equal(await page.getByTestId('item-use-refusal').count(), 0, 'a delegated item: no refusal');
    // an item the district keeps: the page says she may not use it, and why (R2)
    await page.goto(t.url('/catalogue/items/AQ-114-01'));
    const refusal = await page.getByTestId('item-use-refusal').innerText();
    assert.match(refusal, /未委托乡镇（街道）实施/);
    assert.match(refusal, /二（二）2/);
  });
});

test('E2E-CAT-02 officer uses the calculator: item, facts → amount and cited steps, copy', async () => {
  await withPage({}, async (t) => {
    const { page } = t;
    await t.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.srv.url });
    await loginUi(t, 'zhangwei');
    await page.goto(t.url('/catalogue/discretion'));
    await page.getByTestId('discretion-page').waitFor();
    // choose the item through the searchable select
    await page.getByTestId('disc-item').click();
    await page.keyboard.type('AQ-101-01');
    await page.locator('.el-select-dropdown__item', { hasText: 'AQ-101-01' }).first().click();
    await field(page, 'disc-violation-date').fill('2026-03-01');
    await field(page, 'disc-decision-date').fill('2026-03-20');
    await page.getByTestId('disc-tier-serious').click();
    await page.getByTestId('disc-eliminated').click();
    await page.getByTestId('disc-submit').click();
    await page.getByTestId('disc-result').waitFor();
    // AQ-101-01: 10万元以下; 较重 300–650‰ → 30000–65000元; 从轻 (1 circumstance of 第32条):
    // 30000 + 35000/4 = 38750元
    assert.equal(await page.getByTestId('disc-amount').innerText(), '38,750元');
    const steps = await page.getByTestId('disc-steps').innerText();
    assert.match(steps, /第37条/);
    assert.match(steps, /第32条/);
    assert.match(steps, /从轻处罚/);
    assert.match(steps, /安全生产法\(2021\)第101条第1项/);
    assert.match(await page.getByTestId('disc-measures').innerText(), /罚款38750元/);
    assert.match(await page.getByTestId('disc-range').innerText(), /100,000元以下/);
    await page.waitForTimeout(400); // let the tags' transitions end before the picture
    await page.screenshot({ path: '/tmp/zhifa-discretion.png', fullPage: true });
    await page.getByTestId('disc-copy').click();
    await page.getByText('已复制裁量说明').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, /裁量说明/);
    assert.match(copied, /依据：《中华人民共和国行政处罚法》第32条/);
  });
});

test('E2E-CAT-03 calculator: 首违不罚 shows the outcome; bad dates show the server message', async () => {
  await withPage({ expect: [{ status: 400, path: '/api/v1/discretion' }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'sunli');
    await page.goto(t.url('/catalogue/discretion?code=AQ-099-01'));
    await page.getByTestId('discretion-page').waitFor();
    await field(page, 'disc-violation-date').fill('2026-03-01');
    await field(page, 'disc-decision-date').fill('2026-03-20');
    await page.getByTestId('disc-tier-minor').click();
    await page.getByTestId('disc-corrected').click();
    await page.getByTestId('disc-submit').click();
    await page.getByTestId('disc-result').waitFor();
    assert.equal(await page.getByTestId('disc-outcome').innerText(), '不予行政处罚');
    assert.match(await page.getByTestId('disc-steps').innerText(), /第33条第1款/);
    // decision before violation: the server's Chinese message is shown
    await field(page, 'disc-decision-date').fill('2026-02-01');
    await page.getByTestId('disc-submit').click();
    await page.getByText('作出决定日期不能早于违法行为发生日期').waitFor();
  });
});

test('E2E-CAT-04 admin sees the legal parameters with the unconfirmed ones highlighted', async () => {
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'admin');
    await page.goto(t.url('/admin/legal-params'));
    await page.getByTestId('legal-params-table').waitFor();
    assert.match(await page.getByTestId('legal-params-warning').innerText(), /尚未经法制机构确认/);
    const rows = page.locator('[data-testid="legal-params-table"] .unconfirmed-row');
    assert.ok((await rows.count()) >= 10);
    await page.waitForTimeout(400); // tag transitions
    await page.screenshot({ path: '/tmp/zhifa-legal-params.png', fullPage: true });
    await page.getByTestId('param-new-hearing.large_fine.unit').click();
    await field(page, 'param-value').fill('5000000');
    await field(page, 'param-date').fill('2027-01-01');
    await page.locator('textarea[data-testid="param-source"]').fill('安徽省规定（测试）');
    await page.getByTestId('param-save').click();
    await page.getByText('已新增参数 hearing.large_fine.unit 自 2027-01-01 起的值').waitFor();
  });
});

test('E2E-CAT-05 legal reviewer imports a file with a bad row: the report names it, nothing stored', async () => {
  const fs = require('node:fs');
  const bad = '/tmp/zhifa-catalogue-bad.csv';
  fs.writeFileSync(bad, [
    'code,domain,title,violation_basis,penalty_basis,target,fine_min_yuan,fine_max_yuan,other_measures,notes,effective_from',
    'UI-001-01,工贸,界面导入的事项,安全生产法第35条,安全生产法第99条,生产经营单位,,50000,,,2026-01-01',
    'UI-002-01,工贸,没有违法依据,,安全生产法第99条,生产经营单位,,50000,,,2026-01-01',
  ].join('\n'));
  await withPage({ expect: [{ status: 400, path: '/api/v1/catalogue/import' }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhaomin');
    await page.goto(t.url('/catalogue/items'));
    await page.getByTestId('catalogue-item-AQ-114-01').waitFor();
    await page.getByTestId('catalogue-import-file').setInputFiles(bad);
    await page.getByTestId('catalogue-import-report').waitFor();
    const report = await page.getByTestId('catalogue-import-report').innerText();
    assert.match(report, /violation_basis/);
    assert.match(report, /\b3\b/);
    await page.keyboard.press('Escape');
    assert.equal(await page.getByTestId('catalogue-item-UI-001-01').count(), 0);
  });
});
