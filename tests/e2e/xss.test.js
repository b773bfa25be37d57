// Stored script injection (issue 12): markup, javascript: URLs and Vue
// template syntax saved through the API in unit names and user names are
// shown as text on every page that shows them — the unit tree, the user
// table, the layout header, home, my page and the log page's canonical JSON —
// and nothing runs: no dialog, no <img>/<script>/javascript: link made from
// them, {{ }} not evaluated. (PDFs come with the documents module.)
//
//   npm run build:web && node --test tests/e2e/xss.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { client } = require('../lib/server.js');
const { startAll, stopAll, loginUi, field, withPage: withPageIn } = require('./helpers.js');

// Each at most 64 characters (the name fields' limit).
const PAYLOADS = [
  '<img src=x onerror=alert(1)>{{7*7}}',
  '<script>alert(2)</script>javascript:alert(3)',
  "{{constructor.constructor('alert(4)')()}}",
  '<a href="javascript:alert(5)">点我</a><svg onload=alert(6)>',
];

let env;
const made = { units: [], users: [] };

before(async () => {
  env = await startAll();
  const api = client(env.srv.url);
  assert.equal((await api.login('admin')).status, 200);
  const bureau = (await api.get('/api/v1/units')).body.items.find((u) => u.kind === 'bureau');
  for (const [i, name] of PAYLOADS.entries()) {
    const u = await api.post('/api/v1/units', { parent_id: bureau.id, code: `XSS-${i}`, name, kind: 'office' });
    assert.equal(u.status, 201, u.text);
    made.units.push(u.body);
    const p = await api.post('/api/v1/users', {
      username: `xss${i}`, name, role: 'officer', unit_id: u.body.id, password: 'xss-pass-2026',
    });
    assert.equal(p.status, 201, p.text);
    made.users.push(p.body);
  }
});

after(async () => { await stopAll(env); });

// fails on any dialog, page error or console error
const withPage = (body) => withPageIn(env, {}, body);

// Nothing active was made from the payloads anywhere in the app.
async function assertInert(page) {
  await page.waitForTimeout(400); // an onerror/onload would have fired by now
  assert.equal(await page.locator('#app img[src="x"]').count(), 0, '<img> made from text');
  assert.equal(await page.locator('#app script').count(), 0, '<script> made from text');
  assert.equal(await page.locator('#app svg[onload]').count(), 0, '<svg onload> made from text');
  assert.equal(await page.locator('#app a[href^="javascript:"]').count(), 0, 'javascript: link made from text');
  // {{ }} left alone: each page's own check finds the payload's exact text,
  // braces included, so an evaluated template would fail there.
}

async function seesText(page, scope, text) {
  const el = scope.getByText(text, { exact: true }).first();
  await el.waitFor();
  assert.ok(await el.isVisible(), `"${text}" not shown as text`);
}

test('XSS-01 the unit tree shows every payload as text', async () => {
  await withPage(async (t) => {
    const { page } = t;
    await loginUi(t, 'admin');
    await page.goto(t.url('/admin/units'));
    for (const name of PAYLOADS) await seesText(page, page.getByTestId('units-table'), name);
    await assertInert(page);
  });
});

test('XSS-02 the user table shows every payload as text', async () => {
  await withPage(async (t) => {
    const { page } = t;
    await loginUi(t, 'admin');
    await page.goto(t.url('/admin/users'));
    const table = page.getByTestId('users-table');
    for (const name of PAYLOADS) await seesText(page, table, name);
    await assertInert(page);
  });
});

for (const [i, name] of PAYLOADS.entries()) {
  test(`XSS-0${3 + i} header, home and my page of user xss${i} show the payload as text`, async () => {
    await withPage(async (t) => {
      const { page } = t;
      await loginUi(t, `xss${i}`, 'xss-pass-2026');
      assert.equal(await page.getByTestId('user-name').innerText(), name);
      const home = page.getByTestId('home');
      await home.waitFor();
      assert.ok((await page.getByTestId('greeting').innerText()).includes(name), 'greeting');
      assert.ok((await home.innerText()).includes(name), 'unit name on home');
      await assertInert(page);
      await page.goto(t.url('/me'));
      const me = page.getByTestId('me');
      await me.waitFor();
      assert.ok((await me.innerText()).includes(name), 'my page');
      await assertInert(page);
    });
  });
}

test('XSS-07 the log page shows the canonical JSON of the payload events as text', async () => {
  const api = client(env.srv.url);
  assert.equal((await api.login('admin')).status, 200);
  await withPage(async (t) => {
    const { page } = t;
    await loginUi(t, 'admin');
    await page.goto(t.url('/log'));
    await page.getByTestId('checkpoint').waitFor();
    for (const [i, unit] of made.units.entries()) {
      const h = await api.get(`/api/v1/objects/unit/${unit.id}/history`);
      assert.equal(h.status, 200, h.text);
      const index = h.body.items[0].index;
      await field(page, 'event-index').fill(String(index));
      await field(page, 'event-index').press('Tab');
      await page.getByTestId('event-find').click();
      const canonical = page.getByTestId('event-canonical');
      await canonical.waitFor();
      await page.waitForFunction(([sel, idx]) => {
        const el = document.querySelector(sel);
        try { return JSON.parse(el.innerText).index === idx; } catch { return false; }
      }, ['[data-testid="event-canonical"]', index]);
      const event = JSON.parse(await canonical.innerText());
      assert.equal(event.after.name, PAYLOADS[i], 'canonical JSON carries the name byte for byte');
      await assertInert(page);
    }
  });
});
