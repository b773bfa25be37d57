// Browser test of 协作与数据交换 (issue 11, R27/R29): the admin creates an
// agency, shares an enterprise with it, issues a read token and sees it
// once (after closing the dialog the list shows only the prefix, and the
// token is in no storage and not in the URL); the token reads the shared
// enterprise (200) and not another one (404); the admin revokes it with a
// reason (then 401). A section head posts a notice to the agency, the agency
// answers through the exchange with a push token, and the section head sees
// the thread and replies.
//
//   npm run build:web && ZHIFA_BIN=$PWD/build/zhifa node --test tests/e2e/exchange.test.js
//
// Screenshots: /tmp/zhifa-exchange-token.png, /tmp/zhifa-exchange-thread.png.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startAll, stopAll, loginUi, field, withPage: withPageIn } = require('./helpers.js');
const { client } = require('../lib/server');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });

const withPage = (options, body) => withPageIn(env, options, body);
const AGENCY = `浏览器测试协作单位${process.pid}`;
const LABEL = `浏览器只读${process.pid}`;
let shared;
let other;

async function choose(page, testId, text) {
  await page.getByTestId(testId).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
}

function exchange(token, path) {
  return fetch(env.srv.url + path, { headers: { authorization: `Bearer ${token}` } });
}

test('E2E-EX-01 admin: agency, share, a read token shown once, used, revoked', async () => {
  const api = client(env.srv.url);
  assert.equal((await api.login('admin')).status, 200);
  [shared, other] = (await api.get('/api/v1/enterprises?limit=2')).body.items;
  assert.ok(shared && other);
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'admin');
    await page.getByTestId('menu-exchange').click();
    await page.getByTestId('exchange-page').waitFor();
    // the agency
    await page.getByTestId('ag-new').click();
    await field(page, 'ag-name').fill(AGENCY);
    await choose(page, 'ag-kind', '检察院');
    await field(page, 'ag-contact').fill('赵检察官 0564-1234567');
    await page.getByTestId('ag-save').click();
    await page.getByTestId('ag-table').getByText(AGENCY).waitFor();

    // share one enterprise through the picker
    await page.getByRole('tab', { name: '共享' }).click();
    await choose(page, 'sh-agency', AGENCY);
    await field(page, 'sh-enterprise').fill(shared.name.slice(0, 4));
    await page.locator('.el-select-dropdown__item:visible', { hasText: shared.name }).first().click();
    await page.getByTestId('sh-submit').click();
    await page.getByTestId('sh-table').getByText(shared.name).waitFor();

    // the token, once
    await page.getByRole('tab', { name: '接口令牌' }).click();
    await page.getByTestId('tk-new').click();
    await choose(page, 'tk-agency', AGENCY);
    await field(page, 'tk-label').fill(LABEL);
    await page.getByTestId('tk-issue').click();
    await page.getByTestId('tk-warning').waitFor();
    assert.match(await page.getByTestId('tk-warning').innerText(), /只显示这一次/);
    const token = await field(page, 'tk-value').inputValue();
    assert.match(token, /^[0-9a-f]{64}$/);
    await page.screenshot({ path: '/tmp/zhifa-exchange-token.png', fullPage: true });
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href);
    assert.ok(!stored.includes(token), 'the token is in storage or the URL');
    await page.getByTestId('tk-close').click();
    await page.getByTestId('tk-warning').waitFor({ state: 'detached' }).catch(() => {});
    const row = page.locator('[data-testid="tk-table"] .el-table__row', { hasText: LABEL });
    await row.waitFor();
    assert.ok((await row.innerText()).includes(`${token.slice(0, 8)}…`));
    assert.ok(!(await page.content()).includes(token), 'the token is still in the page');
    assert.ok(!t.requests.some((r) => r.includes(token)));

    // the token at work: the shared enterprise, not the other
    assert.equal((await exchange(token, `/api/v1/exchange/enterprises/${shared.id}`)).status, 200);
    const no = await exchange(token, `/api/v1/exchange/enterprises/${other.id}`);
    assert.equal(no.status, 404);
    assert.equal((await no.json()).error.code, 'exchange.not_shared');

    // revoked with a reason: 401 from then on
    await row.locator('[data-testid^="tk-revoke-"]').click();
    await field(page, 'tk-reason').fill('浏览器测试结束');
    await page.getByTestId('tk-revoke-confirm').click();
    await row.getByText('已吊销').waitFor();
    await row.getByText('浏览器测试结束').waitFor();
    const gone = await exchange(token, `/api/v1/exchange/enterprises/${shared.id}`);
    assert.equal(gone.status, 401);
    assert.equal((await gone.json()).error.code, 'auth.token_revoked');
  });
});

test('E2E-EX-02 a section head posts a notice and sees the reply thread', async () => {
  const TITLE = `浏览器测试通报${process.pid}`;
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'chenjie');
    await page.getByTestId('menu-exchange').click();
    await page.getByTestId('exchange-page').waitFor();
    // a section head shares but keeps neither agencies nor tokens
    assert.equal(await page.getByTestId('ag-new').count(), 0);
    assert.equal(await page.getByRole('tab', { name: '接口令牌' }).count(), 0);
    await page.getByRole('tab', { name: '案件通报、案情会商' }).click();
    // the demo's consultation and the leader's answer (src/cli/demo_exchange.c)
    await page.locator('[data-testid="nt-table"] .el-table__row', { hasText: '粉尘涉爆隐患的案情会商' }).click();
    await page.getByTestId('nt-replies').getByText('同意会商').waitFor();
    await page.getByTestId('nt-new').click();
    await choose(page, 'nt-agency', AGENCY);
    await field(page, 'nt-title').fill(TITLE);
    await page.locator('[data-testid="nt-body"] textarea, textarea[data-testid="nt-body"]').first().fill('该企业涉嫌非法储存危险化学品，请配合核查。');
    await page.getByTestId('nt-send').click();
    await page.getByTestId('nt-thread').getByText(TITLE).waitFor();

    // the agency answers through the exchange with a push token
    const admin = client(env.srv.url);
    assert.equal((await admin.login('admin')).status, 200);
    const agency = (await admin.get(`/api/v1/agencies?q=${encodeURIComponent(AGENCY)}`)).body.items.find((g) => g.name === AGENCY);
    const tok = await admin.post('/api/v1/api-tokens', { agency_id: agency.id, label: '推送', scope: 'push', resources: 'notice.read notice.write' });
    assert.equal(tok.status, 201, tok.text);
    const notice = (await admin.get(`/api/v1/agency-notices?agency_id=${agency.id}`)).body.items.find((n) => n.title === TITLE);
    const r = await fetch(`${env.srv.url}/api/v1/exchange/notices/${notice.id}/replies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tok.body.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: '收到，我院将派员参加会商' }),
    });
    assert.equal(r.status, 201, await r.text());

    await page.locator('[data-testid="nt-table"] .el-table__row', { hasText: TITLE }).click();
    await page.getByTestId('nt-replies').getByText('收到，我院将派员参加会商').waitFor();
    await page.locator('[data-testid="nt-reply-text"] textarea, textarea[data-testid="nt-reply-text"]').first().fill('已安排两名执法人员');
    await page.getByTestId('nt-reply').click();
    await page.getByTestId('nt-replies').getByText('已安排两名执法人员').waitFor();
    assert.equal(await page.getByTestId('nt-replies').locator('li').count(), 2);
    await page.screenshot({ path: '/tmp/zhifa-exchange-thread.png', fullPage: true });
  });
});

test('E2E-EX-03 refusals show the server\'s message; a stale edit gets 409 and the list is reloaded', async () => {
  const api = client(env.srv.url);
  assert.equal((await api.login('admin')).status, 200);
  const agency = (await api.get(`/api/v1/agencies?q=${encodeURIComponent(AGENCY)}`)).body.items.find((g) => g.name === AGENCY);
  await withPage({ expect: [{ status: 409, path: '/api/v1/agencies' }, { status: 409, path: `/api/v1/agencies/${agency.id}` }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'admin');
    await page.goto(t.url('/exchange'));
    await page.getByTestId('ag-table').getByText(AGENCY).waitFor();
    // a second agency of the same name: the server's Chinese message
    await page.getByTestId('ag-new').click();
    await field(page, 'ag-name').fill(AGENCY);
    await page.getByTestId('ag-save').click();
    await page.locator('.el-message', { hasText: `已有名为“${AGENCY}”的协作单位` }).waitFor();
    await page.locator('.el-dialog__headerbtn:visible').first().click();
    // someone else edits the agency while the dialog is open
    await page.getByTestId(`ag-edit-${agency.id}`).click();
    const u = await api.patch(`/api/v1/agencies/${agency.id}`, { version: agency.version, contact: '他人修改 0564-7654321' });
    assert.equal(u.status, 200, u.text);
    await field(page, 'ag-contact').fill('我的修改');
    await page.getByTestId('ag-save').click();
    await page.locator('.el-message--error').first().waitFor();
    // reloaded: the list shows the other person's change, the next save succeeds
    await page.getByTestId('ag-table').getByText('他人修改 0564-7654321').waitFor();
    await page.locator('.el-dialog__headerbtn:visible').first().click();
    await page.getByTestId(`ag-edit-${agency.id}`).click();
    await field(page, 'ag-contact').fill('我的修改');
    await page.getByTestId('ag-save').click();
    await page.getByTestId('ag-table').getByText('我的修改').waitFor();
    assert.ok(t.requests.filter((r) => r === `PATCH /api/v1/agencies/${agency.id}`).length === 2);
  });
});

test('E2E-EX-04 a long agency list: the table pages with 加载更多, the token dialog finds the oldest agency by name, the token filter asks the server', async () => {
  const api = client(env.srv.url);
  assert.equal((await api.login('admin')).status, 200);
  const OLDEST = `最早的分页协作单位${process.pid}`;
  let r = await api.post('/api/v1/agencies', { name: OLDEST, kind: 'water' });
  assert.equal(r.status, 201, r.text);
  const oldest = r.body;
  for (let i = 0; i < 55; i++) {
    r = await api.post('/api/v1/agencies', { name: `分页协作单位${process.pid}-${String(i).padStart(2, '0')}`, kind: 'market' });
    assert.equal(r.status, 201, r.text);
  }
  const total = (await api.get('/api/v1/agencies?all=1&limit=200')).body.items.length;
  assert.ok(total > 50);
  const label = `分页令牌${process.pid}`;
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'admin');
    await page.getByTestId('menu-exchange').click();
    await page.getByTestId('exchange-page').waitFor();
    const rows = page.locator('[data-testid="ag-table"] .el-table__body tr');
    await page.getByTestId('ag-table').getByText(`分页协作单位${process.pid}-54`).waitFor();
    assert.equal(await rows.count(), 50, 'the first page');
    assert.equal(await page.getByTestId('ag-table').getByText(OLDEST).count(), 0);
    await page.getByTestId('ag-more').click();
    await page.getByTestId('ag-table').getByText(OLDEST).waitFor();
    assert.equal(await rows.count(), total);
    await page.getByTestId('ag-more').waitFor({ state: 'detached' });
    // a token for the oldest agency: not on the select's first page, found by name
    await page.getByRole('tab', { name: '接口令牌' }).click();
    await page.getByTestId('tk-new').click();
    await field(page, 'tk-agency').fill(OLDEST.slice(0, 6));
    await page.locator('.el-select-dropdown__item:visible', { hasText: OLDEST }).first().click();
    await field(page, 'tk-label').fill(label);
    await page.getByTestId('tk-issue').click();
    await page.getByTestId('tk-warning').waitFor();
    await page.getByTestId('tk-close').click();
    await page.locator('[data-testid="tk-table"] .el-table__row', { hasText: label }).waitFor();
    // the filter: only the oldest agency's tokens, asked of the server
    await field(page, 'tk-filter').fill(OLDEST.slice(0, 6));
    const [answer] = await Promise.all([
      page.waitForResponse((x) => x.url().includes(`/api/v1/api-tokens?agency_id=${oldest.id}`)),
      page.locator('.el-select-dropdown__item:visible', { hasText: OLDEST }).first().click(),
    ]);
    assert.equal((await answer.json()).items.length, 1);
    await page.locator('[data-testid="tk-table"] .el-table__body tr').first().waitFor();
    const texts = await page.locator('[data-testid="tk-table"] .el-table__body tr').allInnerTexts();
    assert.equal(texts.length, 1);
    assert.match(texts[0], new RegExp(label));
  });
});
