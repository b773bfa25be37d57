// Browser tests of the web app against a real zhifa server (see helpers.js).
//
//   npm run build:web && node --test tests/e2e/
//   ZHIFA_BIN=build-asan/zhifa node --test tests/e2e/
//
// Every test fails on a browser console error, page error or alert dialog
// other than the failed HTTP answers it provokes on purpose.
// Screenshots for people to look at: /tmp/zhifa-login.png,
// /tmp/zhifa-layout.png, /tmp/zhifa-mobile.png.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { client } = require('../lib/server.js');
const { startAll, stopAll, loginUi, field, withPage: withPageIn, clickMenu } = require('./helpers.js');

const MENU = [
  '工作台',
  '企业库',
  '执法人员',
  '计划与双随机',
  '现场检查',
  '案件办理',
  '执法文书',
  '公示公开',
  '执法事项与裁量',
  '统计分析',
  '案卷评查', // issue 11, R30
  '干预记录', // issue 11, R31
  '协作与数据交换', // issue 11, R27/R29
  '全过程记录',
];
const HAN = /[\u4e00-\u9fff]/;
const XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>';

let env;

before(async () => {
  env = await startAll();
});

after(async () => {
  await stopAll(env);
});

// Runs body with a fresh page; checks the browser stayed clean; closes it.
const withPage = (options, body) => withPageIn(env, options, body);

test('E2E-01 officer logs in and sees the layout with name, role, unit and menu', async () => {
  await withPage({}, async (t) => {
    const { page } = t;
    await page.goto(t.url('/login'));
    await page.getByText('叶集区应急管理综合行政执法平台').first().waitFor();
    assert.equal(await page.getByTestId('login-submit').innerText(), '登录');
    await page.screenshot({ path: '/tmp/zhifa-login.png', fullPage: true });

    await loginUi(t, 'zhangwei');
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await page.getByTestId('user-name').innerText(), '张伟');
    assert.equal(await page.getByTestId('user-role').innerText(), '执法人员');
    assert.match(await page.getByTestId('user-unit').innerText(), /执法大队/);
    assert.equal(await page.getByTestId('platform-name').innerText(), '叶集区应急管理综合行政执法平台');
    assert.ok(await page.getByTestId('logout').isVisible());

    const menu = await page.getByTestId('side-menu').innerText();
    for (const title of MENU) assert.ok(menu.includes(title), `menu lacks ${title}`);

    // 工作台: greeting with name and unit, permitted actions as tags.
    assert.match(await page.getByTestId('greeting').innerText(), /张伟/);
    assert.match(await page.getByTestId('home').innerText(), /执法大队/);
    const me = await page.evaluate(() => fetch('/api/v1/me').then((r) => r.json()));
    const names = me.actions.map((a) => a.name);
    assert.ok(names.length > 0 && names.every((n) => HAN.test(n)), 'actions have Chinese names');
    const tags = await page.getByTestId('actions').locator('.el-tag').allInnerTexts();
    assert.deepEqual(tags.map((x) => x.trim()), names);
    await page.screenshot({ path: '/tmp/zhifa-layout.png', fullPage: true });

    // 我的: the user's own details.
    await page.getByTestId('user-name').click();
    await page.waitForURL(/\/me$/);
    assert.match(await page.getByTestId('me').innerText(), /zhangwei/);

    // 统计分析 is built since issue 11 (R32): an officer sees his own unit's figures.
    await page.getByTestId('menu-statistics').click();
    await page.waitForURL(/\/statistics/);
    assert.match(await page.getByTestId('stats-span').innerText(), /执法大队/);
  });
});

test('E2E-02 wrong password shows the server message and stays on /login', async () => {
  await withPage({ expect: [{ status: 401, path: '/api/v1/auth/login' }] }, async (t) => {
    const { page } = t;
    await page.goto(t.url('/login'));
    await field(page, 'login-username').fill('zhangwei');
    await field(page, 'login-password').fill('wrong-password');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
      page.getByTestId('login-submit').click(),
    ]);
    assert.equal(answer.status(), 401);
    const serverMessage = (await answer.json()).error.message;
    assert.match(serverMessage, HAN, 'server message is Chinese');

    const alert = page.getByTestId('login-error');
    await alert.waitFor();
    assert.equal((await alert.innerText()).trim(), serverMessage);
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await page.getByTestId('layout').count(), 0);
  });
});

test('E2E-03 logout returns to /login and the old session no longer works', async () => {
  await withPage({ expect: [{ status: 401, path: '/api/v1/me' }] }, async (t) => {
    const { page, context } = t;
    await loginUi(t, 'zhangwei');
    const before = (await context.cookies()).find((c) => c.name === 'zf_session');
    assert.ok(before && before.value, 'login set the session cookie');
    assert.ok(before.httpOnly, 'session cookie is HttpOnly');

    await page.getByTestId('logout').click();
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByTestId('login-form').waitFor();

    await page.goto(t.url('/'));
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByTestId('login-form').waitFor();

    // Even with the old cookie put back, the server has forgotten the session.
    await context.addCookies([{ ...before }]);
    await page.goto(t.url('/'));
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByTestId('login-form').waitFor();
    assert.equal(await page.getByTestId('layout').count(), 0);
  });
});

test('E2E-04 admin creates a unit through the dialog and it appears in the tree', async () => {
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'admin');
    await clickMenu(page, 'menu-admin', 'menu-admin-units');
    await page.waitForURL(/\/admin\/units$/);
    const table = page.getByTestId('units-table');
    await table.getByText('叶集区应急管理局', { exact: true }).waitFor();

    await page.getByTestId('unit-create').click();
    const dialog = page.getByTestId('unit-dialog');
    await dialog.waitFor();
    // Validation: name and code are required.
    await page.getByTestId('unit-save').click();
    await dialog.getByText('请输入单位名称').waitFor();
    await dialog.getByText('请输入单位代码').waitFor();

    const stamp = String(Date.now()).slice(-6);
    const name = `应急物资保障股${stamp}`;
    await field(page, 'unit-name').fill(name);
    await field(page, 'unit-code').fill(`341504-9${stamp}`);
    await page.getByTestId('unit-kind').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '内设机构' }).click();
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/units') && r.request().method() === 'POST'),
      page.getByTestId('unit-save').click(),
    ]);
    assert.equal(created.status(), 201);
    const headers = created.request().headers();
    assert.ok(headers['x-csrf-token'], 'POST carries X-CSRF-Token');

    await dialog.waitFor({ state: 'hidden' });
    await table.getByText(name, { exact: true }).waitFor();
    const row = table.locator('tr', { hasText: name });
    assert.match(await row.innerText(), /内设机构/);
  });
});

test('E2E-05 a non-admin sees no 系统管理 and is refused on /admin/users', async () => {
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhangwei');
    const menu = await page.getByTestId('side-menu').innerText();
    assert.ok(!menu.includes('系统管理'), 'menu must not offer 系统管理');
    assert.equal(await page.getByTestId('menu-admin').count(), 0);

    await page.goto(t.url('/admin/users'));
    const refusal = page.getByTestId('access-denied');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /无权访问/);
    assert.equal(await page.getByTestId('users-table').count(), 0);
    assert.ok(!t.requests.some((r) => r.startsWith('GET /api/v1/users')), 'no user data was requested');
    assert.ok(!(await page.locator('body').innerText()).includes('liqiang'), 'no user data shown');
  });
});

test('E2E-06 markup saved as a unit name is shown as literal text', async () => {
  // Saved through the API, as another client could.
  const api = client(env.srv.url);
  assert.equal((await api.login('admin')).status, 200);
  const units = await api.get('/api/v1/units');
  assert.equal(units.status, 200);
  const bureau = units.body.items.find((u) => u.kind === 'bureau');
  assert.ok(bureau, 'the demo bureau is in the admin scope');
  const made = await api.post('/api/v1/units', {
    parent_id: bureau.id,
    code: `341504-8${String(Date.now()).slice(-6)}`,
    name: XSS,
    kind: 'office',
  });
  assert.equal(made.status, 201, made.text);

  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'admin');
    await page.goto(t.url('/admin/units'));
    const cell = page.getByTestId('units-table').getByText(XSS, { exact: true });
    await cell.waitFor();
    assert.ok(await cell.isVisible());
    assert.equal(await page.locator('img[src="x"]').count(), 0, 'no <img> was created from the name');
    assert.equal(await page.locator('#app script').count(), 0, 'no <script> was created from the name');
    // Give an injected onerror handler time to fire, had there been one.
    await page.waitForTimeout(500);
    assert.deepEqual(t.dialogs, []);
  });
});

test('E2E-07 on a phone the menu collapses into a drawer', async () => {
  await withPage({ viewport: { width: 390, height: 844 } }, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhangwei');
    assert.equal(await page.getByTestId('side-menu').count(), 0, 'no side bar below 768 px');
    await page.getByTestId('menu-toggle').click();
    const menu = page.getByTestId('side-menu');
    await menu.waitFor();
    assert.match(await menu.innerText(), /全过程记录/);
    await page.waitForTimeout(400); // let the drawer finish sliding in
    await page.screenshot({ path: '/tmp/zhifa-mobile.png' });
    await page.getByTestId('menu-log').click();
    await page.waitForURL(/\/log$/);
    await menu.waitFor({ state: 'hidden' });
  });
});

test('E2E-08 the log page shows a signed checkpoint and proves an event is in it', async () => {
  // A change made now is the newest event of the log, in the admin's scope.
  const api = client(env.srv.url);
  assert.equal((await api.login('admin')).status, 200);
  const bureau = (await api.get('/api/v1/units')).body.items.find((u) => u.kind === 'bureau');
  const made = await api.post('/api/v1/units', {
    parent_id: bureau.id,
    code: `341504-7${String(Date.now()).slice(-6)}`,
    name: '全过程记录测试股',
    kind: 'office',
  });
  assert.equal(made.status, 201, made.text);
  const checkpoint = await api.get('/api/v1/log/checkpoint');
  assert.equal(checkpoint.status, 200, checkpoint.text);
  const index = Number(checkpoint.body.tree_size) - 1;
  assert.ok(index >= 0, 'the log has events');

  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'admin');
    await page.goto(t.url('/log'));
    await page.getByTestId('checkpoint').waitFor();
    assert.match(await page.getByTestId('checkpoint-explain').innerText(), /篡改/);
    assert.ok(Number(await page.getByTestId('checkpoint-size').innerText()) > index);
    assert.match(await page.getByTestId('checkpoint-root').innerText(), /^[0-9a-f]{64}$/);
    await page.getByTestId('signature-ok').waitFor();

    await field(page, 'event-index').fill(String(index));
    await field(page, 'event-index').press('Tab');
    await page.getByTestId('event-find').click();
    const canonical = page.getByTestId('event-canonical');
    await canonical.waitFor();
    const event = JSON.parse(await canonical.innerText());
    assert.equal(event.index, index);
    assert.equal(event.object_type, 'unit');
    await page.getByTestId('proof-ok').waitFor();
  });
});

test('E2E-09 a stale edit gets 409 and the server message is shown', async () => {
  const api = client(env.srv.url);
  assert.equal((await api.login('admin')).status, 200);
  const bureau = (await api.get('/api/v1/units')).body.items.find((u) => u.kind === 'bureau');
  const code = `341504-6${String(Date.now()).slice(-6)}`;
  const made = await api.post('/api/v1/units', { parent_id: bureau.id, code, name: '版本冲突测试股', kind: 'office' });
  assert.equal(made.status, 201, made.text);

  await withPage({ expect: [{ status: 409, path: `/api/v1/units/${made.body.id}` }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'admin');
    await page.goto(t.url('/admin/units'));
    const row = page.getByTestId('units-table').locator('tr', { hasText: code });
    await row.getByText('编辑').click();
    await page.getByTestId('unit-dialog').waitFor();

    // Someone else saves first.
    const other = await api.patch(`/api/v1/units/${made.body.id}`, { version: made.body.version, name: '版本冲突测试股（他人修改）' });
    assert.equal(other.status, 200, other.text);

    await field(page, 'unit-name').fill('版本冲突测试股（我的修改）');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/units/${made.body.id}`) && r.request().method() === 'PATCH'),
      page.getByTestId('unit-save').click(),
    ]);
    assert.equal(answer.status(), 409);
    assert.equal(JSON.parse(answer.request().postData()).version, made.body.version, 'the version the user saw');
    const message = (await answer.json()).error.message;
    await page.locator('.el-message', { hasText: message }).waitFor();
    assert.ok(await page.getByTestId('unit-dialog').isVisible(), 'the dialog stays open');
  });
});

test('E2E-10 admin searches users by name and creates one with a Chinese role', async () => {
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'admin');
    await page.goto(t.url('/admin/users'));
    const table = page.getByTestId('users-table');
    await table.getByText('zhangwei', { exact: true }).waitFor();

    await field(page, 'users-q').fill('张伟');
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/users?') && r.url().includes('q=')),
      page.getByRole('button', { name: '查询' }).click(),
    ]);
    await table.getByText('zhangwei', { exact: true }).waitFor();
    assert.equal(await table.getByText('liqiang', { exact: true }).count(), 0);

    const username = `e2e${String(Date.now()).slice(-6)}`;
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-dialog').waitFor();
    await field(page, 'user-username').fill(username);
    await field(page, 'user-name-input').fill('测试用户');
    await page.getByTestId('user-role-select').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '执法辅助人员' }).click();
    await page.locator('.el-select[data-testid="user-unit-select"]').click(); // ElTreeSelect tags its tree too
    await page.locator('.el-tree-node__content:visible', { hasText: '政策法规股' }).first().click();
    await field(page, 'user-password').fill('e2e-Passw0rd-2026');
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST'),
      page.getByTestId('user-save').click(),
    ]);
    assert.equal(created.status(), 201, await created.text());
    assert.equal(JSON.parse(created.request().postData()).role, 'auxiliary');

    await field(page, 'users-q').fill('');
    await page.getByRole('button', { name: '查询' }).click();
    const row = table.locator('tr', { hasText: username });
    await row.waitFor();
    assert.match(await row.innerText(), /执法辅助人员/);
    assert.match(await row.innerText(), /政策法规股/);
  });
});

test('E2E-11 admin records a legal reviewer\'s 法律职业资格 (行政处罚法 第58条第2款): the dialog shows whether she may review', async () => {
  const api = client(env.srv.url);
  assert.equal((await api.login('admin')).status, 200);
  const zhaomin = (await api.get('/api/v1/users?q=zhaomin')).body.items.find((u) => u.username === 'zhaomin');
  await withPage({ expect: [{ status: 400, path: `/api/v1/users/${zhaomin.id}/legal-qualification` }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'admin');
    await page.goto(t.url('/admin/users'));
    await page.getByTestId('user-qualification-zhaomin').click();
    await page.getByTestId('qualification-dialog').waitFor();
    await page.getByTestId('qualification-state').getByText('可以进行法制审核').waitFor();
    assert.match(await field(page, 'qualification-certificate').inputValue(), /^A\d+/);
    // a bad certificate number: the server's message, nothing stored
    await field(page, 'qualification-certificate').fill('证书<1>');
    await page.getByTestId('qualification-save').click();
    await page.getByTestId('qualification-error').waitFor();
    assert.match(await page.getByTestId('qualification-error').innerText(), /证书编号/);
    await field(page, 'qualification-certificate').fill('A20193415049999');
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/legal-qualification') && r.request().method() === 'PUT'),
      page.getByTestId('qualification-save').click(),
    ]);
    assert.equal(saved.status(), 200, await saved.text());
    assert.equal((await saved.json()).certificate_no, 'A20193415049999');
    await page.getByTestId('qualification-state').getByText('可以进行法制审核').waitFor();
  });
});
