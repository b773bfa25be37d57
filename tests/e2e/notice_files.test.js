// Browser test of the materials (files) of notices (issue 11, R29;
// migration 041): a section head sends a notice with a real PDF picked in
// the file input, the thread lists it with name, type and size, clicking it
// downloads the same bytes under the original Chinese name; a PNG named
// .pdf added later is refused with the server's message; the PDF is
// withdrawn with a reason and stays listed as withdrawn; a reply carries a
// Word file. The list's 材料 column counts the files not withdrawn, the
// reply's included (1, then 0 after the withdrawal, then 1 with the reply's).
//
//   npm run build:web && ZHIFA_BIN=$PWD/build/zhifa node --test tests/e2e/notice_files.test.js
//
// Screenshot: /tmp/zhifa-notice-files.png.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startAll, stopAll, loginUi, field, withPage: withPageIn } = require('./helpers.js');
const { client } = require('../lib/server');
const M = require('../lib/materials');

let env;
let dir;
before(async () => {
  env = await startAll();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-nf-'));
});
after(async () => {
  await stopAll(env);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function choose(page, testId, text) {
  await page.getByTestId(testId).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
}

test('E2E-NF-01 a notice goes out with a PDF; the download is the same file under its name; a lying file is refused; withdraw; a reply with a Word file', async () => {
  const TITLE = `浏览器测试材料通报${process.pid}`;
  const pdfName = '现场检查笔录（第1页）.pdf';
  const pdf = M.pdf('E2E-NF-01 现场检查笔录');
  fs.writeFileSync(path.join(dir, pdfName), pdf);
  fs.writeFileSync(path.join(dir, '现场照片.pdf'), M.png()); // a PNG under a PDF's name
  fs.writeFileSync(path.join(dir, '检查方案.docx'), M.docx('检查方案'));
  const api = client(env.srv.url);
  assert.equal((await api.login('chenjie')).status, 200);
  const agency = (await api.get('/api/v1/agencies')).body.items.find((g) => g.active);
  assert.ok(agency);

  // the notice id is known once the page has sent it; the refusal is expected there
  const expect = [];
  await withPage({ expect, contextOptions: { acceptDownloads: true } }, async (t) => {
    const { page } = t;
    await loginUi(t, 'chenjie');
    await page.getByTestId('menu-exchange').click();
    await page.getByTestId('exchange-page').waitFor();
    await page.getByRole('tab', { name: '案件通报、案情会商' }).click();
    await page.getByTestId('nt-new').click();
    await choose(page, 'nt-agency', agency.name);
    await field(page, 'nt-title').fill(TITLE);
    await page.locator('[data-testid="nt-body"] textarea, textarea[data-testid="nt-body"]').first().fill('附现场检查笔录，请核查。');
    await page.getByTestId('nt-files-input').setInputFiles(path.join(dir, pdfName));
    await page.getByTestId('nt-files-picked').getByText(pdfName).waitFor();
    await page.getByTestId('nt-send').click();
    const thread = page.getByTestId('nt-thread');
    await thread.getByText(TITLE).waitFor();
    const files = page.getByTestId('nt-files');
    await files.getByText(pdfName).waitFor();
    assert.match(await files.innerText(), /PDF 文档 · \d+ B/);

    // what the server holds
    const notice = (await api.get(`/api/v1/agency-notices?agency_id=${agency.id}`)).body.items.find((n) => n.title === TITLE);
    const stored = (await api.get(`/api/v1/agency-notices/${notice.id}`)).body.attachments;
    assert.equal(stored.length, 1);
    assert.equal(stored[0].sha256, M.sha256(pdf));
    const f = stored[0];
    // the list counts it (the server's count, shown as a badge)
    const count = () => page.getByTestId(`nt-files-count-${notice.id}`);
    await count().waitFor();
    assert.equal((await count().innerText()).trim(), '1');
    assert.equal(notice.files, 1);

    // the download: same bytes, original name
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`nt-file-link-${f.id}`).click()]);
    assert.equal(download.suggestedFilename(), pdfName);
    const saved = await download.path();
    assert.equal(M.sha256(fs.readFileSync(saved)), M.sha256(pdf));

    // a PNG called .pdf: the server's message, nothing added
    expect.push({ status: 400, path: `/api/v1/agency-notices/${notice.id}/attachments` });
    await page.getByTestId('nt-add-files').setInputFiles(path.join(dir, '现场照片.pdf'));
    await page.getByTestId('nt-add-upload').click();
    await page.locator('.el-message', { hasText: '与内容不符' }).first().waitFor();
    assert.equal((await api.get(`/api/v1/agency-notices/${notice.id}`)).body.attachments.length, 1);

    // withdraw with a reason: still listed, marked
    await page.getByTestId(`nt-file-withdraw-${f.id}`).click();
    await field(page, 'nt-file-reason').fill('错发，以新版本为准');
    await page.getByTestId('nt-file-withdraw-confirm').click();
    await page.getByTestId(`nt-file-withdrawn-${f.id}`).waitFor();
    await files.getByText('错发，以新版本为准').waitFor();
    assert.equal((await api.get(`/api/v1/agency-notices/${notice.id}`)).body.attachments[0].withdrawn, true);
    // withdrawn: no longer counted
    await page.waitForFunction((id) => document.querySelector(`[data-testid="nt-files-count-${id}"]`)?.textContent.trim() === '0', notice.id);

    // a reply with a Word file
    await page.locator('[data-testid="nt-reply-text"] textarea, textarea[data-testid="nt-reply-text"]').first().fill('补充检查方案');
    await page.getByTestId('nt-reply-files').setInputFiles(path.join(dir, '检查方案.docx'));
    await page.getByTestId('nt-reply').click();
    await page.getByTestId('nt-replies').getByText('补充检查方案').waitFor();
    const full = (await api.get(`/api/v1/agency-notices/${notice.id}`)).body;
    const reply = full.reply_items.find((r) => r.body === '补充检查方案');
    assert.equal(reply.attachments.length, 1);
    assert.equal(reply.attachments[0].type_name, 'Word 文档');
    await page.getByTestId(`nt-reply-files-${reply.id}`).getByText('检查方案.docx').waitFor();
    // the reply's file counts with the notice's
    await page.waitForFunction((id) => document.querySelector(`[data-testid="nt-files-count-${id}"]`)?.textContent.trim() === '1', notice.id);
    await page.screenshot({ path: '/tmp/zhifa-notice-files.png', fullPage: true });
  });
});

const withPage = (options, body) => withPageIn(env, options, body);
