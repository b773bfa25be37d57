// The benchmark's data generator (issue 12, bench/gen.c, gen_enterprises.c,
// gen_cases.c) run small on a fresh `zhifa init` + `zhifa demo` database —
// SQLite, or PostgreSQL under ZHIFA_TEST_PG — and what it wrote checked
// against the database itself and against the server:
//   BG-01 every credit code valid (GB 32100 check character, and the GB 11714
//         check of the organisation code, computed here, not by the C
//         checker the generator uses) and unique; the enterprises' spread
//   BG-02 the cases: every stage present, spread over the enterprises (many
//         with none), every decided case with a violation and a decision,
//         payments only on decided cases, reviews of the kinds their stage
//         implies, documents numbered as their case
//   BG-03 `zhifa audit verify` passes over the cases' log events
//   BG-04 the server starts on it: the case list (per state), a case detail
//         and the dashboard answer 200 with the counts computed here from the
//         database; a generated document verifies on the public page.
//   BG-05 the generator signed a checkpoint covering every event it left
//         (before any server ran on the database), and `zhifa audit verify`
//         checks it against the data directory's key.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, client, run, BIN, psql, PG_BASE } = require('../lib/server');

const GEN = path.join(path.dirname(BIN), 'bench', 'zhifa-bench-gen');
const N_ENT = 300;
const N_CASES = 2000;
const STATES = ['draft', 'filed', 'investigating', 'reviewing', 'legal_review', 'collective_discussion',
  'notified', 'hearing', 'decided', 'no_penalty', 'served', 'executing', 'closed', 'archived', 'withdrawn'];

// GB 32100-2015: the 31 characters and the weights 3^(i-1) mod 31
const SET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function usccValid(code) {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  let sum = 0;
  let w = 1;
  for (let i = 0; i < 17; i++) {
    sum += SET.indexOf(code[i]) * w;
    w = (w * 3) % 31;
  }
  if (SET[(31 - (sum % 31)) % 31] !== code[17]) return false;
  // positions 9–17: the organisation code with its GB 11714 check character
  const org = code.slice(8, 17);
  const ow = [3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 8; i++) {
    const c = org[i];
    s += (/[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55) * ow[i];
  }
  const ck = 11 - (s % 11);
  return org[8] === (ck === 10 ? 'X' : ck === 11 ? '0' : String(ck));
}

describe('zhifa-bench-gen: enterprises, cases and their records', () => {
  let srv;
  let c;
  let env;
  let genOut;
  let base; // the demo's counts before the generator
  let afterGen; // the log and its checkpoints right after the generator
  // rows of a query, each an array of strings (both backends print a|b|c)
  const q = (sql) => {
    const out = PG_BASE ? psql(srv.db, sql)
      : execFileSync('sqlite3', ['-separator', '|', srv.db.replace(/^sqlite:/, ''), sql], { encoding: 'utf8' });
    return out.split('\n').filter((l) => l !== '').map((l) => l.split('|'));
  };
  const one = (sql) => Number(q(sql)[0][0]);

  before(async () => {
    const first = await startServer();
    await first.stop();
    srv = first;
    base = {
      checkpoint: one('SELECT COALESCE(MAX(tree_size), 0) FROM checkpoints'),
      cases: one('SELECT COUNT(*) FROM cases'),
      violations: one('SELECT COUNT(*) FROM case_violations'),
      enterprises: one('SELECT COUNT(*) FROM enterprises'),
    };
    const t0 = Date.now();
    const out = execFileSync(GEN, ['--db', first.db, '--units', '0', '--users', '0', '--events', '0',
      '--enterprises', String(N_ENT), '--cases', String(N_CASES), '--case-records', '1'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: first.env, maxBuffer: 64 << 20 });
    genOut = JSON.parse(out);
    genOut.test_seconds = (Date.now() - t0) / 1000;
    // what the generator left, before a server signs anything on it
    afterGen = {
      events: one('SELECT COUNT(*) FROM events'),
      checkpoints: q('SELECT tree_size FROM checkpoints ORDER BY tree_size').map((r) => Number(r[0])),
    };
    env = first.env;
    srv = await startServer({ dir: first.dir, reuse: true });
    c = client(srv.url);
    const r = await c.login('liuyang'); // bureau leader: case.read and stats.read district-wide
    assert.equal(r.status, 200, r.text);
  });

  after(async () => {
    if (srv) await srv.stop();
    if (srv) fs.rmSync(srv.dir, { recursive: true, force: true });
  });

  test('BG-01: every credit code valid under GB 32100 and unique; the generator said so too', () => {
    assert.equal(genOut.enterprises, N_ENT);
    assert.equal(genOut.enterprises_detail.codes_checked, N_ENT + genOut.enterprises_detail.code_clashes);
    const rows = q('SELECT credit_code, name, address, domain FROM enterprises');
    assert.equal(rows.length, base.enterprises + N_ENT, 'the demo\'s and the generated');
    const bad = rows.filter(([code]) => !usccValid(code));
    assert.deepEqual(bad, [], 'invalid credit codes');
    assert.equal(new Set(rows.map((r) => r[0])).size, rows.length, 'credit codes unique');
    assert.equal(new Set(rows.map((r) => r[1])).size, rows.length, 'names unique');
    assert.ok(rows.every(([, name, addr]) => /叶集|安徽|六安/.test(name) && addr.startsWith('叶集')), 'names and addresses of 叶集区');
    const domains = new Set(rows.map((r) => r[3]));
    for (const d of ['hazchem', 'fireworks', 'mining', 'industry', 'other']) assert.ok(domains.has(d), d);
    // a deliberately broken code is caught by the check here (the check can fail)
    const good = rows[rows.length - 1][0];
    const broken = good.slice(0, 17) + SET[(SET.indexOf(good[17]) + 1) % 31];
    assert.equal(usccValid(good), true);
    assert.equal(usccValid(broken), false);
    // the generated ones belong to the district's townships
    assert.equal(one("SELECT COUNT(*) FROM enterprises e JOIN units u ON u.id = e.unit_id "
      + "WHERE u.kind NOT IN ('township', 'devzone') OR u.code NOT LIKE '341504%'"), 0);
  });

  test('BG-02: cases across all stages, spread over the enterprises, with the records of their stage', () => {
    assert.equal(genOut.cases, N_CASES);
    assert.equal(one('SELECT COUNT(*) FROM cases'), base.cases + N_CASES);
    const states = new Map(q('SELECT state, COUNT(*) FROM cases GROUP BY state').map(([s, n]) => [s, Number(n)]));
    for (const s of STATES) assert.ok(states.get(s) > 0, `a case in state ${s}`);
    // spread: many enterprises with none, a median of a few, no giant
    const per = q('SELECT e.id, COUNT(p.id) FROM enterprises e LEFT JOIN case_parties p ON p.enterprise_id = e.id '
      + 'AND p.is_principal = 1 GROUP BY e.id').map((r) => Number(r[1])).sort((a, b) => a - b);
    const none = per.filter((n) => n === 0).length;
    assert.ok(none > per.length * 0.2 && none < per.length * 0.5, `${none} of ${per.length} enterprises without a case`);
    const max = per[per.length - 1];
    const median = per[Math.floor(per.length / 2)];
    assert.ok(max < 40, `the busiest enterprise has ${max} cases`);
    assert.ok(median >= 1 && median <= 6, `median ${median}`);
    // what the generator reports, give or take the demo's own cases
    const pe = genOut.cases_detail.per_enterprise;
    assert.equal(pe.enterprises, per.length);
    assert.ok(none <= pe.without && none >= pe.without - base.cases, `${none} vs ${pe.without}`);
    assert.ok(max >= pe.max && max <= pe.max + base.cases, `${max} vs ${pe.max}`);
    // every decided case: a violation and a decision
    assert.equal(one("SELECT COUNT(*) FROM cases c WHERE c.decided_on <> '' AND NOT EXISTS "
      + '(SELECT 1 FROM case_violations v WHERE v.case_id = c.id)'), 0, 'decided without a violation');
    assert.equal(one("SELECT COUNT(*) FROM cases c WHERE c.decided_on <> '' AND NOT EXISTS "
      + '(SELECT 1 FROM case_decisions d WHERE d.case_id = c.id)'), 0, 'decided without a decision');
    // the penalty amount is the violations' sum (simple cases within 第51条's 3,000 yuan)
    assert.equal(one("SELECT COUNT(*) FROM cases c WHERE c.decided_amount_fen > 0 AND c.decided_amount_fen <> "
      + '(SELECT SUM(v.amount_fen) FROM case_violations v WHERE v.case_id = c.id)'), 0);
    assert.equal(one('SELECT COUNT(*) FROM cases WHERE simple = 1 AND decided_amount_fen > 300000'), 0);
    // payments only on decided cases (decided, served, executing, closed, archived)
    const payStates = q('SELECT DISTINCT c.state FROM case_payments p JOIN cases c ON c.id = p.case_id').map((r) => r[0]);
    assert.ok(payStates.length > 0);
    for (const s of payStates) assert.ok(['decided', 'served', 'executing', 'closed', 'archived'].includes(s), `payment on a ${s} case`);
    assert.equal(one("SELECT COUNT(*) FROM case_payments p JOIN cases c ON c.id = p.case_id WHERE c.decided_on = '' "
      + "OR c.no_penalty_reason <> ''"), 0);
    assert.ok(one("SELECT COUNT(*) FROM case_payments WHERE kind = 'bank'") > 0);
    // reviews: none before legal review, returns counted by the performance review
    assert.equal(one("SELECT COUNT(*) FROM case_reviews r JOIN cases c ON c.id = r.case_id WHERE c.state IN "
      + "('draft', 'filed') "), 0);
    assert.equal(one("SELECT COUNT(*) FROM case_reviews r JOIN cases c ON c.id = r.case_id WHERE c.state = 'legal_review' "
      + "AND r.opinion = 'agree'"), 0, 'a case under legal review has no opinion yet');
    assert.ok(one("SELECT COUNT(*) FROM case_reviews WHERE kind = 'legal_review' AND opinion = 'return'") > 0);
    assert.ok(one("SELECT COUNT(*) FROM case_reviews WHERE kind = 'collective_discussion'") > 0);
    // documents: of cases, numbered as the case, unique verification codes
    const docs = one("SELECT COUNT(*) FROM documents WHERE subject_kind = 'case'");
    assert.ok(docs >= N_CASES, `${docs} documents`);
    assert.equal(one("SELECT COUNT(*) FROM documents d JOIN cases c ON c.id = d.subject_id WHERE d.subject_kind = 'case' "
      + "AND d.kind = 'penalty_decision' AND d.number <> c.number"), 0);
    assert.equal(one('SELECT COUNT(*) - COUNT(DISTINCT verify_code) FROM documents'), 0);
    assert.equal(one("SELECT COUNT(*) FROM documents d JOIN cases c ON c.id = d.subject_id WHERE d.subject_kind = 'case' "
      + "AND c.state = 'draft'"), 0);
    const d = genOut.cases_detail.rows;
    assert.equal(one('SELECT COUNT(*) FROM case_violations'), base.violations + d.case_violations);
    assert.ok(d.events > N_CASES * 5, `${d.events} log events for ${N_CASES} cases`);
  });

  test('BG-03: zhifa audit verify covers the cases\' log events', () => {
    const out = JSON.parse(run(['audit', 'verify'], { env }));
    assert.equal(out.ok, true, JSON.stringify(out));
    // the generator's log, and what the server logged since (the login)
    assert.ok(out.events >= genOut.events, `${out.events} events, the generator left ${genOut.events}`);
    assert.equal(out.events, one('SELECT COUNT(*) FROM events'));
    const logged = one("SELECT COUNT(*) FROM events WHERE object_type = 'case' OR action = 'document.issue'");
    assert.ok(logged >= genOut.cases_detail.rows.events, `${logged} case events`);
    assert.equal(one("SELECT COUNT(*) FROM events WHERE action = 'enterprise.import'"), N_ENT);
  });

  test('BG-05: the generator signed a checkpoint over the whole log; audit verify checks it', () => {
    assert.equal(afterGen.events, genOut.events, 'the generator reports the log it left');
    assert.equal(genOut.checkpoint.tree_size, afterGen.events, JSON.stringify(genOut.checkpoint));
    const latest = afterGen.checkpoints[afterGen.checkpoints.length - 1];
    assert.equal(latest, afterGen.events, 'the newest checkpoint covers every event');
    assert.ok(latest > base.checkpoint, `${latest} events signed, ${base.checkpoint} before the generator`);
    // the generator's checkpoint is in what audit verify checks (root re-hashed
    // from every event, the signature against the key file)
    const out = JSON.parse(run(['audit', 'verify'], { env }));
    assert.equal(out.ok, true, JSON.stringify(out));
    assert.ok(out.checkpoints >= afterGen.checkpoints.length, JSON.stringify(out));
    assert.equal(one(`SELECT COUNT(*) FROM checkpoints WHERE tree_size = ${afterGen.events}`), 1);
  });

  test('BG-04: the server answers on it with the counts of the database', async () => {
    // the list, per state: as many as the database has (all within one page)
    for (const s of ['hearing', 'archived', 'no_penalty']) {
      const r = await c.get(`/api/v1/cases?state=${s}&limit=200`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.items.length, one(`SELECT COUNT(*) FROM cases WHERE state = '${s}'`), s);
    }
    const first = await c.get('/api/v1/cases?limit=50');
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.items.length, 50);
    assert.equal(first.body.items[0].id, one('SELECT MAX(id) FROM cases'));
    // a closed case's detail: its records as counted here
    const id = one("SELECT MAX(id) FROM cases WHERE state = 'closed' AND simple = 0");
    const r = await c.get(`/api/v1/cases/${id}`);
    assert.equal(r.status, 200, r.text);
    for (const [field, table] of [['violations', 'case_violations'], ['reviews', 'case_reviews'],
      ['payments', 'case_payments'], ['decisions', 'case_decisions'], ['officers', 'case_officers'], ['parties', 'case_parties']]) {
      assert.equal(r.body[field].length, one(`SELECT COUNT(*) FROM ${table} WHERE case_id = ${id}`), field);
    }
    assert.equal(r.body.state, 'closed');
    assert.equal(r.body.total_fen, one(`SELECT SUM(amount_fen) FROM case_violations WHERE case_id = ${id}`));
    // the dashboard for 2026: registered, decided, no penalty, fines as counted here
    const from = '2026-01-01';
    const to = '2026-12-31';
    const dash = await c.get(`/api/v1/stats/dashboard?from=${from}&to=${to}`);
    assert.equal(dash.status, 200, dash.text);
    const inP = (col) => `${col} >= '${from}' AND ${col} <= '${to}'`;
    const registered = one(`SELECT COUNT(*) FROM cases WHERE ${inP('filed_on')}`)
      + one(`SELECT COUNT(*) FROM cases WHERE filed_on = '' AND ${inP('decided_on')}`);
    assert.equal(dash.body.cases.registered, registered);
    assert.equal(dash.body.cases.decided, one(`SELECT COUNT(*) FROM cases WHERE ${inP('decided_on')} AND no_penalty_reason = ''`));
    assert.equal(dash.body.cases.no_penalty, one(`SELECT COUNT(*) FROM cases WHERE ${inP('decided_on')} AND no_penalty_reason <> ''`));
    assert.equal(dash.body.fines.decided_fen, one(`SELECT SUM(decided_amount_fen) FROM cases WHERE ${inP('decided_on')}`));
    // the performance review reads the reviews: 200
    const perf = await c.get(`/api/v1/stats/performance?from=${from}&to=${to}`);
    assert.equal(perf.status, 200, perf.text);
    // a generated document verifies on the public page
    const [code, number] = q("SELECT verify_code, number FROM documents WHERE subject_kind = 'case' ORDER BY id DESC LIMIT 1")[0];
    const v = await client(srv.url).get(`/api/v1/public/documents/verify?code=${code}`);
    assert.equal(v.status, 200, v.text);
    assert.equal(v.body.result, 'issued');
    assert.equal(v.body.document.number, number);
  });
});
