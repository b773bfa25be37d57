// Browser tests of the officers module (issue 4) against a real server with
// the demo district: the training-compliance page shows the demo's expired
// certificate; an officer's 我的 page shows their certificate, training and
// equipment; the report pages are refused to an officer.
//
//   npm run build:web && ZHIFA_BIN=build-off/zhifa node --test tests/e2e/officers.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startAll, stopAll, openPage, loginUi, clickMenu } = require('./helpers.js');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });

test('training compliance page: the expired certificate of 郑凯 and who is short', async () => {
  const t = await openPage(env);
  try {
    await loginUi(t, 'chenjie');
    const { page } = t;
    await clickMenu(page, 'menu-officers', 'menu-officers-training');
    await page.getByTestId('training-page').waitFor();
    const alerts = page.getByTestId('cert-alerts');
    await alerts.getByText('郑凯').waitFor();
    const row = alerts.locator('tr', { hasText: '郑凯' });
    assert.match(await row.innerText(), /已过期/);
    assert.match(await row.innerText(), /已过 12 天/);
    assert.match(await alerts.innerText(), /何斌[\s\S]*即将到期|即将到期[\s\S]*何斌/);
    // officers short of training, with the shortfall in days
    const table = page.getByTestId('training-table');
    await table.getByText('徐磊').waitFor();
    assert.match(await table.locator('tr', { hasText: '徐磊' }).innerText(), /差 10 天/);
    assert.equal(await table.getByText('张伟').count(), 0, '张伟 is not short');
    await page.screenshot({ path: '/tmp/zhifa-officers-training.png', fullPage: true });
    t.check();
  } finally {
    await t.close();
  }
});

test('an officer sees their certificate, training and equipment on 我的, and not the reports', async () => {
  const t = await openPage(env);
  try {
    await loginUi(t, 'zhangwei');
    const { page } = t;
    await page.goto(t.url('/me'));
    const card = page.getByTestId('me-officer');
    await card.waitFor();
    const text = await card.innerText();
    assert.match(text, /皖LA01\d{5}/);
    assert.match(text, /有效/);
    assert.match(text, /10 \/ 10 天/);
    assert.match(text, /执法记录仪/);
    await page.goto(t.url('/officers/ratio'));
    await page.getByTestId('access-denied').waitFor();
    t.check();
  } finally {
    await t.close();
  }
});

test('professional ratio page shows the units below 75%', async () => {
  const t = await openPage(env);
  try {
    await loginUi(t, 'admin');
    const { page } = t;
    await page.goto(t.url('/officers/ratio'));
    const table = page.getByTestId('ratio-table');
    await table.getByText('平岗街道').waitFor();
    assert.match(await table.locator('tr', { hasText: '平岗街道' }).first().innerText(), /33\.3%[\s\S]*未达标/);
    assert.match(await page.getByTestId('ratio-overall').innerText(), /达标/);
    t.check();
  } finally {
    await t.close();
  }
});

test('roster, staffing and equipment pages: detail drawer, posts, shortfall', async () => {
  const t = await openPage(env);
  try {
    await loginUi(t, 'admin');
    const { page } = t;
    await page.goto(t.url('/officers/list'));
    const table = page.getByTestId('officers-table');
    await table.getByText('郑凯').waitFor();
    await table.locator('tr', { hasText: '郑凯' }).getByText('查看').click();
    const drawer = page.getByTestId('officer-detail');
    await drawer.getByText('培训记录').waitFor();
    assert.match(await drawer.innerText(), /已过期/);
    assert.match(await drawer.innerText(), /应急管理综合行政执法入职培训/);
    await page.goto(t.url('/officers/staffing'));
    const staffing = page.getByTestId('staffing-table');
    await staffing.getByText('叶集区应急管理综合行政执法大队').waitFor();
    assert.match(await staffing.locator('tr', { hasText: '执法大队' }).first().innerText(), /20[\s\S]*16/);
    await page.goto(t.url('/officers/equipment'));
    const shortfall = page.getByTestId('shortfall-table');
    await shortfall.getByText('孙岗乡').waitFor();
    assert.match(await shortfall.innerText(), /执法记录仪 缺 3/);
    assert.match(await shortfall.innerText(), /执法执勤用车 缺 1/);
    t.check();
  } finally {
    await t.close();
  }
});

// Follow-up of issue 4: equipment edited in its form, certificate alerts on
// 工作台 and on 我的, the dated rule settings, and the keyset pager.
const { client } = require('../lib/server');

async function apiAs(user) {
  const c = client(env.srv.url);
  const r = await c.login(user);
  assert.equal(r.status, 200, r.text);
  return c;
}

test('section head edits an equipment item in its form, then sees the certificate alerts on 工作台', async () => {
  const admin = await apiAs('admin');
  const z = (await admin.get('/api/v1/officers?q=张伟')).body.items[0];
  const made = await admin.post('/api/v1/equipment', { unit_id: z.unit.id, category: 'other', name: '测距仪 E2E', serial_no: 'E2E-EQ-1' });
  assert.equal(made.status, 201, made.text);
  const t = await openPage(env);
  try {
    await loginUi(t, 'chenjie');
    const { page } = t;
    await page.goto(t.url('/officers/equipment'));
    await page.getByTestId('equipment-edit-E2E-EQ-1').click();
    const dialog = page.getByTestId('equipment-dialog');
    await dialog.waitFor();
    assert.equal(await page.getByTestId('equipment-name').inputValue(), '测距仪 E2E');
    await page.getByTestId('equipment-name').fill('激光测距仪 E2E');
    await page.getByTestId('equipment-status').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '维修' }).click();
    // hand it to 张伟 (the select lists the serving people of the unit)
    await page.getByTestId('equipment-officer').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '张伟' }).first().click();
    await page.getByTestId('equipment-save').click();
    await page.getByText('已保存装备').waitFor();
    const row = page.getByTestId('equipment-table').locator('tr', { hasText: 'E2E-EQ-1' });
    await row.getByText('激光测距仪 E2E').waitFor();
    assert.match(await row.innerText(), /维修/);
    assert.match(await row.innerText(), /张伟/);
    const stored = (await admin.get(`/api/v1/equipment`)).body.items.find((e) => e.serial_no === 'E2E-EQ-1');
    assert.equal(stored.status, 'repair');
    assert.equal(stored.officer.id, z.id);
    assert.equal(stored.version, made.body.version + 1);
    // 工作台: the alert card lists the expired certificate and the two expiring ones
    await page.getByTestId('menu-home').click();
    const card = page.getByTestId('home-cert-alerts');
    await card.waitFor();
    const text = await card.innerText();
    assert.match(text, /已过期\s*郑凯/);
    assert.match(text, /已过 12 天/);
    assert.match(text, /何斌/);
    assert.match(text, /罗静/);
    assert.match(text, /30 天内到期/);
    await page.screenshot({ path: '/tmp/zhifa-home-cert-alerts.png', fullPage: true });
    t.check();
  } finally {
    await t.close();
  }
});

test('工作台 shows no certificate card to an officer; a township officer sees only her township', async () => {
  let t = await openPage(env);
  try {
    await loginUi(t, 'zhangwei');
    await t.page.getByTestId('home').waitFor();
    await t.page.getByTestId('actions').waitFor();
    assert.equal(await t.page.getByTestId('home-cert-alerts').count(), 0);
    t.check();
  } finally {
    await t.close();
  }
  t = await openPage(env);
  try {
    await loginUi(t, 'sunli');
    const card = t.page.getByTestId('home-cert-alerts');
    await card.waitFor();
    assert.doesNotMatch(await card.innerText(), /郑凯|何斌|罗静/, 'the brigade\'s certificates are not hers');
    t.check();
  } finally {
    await t.close();
  }
});

test('我的 warns an officer whose certificate expires within the alert window', async () => {
  const admin = await apiAs('admin');
  const z = (await admin.get('/api/v1/officers?q=张伟')).body.items[0];
  const soon = new Date(Date.now() + 8 * 3600e3 + 5 * 86400e3).toISOString().slice(0, 10);
  const u = await admin.patch(`/api/v1/officers/${z.id}`, { version: z.version, cert_expires_on: soon });
  assert.equal(u.status, 200, u.text);
  const t = await openPage(env);
  try {
    await loginUi(t, 'zhangwei');
    await t.page.goto(t.url('/me'));
    const alert = t.page.getByTestId('me-cert-alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), new RegExp(`将于 ${soon} 到期（剩 5 天）`));
    t.check();
  } finally {
    await t.close();
    // put it back for the other tests
    const again = (await admin.get(`/api/v1/officers/${z.id}`)).body;
    await admin.patch(`/api/v1/officers/${z.id}`, { version: again.version, cert_expires_on: z.cert_expires_on });
  }
});

test('rule settings: admin adds a dated value; the section head reads but has no button', async () => {
  let t = await openPage(env);
  try {
    await loginUi(t, 'admin');
    const { page } = t;
    await page.goto(t.url('/officers/settings'));
    await page.getByTestId('officer-settings-table').getByText('执法证到期预警天数').waitFor();
    await page.getByTestId('setting-new-refresher_days_per_year').click();
    await page.getByTestId('setting-dialog').waitFor();
    await page.locator('[data-testid="setting-value"] input').fill('12');
    await page.locator('input[data-testid="setting-date"]').fill('2030-01-01');
    await page.locator('textarea[data-testid="setting-source"]').fill('测试：局务会决定');
    await page.getByTestId('setting-save').click();
    await page.getByText('已新增 每年复训天数 自 2030-01-01 起的值 12日').waitFor();
    const row = page.getByTestId('officer-settings-table').locator('tr', { hasText: '2030-01-01' });
    assert.match(await row.innerText(), /待施行/);
    t.check();
  } finally {
    await t.close();
  }
  t = await openPage(env);
  try {
    await loginUi(t, 'chenjie');
    await t.page.goto(t.url('/officers/settings'));
    await t.page.getByTestId('officer-settings-table').getByText('执法证到期预警天数').waitFor();
    assert.equal(await t.page.locator('[data-testid^="setting-new-"]').count(), 0);
    t.check();
  } finally {
    await t.close();
  }
});

test('training records page through with the keyset pager', async () => {
  const t = await openPage(env);
  try {
    await loginUi(t, 'admin');
    const { page } = t;
    await page.goto(t.url('/officers/training'));
    const table = page.getByTestId('trainings-table');
    await table.locator('tbody tr').first().waitFor();
    assert.equal(await table.locator('tbody tr').count(), 20);
    const first = await table.locator('tbody tr').first().innerText();
    await page.getByTestId('trainings-pager-next').click();
    await page.getByTestId('trainings-pager-page').getByText('第 2 页').waitFor();
    await page.waitForFunction((f) => document.querySelector('[data-testid="trainings-table"] tbody tr')?.innerText !== f, first);
    await page.getByTestId('trainings-pager-prev').click();
    await page.getByTestId('trainings-pager-page').getByText('第 1 页').waitFor();
    await page.waitForFunction((f) => document.querySelector('[data-testid="trainings-table"] tbody tr')?.innerText === f, first);
    assert.equal(await page.getByTestId('officers-pager').count(), 0);
    await page.goto(t.url('/officers/list'));
    await page.getByTestId('officers-pager').waitFor();
    assert.ok(await page.getByTestId('officers-pager-next').isDisabled(), 'fewer than 50 serving people: one page');
    t.check();
  } finally {
    await t.close();
  }
});
