// Browser tests of the inspection checklists (issue 7, part A): an officer
// opens the dust checklist, sees a 重大事故隐患 item with its source and
// follows its catalogue link; an admin uploads a broken new version (every
// error listed by JSON path), then a good one.
//
//   npm run build:web && ZHIFA_BIN=build-chk/zhifa node --test tests/e2e/checklists.test.js
//
// Screenshots: /tmp/zhifa-checklist.png, /tmp/zhifa-checklist-upload.png.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startAll, stopAll, loginUi, field, withPage: withPageIn, clickMenu } = require('./helpers.js');
const { ROOT } = require('../lib/server.js');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });

const withPage = (options, body) => withPageIn(env, options, body);

test('E2E-CHK-01 officer opens the dust checklist, sees a 重大隐患 item with its source, follows the catalogue link', async () => {
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhangwei');
    await clickMenu(page, 'menu-catalogue', 'menu-catalogue-checklists');
    await page.getByTestId('checklists-page').waitFor();
    await page.getByTestId('checklist-CHK-QUARRY').waitFor();
    const list = await page.getByTestId('checklists-table').innerText();
    assert.match(list, /木制品加工企业粉尘防爆检查表/);
    assert.match(list, /加油站安全检查表/);
    assert.match(list, /烟花爆竹零售经营点检查表/);
    assert.equal(await page.getByTestId('checklists-upload').count(), 0, 'an officer may not upload');

    await page.getByTestId('checklist-CHK-DUST-WOOD').click();
    await page.getByTestId('checklist-item-DUST-04').waitFor();
    const item = await page.getByTestId('checklist-item-DUST-04').innerText();
    assert.match(item, /泄爆、惰化、抑爆/);
    await page.getByTestId('checklist-major-DUST-04').waitFor();
    assert.match(item, /重大事故隐患/);
    // the linked catalogue item is named (its title in force today)
    await page.getByTestId('checklist-cat-DUST-04-AQ-102-01').getByText('未采取措施消除事故隐患').waitFor();
    assert.match(await page.getByTestId('checklist-source-DUST-04').innerText(),
      /《工贸企业重大事故隐患判定标准》（应急管理部令第10号（2023））.*第（三）项/);
    assert.match(await page.getByTestId('checklist-sources').innerText(), /GB 15577-2018/);
    // an item that is not a major hazard carries no such flag
    assert.equal(await page.getByTestId('checklist-major-DUST-18').count(), 0);
    assert.equal(await page.getByTestId('checklist-new-version').count(), 0);
    await page.screenshot({ path: '/tmp/zhifa-checklist.png', fullPage: true });

    await page.getByTestId('checklist-cat-DUST-04-AQ-102-01').click();
    await page.getByTestId('catalogue-item-page').waitFor();
    await page.getByTestId('item-current').waitFor();
    const detail = await page.getByTestId('catalogue-item-page').innerText();
    assert.match(detail, /执法事项 AQ-102-01/);
    assert.match(detail, /未采取措施消除事故隐患/);
    assert.match(page.url(), /\/catalogue\/items\/AQ-102-01$/);
  });
});

test('E2E-CHK-02 admin uploads a broken version (errors by JSON path), then a good one', async () => {
  const versions = '/api/v1/checklists/CHK-FIREWORKS-RETAIL/versions';
  await withPage({ expect: [{ status: 400, path: versions }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'admin');
    await page.goto(t.url('/catalogue/checklists/CHK-FIREWORKS-RETAIL'));
    await page.getByTestId('checklist-item-FW-01').waitFor();
    await page.getByTestId('checklist-new-version').click();
    await page.getByTestId('checklist-upload-dialog').waitFor();
    const text = page.locator('textarea[data-testid="checklist-upload-text"], [data-testid="checklist-upload-text"] textarea').first();
    // the dialog starts from the current version
    assert.match(await text.inputValue(), /"code": "CHK-FIREWORKS-RETAIL"/);

    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'checklists', 'CHK-FIREWORKS-RETAIL.json'), 'utf8'));
    const bad = structuredClone(doc);
    bad.sections[1].items[0].catalogue = ['AQ-105-1'];
    bad.sections[2].items[1].id = 'FW-01';
    await text.fill(JSON.stringify(bad, null, 2));
    await field(page, 'checklist-upload-effective').fill('2026-12-20');
    await page.getByTestId('checklist-upload-save').click();
    await page.getByTestId('checklist-upload-errors').waitFor();
    const errors = await page.getByTestId('checklist-upload-errors').innerText();
    assert.match(errors, /sections\[1\]\.items\[0\]\.catalogue\[0\]/);
    assert.match(errors, /执法事项编码“AQ-105-1”格式无效/);
    assert.match(errors, /sections\[2\]\.items\[1\]\.id/);
    assert.match(errors, /检查项编号 FW-01 重复/);
    assert.match(await page.getByTestId('checklist-upload-message').innerText(), /检查表有 2 处错误/);
    await page.screenshot({ path: '/tmp/zhifa-checklist-upload.png', fullPage: true });

    const good = structuredClone(doc);
    good.title = '烟花爆竹零售经营点检查表（2027 年春节版）';
    await text.fill(JSON.stringify(good, null, 2));
    await page.getByTestId('checklist-upload-save').click();
    await page.waitForURL(/version=2/);
    await page.getByText('烟花爆竹零售经营点检查表（2027 年春节版）').first().waitFor();
    // version 2 takes effect on 2026-12-20: version 1 is still the one in force
    await page.getByTestId('checklist-version').click();
    await page.getByText('第1版（2026-11-01 起） 施行中').waitFor();
    assert.match(await page.getByTestId('checklist-meta').innerText(), /第2版，2026-12-20 起/);
    // the new version is not in force before its date: version 1's 施行中
    // tag leaves (after its fade-out transition) and none takes its place
    await page.waitForFunction(() => !document.querySelector('[data-testid="checklist-meta"]').innerText.includes('施行中'),
      null, { timeout: 3000 });
  });
});
