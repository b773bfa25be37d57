// Browser test of the on-site inspection pages (issue 7, R16–R18) on a
// phone-sized viewport (375×812): 孙丽 starts an inspection of an enterprise
// of 史河街道, adds 韩雪 to the team, records a stage, an attendee, a checklist
// answer, a finding made a hazard, a photo from the "camera" (a real PNG via
// setInputFiles, hashed in the browser with Web Crypto), draws the
// representative's signature with mouse moves on the canvas and signs.
// The server then has exactly one inspection, one photo and one signature,
// each photo's stored hash equal to the bytes sent.
//
//   npm run build:web && ZHIFA_BIN=build-insp/zhifa node --test tests/e2e/inspections.test.js
//
// Screenshot: /tmp/zhifa-inspection-phone.png
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startAll, stopAll, loginUi, field, withPage: withPageIn } = require('./helpers.js');
const { client } = require('../lib/server.js');
const fx = require('../lib/inspections.js');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });

const PHONE = { width: 375, height: 812 };

test('E2E-INSP-01 record, photograph and sign an inspection on a phone; one copy of each on the server', async () => {
  const api = client(env.srv.url);
  await api.login('sunli');
  const units = (await api.get('/api/v1/units')).body.items;
  const shihe = units.find((u) => u.code === '341504001');
  const ent = await fx.enterpriseOf(api, shihe.id, 5);
  const photo = fx.png(4242, 16, 16);

  await withPageIn(env, { viewport: PHONE }, async (t) => {
    const { page } = t;
    await loginUi(t, 'sunli');
    await page.goto(t.url('/inspections'));
    await page.getByTestId('inspections-page').waitFor();
    // find the enterprise by name and start
    await page.getByTestId('insp-enterprise').click();
    await page.keyboard.type(ent.name.slice(-8));
    await page.getByTestId(`insp-enterprise-${ent.id}`).click();
    await page.getByTestId('insp-create').click();
    await page.getByTestId('inspection-page').waitFor();
    assert.equal(await page.getByTestId('insp-title').innerText(), ent.name);

    // the team: 韩雪 joins 孙丽
    const offs = await fx.officersOf(api, shihe.id);
    await page.getByTestId('officer-select').click();
    await page.getByTestId(`officer-option-${offs['韩雪'].id}`).click();
    await page.getByTestId('officer-add').click();
    await page.getByTestId('officer-1').getByText('韩雪').waitFor();

    // a stage, an attendee
    await page.getByTestId('stage-onsite-start').click();
    await page.getByTestId('stage-onsite-end').waitFor();
    await field(page, 'att-name').fill('王建国');
    await field(page, 'att-phone').fill('13805645678');
    await page.getByTestId('att-add').click();
    await page.getByTestId('attendee-0').getByText('王建国').waitFor();

    // the checklist, answered item by item
    await page.getByTestId('insp-checklist').click();
    await page.getByTestId('insp-checklist-CHK-DUST-WOOD').click();
    await page.getByTestId('item-DUST-01').waitFor();
    await page.getByTestId('answer-DUST-01-yes').click();
    await page.locator('[data-testid="answer-DUST-01-yes"].el-button--primary').waitFor();

    // a finding made a hazard with its deadline
    await page.locator('textarea[data-testid="finding-text"], [data-testid="finding-text"] textarea').first().fill('除尘器未设置泄爆装置');
    await page.getByTestId('finding-add').click();
    const fcard = page.locator('[data-testid^="finding-"]').filter({ hasText: '除尘器未设置泄爆装置' });
    await fcard.waitFor();
    const fid = (await fcard.getAttribute('data-testid')).replace('finding-', '');
    await page.getByTestId(`hazard-deadline-${fid}`).fill('2099-01-31');
    await page.getByTestId(`hazard-make-${fid}`).click();
    await fcard.getByText('整改期限 2099-01-31').waitFor();

    // a photo "from the camera"
    await page.getByTestId('photo-input').setInputFiles({ name: 'IMG_0001.png', mimeType: 'image/png', buffer: photo });
    await page.locator('[data-testid^="photo-"] >> visible=true').first().waitFor();

    // the representative signs on the canvas with the mouse
    await field(page, 'signer-name').fill('王建国');
    const pad = page.getByTestId('signature-pad');
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    await page.mouse.move(box.x + 20, box.y + 40);
    await page.mouse.down();
    for (let k = 1; k <= 20; k++) await page.mouse.move(box.x + 20 + k * 14, box.y + 40 + Math.round(30 * Math.sin(k / 3)));
    await page.mouse.up();
    await page.getByTestId('insp-sign').click();
    await page.getByTestId('insp-signed').waitFor();
    // every change went through the outbox: nothing is left waiting
    await page.getByTestId('outbox-waiting').waitFor({ state: 'detached' });
    assert.match(await page.getByTestId('insp-status').innerText(), /已签字/);
    await page.screenshot({ path: '/tmp/zhifa-inspection-phone.png', fullPage: true });
    // nothing wider than the phone
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(overflow <= PHONE.width + 1, `page is ${overflow}px wide`);
  });

  // exactly one copy of each on the server
  const list = await api.get(`/api/v1/inspections?enterprise_id=${ent.id}&limit=200`);
  const mine = list.body.items.filter((x) => x.created_by && x.inspected_on);
  assert.equal(mine.length, 1, JSON.stringify(mine));
  const full = (await api.get(`/api/v1/inspections/${mine[0].id}`)).body;
  assert.equal(full.status, 'signed');
  assert.equal(full.answers.length, 1);
  assert.equal(full.answers[0].item_id, 'DUST-01');
  assert.equal(full.attendees.length, 1);
  assert.equal(full.findings.length, 1);
  assert.equal(full.hazards.length, 1);
  const photos = full.evidence.filter((e) => e.kind === 'photo');
  const sigs = full.evidence.filter((e) => e.kind === 'signature');
  assert.equal(photos.length, 1);
  assert.equal(sigs.length, 1);
  assert.equal(photos[0].sha256, crypto.createHash('sha256').update(photo).digest('hex'));
  assert.equal(photos[0].declared_sha256, photos[0].sha256);
  assert.equal(full.signature_id, sigs[0].id);
  // the signature is a real PNG with ink on it
  api.url = env.srv.url;
  const png = await fx.raw(api, 'GET', `/api/v1/evidence/${sigs[0].id}/content`);
  assert.equal(png.status, 200);
  assert.equal(png.bytes.subarray(1, 4).toString(), 'PNG');
  assert.ok(png.bytes.length > 1000, `signature ${png.bytes.length} bytes`);
});

test('E2E-INSP-02 a photo taken with no connection waits in the outbox and arrives once when the connection returns', async () => {
  const api = client(env.srv.url);
  api.url = env.srv.url;
  await api.login('sunli');
  const units = (await api.get('/api/v1/units')).body.items;
  const shihe = units.find((u) => u.code === '341504001');
  const ent = await fx.enterpriseOf(api, shihe.id, 6);
  const insp = await fx.newInspection(api, ent.id);
  const photo = fx.png(777, 12, 12);
  const { openPage } = require('./helpers.js');
  const t = await openPage(env, { viewport: PHONE });
  try {
    const { page, context } = t;
    await loginUi(t, 'sunli');
    await page.goto(t.url(`/inspections/${insp.id}`));
    await page.getByTestId('inspection-page').waitFor();
    // the page's own reads (the officer select) finish before the
    // connection goes: one still in flight would get the service worker's
    // 503 http.offline, which is not what this test is about
    await page.waitForLoadState('networkidle');
    await context.setOffline(true);
    await page.getByTestId('photo-input').setInputFiles({ name: 'IMG_0002.png', mimeType: 'image/png', buffer: photo });
    await page.getByTestId('outbox-waiting').waitFor();
    assert.match(await page.getByTestId('outbox-waiting').innerText(), /1 项修改待同步/);
    let full = (await api.get(`/api/v1/inspections/${insp.id}`)).body;
    assert.equal(full.evidence.length, 0, 'nothing reached the server while offline');
    await context.setOffline(false);
    await page.locator('[data-testid^="photo-"] >> visible=true').first().waitFor();
    await page.getByTestId('outbox-waiting').waitFor({ state: 'detached' });
    // a reload flushes again: nothing is left, nothing is sent twice
    await page.reload();
    await page.getByTestId('inspection-page').waitFor();
    full = (await api.get(`/api/v1/inspections/${insp.id}`)).body;
    assert.equal(full.evidence.length, 1);
    assert.equal(full.evidence[0].sha256, crypto.createHash('sha256').update(photo).digest('hex'));
    // only the requests that failed for being offline may have failed
    try { t.check(); } catch (err) {
      const rest = err.message.split('\n').slice(1).filter((l) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(l));
      assert.deepEqual(rest, []);
    }
  } finally {
    await t.close();
  }
});

test('E2E-INSP-03 the gate QR code: the enterprise sees its page and writes; an officer scans and lands in today\'s inspection', async () => {
  const api = client(env.srv.url);
  await api.login('sunli');
  const units = (await api.get('/api/v1/units')).body.items;
  const shihe = units.find((u) => u.code === '341504001');
  const ent = await fx.enterpriseOf(api, shihe.id, 7);
  const q = await api.get(`/api/v1/enterprises/${ent.id}/qr?format=json`);
  const gate = new URL(q.body.url).pathname;
  assert.match(gate, /^\/e\/\d+\/[0-9a-f]{64}$/);
  // the enterprise, not signed in
  await withPageIn(env, { viewport: PHONE, expect: [{ status: 401, path: '/api/v1/me' }, { status: 404, path: `/api/v1/public/enterprises/${ent.id}/${'0'.repeat(64)}` }] }, async (t) => {
    const { page } = t;
    await page.goto(t.url(gate));
    await page.getByTestId('gate-burden').waitFor();
    assert.match(await page.getByTestId('gate-burden').innerText(), /已检查 \d+ 次/);
    assert.equal(await page.getByTestId('gate-arrive').count(), 0);
    await page.locator('textarea[data-testid="gate-body"], [data-testid="gate-body"] textarea').first().fill('检查人员态度很好，指出的问题已安排整改');
    await page.getByTestId('gate-send').click();
    await page.getByTestId('gate-sent').waitFor();
    await page.goto(t.url(`/e/${ent.id}/${'0'.repeat(64)}`));
    await page.getByTestId('gate-invalid').waitFor();
  });
  // an officer on her phone
  await withPageIn(env, { viewport: PHONE }, async (t) => {
    const { page } = t;
    await loginUi(t, 'sunli');
    await page.goto(t.url(gate));
    await page.getByTestId('gate-arrive').click();
    await page.getByTestId('inspection-page').waitFor();
    assert.equal(await page.getByTestId('insp-title').innerText(), ent.name);
  });
  const list = await api.get(`/api/v1/inspections?enterprise_id=${ent.id}&limit=200`);
  const full = (await api.get(`/api/v1/inspections/${list.body.items[0].id}`)).body;
  assert.deepEqual(full.arrivals.map((a) => a.name), ['孙丽']);
});
