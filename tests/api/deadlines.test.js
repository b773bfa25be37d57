// The working-day calendar and the legal deadline engine (issue 8, part A)
// against a real server and a real database: `zhifa calc deadline |
// surcharge | limitation | closure | daily-penalty` outputs and exit codes,
// the API's compute and surcharge, the calendar import (validated,
// all-or-nothing, never overwriting a year, logged), the seed of an existing
// database, and permissions by role.
//
//   ZHIFA_BIN=/work/main/build-dl/zhifa node --test tests/api/deadlines.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, client, runStatus, psql, PG_BASE } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;
let srv;
const as = {};

function assertError(r, status, code, field) {
  assert.equal(r.status, status, `want ${status}, got ${r.status}: ${r.text}`);
  assert.equal(r.body.error.code, code, r.text);
  assert.match(r.body.error.message, HAN);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
}

function calc(args) {
  const r = runStatus(['calc', ...args]);
  let json;
  try { json = r.stdout ? JSON.parse(r.stdout) : undefined; } catch { json = undefined; }
  return { ...r, json };
}

before(async () => {
  srv = await startServer();
  for (const u of ['admin', 'chenjie', 'zhangwei', 'sunli', 'zhoujun', 'wugang', 'zhaomin']) {
    as[u] = client(srv.url);
    const r = await as[u].login(u);
    assert.equal(r.status, 200, r.text);
  }
});
after(async () => { await srv.stop(); });

describe('zhifa calc deadline (embedded calendar)', () => {
  test('--list: every rule with its source and basis', () => {
    const r = calc(['deadline', '--list']);
    assert.equal(r.status, 0, r.stderr);
    const names = r.json.rules.map((x) => x.name);
    for (const n of ['hearing_request', 'hearing_notice', 'service', 'payment', 'decision', 'publication',
      'withdrawal', 'reconsideration', 'litigation', 'seizure', 'transfer_decision',
      'enforcement_application', 'enforcement_demand', 'statement']) {
      assert.ok(names.includes(n), `missing ${n}`);
    }
    for (const x of r.json.rules) {
      assert.match(x.source, /第[\d、]+条/, x.name);
      assert.ok(['原文', '配置'].includes(x.basis), x.name);
    }
    const byName = Object.fromEntries(r.json.rules.map((x) => [x.name, x]));
    assert.equal(byName.hearing_request.unit, 'workdays');
    assert.equal(byName.payment.unit, 'days');
    assert.equal(byName.litigation.unit, 'months');
    assert.equal(byName.decision.basis, '配置');
    assert.equal(byName.transfer_decision.unit, 'days');
    assert.equal(byName.hearing_notice.direction, 'before');
  });

  test('hearing_request across the 2026 National Day holiday and the 10-10 working Saturday', () => {
    const r = calc(['deadline', '--rule', 'hearing_request', '--from', '2026-09-29']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json.due, '2026-10-12');
    assert.deepEqual(r.json.counted_days, ['2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12']);
    assert.ok(r.json.skipped_days.includes('2026-10-01'));
    assert.match(r.json.source, /第64条.*第85条/);
    assert.equal(r.json.calendar.source, 'embedded');
  });

  test('payment: 15 natural days, last day in the holiday rolls forward', () => {
    const r = calc(['deadline', '--rule', 'payment', '--from', '2026-09-16']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json.unrolled_due, '2026-10-01');
    assert.equal(r.json.due, '2026-10-08');
    assert.equal(r.json.rolled, true);
  });

  test('hearing_notice counts back from the hearing day', () => {
    const r = calc(['deadline', '--rule', 'hearing_notice', '--from', '2026-10-12']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json.workday_before, '2026-09-24');
    assert.equal(r.json.due, '2026-09-23');
  });

  test('a year without a calendar is flagged (exit 1), never guessed', () => {
    const r = calc(['deadline', '--rule', 'service', '--from', '2026-12-25']);
    assert.equal(r.status, 1);
    assert.equal(r.json.error.code, 'calendar.year_missing');
    assert.match(r.stderr, /2027/);
  });

  test('bad input: exit 2 with a Chinese message naming the flag', () => {
    for (const [args, flag] of [
      [['deadline', '--rule', 'nope', '--from', '2026-03-02'], '--rule'],
      [['deadline', '--rule', 'payment', '--from', '2026-02-30'], '--from'],
      [['deadline', '--rule', 'payment'], '--from'],
      [['deadline', '--from', '2026-03-02'], '--rule'],
      [['deadline', '--rule', 'payment', '--from', '2026-03-02', '--bogus'], '--bogus'],
      [['surcharge', '--fine', '12.5', '--due', '2026-03-01', '--paid', '2026-03-02'], '--fine'],
      [['surcharge', '--fine', '100', '--due', '20260301', '--paid', '2026-03-02'], '--due'],
      [['surcharge', '--fine', '100', '--due', '2026-03-01'], '--paid'],
      [['surcharge', '--fine', '100', '--due', '2026-03-01', '--paid', '2026-03-09', '--paused', '2026-03-05'], '--paused'],
      [['surcharge', '--fine', '100', '--due', '2026-03-01', '--paid', '2026-03-09', '--paused', '2026-03-05:2026-03-03'], '--paused'],
      [['limitation', '--violation', '2026-03-02', '--filed', '2026-03-01'], '--filed'],
      [['limitation', '--filed', '2026-03-01'], '--violation'],
    ]) {
      const r = calc(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.ok(r.stderr.includes(flag), `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, HAN);
    }
  });
});

describe('zhifa calc surcharge, limitation, closure, daily-penalty', () => {
  test('surcharge: paid on --due is 0, one day is 3%, 33 days 99%, 34 days capped', () => {
    const run = (paid, extra = []) => {
      const r = calc(['surcharge', '--fine', '1000000', '--due', '2026-03-01', '--paid', paid, ...extra]);
      assert.equal(r.status, 0, r.stderr);
      return r.json;
    };
    assert.equal(run('2026-03-01').surcharge_fen, 0);
    assert.equal(run('2026-03-02').surcharge_fen, 30000);
    const d33 = run('2026-04-03');
    assert.equal(d33.counted_days, 33);
    assert.equal(d33.surcharge_fen, 990000);
    assert.equal(d33.capped, false);
    const d34 = run('2026-04-04');
    assert.equal(d34.surcharge_fen, 1000000);
    assert.equal(d34.capped, true);
    assert.equal(d34.cap_day, '2026-04-04');
    assert.equal(d34.total_fen, 2000000);
    assert.match(d34.rounding, /向下取整到分/);
    assert.match(d34.source, /第72条/);
    // reconsideration 03-03..03-07 is not counted (第73条第3款); two --paused flags
    const p = run('2026-03-11', ['--paused', '2026-03-03:2026-03-05', '--paused', '2026-03-06:2026-03-07']);
    assert.equal(p.late_days, 10);
    assert.equal(p.paused_days, 5);
    assert.equal(p.surcharge_fen, 150000);
  });

  test('surcharge rounds the total down to the fen', () => {
    const r = calc(['surcharge', '--fine', '333', '--due', '2026-03-01', '--paid', '2026-03-04']);
    assert.equal(r.json.surcharge_fen, 29); // 333 × 3 × 3 / 100 = 29.97
  });

  test('limitation: exactly two years is in time, one day more is barred; five with harm', () => {
    const a = calc(['limitation', '--violation', '2024-03-10', '--filed', '2026-03-10']);
    assert.equal(a.status, 0, a.stderr);
    assert.equal(a.json.barred, false);
    assert.equal(a.json.last_day, '2026-03-10');
    const b = calc(['limitation', '--violation', '2024-03-10', '--filed', '2026-03-11']);
    assert.equal(b.json.barred, true);
    assert.match(b.json.reason, /第36条/);
    const c = calc(['limitation', '--violation', '2024-03-10', '--filed', '2026-03-11', '--harmed']);
    assert.equal(c.json.barred, false);
    assert.equal(c.json.years, 5);
  });

  test('closure (第113条) and daily penalty (第112条)', () => {
    const c = calc(['closure', '--as-of', '2026-06-30', '--penalty', '2026-01-01', '--penalty', '2026-03-01',
      '--penalty', '2026-06-30']);
    assert.equal(c.status, 0, c.stderr);
    assert.equal(c.json.window_180_days.count, 3);
    assert.equal(c.json.window_180_days.from, '2026-01-01');
    assert.equal(c.json.triggered, true);
    const c2 = calc(['closure', '--as-of', '2026-07-01', '--penalty', '2026-01-01', '--penalty', '2026-03-01',
      '--penalty', '2026-06-30']);
    assert.equal(c2.json.triggered, false);
    const d = calc(['daily-penalty', '--fine', '1000000', '--ordered', '2026-03-01', '--until', '2026-03-11']);
    assert.equal(d.status, 0, d.stderr);
    assert.equal(d.json.first_day, '2026-03-02');
    assert.equal(d.json.days, 10);
    assert.equal(d.json.total_fen, 10000000);
  });
});

describe('API: rules, compute, surcharge', () => {
  test('every signed-in role reads the rules and computes', async () => {
    for (const u of ['admin', 'zhangwei', 'sunli', 'wugang']) {
      const r = await as[u].get('/api/v1/deadlines/rules');
      assert.equal(r.status, 200, r.text);
      assert.ok(r.body.items.find((x) => x.name === 'decision').amount === 90);
      const c = await as[u].post('/api/v1/deadlines/compute', { rule: 'hearing_request', from: '2026-09-29' });
      assert.equal(c.status, 200, c.text);
      assert.equal(c.body.due, '2026-10-12');
      assert.equal(c.body.calendar.source, 'database');
    }
  });

  test('compute validates and flags a year without a calendar', async () => {
    assertError(await as.zhangwei.post('/api/v1/deadlines/compute', { rule: 'nope', from: '2026-03-02' }),
      400, 'deadline.unknown_rule', 'rule');
    assertError(await as.zhangwei.post('/api/v1/deadlines/compute', { rule: 'payment', from: '2026-02-30' }),
      400, 'input.invalid', 'from');
    assertError(await as.zhangwei.post('/api/v1/deadlines/compute', { rule: 'payment' }),
      400, 'input.invalid', 'from');
    assertError(await as.zhangwei.post('/api/v1/deadlines/compute', { rule: 'litigation', from: '2026-08-31' }),
      422, 'calendar.year_missing', 'date');
  });

  test('surcharge over the API', async () => {
    const r = await as.sunli.post('/api/v1/deadlines/surcharge',
      { fine_fen: 1000000, due: '2026-03-01', paid: '2026-04-04', paused: '2026-03-10:2026-03-12' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.counted_days, 31);
    assert.equal(r.body.surcharge_fen, 930000);
    assertError(await as.sunli.post('/api/v1/deadlines/surcharge', { fine_fen: 0, due: '2026-03-01', paid: '2026-03-02' }),
      400, 'input.invalid', 'fine_fen');
    assertError(await as.sunli.post('/api/v1/deadlines/surcharge',
      { fine_fen: 100, due: '2026-03-01', paid: '2026-03-02', paused: 'x' }), 400, 'input.invalid', 'paused');
  });
});

describe('API: the calendar', () => {
  const Y2027 = [
    'date,kind,name,source',
    '2027-01-01,rest,元旦,测试通知 (2026-11-01)',
    '2027-02-06,work,春节调休上班,测试通知 (2026-11-01)',
  ].join('\n');

  test('2026 is covered, with its working Saturdays; 2027 is not', async () => {
    const r = await as.wugang.get('/api/v1/calendar?year=2026');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.covered, true);
    assert.match(r.body.source, /2026年部分节假日安排/);
    const days = Object.fromEntries(r.body.days.map((d) => [d.date, d.kind]));
    assert.equal(days['2026-02-14'], 'work');
    assert.equal(days['2026-02-28'], 'work');
    assert.equal(days['2026-09-20'], 'work');
    assert.equal(days['2026-10-10'], 'work');
    assert.equal(days['2026-02-16'], 'rest');
    assert.deepEqual(r.body.years.map((y) => y.year), [2025, 2026]);
    const n = await as.wugang.get('/api/v1/calendar?year=2027');
    assert.equal(n.body.covered, false);
    assert.deepEqual(n.body.days, []);
    assertError(await as.wugang.get('/api/v1/calendar?year=27'), 400, 'input.invalid', 'year');
  });

  test('only admin imports a year', async () => {
    for (const u of ['chenjie', 'zhangwei', 'sunli', 'zhoujun', 'wugang', 'zhaomin']) {
      assertError(await as[u].post('/api/v1/calendar/years', { year: 2027, csv: Y2027 }), 403, 'perm.denied');
    }
    const n = await as.admin.get('/api/v1/calendar?year=2027');
    assert.equal(n.body.covered, false);
  });

  test('a bad file is refused whole, every bad line listed', async () => {
    const bad = [
      'date,kind,name,source',
      '2027-01-01,rest,元旦,测试通知',
      '2026-12-31,rest,跨年,测试通知', // not in 2027
      '2027-01-04,work,调休,测试通知', // a Monday cannot be 调休上班
      '2027-01-02,rest,元旦,测试通知', // a Saturday rest needs allow_weekend_rest
      '2027-01-01,rest,元旦,测试通知', // twice
      '2027-02-30,holiday,,测试通知',
    ].join('\n');
    const r = await as.admin.post('/api/v1/calendar/years', { year: 2027, csv: bad });
    assertError(r, 400, 'calendar.invalid', 'csv');
    const lines = r.body.error.lines.map((l) => `${l.line}:${l.field}`);
    assert.deepEqual(lines, ['3:date', '4:kind', '5:kind', '6:date', '7:date', '7:kind', '7:name']);
    for (const l of r.body.error.lines) assert.match(l.message, HAN);
    const n = await as.admin.get('/api/v1/calendar?year=2027');
    assert.equal(n.body.covered, false, 'nothing of a bad file is stored');
    // a Saturday rest alone is still refused without allow_weekend_rest
    const ok = bad.split('\n').slice(0, 2).concat(['2027-01-02,rest,元旦,测试通知']).join('\n');
    assertError(await as.admin.post('/api/v1/calendar/years', { year: 2027, csv: ok }), 400, 'calendar.invalid');
  });

  test('import 2027, then deadlines run into it; a stored year is never overwritten', async () => {
    const before = calc(['deadline', '--rule', 'service', '--from', '2026-12-25', '--db', srv.db]);
    assert.equal(before.status, 1);
    assert.equal(before.json.error.code, 'calendar.year_missing');
    const r = await as.admin.post('/api/v1/calendar/years', { year: 2027, csv: Y2027, allow_weekend_rest: true });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.days, 2);
    assert.equal(r.body.rest, 1);
    const c = await as.zhangwei.post('/api/v1/deadlines/compute', { rule: 'service', from: '2026-12-25' });
    assert.equal(c.status, 200, c.text);
    // 12-28..12-31 (4), 2027-01-01 元旦, 01-02/03 weekend, 01-04..01-06 (7)
    assert.equal(c.body.due, '2027-01-06');
    assert.deepEqual(c.body.calendar.years, [2025, 2026, 2027]);
    // the CLI with --db uses the database's calendar
    const cli = calc(['deadline', '--rule', 'service', '--from', '2026-12-25', '--db', srv.db]);
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal(cli.json.due, '2027-01-06');
    assert.equal(cli.json.calendar.source, 'database');
    // refused: the year exists (2027 just imported, 2026 seeded)
    assertError(await as.admin.post('/api/v1/calendar/years', { year: 2027, csv: Y2027 }),
      409, 'calendar.year_exists', 'year');
    const y26 = 'date,kind,name,source\n2026-01-01,rest,元旦,另一个通知\n';
    assertError(await as.admin.post('/api/v1/calendar/years', { year: 2026, csv: y26 }),
      409, 'calendar.year_exists', 'year');
    const again = await as.admin.get('/api/v1/calendar?year=2026');
    assert.ok(!again.body.days.some((d) => d.source === '另一个通知'));
    // the import is on the record
    const h = await as.admin.get('/api/v1/objects/calendar_year/2027/history');
    assert.equal(h.status, 200, h.text);
    const ev = JSON.stringify(h.body);
    assert.match(ev, /calendar\.import/);
    assert.match(ev, /2027-02-06/);
  });

  test('zhifa init fills an existing database that lacks the calendar, and never duplicates', () => {
    const sql = (q) => (PG_BASE ? psql(srv.db, q) : require('node:child_process')
      .execFileSync('sqlite3', [srv.db.replace(/^sqlite:/, ''), q], { encoding: 'utf8' })).trim();
    sql("DELETE FROM calendar_days WHERE date < '2026-01-01'; DELETE FROM calendar_years WHERE year = 2025");
    assert.equal(sql('SELECT count(*) FROM calendar_years'), '2');
    const r = runStatus(['init'], { env: srv.env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /工作日历：载入 1 个年度/);
    assert.equal(sql('SELECT count(*) FROM calendar_years'), '3');
    assert.equal(sql("SELECT count(*) FROM calendar_days WHERE date < '2026-01-01'"), '33');
    const r2 = runStatus(['init'], { env: srv.env });
    assert.equal(r2.status, 0, r2.stderr);
    assert.doesNotMatch(r2.stdout, /工作日历/);
    assert.equal(sql('SELECT count(*) FROM calendar_days'), '74');
    assert.equal(sql("SELECT count(*) FROM legal_params WHERE key LIKE 'deadline.%'"), '5');
  });
});

describe('API: the deadline parameters are dated legal parameters', () => {
  test('admin dates a new decision period; deadlines use the value in force on the event day', async () => {
    const params = await as.zhangwei.get('/api/v1/legal-params');
    assert.equal(params.status, 200, params.text);
    const keys = params.body.items.filter((p) => p.key.startsWith('deadline.'));
    assert.deepEqual(keys.map((p) => p.key).sort(), ['deadline.decision.days', 'deadline.natural_roll_forward',
      'deadline.statement.days', 'deadline.statement.workdays', 'deadline.transfer_decision.workdays']);
    for (const p of keys) assert.equal(p.confirmed, false, `${p.key} is 未核实`);
    const body = { key: 'deadline.decision.days', value: '30', effective_from: '2026-01-01',
      source: '测试：假定18号令规定30日', confirmed: false };
    assertError(await as.chenjie.post('/api/v1/legal-params', body), 403, 'perm.denied');
    assertError(await as.admin.post('/api/v1/legal-params', { ...body, value: 'abc' }), 400, 'input.invalid', 'value');
    assertError(await as.admin.post('/api/v1/legal-params', { ...body, value: '0' }), 400, 'input.invalid', 'value');
    const r = await as.admin.post('/api/v1/legal-params', body);
    assert.equal(r.status, 201, r.text);
    const after = await as.zhangwei.post('/api/v1/deadlines/compute', { rule: 'decision', from: '2026-07-05' });
    assert.equal(after.body.due, '2026-08-04');
    assert.equal(after.body.amount, 30);
    assert.equal(after.body.configured, true);
    assert.ok(after.body.unconfirmed_params >= 1);
    // an event before the new value's date keeps the old 90 days
    const old = await as.zhangwei.post('/api/v1/deadlines/compute', { rule: 'decision', from: '2025-07-05' });
    assert.equal(old.body.amount, 90);
    assert.equal(old.body.due, '2025-10-09'); // 10-03 falls in 国庆 (10-01–10-08): rolled to 10-09
    const rules = await as.zhangwei.get('/api/v1/deadlines/rules');
    assert.equal(rules.body.items.find((x) => x.name === 'decision').amount, 30);
  });
});
