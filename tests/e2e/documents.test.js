// Browser tests of enforcement documents (issue 9): the public verification
// page the QR code leads to says 已核验 for an issued document's code (and
// confirms the very PDF file, hashed in the browser), 未找到 for a forged
// code, without login; an officer issues a document from 执法文书.
//
//   npm run build:web && ZHIFA_BIN=build/zhifa node --test tests/e2e/documents.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const { client } = require('../lib/server.js');
const { startAll, stopAll, withPage, loginUi, field, clickMenu } = require('./helpers.js');

process.env.LSAN_OPTIONS = process.env.LSAN_OPTIONS || `suppressions=${path.join(__dirname, '..', 'lsan.supp')}`;

let env;
let doc;
let pdfFile;
let enterprise;
before(async () => {
  env = await startAll();
  const c = client(env.srv.url);
  assert.equal((await c.login('zhangwei')).status, 200);
  enterprise = (await c.get('/api/v1/enterprises?limit=1')).body.items[0];
  const r = await c.post('/api/v1/documents', {
    kind: 'rectification_order', subject_kind: 'enterprise', subject_id: enterprise.id,
    fields: { violations: { text: '1. 消防通道堵塞' }, rectification: { deadline: '2026年12月31日' } },
  });
  assert.equal(r.status, 201, r.text);
  doc = r.body;
  const res = await fetch(`${env.srv.url}/api/v1/documents/${doc.id}/pdf`, { headers: { cookie: c.cookie } });
  pdfFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-e2e-doc-')), 'doc.pdf');
  fs.writeFileSync(pdfFile, Buffer.from(await res.arrayBuffer()));
});
after(async () => { await stopAll(env); });

test('DOC-E01 the QR page without login: 已核验 with kind, number, authority; the file itself matches', async () => {
  await withPage(env, {}, async (t) => {
    const { page } = t;
    await page.goto(t.url(`/public/verify/${doc.verify_code}`));
    await page.getByTestId('verify-yes').waitFor();
    const text = await page.getByTestId('public-verify').innerText();
    assert.match(text, /已核验/);
    assert.match(text, /责令限期整改指令书/);
    assert.ok(text.includes(doc.number));
    assert.match(text, /六安市叶集区应急管理局/);
    assert.ok(!text.includes(enterprise.name), 'no party data on the public page');
    await page.getByTestId('verify-file').setInputFiles(pdfFile);
    await page.getByTestId('verify-file-result').waitFor();
    assert.match(await page.getByTestId('verify-file-result').innerText(), /一致/);
    // a changed file: one byte more
    const changed = `${pdfFile}.changed.pdf`;
    fs.writeFileSync(changed, Buffer.concat([fs.readFileSync(pdfFile), Buffer.from('\n')]));
    await page.getByTestId('verify-file').setInputFiles(changed);
    await page.getByText('不一致').waitFor();
    assert.equal(await page.getByTestId('login-submit').count(), 0);
  });
});

test('DOC-E02 a forged code: 未找到', async () => {
  await withPage(env, {}, async (t) => {
    const { page } = t;
    const c = doc.verify_code.replace('-', '');
    const forged = c.slice(0, 9) + (c[9] === 'A' ? 'B' : 'A');
    await page.goto(t.url(`/public/verify/${forged}`));
    await page.getByTestId('verify-no').waitFor();
    assert.match(await page.getByTestId('public-verify').innerText(), /未找到/);
  });
});

test('DOC-E03 an officer issues a document from 执法文书 and sees its number and code', async () => {
  await withPage(env, {}, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhangwei');
    await page.getByText('执法文书').first().click();
    await page.getByTestId('documents-page').waitFor();
    await field(page, 'doc-subject-id').fill(String(enterprise.id));
    await page.locator('textarea[data-testid="doc-fields"], [data-testid="doc-fields"] textarea').first().fill('{"violations":{"text":"2. 安全出口锁闭"}}');
    // default kind: the penalty decision; change to the rectification order
    await page.getByTestId('doc-kind').click();
    await page.getByRole('option', { name: '责令限期整改指令书' }).click();
    await page.getByTestId('doc-issue').click();
    await page.getByTestId('doc-issued').waitFor();
    const msg = await page.getByTestId('doc-issued').innerText();
    assert.match(msg, /（叶）应急责改〔\d{4}〕2号/);
    assert.match(msg, /核验码 [0-9A-Z]{5}-[0-9A-Z]{5}/);
    await page.getByTestId('doc-list').getByText(/应急责改〔\d{4}〕2号/).waitFor();
  });
});

test('DOC-E04 the administrator edits a template: a missing field is refused with its name, a good edit is saved as a version', async () => {
  await withPage(env, { expect: [{ status: 400, path: '/api/v1/document-templates/service_receipt' }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'admin');
    await page.goto(t.url('/admin/document-templates'));
    await page.getByTestId('templates-page').waitFor();
    await page.getByTestId('template-kind').click();
    await page.getByRole('option', { name: '送达回执' }).click();
    await page.getByTestId('template-version').getByText('随程序发布的模板').waitFor();
    const box = page.locator('textarea[data-testid="template-text"], [data-testid="template-text"] textarea').first();
    // the shipped-template label shows for the previous kind too: wait for
    // the chosen kind's text to replace the previous one in the editor
    let tpl = JSON.parse(await box.inputValue());
    for (let i = 0; i < 100 && tpl.kind !== 'service_receipt'; i++) {
      await page.waitForTimeout(50);
      tpl = JSON.parse(await box.inputValue());
    }
    assert.equal(tpl.kind, 'service_receipt');
    const bad = { ...tpl, sections: [...tpl.sections, { type: 'paragraph', text: '{{served.recipeint}}' }] };
    await box.fill(JSON.stringify(bad, null, 2));
    await page.getByTestId('template-save').click();
    await page.getByTestId('template-error').waitFor();
    assert.match(await page.getByTestId('template-error').innerText(), /served\.recipeint/);
    const good = { ...tpl, sections: [...tpl.sections, { type: 'paragraph', text: '（请当面签收。）' }] };
    await box.fill(JSON.stringify(good, null, 2));
    await page.getByTestId('template-save').click();
    await page.getByTestId('template-version').getByText('第 1 版').waitFor();
  });
});

test('DOC-E05 the administrator sets the bureau\'s address and telephone: a bad phone is refused on its field, a good one is saved and printed on the next 行政处罚告知书', async () => {
  await withPage(env, { expect: [{ status: 400, path: '/api/v1/document-settings' }] }, async (t) => {
    const { page } = t;
    await loginUi(t, 'admin');
    await clickMenu(page, 'menu-admin', 'menu-admin-document-settings');
    await page.getByTestId('document-settings-page').waitFor();
    await page.getByTestId('ds-address').fill('六安市叶集区史河街道振兴路99号');
    await page.getByTestId('ds-phone').fill('请打电话');
    await page.getByTestId('ds-save').click();
    await page.getByTestId('document-settings-error').waitFor();
    assert.match(await page.getByTestId('document-settings-error').innerText(), /联系电话/);
    await page.getByTestId('ds-phone').fill('0564-6620888');
    await page.getByTestId('ds-save').click();
    await page.getByText(/当前为第 \d+ 版/).waitFor();
    await page.reload();
    await page.getByTestId('document-settings-page').waitFor();
    assert.equal(await page.getByTestId('ds-phone').inputValue(), '0564-6620888');
  });
  // the next notice prints them
  const c = client(env.srv.url);
  assert.equal((await c.login('zhangwei')).status, 200);
  const res = await fetch(`${env.srv.url}/api/v1/documents/preview`, {
    method: 'POST',
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'penalty_notice', subject_kind: 'enterprise', subject_id: enterprise.id }),
  });
  assert.equal(res.status, 200);
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-e2e-doc-')), 'notice.pdf');
  fs.writeFileSync(f, Buffer.from(await res.arrayBuffer()));
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  assert.ok(text.includes('联系电话：0564-6620888'), text.slice(0, 500));
  assert.ok(text.includes('联系地址：六安市叶集区史河街道振兴路99号'));
});
