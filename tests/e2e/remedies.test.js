// 复议/诉讼 on the case page (issue 8, migration 033) in a real browser: an
// officer records the party's review, the court-application card says it
// waits (行政强制法 第53条), the outcome 撤销 is recorded and the card says
// the court may not be asked; the timeline shows both events.
//
//   ZHIFA_BIN=$PWD/build-asan/zhifa node --test tests/e2e/remedies.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startAll, stopAll, loginUi, withPage: withPageIn } = require('./helpers.js');
const { client } = require('../lib/server.js');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });
const withPage = (opts, body) => withPageIn(env, opts, body);

async function pick(page, testId, text) {
  await page.getByTestId(testId).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
}

// A served ordinary case, fine 5000 元, served 2026-01-12.
async function servedCase() {
  const who = {};
  for (const u of ['chenjie', 'zhangwei', 'liuyang']) {
    who[u] = client(env.srv.url);
    assert.equal((await who[u].login(u)).status, 200);
  }
  const mate = (await who.chenjie.get('/api/v1/officers')).body.items.find((o) => o.username === 'zhangwei').id;
  const ent = (await who.chenjie.get('/api/v1/enterprises?limit=3')).body.items[2];
  let r = await who.chenjie.post('/api/v1/cases', { source_kind: 'complaint', title: '浏览器复议测试', enterprise_id: ent.id });
  assert.equal(r.status, 201, r.text);
  const c = r.body;
  r = await who.chenjie.post(`/api/v1/cases/${c.id}/officers`, { version: c.version, officer_id: mate, role: 'assist' });
  r = await who.chenjie.post(`/api/v1/cases/${c.id}/violations`, { version: r.body.version, item_code: 'AQ-099-01', violation_date: '2025-11-20', amount_fen: 500000, amount_reason: '测试' });
  assert.equal(r.status, 201, r.text);
  for (const [u, event, fields] of [['chenjie', 'file', { filed_on: '2025-12-01' }], ['zhangwei', 'investigate'], ['zhangwei', 'review'],
    ['zhangwei', 'notify', { notified_on: '2025-12-22' }], ['liuyang', 'decide', { decided_on: '2026-01-05' }],
    ['zhangwei', 'serve', { served_on: '2026-01-12', service_method: 'direct' }]]) {
    const cur = (await who.chenjie.get(`/api/v1/cases/${c.id}`)).body;
    const res = await who[u].post(`/api/v1/cases/${c.id}/transitions`, { event, version: cur.version, ...(fields || {}) });
    assert.equal(res.status, 200, `${event}: ${res.text}`);
  }
  return { c, who };
}

test('E2E-REM-01 a review recorded and revoked on the case page: the court application waits, then may not be made', async () => {
  const { c, who } = await servedCase();
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhangwei');
    await page.goto(t.url(`/cases/${c.id}`));
    await page.getByRole('tab', { name: '复议/诉讼' }).click();
    // no remedy: 6 months to sue + 3 months (2026-10-13)
    await page.getByTestId('remedy-enforcement-due').getByText('2026-10-13').waitFor();
    await pick(page, 'remedy-kind', '行政复议');
    await page.getByTestId('remedy-applied-on').fill('2026-03-02');
    await page.getByTestId('remedy-body').fill('六安市叶集区人民政府');
    await page.getByTestId('remedy-apply').click();
    await page.getByTestId('remedy-enforcement-status').getByText('暂不起算').waitFor();
    assert.match(await page.getByTestId('remedy-list').innerText(), /行政复议[\s\S]*2026-03-02[\s\S]*六安市叶集区人民政府[\s\S]*未终结/);
    await page.getByTestId('remedy-outcome-open').click();
    await pick(page, 'remedy-outcome', /^撤销$/);
    await page.getByTestId('remedy-outcome-on').fill('2026-04-15');
    await page.getByTestId('remedy-outcome-save').click();
    await page.getByTestId('remedy-enforcement-status').getByText('不得申请').waitFor();
    assert.match(await page.getByTestId('remedy-enforcement-basis').innerText(), /撤销.*不得申请人民法院强制执行/);
    await page.getByRole('tab', { name: '时间线' }).click();
    await page.locator('[data-action="case.remedy_outcome"]').getByText('复议/诉讼结果').waitFor();
    assert.equal(await page.locator('[data-action="case.remedy_apply"]').count(), 1);
  });
  const after = (await who.chenjie.get(`/api/v1/cases/${c.id}`)).body;
  assert.equal(after.remedies.items[0].outcome, 'revoked');
  assert.equal(after.remedies.enforcement.code, 'remedy.voids_decision');
});
