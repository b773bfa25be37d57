// Browser test of the penalty case pages (issue 8, part C) against a real
// server with the demo district. 张伟 (officer) opens an inspection finding,
// follows its 立案 link, creates the case, adds 李强 and the violation
// AQ-092-01 (the engine's range and explanation shown); 陈杰 (section head)
// approves the filing — the number is （叶）应急罚〔YYYY〕N号 —, investigates,
// sends the case to 法制审核; 赵敏 (legal reviewer) agrees and sends it to
// 集体讨论; 刘洋 records the discussion; 陈杰 notifies; 刘洋's decision
// before the statement and hearing-request periods ran is refused with the
// articles (第44条, 第64条) shown, then made with the statements heard and
// the hearing waived; the decision shows the remedies; 张伟 serves it. The
// state labels and the timeline entries are read from the page. A second
// test: two people on one case — the stale write gets 409 conflict.version
// and the page says 案件已被他人修改 and reloads. A third: the list, its
// filters and the 到期提醒 tab on a phone-sized viewport.
//
//   npm run build:web && ZHIFA_BIN=build-cpages/zhifa node --test tests/e2e/cases.test.js
//
// Screenshots: /tmp/zhifa-case-page.png, /tmp/zhifa-cases-phone.png
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startAll, stopAll, loginUi, field, withPage: withPageIn } = require('./helpers.js');
const { client } = require('../lib/server.js');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });
const withPage = (opts, body) => withPageIn(env, opts, body);

// Today in China (UTC+8) and days around it, YYYY-MM-DD.
function day(offset = 0) {
  return new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
}

const BIG_ITEM = 'AQ-092-01'; // 3万–10万: hearing-worthy, legal review, collective discussion

async function pick(page, testId, text, typed) {
  await page.getByTestId(testId).click();
  if (typed) await page.keyboard.type(typed);
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
}

// Fires a transition from the 下一步 panel with the given form fields
// (true: tick the box; text: fill the field).
async function fire(page, event, fill = {}) {
  const form = page.getByTestId(`tr-${event}-form`);
  // a refused form stays open with what was entered
  if (!(await form.isVisible())) await page.getByTestId(`tr-${event}-btn`).click();
  await form.waitFor().catch(async (e) => {
    await page.screenshot({ path: `/tmp/cpages/fail-${event}.png`, fullPage: true });
    throw e;
  });
  for (const [k, v] of Object.entries(fill)) {
    if (v === true) await page.getByTestId(`tf-${k}`).click();
    else await page.getByTestId(`tf-${k}`).fill(v);
  }
  await page.getByTestId(`tr-${event}-submit`).click();
}

async function stateIs(page, label) {
  await page.getByTestId('case-state').getByText(label, { exact: true }).waitFor().catch(async (e) => {
    await page.screenshot({ path: `/tmp/cpages/fail-state.png`, fullPage: true });
    throw e;
  });
}

test('E2E-CASE-01 from an inspection finding to the issued decision, with a refusal and its article', async () => {
  const api = client(env.srv.url);
  await api.login('zhangwei');
  const ent = (await api.get('/api/v1/enterprises?limit=5')).body.items[2];
  let r = await api.post('/api/v1/inspections', { client_id: crypto.randomUUID(), enterprise_id: ent.id, inspected_on: day(-31) });
  assert.equal(r.status, 201, r.text);
  const insp = r.body;
  r = await api.post(`/api/v1/inspections/${insp.id}/findings`, { client_id: crypto.randomUUID(), description: '涉爆粉尘作业区未设置安全警示标志' });
  assert.equal(r.status, 201, r.text);
  const finding = r.body;
  const year = day().slice(0, 4);
  let caseUrl;

  // 张伟 files the draft from the finding
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhangwei');
    await page.goto(t.url(`/inspections/${insp.id}`));
    await page.getByTestId(`finding-case-${finding.id}`).click();
    await page.getByTestId('case-new-page').waitFor();
    await page.getByTestId('case-inspection').getByText(ent.name).waitFor();
    assert.match(await field(page, 'case-title').inputValue(), /未设置安全警示标志/);
    assert.match(await page.locator('textarea[data-testid="case-facts"]').inputValue(), new RegExp(`${ent.name}.*未设置安全警示标志`));
    await page.getByTestId('case-create').click();
    await page.getByTestId('case-page').waitFor();
    await stateIs(page, '待立案');
    caseUrl = new URL(page.url()).pathname;
    assert.match(caseUrl, /^\/cases\/\d+$/);
    assert.match(await page.getByTestId('case-number').innerText(), /待立案/);
    // the officer may not approve the filing: the button is disabled with the reason and article
    assert.equal(await page.getByTestId('tr-file-btn').isDisabled(), true);
    assert.match(await page.getByTestId('tr-file-findings').innerText(), /当前角色无权执行“立案”\s*（行政处罚法 第17条）/);
    // 当场处罚 needs two certified officers (第42条)
    assert.match(await page.getByTestId('tr-decide_on_spot-findings').innerText(), /需两名持证执法人员\s*（行政处罚法 第42条）/);

    // 李强 joins as the second officer
    await page.getByRole('tab', { name: '办案人员' }).click();
    await pick(page, 'officer-pick', '李强');
    await page.getByTestId('officer-add').click();
    await page.getByTestId('case-officers').getByText('李强').waitFor();

    // the violation: engine range and explanation, then saved
    await page.getByRole('tab', { name: '违法行为与裁量' }).click();
    await page.getByTestId('violation-add').click();
    await page.getByTestId('violation-dialog').waitFor();
    await pick(page, 'violation-item', BIG_ITEM, BIG_ITEM);
    await page.getByTestId('violation-date').fill(day(-31));
    await page.getByTestId('violation-date').press('Tab');
    await page.getByTestId('violation-engine').waitFor();
    const range = await page.getByTestId('violation-range').innerText();
    assert.match(range, /裁量幅度 \d+ 元 至 \d+ 元/);
    assert.match(await page.getByTestId('violation-engine').innerText(), /应急管理部令第12号/);
    // an amount above the range asks for the written reason
    await field(page, 'violation-amount').fill('200000');
    await page.getByTestId('violation-outside').waitFor();
    assert.equal(await page.getByTestId('violation-save').isDisabled(), true);
    await field(page, 'violation-amount').fill('');
    await page.getByTestId('violation-save').click();
    await page.getByTestId('violation-dialog').waitFor({ state: 'hidden' });
    const shown = await page.getByTestId('violation-amount-shown').innerText();
    assert.match(shown, /^\d+ 元$/);
    assert.match(await page.getByTestId('case-total').innerText(), new RegExp(`^${shown}$`));
    await page.getByTestId('req-legal').waitFor();
    await page.getByTestId('req-collective').waitFor();
  });

  // 陈杰 approves the filing (a date a month ago), investigates, reviews, sends to legal review
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'chenjie');
    await page.goto(t.url(caseUrl));
    await stateIs(page, '待立案');
    await fire(page, 'file', { filed_on: day(-30) });
    await stateIs(page, '立案');
    const number = await page.getByTestId('case-number').innerText();
    assert.match(number, new RegExp(`^（叶）应急罚〔${year}〕\\d+号$`));
    // the 90-day limit is the next deadline, with its rule and article
    assert.match(await page.getByTestId('case-deadline').innerText(), /作出处罚决定期限.*第60条/);
    await fire(page, 'investigate');
    await stateIs(page, '调查取证');
    await fire(page, 'review');
    await stateIs(page, '案件审理');
    // notice before the legal review: refused, the reasons and articles shown
    assert.equal(await page.getByTestId('tr-notify-btn').isDisabled(), true);
    assert.match(await page.getByTestId('tr-notify-findings').innerText(), /第58条/);
    await fire(page, 'legal_review');
    await stateIs(page, '法制审核');
  });

  // 赵敏 agrees (法制审核) and sends the case to collective discussion
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhaomin');
    await page.goto(t.url(caseUrl));
    await stateIs(page, '法制审核');
    await page.getByRole('tab', { name: '审核与讨论' }).click();
    await page.getByTestId('review-form').waitFor();
    await page.locator('textarea[data-testid="review-reasons"]').fill('事实清楚，证据确凿，裁量适当');
    await page.getByTestId('review-save').click();
    await page.getByTestId('case-reviews').getByText('事实清楚，证据确凿，裁量适当').waitFor();
    assert.match(await page.getByTestId('case-reviews').innerText(), /法制审核[\s\S]*同意/);
    await fire(page, 'discuss');
    await stateIs(page, '集体讨论');
  });

  // 刘洋 records the collective discussion
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'liuyang');
    await page.goto(t.url(caseUrl));
    await page.getByRole('tab', { name: '审核与讨论' }).click();
    await field(page, 'review-participants').fill('刘洋、陈杰、赵敏');
    await page.locator('textarea[data-testid="review-reasons"]').fill('同意处罚');
    await page.getByTestId('review-save').click();
    await page.getByTestId('case-reviews').getByText('刘洋、陈杰、赵敏').waitFor();
  });

  // 陈杰 notifies today; 刘洋's decision before the periods ran is refused with the articles
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'chenjie');
    await page.goto(t.url(caseUrl));
    await fire(page, 'notify');
    await stateIs(page, '告知');
  });
  await withPage({ expect: [{ status: 422, path: `/api/v1${caseUrl}/transitions` }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'liuyang');
    await page.goto(t.url(caseUrl));
    await stateIs(page, '告知');
    const findings = page.getByTestId('tr-decide-findings');
    assert.match(await findings.innerText(), /第44/);
    assert.match(await findings.innerText(), /第64条/);
    // deciding anyway: the server refuses (422) and the page says why
    await fire(page, 'decide');
    await page.getByTestId('tr-refused').waitFor();
    assert.match(await page.getByTestId('tr-refused').innerText(), /未能办理/);
    await stateIs(page, '告知');
    assert.match(await page.getByTestId('tr-decide-findings').innerText(), /陈述申辩[\s\S]*第44/);
    // with the statements heard and the hearing waived the decision is made
    await fire(page, 'decide', { statements_heard: true, hearing_waived: true, decision_text: '决定对当事人处以罚款。' });
    await stateIs(page, '决定');
    const number = await page.getByTestId('case-number').innerText();
    await page.getByRole('tab', { name: '决定书' }).click();
    const dec = page.locator('[data-testid^="decision-"]').first();
    await dec.getByText(number).waitFor();
    assert.match(await page.getByTestId('decision-text').innerText(), /决定对当事人处以罚款。/);
    assert.match(await page.getByTestId('decision-remedies').innerText(), /六十日内向叶集区人民政府申请行政复议[\s\S]*行政复议法（2023）第20条/);
    // a correction is a new decision naming the old one, which stays as issued
    await page.getByTestId('decision-correct').click();
    await page.locator('textarea[data-testid="correct-text"]').fill('决定对当事人处以罚款（更正）。');
    await field(page, 'correct-reason').fill('笔误');
    await page.getByTestId('correct-save').click();
    await page.getByText('更正决定（理由：笔误）').waitFor();
    const texts = await page.getByTestId('decision-text').allInnerTexts();
    assert.deepEqual(texts, ['决定对当事人处以罚款。', '决定对当事人处以罚款（更正）。']);
    await page.getByText('已被更正').waitFor();
    assert.equal(await page.getByTestId('decision-correct').count(), 1, 'only the newest decision can be corrected');
    // service within 7 working days is the next deadline (第61条)
    assert.match(await page.getByTestId('case-deadline').innerText(), /送达.*第61条/);
  });

  // 张伟 serves the decision; the timeline shows every step
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhangwei');
    await page.goto(t.url(caseUrl));
    await stateIs(page, '决定');
    await page.getByTestId('tr-serve-btn').click();
    await page.getByTestId('tr-serve-form').waitFor();
    await pick(page, 'tf-service_method', '直接送达');
    await page.getByTestId('tr-serve-submit').click();
    await stateIs(page, '送达');
    // the payment is now the next deadline (第67条)
    assert.match(await page.getByTestId('case-deadline').innerText(), /缴纳罚款期限.*第67条/);
    await page.getByRole('tab', { name: '时间线' }).click();
    const tl = page.getByTestId('case-timeline');
    await tl.locator('li').first().waitFor();
    const acts = await tl.locator('li').evaluateAll((els) => els.map((e) => e.dataset.action));
    assert.equal(acts[0], 'case.serve');
    for (const a of ['case.create', 'case.officer', 'case.violation', 'case.file', 'case.investigate', 'case.review',
      'case.legal_review', 'case.review_record', 'case.discuss', 'case.notify', 'case.decide', 'case.decision_correct', 'case.serve']) {
      assert.ok(acts.includes(a), `${a} missing from the timeline: ${acts}`);
    }
    const text = await tl.innerText();
    for (const label of ['创建案件', '立案', '送法制审核', '审核/讨论意见', '作出处罚决定', '更正决定', '送达', '状态：决定', '意见：同意']) {
      assert.ok(text.includes(label), `timeline lacks ${label}`);
    }
    assert.match(text, /赵敏/);
    await page.screenshot({ path: '/tmp/zhifa-case-page.png', fullPage: true });
    // the payment notice (第67条) by the officer; bank confirmations are not hers
    await page.getByRole('tab', { name: '缴款' }).click();
    await page.getByTestId('pay-notice').click();
    await page.getByTestId('case-payment').getByText('缴款通知').waitFor({ state: 'detached' }).catch(() => {});
    await page.locator('.el-table', { hasText: '缴款通知' }).first().waitFor();
    assert.equal(await page.getByTestId('pay-bank').count(), 0, 'an officer never enters a bank payment');
  });

  // 刘洋 (not one of the case's officers) enters the bank's confirmation; 陈杰 closes the case
  let total;
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'liuyang');
    await page.goto(t.url(caseUrl));
    await stateIs(page, '送达');
    total = (await page.getByTestId('case-total').innerText()).replace(/ 元$/, '');
    await page.getByRole('tab', { name: '缴款' }).click();
    await field(page, 'pay-amount').fill(total);
    await field(page, 'pay-reference').fill(`BANK-E2E-${insp.id}`);
    await page.getByTestId('pay-bank').click();
    await page.locator('.el-table', { hasText: `BANK-E2E-${insp.id}` }).first().waitFor();
    assert.match(await page.getByTestId('case-payment').innerText(), /未缴\s*0 元/);
    assert.match(await page.getByTestId('case-surcharge').innerText(), /^0 元$/);
  });
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'chenjie');
    await page.goto(t.url(caseUrl));
    await fire(page, 'close');
    await stateIs(page, '结案');
    assert.equal(await page.getByTestId('case-deadline').count(), 0, 'a closed case has no deadline');
  });
});

test('E2E-CASE-04 an amount outside the engine range needs the written reason, the reviewer sees it; a person as party', async () => {
  const api = client(env.srv.url);
  await api.login('chenjie');
  const ent = (await api.get('/api/v1/enterprises?limit=6')).body.items[5];
  const r = await api.post('/api/v1/cases', { source_kind: 'referral', title: '超幅度测试', enterprise_id: ent.id });
  assert.equal(r.status, 201, r.text);
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'chenjie');
    await page.goto(t.url(`/cases/${r.body.id}`));
    await stateIs(page, '待立案');
    // a responsible person as a second party
    await page.getByRole('tab', { name: '当事人' }).click();
    await page.getByTestId('party-add').click();
    await field(page, 'party-name').fill('王安全');
    await page.getByTestId('party-save').click();
    await page.getByTestId('case-parties').getByText('王安全').waitFor();
    assert.match(await page.getByTestId('case-parties').innerText(), new RegExp(`${ent.name}[\\s\\S]*主要当事人`));
    // AQ-099-01 general: 5000–15000 元; 20000 元 needs the reason
    await page.getByRole('tab', { name: '违法行为与裁量' }).click();
    await page.getByTestId('violation-add').click();
    await pick(page, 'violation-item', 'AQ-099-01', 'AQ-099-01');
    await page.getByTestId('violation-date').fill(day(-20));
    await page.getByTestId('violation-date').press('Tab');
    await page.getByTestId('violation-range').getByText('5000 元 至 15000 元').waitFor();
    await field(page, 'violation-amount').fill('20000');
    await page.getByTestId('violation-outside').waitFor();
    assert.equal(await page.getByTestId('violation-save').isDisabled(), true);
    await page.locator('textarea[data-testid="violation-reason"]').fill('拒不配合检查，多次整改不到位');
    await page.getByTestId('violation-save').click();
    await page.getByTestId('violation-dialog').waitFor({ state: 'hidden' });
    const v = page.locator('[data-testid^="violation-"]', { hasText: 'AQ-099-01' }).first();
    await v.getByText('超出裁量幅度').waitFor();
    await v.getByText('金额理由：拒不配合检查，多次整改不到位').waitFor();
    assert.match(await page.getByTestId('violation-amount-shown').innerText(), /^20000 元$/);
    // the explanation of the engine is kept with the case
    await v.getByText('查看裁量说明').click();
    assert.match(await page.getByTestId('violation-steps').innerText(), /应急管理部令第12号/);
    // and the review tab puts it before the reviewer
    await page.getByRole('tab', { name: '审核与讨论' }).click();
    await page.getByText(/以下金额超出裁量幅度.*拒不配合检查/).waitFor();
  });
});

test('E2E-CASE-05 wrong unit and read-only roles: sunli cannot open a brigade case, wugang reads without writing', async () => {
  const api = client(env.srv.url);
  await api.login('chenjie');
  const brigadeCase = (await api.get('/api/v1/cases?state=executing')).body.items[0];
  await withPage({ expect: [{ status: 403, path: `/api/v1/cases/${brigadeCase.id}` }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'sunli');
    await page.goto(t.url(`/cases/${brigadeCase.id}`));
    await page.getByTestId('case-page').getByText(/权|范围/).first().waitFor();
    assert.equal(await page.getByTestId('case-state').count(), 0);
    // her list holds her township's cases only
    await page.goto(t.url('/cases'));
    await page.getByTestId('cases-table').locator('tbody tr').first().waitFor();
    assert.equal(await page.getByTestId('cases-table').getByText(brigadeCase.number).count(), 0);
    await page.getByTestId('cases-table').getByText('史河').first().waitFor();
  });
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'wugang');
    await page.goto(t.url('/cases'));
    await page.getByTestId('cases-table').getByText(brigadeCase.number).waitFor();
    assert.equal(await page.getByTestId('case-new').count(), 0, 'the city supervisor files nothing');
    await page.goto(t.url(`/cases/${brigadeCase.id}`));
    await stateIs(page, '执行');
    assert.equal(await page.getByTestId('violation-add').count(), 0);
    // every step is refused for his role, with the reason
    const buttons = page.locator('[data-testid^="tr-"][data-testid$="-btn"]');
    const n = await buttons.count();
    assert.ok(n > 0);
    for (let i = 0; i < n; i++) assert.equal(await buttons.nth(i).isDisabled(), true);
    await page.getByRole('tab', { name: '缴款' }).click();
    assert.equal(await page.getByTestId('pay-bank').count(), 0);
    assert.ok(Number((await page.getByTestId('case-surcharge').innerText()).replace(/[^\d]/g, '')) > 0, 'the overdue fine has a surcharge');
  });
});

test('E2E-CASE-02 two people on one case: the stale write is 409, the page says so and reloads', async () => {
  const api = client(env.srv.url);
  await api.login('chenjie');
  const ent = (await api.get('/api/v1/enterprises?limit=5')).body.items[3];
  let r = await api.post('/api/v1/cases', { source_kind: 'complaint', title: '并发修改测试', enterprise_id: ent.id });
  assert.equal(r.status, 201, r.text);
  const c = r.body;
  await withPage({ expect: [{ status: 409, path: `/api/v1/cases/${c.id}/transitions` }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'chenjie');
    await page.goto(t.url(`/cases/${c.id}`));
    await stateIs(page, '待立案');
    // meanwhile someone else changes the case
    r = await api.patch(`/api/v1/cases/${c.id}`, { version: c.version, facts: '他人补充的事实' });
    assert.equal(r.status, 200, r.text);
    await fire(page, 'withdraw', { withdraw_reason: '线索不实' });
    await page.getByTestId('case-conflict').waitFor();
    assert.match(await page.getByTestId('case-conflict').innerText(), /案件已被他人修改/);
    // not overwritten: still a draft, the other person's facts kept
    await stateIs(page, '待立案');
    const now = (await api.get(`/api/v1/cases/${c.id}`)).body;
    assert.equal(now.state, 'draft');
    assert.equal(now.facts, '他人补充的事实');
    // after the reload the same step goes through with the fresh version
    await fire(page, 'withdraw', { withdraw_reason: '线索不实' });
    await stateIs(page, '撤销立案');
  });
});

test('E2E-CASE-03 the list on a phone: filters, keyset 加载更多, overdue marked, 到期提醒', async () => {
  // more drafts than one page (30) so that 加载更多 has something to load
  const api = client(env.srv.url);
  await api.login('liqiang');
  const ent = (await api.get('/api/v1/enterprises?limit=8')).body.items[7];
  for (let i = 0; i < 26; i++) {
    const r = await api.post('/api/v1/cases', { source_kind: 'ad_hoc', title: `分页测试 ${i}`, enterprise_id: ent.id });
    assert.equal(r.status, 201, r.text);
  }
  const all = (await api.get('/api/v1/cases?limit=200')).body.items;
  assert.ok(all.length > 30, `${all.length} cases`);
  await withPage({ viewport: { width: 375, height: 812 } }, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhangwei');
    await page.goto(t.url('/cases'));
    await page.getByTestId('cases-page').waitFor();
    const table = page.getByTestId('cases-table');
    const rows = table.locator('tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 30);
    await page.getByTestId('cases-more').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="cases-table"] tbody tr').length === n, all.length);
    assert.equal(await page.getByTestId('cases-more').count(), 0, 'nothing more to load');
    // the oldest case is now listed
    const oldest = all[all.length - 1];
    await table.getByText(oldest.number || oldest.title, { exact: true }).first().waitFor();
    // the demo's executing case is overdue on its payment (第67条)
    const executing = all.find((c) => c.state === 'executing');
    const overdue = table.locator('tr', { hasText: executing.number });
    await overdue.getByText('已逾期').waitFor();
    assert.match(await page.getByTestId(`case-due-${executing.id}`).innerText(), /缴纳罚款期限/);
    // filter by state: only 撤销立案 rows
    await pick(page, 'cases-state', '撤销立案');
    const withdrawn = all.filter((c) => c.state === 'withdrawn');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="cases-table"] tbody tr').length === n, withdrawn.length);
    await table.getByText(withdrawn.find((c) => c.number).number).waitFor();
    // 我办理的案件: 张伟 is on none of the withdrawn cases of the demo or not; compare with the API
    const me = (await page.evaluate(() => fetch('/api/v1/officers?limit=200').then((x) => x.json()))).items.find((o) => o.username === 'zhangwei');
    const mine = (await page.evaluate((oid) => fetch(`/api/v1/cases?state=withdrawn&officer_id=${oid}`).then((x) => x.json()), me.id)).items;
    await page.getByTestId('cases-mine').click();
    await page.waitForFunction((n) => {
      const trs = document.querySelectorAll('[data-testid="cases-table"] tbody tr');
      return trs.length === n || (n === 0 && document.body.innerText.includes('没有符合条件的案件'));
    }, mine.length);
    // number / party search
    await page.getByTestId('cases-mine').click();
    await pick(page, 'cases-state', '执行');
    await field(page, 'cases-q').fill(executing.party_name.slice(-6));
    await field(page, 'cases-q').press('Enter');
    await table.getByText(executing.number).waitFor();
    // 到期提醒: within 7 days and overdue, per unit and officer
    await page.getByRole('tab', { name: '到期提醒' }).click();
    await page.getByTestId('due-summary').waitFor();
    const due = (await page.evaluate(() => fetch('/api/v1/case-deadlines?within=7').then((x) => x.json())));
    assert.match(await page.getByTestId('due-summary').innerText(), new RegExp(`共 ${due.count} 件，其中已逾期 ${due.overdue} 件`));
    assert.ok(due.overdue >= 1);
    await page.getByTestId('due-table').getByText(/已逾期 \d+ 天/).first().waitFor();
    await page.getByTestId('due-by-officer').getByText('张伟').waitFor();
    await page.screenshot({ path: '/tmp/zhifa-cases-phone.png', fullPage: true });
  });
});

// A case built through the API for the browser tests below: chenjie files
// it with zhangwei as the second officer, one enterprise of the demo as the
// party and one delegable item; `steps` are [user, event, fields] walked in
// order. Returns { c, who, step } (step walks further).
async function apiCase({ title, facts, entIndex, complex = false, steps = [], amount, reason }) {
  const who = {};
  for (const u of ['chenjie', 'zhangwei', 'liuyang']) {
    who[u] = client(env.srv.url);
    assert.equal((await who[u].login(u)).status, 200);
  }
  const officers = (await who.chenjie.get('/api/v1/officers')).body.items;
  const mate = officers.find((o) => o.username === 'zhangwei').id;
  const ent = (await who.chenjie.get(`/api/v1/enterprises?limit=${entIndex + 2}`)).body.items[entIndex];
  const item = (await who.chenjie.get('/api/v1/catalogue?delegable=1&limit=1')).body.items[0].code;
  let r = await who.chenjie.post('/api/v1/cases', { source_kind: 'complaint', title, facts, complex });
  assert.equal(r.status, 201, r.text);
  const c = r.body;
  r = await who.chenjie.post(`/api/v1/cases/${c.id}/officers`, { version: c.version, officer_id: mate, role: 'assist' });
  assert.equal(r.status, 201, r.text);
  r = await who.chenjie.post(`/api/v1/cases/${c.id}/parties`, { version: r.body.version, kind: 'org', enterprise_id: ent.id, is_principal: true });
  assert.equal(r.status, 201, r.text);
  const v = { version: r.body.version, item_code: item, violation_date: day(-40), tier: 'minor' };
  if (amount !== undefined) Object.assign(v, { amount_fen: amount, amount_reason: reason });
  r = await who.chenjie.post(`/api/v1/cases/${c.id}/violations`, v);
  assert.equal(r.status, 201, r.text);
  const step = async (u, event, fields = {}) => {
    const cur = (await who.chenjie.get(`/api/v1/cases/${c.id}`)).body;
    const res = await who[u].post(`/api/v1/cases/${c.id}/transitions`, { event, version: cur.version, ...fields });
    assert.equal(res.status, 200, `${event}: ${res.text}`);
  };
  for (const [u, event, fields] of steps) await step(u, event, fields);
  return { c, who, step };
}

test('E2E-CASE-06 the legal reviewer returns a case in the browser: 退回补充调查 needs its reasons, the case goes back to 调查取证 and the reasons stay on the record', async () => {
  const { c, who } = await apiCase({
    title: '浏览器退回测试', facts: '车间除尘系统未按规定清理积尘。', entIndex: 3, complex: true,
    steps: [['chenjie', 'file', { filed_on: day(-20) }], ['zhangwei', 'investigate'], ['zhangwei', 'review'], ['chenjie', 'legal_review']],
  });
  const caseUrl = `/cases/${c.id}`;
  await withPage({ expect: [{ status: 400, path: `/api/v1${caseUrl}/reviews` }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhaomin');
    await page.goto(t.url(caseUrl));
    await stateIs(page, '法制审核');
    await page.getByRole('tab', { name: '审核与讨论' }).click();
    await page.getByTestId('review-form').waitFor();
    await pick(page, 'review-opinion', '退回补充调查');
    // no reasons: refused on the field, nothing recorded
    await page.getByTestId('review-save').click();
    await page.getByTestId('review-form').getByText('建议修改或退回须写明理由').waitFor();
    await page.locator('textarea[data-testid="review-reasons"]').fill('缺少现场检查笔录，补充询问笔录');
    await page.getByTestId('review-save').click();
    await page.getByTestId('case-reviews').getByText('缺少现场检查笔录，补充询问笔录').waitFor();
    assert.match(await page.getByTestId('case-reviews').innerText(), /法制审核[\s\S]*赵敏[\s\S]*退回/);
    await fire(page, 'legal_return');
    await stateIs(page, '调查取证');
  });
  const after = (await who.chenjie.get(`/api/v1/cases/${c.id}`)).body;
  assert.equal(after.state, 'investigating');
  assert.equal(after.reviews[0].opinion, 'return');
  assert.equal(after.reviews[0].reasons, '缺少现场检查笔录，补充询问笔录');
});

test('E2E-CASE-07 不予处罚 in the browser: refused without its reason, then decided with it; the decision text says 不予行政处罚', async () => {
  const { c, who } = await apiCase({
    title: '浏览器不予处罚测试', facts: '安全警示标志缺失，当场改正。', entIndex: 4,
    steps: [['chenjie', 'file', { filed_on: day(-30) }], ['zhangwei', 'investigate'], ['zhangwei', 'review'],
      ['zhangwei', 'notify', { notified_on: day(-20), statements_heard: true }]],
  });
  const caseUrl = `/cases/${c.id}`;
  await withPage({ expect: [{ status: 400, path: `/api/v1${caseUrl}/transitions` }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'chenjie');
    await page.goto(t.url(caseUrl));
    await stateIs(page, '告知');
    await fire(page, 'no_penalty');
    await page.getByText('不予行政处罚须写明理由（行政处罚法 第57条第1款第2项）').first().waitFor();
    assert.equal(await page.getByTestId('tr-no_penalty-form').isVisible(), true, 'a refused form stays open');
    await fire(page, 'no_penalty', { no_penalty_reason: '初次违法且危害后果轻微并及时改正（行政处罚法 第33条第1款）' });
    await stateIs(page, '不予处罚');
  });
  const after = (await who.chenjie.get(`/api/v1/cases/${c.id}`)).body;
  assert.equal(after.state, 'no_penalty');
  assert.equal(after.decided_amount_fen, 0);
  assert.match(after.decisions[0].body.text, /不予行政处罚/);
});

test('E2E-CASE-08 deferral of payment (行政处罚法 第66条): the section head approves it on the 缴款 tab, the payments show it and the case\'s deadline moves to the new day', async () => {
  const { c, who } = await apiCase({
    title: '浏览器延期缴纳测试', facts: '未按规定开展安全培训。', entIndex: 5,
    steps: [['chenjie', 'file', { filed_on: day(-30) }], ['zhangwei', 'investigate'], ['zhangwei', 'review'],
      ['zhangwei', 'notify', { notified_on: day(-20), statements_heard: true }], ['liuyang', 'decide', { decided_on: day(-10) }],
      ['zhangwei', 'serve', { served_on: day(-9), service_method: 'direct' }]],
  });
  const newDue = day(60);
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'chenjie');
    await page.goto(t.url(`/cases/${c.id}`));
    await page.getByRole('tab', { name: '缴款' }).click();
    await page.getByTestId('plan-due').fill(newDue);
    await field(page, 'plan-note').fill('确有经济困难，批准暂缓至两个月后');
    const [saved] = await Promise.all([
      page.waitForResponse((res) => res.url().endsWith(`/api/v1/cases/${c.id}/payment-plans`) && res.request().method() === 'POST'),
      page.getByTestId('plan-save').click(),
    ]);
    assert.equal(saved.status(), 201, await saved.text());
    const table = page.locator('.el-tab-pane', { hasText: '罚款由当事人到指定银行缴纳' });
    await table.getByText('延期缴纳').first().waitFor();
    await table.getByText(newDue).first().waitFor();
    await page.getByTestId('case-deadline').getByText(newDue).first().waitFor();
  });
  const after = (await who.chenjie.get(`/api/v1/cases/${c.id}`)).body;
  assert.equal(after.payment.due_on, newDue);
});

// fen → "123.45" (integers only), as the server's messages write it; and
// as the pages write it (labels.js yuan: "123.45 元", "123 元")
function yuanText(fen) { return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`; }
function yuanPage(fen) { return `${Math.trunc(fen / 100)}${fen % 100 ? `.${String(fen % 100).padStart(2, '0')}` : ''} 元`; }

test('E2E-CASE-09 instalments (行政处罚法 第66条第2款): 张伟 records the party\'s application on the 缴款 tab — a schedule that does not add up is refused naming the sum —, 陈杰 approves it, each instalment shows paid / overdue and its surcharge (第72条)', async () => {
  const { c, who } = await apiCase({
    title: '浏览器分期缴纳测试', facts: '未按规定开展安全培训。', entIndex: 6,
    steps: [['chenjie', 'file', { filed_on: day(-80) }], ['zhangwei', 'investigate'], ['zhangwei', 'review'],
      ['zhangwei', 'notify', { notified_on: day(-60), statements_heard: true }], ['liuyang', 'decide', { decided_on: day(-50) }],
      ['zhangwei', 'serve', { served_on: day(-45), service_method: 'direct' }]],
  });
  const fine = (await who.chenjie.get(`/api/v1/cases/${c.id}`)).body.decided_amount_fen;
  const part = Math.floor(fine / 3);
  const amounts = [part, part, fine - 2 * part];
  const dues = [day(-30), day(-5), day(30)];
  const applyPath = `/api/v1/cases/${c.id}/instalment-plans`;
  await withPage({ expect: [{ status: 400, path: applyPath }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhangwei');
    await page.goto(t.url(`/cases/${c.id}`));
    await page.getByRole('tab', { name: '缴款' }).click();
    await page.getByTestId('instalment-form').waitFor();
    await field(page, 'instalment-reason').fill('企业经营困难，申请分三期缴纳');
    await page.getByTestId('instalment-form').locator('input[type="date"]').first().fill(day(-40));
    // two instalments that leave the last part out: refused, the sum named
    for (const i of [0, 1]) {
      await field(page, `instalment-amount-${i + 1}`).fill(yuanText(amounts[i]));
      await page.getByTestId(`instalment-due-${i + 1}`).fill(dues[i]);
    }
    const [bad] = await Promise.all([
      page.waitForResponse((res) => res.url().endsWith(applyPath) && res.request().method() === 'POST'),
      page.getByTestId('instalment-apply').click(),
    ]);
    assert.equal(bad.status(), 400);
    assert.equal((await bad.json()).error.field, 'instalments');
    await page.getByTestId('pay-error').getByText(`应等于未缴罚款 ${yuanText(fine)} 元`, { exact: false }).waitFor();
    // the third instalment added: accepted, pending approval
    await page.getByTestId('instalment-add').click();
    await field(page, 'instalment-amount-3').fill(yuanText(amounts[2]));
    await page.getByTestId('instalment-due-3').fill(dues[2]);
    const [good] = await Promise.all([
      page.waitForResponse((res) => res.url().endsWith(applyPath) && res.request().method() === 'POST'),
      page.getByTestId('instalment-apply').click(),
    ]);
    assert.equal(good.status(), 201, await good.text());
    await page.getByTestId('instalment-plan-status').getByText('待审批').waitFor();
    // an officer does not approve (第66条: 行政机关批准)
    assert.equal(await page.getByTestId('instalment-approve').count(), 0);
  });
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'chenjie');
    await page.goto(t.url(`/cases/${c.id}`));
    await page.getByRole('tab', { name: '缴款' }).click();
    await field(page, 'instalment-note').fill('经审查确有经济困难，同意分三期缴纳');
    const [ok] = await Promise.all([
      page.waitForResponse((res) => res.url().includes(`/instalment-plans/`) && res.url().endsWith('/decision')),
      page.getByTestId('instalment-approve').click(),
    ]);
    assert.equal(ok.status(), 200, await ok.text());
    await page.getByTestId('instalment-plan-status').getByText('已批准').waitFor();
    await page.getByTestId('instalment-status-1').getByText('已逾期').waitFor();
    await page.getByTestId('instalment-status-3').getByText('待缴').waitFor();
  });
  // finance enters the bank's payment of the first instalment (a day early)
  let s = (await who.chenjie.get(`/api/v1/cases/${c.id}`)).body;
  const r = await who.liuyang.post(`/api/v1/cases/${c.id}/payments`, { version: s.version, amount_fen: amounts[0], paid_on: day(-31), reference: `E2E-INST-${c.id}` });
  assert.equal(r.status, 201, r.text);
  s = r.body;
  const lateFen = Math.floor(amounts[1] * 3 * 5 / 100); // 5 days × 3% of the second instalment
  assert.equal(s.payment.surcharge_fen, lateFen);
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'chenjie');
    await page.goto(t.url(`/cases/${c.id}`));
    await page.getByRole('tab', { name: '缴款' }).click();
    await page.getByTestId('instalment-status-1').getByText('已缴清').waitFor();
    await page.getByTestId('instalment-status-2').getByText('已逾期').waitFor();
    await page.getByTestId('instalment-status-3').getByText('待缴').waitFor();
    assert.equal((await page.getByTestId('instalment-surcharge-2').textContent()).trim(), yuanPage(lateFen));
    assert.equal((await page.getByTestId('case-surcharge').textContent()).trim(), yuanPage(lateFen));
    await page.getByTestId('case-deadline').getByText(dues[1]).first().waitFor();
    await page.screenshot({ path: '/tmp/zhifa-case-instalments.png', fullPage: true });
  });
});

test('E2E-CASE-10 the hearing path (行政处罚法 第63–65条、第58条) in the browser: a 较大数额 fine notified with the hearing right; deciding while the request period runs is refused (第64条); the party asks in time, the 听证告知书 is issued; deciding with the hearing pending, without the hearing notice, or with one sent too late is refused with the article; the hearing held and its notice recorded lead to 法制审核, the reviewer agrees, the decision is issued', async () => {
  // 4万 on a unit: 较大数额 (hearing right from 3万, 第63条) but below the
  // amounts that need review (5万) — so the review comes from the hearing
  const setup = { facts: '未按规定对从业人员进行安全生产教育和培训。', amount: 4000000, reason: '按裁量基准从重档',
    steps: [['chenjie', 'file', { filed_on: day(-45) }], ['zhangwei', 'investigate'], ['zhangwei', 'review']] };
  const fresh = await apiCase({ ...setup, title: '浏览器听证期限测试', entIndex: 8 });
  const { c, who } = await apiCase({ ...setup, title: '浏览器听证程序测试', entIndex: 9 });
  const caseUrl = `/cases/${c.id}`;
  const transitions = `/api/v1${caseUrl}/transitions`;
  const last = async (held) => (await who.chenjie.post('/api/v1/deadlines/compute', { rule: 'hearing_notice', from: held })).body.due;

  // 陈杰 notifies the fresh case today: the hearing right is shown, and
  // 刘洋's decision is refused while the five working days run (第64条)
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'chenjie');
    await page.goto(t.url(`/cases/${fresh.c.id}`));
    await fire(page, 'notify');
    await stateIs(page, '告知');
  });
  await withPage({ expect: [{ status: 422, path: `/api/v1/cases/${fresh.c.id}/transitions` }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'liuyang');
    await page.goto(t.url(`/cases/${fresh.c.id}`));
    await fire(page, 'decide', { statements_heard: true });
    await page.getByTestId('tr-refused').waitFor();
    assert.match(await page.getByTestId('tr-decide-findings').innerText(), /听证申请期限未届满[\s\S]*第64条/);
    await stateIs(page, '告知');
  });

  // the main case: notified 30 days ago; the party asked two days later
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhangwei');
    await page.goto(t.url(caseUrl));
    await fire(page, 'notify', { notified_on: day(-30) });
    await stateIs(page, '告知');
    await fire(page, 'hearing', { hearing_requested_on: day(-28) });
    await stateIs(page, '陈述申辩/听证');
    // the 听证告知书 of the case from 执法文书
    await page.getByText('执法文书').first().click();
    await page.getByTestId('documents-page').waitFor();
    await page.getByTestId('doc-kind').click();
    await page.getByRole('option', { name: '听证告知书' }).click();
    await page.getByTestId('doc-subject-kind').click();
    await page.getByRole('option', { name: '案件', exact: true }).click();
    await field(page, 'doc-subject-id').fill(String(c.id));
    await page.getByTestId('doc-issue').click();
    await page.getByTestId('doc-issued').waitFor();
    assert.match(await page.getByTestId('doc-issued').innerText(), /（叶）应急听告〔\d{4}〕\d+号/);
  });

  const held = day(-12);
  const lastNotice = await last(held);
  await withPage({ expect: [{ status: 422, path: transitions }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'chenjie');
    await page.goto(t.url(caseUrl));
    await stateIs(page, '陈述申辩/听证');
    // the request pending: no decision (第64条)
    assert.match(await page.getByTestId('tr-decide-findings').innerText(), /当事人已申请听证，听证未举行[\s\S]*第64条/);
    // to the review from the hearing: its date and its notice's date are the form's (第64条第1款第2项)
    assert.match(await page.getByTestId('tr-legal_review-findings').innerText(), /未记录听证通知书送达日期[\s\S]*第64条第1款第2项/);
    // the hearing held but its notice not on record, then one sent a day after the last day: refused
    await fire(page, 'legal_review', { hearing_held_on: held });
    await page.getByTestId('tr-refused').waitFor();
    assert.match(await page.getByTestId('tr-refused').innerText(), /未记录听证通知书送达日期/);
    const late = new Date(Date.parse(lastNotice) + 86400e3).toISOString().slice(0, 10);
    await fire(page, 'legal_review', { hearing_held_on: held, hearing_notice_on: late });
    await page.getByTestId('tr-refused').getByText(`应最迟于 ${lastNotice} 送达（举行听证的七个工作日前），实际送达 ${late}`, { exact: false }).waitFor();
    await stateIs(page, '陈述申辩/听证');
    // the notice served the day after the request: to legal review (第58条第1款第2项)
    await fire(page, 'legal_review', { hearing_held_on: held, hearing_notice_on: day(-27) });
    await stateIs(page, '法制审核');
  });

  // 赵敏 reviews; 刘洋 decides; the decision shows the remedies
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhaomin');
    await page.goto(t.url(caseUrl));
    await page.getByRole('tab', { name: '审核与讨论' }).click();
    await page.getByTestId('review-form').waitFor();
    await page.locator('textarea[data-testid="review-reasons"]').fill('听证笔录已复核，事实清楚，裁量适当');
    await page.getByTestId('review-save').click();
    await page.getByTestId('case-reviews').getByText('听证笔录已复核，事实清楚，裁量适当').waitFor();
  });
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'liuyang');
    await page.goto(t.url(caseUrl));
    await fire(page, 'decide', { statements_heard: true, decision_text: '经听证，决定对当事人处以罚款人民币肆万元。' });
    await stateIs(page, '决定');
    const number = await page.getByTestId('case-number').innerText();
    await page.getByRole('tab', { name: '决定书' }).click();
    await page.locator('[data-testid^="decision-"]').first().getByText(number).waitFor();
    assert.match(await page.getByTestId('decision-text').innerText(), /经听证，决定对当事人处以罚款人民币肆万元。/);
    assert.match(await page.getByTestId('decision-remedies').innerText(), /六十日内向叶集区人民政府申请行政复议/);
    await page.getByRole('tab', { name: '时间线' }).click();
    const acts = await page.getByTestId('case-timeline').locator('li').evaluateAll((els) => els.map((e) => e.dataset.action));
    for (const a of ['case.notify', 'case.hearing', 'case.legal_review', 'case.review_record', 'case.decide']) assert.ok(acts.includes(a), `${a}: ${acts}`);
  });
  const after = (await who.chenjie.get(`/api/v1/cases/${c.id}`)).body;
  assert.equal(after.hearing_held_on, held);
  assert.equal(after.hearing_notice_on, day(-27));
  assert.equal(after.decisions.length, 1);
  const docs = (await who.chenjie.get(`/api/v1/documents?subject_kind=case&subject_id=${c.id}`)).body.items;
  assert.ok(docs.some((d) => d.kind === 'hearing_notice'), JSON.stringify(docs.map((d) => d.kind)));
});
