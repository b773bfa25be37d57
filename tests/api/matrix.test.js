// The permission matrix (issue 12): every route of `zhifa routes` × every
// demo role × {own unit, other unit} plus anonymous, against the committed
// table tests/permission-matrix.json. A route without a row fails, naming
// the route; `node scripts/matrix-suggest.js` prints the rows to review.
//
//   ZHIFA_BIN=/work/main/build/zhifa node --test tests/api/matrix.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { startServer, client, run, ROOT, DEMO_PASSWORD, backend, psql } = require('../lib/server');
const { ROLES, ANON, fixture, unitBearing } = require('../lib/matrix');

const TABLE = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'permission-matrix.json'), 'utf8'));
const ROUTES = JSON.parse(run(['routes']));
const HAN = /[\u4e00-\u9fff]/;

let srv;
const clients = {};
let ctx;

before(async () => {
  srv = await startServer();
  for (const who of ROLES) {
    clients[who] = client(srv.url);
    const r = await clients[who].login(who);
    assert.equal(r.status, 200, `login ${who}: ${r.text}`);
  }
  // wugang (city supervisor) reads every unit, user and event: lookups.
  const look = clients.wugang;
  const get = async (p) => {
    const r = await look.get(p);
    assert.equal(r.status, 200, `${p}: ${r.text}`);
    return r.body;
  };
  ctx = {
    password: DEMO_PASSWORD,
    async unit(code) {
      const u = (await get('/api/v1/units')).items.find((x) => x.code === code);
      assert.ok(u, `unit ${code}`);
      return u;
    },
    async user(username) {
      const u = (await get('/api/v1/users')).items.find((x) => x.username === username);
      assert.ok(u, `user ${username}`);
      return u;
    },
    async eventOfUnit(code) {
      const u = await this.unit(code);
      return (await get(`/api/v1/objects/unit/${u.id}/history`)).items[0].index;
    },
    // officers (issue 4): a record of the unit, the user's own if they have
    // one there; a unit without records gets one, created by admin through
    // the API, or — for a unit outside admin's scope (the city detachment,
    // which no demo role may write to) — inserted into the database
    // directly, as the only way to have an out-of-scope record to be refused.
    async officerIn(code, username) {
      const find = async () => {
        const all = (await get('/api/v1/officers')).items.filter((x) => x.unit.code === code);
        return all.find((x) => username && x.username === username) || all[0];
      };
      let o = await find();
      if (!o) {
        const u = await this.unit(code);
        const r = await clients.admin.post('/api/v1/officers', { name: `矩阵人员${code}`, kind: 'officer', unit_id: u.id });
        if (r.status === 403) {
          seed(`INSERT INTO officers (unit_id, name, kind, status, created_at, updated_at) VALUES (${u.id}, '矩阵人员${code}', 'officer', 'serving', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
        } else assert.equal(r.status, 201, `officer in ${code}: ${r.text}`);
        o = await find();
      }
      assert.ok(o, `officer record in ${code}`);
      return o;
    },
    async equipmentIn(code) {
      const u = await this.unit(code);
      const find = async () => (await get('/api/v1/equipment')).items.find((x) => x.unit.id === u.id);
      let e = await find();
      if (!e) {
        const r = await clients.admin.post('/api/v1/equipment', { unit_id: u.id, category: 'other', name: `矩阵装备${code}` });
        if (r.status === 403) {
          seed(`INSERT INTO equipment (unit_id, category, name, status, created_at, updated_at) VALUES (${u.id}, 'other', '矩阵装备${code}', 'in_use', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
        } else assert.equal(r.status, 201, `equipment in ${code}: ${r.text}`);
        e = await find();
      }
      assert.ok(e, `equipment in ${code}`);
      return e;
    },
    // enterprises (issue 3): an enterprise of the township/devzone (fresh, so
    // its version is current); one is created by admin when there is none.
    async enterpriseIn(code) {
      const u = await this.unit(code);
      const find = async () => (await get(`/api/v1/enterprises?unit_id=${u.id}&limit=1`)).items[0];
      let e = await find();
      if (!e) {
        const r = await clients.admin.post('/api/v1/enterprises', await require('../lib/matrix').enterpriseBody(u.id));
        assert.equal(r.status, 201, `enterprise in ${code}: ${r.text}`);
        e = await find();
      }
      assert.ok(e, `enterprise in ${code}`);
      return e;
    },
    // plans (issue 6): the plan (with entries) of a unit — the demo's 2026
    // plans of the brigade and 史河街道; other units get one from admin's
    // generate, or — outside admin's scope (the city detachment) — a row
    // inserted directly, as with officers.
    async planIn(code) {
      const u = await this.unit(code);
      const find = async () => (await get('/api/v1/plans')).items.find((x) => x.unit_id === u.id);
      let p = await find();
      if (!p) {
        const r = await clients.admin.post('/api/v1/plans/generate', { unit_id: u.id, year: 2026 });
        if (r.status === 403) {
          seed(`INSERT INTO plans (unit_id, year, status, cycle_red, cycle_orange, cycle_yellow, cycle_blue, cycle_credit, sampling_permille, capacity, joint_window, created_at, updated_at) VALUES (${u.id}, 2026, 'draft', 3, 6, 12, 12, 3, 100, 8, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
        } else assert.equal(r.status, 201, `plan of ${code}: ${r.text}`);
        p = await find();
      }
      assert.ok(p, `plan of ${code}`);
      return get(`/api/v1/plans/${p.id}`);
    },
    // draws (issue 6, part B): the unit's oldest frozen draw; a unit without
    // one gets one frozen by its own creator (the brigade: the demo's, by
    // chenjie; 史河街道 sunli; 平岗街道 zhoujun).
    async drawIn(code) {
      const u = await this.unit(code);
      const find = async () => (await get('/api/v1/draws')).items.filter((x) => x.unit.id === u.id && x.status === 'frozen').pop();
      let d = await find();
      if (!d) {
        const by = { '341504001': 'sunli', '341504002': 'zhoujun' }[code] || 'chenjie';
        const r = await clients[by].post('/api/v1/draws', { month: 12, count: 1, unit_id: u.id, exclude_unstaffable: true });
        assert.equal(r.status, 201, `draw of ${code}: ${r.text}`);
        d = await find();
      }
      assert.ok(d, `draw of ${code}`);
      return d;
    },
    // issue 11: an agency of the unit (the bureau's from the demo; the city
    // detachment's seeded, as no demo role may write there); fresh ones
    // when asked (a version to PATCH with). Tokens, notices and interference
    // records of it: made through the API in the bureau, seeded in the city.
    async agencyIn(code) {
      const u = await this.unit(code);
      const find = async () => (await get('/api/v1/agencies?all=1&limit=200')).items.find((x) => x.unit_id === u.id);
      let g = await find();
      if (!g) {
        seed(`INSERT INTO agencies (unit_id, name, kind, created_at, updated_at) VALUES (${u.id}, '矩阵协作单位${code}', 'market', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
        g = await find();
      }
      assert.ok(g, `agency of ${code}`);
      return g;
    },
    async tokenIn(code) {
      const g = await this.agencyIn(code);
      if (code === '341500') {
        const admin = await this.user('admin');
        const hex = require('node:crypto').randomBytes(32).toString('hex');
        return seedValue(`INSERT INTO api_tokens (agency_id, label, scope, resources, token_hash, token_prefix, created_by, created_at, expires_ms) VALUES (${g.id}, '矩阵', 'read', 'enterprise.read', ${backend === 'postgresql' ? `'\\x${hex}'` : `X'${hex}'`}, '${hex.slice(0, 8)}', ${admin.id}, '2026-01-01T00:00:00Z', 4102444800000) RETURNING id`);
      }
      const r = await clients.admin.post('/api/v1/api-tokens', { agency_id: g.id, label: '矩阵吊销', scope: 'read', resources: 'enterprise.read', expires_in_days: 1 });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    },
    async noticeIn(code) {
      const g = await this.agencyIn(code);
      if (code === '341500') {
        return seedValue(`INSERT INTO agency_notices (agency_id, unit_id, direction, kind, title, body, created_at) VALUES (${g.id}, ${g.unit_id}, 'out', 'notification', '矩阵', '矩阵', '2026-01-01T00:00:00Z') RETURNING id`);
      }
      const r = await clients.zhangwei.post('/api/v1/agency-notices', { agency_id: g.id, kind: 'notification', title: '矩阵', body: '矩阵' });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    },
    async interferenceIn(code) {
      const u = await this.unit(code);
      if (code === '341500') {
        const wu = await this.user('wugang');
        return seedValue(`INSERT INTO interference_records (unit_id, official_name, official_post, official_unit, occurred_on, method, request, matter, recorded_by, recorded_at) VALUES (${u.id}, '矩阵', '矩阵', '矩阵', '2020-01-01', 'other', '矩阵', '矩阵', ${wu.id}, '2026-01-01T00:00:00Z') RETURNING id`);
      }
      const r = await clients.liuyang.post('/api/v1/interference', { official_name: '矩阵', official_post: '矩阵', official_unit: '矩阵', occurred_on: '2020-01-01', method: 'other', request: '矩阵', matter: '矩阵' });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    },
    // transfers and public-interest litigation (issue 11, R27/R28): a
    // record of the unit, seeded (any unit, the city detachment included);
    // an agency of the bureau's list of a kind (the police, the market …)
    async transferIn(code) {
      const u = await this.unit(code);
      return seedValue(`INSERT INTO transfers (unit_id, kind, state, agency_id, enterprise_id, subject, reason, materials, sent_on, created_by, created_at, updated_at) VALUES (${u.id}, 'administrative', 'sent', (SELECT MIN(id) FROM agencies), 1, '矩阵', '矩阵', '矩阵', '2020-01-01', (SELECT MIN(id) FROM users), '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id`);
    },
    async litigationIn(code) {
      const u = await this.unit(code);
      return seedValue(`INSERT INTO litigation (unit_id, agency_id, number, kind, received_on, summary, created_by, created_at, updated_at) VALUES (${u.id}, (SELECT MIN(id) FROM agencies), '矩阵', 'proposal', '2020-01-01', '矩阵', (SELECT MIN(id) FROM users), '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id`);
    },
    async agencyOfKind(kind) {
      const g = (await get(`/api/v1/agencies?kind=${kind}&limit=1`)).items[0];
      assert.ok(g, `agency of kind ${kind}`);
      return g;
    },
    // credit punishment (issue 10, R26): a fresh serious-list proposal on
    // the enterprise of a township (seeded, so any township will do)
    async creditIn(code) {
      const e = await this.enterpriseIn(code);
      return seedValue(`INSERT INTO credit_records (enterprise_id, kind, status, criteria, summary, created_at, updated_at) VALUES (${e.id}, 'serious_list', 'proposed', 'SL-04', '矩阵', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id`);
    },
    // cases (issue 8, part C): the oldest case of a unit; the brigade's made
    // by chenjie, a township's by its officer, the city detachment's seeded.
    async caseIn(code) {
      const u = await this.unit(code);
      const find = async () => (await get(`/api/v1/cases?unit_id=${u.id}&limit=200`)).items.filter((x) => x.unit_id === u.id).pop();
      let c = await find();
      if (!c) {
        if (code === '341500') {
          seed(`INSERT INTO cases (unit_id, year, state, source_kind, created_at, updated_at) VALUES (${u.id}, 2026, 'draft', 'ad_hoc', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
        } else {
          const by = { '341504001': 'sunli', '341504002': 'zhoujun' }[code] || 'chenjie';
          const r = await clients[by].post('/api/v1/cases', { source_kind: 'ad_hoc', unit_id: u.id });
          assert.equal(r.status, 201, `case of ${code}: ${r.text}`);
        }
        c = await find();
      }
      assert.ok(c, `case of ${code}`);
      return c.id;
    },
    // 事后公开 (issue 10): a published decision of a case of the unit (case,
    // decision and publication seeded: any unit; the API makes them on decide)
    async publicationIn(code) {
      const u = await this.unit(code);
      const caseId = seedValue(`INSERT INTO cases (unit_id, year, state, source_kind, created_at, updated_at) VALUES (${u.id}, 2026, 'served', 'ad_hoc', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id`);
      const d = seedValue(`INSERT INTO case_decisions (case_id, number, decided_on, body, created_at) VALUES (${caseId}, '矩阵〔2026〕1号', '2026-01-05', '{}', '2026-01-05T00:00:00Z') RETURNING id`);
      return seedValue(`INSERT INTO publications (case_id, decision_id, unit_id, number, decided_on, due_on, status, doc, published_at, created_at, updated_at) VALUES (${caseId}, ${d}, ${u.id}, '矩阵〔2026〕1号', '2026-01-05', '2026-01-14', 'published', '{}', '2026-01-06T00:00:00Z', '2026-01-06T00:00:00Z', '2026-01-06T00:00:00Z') RETURNING id`);
    },
    // on-site inspections (issue 7, part B): a fresh open inspection of the
    // unit (seeded: any unit, also those no demo role writes to), a finding,
    // a hazard and an evidence item of one (the blob file written into the
    // data directory as the server would), and an enterprise's QR secret.
    async inspectionIn(code) {
      const u = await this.unit(code);
      const e = await this.enterpriseIn('341504001');
      const id = seedValue(`INSERT INTO inspections (client_id, enterprise_id, unit_id, source, status, inspected_on, version, created_at, updated_at) VALUES ('matrix-${code}-${Date.now()}-${Math.random().toString(36).slice(2)}', ${e.id}, ${u.id}, 'ad_hoc', 'open', '2026-01-05', 1, '2026-01-05T00:00:00Z', '2026-01-05T00:00:00Z') RETURNING id`);
      return { id, version: 1 };
    },
    async findingIn(code) {
      const i = await this.inspectionIn(code);
      return seedValue(`INSERT INTO inspection_findings (client_id, inspection_id, description, created_at) VALUES ('matrix-f-${i.id}', ${i.id}, '矩阵测试问题', '2026-01-05T00:00:00Z') RETURNING id`);
    },
    async hazardIn(code) {
      const u = await this.unit(code);
      const e = await this.enterpriseIn('341504001');
      const i = await this.inspectionIn(code);
      const f = seedValue(`INSERT INTO inspection_findings (client_id, inspection_id, description, created_at) VALUES ('matrix-h-${i.id}', ${i.id}, '矩阵测试问题', '2026-01-05T00:00:00Z') RETURNING id`);
      const id = seedValue(`INSERT INTO hazards (finding_id, inspection_id, enterprise_id, unit_id, grade, description, ordered_on, deadline, status, version, created_at) VALUES (${f}, ${i.id}, ${e.id}, ${u.id}, 'ordinary', '矩阵测试隐患', '2026-01-05', '2026-02-05', 'open', 1, '2026-01-05T00:00:00Z') RETURNING id`);
      return { id, version: 1 };
    },
    async evidenceIn(code) {
      const i = await this.inspectionIn(code);
      const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Buffer.from(`matrix ${code}`)]);
      const sha = require('node:crypto').createHash('sha256').update(bytes).digest('hex');
      fs.mkdirSync(path.join(srv.dir, 'blobs', sha.slice(0, 2)), { recursive: true });
      fs.writeFileSync(path.join(srv.dir, 'blobs', sha.slice(0, 2), sha), bytes);
      seed(`INSERT INTO blobs (sha256, size, mime, created_at) VALUES ('${sha}', ${bytes.length}, 'image/png', '2026-01-05T00:00:00Z') ON CONFLICT (sha256) DO NOTHING`);
      const wu = await this.user('wugang');
      return seedValue(`INSERT INTO evidence (client_id, inspection_id, sha256, declared_sha256, kind, mime, size, taken_at, uploaded_by, uploaded_at) VALUES ('matrix-e-${i.id}', ${i.id}, '${sha}', '${sha}', 'photo', 'image/png', ${bytes.length}, '2026-01-05T09:00', ${wu.id}, '2026-01-05T00:00:00Z') RETURNING id`);
    },
    // materials of notices (migration 041): a fresh file attached to a
    // fresh notice of the agency's unit, seeded like evidence (the blob file
    // written into the data directory as the server would)
    async noticeAttachmentIn(code) {
      const n = await this.noticeIn(code);
      const bytes = Buffer.from(`%PDF-1.4\n% matrix ${code}\n%%EOF\n`);
      const sha = require('node:crypto').createHash('sha256').update(bytes).digest('hex');
      fs.mkdirSync(path.join(srv.dir, 'blobs', sha.slice(0, 2)), { recursive: true });
      fs.writeFileSync(path.join(srv.dir, 'blobs', sha.slice(0, 2), sha), bytes);
      seed(`INSERT INTO blobs (sha256, size, mime, created_at) VALUES ('${sha}', ${bytes.length}, 'application/pdf', '2026-01-05T00:00:00Z') ON CONFLICT (sha256) DO NOTHING`);
      const wu = await this.user('wugang');
      return seedValue(`INSERT INTO notice_attachments (notice_id, sha256, file_name, mime, size, uploaded_by, uploaded_at) VALUES (${n}, '${sha}', '矩阵.pdf', 'application/pdf', ${bytes.length}, ${wu.id}, '2026-01-05T00:00:00Z') RETURNING id`);
    },
    async qrOf(code) {
      const e = await this.enterpriseIn(code);
      const secret = require('node:crypto').randomBytes(32).toString('hex');
      seed(`INSERT INTO enterprise_qr (enterprise_id, secret, created_at) VALUES (${e.id}, '${secret}', '2026-01-05T00:00:00Z')`);
      return { id: e.id, secret };
    },
    // Units that hold posts are in the staffing report; others have none yet.
    async postsOf(code) {
      const row = (await get('/api/v1/reports/staffing')).units.find((x) => x.unit.code === code);
      return { version: row ? row.posts_version : 0, authorised: row && row.authorised !== null ? row.authorised : 1 };
    },
  };
});
after(async () => { if (srv) await srv.stop(); });

// Writes a row the API cannot (see ctx.officerIn), on either backend.
// SQLite: wait for the server's write lock (busy timeout) instead of failing
// at once with "database is locked" when a seed meets a write of the server.
function seed(sql) {
  if (backend === 'postgresql') psql(srv.db, sql);
  else execFileSync('sqlite3', ['-cmd', '.timeout 10000', srv.db.replace(/^sqlite:/, ''), sql]);
}

// The same, for an INSERT … RETURNING id: the value it prints.
function seedValue(sql) {
  const out = backend === 'postgresql' ? psql(srv.db, sql) : execFileSync('sqlite3', ['-cmd', '.timeout 10000', srv.db.replace(/^sqlite:/, ''), sql], { encoding: 'utf8' });
  return Number(out.trim().split('\n')[0]);
}

function matches(status, want) {
  if (typeof want === 'number') return status === want;
  if (/^[1-5]xx$/.test(want)) return Math.floor(status / 100) === Number(want[0]);
  return false;
}

test('the table names only valid statuses', () => {
  for (const [key, row] of Object.entries(TABLE.rows)) {
    for (const [who, v] of Object.entries(row)) {
      for (const w of typeof v === 'object' ? [v.own, v.other] : [v]) {
        assert.ok(typeof w === 'number' || /^[1-5]xx$/.test(w), `${key} ${who}: bad value ${JSON.stringify(v)}`);
      }
    }
  }
});

test('every route has a row, every row a route', () => {
  const keys = ROUTES.map((r) => `${r.method} ${r.pattern}`);
  const missing = keys.filter((k) => !TABLE.rows[k]);
  assert.deepEqual(missing, [], `routes without a row in tests/permission-matrix.json — add them (run node scripts/matrix-suggest.js, review, paste): ${missing.join('; ')}`);
  const stale = Object.keys(TABLE.rows).filter((k) => !keys.includes(k));
  assert.deepEqual(stale, [], `rows for routes that no longer exist: ${stale.join('; ')}`);
});

for (const route of ROUTES) {
  const key = `${route.method} ${route.pattern}`;
  test(`matrix: ${key}`, async (t) => {
    const row = TABLE.rows[key];
    if (!row) assert.fail(`no row for "${key}" in tests/permission-matrix.json: run node scripts/matrix-suggest.js`);
    const bad = [];
    let tried = 0;
    for (const who of [ANON, ...ROLES]) {
      const want = row[who];
      if (want === undefined) { bad.push(`${who}: no expectation`); continue; }
      const variants = typeof want === 'object' ? ['own', 'other'] : ['own'];
      if (typeof want !== 'object' && who !== ANON && unitBearing(route)) {
        bad.push(`${who}: the route acts on a unit, the row needs {own, other}`);
      }
      for (const variant of variants) {
        const f = await fixture(ctx, route, who, variant);
        let c;
        if (who === ANON || f.fresh) {
          c = client(srv.url);
          if (who !== ANON && route.pattern !== '/api/v1/auth/login') await c.login(who);
        } else c = clients[who];
        const r = await c.request(route.method, f.path, f.body, f.headers);
        tried++;
        const w = typeof want === 'object' ? want[variant] : want;
        if (!matches(r.status, w)) bad.push(`${who}/${variant} ${route.method} ${f.path}: want ${w}, got ${r.status} ${r.text.slice(0, 160)}`);
        else if (r.status >= 400) {
          // A refusal is a proper envelope with a Chinese message.
          if (!(r.body && r.body.error && HAN.test(r.body.error.message || ''))) bad.push(`${who}/${variant}: ${r.status} without a Chinese error envelope: ${r.text.slice(0, 160)}`);
          if (r.status === 403 && r.body.error.code === 'auth.csrf') bad.push(`${who}/${variant}: refused for CSRF, not permission`);
        }
      }
    }
    t.diagnostic(`${tried} requests`);
    assert.deepEqual(bad, [], bad.join('\n'));
  });
}
