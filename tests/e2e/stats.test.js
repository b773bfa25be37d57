// Browser test of the statistics dashboard (issue 11, R32): the section head
// opens 统计分析, the figure cards show the dashboard's numbers, changing the
// period to 本年 asks the server for the whole year, and clicking a bar of
// 案件（按状态） lands on the list of exactly those cases; a bar of
// 检查（按单位） on that unit's inspections of the period.
//
//   npm run build:web && ZHIFA_BIN=build-stats/zhifa node --test tests/e2e/stats.test.js
//
// Screenshot: /tmp/zhifa-stats.png.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startAll, stopAll, loginUi, withPage: withPageIn } = require('./helpers.js');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });
const withPage = (options, body) => withPageIn(env, options, body);

function today() { return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10); }

test('E2E-ST-01 dashboard: period change, then a bar opens the matching list', async () => {
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'chenjie');
    const first = page.waitForResponse((r) => r.url().includes('/api/v1/stats/dashboard'));
    await page.getByTestId('menu-statistics').click();
    const d0 = await (await first).json();
    await page.getByTestId('stats-span').waitFor();
    assert.match(await page.getByTestId('stats-span').innerText(), new RegExp(`${today().slice(0, 7)}-01`));
    assert.match(await page.getByTestId('card-filed').innerText(), new RegExp(`\\b${d0.cases.filed}\\b`));
    // 本年: the page asks for the whole year and shows its figures
    const [yearAnswer] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/stats/dashboard') && r.url().includes(`from=${today().slice(0, 4)}-01-01`)),
      page.getByTestId('period-year').click(),
    ]);
    const d = await yearAnswer.json();
    assert.equal(d.to, `${today().slice(0, 4)}-12-31`);
    await page.getByTestId('stats-span').getByText(`${today().slice(0, 4)}-12-31`).waitFor();
    assert.match(await page.getByTestId('card-inspections').innerText(), new RegExp(`\\b${d.inspections.total}\\b`));
    await page.screenshot({ path: '/tmp/zhifa-stats.png', fullPage: true });
    // a bar of cases by state: the list of cases in that state
    const st = d.cases.by_state.find((x) => x.count > 0);
    assert.ok(st, 'the demo district has cases this year');
    await page.getByTestId(`bar-case-state-${st.state}`).click();
    await page.waitForURL(/\/statistics\/list\?/);
    assert.match(page.url(), new RegExp(`state=${st.state}`));
    await page.getByTestId('stats-list-title').getByText(st.name).waitFor();
    await page.locator(`[data-testid="row-state-${st.state}"]`).first().waitFor();
    const rows = await page.locator('[data-testid="stats-list-table"] .el-table__body tr').count();
    const same = await page.locator(`[data-testid="row-state-${st.state}"]`).count();
    assert.ok(rows >= 1);
    assert.equal(same, rows, 'every listed case is in the state of the bar');
    // back, then a unit's inspections of the period
    await page.goBack();
    await page.getByTestId('stats-span').waitFor();
    const u = d.units.find((x) => x.inspections > 0);
    assert.ok(u, 'a unit with inspections');
    await page.getByTestId('period-year').click();
    const bar = page.getByTestId(`bar-insp-unit-${u.unit_id}`);
    await bar.waitFor();
    await bar.click();
    await page.waitForURL(/kind=inspections/);
    assert.match(page.url(), new RegExp(`unit_id=${u.unit_id}`));
    await page.locator('[data-testid="stats-list-table"] .el-table__body tr').first().waitFor();
    const n = await page.locator('[data-testid="stats-list-table"] .el-table__body tr').count();
    assert.equal(n, Math.min(u.inspections, 100), 'the unit\'s inspections of the period');
  });
});

test('E2E-ST-02 the 双随机抽查覆盖 card opens the draws of the period and unit; the 专业化比例 card the ratio report with the same numbers', async () => {
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'chenjie');
    const first = page.waitForResponse((r) => r.url().includes('/api/v1/stats/dashboard'));
    await page.getByTestId('menu-statistics').click();
    const d = await (await first).json();
    assert.ok(d.draws.draws > 0, 'the demo has draws done this month');
    const card = page.getByTestId('card-draws');
    assert.match(await card.innerText(), new RegExp(`抽查 ${d.draws.draws} 次，抽中 ${d.draws.enterprises} 家`));
    await card.click();
    await page.waitForURL(/\/plans\/draws\?/);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('from'), d.from);
    assert.equal(url.searchParams.get('to'), d.to);
    assert.equal(url.searchParams.get('unit_id'), String(d.unit.id));
    await page.getByTestId('draws-filter').getByText(`${d.from} 至 ${d.to}`).waitFor();
    await page.locator('[data-testid="draws-table"] .el-table__body tr').first().waitFor();
    const n = await page.locator('[data-testid="draws-table"] .el-table__body tr').count();
    assert.equal(n, d.draws.draws, 'the listed draws are the figure\'s');
    // every listed draw is done: none frozen or cancelled
    const texts = await page.locator('[data-testid="draws-table"] .el-table__body tr').allInnerTexts();
    for (const x of texts) assert.doesNotMatch(x, /已冻结|已撤销/);
    // back: the 专业化比例 card opens the ratio report on the unit's row
    await page.goBack();
    const ratio = page.getByTestId('card-ratio');
    await ratio.waitFor();
    assert.match(await ratio.innerText(), new RegExp(`在岗 ${d.officers_ratio.total} 人，专业化 ${d.officers_ratio.professional} 人`));
    await ratio.click();
    await page.waitForURL(/\/officers\/ratio\?unit_id=/);
    // chenjie's dashboard is the whole district (the scope root): the
    // report's district-wide line carries the card's figure, every unit row shows
    assert.equal(d.unit.kind, 'bureau');
    await page.getByTestId('ratio-overall').getByText(`全区在岗执法人员 ${d.officers_ratio.total} 人`).waitFor();
    assert.match(await page.getByTestId('ratio-overall').innerText(), new RegExp(`的 ${d.officers_ratio.professional} 人`));
  });
});

test('E2E-ST-03 the charts are ECharts: clicking a bar drawn in 案件（按领域） opens exactly the cases of that domain registered in the period', async () => {
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'chenjie');
    await page.getByTestId('menu-statistics').click();
    await page.getByTestId('stats-span').waitFor();
    const [yearAnswer] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/stats/dashboard') && r.url().includes(`from=${today().slice(0, 4)}-01-01`)),
      page.getByTestId('period-year').click(),
    ]);
    const d = await yearAnswer.json();
    const dom = d.cases.by_domain;
    assert.ok(dom.length > 0, 'the demo district has cases with violations this year');
    // the chart is drawn by ECharts (its SVG renderer): one bar per domain;
    // the first bar is the first domain
    const bars = page.locator('[data-testid="echart-case-domain"] svg path[fill="#409eff"]');
    await bars.first().waitFor();
    assert.equal(await bars.count(), dom.length);
    await bars.first().click();
    await page.waitForURL(/kind=cases/);
    assert.match(page.url(), new RegExp(`domain=${encodeURIComponent(dom[0].domain)}`));
    await page.getByTestId('stats-list-title').getByText(`领域：${dom[0].name}`).waitFor();
    await page.locator('[data-testid="stats-list-table"] .el-table__body tr').first().waitFor();
    const n = await page.locator('[data-testid="stats-list-table"] .el-table__body tr').count();
    assert.equal(n, Math.min(dom[0].count, 100), 'the cases the bar counts');
  });
});

test('E2E-ST-04 the 入职培训 cards show the onboarding figure; each opens the training report on exactly the officers in that state', async () => {
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'chenjie');
    const first = page.waitForResponse((r) => r.url().includes('/api/v1/stats/dashboard'));
    await page.getByTestId('menu-statistics').click();
    const d = await (await first).json();
    const o = d.training.onboarding;
    assert.equal(o.officers, o.complete + o.in_window + o.overdue);
    assert.ok(o.in_window > 0, 'the demo has a new hire in onboarding');
    const card = page.getByTestId('card-onboarding');
    await card.waitFor();
    assert.match(await card.innerText(), new RegExp(`在岗 ${o.officers} 人，已完成 ${o.complete} 人`));
    assert.match(await page.getByTestId('card-onboarding-overdue').innerText(), new RegExp(`\\b${o.overdue}\\b[\\s\\S]*其中未开始 ${o.not_started} 人`));
    for (const [key, state, n] of [['onboarding-window', 'in_window', o.in_window], ['onboarding-overdue', 'overdue', o.overdue]]) {
      const c = page.getByTestId(`card-${key}`);
      await c.waitFor();
      assert.match(await c.innerText(), new RegExp(`\\b${n}\\b`));
      const [rep] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/api/v1/reports/training')),
        c.click(),
      ]);
      await page.waitForURL(new RegExp(`/officers/training\\?.*onboarding=${state}`));
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('unit_id'), String(d.unit.id));
      assert.match(rep.url(), new RegExp(`unit_id=${d.unit.id}`));
      await page.getByTestId('onboarding-filter').getByText(`：${n} 人`).waitFor();
      const rows = page.locator('[data-testid="training-table"] .el-table__body tr');
      assert.equal(await rows.count(), n, 'the listed officers are the card\'s');
      const states = await page.locator('[data-testid="training-table"] [data-state]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
      assert.deepEqual(states, Array(n).fill(state));
      await page.goBack();
      await page.getByTestId('stats-span').waitFor();
    }
  });
});
