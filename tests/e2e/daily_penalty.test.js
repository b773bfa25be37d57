// 按日连续处罚 on the case page (安全生产法 第112条, issue 8, migration 034) in
// a real browser: on a served case, the officer picks the party's hazard that
// the re-inspection found not corrected, starts the daily penalty, sees the
// sum in the list, follows the link to the new case and sees where it comes
// from; a last day after the re-inspection is refused with the reason.
//
//   ZHIFA_BIN=$PWD/build-asan/zhifa node --test tests/e2e/daily_penalty.test.js
'use strict';
const crypto = require('node:crypto');
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startAll, stopAll, loginUi, withPage: withPageIn } = require('./helpers.js');
const { client } = require('../lib/server.js');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });
const withPage = (opts, body) => withPageIn(env, opts, body);

// A served case against ent with a fine of 2000 元, and a hazard of ent
// ordered on 03-02 that the 03-07 re-inspection found not corrected.
async function setup() {
  const who = {};
  for (const u of ['chenjie', 'zhangwei', 'liuyang']) {
    who[u] = client(env.srv.url);
    assert.equal((await who[u].login(u)).status, 200);
  }
  const mate = (await who.chenjie.get('/api/v1/officers')).body.items.find((o) => o.username === 'zhangwei').id;
  const ent = (await who.chenjie.get('/api/v1/enterprises?limit=20')).body.items.filter((e) => e.status === 'operating')[5];
  let r = await who.chenjie.post('/api/v1/cases', { source_kind: 'inspection', title: '浏览器按日连续处罚测试', enterprise_id: ent.id });
  assert.equal(r.status, 201, r.text);
  const c = r.body;
  r = await who.chenjie.post(`/api/v1/cases/${c.id}/officers`, { version: c.version, officer_id: mate, role: 'assist' });
  r = await who.chenjie.post(`/api/v1/cases/${c.id}/violations`, { version: r.body.version, item_code: 'AQ-099-01', violation_date: '2025-11-20', amount_fen: 200000, amount_reason: '测试' });
  assert.equal(r.status, 201, r.text);
  for (const [u, event, fields] of [['chenjie', 'file', { filed_on: '2025-12-01' }], ['zhangwei', 'investigate'], ['zhangwei', 'review'],
    ['zhangwei', 'notify', { notified_on: '2025-12-22' }], ['liuyang', 'decide', { decided_on: '2026-01-05' }],
    ['zhangwei', 'serve', { served_on: '2026-01-12', service_method: 'direct' }]]) {
    const cur = (await who.chenjie.get(`/api/v1/cases/${c.id}`)).body;
    const res = await who[u].post(`/api/v1/cases/${c.id}/transitions`, { event, version: cur.version, ...(fields || {}) });
    assert.equal(res.status, 200, `${event}: ${res.text}`);
  }
  r = await who.zhangwei.post('/api/v1/inspections', { client_id: crypto.randomUUID(), enterprise_id: ent.id });
  assert.equal(r.status, 201, r.text);
  r = await who.zhangwei.post(`/api/v1/inspections/${r.body.id}/findings`, { client_id: crypto.randomUUID(), description: '粉尘爆炸危险场所未设置泄爆装置' });
  r = await who.zhangwei.post(`/api/v1/findings/${r.body.id}/hazard`, { grade: 'major', ordered_on: '2026-03-02', deadline: '2026-03-02' });
  assert.equal(r.status, 201, r.text);
  r = await who.zhangwei.post(`/api/v1/hazards/${r.body.id}/reinspection`, { version: r.body.version, result: 'failed', on: '2026-03-07', note: '仍未整改' });
  assert.equal(r.status, 200, r.text);
  return { c, hazard: r.body, who };
}

test('E2E-DP-01 the daily penalty from the case page: the refused hazard offered, a later last day refused, the follow-up case opened with the sum', async () => {
  const { c, hazard, who } = await setup();
  let follow;
  await withPage({ expect: [{ status: 422, path: `/api/v1/cases/${c.id}/daily-penalties` }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhangwei');
    await page.goto(t.url(`/cases/${c.id}`));
    await page.getByRole('tab', { name: '按日连续处罚' }).click();
    await page.getByTestId('daily-hazard').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: `#${hazard.id}` }).click();
    // after the re-inspection: no evidence for those days
    await page.getByTestId('daily-until').fill('2026-03-09');
    await page.getByTestId('daily-start').click();
    await page.getByTestId('daily-error').getByText(/不能晚于认定拒不改正的复查日期/).waitFor();
    await page.getByTestId('daily-until').fill('');
    await page.getByTestId('daily-start').click();
    // 03-03 … 03-07: 5 days × 2000 元
    await page.getByTestId('daily-list').getByText('2026-03-03 至 2026-03-07（5 日）').waitFor();
    assert.match(await page.getByTestId('daily-list').innerText(), /10000 元/);
    const cur = (await who.chenjie.get(`/api/v1/cases/${c.id}`)).body;
    follow = cur.daily_penalties.items[0].follow_case_id;
    await page.getByTestId(`daily-follow-${follow}`).click();
    await page.waitForURL(new RegExp(`/cases/${follow}$`));
    await page.getByRole('tab', { name: '按日连续处罚' }).click();
    await page.getByTestId('daily-of').getByText(/共 5 日/).waitFor();
    assert.match(await page.getByTestId('daily-of-total').innerText(), /10000 元/);
  });
  const f = (await who.chenjie.get(`/api/v1/cases/${follow}`)).body;
  assert.equal(f.state, 'draft');
  assert.equal(f.hazard_id, hazard.id);
  assert.equal(f.daily_penalties.of.case_id, c.id);
});
