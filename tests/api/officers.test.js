// Officers, training, staffing and equipment (issue 4) against a real server
// with the demo district: the demo's reports, the team check, permissions by
// role and unit, validation, and the log of every change.
//
//   ZHIFA_BIN=/work/main/build-off/zhifa node --test tests/api/officers.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, client } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;
let srv;
const as = {};
let officers; // admin's list: the whole district
const byName = (n) => {
  const o = officers.find((x) => x.name === n);
  assert.ok(o, `no officer ${n}`);
  return o;
};

function assertError(r, status, code, field) {
  assert.equal(r.status, status, `want ${status}, got ${r.status}: ${r.text}`);
  assert.equal(r.body.error.code, code, r.text);
  assert.match(r.body.error.message, HAN);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
}

// Local date in China, as the server counts it.
function chinaDay(offsetDays = 0) {
  const t = new Date(Date.now() + 8 * 3600e3 + offsetDays * 86400e3);
  return t.toISOString().slice(0, 10);
}

before(async () => {
  srv = await startServer();
  for (const u of ['admin', 'chenjie', 'zhangwei', 'wangfang', 'sunli', 'zhoujun', 'wugang', 'liuyang']) {
    as[u] = client(srv.url);
    const r = await as[u].login(u);
    assert.equal(r.status, 200, r.text);
  }
  const r = await as.admin.get('/api/v1/officers');
  assert.equal(r.status, 200, r.text);
  officers = r.body.items;
});
after(async () => { await srv.stop(); });

describe('demo data', () => {
  test('about 40 people: officers, auxiliaries and experts across the brigade and townships', () => {
    assert.ok(officers.length >= 38 && officers.length <= 45, `${officers.length} records`);
    const kinds = new Set(officers.map((o) => o.kind));
    assert.deepEqual([...kinds].sort(), ['auxiliary', 'expert', 'officer']);
    const units = new Set(officers.map((o) => o.unit.code));
    assert.ok(units.size >= 7, `only ${units.size} units`);
    for (const u of ['chenjie', 'zhangwei', 'liqiang', 'sunli', 'zhoujun']) {
      assert.equal(officers.find((o) => o.username === u)?.kind, 'officer', u);
    }
    assert.equal(officers.find((o) => o.username === 'wangfang')?.kind, 'auxiliary');
    assert.ok(officers.some((o) => o.kind === 'expert' && o.user_id === null), 'an expert without account');
  });

  test('certificate alerts: exactly one expired and two expiring within 30 days', async () => {
    const r = await as.admin.get('/api/v1/reports/certificates');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.alert_days, 30);
    const expired = r.body.items.filter((o) => o.cert_state === 'expired');
    const expiring = r.body.items.filter((o) => o.cert_state === 'expiring');
    assert.deepEqual(expired.map((o) => o.name), ['郑凯']);
    assert.equal(expired[0].cert_days_left, -12);
    assert.deepEqual(expiring.map((o) => o.name).sort(), ['何斌', '罗静'].sort());
    for (const o of expiring) assert.ok(o.cert_days_left >= 0 && o.cert_days_left <= 30);
  });

  test('training compliance lists who is short and by how much', async () => {
    const r = await as.admin.get('/api/v1/reports/training');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.rules.refresher_days_per_year, 10);
    assert.equal(r.body.rules.onboarding_months, 3);
    const shortOnes = r.body.items.filter((o) => o.short);
    assert.equal(r.body.short_count, shortOnes.length);
    assert.ok(shortOnes.length >= 3, `${shortOnes.length} short`);
    const xu = r.body.items.find((o) => o.name === '徐磊'); // no refresher this year
    assert.equal(xu.compliance.refresher.short_days, 10);
    const he = r.body.items.find((o) => o.name === '何斌'); // one week
    assert.equal(he.compliance.refresher.short_days, 5);
    const zhang = r.body.items.find((o) => o.name === '张伟');
    assert.equal(zhang.short, false);
    assert.equal(zhang.compliance.refresher.have_days, 10);
    const tang = r.body.items.find((o) => o.name === '唐亮'); // new hire, onboarding running
    assert.equal(tang.compliance.onboarding.complete, false);
    assert.ok(tang.compliance.onboarding.short_days > 0);
    // auxiliaries and experts are not in the officers' compliance list
    assert.ok(!r.body.items.some((o) => o.kind !== 'officer'));
    // the expired certificate shows on the same page
    assert.equal(r.body.items.find((o) => o.name === '郑凯').cert_state, 'expired');
  });

  test('professional ratio: district meets 75%, 平岗街道 and 孙岗乡 do not, with the list behind', async () => {
    const r = await as.admin.get('/api/v1/reports/professional-ratio');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.target_permille, 750);
    const o = r.body.overall;
    assert.equal(o.meets, o.professional * 1000 >= 750 * o.total);
    const below = r.body.units.filter((u) => !u.meets).map((u) => u.unit.name).sort();
    assert.deepEqual(below, ['孙岗乡', '平岗街道'].sort());
    for (const u of r.body.units) {
      assert.equal(u.officers.length, u.total);
      assert.equal(u.officers.filter((x) => x.professional).length, u.professional);
    }
  });

  test('staffing: posts vs people, this year\u2019s inspections from the ledger; XLSX export', async () => {
    const r = await as.admin.get('/api/v1/reports/staffing');
    assert.equal(r.status, 200, r.text);
    const brigade = r.body.units.find((u) => u.unit.code === '341504-01');
    assert.equal(brigade.authorised, 20);
    assert.equal(brigade.officers, 16);
    assert.equal(brigade.vacancies, 4);
    assert.equal(brigade.cases, 0, 'no case module yet');
    // The performance review counts the inspections done this year: the
    // brigade's demo plan has some done; every one of them, and nothing else.
    const year = Number(r.body.date.slice(0, 4));
    const plans = await as.admin.get(`/api/v1/plans?year=${year}`);
    assert.equal(plans.status, 200, plans.text);
    const done = [];
    for (const p of plans.body.items.filter((x) => x.unit_id === brigade.unit.id)) {
      const d = await as.admin.get(`/api/v1/plans/${p.id}`);
      done.push(...d.body.entries.filter((e) => e.status === 'done' && e.year === year));
    }
    assert.ok(done.length > 0, 'the demo brigade plan has inspections done this year');
    // and the inspections signed on site outside any plan (issue 7): the
    // brigade's count toward its total, every unit's toward its officers
    const insp = await as.admin.get('/api/v1/inspections?limit=200');
    assert.equal(insp.status, 200, insp.text);
    const elsewhere = [];
    for (const i of insp.body.items) {
      if (i.status === 'open' || i.source === 'plan' || !i.inspected_on.startsWith(String(year))) continue;
      const d = (await as.admin.get(`/api/v1/inspections/${i.id}`)).body;
      const entry = { enterprise_id: i.enterprise_id, officers: d.officers.filter((o) => o.kind === 'officer').map((o) => ({ id: o.officer_id })) };
      (i.unit_id === brigade.unit.id ? done : elsewhere).push(entry);
    }
    assert.equal(brigade.inspections, done.length);
    assert.equal(brigade.enterprises, new Set(done.map((e) => e.enterprise_id)).size);
    const perOfficer = {};
    for (const e of [...done, ...elsewhere]) for (const o of e.officers) perOfficer[o.id] = (perOfficer[o.id] || 0) + 1;
    for (const o of r.body.officers) assert.equal(o.inspections, perOfficer[o.id] || 0, `${o.name}`);
    const x = await fetch(srv.url + '/api/v1/reports/staffing.xlsx', { headers: { cookie: as.admin.cookie } });
    assert.equal(x.status, 200);
    assert.match(x.headers.get('content-type'), /spreadsheetml/);
    const buf = Buffer.from(await x.arrayBuffer());
    assert.equal(buf.subarray(0, 2).toString(), 'PK', 'not a zip/xlsx');
    assert.ok(buf.length > 3000);
  });

  test('equipment shortfall against the standard per unit kind', async () => {
    const r = await as.admin.get('/api/v1/reports/equipment-shortfall');
    assert.equal(r.status, 200, r.text);
    const line = (code, cat) => r.body.units.find((u) => u.unit.code === code).lines.find((l) => l.category === cat);
    assert.deepEqual(
      (({ required, held, lacking }) => ({ required, held, lacking }))(line('341504-01', 'body_camera')),
      { required: 16, held: 13, lacking: 3 });
    assert.equal(line('341504200', 'vehicle').lacking, 1);
    assert.equal(line('341504101', 'gas_detector').lacking, 1);
    assert.ok(r.body.units_short >= 3);
  });
});

describe('the team check (行政处罚法 第四十二条)', () => {
  test('two certified officers may act', async () => {
    const ids = [byName('张伟').id, byName('李强').id].join(',');
    const r = await as.zhangwei.get(`/api/v1/officers/assignment?ids=${ids}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.allowed, true);
    assert.equal(r.body.counted, 2);
  });

  test('one officer and an auxiliary: refused, the auxiliary named as not counting', async () => {
    const ids = [byName('张伟').id, byName('王芳').id].join(',');
    const r = await as.zhangwei.get(`/api/v1/officers/assignment?ids=${ids}`);
    assert.equal(r.body.allowed, false);
    const codes = r.body.findings.map((f) => f.code);
    assert.deepEqual(codes, ['officer.auxiliary_not_counted', 'team.needs_two_officers']);
    assert.match(r.body.findings[0].reason, /王芳/);
  });

  test('expired certificate: valid on its expiry day, refused the day after; all reasons at once', async () => {
    const zheng = byName('郑凯');
    const ids = [byName('张伟').id, zheng.id, byName('钱立群').id].join(',');
    const onDay = await as.admin.get(`/api/v1/officers/assignment?ids=${ids}&date=${zheng.cert_expires_on}`);
    assert.equal(onDay.body.allowed, true, onDay.text);
    const r = await as.admin.get(`/api/v1/officers/assignment?ids=${ids}`);
    assert.equal(r.body.allowed, false);
    const codes = r.body.findings.map((f) => f.code);
    assert.deepEqual(codes, ['officer.cert_expired', 'officer.expert_not_counted', 'team.needs_two_officers']);
    assert.match(r.body.findings[0].reason, /郑凯.*到期/);
  });

  test('bad ids and dates are 400 with the field', async () => {
    assertError(await as.admin.get('/api/v1/officers/assignment?ids=1,x'), 400, 'input.invalid', 'ids');
    assertError(await as.admin.get('/api/v1/officers/assignment?ids=1&date=2026-02-30'), 400, 'input.invalid', 'date');
    assertError(await as.admin.get('/api/v1/officers/assignment?ids=99999'), 400, 'input.invalid', 'ids');
  });

  test('a township officer cannot put another township\'s officer on a team', async () => {
    const ids = [byName('孙丽').id, byName('周军').id].join(',');
    const r = await as.sunli.get(`/api/v1/officers/assignment?ids=${ids}`);
    assertError(r, 403, 'perm.out_of_scope');
  });
});

describe('permissions', () => {
  test('an officer reads their own record with training and equipment, but cannot edit it', async () => {
    const r0 = await as.zhangwei.get('/api/v1/officers/me');
    assert.equal(r0.status, 200, r0.text);
    const me = { body: r0.body.officer };
    assert.equal(me.body.username, 'zhangwei');
    assert.ok(me.body.trainings.length >= 3);
    assert.ok(me.body.equipment.length >= 1);
    assert.equal(me.body.compliance.refresher.complete, true);
    const r = await as.zhangwei.patch(`/api/v1/officers/${me.body.id}`, { version: me.body.version, education: '博士' });
    assertError(r, 403, 'perm.denied');
  });

  test('an account without an officer record gets {"officer": null} from /officers/me', async () => {
    const r = await as.wugang.get('/api/v1/officers/me');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.officer, null);
  });

  test('a township officer sees only their township', async () => {
    const r = await as.sunli.get('/api/v1/officers');
    assert.equal(r.status, 200);
    assert.ok(r.body.items.length >= 4);
    assert.ok(r.body.items.every((o) => o.unit.code === '341504001'), 'sees another unit');
    assertError(await as.sunli.get(`/api/v1/officers/${byName('周军').id}`), 403, 'perm.out_of_scope');
    assertError(await as.zhoujun.get(`/api/v1/officers/${byName('孙丽').id}`), 403, 'perm.out_of_scope');
    const t = await as.zhoujun.get('/api/v1/reports/training');
    assert.ok(t.body.items.every((o) => o.unit.code === '341504002'));
  });

  test('the city supervisor reads everything and writes nothing', async () => {
    const r = await as.wugang.get('/api/v1/officers');
    assert.equal(r.body.items.length, officers.length);
    assert.equal((await as.wugang.get('/api/v1/reports/professional-ratio')).status, 200);
    const z = byName('张伟');
    assertError(await as.wugang.patch(`/api/v1/officers/${z.id}`, { version: z.version, education: 'x' }), 403, 'perm.denied');
    assertError(await as.wugang.post('/api/v1/trainings', { officer_id: z.id, kind: 'refresher', start_date: '2026-01-05', end_date: '2026-01-09', topic: 't' }), 403, 'perm.denied');
    assertError(await as.wugang.post('/api/v1/equipment', { unit_id: z.unit.id, category: 'vehicle', name: '车' }), 403, 'perm.denied');
  });

  test('officers and auxiliaries do not get the reports', async () => {
    assertError(await as.zhangwei.get('/api/v1/reports/training'), 403, 'perm.denied');
    assertError(await as.wangfang.get('/api/v1/reports/staffing'), 403, 'perm.denied');
  });

  test('township officers cannot write officers, even in their own township', async () => {
    const s = byName('孙丽');
    assertError(await as.sunli.patch(`/api/v1/officers/${s.id}`, { version: s.version, education: 'x' }), 403, 'perm.denied');
  });
});

describe('editing (admin and section head)', () => {
  test('section head creates an expert without account, edits it; both logged', async () => {
    const brigade = byName('张伟').unit.id;
    const c = await as.chenjie.post('/api/v1/officers', {
      name: '严教授', kind: 'expert', unit_id: brigade, education: '教授 安全工程', practice_years: 30,
    });
    assert.equal(c.status, 201, c.text);
    assert.equal(c.body.user_id, null);
    assert.equal(c.body.professional, true);
    const u = await as.chenjie.patch(`/api/v1/officers/${c.body.id}`, { version: c.body.version, status: 'retired' });
    assert.equal(u.status, 200, u.text);
    assert.equal(u.body.status_name, '退休');
    const stale = await as.chenjie.patch(`/api/v1/officers/${c.body.id}`, { version: c.body.version, status: 'serving' });
    assertError(stale, 409, 'conflict.version');
    const h = await as.admin.get(`/api/v1/objects/officer/${c.body.id}/history`);
    assert.equal(h.status, 200, h.text);
    assert.deepEqual(h.body.items.map((e) => e.action), ['officer.create', 'officer.update']);
  });

  test('admin adds a certified officer; certificate expiring today is valid, yesterday not', async () => {
    const unit = byName('孙丽').unit.id;
    const r = await as.admin.post('/api/v1/officers', {
      name: '测试甲', kind: 'officer', unit_id: unit, cert_no: '皖TEST001',
      cert_issued_on: '2020-01-01', cert_expires_on: chinaDay(0),
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.cert_state, 'expiring');
    assert.equal(r.body.cert_days_left, 0);
    const y = await as.admin.patch(`/api/v1/officers/${r.body.id}`, { version: r.body.version, cert_expires_on: chinaDay(-1) });
    assert.equal(y.status, 200, y.text);
    assert.equal(y.body.cert_state, 'expired');
  });

  test('a user may have one officer record', async () => {
    const r = await as.admin.get('/api/v1/users?q=zhangwei');
    const uid = r.body.items[0].id;
    const c = await as.admin.post('/api/v1/officers', { name: '张伟', kind: 'officer', unit_id: byName('张伟').unit.id, user_id: uid });
    assertError(c, 409, 'officer.user_taken', 'user_id');
  });

  test('bad input: 400 with a stable code, a Chinese message and the field', async () => {
    const unit = byName('张伟').unit.id;
    const cases = [
      [{ name: 'x', kind: 'boss', unit_id: unit }, 'input.invalid', 'kind'],
      [{ name: 'x', kind: 'officer', unit_id: unit, cert_expires_on: '2026-02-30' }, 'input.invalid', 'cert_expires_on'],
      [{ name: 'x', kind: 'officer', unit_id: unit, cert_issued_on: '2026-05-01', cert_expires_on: '2026-04-30' }, 'input.invalid', 'cert_expires_on'],
      [{ name: 'x', kind: 'officer', unit_id: unit, practice_years: -1 }, 'input.invalid', 'practice_years'],
      [{ name: 'x', kind: 'officer', unit_id: 999999 }, 'input.invalid', 'unit_id'],
      [{ name: 'x', kind: 'officer', unit_id: unit, salary: 1 }, 'input.unknown_field', 'salary'],
      [{ kind: 'officer', unit_id: unit }, 'input.invalid', 'name'],
      [{ name: 'x', unit_id: unit }, 'input.invalid', 'kind'],
    ];
    for (const [body, code, field] of cases) {
      assertError(await as.admin.post('/api/v1/officers', body), 400, code, field);
    }
  });

  test('section head cannot write outside the district (city detachment)', async () => {
    const units = (await as.wugang.get('/api/v1/units')).body.items;
    const city = units.find((u) => u.code === '341500');
    const r = await as.chenjie.post('/api/v1/officers', { name: 'x', kind: 'officer', unit_id: city.id });
    assertError(r, 403, 'perm.out_of_scope');
  });

  test('training: recorded, counted, validated; refresher shortfall closes', async () => {
    const xu = byName('徐磊');
    const before = await as.admin.get(`/api/v1/officers/${xu.id}`);
    assert.equal(before.body.compliance.refresher.short_days, 10);
    const year = before.body.compliance.refresher.year;
    const bad = await as.chenjie.post('/api/v1/trainings', { officer_id: xu.id, kind: 'refresher', start_date: `${year}-01-09`, end_date: `${year}-01-05`, topic: 't' });
    assertError(bad, 400, 'input.invalid', 'end_date');
    const tooMany = await as.chenjie.post('/api/v1/trainings', { officer_id: xu.id, kind: 'refresher', start_date: `${year}-01-05`, end_date: `${year}-01-09`, days: 6, topic: 't' });
    assertError(tooMany, 400, 'input.invalid', 'days');
    const kind = await as.chenjie.post('/api/v1/trainings', { officer_id: xu.id, kind: 'holiday', start_date: `${year}-01-05`, end_date: `${year}-01-09`, topic: 't' });
    assertError(kind, 400, 'input.invalid', 'kind');
    // Two weeks Monday..Friday of the next week: 10 working days by default.
    const r = await as.chenjie.post('/api/v1/trainings', {
      officer_id: xu.id, kind: 'refresher', start_date: `${year}-01-05`, end_date: `${year}-01-16`,
      topic: '烟花爆竹经营安全执法复训', provider: '六安市应急管理局',
    });
    assert.equal(r.status, 201, r.text);
    const wd = [...Array(12).keys()].map((i) => new Date(Date.UTC(year, 0, 5 + i)).getUTCDay()).filter((d) => d >= 1 && d <= 5).length;
    assert.equal(r.body.days, wd);
    const afterR = await as.admin.get(`/api/v1/officers/${xu.id}`);
    assert.equal(afterR.body.compliance.refresher.short_days, Math.max(0, 10 - wd));
    const h = await as.admin.get(`/api/v1/objects/training/${r.body.id}/history`);
    assert.deepEqual(h.body.items.map((e) => e.action), ['training.create']);
  });

  test('a township officer cannot record training; section head cannot for another district unit out of scope', async () => {
    const s = byName('孙丽');
    assertError(await as.sunli.post('/api/v1/trainings', { officer_id: s.id, kind: 'refresher', start_date: '2026-01-05', end_date: '2026-01-09', topic: 't' }), 403, 'perm.denied');
  });

  test('equipment: assign to an officer, unit follows the officer; mismatched unit refused; status change logged', async () => {
    const z = byName('张伟');
    const c = await as.chenjie.post('/api/v1/equipment', { officer_id: z.id, category: 'body_camera', name: '执法记录仪 DSJ-V9', serial_no: 'T-1' });
    assert.equal(c.status, 201, c.text);
    assert.equal(c.body.unit.id, z.unit.id);
    assert.equal(c.body.officer.name, '张伟');
    const s = byName('孙丽');
    assertError(await as.chenjie.post('/api/v1/equipment', { officer_id: z.id, unit_id: s.unit.id, category: 'vehicle', name: '车' }), 400, 'equipment.unit_mismatch', 'officer_id');
    assertError(await as.chenjie.post('/api/v1/equipment', { unit_id: s.unit.id, category: 'spaceship', name: '车' }), 400, 'input.invalid', 'category');
    const u = await as.chenjie.patch(`/api/v1/equipment/${c.body.id}`, { version: c.body.version, status: 'repair' });
    assert.equal(u.status, 200, u.text);
    assert.equal(u.body.status_name, '维修');
    const mine = await as.zhangwei.get('/api/v1/officers/me');
    assert.ok(mine.body.officer.equipment.some((e) => e.serial_no === 'T-1'));
    assertError(await as.zhangwei.patch(`/api/v1/equipment/${c.body.id}`, { version: u.body.version, status: 'in_use' }), 403, 'perm.denied');
    const other = await as.sunli.get('/api/v1/equipment');
    assert.ok(other.body.items.every((e) => e.unit.id === s.unit.id));
  });

  test('authorised posts: section head sets them, stale version refused, township officer refused', async () => {
    const staffing = await as.chenjie.get('/api/v1/reports/staffing');
    const row = staffing.body.units.find((u) => u.unit.code === '341504002');
    const r = await as.chenjie.request('PUT', `/api/v1/officers/posts/${row.unit.id}`, { version: row.posts_version, authorised: 6 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.authorised, 6);
    const stale = await as.chenjie.request('PUT', `/api/v1/officers/posts/${row.unit.id}`, { version: row.posts_version, authorised: 7 });
    assertError(stale, 409, 'conflict.version');
    assertError(await as.zhoujun.request('PUT', `/api/v1/officers/posts/${row.unit.id}`, { version: r.body.version, authorised: 9 }), 403, 'perm.denied');
    const again = await as.chenjie.get('/api/v1/reports/staffing');
    assert.equal(again.body.units.find((u) => u.unit.code === '341504002').authorised, 6);
  });

  test('every change needs the CSRF token', async () => {
    const c = client(srv.url);
    await c.login('admin');
    c.csrf = '';
    const r = await c.post('/api/v1/officers', { name: 'x', kind: 'expert', unit_id: byName('张伟').unit.id });
    assertError(r, 403, 'auth.csrf');
  });
});

// Follow-up of issue 4: keyset paging of the officer and training lists, and
// the dated settings of the officer rules (admin only).
describe('paging (keyset, ?limit=&cursor=)', () => {
  async function walk(who, path, limit) {
    const seen = [];
    let cursor = null;
    for (let pages = 0; pages < 100; pages++) {
      const q = `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const r = await as[who].get(q);
      assert.equal(r.status, 200, r.text);
      assert.ok(r.body.items.length <= limit);
      seen.push(...r.body.items);
      cursor = r.body.next_cursor;
      if (!cursor) return { seen, pages: pages + 1 };
    }
    assert.fail('paging does not end');
  }
  test('PG01 officer pages cover the whole list once, in the same order', async () => {
    const all = (await as.admin.get('/api/v1/officers')).body.items;
    assert.equal((await as.admin.get('/api/v1/officers')).body.next_cursor, null, 'whole list without limit');
    const { seen, pages } = await walk('admin', '/api/v1/officers', 7);
    assert.deepEqual(seen.map((o) => o.id), all.map((o) => o.id));
    assert.equal(pages, Math.ceil(all.length / 7), 'one row more is read, so no empty last page');
    // filters hold across pages
    const f = await walk('admin', '/api/v1/officers?kind=officer', 5);
    assert.deepEqual(f.seen.map((o) => o.id), all.filter((o) => o.kind === 'officer').map((o) => o.id));
  });
  test('PG02 a township officer pages only her township (wrong unit never appears)', async () => {
    const sunli = byName('孙丽');
    const { seen } = await walk('sunli', '/api/v1/officers', 2);
    assert.ok(seen.length >= 2);
    assert.ok(seen.every((o) => o.unit.id === sunli.unit.id), 'other units leaked');
    const z = await walk('zhoujun', '/api/v1/officers', 2);
    assert.ok(z.seen.every((o) => o.unit.id !== sunli.unit.id));
  });
  test('PG03 training pages: newest first, every record once', async () => {
    const all = (await as.admin.get('/api/v1/trainings')).body.items;
    const { seen } = await walk('admin', '/api/v1/trainings', 25);
    assert.equal(seen.length, all.length);
    assert.deepEqual(seen.map((t) => t.id), all.map((t) => t.id).sort((a, b) => b - a));
    const mine = await walk('sunli', '/api/v1/trainings', 10);
    const sunliUnit = byName('孙丽').unit.id;
    const ids = new Set(officers.filter((o) => o.unit.id === sunliUnit).map((o) => o.id));
    assert.ok(mine.seen.length > 0 && mine.seen.every((t) => ids.has(t.officer_id)));
  });
  test('PG04 bad limit or cursor → 400 naming the field', async () => {
    assertError(await as.admin.get('/api/v1/officers?limit=0'), 400, 'input.invalid', 'limit');
    assertError(await as.admin.get('/api/v1/officers?limit=201'), 400, 'input.invalid', 'limit');
    assertError(await as.admin.get('/api/v1/officers?limit=x'), 400, 'input.invalid', 'limit');
    assertError(await as.admin.get('/api/v1/officers?cursor=zz'), 400, 'input.invalid', 'cursor');
    assertError(await as.admin.get('/api/v1/trainings?limit=500'), 400, 'input.invalid', 'limit');
    // a training cursor is not an officer cursor
    const t = await as.admin.get('/api/v1/trainings?limit=1');
    assertError(await as.admin.get(`/api/v1/officers?cursor=${t.body.next_cursor}`), 400, 'input.invalid', 'cursor');
  });
});

describe('officer rule settings (dated, admin only)', () => {
  test('ST01 everyone signed in reads them with sources; the one in force is marked', async () => {
    for (const u of ['sunli', 'wugang', 'zhangwei']) {
      const r = await as[u].get('/api/v1/officer-settings');
      assert.equal(r.status, 200, r.text);
      const alert = r.body.items.filter((s) => s.key === 'cert_alert_days');
      assert.equal(alert.filter((s) => s.in_force).length, 1);
      assert.equal(alert.find((s) => s.in_force).value, 30);
      assert.match(alert[0].source, HAN);
      assert.equal(r.body.keys.length, 6);
    }
  });
  test('ST02 admin dates a new alert window; it applies from that day only; logged', async () => {
    const from = chinaDay(3);
    const r = await as.admin.post('/api/v1/officer-settings', { key: 'cert_alert_days', value: 90, effective_from: from, source: '局务会决定（测试）' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.label, '执法证到期预警天数');
    const before = await as.admin.get(`/api/v1/reports/certificates?date=${chinaDay(2)}`);
    assert.equal(before.body.alert_days, 30);
    const after = await as.admin.get(`/api/v1/reports/certificates?date=${from}`);
    assert.equal(after.body.alert_days, 90);
    assert.ok(after.body.items.length >= before.body.items.length);
    const h = await as.admin.get('/api/v1/objects/officer_setting/cert_alert_days/history');
    assert.equal(h.status, 200, h.text);
    assert.deepEqual(h.body.items.map((e) => e.action), ['officer.setting']);
    // the same key and day again → 409, nothing changed
    assertError(await as.admin.post('/api/v1/officer-settings', { key: 'cert_alert_days', value: 60, effective_from: from, source: 'x' }), 409, 'officer_setting.date_taken', 'effective_from');
  });
  test('ST03 section head, township officers of both streets, the city supervisor and the leader may not', async () => {
    for (const u of ['chenjie', 'sunli', 'zhoujun', 'wugang', 'liuyang', 'zhangwei']) {
      assertError(await as[u].post('/api/v1/officer-settings', { key: 'cert_alert_days', value: 45, effective_from: chinaDay(5), source: 't' }), 403, 'perm.denied');
    }
    const r = await as.admin.get('/api/v1/officer-settings');
    assert.ok(!r.body.items.some((s) => s.value === 45), 'a refused write left a row');
  });
  test('ST04 bad input → 400 with the field; fewer than two officers is never allowed (第42条)', async () => {
    const base = { key: 'min_officers', value: 1, effective_from: chinaDay(10), source: 't' };
    const e = await as.admin.post('/api/v1/officer-settings', base);
    assertError(e, 400, 'input.invalid', 'value');
    assert.match(e.body.error.message, /第42条/);
    assertError(await as.admin.post('/api/v1/officer-settings', { ...base, key: 'coffee_breaks', value: 2 }), 400, 'input.invalid', 'key');
    assertError(await as.admin.post('/api/v1/officer-settings', { ...base, key: 'ratio_target_permille', value: 1001 }), 400, 'input.invalid', 'value');
    assertError(await as.admin.post('/api/v1/officer-settings', { ...base, value: 3, effective_from: '2026-02-30' }), 400, 'input.invalid', 'effective_from');
    assertError(await as.admin.post('/api/v1/officer-settings', { ...base, value: '3' }), 400, 'input.invalid', 'value');
    assertError(await as.admin.post('/api/v1/officer-settings', { key: 'min_officers', value: 3, effective_from: chinaDay(10) }), 400, 'input.invalid', 'source');
  });
});
