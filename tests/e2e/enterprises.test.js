// 企业库 in a real browser (issue 3, R11): import a bad file in the web app
// and see the per-row error report, then a good file and see the enterprises
// listed; the detail drawer shows the history; filters and 加载更多.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startAll, stopAll, openPage, loginUi, field } = require('./helpers.js');

const HEADER = '统一社会信用代码,企业名称,所属乡镇,地址,行业领域,规模,法定代表人,联系人,联系电话,风险等级,监管类别,状态';
const SET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function codeFor(n) {
  let body = '';
  for (let i = 0; i < 9; i++) { body = SET[n % 31] + body; n = Math.floor(n / 31); }
  const first17 = `91341504${body}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += SET.indexOf(first17[i]) * W[i];
  return first17 + SET[(31 - (sum % 31)) % 31];
}

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });

test('E2E-ENT-01 import: a bad file shows every bad row, a good file lists the enterprises', async () => {
  const t = await openPage(env, { expect: [{ status: 400, path: '/api/v1/enterprises/import' }] });
  try {
    await loginUi(t, 'zhangwei');
    const { page } = t;
    await page.goto(t.url('/enterprises'));
    await page.getByTestId('enterprises-page').waitFor();
    await page.getByText('共 320 家').waitFor();
    const dir = fs.mkdtempSync(path.join(env.srv.dir, 'e2e-'));
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, `${HEADER}\n${codeFor(9100001)},浏览器导入一,三元镇,,工贸,小微,,,,黄,一般,在营\n`
      + `${codeFor(9100002).slice(0, 17)}0,校验位错,三元镇,,工贸,小微,,,,黄,一般,在营\n`
      + `${codeFor(9100003)},风险错,火星镇,,工贸,小微,,,,紫,一般,在营\n`);
    await page.getByTestId('ent-import').click();
    await page.getByTestId('import-file').setInputFiles(bad);
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-error').waitFor();
    const errorRows = page.locator('[data-testid="import-errors"] .el-table__body tr');
    await errorRows.first().waitFor();
    const texts = await errorRows.allInnerTexts();
    assert.equal(texts.length, 3, texts.join('\n'));
    assert.match(texts[0], /^3\s+统一社会信用代码/);
    assert.match(texts[1], /^4\s+所属乡镇/);
    assert.match(texts[2], /^4\s+风险等级[\s\S]*紫/);
    assert.match(await page.getByTestId('import-error').innerText(), /未导入任何企业/);

    const good = path.join(dir, 'good.csv');
    const lines = [HEADER];
    for (let i = 0; i < 5; i++) lines.push(`${codeFor(9200000 + i)},浏览器导入木业${i}号,洪集镇,叶集区洪集镇测试路${i}号,工贸,小微,,,,蓝,一般,在营`);
    fs.writeFileSync(good, `${lines.join('\r\n')}\r\n`);
    await page.getByTestId('import-file').setInputFiles(good);
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-done').waitFor();
    assert.match(await page.getByTestId('import-done').innerText(), /已导入 5 家企业/);
    await page.locator('[data-testid="import-dialog"] .el-dialog__footer').getByRole('button', { name: '关闭' }).click();
    await page.getByText('共 325 家').waitFor();
    await field(page, 'ent-q').fill('浏览器导入');
    await page.getByTestId('ent-search').click();
    await page.getByText('共 5 家').waitFor();
    const names = await page.locator('[data-testid="ent-table"] .el-table__body tr td:first-child').allInnerTexts();
    assert.deepEqual(names.map((n) => n.trim()), [0, 1, 2, 3, 4].map((i) => `浏览器导入木业${i}号`));
    // the detail drawer shows where the enterprise came from
    await page.getByText('浏览器导入木业0号').click();
    await page.getByTestId('ent-history').getByText('导入企业').waitFor();
    t.check();
  } finally {
    await t.close();
  }
});

test('E2E-ENT-02 township officer sees only her township; 加载更多 pages the district list', async () => {
  const t = await openPage(env);
  try {
    await loginUi(t, 'sunli');
    const { page } = t;
    await page.goto(t.url('/enterprises'));
    await page.getByTestId('ent-total').getByText(/共 [1-9]\d* 家/).waitFor();
    const n = Number((await page.getByTestId('ent-total').innerText()).match(/共 (\d+) 家/)[1]);
    assert.equal(n, 46, '史河街道 has 46 demo enterprises (docs/demo.md)');
    await page.getByText('已全部显示').waitFor();
    const towns = await page.locator('[data-testid="ent-table"] .el-table__body tr td:nth-child(3)').allInnerTexts();
    assert.equal(towns.length, 46);
    assert.ok(towns.every((x) => x.trim() === '史河街道'));
    t.check();
  } finally {
    await t.close();
  }
  const t2 = await openPage(env);
  try {
    await loginUi(t2, 'liqiang');
    const { page } = t2;
    await page.goto(t2.url('/enterprises'));
    const rows = page.locator('[data-testid="ent-table"] .el-table__body tr');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="ent-table"] .el-table__body tr').length === 50);
    await page.getByTestId('ent-more').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="ent-table"] .el-table__body tr').length === 100);
    const names = (await rows.locator('td:first-child').allInnerTexts()).map((x) => x.trim());
    assert.equal(new Set(names).size, 100, 'no row twice across pages');
    assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), 'sorted by name across pages');
    t2.check();
  } finally {
    await t2.close();
  }
});

test('E2E-ENT-03 a large import runs as a background job: the dialog polls its progress to the end', async () => {
  const t = await openPage(env);
  try {
    await loginUi(t, 'admin');
    const { page } = t;
    await page.goto(t.url('/enterprises'));
    await page.getByTestId('enterprises-page').waitFor();
    const dir = fs.mkdtempSync(path.join(env.srv.dir, 'e2e-'));
    const big = path.join(dir, 'big.csv');
    const lines = [HEADER];
    for (let i = 0; i < 20000; i++) lines.push(`${codeFor(9400000 + i)},后台导入企业${i}号,史河街道,,工贸,小微,,,,蓝,一般,在营`);
    fs.writeFileSync(big, `${lines.join('\r\n')}\r\n`);
    await page.getByTestId('ent-import').click();
    await page.getByTestId('import-file').setInputFiles(big);
    await page.getByTestId('import-start').click();
    // the server's progress, as rows checked then stored
    await page.getByTestId('import-job-phase').waitFor();
    assert.match(await page.getByTestId('import-job-phase').innerText(), /服务器正在(校验|导入)/);
    await page.getByTestId('import-done').waitFor({ timeout: 120000 });
    assert.match(await page.getByTestId('import-done').innerText(), /已导入 20000 家企业/);
    const polls = t.requests.filter((r) => /^GET \/api\/v1\/jobs\/\d+$/.test(r));
    assert.ok(polls.length >= 1, 'the dialog polled the job');
    assert.ok(t.requests.includes('POST /api/v1/enterprises/import'));
    t.check();
  } finally {
    await t.close();
  }
});
