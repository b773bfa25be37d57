// The public decisions search by a fragment of the party's name (issue 12,
// migration 038): SQLite looks a fragment of three characters or more up in
// an FTS5 trigram index, PostgreSQL in a pg_trgm GIN index; the answer must
// be the one the old LIKE '%…%' scan gave. Published rows with chosen names
// (rare and astral characters, LIKE and FTS5 syntax, ASCII and non-ASCII
// case, a masked person) are cloned from a demo decision with SQL, every
// fragment of them is searched through the API, and the ids are compared
// with an oracle computed here in JavaScript — and on SQLite also with the
// old statement run by sqlite3 on the file. Then the triggers: a renamed and
// a deleted row are found by their new name only, and not at all.
//
//   ZHIFA_BIN=… node --test tests/api/public_search.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { startServer, client, psql, backend } = require('../lib/server');

let srv;
let anon;
const PG = backend === 'postgresql';

function sql(q) {
  if (PG) return psql(srv.db, q).trim();
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', path.join(srv.dir, 'zhifa.db'), q], { encoding: 'utf8' }).trim();
}
const lit = (s) => `'${s.replace(/'/g, "''")}'`;

// Names as a person or a company would have them on the portal; the masked
// person is stored as published (行政处罚法 第50条: 王某某, never 王小明).
const NAMES = [
  '叶集区某某化工有限公司', 'ABC安全科技有限公司', 'abc安全科技有限公司', 'Äbc精细化工厂', 'äbc精细化工厂',
  '𠀀𠀁𠀂实业有限公司', '䶮鑫矿业', '百分之100%_有限公司', '引号"双引号"公司', 'a*b(c) AND d NEAR e',
  '王某某', '张某', '鑫', '  空格  商行  ', "O'Brien 贸易",
];
const PENDING = '待公开化工有限公司'; // not published: never found

// The old query's meaning: party_name LIKE '%q%' — SQLite folds ASCII case
// only, PostgreSQL folds none.
function like(name, q) {
  if (PG) return name.includes(q);
  const fold = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return fold(name).includes(fold(q));
}

let rows; // [{id, name}] of every published row
function published() {
  const out = sql("SELECT id || '|' || party_name FROM publications WHERE status = 'published' ORDER BY id");
  return out ? out.split('\n').map((l) => { const i = l.indexOf('|'); return { id: Number(l.slice(0, i)), name: l.slice(i + 1) }; }) : [];
}
function expected(q, limit = 50, beforeId = 0) {
  return rows.filter((r) => like(r.name, q) && (!beforeId || r.id < beforeId)).map((r) => r.id).sort((a, b) => b - a).slice(0, limit);
}
async function search(q, extra = '') {
  const r = await anon.get(`/api/v1/public/decisions?q=${encodeURIComponent(q)}${extra}`);
  assert.equal(r.status, 200, `${q}: ${r.text}`);
  return r.body;
}
// The statement before migration 038, run on the SQLite file itself.
function oldSqlite(q) {
  const pat = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const out = sql(`SELECT p.id FROM publications p JOIN units u ON u.id = p.unit_id WHERE p.status = 'published' AND p.party_name LIKE ${lit(pat)} ESCAPE '\\' ORDER BY p.id DESC LIMIT 50`);
  return out ? out.split('\n').map(Number) : [];
}

function clone(model, name, status = 'published') {
  sql(`INSERT INTO case_decisions (case_id, number, decided_on, body, created_at)
       SELECT case_id, number, decided_on, body, created_at FROM case_decisions
       WHERE id = (SELECT decision_id FROM publications WHERE id = ${model});
     INSERT INTO publications (case_id, decision_id, unit_id, number, decided_on, due_on, status, party_name,
                               credit_code, amount_fen, doc, published_at, created_at, updated_at)
       SELECT case_id, (SELECT max(id) FROM case_decisions), unit_id, number, decided_on, due_on, ${lit(status)},
              ${lit(name)}, '', amount_fen, doc, published_at, created_at, updated_at
       FROM publications WHERE id = ${model};`);
}

before(async () => {
  srv = await startServer();
  anon = client(srv.url);
  const demo = (await anon.get('/api/v1/public/decisions')).body.items;
  assert.ok(demo.length > 0, 'the demo has no published decision to copy');
  const model = demo[0].id;
  for (const name of NAMES) clone(model, name);
  clone(model, PENDING, 'pending');
  // enough of one name for two pages of a common fragment
  for (let i = 0; i < 60; i++) clone(model, `叶集区第${i}号化工有限公司`);
  rows = published();
});
after(async () => { await srv.stop(); });

// Every fragment of every name: 1, 2, 3, 4 characters and whole (by code
// point, so astral characters are never cut), plus misses and syntax.
function fragments() {
  const qs = new Set(['无此企业名称', '化工有限公司', 'abc', 'ABC', 'äbc', 'ÄBC', '%_', '100%', '"双', '双引号"',
    'AND d', '*b(', 'NEAR', "O'B", '待公开化工', '王小明', '王某某', '王某', '张某', '𠀁𠀂', '𠀀𠀁𠀂实', '空格  商', 'zz']);
  for (const n of NAMES) {
    const cp = [...n];
    qs.add(n);
    for (const len of [1, 2, 3, 4])
      for (let i = 0; i + len <= cp.length; i += 2) qs.add(cp.slice(i, i + len).join(''));
  }
  return [...qs].filter((q) => q.trim() !== '');
}

test('every fragment finds what the old LIKE found, on this backend', async (t) => {
  let n = 0; let hits = 0;
  for (const q of fragments()) {
    const want = expected(q);
    const got = (await search(q)).items.map((x) => x.id);
    assert.deepEqual(got, want, `q=${JSON.stringify(q)}`);
    if (!PG) assert.deepEqual(got, oldSqlite(q), `q=${JSON.stringify(q)}: not the old statement's answer`);
    n++; hits += got.length;
  }
  t.diagnostic(`${n} fragments searched on ${backend}, ${hits} rows found`);
});

test('case: ASCII folds on SQLite only, other letters never; a masked person is found only masked', async () => {
  const names = async (q) => (await search(q)).items.map((x) => x.party_name).sort();
  assert.deepEqual(await names('abc安全'), PG ? ['abc安全科技有限公司'] : ['ABC安全科技有限公司', 'abc安全科技有限公司']);
  assert.deepEqual(await names('äbc精细'), ['äbc精细化工厂'], 'FTS5 folds Ä to ä; the LIKE after it must not');
  assert.deepEqual(await names('王小明'), []);
  assert.deepEqual(await names('王某某'), ['王某某']);
  assert.deepEqual(await names('王某'), ['王某某']); // two characters: the LIKE walk
  assert.deepEqual(await names('待公开化工'), [], 'a pending decision is not public');
});

test('a common fragment pages with before= as the old list did', async () => {
  const first = await search('化工有限公司', '&limit=20');
  assert.deepEqual(first.items.map((x) => x.id), expected('化工有限公司', 20));
  assert.equal(first.next_before, first.items[19].id);
  const second = await search('化工有限公司', `&limit=20&before=${first.next_before}`);
  assert.deepEqual(second.items.map((x) => x.id), expected('化工有限公司', 20, first.next_before));
});

test('the index follows renames and deletes (triggers on SQLite, the GIN index on PostgreSQL)', async () => {
  const r = rows.find((x) => x.name === '䶮鑫矿业');
  sql(`UPDATE publications SET party_name = '改名后的矿业公司' WHERE id = ${r.id}`);
  assert.deepEqual((await search('䶮鑫矿')).items.map((x) => x.id), []);
  assert.deepEqual((await search('改名后的矿业')).items.map((x) => x.id), [r.id]);
  const d = rows.find((x) => x.name === '𠀀𠀁𠀂实业有限公司');
  sql(`DELETE FROM publications WHERE id = ${d.id}`);
  assert.deepEqual((await search('𠀁𠀂实业')).items.map((x) => x.id), []);
  if (!PG) assert.equal(sql("INSERT INTO publications_name_fts (publications_name_fts) VALUES ('integrity-check'); SELECT 'ok'"), 'ok');
});
