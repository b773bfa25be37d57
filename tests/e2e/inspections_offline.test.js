// Browser tests of the inspection pages with no connection (issue 7, R34) on
// a phone-sized viewport (375×812), against a real server and Debian's
// Chromium with the built app and its service worker.
//
//  E2E-OFF-01  the day's inspections opened online; offline, a reload still
//              shows the app and the inspection (service worker); the whole
//              inspection is recorded and signed offline; on reconnect the
//              server has exactly one of everything and one sign event.
//  E2E-OFF-02  the answer to a PATCH and to the signing is lost after the
//              server applied them; the sync sends them again: one copy, no
//              conflict shown.
//  E2E-OFF-03  two officers in two browsers edit the same inspection, one
//              offline; on reconnect the conflict dialog shows both values
//              and who saved the server's; the choice is what is stored, the
//              other officer's other changes are kept.
//
//   npm run build:web && ZHIFA_BIN=$PWD/build-asan/zhifa node --test tests/e2e/inspections_offline.test.js
//
// Screenshots: /tmp/zhifa-offline-phone.png, /tmp/zhifa-offline-conflict.png
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startAll, stopAll, loginUi, field, openPage } = require('./helpers.js');
const { client } = require('../lib/server.js');
const fx = require('../lib/inspections.js');

let env;
let api;
let shihe;
let offs;
before(async () => {
  env = await startAll();
  api = client(env.srv.url);
  api.url = env.srv.url;
  await api.login('sunli');
  shihe = (await api.get('/api/v1/units')).body.items.find((u) => u.code === '341504001');
  offs = await fx.officersOf(api, shihe.id);
});
after(async () => { await stopAll(env); });

const PHONE = { width: 375, height: 812 };

// Today's inspection of the n-th enterprise of 史河街道 with the dust
// checklist chosen (as the plan would have it).
async function todaysInspection(n) {
  const ent = await fx.enterpriseOf(api, shihe.id, n);
  const i = await fx.newInspection(api, ent.id);
  const chk = await fx.checklist(api, 'CHK-DUST-WOOD');
  const p = await api.patch(`/api/v1/inspections/${i.id}`, { version: i.version, checklist_code: chk.code, checklist_version: chk.version });
  assert.equal(p.status, 200, p.text);
  return { ent, insp: p.body, chk };
}

async function history(id, action) {
  const h = await api.get(`/api/v1/objects/inspection/${id}/history`);
  assert.equal(h.status, 200, h.text);
  return h.body.items.filter((e) => e.action === action);
}

async function drawSignature(page) {
  const pad = page.getByTestId('signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  await page.mouse.move(box.x + 20, box.y + 40);
  await page.mouse.down();
  for (let k = 1; k <= 20; k++) await page.mouse.move(box.x + 20 + k * 14, box.y + 40 + Math.round(30 * Math.sin(k / 3)));
  await page.mouse.up();
}

test('E2E-OFF-00 the server hands out the worker and the manifest with the right type, sw.js never cached long, every precached file there', async () => {
  const sw = await fetch(`${env.srv.url}/sw.js`);
  assert.equal(sw.status, 200);
  assert.match(sw.headers.get('content-type'), /^text\/javascript/);
  assert.equal(sw.headers.get('cache-control'), 'no-cache', 'a new release must reach the phone');
  const src = await sw.text();
  const build = JSON.parse(src.match(/^const BUILD = (.*); \/\/ BUILD/m)[1]);
  assert.match(build.version, /^[0-9a-f]{16}$/);
  const index = await fetch(`${env.srv.url}/`);
  const html = await index.text();
  // the page's own script and style are in the list, and every listed file is served
  for (const m of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) assert.ok(build.files.includes(m[1]), m[1]);
  for (const f of build.files) assert.equal((await fetch(env.srv.url + f, { method: 'HEAD' })).status, 200, f);
  // CSP: no worker-src, so workers fall back to script-src 'self'
  assert.match(index.headers.get('content-security-policy'), /script-src 'self'/);
  assert.doesNotMatch(index.headers.get('content-security-policy'), /worker-src/);
  const man = await fetch(`${env.srv.url}/manifest.webmanifest`);
  assert.equal(man.status, 200);
  assert.equal(man.headers.get('content-type'), 'application/manifest+json');
  const m = await man.json();
  assert.equal(m.name, '执法');
  assert.equal(m.display, 'standalone');
  assert.ok(m.start_url && m.icons.length);
  assert.match(html, /<link rel="manifest" href="\/manifest.webmanifest"/);
});

test('E2E-OFF-01 offline: the reloaded app shows the inspection from the service worker; recorded and signed offline, one copy of everything after reconnecting', async () => {
  const { ent, insp, chk } = await todaysInspection(20);
  const photo = fx.png(9090, 16, 16);
  const t = await openPage(env, { viewport: PHONE, offline: true });
  try {
    const { page, context } = t;
    await loginUi(t, 'sunli');
    await page.goto(t.url('/inspections'));
    await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 60000 });
    // online, through the worker: the day's list, then the inspection
    await page.reload();
    await page.getByTestId(`insp-card-${insp.id}`).click();
    await page.getByTestId(`item-${chk.items[0]}`).waitFor();
    await page.getByTestId('officer-select').waitFor();

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('inspection-page').waitFor();
    assert.equal(await page.getByTestId('insp-title').innerText(), ent.name);
    await page.getByTestId('offline-badge').waitFor();
    await page.getByTestId(`item-${chk.items[0]}`).waitFor();
    // the day's list too, from the worker's copy
    await page.goto(t.url('/inspections')).catch(() => {});
    await page.getByTestId(`insp-card-${insp.id}`).click();
    await page.getByTestId('inspection-page').waitFor();

    // the whole inspection, with no connection
    await page.getByTestId('officer-select').click();
    await page.getByTestId(`officer-option-${offs['韩雪'].id}`).click();
    await page.getByTestId('officer-add').click();
    await page.getByTestId('officer-1').getByText('韩雪').waitFor();
    await page.getByTestId('stage-onsite-start').click();
    await page.getByTestId('stage-onsite-end').waitFor();
    await field(page, 'att-name').fill('王建国');
    await field(page, 'att-phone').fill('13805645678');
    await page.getByTestId('att-add').click();
    await page.getByTestId('attendee-0').getByText('王建国').waitFor();
    await page.getByTestId(`answer-${chk.items[0]}-no`).click();
    await page.locator(`[data-testid="answer-${chk.items[0]}-no"].el-button--danger`).waitFor();
    await page.getByTestId(`answer-${chk.items[1]}-yes`).click();
    await page.locator('textarea[data-testid="finding-text"], [data-testid="finding-text"] textarea').first().fill('除尘器未设置泄爆装置');
    await page.getByTestId('finding-add').click();
    const fcard = page.locator('[data-testid^="finding-"]').filter({ hasText: '除尘器未设置泄爆装置' });
    await fcard.waitFor();
    const fkey = (await fcard.getAttribute('data-testid')).replace('finding-', '');
    await page.getByTestId(`hazard-deadline-${fkey}`).fill('2099-03-31');
    await page.getByTestId(`hazard-make-${fkey}`).click();
    await fcard.getByText('整改期限 2099-03-31').waitFor();
    await page.getByTestId('photo-input').setInputFiles({ name: 'IMG_0101.png', mimeType: 'image/png', buffer: photo });
    await page.locator('img[data-testid^="photo-"]').first().waitFor();
    await field(page, 'signer-name').fill('王建国');
    await drawSignature(page);
    await page.getByTestId('insp-sign').click();
    await page.getByTestId('insp-signed').waitFor();
    const waiting = await page.getByTestId('outbox-waiting').innerText();
    const n = Number(waiting.match(/(\d+) 项修改待同步/)[1]);
    // officer, stage, attendee, two answers, finding, hazard, photo, signature, signing
    assert.equal(n, 10, waiting);
    await page.screenshot({ path: '/tmp/zhifa-offline-phone.png', fullPage: true });
    // nothing reached the server yet
    let full = (await api.get(`/api/v1/inspections/${insp.id}`)).body;
    assert.equal(full.version, insp.version);
    assert.equal(full.evidence.length, 0);

    await context.setOffline(false);
    await page.getByTestId('outbox-waiting').waitFor({ state: 'detached', timeout: 30000 });
    await page.getByTestId('offline-badge').waitFor({ state: 'detached' });

    // exactly one of everything on the server
    const list = (await api.get(`/api/v1/inspections?enterprise_id=${ent.id}&limit=200`)).body.items;
    assert.equal(list.length, 1, JSON.stringify(list.map((x) => x.id)));
    full = (await api.get(`/api/v1/inspections/${insp.id}`)).body;
    assert.equal(full.status, 'signed');
    assert.deepEqual(full.officers.map((o) => o.name), ['孙丽', '韩雪']);
    assert.ok(full.onsite_start);
    assert.deepEqual(full.attendees.map((a) => a.name), ['王建国']);
    assert.deepEqual(full.answers.map((a) => [a.item_id, a.answer]).sort(), [[chk.items[0], 'no'], [chk.items[1], 'yes']]);
    assert.equal(full.findings.length, 1);
    assert.equal(full.hazards.length, 1);
    assert.equal(full.hazards[0].deadline, '2099-03-31');
    const photos = full.evidence.filter((e) => e.kind === 'photo');
    const sigs = full.evidence.filter((e) => e.kind === 'signature');
    assert.equal(photos.length, 1);
    assert.equal(photos[0].sha256, crypto.createHash('sha256').update(photo).digest('hex'));
    assert.equal(sigs.length, 1);
    assert.equal(full.signature_id, sigs[0].id);
    assert.equal(full.signer_name, '王建国');
    assert.equal((await history(insp.id, 'inspection.sign')).length, 1);
    t.check();
  } finally {
    await t.close();
  }
});

test('E2E-OFF-02 a lost answer: the PATCH and the signing the server applied are sent again and stored once, with no conflict shown', async () => {
  const { insp, chk } = await todaysInspection(21);
  const p = await api.patch(`/api/v1/inspections/${insp.id}`, { version: insp.version, officers: [{ officer_id: offs['孙丽'].id }, { officer_id: offs['韩雪'].id }] });
  assert.equal(p.status, 200, p.text);
  // route() sees the page's requests only without a service worker
  const t = await openPage(env, { viewport: PHONE, offline: true, contextOptions: { serviceWorkers: 'block' } });
  try {
    const { page, context } = t;
    let lost = 0;
    // the request reaches the server, its answer never reaches the phone
    const loseFirst = async (route) => {
      if (!['PATCH', 'POST'].includes(route.request().method())) return route.continue();
      const seen = route.request().postData() || '';
      if (loseFirst.done.has(seen)) return route.continue();
      loseFirst.done.add(seen);
      await route.fetch();
      lost++;
      return route.abort('internetdisconnected');
    };
    loseFirst.done = new Set();
    await page.route(`**/api/v1/inspections/${insp.id}`, loseFirst);
    await page.route(`**/api/v1/inspections/${insp.id}/sign`, loseFirst);
    await loginUi(t, 'sunli');
    await page.goto(t.url(`/inspections/${insp.id}`));
    await page.getByTestId(`item-${chk.items[0]}`).waitFor();
    await page.getByTestId(`answer-${chk.items[0]}-yes`).click();
    await page.getByTestId('offline-badge').waitFor();
    assert.equal(lost, 1);
    assert.equal((await api.get(`/api/v1/inspections/${insp.id}`)).body.answers.length, 1, 'the server applied it');
    // the connection comes back: the same request again
    await context.setOffline(true);
    await context.setOffline(false);
    await page.getByTestId('outbox-waiting').waitFor({ state: 'detached' });
    // the signing, lost the same way
    await field(page, 'signer-name').fill('王建国');
    await drawSignature(page);
    await page.getByTestId('insp-sign').click();
    await page.getByTestId('offline-badge').waitFor();
    assert.equal(lost, 2);
    await context.setOffline(true);
    await context.setOffline(false);
    await page.getByTestId('outbox-waiting').waitFor({ state: 'detached' });
    assert.equal(await page.locator('.conflict-field').count(), 0);
    const full = (await api.get(`/api/v1/inspections/${insp.id}`)).body;
    assert.equal(full.status, 'signed');
    assert.deepEqual(full.answers.map((a) => [a.item_id, a.answer]), [[chk.items[0], 'yes']]);
    assert.equal((await history(insp.id, 'inspection.update')).length, 3, 'checklist, officers, the answer once');
    assert.equal((await history(insp.id, 'inspection.sign')).length, 1);
    assert.equal(full.evidence.filter((e) => e.kind === 'signature').length, 1);
    t.check();
  } finally {
    await t.close();
  }
});

test('E2E-OFF-03 two officers, one offline: the conflict dialog shows both values and who saved the server\'s; the chosen value is stored and the rest merged', async () => {
  const { insp, chk } = await todaysInspection(22);
  const [i0, i1, i2] = chk.items;
  // the 409 of her queued PATCH is the conflict the test is about
  const a = await openPage(env, { viewport: PHONE, offline: true, expect: [{ status: 409, path: `/api/v1/inspections/${insp.id}` }], contextOptions: { serviceWorkers: 'block' } });
  const b = await openPage(env, { viewport: PHONE, contextOptions: { serviceWorkers: 'block' } });
  try {
    await loginUi(a, 'sunli');
    await a.page.goto(a.url(`/inspections/${insp.id}`));
    await a.page.getByTestId(`item-${i0}`).waitFor();
    await loginUi(b, 'zhangwei');
    await b.page.goto(b.url(`/inspections/${insp.id}`));
    await b.page.getByTestId(`item-${i0}`).waitFor();

    // 孙丽 has no signal: 否 for the first item, 是 for the second, and her legal education text
    await a.context.setOffline(true);
    await a.page.getByTestId(`answer-${i0}-no`).click();
    await a.page.getByTestId(`answer-${i1}-yes`).click();
    await a.page.getByTestId('outbox-waiting').getByText('2 项修改待同步').waitFor();
    // 张伟, online, answers the first item 不适用 and the third 是
    await b.page.getByTestId(`answer-${i0}-na`).click();
    await b.page.locator(`[data-testid="answer-${i0}-na"].el-button--primary`).waitFor();
    await b.page.getByTestId(`answer-${i2}-yes`).click();
    await b.page.getByTestId('outbox-waiting').waitFor({ state: 'detached' });
    await b.page.waitForFunction(() => !document.querySelector('[data-testid="outbox-waiting"]'));

    await a.context.setOffline(false);
    const row = a.page.getByTestId(`conflict-answer:${i0}`);
    await row.waitFor();
    assert.match(await a.page.getByTestId(`conflict-mine-answer:${i0}`).innerText(), /我的修改：否/);
    assert.match(await a.page.getByTestId(`conflict-theirs-answer:${i0}`).innerText(), /服务器上的版本：不适用/);
    assert.match(await a.page.getByTestId(`conflict-who-answer:${i0}`).innerText(), /张伟 于 \d{4}-\d\d-\d\d \d\d:\d\d 保存/);
    // only the field both changed is asked about
    assert.equal(await a.page.locator('.conflict-field').count(), 1);
    await a.page.waitForTimeout(400); // the dialog's opening animation
    await a.page.screenshot({ path: '/tmp/zhifa-offline-conflict.png' });
    // nothing was overwritten while the dialog is open
    let full = (await api.get(`/api/v1/inspections/${insp.id}`)).body;
    assert.equal(full.answers.find((x) => x.item_id === i0).answer, 'na');
    await a.page.getByTestId(`conflict-mine-answer:${i0}`).click();
    await a.page.getByTestId('conflict-apply').click();
    await a.page.getByTestId('outbox-waiting').waitFor({ state: 'detached' });
    full = (await api.get(`/api/v1/inspections/${insp.id}`)).body;
    const answers = Object.fromEntries(full.answers.map((x) => [x.item_id, x.answer]));
    assert.deepEqual(answers, { [i0]: 'no', [i1]: 'yes', [i2]: 'yes' });
    a.check();
    b.check();
  } finally {
    await a.close();
    await b.close();
  }
});
