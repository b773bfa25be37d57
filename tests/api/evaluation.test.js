// Case-file evaluation (案卷评查, R30, issue 11): the evaluation standard's
// versions; rounds over the cases decided in a period, complete or sampled
// with the project's verifiable sampler (recomputed here from the recorded
// pool and seed); 回避; scoring refusals (score above the item's maximum,
// deduction without a problem, vetoes); frozen after submit and reopened by
// the round's owner with a reason; feedback to the case's officers answered
// once; results per officer and unit checked against values computed here
// from the scores this test entered; permission and unit-scope refusals.
//
//   ZHIFA_BIN=$PWD/build/zhifa node --test tests/api/evaluation.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { startServer, client, backend, psql } = require('../lib/server');

const HAN = /[\u4e00-\u9fff]/;
const USERS = ['admin', 'liuyang', 'chenjie', 'zhangwei', 'liqiang', 'zhaomin', 'sunli', 'wugang', 'xuming'];
let srv;
const c = {};
const id = {}; // user ids
const unit = {}; // unit ids by code
let std; // the shipped standard (version 1)
let officerChenjie;
let recusalCase;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const FROM = '2000-01-01';

function sql(q) {
  const out = backend === 'postgresql'
    ? psql(srv.db, q)
    : execFileSync('sqlite3', ['-separator', '|', srv.db.replace(/^sqlite:/, ''), q], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.trim() ? out.trim().split('\n').map((l) => l.split('|')) : [];
}
function refused(r, status, code) {
  assert.equal(r.status, status, r.text);
  if (code) assert.equal(r.body.error.code, code, r.text);
  assert.match(r.body.error.message, HAN);
}
const items = () => std.body.groups.flatMap((g) => g.items);
// A full score sheet with the given deductions {code: points}; each
// deduction carries a problem text, as the rule asks.
function sheet(deduct = {}, vetoes = []) {
  return {
    items: items().map((it) => ({
      code: it.code,
      score: it.max - (deduct[it.code] || 0),
      problem: deduct[it.code] ? `${it.name}存在问题（扣${deduct[it.code]}分）` : '',
    })),
    vetoes: vetoes.map((code) => ({ code, problem: `${code}：承办人未取得执法证件` })),
  };
}
const total = (deduct) => 100 - Object.values(deduct).reduce((s, v) => s + v, 0);

// Rivest's SHA-256 sampler (docs/draw.md), written again here from its
// description: x = SHA-256(seed "," i) as a big-endian integer, pick = x mod n + 1.
function rivest(seed, n, k) {
  const out = [];
  const taken = new Set();
  for (let i = 1; out.length < k; i++) {
    const x = BigInt(`0x${crypto.createHash('sha256').update(`${seed},${i}`).digest('hex')}`);
    const pick = Number(x % BigInt(n)) + 1;
    if (taken.has(pick)) continue;
    taken.add(pick);
    out.push({ index: pick - 1, i });
  }
  return out;
}

before(async () => {
  srv = await startServer();
  for (const who of USERS) {
    c[who] = client(srv.url);
    const r = await c[who].login(who);
    assert.equal(r.status, 200, `${who}: ${r.text}`);
    id[who] = (await c[who].get('/api/v1/me')).body.user.id;
  }
  for (const u of (await c.wugang.get('/api/v1/units')).body.items) unit[u.code] = u.id;
  // chenjie (section head, an evaluator) also handled one decided case: 回避
  officerChenjie = Number(sql(`SELECT id FROM officers WHERE user_id = ${id.chenjie}`)[0][0]);
  recusalCase = Number(sql("SELECT min(id) FROM cases WHERE decided_on <> '' AND state <> 'withdrawn'")[0][0]);
  sql(`INSERT INTO case_officers (case_id, officer_id, user_id, role) VALUES (${recusalCase}, ${officerChenjie}, ${id.chenjie}, 'assist')`);
});
after(async () => { if (srv) await srv.stop(); });

test('EV-01 the shipped standard: 100 points in groups, sources, vetoes; admin adds versions, old ones kept', async () => {
  const l = await c.zhaomin.get('/api/v1/evaluations/standards');
  assert.equal(l.status, 200, l.text);
  const v1 = l.body.items.find((s) => s.version === 1);
  assert.ok(v1, l.text);
  const g = await c.zhaomin.get(`/api/v1/evaluations/standards/${v1.id}`);
  assert.equal(g.status, 200, g.text);
  std = g.body;
  assert.deepEqual(std.body.groups.map((x) => x.name), ['执法主体', '事实证据', '程序', '法律适用与裁量', '文书规范', '归档']);
  assert.equal(items().reduce((s, it) => s + it.max, 0), 100);
  for (const it of items()) assert.match(it.source, /行政处罚法|安全生产法|本系统默认/, it.code);
  assert.ok(std.body.vetoes.some((v) => v.name === '无执法资格人员办案'));
  assert.ok(std.body.vetoes.some((v) => /超越职权/.test(v.name)));
  assert.deepEqual(std.body.grades, { excellent: 90, pass: 70, source: '本系统默认' });

  const body = JSON.parse(JSON.stringify(std.body));
  body.name = '行政处罚案卷评查标准（2027 试行）';
  body.grades.excellent = 85;
  refused(await c.zhaomin.post('/api/v1/evaluations/standards', { body }), 403, 'perm.denied');
  refused(await c.wugang.post('/api/v1/evaluations/standards', { body }), 403, 'perm.denied');
  const bad = JSON.parse(JSON.stringify(body));
  bad.groups[0].items[0].max = 4; // 99 points
  const b = await c.admin.post('/api/v1/evaluations/standards', { body: bad });
  refused(b, 400, 'evaluation.bad_standard');
  assert.match(b.body.error.message, /99/);
  const nosrc = JSON.parse(JSON.stringify(body));
  delete nosrc.vetoes[0].source;
  refused(await c.admin.post('/api/v1/evaluations/standards', { body: nosrc }), 400, 'evaluation.bad_standard');
  refused(await c.admin.post('/api/v1/evaluations/standards', { body, extra: 1 }), 400, 'input.unknown_field');
  const r = await c.admin.post('/api/v1/evaluations/standards', { body });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.version, 2);
  const l2 = await c.zhaomin.get('/api/v1/evaluations/standards');
  assert.deepEqual(l2.body.items.map((s) => s.version), [2, 1]);
  const again = await c.zhaomin.get(`/api/v1/evaluations/standards/${v1.id}`);
  assert.equal(again.body.body.grades.excellent, 90, 'version 1 is kept as it was');
  const h = await c.admin.get(`/api/v1/objects/evaluation_standard/${r.body.id}/history`);
  assert.equal(h.status, 200, h.text);
  assert.equal(h.body.items[0].action, 'evaluation.standard.create');
});

const roundBody = (over = {}) => ({
  name: '2026年度行政处罚案卷评查', unit_id: unit['341504'], period_from: FROM, period_to: today,
  mode: 'complete', standard_id: std.id, evaluator_ids: [id.zhaomin, id.chenjie], ...over,
});

test('EV-02 creating a round: roles, scope, input and the evaluators are checked', async () => {
  // who may be named: legal reviewers and section heads of the scope, the city supervisor above it
  const el = await c.zhaomin.get('/api/v1/evaluations/evaluators');
  assert.equal(el.status, 200, el.text);
  assert.deepEqual(el.body.items.map((u) => u.name).sort(), ['吴刚', '赵敏', '陈杰'].sort());
  refused(await c.zhangwei.get('/api/v1/evaluations/evaluators'), 403, 'perm.denied');
  refused(await c.zhangwei.post('/api/v1/evaluations/rounds', roundBody()), 403, 'perm.denied');
  refused(await c.sunli.post('/api/v1/evaluations/rounds', roundBody()), 403, 'perm.denied');
  refused(await c.admin.post('/api/v1/evaluations/rounds', roundBody()), 403, 'perm.denied');
  refused(await c.chenjie.post('/api/v1/evaluations/rounds', roundBody({ unit_id: unit['341500'] })), 403, 'perm.out_of_scope');
  refused(await c.chenjie.post('/api/v1/evaluations/rounds', roundBody({ mode: 'random' })), 400, 'input.invalid');
  refused(await c.chenjie.post('/api/v1/evaluations/rounds', roundBody({ mode: 'sampled' })), 400, 'input.invalid');
  refused(await c.chenjie.post('/api/v1/evaluations/rounds', roundBody({ mode: 'sampled', sample_percent: 120 })), 400, 'input.invalid');
  refused(await c.chenjie.post('/api/v1/evaluations/rounds', roundBody({ period_to: '2025-02-30' })), 400, 'input.invalid');
  refused(await c.chenjie.post('/api/v1/evaluations/rounds', roundBody({ color: 'red' })), 400, 'input.unknown_field');
  refused(await c.chenjie.post('/api/v1/evaluations/rounds', roundBody({ evaluator_ids: [] })), 400, 'input.invalid');
  const bad = await c.chenjie.post('/api/v1/evaluations/rounds', roundBody({ evaluator_ids: [id.zhangwei] }));
  refused(bad, 422, 'evaluation.bad_evaluator');
  assert.match(bad.body.error.message, /张伟/);
  refused(await c.chenjie.post('/api/v1/evaluations/rounds', roundBody({ period_from: '2000-01-01', period_to: '2000-12-31' })), 422, 'evaluation.no_cases');
});

const rounds = {};
let pool; // ids of the decided cases of the district in the period

test('EV-03 a sampled round is reproducible from its recorded pool and seed', async () => {
  pool = sql(`SELECT c.id FROM cases c WHERE c.decided_on <> '' AND c.decided_on >= '${FROM}' AND c.decided_on <= '${today}' AND c.state <> 'withdrawn' ORDER BY c.id`).map((r) => Number(r[0]));
  assert.ok(pool.length >= 4, `demo has decided cases: ${pool}`);
  const r = await c.chenjie.post('/api/v1/evaluations/rounds', roundBody({ name: '抽查', mode: 'sampled', sample_count: 3 }));
  assert.equal(r.status, 201, r.text);
  rounds.sampled = r.body;
  assert.equal(r.body.mode, 'sampled');
  assert.equal(r.body.pool_size, pool.length);
  const g = await c.chenjie.get(`/api/v1/evaluations/rounds/${r.body.id}`);
  assert.equal(g.status, 200, g.text);
  // the frozen pool is the period's decided cases, and its hash is SHA-256 of the lines
  const recorded = g.body.pool.split(' ').map(Number);
  assert.deepEqual(recorded, pool);
  const hash = crypto.createHash('sha256').update(pool.map((x) => `${x}\n`).join('')).digest('hex');
  assert.equal(g.body.pool_hash, hash);
  assert.match(g.body.seed, new RegExp(`^[0-9a-f]{64},${hash}$`));
  // redo the draw
  const picks = rivest(g.body.seed, pool.length, 3);
  assert.deepEqual(g.body.cases.map((x) => x.case_id), picks.map((p) => pool[p.index]));
  assert.deepEqual(g.body.cases.map((x) => x.sampler_i), picks.map((p) => p.i));
  assert.deepEqual(g.body.cases.map((x) => x.position), [1, 2, 3]);
  assert.deepEqual(g.body.evaluators.map((e) => e.name).sort(), ['赵敏', '陈杰'].sort());
  // a percentage rounds up: 50 % of the pool
  const p = await c.zhaomin.post('/api/v1/evaluations/rounds', roundBody({ name: '按比例抽查', mode: 'sampled', sample_percent: 50 }));
  assert.equal(p.status, 201, p.text);
  assert.equal(p.body.cases.length, Math.ceil(pool.length / 2));
  const pr = rivest(p.body.seed, pool.length, Math.ceil(pool.length / 2));
  assert.deepEqual(p.body.cases, pr.map((x) => pool[x.index]));
  const h = await c.chenjie.get(`/api/v1/objects/evaluation_round/${r.body.id}/history`);
  assert.equal(h.body.items[0].action, 'evaluation.round.create');
  assert.equal(h.body.items[0].after.seed, g.body.seed);
});

test('EV-04 a complete round takes every decided case; 回避 and role refusals when scoring', async () => {
  const r = await c.zhaomin.post('/api/v1/evaluations/rounds', roundBody({ name: '全面评查', evaluator_ids: [id.zhaomin, id.chenjie, id.wugang] }));
  assert.equal(r.status, 201, r.text);
  rounds.complete = r.body;
  assert.deepEqual([...r.body.cases].sort((a, b) => a - b), pool);
  const base = `/api/v1/evaluations/rounds/${r.body.id}/cases`;
  // the sheet says 回避 to chenjie, and the server refuses his scores
  const s = await c.chenjie.get(`${base}/${recusalCase}`);
  assert.equal(s.status, 200, s.text);
  assert.equal(s.body.recusal, true);
  assert.equal(s.body.standard.version, 1);
  const rec = await c.chenjie.post(`${base}/${recusalCase}/scores`, { version: s.body.version, ...sheet() });
  refused(rec, 403, 'evaluation.recusal');
  assert.match(rec.body.error.message, /回避/);
  const other = pool.find((x) => x !== recusalCase);
  assert.equal((await c.chenjie.get(`${base}/${other}`)).body.recusal, false);
  refused(await c.zhangwei.post(`${base}/${other}/scores`, { version: 1, ...sheet() }), 403, 'perm.denied');
  refused(await c.liuyang.post(`${base}/${other}/scores`, { version: 1, ...sheet() }), 403, 'perm.denied');
  // wugang is no evaluator of the sampled round
  const sc = rounds.sampled.cases[0];
  refused(await c.wugang.post(`/api/v1/evaluations/rounds/${rounds.sampled.id}/cases/${sc}/scores`, { version: 1, ...sheet() }), 403, 'evaluation.not_evaluator');
  refused(await c.zhaomin.post(`${base}/999999/scores`, { version: 1, ...sheet() }), 404, 'evaluation.case_not_found');
});

test('EV-05 a score above the maximum, a deduction without a problem, a veto without one: refused, naming the item', async () => {
  const base = `/api/v1/evaluations/rounds/${rounds.complete.id}/cases/${pool[1]}`;
  const v = (await c.zhaomin.get(base)).body.version;
  const over = sheet();
  over.items.find((x) => x.code === 'PRO-2').score = 9;
  const o = await c.zhaomin.post(`${base}/scores`, { version: v, ...over });
  refused(o, 422, 'evaluation.score_out_of_range');
  assert.match(o.body.error.message, /PRO-2 告知与陈述申辩/);
  assert.match(o.body.error.message, /0–8/);
  const neg = sheet();
  neg.items[0].score = -1;
  refused(await c.zhaomin.post(`${base}/scores`, { version: v, ...neg }), 422, 'evaluation.score_out_of_range');
  const np = sheet();
  np.items.find((x) => x.code === 'EVI-1').score = 8;
  const n = await c.zhaomin.post(`${base}/scores`, { version: v, ...np });
  refused(n, 422, 'evaluation.problem_required');
  assert.match(n.body.error.message, /EVI-1 违法事实清楚/);
  const miss = sheet();
  miss.items.pop();
  const m = await c.zhaomin.post(`${base}/scores`, { version: v, ...miss });
  refused(m, 400, 'evaluation.item_missing');
  assert.match(m.body.error.message, /ARC-1/);
  const unk = sheet();
  unk.items.push({ code: 'XYZ-9', score: 1, problem: '' });
  refused(await c.zhaomin.post(`${base}/scores`, { version: v, ...unk }), 400, 'evaluation.unknown_item');
  const vet = sheet();
  vet.vetoes = [{ code: 'VETO-QUAL', problem: '' }];
  const vv = await c.zhaomin.post(`${base}/scores`, { version: v, ...vet });
  refused(vv, 422, 'evaluation.problem_required');
  assert.match(vv.body.error.message, /无执法资格人员办案/);
  refused(await c.zhaomin.post(`${base}/scores`, { version: v + 7, ...sheet() }), 409, 'conflict.version');
  refused(await c.zhaomin.post(`${base}/scores`, { ...sheet() }), 400, 'input.invalid');
  // nothing was written
  const after = (await c.zhaomin.get(base)).body;
  assert.equal(after.status, 'pending');
  assert.equal(after.version, v);
});

// the deductions this test enters, case by case (pool order)
const PLAN = [
  { deduct: { 'PRO-2': 3, 'DOC-2': 1 } },
  { deduct: { 'EVI-1': 5, 'LAW-3': 2, 'ARC-1': 1 } },
  { deduct: { 'EVI-2': 10, 'PRO-5': 7, 'LAW-1': 8 } },
  { deduct: { 'EVI-1': 10, 'EVI-2': 10, 'PRO-4': 5, 'LAW-1': 8, 'ARC-1': 5, 'DOC-1': 2 } },
  { deduct: {}, vetoes: ['VETO-QUAL'] },
];
const GRADE = (t, vetoed) => (vetoed ? 'fail' : t >= 90 ? 'excellent' : t >= 70 ? 'pass' : 'fail');
const entered = {}; // case id -> total entered and submitted

test('EV-06 scoring: a draft, then submit; totals and grades; a veto makes 不合格 whatever the score', async () => {
  const base = `/api/v1/evaluations/rounds/${rounds.complete.id}/cases`;
  for (let k = 0; k < pool.length; k++) {
    const cid = pool[k];
    const plan = PLAN[k % PLAN.length];
    // chenjie handled recusalCase: zhaomin scores every case
    const s = (await c.zhaomin.get(`${base}/${cid}`)).body;
    const draft = await c.zhaomin.post(`${base}/${cid}/scores`, { version: s.version, ...sheet(plan.deduct, plan.vetoes || []), submit: false });
    assert.equal(draft.status, 200, draft.text);
    assert.equal(draft.body.status, 'draft');
    assert.equal(draft.body.feedback_sent, 0, 'a draft sends nothing');
    const t = total(plan.deduct);
    const sub = await c.zhaomin.post(`${base}/${cid}/scores`, { version: draft.body.version, ...sheet(plan.deduct, plan.vetoes || []), submit: true });
    assert.equal(sub.status, 200, sub.text);
    assert.equal(sub.body.status, 'submitted');
    assert.equal(sub.body.total, t);
    assert.equal(sub.body.grade, GRADE(t, plan.vetoes));
    assert.equal(sub.body.evaluator.name, '赵敏');
    assert.ok(sub.body.submitted_at);
    entered[cid] = t;
    if (plan.vetoes) {
      assert.equal(t, 100);
      assert.equal(sub.body.grade, 'fail');
      assert.equal(sub.body.grade_name, '不合格');
      assert.equal(sub.body.vetoed, true);
    }
  }
  const r = await c.zhaomin.get(`/api/v1/evaluations/rounds/${rounds.complete.id}`);
  assert.equal(r.body.status, 'finished');
  assert.equal(r.body.cases_submitted, pool.length);
});

test('EV-07 a submitted evaluation is frozen; only the round owner reopens it, with a reason on the log', async () => {
  const base = `/api/v1/evaluations/rounds/${rounds.complete.id}/cases/${pool[0]}`;
  const s = (await c.zhaomin.get(base)).body;
  refused(await c.zhaomin.post(`${base}/scores`, { version: s.version, ...sheet() , submit: true }), 409, 'evaluation.frozen');
  refused(await c.chenjie.post(`${base}/reopen`, { version: s.version, reason: '评分有误，需更正' }), 403, 'evaluation.not_owner');
  refused(await c.zhangwei.post(`${base}/reopen`, { version: s.version, reason: '评分有误，需更正' }), 403, 'perm.denied');
  refused(await c.zhaomin.post(`${base}/reopen`, { version: s.version }), 400, 'input.invalid');
  refused(await c.zhaomin.post(`${base}/reopen`, { version: s.version - 1, reason: '评分有误，需更正' }), 409, 'conflict.version');
  const before = (await c.zhangwei.get('/api/v1/evaluations/feedback')).body.items.filter((f) => f.round.id === rounds.complete.id && f.case.id === pool[0]);
  assert.equal(before.length, Object.keys(PLAN[0].deduct).length);
  const r = await c.zhaomin.post(`${base}/reopen`, { version: s.version, reason: '评分有误，需更正' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'draft');
  refused(await c.zhaomin.post(`${base}/reopen`, { version: r.body.version, reason: '再次打开' }), 422, 'evaluation.not_submitted');
  // the problems sent are withdrawn with it
  const gone = (await c.zhangwei.get('/api/v1/evaluations/feedback')).body.items.filter((f) => f.round.id === rounds.complete.id && f.case.id === pool[0]);
  assert.equal(gone.length, 0);
  const h = await c.zhaomin.get(`/api/v1/objects/evaluation_case/${s.id}/history`);
  const ev = h.body.items.find((x) => x.action === 'evaluation.reopen');
  assert.ok(ev, h.text);
  assert.equal(ev.after.reason, '评分有误，需更正');
  assert.deepEqual(h.body.items.map((x) => x.action), ['evaluation.score', 'evaluation.submit', 'evaluation.reopen']);
  // corrected and submitted again: one deduction only
  const fix = { 'PRO-2': 2 };
  const again = await c.zhaomin.post(`${base}/scores`, { version: r.body.version, ...sheet(fix), submit: true });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.total, 98);
  entered[pool[0]] = 98;
});

test('EV-08 the problems go to the case officers only; each answers once', async () => {
  const rid = rounds.complete.id;
  const mine = (who) => c[who].get('/api/v1/evaluations/feedback').then((r) => {
    assert.equal(r.status, 200, r.text);
    return r.body.items.filter((f) => f.round.id === rid);
  });
  const zw = await mine('zhangwei');
  const lq = await mine('liqiang');
  // every deduction and veto of every case, to each of its two officers
  const expected = PLAN.slice(0, pool.length).map((p, k) => (k === 0 ? 1 : Object.keys(p.deduct).length + (p.vetoes || []).length)).reduce((a, b) => a + b, 0);
  assert.equal(zw.length, expected);
  assert.equal(lq.length, expected);
  assert.ok(zw.every((f) => f.officer.name === '张伟' && f.status === 'open'));
  const veto = zw.find((f) => f.item_code === 'VETO-QUAL');
  assert.ok(veto && /否决项/.test(veto.item_name), JSON.stringify(zw));
  // chenjie handled one case: he sees its problems only
  const cj = await mine('chenjie');
  assert.ok(cj.every((f) => f.case.id === recusalCase));
  assert.equal((await mine('sunli')).length, 0);
  assert.equal((await mine('wugang')).length, 0);
  const f = zw.find((x) => x.item_code === 'EVI-1');
  refused(await c.liqiang.post(`/api/v1/evaluations/feedback/${f.id}/answer`, { answer: '已整改' }), 404, 'evaluation.feedback_not_found');
  refused(await c.zhangwei.post(`/api/v1/evaluations/feedback/${f.id}/answer`, { answer: '' }), 400, 'input.invalid');
  refused(await c.xuming.post(`/api/v1/evaluations/feedback/${f.id}/answer`, { answer: '已整改' }), 403, 'perm.denied');
  const a = await c.zhangwei.post(`/api/v1/evaluations/feedback/${f.id}/answer`, { answer: '已补充现场勘验笔录，今后严格按程序取证。' });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.body.status, 'answered');
  assert.ok(a.body.answered_at);
  refused(await c.zhangwei.post(`/api/v1/evaluations/feedback/${f.id}/answer`, { answer: '再答一次' }), 409, 'evaluation.already_answered');
  // the round shows which are still unanswered
  const r = (await c.zhaomin.get(`/api/v1/evaluations/rounds/${rid}`)).body;
  const open = sql(`SELECT count(*) FROM evaluation_feedback WHERE round_id = ${rid} AND status = 'open'`)[0][0];
  assert.equal(r.feedback_open, Number(open));
  assert.equal(r.feedback_unanswered.length, Number(open));
  assert.ok(!r.feedback_unanswered.some((x) => x.id === f.id));
  assert.ok(r.feedback_unanswered.some((x) => x.officer.name === '李强'));
});

test('EV-09 results per case, officer and unit match what this test entered', async () => {
  const r = await c.wugang.get(`/api/v1/evaluations/rounds/${rounds.complete.id}/results`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.cases.length, pool.length);
  for (const x of r.body.cases) assert.equal(x.total, entered[x.case_id], `case ${x.case_id}`);
  const tenths = (sum, n) => Math.floor((sum * 20 + n) / (2 * n));
  // officers: every officer of a case counts it (from case_officers)
  const officersOf = {};
  for (const [cid, oid] of sql('SELECT case_id, officer_id FROM case_officers')) {
    (officersOf[Number(oid)] ||= []).push(Number(cid));
  }
  for (const o of r.body.officers) {
    const cases = officersOf[o.officer_id].filter((x) => x in entered);
    const sum = cases.reduce((s, x) => s + entered[x], 0);
    assert.equal(o.cases, cases.length, o.name);
    assert.equal(o.sum, sum, o.name);
    assert.equal(o.average_tenths, tenths(sum, cases.length), o.name);
    assert.equal(o.average, (tenths(sum, cases.length) / 10).toFixed(1), o.name);
  }
  const cj = r.body.officers.find((o) => o.officer_id === officerChenjie);
  assert.equal(cj.cases, 1);
  assert.equal(cj.sum, entered[recusalCase]);
  const zw = r.body.officers.find((o) => o.name === '张伟');
  assert.equal(zw.cases, pool.length);
  assert.equal(zw.fails, pool.filter((x, k) => GRADE(entered[x], PLAN[k % PLAN.length].vetoes) === 'fail').length);
  // units: the case's unit
  const unitOf = Object.fromEntries(sql('SELECT id, unit_id FROM cases').map(([a, b]) => [Number(a), Number(b)]));
  for (const u of r.body.units) {
    const cases = pool.filter((x) => unitOf[x] === u.unit_id);
    const sum = cases.reduce((s, x) => s + entered[x], 0);
    assert.equal(u.cases, cases.length, u.name);
    assert.equal(u.average_tenths, tenths(sum, cases.length), u.name);
  }
  assert.equal(r.body.units.reduce((s, u) => s + u.cases, 0), pool.length);
  assert.equal(r.body.grades.excellent + r.body.grades.pass + r.body.grades.fail, pool.length);
});

test('EV-10 reading is by role and unit scope; rounds page by keyset', async () => {
  const rid = rounds.complete.id;
  refused(await c.zhangwei.get(`/api/v1/evaluations/rounds/${rid}`), 403, 'perm.denied');
  refused(await c.sunli.get(`/api/v1/evaluations/rounds/${rid}/results`), 403, 'perm.denied');
  refused(await c.xuming.get('/api/v1/evaluations/rounds'), 403, 'perm.denied');
  // a round of the city detachment (all its districts) is outside the bureau's scope
  const city = await c.wugang.post('/api/v1/evaluations/rounds', roundBody({ name: '市级交叉评查', unit_id: unit['341500'], evaluator_ids: [id.wugang] }));
  assert.equal(city.status, 201, city.text);
  refused(await c.chenjie.get(`/api/v1/evaluations/rounds/${city.body.id}`), 403, 'perm.out_of_scope');
  refused(await c.zhaomin.get(`/api/v1/evaluations/rounds/${city.body.id}/results`), 403, 'perm.out_of_scope');
  const lc = await c.chenjie.get('/api/v1/evaluations/rounds');
  assert.ok(!lc.body.items.some((x) => x.id === city.body.id));
  assert.ok(lc.body.items.some((x) => x.id === rid));
  const lw = await c.wugang.get('/api/v1/evaluations/rounds');
  assert.ok(lw.body.items.some((x) => x.id === city.body.id));
  // keyset paging
  const p1 = await c.wugang.get('/api/v1/evaluations/rounds?limit=2');
  assert.equal(p1.body.items.length, 2);
  const p2 = await c.wugang.get(`/api/v1/evaluations/rounds?limit=2&before=${p1.body.next_before}`);
  assert.ok(p2.body.items.every((x) => x.id < p1.body.items[1].id));
  refused(await c.wugang.get('/api/v1/evaluations/rounds?limit=0'), 400, 'input.invalid');
  refused(await c.wugang.get('/api/v1/evaluations/rounds/abc'), 400, 'input.invalid');
  refused(await c.wugang.get('/api/v1/evaluations/rounds/999999'), 404, 'evaluation.round_not_found');
});

test('EV-11 a round takes the newest standard unless told; its grade lines are that version\'s', async () => {
  // version 2 (EV-01) moved 优秀 to 85: 86 points is 优秀 there, 合格 under version 1
  const r = await c.zhaomin.post('/api/v1/evaluations/rounds', roundBody({ name: '新标准评查', standard_id: undefined, evaluator_ids: [id.zhaomin] }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.standard.version, 2);
  const cid = pool.find((x) => x !== recusalCase);
  const base = `/api/v1/evaluations/rounds/${r.body.id}/cases/${cid}`;
  const s = (await c.zhaomin.get(base)).body;
  assert.equal(s.standard.version, 2);
  assert.equal(s.standard.body.grades.excellent, 85);
  const deduct = { 'EVI-1': 6, 'PRO-5': 4, 'LAW-1': 4 };
  const v2 = await c.zhaomin.post(`${base}/scores`, { version: s.version, ...sheet(deduct), submit: true });
  assert.equal(v2.status, 200, v2.text);
  assert.equal(v2.body.total, 86);
  assert.equal(v2.body.grade, 'excellent');
  // the same marks in a version-1 round: 合格
  const r1 = await c.zhaomin.post('/api/v1/evaluations/rounds', roundBody({ name: '旧标准评查', evaluator_ids: [id.zhaomin] }));
  const b1 = `/api/v1/evaluations/rounds/${r1.body.id}/cases/${cid}`;
  const s1 = (await c.zhaomin.get(b1)).body;
  const v1 = await c.zhaomin.post(`${b1}/scores`, { version: s1.version, ...sheet(deduct) });
  assert.equal(v1.body.total, 86);
  assert.equal(v1.body.grade, 'pass');
  assert.equal(v1.body.status, 'draft');
});
