// 事后公开 in a real browser (issue 10): a served decision of an individual
// appears on the public portal, found by search, with the person masked; a
// decision the legal reviewer holds on the 处罚决定公开 page (reason typed in
// the dialog) is not on the portal.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { client } = require('../lib/server');
const { startAll, stopAll, withPage, loginUi } = require('./helpers.js');

let env;
let api;
before(async () => {
  env = await startAll();
  api = client(env.srv.url);
  assert.equal((await api.login('admin')).status, 200);
});
after(async () => { await stopAll(env); });

function day(offset = 0) {
  return new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
}

// A decided case (served when `serve`) of a person named `name`.
async function decidedCase(name, serve) {
  const who = {};
  for (const u of ['chenjie', 'zhangwei', 'liuyang']) {
    who[u] = client(env.srv.url);
    assert.equal((await who[u].login(u)).status, 200);
  }
  const officers = (await api.get('/api/v1/officers')).body.items;
  const mate = officers.find((o) => o.username === 'zhangwei').id;
  const item = (await api.get('/api/v1/catalogue?delegable=1&limit=1')).body.items[0].code;
  let r = await who.chenjie.post('/api/v1/cases', { source_kind: 'complaint', title: '浏览器公开测试', facts: `${name}在厂区违规动火。` });
  assert.equal(r.status, 201, r.text);
  let c = r.body;
  r = await who.chenjie.post(`/api/v1/cases/${c.id}/officers`, { version: c.version, officer_id: mate, role: 'assist' });
  assert.equal(r.status, 201, r.text);
  r = await who.chenjie.post(`/api/v1/cases/${c.id}/parties`, {
    version: r.body.version, kind: 'person', name, id_code: '341504199202021236', is_principal: true,
  });
  assert.equal(r.status, 201, r.text);
  r = await who.chenjie.post(`/api/v1/cases/${c.id}/violations`, { version: r.body.version, item_code: item, violation_date: day(-50), tier: 'minor' });
  assert.equal(r.status, 201, r.text);
  const step = async (u, event, fields = {}) => {
    const cur = (await who.chenjie.get(`/api/v1/cases/${c.id}`)).body;
    const res = await who[u].post(`/api/v1/cases/${c.id}/transitions`, { event, version: cur.version, ...fields });
    assert.equal(res.status, 200, `${event}: ${res.text}`);
  };
  await step('chenjie', 'file', { filed_on: day(-30) });
  await step('zhangwei', 'investigate');
  await step('zhangwei', 'review');
  await step('zhangwei', 'notify', { notified_on: day(-20), statements_heard: true });
  await step('liuyang', 'decide', { decided_on: day(-4) });
  if (serve) await step('zhangwei', 'serve', { served_on: day(-1), service_method: 'direct' });
  c = (await who.chenjie.get(`/api/v1/cases/${c.id}`)).body;
  return c;
}

test('a served decision of a person is on the portal, masked; a held one is not', async () => {
  const shown = await decidedCase('欧阳娜娜', true);
  const held = await decidedCase('司马懿', false);
  // the legal reviewer holds the second one on the internal page
  await withPage(env, {}, async (t) => {
    const { page } = t;
    await loginUi(t, 'zhaomin');
    await page.goto(t.url('/disclosure/decisions'));
    await page.getByTestId('publications-page').waitFor();
    const pubs = (await api.get(`/api/v1/publications?case_id=${held.id}`)).body.items;
    assert.equal(pubs.length, 1);
    await page.getByTestId(`publication-hold-${pubs[0].id}`).click();
    await page.getByTestId('publication-reason').fill('当事人申请复核身份信息，暂缓公开');
    await page.getByTestId('publication-submit').click();
    await page.getByText('已暂缓公开，理由已记录').waitFor();
    await page.getByTestId(`publication-status-${pubs[0].id}`).getByText('暂缓公开').waitFor();
    t.check();
  });
  const heldPub = (await api.get(`/api/v1/publications?case_id=${held.id}`)).body.items[0];
  assert.equal(heldPub.status, 'held');
  // the public: no login, phone-sized
  await withPage(env, { viewport: { width: 390, height: 844 } }, async (t) => {
    const { page } = t;
    await page.goto(t.url('/public/decisions'));
    const table = page.getByTestId('public-decisions');
    await table.getByText(shown.number).waitFor();
    assert.equal(await table.getByText(heldPub.number, { exact: true }).count(), 0, 'a held decision is on the portal');
    const text = await table.innerText();
    assert.ok(!text.includes('欧阳娜娜'), 'the name of a person is shown unmasked');
    await table.getByText(shown.number).click();
    await page.getByTestId('public-decision').waitFor();
    assert.equal(await page.getByTestId('public-decision-party').first().innerText(), '欧阳某某');
    const body = await page.getByTestId('public-decision').innerText();
    assert.ok(!body.includes('欧阳娜娜') && !body.includes('341504199202021236'), body);
    assert.match(body, /应急管理局/);
    t.check();
  });
});

test('anyone checks a receipt against the signed checkpoint in the browser: a true one verifies, a changed hash does not', async () => {
  const cp = (await api.get('/api/v1/log/checkpoint')).body;
  const index = Math.min(5, cp.tree_size - 1);
  const ev = await api.get(`/api/v1/log/events/${index}`);
  assert.equal(ev.status, 200, ev.text);
  await withPage(env, { viewport: { width: 390, height: 844 } }, async (t) => {
    const { page } = t;
    await page.goto(t.url('/public/log'));
    await page.getByTestId('public-log-checkpoint').waitFor();
    assert.equal(await page.getByTestId('public-log-key').innerText(), cp.public_key);
    await page.getByTestId('public-log-index').locator('input').fill(String(index));
    await page.getByTestId('public-log-leaf').fill(ev.body.leaf_hash);
    await page.getByTestId('public-log-check').click();
    await page.getByTestId('public-log-result').getByText(/^已核验/).waitFor();
    const flipped = (ev.body.leaf_hash[0] === '0' ? '1' : '0') + ev.body.leaf_hash.slice(1);
    await page.getByTestId('public-log-leaf').fill(flipped);
    await page.getByTestId('public-log-check').click();
    await page.getByTestId('public-log-result').getByText(/^不一致/).waitFor();
    t.check();
  });
});
