// Browser test of 移送与衔接 (issue 11, R27/R28): the officer 张伟 proposes a
// criminal transfer from the page (case picked in the form, the police as
// receiver, a 专案组 of two officers); the bureau leader 刘洋 approves it in
// the detail drawer; the list then shows the next time limit — the 24 hours
// of 国务院令第310号 第5条 — as the server computed it.
//
//   npm run build:web && ZHIFA_BIN=$PWD/build/zhifa node --test tests/e2e/transfers.test.js
//
// Screenshots: /tmp/zhifa-transfers-proposed.png, /tmp/zhifa-transfers-approved.png.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startAll, stopAll, loginUi, field, withPage: withPageIn } = require('./helpers.js');
const { client } = require('../lib/server');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });

const withPage = (options, body) => withPageIn(env, options, body);
const SUBJECT = `浏览器测试移送${process.pid}`;
let transferId = 0;

async function choose(page, testId, text) {
  await page.getByTestId(testId).click();
  const item = text
    ? page.locator('.el-select-dropdown__item:visible', { hasText: text }).first()
    : page.locator('.el-select-dropdown__item:visible').first();
  await item.click();
}

test('E2E-TR-01 an officer proposes a criminal transfer from the page', async () => {
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhangwei');
    await page.getByTestId('menu-transfers').click();
    await page.getByTestId('transfers-page').waitFor();
    // the demo's transfers are listed: the market regulator's feedback is overdue
    await page.getByTestId('xf-list').getByText('叉车未经定期检验即投入使用').waitFor();
    assert.match(await page.getByTestId('xf-list').innerText(), /已逾期/);
    await page.getByTestId('xf-new').click();
    await page.getByTestId('xf-form').waitFor();
    // an empty form is stopped in the browser first
    await page.getByTestId('xf-submit').click();
    await page.getByText('专案组须有2名以上执法人员').waitFor();
    await choose(page, 'xf-case', null);
    await choose(page, 'xf-agency', '公安');
    await choose(page, 'xf-copy', '检察院');
    await field(page, 'xf-subject').fill(SUBJECT);
    await page.locator('textarea[data-testid="xf-reason"], [data-testid="xf-reason"] textarea').first().fill('关闭粉尘爆炸监控报警装置，有发生重大伤亡事故的现实危险');
    await page.locator('textarea[data-testid="xf-materials"], [data-testid="xf-materials"] textarea').first().fill('涉嫌犯罪案件移送书；调查报告');
    await page.getByTestId('xf-team').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '张伟' }).first().click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '李强' }).first().click();
    await page.keyboard.press('Escape');
    await page.getByTestId('xf-submit').click();
    // the drawer opens on the new transfer, waiting for the leader
    await page.getByTestId('xf-detail-state').waitFor();
    assert.equal(await page.getByTestId('xf-detail-state').innerText(), '待审批');
    assert.match(await page.getByTestId('xf-detail-due').innerText(), /涉嫌犯罪移送审批期限/);
    // the officer may not approve: the leader's button is there, disabled
    assert.equal(await page.getByTestId('xf-step-approve').isDisabled(), true);
    await page.screenshot({ path: '/tmp/zhifa-transfers-proposed.png', fullPage: true });
    assert.ok(t.requests.includes('POST /api/v1/transfers'));
  });
});

test('E2E-TR-02 the leader approves; the list shows the 24-hour limit', async () => {
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'liuyang');
    await page.getByTestId('menu-transfers').click();
    const row = page.getByTestId('xf-list').locator('tr', { hasText: SUBJECT });
    await row.waitFor();
    assert.match(await row.innerText(), /待审批/);
    await row.click();
    await page.getByTestId('xf-step-approve').click();
    await page.getByTestId('xf-step-dialog').waitFor();
    await page.getByTestId('xf-step-submit').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="xf-detail-state"]')?.innerText === '已批准待移送');
    // what the server says, against what the page shows
    const list = await page.evaluate(async () => (await fetch('/api/v1/transfers?kind=criminal', { credentials: 'include' })).json());
    const mine = list.items.find((x) => x.state === 'approved' && x.subject.startsWith('浏览器测试移送'));
    assert.ok(mine, JSON.stringify(list.items.map((x) => x.subject)));
    transferId = mine.id;
    const due = new Date(Date.parse(mine.decided_at) + 24 * 3600e3).toISOString();
    assert.equal(mine.next_due_at, due);
    await page.keyboard.press('Escape');
    const cell = page.getByTestId(`xf-due-${transferId}`);
    await page.waitForFunction((id) => document.querySelector(`[data-testid="xf-due-${id}"]`)?.innerText.includes('批准后移送公安期限'), transferId);
    assert.match(await cell.innerText(), new RegExp(mine.next_due));
    assert.equal(await page.getByTestId(`xf-state-${transferId}`).innerText(), '已批准待移送');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500); // the drawer's closing animation, for the screenshot only
    await page.screenshot({ path: '/tmp/zhifa-transfers-approved.png', fullPage: true });
  });
});

test('E2E-TR-03 the case page says a transfer assessment is needed; the dashboard counts transfers', async () => {
  // a draft case with a signalled catalogue item (AQ-099-04), made through the API
  const api = client(env.srv.url);
  assert.equal((await api.login('chenjie')).status, 200);
  const ent = (await api.get('/api/v1/enterprises?limit=1')).body.items[0];
  let r = await api.post('/api/v1/cases', { source_kind: 'inspection', source_id: 900, finding_id: 901, title: '浏览器测试 移送评估', enterprise_id: ent.id });
  assert.equal(r.status, 201, r.text);
  r = await api.post(`/api/v1/cases/${r.body.id}/violations`, { version: r.body.version, item_code: 'AQ-099-04', violation_date: '2026-10-01' });
  assert.equal(r.status, 201, r.text);
  const caseId = r.body.id;
  const dash = (await api.get('/api/v1/stats/dashboard')).body;
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'chenjie');
    await page.goto(t.url(`/cases/${caseId}`));
    const alert = page.getByTestId('case-criminal-transfer');
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, /须作涉嫌犯罪移送评估/);
    assert.match(text, /AQ-099-04/);
    assert.match(text, /不得以罚代刑/);
    assert.match(text, /折抵/);
    await page.getByTestId('menu-statistics').click();
    const card = page.getByTestId('card-transfers');
    await card.waitFor();
    assert.match(await card.innerText(), new RegExp(`\\b${dash.transfers.total}\\b`));
    assert.match(await card.innerText(), new RegExp(`逾期 ${dash.transfers.overdue}`));
  });
});
