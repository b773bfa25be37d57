// Browser test of case-file evaluation (案卷评查, issue 11, R30): the legal
// reviewer (zhaomin) sets up a sampled round through the form and sees the
// drawn cases and the seed; she scores a case on the sheet — the total and
// the grade follow every input, a veto turns the grade to 不合格, the server
// refuses a deduction without a problem and names the item — and submits;
// the case officer (zhangwei) finds the problem under 评查反馈 and answers.
//
//   npm run build:web && ZHIFA_BIN=$PWD/build/zhifa node --test tests/e2e/evaluation.test.js
//
// Screenshots: /tmp/zhifa-evaluation-sheet.png, /tmp/zhifa-evaluation-feedback.png.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startAll, stopAll, loginUi, field, withPage: withPageIn } = require('./helpers.js');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });

const withPage = (options, body) => withPageIn(env, options, body);
const ROUND = `浏览器评查轮次${process.pid}`;
const PROBLEM = `告知书未载明陈述申辩期限（浏览器测试 ${process.pid}）`;

test('E2E-EV-01 an evaluator draws a round, scores a case on the sheet and submits; the officer answers', async () => {
  const expect = [];
  await withPage({ expect }, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhaomin');
    await page.getByTestId('menu-evaluation').click();
    await page.getByTestId('evaluation-page').waitFor();
    await page.getByTestId('ev-new').click();
    await field(page, 'ev-name').fill(ROUND);
    await page.getByTestId('ev-evaluators').click();
    await page.locator('.el-select-dropdown__item', { hasText: '赵敏' }).first().click();
    await page.keyboard.press('Escape');
    await field(page, 'ev-count').fill('2');
    await page.getByTestId('ev-create').click();
    await page.getByTestId('ev-created').waitFor();
    assert.match(await page.getByTestId('ev-created').innerText(), /已抽取 2 件/);
    assert.match(await page.getByTestId('ev-created').innerText(), /[0-9a-f]{64},[0-9a-f]{64}/);
    await page.getByText('查看轮次与抽中的案件').click();
    await page.getByTestId('ev-round').waitFor();
    const rows = page.getByTestId('ev-cases').locator('tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 2);
    assert.match(await page.getByTestId('ev-seed').innerText(), /^[0-9a-f]{64},[0-9a-f]{64}$/);
    // the sheet of the first drawn case
    const roundId = page.url().match(/rounds\/(\d+)/)[1];
    await rows.first().getByRole('button', { name: '评分' }).click();
    await page.getByTestId('ev-sheet').waitFor();
    const caseId = page.url().match(/cases\/(\d+)/)[1];
    expect.push({ status: 422, path: `/api/v1/evaluations/rounds/${roundId}/cases/${caseId}/scores` });
    assert.equal(await page.getByTestId('ev-total').innerText(), '100');
    assert.equal(await page.getByTestId('ev-grade').innerText(), '优秀');
    // 8 of PRO-2 down to 3, 10 of EVI-1 down to 4: 89 → 合格
    await field(page, 'ev-s-PRO-2').fill('3');
    await field(page, 'ev-s-PRO-2').press('Tab');
    await page.waitForFunction(() => document.querySelector('[data-testid="ev-total"]').innerText === '95');
    await field(page, 'ev-s-EVI-1').fill('4');
    await field(page, 'ev-s-EVI-1').press('Tab');
    await page.waitForFunction(() => document.querySelector('[data-testid="ev-total"]').innerText === '89');
    assert.equal(await page.getByTestId('ev-grade').innerText(), '合格');
    // a veto: 不合格 whatever the score; then taken back
    await page.getByTestId('ev-v-VETO-QUAL').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="ev-grade"]').innerText === '不合格');
    await page.getByTestId('ev-v-VETO-QUAL').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="ev-grade"]').innerText === '合格');
    // deductions without a problem: the server names the item
    await page.getByTestId('ev-submit').click();
    await page.locator('.el-message', { hasText: 'EVI-1 违法事实清楚' }).waitFor();
    await page.locator('textarea[data-testid="ev-p-PRO-2"], [data-testid="ev-p-PRO-2"] textarea').first().fill(PROBLEM);
    await page.locator('textarea[data-testid="ev-p-EVI-1"], [data-testid="ev-p-EVI-1"] textarea').first().fill('违法行为发生时间前后矛盾，未予核实。');
    await page.getByTestId('ev-submit').click();
    await page.locator('.el-message', { hasText: '已提交' }).waitFor();
    await page.getByText('评查结果已于').waitFor();
    assert.equal(await page.getByTestId('ev-submit').count(), 0, 'frozen after submit');
    assert.equal(await page.getByTestId('ev-total').innerText(), '89');
    await page.screenshot({ path: '/tmp/zhifa-evaluation-sheet.png', fullPage: true });
  });
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhangwei');
    await page.getByTestId('menu-evaluation').click();
    await page.getByTestId('evaluation-page').waitFor();
    // an officer has no rounds tab: only his feedback
    assert.equal(await page.locator('.el-tabs__item', { hasText: '评查轮次' }).count(), 0);
    const row = page.getByTestId('ev-feedback').locator('tbody tr', { hasText: PROBLEM });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(ROUND));
    assert.match(await row.innerText(), /待答复/);
    await row.locator('textarea').fill('已重新制作告知书模板，写明陈述申辩期限。');
    await row.getByRole('button', { name: '提交答复' }).click();
    await page.locator('.el-message', { hasText: '已提交整改说明' }).waitFor();
    const done = page.getByTestId('ev-feedback').locator('tbody tr', { hasText: PROBLEM });
    await done.getByText('已答复').waitFor();
    assert.match(await done.innerText(), /已重新制作告知书模板/);
    await page.screenshot({ path: '/tmp/zhifa-evaluation-feedback.png', fullPage: true });
  });
});
