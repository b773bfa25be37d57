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
const { startAll, stopAll, loginUi, field, withPage: withPageIn, clickMenu } = require('./helpers.js');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });

const withPage = (options, body) => withPageIn(env, options, body);

test('E2E-CAT-01 township officer browses the catalogue and filters delegated items', async () => {
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'sunli');
    await clickMenu(page, 'menu-catalogue', 'menu-catalogue-items');
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

test('E2E-CAT-06 calculator: an annual-income item asks for the income (and grade); a fixed one does not', async () => {
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhangwei');
    await page.goto(t.url('/catalogue/discretion?code=AQ-099-01'));
    await page.getByTestId('discretion-page').waitFor();
    await page.getByTestId('disc-submit').waitFor();
    await page.waitForTimeout(300); // the item list arrives
    assert.equal(await page.getByTestId('disc-income').count(), 0, 'a fixed-range item has no income input');
    assert.equal(await page.getByTestId('disc-base').count(), 0);
    await page.goto(t.url('/catalogue/discretion?code=AQ-095-02'));
    await page.getByTestId('disc-rule').waitFor();
    assert.match(await page.getByTestId('disc-rule').innerText(), /较大事故：上一年年收入的60%/);
    await page.getByTestId('disc-grade').waitFor();
    await field(page, 'disc-violation-date').fill('2026-03-01');
    await field(page, 'disc-decision-date').fill('2026-03-20');
    await field(page, 'disc-income').fill('123456.78');
    await page.getByTestId('disc-submit').click();
    await page.getByTestId('disc-result').waitFor();
    // 12345678 fen × 600‰ = 7407406.8 → 7407407 fen
    assert.equal(await page.getByTestId('disc-amount').innerText(), '74,074.07元');
    assert.match(await page.getByTestId('disc-range').innerText(), /上一年年收入123,456.78元，较大事故/);
    assert.match(await page.getByTestId('disc-steps').innerText(), /第95条第2项/);
    // 第114条第2款: the base fine input instead
    await page.goto(t.url('/catalogue/discretion?code=AQ-114-05'));
    await page.getByTestId('disc-base').waitFor();
    assert.equal(await page.getByTestId('disc-income').count(), 0);
    await field(page, 'disc-violation-date').fill('2026-03-01');
    await field(page, 'disc-decision-date').fill('2026-03-20');
    await field(page, 'disc-base').fill('500000');
    await page.getByTestId('disc-submit').click();
    await page.getByTestId('disc-result').waitFor();
    assert.equal(await page.getByTestId('disc-amount').innerText(), '1,562,500元');
  });
});

test('E2E-CAT-07 legal reviewer creates an item (no legal basis refused, naming the field) and adds a dated version', async () => {
  await withPage({ expect: [{ status: 400, path: '/api/v1/catalogue' }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhaomin');
    await page.goto(t.url('/catalogue/items'));
    await page.getByTestId('catalogue-item-AQ-114-01').waitFor();
    await page.getByTestId('catalogue-new').click();
    await page.getByTestId('version-dialog').waitFor();
    await field(page, 'version-code').fill('UI-099-01');
    await field(page, 'version-effective-from').fill('2026-01-01');
    await page.getByTestId('version-domain').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '工贸' }).first().click();
    await field(page, 'version-title').fill('界面新建：粉尘作业场所未设置警示标志');
    await field(page, 'version-penalty-basis').fill('安全生产法(2021)第99条第1项');
    await field(page, 'version-fine-max').fill('50000');
    await page.getByTestId('version-save').click();
    // no legal basis of the violation: refused, the message under that field
    const msg = page.locator('[data-testid="version-dialog"] .el-form-item__error', { hasText: '没有法律依据的事项不能保存' });
    await msg.waitFor();
    assert.match(await msg.innerText(), /violation_basis/);
    await field(page, 'version-violation-basis').fill('安全生产法(2021)第35条');
    await page.getByTestId('version-save').click();
    await page.getByTestId('catalogue-item-page').waitFor();
    await page.getByRole('heading', { name: '执法事项 UI-099-01' }).waitFor();
    assert.match(await page.getByTestId('item-current').innerText(), /50,000元以下/);
    // a new version from 2027-01-01 with a lower maximum
    await page.getByTestId('item-new-version').click();
    await page.getByTestId('version-dialog').waitFor();
    assert.equal(await field(page, 'version-title').inputValue(), '界面新建：粉尘作业场所未设置警示标志', 'starts from the latest version');
    await field(page, 'version-effective-from').fill('2027-01-01');
    await field(page, 'version-fine-max').fill('30000');
    await field(page, 'version-reason').fill('测试：降低上限');
    await page.getByTestId('version-save').click();
    await page.getByText('已新增第2版，自 2027-01-01 起施行').waitFor();
    const versions = page.getByTestId('item-versions');
    await versions.getByText('第2版').waitFor();
    const text = await versions.innerText();
    assert.match(text, /2027-01-01/);
    assert.match(text, /待施行/);
    assert.match(text, /30,000元以下/);
    assert.match(text, /施行中/);
  });
});

test('E2E-CAT-08 other roles see no create or new-version buttons', async () => {
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'sunli');
    await page.goto(t.url('/catalogue/items'));
    await page.getByTestId('catalogue-item-AQ-114-01').waitFor();
    assert.equal(await page.getByTestId('catalogue-new').count(), 0);
    await page.goto(t.url('/catalogue/items/AQ-099-01'));
    await page.getByTestId('item-versions').waitFor();
    assert.equal(await page.getByTestId('item-new-version').count(), 0);
  });
});
