// The dashboard's onboarding figure (R4: 入职培训不少于3个月, issue 11
// leftovers): serving officers whose onboarding is complete, still within
// the window (the months from the first onboarding day) and overdue,
// computed here independently — the rule written again in JavaScript over
// the rows read from the database — and from the officers this test
// creates (deltas, the demo's officers are there too); the same states in
// the training report, which the dashboard card opens (?unit_id=).
//
//   ZHIFA_BIN=$PWD/build-asan/zhifa node --test tests/api/stats_onboarding.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { startServer, client, backend, psql } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;
let srv;
const as = {};
const unit = {};
let today; // the server's day (the report's `date`)
let months;

function sql(q) {
  const out = backend === 'postgresql'
    ? psql(srv.db, q)
    : execFileSync('sqlite3', ['-separator', '|', srv.db.replace(/^sqlite:/, ''), q], { encoding: 'utf8' });
  return out.trim() ? out.trim().split('\n').map((l) => l.split('|')) : [];
}

// Day arithmetic on 'YYYY-MM-DD' in UTC.
const ms = (d) => Date.parse(`${d}T00:00:00Z`);
const fmt = (t) => new Date(t).toISOString().slice(0, 10);
const addDays = (d, n) => fmt(ms(d) + n * 86400e3);
const between = (a, b) => Math.round((ms(b) - ms(a)) / 86400e3);
// the same day n months later, or that month's last day when it is shorter
function addMonths(d, n) {
  const [y, m, dd] = d.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  const ty = Math.floor(total / 12);
  const tm = total % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return fmt(Date.UTC(ty, tm, Math.min(dd, last)));
}

// R4 as the training report states it: onboarding records begun by today
// (a running one up to today) add up end - start + 1 days; complete when
// they reach the span from the first onboarding day to the same day
// `months` later; otherwise within the window before that day, overdue
// from it on or with none begun.
function onboardingState(spans) {
  const begun = spans.filter((s) => s.start <= today).map((s) => ({ start: s.start, end: s.end > today ? today : s.end }));
  if (!begun.length) return 'not_started';
  const first = begun.map((s) => s.start).sort()[0];
  const have = begun.reduce((n, s) => n + between(s.start, s.end) + 1, 0);
  const end = addMonths(first, months);
  if (have >= between(first, end)) return 'complete';
  return today < end ? 'in_window' : 'overdue';
}

// The figure for the units whose path begins with `path`, from the rows.
function expected(path) {
  const officers = sql(`SELECT o.id FROM officers o JOIN units u ON u.id = o.unit_id WHERE o.kind = 'officer' AND o.status = 'serving' AND u.path LIKE '${path}%'`).map((r) => Number(r[0]));
  const spans = {};
  for (const [id, start, end] of sql("SELECT officer_id, start_date, end_date FROM trainings WHERE kind = 'onboarding'")) (spans[id] = spans[id] || []).push({ start, end });
  const n = { officers: officers.length, complete: 0, in_window: 0, overdue: 0, not_started: 0 };
  for (const id of officers) {
    const s = onboardingState(spans[id] || []);
    if (s === 'not_started') { n.overdue += 1; n.not_started += 1; } else n[s] += 1;
  }
  return n;
}

async function dash(q = {}) {
  const qs = new URLSearchParams({ from: today, to: today, ...q }).toString();
  const r = await as.admin.get(`/api/v1/stats/dashboard?${qs}`);
  assert.equal(r.status, 200, r.text);
  const o = r.body.training.onboarding;
  assert.equal(o.required_months, months);
  assert.equal(o.officers, o.complete + o.in_window + o.overdue);
  assert.equal(o.permille, o.officers ? Math.floor((o.complete * 1000) / o.officers) : 0);
  return o;
}
const pick = (o) => ({ officers: o.officers, complete: o.complete, in_window: o.in_window, overdue: o.overdue, not_started: o.not_started });

async function report(unitId) {
  const r = await as.admin.get(`/api/v1/reports/training${unitId ? `?unit_id=${unitId}` : ''}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}
function reportCounts(rep) {
  const n = { officers: rep.items.length, complete: 0, in_window: 0, overdue: 0 };
  for (const x of rep.items) {
    n[x.compliance.onboarding.state] += 1;
    assert.equal(x.compliance.onboarding.state === 'complete', x.compliance.onboarding.complete);
  }
  return n;
}

before(async () => {
  srv = await startServer();
  for (const u of ['admin', 'sunli']) {
    as[u] = client(srv.url);
    const r = await as[u].login(u);
    assert.equal(r.status, 200, r.text);
  }
  for (const x of (await as.admin.get('/api/v1/units')).body.items) unit[x.code] = x;
  const rep = await report();
  today = rep.date;
  months = rep.rules.onboarding_months;
  assert.equal(months, 3);
});
after(async () => { if (srv) await srv.stop(); });

test('ONB-01 the demo district and a township: the figure is the rule applied to the rows, and the report\'s states', async () => {
  const district = await dash();
  assert.deepEqual(pick(district), expected(''));
  assert.ok(district.complete > 0 && district.in_window > 0, 'the demo has a new hire in onboarding (唐亮)');
  const rep = reportCounts(await report());
  assert.deepEqual(rep, { officers: district.officers, complete: district.complete, in_window: district.in_window, overdue: district.overdue });
});

test('ONB-02 officers created with their onboarding: each lands where the rule puts it; a township counts its own', async () => {
  const town = unit['341504001'];
  const t0 = await dash({ unit_id: town.id });
  const d0 = await dash();
  const tag = crypto.randomBytes(3).toString('hex');
  const mk = async (name, extra = {}) => {
    const r = await as.admin.post('/api/v1/officers', { name: `${name}${tag}`, kind: 'officer', unit_id: town.id, ...extra });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  };
  const train = async (id, from, to) => {
    const r = await as.admin.post('/api/v1/trainings', { officer_id: id, kind: 'onboarding', start_date: from, end_date: to, topic: '入职培训（统计测试）' });
    assert.equal(r.status, 201, r.text);
  };
  const rel = (n) => addDays(today, n);
  await mk('无入职培训'); // overdue, none begun
  await train(await mk('培训中'), rel(-30), rel(60)); // in the window
  await train(await mk('已完成'), rel(-200), rel(-100)); // 101 days ≥ any 3 months
  await train(await mk('逾期'), rel(-200), rel(-150)); // 51 days, the window ended long ago
  const two = await mk('分两段');
  await train(two, rel(-120), rel(-80));
  await train(two, rel(-60), rel(-5)); // 41 + 56 = 97 days: complete
  await train(await mk('尚未开始'), rel(5), rel(100)); // planned: none begun, overdue
  const gap = await mk('中断');
  await train(gap, rel(-60), rel(-51));
  await train(gap, rel(-5), rel(30)); // 10 + 6 so far, the window ends in about a month
  // a month end: 3 months from 11-30 end on the last day of February (the
  // core's zf_day_add_months); exactly that many days complete, one fewer not
  const first = `${Number(today.slice(0, 4)) - 2}-11-30`;
  const need = between(first, addMonths(first, 3));
  assert.ok(need === 90 || need === 91, `${first}: ${need}`);
  await train(await mk('月末恰好'), first, addDays(first, need - 1));
  await train(await mk('月末差一天'), first, addDays(first, need - 2));
  // not counted: an auxiliary, an officer transferred away
  await mk('辅助人员', { kind: 'auxiliary' });
  await mk('已调离', { status: 'transferred' });

  const t1 = await dash({ unit_id: town.id });
  assert.deepEqual(
    { officers: t1.officers - t0.officers, complete: t1.complete - t0.complete, in_window: t1.in_window - t0.in_window, overdue: t1.overdue - t0.overdue, not_started: t1.not_started - t0.not_started },
    { officers: 9, complete: 3, in_window: 2, overdue: 4, not_started: 2 },
  );
  const d1 = await dash();
  assert.equal(d1.officers - d0.officers, 9);
  assert.equal(d1.overdue - d0.overdue, 4);
  assert.deepEqual(pick(d1), expected(''));
  const townPath = sql(`SELECT path FROM units WHERE id = ${town.id}`)[0][0];
  assert.deepEqual(pick(t1), expected(townPath));
  // the card opens the report for the unit: the same officers in each state
  const rep = await report(town.id);
  assert.deepEqual(reportCounts(rep), { officers: t1.officers, complete: t1.complete, in_window: t1.in_window, overdue: t1.overdue });
  const under = new Set(sql(`SELECT id FROM units WHERE path LIKE '${townPath}%'`).map((x) => Number(x[0])));
  assert.ok(rep.items.length > 0 && rep.items.every((x) => under.has(x.unit.id)), 'only the unit\'s officers');
  assert.ok((await report()).items.length > rep.items.length);
  const byName = Object.fromEntries(rep.items.map((x) => [x.name, x.compliance.onboarding]));
  assert.equal(byName[`月末恰好${tag}`].state, 'complete');
  assert.equal(byName[`月末差一天${tag}`].state, 'overdue');
  assert.equal(byName[`中断${tag}`].state, 'in_window');
  assert.equal(byName[`中断${tag}`].window_ends_on, addMonths(rel(-60), 3));
  assert.equal(byName[`无入职培训${tag}`].window_ends_on, null);
  assert.ok(!(`辅助人员${tag}` in byName) && !(`已调离${tag}` in byName));
});

test('ONB-03 the training report by unit: a bad or foreign unit is refused', async () => {
  let r = await as.admin.get('/api/v1/reports/training?unit_id=abc');
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'unit_id');
  assert.match(r.body.error.message, HAN);
  r = await as.admin.get('/api/v1/reports/training?unit_id=99999999');
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.code, 'input.invalid');
  // a township officer reads his township, not the brigade
  const me = await as.sunli.get('/api/v1/reports/training');
  assert.equal(me.status, 200, me.text);
  const brigade = Object.values(unit).find((u) => u.kind === 'brigade');
  r = await as.sunli.get(`/api/v1/reports/training?unit_id=${brigade.id}`);
  assert.equal(r.status, 403, r.text);
  assert.match(r.body.error.message, HAN);
});
