// Browser test of credit punishment (issue 10, R26): a proposal made through
// the API (a township officer, 应急管理部令第11号 situation (4) 瞒报) is
// approved by the bureau leader in the browser (信用惩戒 page), notified and
// listed, and the enterprise then appears on the public list page with its
// principal masked; the registry list shows the 失信惩戒 flag.
//
//   npm run build:web && ZHIFA_BIN=build-credit2/zhifa node --test tests/e2e/credit.test.js
//
// Screenshots: /tmp/zhifa-credit-approve.png, /tmp/zhifa-credit-public.png.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { client } = require('../lib/server');
const { startAll, stopAll, loginUi, field, withPage: withPageIn } = require('./helpers.js');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });
const withPage = (options, body) => withPageIn(env, options, body);

const SET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function uscc(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += SET.indexOf(first17[i]) * W[i];
  return first17 + SET[(31 - (sum % 31)) % 31];
}
const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

test('E2E-CR-01 a leader approves a proposal and the enterprise appears on the public list', async () => {
  const admin = client(env.srv.url);
  await admin.login('admin');
  const sunli = client(env.srv.url);
  await sunli.login('sunli');
  const chenjie = client(env.srv.url);
  await chenjie.login('chenjie');
  const units = (await admin.get('/api/v1/units')).body.items;
  const town = units.find((u) => u.code === '341504001');
  const name = `浏览器失信测试企业${process.pid}`;
  const e = await admin.post('/api/v1/enterprises', {
    credit_code: uscc('91341504' + String(process.pid % 1e9).padStart(9, '0').replace(/[IOZSV]/g, '1')), name, unit_id: town.id,
    domain: 'industry', scale: 'micro', risk: 'yellow', supervision: 'general',
  });
  assert.equal(e.status, 201, e.text);
  const p = await sunli.post('/api/v1/credit/records', {
    enterprise_id: e.body.id, kind: 'serious_list', facts: { concealed: true }, case_number: '叶应急罚〔2026〕99号',
    decision_date: today(), summary: '瞒报生产安全事故', principal_name: '欧阳娜娜',
  });
  assert.equal(p.status, 201, p.text);

  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'liuyang');
    await page.goto(t.url('/disclosure/credit'));
    await page.getByTestId('credit-page').waitFor();
    const row = page.getByTestId('credit-table').locator('tr', { hasText: name });
    await row.waitFor();
    await row.getByTestId('credit-approve').click();
    await page.locator('.el-message-box').waitFor();
    await page.locator('.el-message-box input').fill('情节严重，同意列入');
    await page.locator('.el-message-box .el-button--primary').click();
    await row.getByText('已批准').waitFor();
    await page.screenshot({ path: '/tmp/zhifa-credit-approve.png', fullPage: true });
    assert.ok(t.requests.includes(`POST /api/v1/credit/records/${p.body.id}/approve`), t.requests.join('\n'));
  });

  let r = await chenjie.get(`/api/v1/credit/records/${p.body.id}`);
  assert.equal(r.body.status, 'approved');
  assert.equal(r.body.decision_reason, '情节严重，同意列入');
  const doc = await chenjie.post('/api/v1/documents', { kind: 'credit_notice', subject_kind: 'enterprise', subject_id: e.body.id, fields: { credit: { record_id: p.body.id } } });
  assert.equal(doc.status, 201, doc.text);
  r = await chenjie.post(`/api/v1/credit/records/${p.body.id}/notify`, { version: r.body.version, notice_document_id: doc.body.id });
  assert.equal(r.status, 200, r.text);
  const dec = await chenjie.post('/api/v1/documents', { kind: 'credit_decision', subject_kind: 'enterprise', subject_id: e.body.id, fields: { credit: { record_id: p.body.id } } });
  assert.equal(dec.status, 201, dec.text);
  r = await chenjie.post(`/api/v1/credit/records/${p.body.id}/list`, { version: r.body.version, decision_document_id: dec.body.id, statement: 'heard' });
  assert.equal(r.status, 200, r.text);

  await withPage({}, async (t) => {
    const { page } = t;
    await page.goto(t.url('/public/credit'));
    await page.getByTestId('public-credit').waitFor();
    await field(page, 'public-credit-search').fill(name);
    await page.getByTestId('public-credit-go').click();
    const row = page.getByTestId('public-credit-table').locator('tr', { hasText: name });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /欧阳某某/);
    assert.ok(!text.includes('欧阳娜娜'));
    assert.match(text, /瞒报/);
    await page.screenshot({ path: '/tmp/zhifa-credit-public.png', fullPage: true });
  });

  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'sunli');
    await page.goto(t.url('/enterprises'));
    const row = page.locator('tr', { hasText: name });
    await page.getByPlaceholder(/名称/).first().fill(name).catch(() => {});
    await page.keyboard.press('Enter');
    await row.first().waitFor();
    await row.first().getByTestId('ent-credit-flag').waitFor();
  });
});

test('E2E-CR-02 the credit page issues the notice of an approved proposal and opens its PDF; the public list shows the unit and its person masked', async () => {
  const admin = client(env.srv.url);
  await admin.login('admin');
  const sunli = client(env.srv.url);
  await sunli.login('sunli');
  const liuyang = client(env.srv.url);
  await liuyang.login('liuyang');
  const town = (await admin.get('/api/v1/units')).body.items.find((u) => u.code === '341504001');
  const name = `浏览器告知书测试企业${process.pid}`;
  const e = await admin.post('/api/v1/enterprises', {
    credit_code: uscc('91341504' + String((process.pid * 7) % 1e9).padStart(9, '0').replace(/[IOZSV]/g, '1')), name, unit_id: town.id,
    domain: 'hazchem', scale: 'micro', risk: 'orange', supervision: 'general',
  });
  assert.equal(e.status, 201, e.text);
  let p = await sunli.post('/api/v1/credit/records', {
    enterprise_id: e.body.id, kind: 'serious_list', facts: { concealed: true }, case_number: '叶应急罚〔2026〕98号',
    decision_date: today(), summary: '瞒报生产安全事故', principal_name: '司马光明',
  });
  assert.equal(p.status, 201, p.text);

  // the township officer adds the principal in the browser, before the notice
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'sunli');
    await page.goto(t.url('/disclosure/credit'));
    const row = page.getByTestId('credit-table').locator('tr', { hasText: name });
    await row.getByTestId('credit-person').click();
    await field(page, 'credit-person-name').fill('司马光明');
    await field(page, 'credit-person-id').fill('341504199002150022');
    await page.getByTestId('credit-person-save').click();
    await page.getByText('已增加列入人员').waitFor();
    assert.ok(t.requests.includes(`POST /api/v1/credit/records/${p.body.id}/persons`));
  });
  p = await liuyang.get(`/api/v1/credit/records/${p.body.id}`);
  const ok = await liuyang.post(`/api/v1/credit/records/${p.body.id}/approve`, { version: p.body.version, reason: '同意' });
  assert.equal(ok.status, 200, ok.text);

  await withPage({}, async (t) => {
    const { page, context } = t;
    const pdfs = [];
    context.on('response', (res) => {
      if (/\/api\/v1\/documents\/\d+\/pdf$/.test(new URL(res.url()).pathname)) pdfs.push({ status: res.status(), type: res.headers()['content-type'] });
    });
    await loginUi(t, 'chenjie');
    await page.goto(t.url('/disclosure/credit'));
    const row = page.getByTestId('credit-table').locator('tr', { hasText: name });
    await row.getByTestId('credit-notify').click();
    await page.locator('.el-message-box .el-button--primary').click();
    await row.getByText('已告知').waitFor();
    assert.ok(t.requests.includes('POST /api/v1/documents'), t.requests.join('\n'));
    const [popup] = await Promise.all([context.waitForEvent('page'), row.getByTestId('credit-notice-pdf').click()]);
    await popup.waitForLoadState().catch(() => {});
    for (let i = 0; i < 50 && !pdfs.length; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(pdfs[0], { status: 200, type: 'application/pdf' });
    await page.screenshot({ path: '/tmp/zhifa-credit-notice.png', fullPage: true });
    // then listed with its decision: the notice was today, so the page asks
    // how the statement period ended — the party waived it — and the step
    // records that
    await row.getByTestId('credit-list').click();
    await page.locator('.el-message-box .el-button--primary').click();
    await page.locator('.el-message-box', { hasText: '陈述申辩期限至' }).waitFor();
    const [listed] = await Promise.all([
      page.waitForResponse((r) => /\/api\/v1\/credit\/records\/\d+\/list$/.test(new URL(r.url()).pathname)),
      page.locator('.el-message-box', { hasText: '陈述申辩期限至' }).getByRole('button', { name: '当事人明确放弃' }).click(),
    ]);
    assert.equal(listed.status(), 200, await listed.text());
    assert.equal(JSON.parse(listed.request().postData()).statement, 'waived');
    await row.getByText('公示中').waitFor();
    await row.getByTestId('credit-decision-pdf').waitFor();
  });

  await withPage({}, async (t) => {
    const { page } = t;
    await page.goto(t.url('/public/credit'));
    await field(page, 'public-credit-search').fill(name);
    await page.getByTestId('public-credit-go').click();
    const row = page.getByTestId('public-credit-table').locator('tr', { hasText: name });
    await row.waitFor();
    const person = await row.getByTestId('public-credit-person').innerText();
    assert.equal(person.trim(), '主要负责人 司马某某（341504********0022）');
    assert.ok(!(await row.innerText()).includes('199002150022'));
    await page.screenshot({ path: '/tmp/zhifa-credit-public-person.png', fullPage: true });
  });
});
