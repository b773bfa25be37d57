// Browser test of the open-data links (issue 10, R14/R25): a visitor with
// no login finds the inspection files on the draws page and the violation
// files on the decisions page; each link answers its file (the page fetches
// it as the browser would follow it): the CSV with its BOM and exact header,
// the feed as Atom. OD-E01.
//
//   npm run build:web && ZHIFA_BIN=build/zhifa node --test tests/e2e/opendata.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startAll, stopAll, openPage } = require('./helpers.js');

let env;
before(async () => { env = await startAll(); });
after(async () => { await stopAll(env); });

// The first line of what a link of the page answers, the BOM kept.
async function firstLine(page, testId) {
  const href = await page.getByTestId(testId).getAttribute('href');
  return page.evaluate(async (h) => {
    const r = await fetch(h);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await r.arrayBuffer());
    return { status: r.status, type: r.headers.get('content-type'), line: text.split(/\r?\n/)[0] };
  }, href);
}

test('OD-E01 the portal links the inspection and violation files, and each answers its file', async () => {
  const t = await openPage(env, { viewport: { width: 390, height: 844 } });
  try {
    const { page } = t;
    await page.goto(t.url('/public/draws'));
    await page.getByTestId('public-draws').waitFor();
    let r = await firstLine(page, 'public-inspections-csv');
    assert.equal(r.status, 200);
    assert.match(r.type, /text\/csv/);
    assert.equal(r.line, '\ufeffid,inspected_on,unit,source,draw_id,enterprise_kind,enterprise_name,credit_code,township,'
      + 'domain,findings,hazards_ordinary,hazards_major,hazards_rectified,case_opened,signed_on');
    r = await firstLine(page, 'public-inspections-atom');
    assert.equal(r.status, 200);
    assert.match(r.type, /application\/atom\+xml/);
    assert.equal(r.line, '<?xml version="1.0" encoding="utf-8"?>');

    await page.goto(t.url('/public/decisions'));
    await page.getByTestId('public-decisions').waitFor();
    assert.match(await page.getByTestId('public-violation-amounts-csv').innerText(), /罚款数额变更/);
    r = await firstLine(page, 'public-violations-csv');
    assert.equal(r.status, 200);
    assert.equal(r.line, '\ufeffviolation_id,publication_id,number,item_code,title,initial_amount_fen,final_amount_fen,changes');
    r = await firstLine(page, 'public-violation-amounts-csv');
    assert.equal(r.status, 200);
    assert.equal(r.line, '\ufeffpublication_id,number,violation_id,item_code,seq,stage,amount_fen,changed_at');
    r = await firstLine(page, 'public-decisions-csv');
    assert.equal(r.status, 200);
    assert.match(r.line, /^\ufeffdecision_id,number,/);
    assert.equal(await page.getByTestId('login-submit').count(), 0, 'sent to the login form');
    t.check();
  } finally {
    await t.close();
  }
});
