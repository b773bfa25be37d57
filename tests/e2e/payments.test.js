// Browser test of 银行对账导入 (/finance/payments; issue 8, R23; 行政处罚法
// 第67条) against a real server with the demo district: 刘洋 (bureau
// leader, finance approval) loads a real statement file with a good line
// and a bad one; the preview shows the good line matched to its case and
// party, the bad line unmatched with its reasons by field, and no confirm
// button (all or nothing); a file with the wrong header is refused naming
// the header; the corrected file previews clean, is confirmed, and the
// result lists the payment with its case — whose 缴款 tab then shows it
// paid, entered from the import. 张伟 (a case officer) does not get the page.
//
//   npm run build:web && ZHIFA_BIN=build-asan/zhifa node --test tests/e2e/payments.test.js
//
// Screenshot: /tmp/zhifa-payments-import.png
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startAll, stopAll, loginUi, withPage: withPageIn } = require('./helpers.js');
const { client } = require('../lib/server.js');

let env;
let dir;
before(async () => {
  env = await startAll();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-stmt-'));
});
after(async () => {
  await stopAll(env);
  fs.rmSync(dir, { recursive: true, force: true });
});
const withPage = (opts, body) => withPageIn(env, opts, body);

function day(offset = 0) {
  return new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
}

// A served case with a fine, built through the API (as E2E-CASE-08 does).
async function servedCase() {
  const who = {};
  for (const u of ['chenjie', 'zhangwei', 'liuyang']) {
    who[u] = client(env.srv.url);
    assert.equal((await who[u].login(u)).status, 200);
  }
  const officers = (await who.chenjie.get('/api/v1/officers')).body.items;
  const mate = officers.find((o) => o.username === 'zhangwei').id;
  const ent = (await who.chenjie.get('/api/v1/enterprises?limit=9')).body.items[7];
  const item = (await who.chenjie.get('/api/v1/catalogue?delegable=1&limit=1')).body.items[0].code;
  let r = await who.chenjie.post('/api/v1/cases', { source_kind: 'complaint', title: '浏览器对账导入测试', facts: '未设置安全警示标志。' });
  assert.equal(r.status, 201, r.text);
  const c = r.body;
  r = await who.chenjie.post(`/api/v1/cases/${c.id}/officers`, { version: c.version, officer_id: mate, role: 'assist' });
  r = await who.chenjie.post(`/api/v1/cases/${c.id}/parties`, { version: r.body.version, kind: 'org', enterprise_id: ent.id, is_principal: true });
  assert.equal(r.status, 201, r.text);
  r = await who.chenjie.post(`/api/v1/cases/${c.id}/violations`, { version: r.body.version, item_code: item, violation_date: day(-40), tier: 'minor' });
  assert.equal(r.status, 201, r.text);
  for (const [u, event, fields] of [['chenjie', 'file', { filed_on: day(-30) }], ['zhangwei', 'investigate'], ['zhangwei', 'review'],
    ['zhangwei', 'notify', { notified_on: day(-20), statements_heard: true }], ['liuyang', 'decide', { decided_on: day(-10) }],
    ['zhangwei', 'serve', { served_on: day(-9), service_method: 'direct' }]]) {
    const cur = (await who.chenjie.get(`/api/v1/cases/${c.id}`)).body;
    const res = await who[u].post(`/api/v1/cases/${c.id}/transitions`, { event, version: cur.version, ...(fields || {}) });
    assert.equal(res.status, 200, `${event}: ${res.text}`);
  }
  return { c: (await who.chenjie.get(`/api/v1/cases/${c.id}`)).body, who, ent };
}

test('E2E-PAY-01 the bank statement page: preview with matched and unmatched lines and their reasons, a bad header refused, the corrected file confirmed and shown on the case', async () => {
  const { c, who, ent } = await servedCase();
  const amount = `${Math.trunc(c.decided_amount_fen / 100)}.${String(c.decided_amount_fen % 100).padStart(2, '0')}`;
  const header = 'reference,case_number,amount,paid_on';
  const good = `BANK-E2E-${c.id},${c.number},${amount},${day(-2)}`;
  const withBad = path.join(dir, '对账单-有误.csv');
  fs.writeFileSync(withBad, `${header}\n${good}\nBANK-E2E-X${c.id},${c.number},12.345,${day(-2)}\n`);
  const badHeader = path.join(dir, '对账单-表头错误.csv');
  fs.writeFileSync(badHeader, `流水号,案号,金额,日期\n${good}\n`);
  const fixed = path.join(dir, '对账单.csv');
  fs.writeFileSync(fixed, `${header}\n${good}\n`);

  await withPage({ expect: [{ status: 400, path: '/api/v1/payments/import/preview' }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'liuyang');
    await page.getByTestId('side-menu').getByText('银行对账导入').click();
    await page.waitForURL(/\/finance\/payments$/);
    // a file with a bad line: line 2 matched to the case and its party, line 3 not, with the field
    await page.getByTestId('pay-import-file').setInputFiles(withBad);
    await page.getByTestId('pay-import-preview').click();
    await page.getByTestId('pay-import-summary').waitFor();
    assert.equal((await page.getByTestId('pay-import-line-2').innerText()).trim(), '匹配');
    assert.equal((await page.getByTestId('pay-import-line-3').innerText()).trim(), '未匹配');
    assert.match(await page.getByTestId('pay-import-reason-3').innerText(), /^金额：金额应为大于零的元数，最多两位小数$/);
    assert.equal((await page.getByTestId('pay-import-reason-2').innerText()).trim(), '');
    const rows = await page.getByTestId('pay-import-rows').innerText();
    assert.ok(rows.includes(c.number) && rows.includes(ent.name), 'the matched case and its party');
    assert.match(await page.getByTestId('pay-import-unmatched').innerText(), /未匹配 1/);
    assert.match(await page.getByTestId('pay-import-blocked').innerText(), /全部或全不/);
    assert.equal(await page.getByTestId('pay-import-confirm').count(), 0, 'no confirm while a line is unmatched');
    await page.screenshot({ path: '/tmp/zhifa-payments-import.png', fullPage: true });
    // the wrong header: refused, the header named
    await page.getByTestId('pay-import-file').setInputFiles(badHeader);
    await page.getByTestId('pay-import-preview').click();
    await page.getByTestId('pay-import-error').getByText('表头应为：reference,case_number,amount,paid_on').waitFor();
    // the corrected statement: clean preview, confirmed, the result with its case
    await page.getByTestId('pay-import-file').setInputFiles(fixed);
    await page.getByTestId('pay-import-preview').click();
    await page.getByTestId('pay-import-confirm').waitFor();
    const [res] = await Promise.all([
      page.waitForResponse((x) => new URL(x.url()).pathname === '/api/v1/payments/import' && x.request().method() === 'POST'),
      page.getByTestId('pay-import-confirm').click(),
    ]);
    assert.equal(res.status(), 201, await res.text());
    const result = page.getByTestId('pay-import-result');
    await result.getByText('已导入 1 笔缴款').waitFor();
    await result.getByRole('link', { name: c.number }).click();
    await page.waitForURL(new RegExp(`/cases/${c.id}$`));
    await page.getByRole('tab', { name: '缴款' }).click();
    await page.getByText(`BANK-E2E-${c.id}`).waitFor();
  });
  const after = (await who.chenjie.get(`/api/v1/cases/${c.id}`)).body;
  assert.equal(after.payment.outstanding_fen, 0);
  assert.equal(after.payments.find((p) => p.kind === 'bank').source, 'import');

  // a case officer has no such page (罚缴分离)
  await withPage({}, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhangwei');
    assert.equal(await page.getByTestId('side-menu').getByText('银行对账导入').count(), 0);
  });
});
