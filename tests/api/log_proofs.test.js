// The full-process record (R22) checked from outside, the way a citizen or an
// auditor holding a published checkpoint would: every event, every tree size
// 1..300, inclusion and consistency proofs, and the signed checkpoint.
//
// Nothing here reuses the server's code. The Merkle tree is an independent
// implementation of RFC 9162 §2.1 on node:crypto: roots by the recursive
// definition MTH (§2.1.1), proofs by PATH and PROOF/SUBPROOF (§2.1.3.1,
// §2.1.4.1), and verifiers that rebuild the roots recursively from the proof
// (equivalent to §2.1.3.2 / §2.1.4.2, but not the bit-trick loops the C code
// uses, so one mistake cannot hide in both).
//
//   ZHIFA_BIN=/work/main/build/zhifa node --test tests/api/log_proofs.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const { startServer, client } = require('../lib/server');

const MAX_N = 300; // every tree size 1..MAX_N is checked
const BATCH = 20; // concurrent GETs per batch

// ---- RFC 9162 §2.1, independently -------------------------------------------

function sha256(...parts) {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}
const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);
const leafHash = (bytes) => sha256(LEAF, bytes);
const nodeHash = (left, right) => sha256(NODE, left, right);
const hex = (b) => b.toString('hex');

// k: the largest power of two smaller than n (n > 1).
function split(n) {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// MTH(D[lo:hi]) for hi > lo.
function mth(leaves, lo, hi) {
  if (hi - lo === 1) return leaves[lo];
  const k = split(hi - lo);
  return nodeHash(mth(leaves, lo, lo + k), mth(leaves, lo + k, hi));
}

// PATH(m, D[lo:hi]), §2.1.3.1: deeper part first, then the sibling.
function inclusionPath(leaves, m, lo, hi) {
  const n = hi - lo;
  if (n === 1) return [];
  const k = split(n);
  if (m < k) return [...inclusionPath(leaves, m, lo, lo + k), mth(leaves, lo + k, hi)];
  return [...inclusionPath(leaves, m - k, lo + k, hi), mth(leaves, lo, lo + k)];
}

// SUBPROOF(m, D[lo:hi], b), §2.1.4.1.
function subproof(leaves, m, lo, hi, b) {
  const n = hi - lo;
  if (m === n) return b ? [] : [mth(leaves, lo, hi)];
  const k = split(n);
  if (m <= k) return [...subproof(leaves, m, lo, lo + k, b), mth(leaves, lo + k, hi)];
  return [...subproof(leaves, m - k, lo + k, hi, false), mth(leaves, lo, lo + k)];
}

// Rebuild the root of a tree of `size` leaves from leaf `index` and its audit
// path, walking the tree shape from the top: the last path element is the
// top-level sibling. Returns null when the path has the wrong length.
function rootFromInclusion(index, size, leaf, path) {
  const rest = path.slice();
  function walk(i, n) {
    if (n === 1) return leaf;
    const sibling = rest.pop();
    if (!sibling) return null;
    const k = split(n);
    const below = i < k ? walk(i, k) : walk(i - k, n - k);
    if (!below) return null;
    return i < k ? nodeHash(below, sibling) : nodeHash(sibling, below);
  }
  if (!(index >= 0 && index < size)) return null;
  const root = walk(index, size);
  return root && rest.length === 0 ? root : null;
}

function verifyInclusion(index, size, leaf, path, root) {
  const got = rootFromInclusion(index, size, leaf, path);
  return got !== null && got.equals(root);
}

// Rebuild both roots (old tree of m leaves, new tree of n) from a consistency
// proof, following SUBPROOF's shape from the top. `b` as in the RFC: the
// subtree is the old tree itself, whose root the verifier already holds.
function rootsFromConsistency(m, n, firstRoot, path) {
  const rest = path.slice();
  function walk(mm, nn, b) {
    if (mm === nn) {
      if (b) return { first: firstRoot, second: firstRoot };
      const h = rest.pop();
      return h ? { first: h, second: h } : null;
    }
    const sibling = rest.pop();
    if (!sibling) return null;
    const k = split(nn);
    if (mm <= k) {
      // The old tree lies inside the left subtree; the right one is all new.
      const r = walk(mm, k, b);
      return r && { first: r.first, second: nodeHash(r.second, sibling) };
    }
    // The left subtree is complete in both trees.
    const r = walk(mm - k, nn - k, false);
    return r && { first: nodeHash(sibling, r.first), second: nodeHash(sibling, r.second) };
  }
  if (!(m >= 1 && m <= n)) return null;
  const roots = walk(m, n, true);
  return roots && rest.length === 0 ? roots : null;
}

function verifyConsistency(m, n, firstRoot, secondRoot, path) {
  const r = rootsFromConsistency(m, n, firstRoot, path);
  return r !== null && r.first.equals(firstRoot) && r.second.equals(secondRoot);
}

// ---- canonical JSON, independently --------------------------------------------

// Keys sorted by UTF-8 byte order (not JavaScript's UTF-16 order, which
// differs above U+FFFF), compact, integers only; JSON.stringify escapes
// strings exactly as the server's canon does.
function canonical(v) {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') {
    assert.ok(Number.isSafeInteger(v), `not an exact integer in an event: ${v}`);
    return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const keys = Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
}

// ---- helpers ------------------------------------------------------------------

// A small seeded generator (mulberry32) so that a failure can be re-run.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function inBatches(items, fn) {
  const out = [];
  for (let i = 0; i < items.length; i += BATCH) {
    out.push(...(await Promise.all(items.slice(i, i + BATCH).map(fn))));
  }
  return out;
}

function assertEnvelope(r) {
  assert.ok(r.body && r.body.error && typeof r.body.error.code === 'string', `no error envelope: ${r.status} ${r.text}`);
  assert.equal(typeof r.body.error.message, 'string');
  assert.match(r.body.error.message, /[\u4e00-\u9fff]/, `message is not Chinese: ${r.text}`);
}

const isHash = (s) => typeof s === 'string' && /^[0-9a-f]{64}$/.test(s);
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

function verifyCheckpointSignature(cp) {
  const key = crypto.createPublicKey({
    key: Buffer.concat([SPKI_ED25519, Buffer.from(cp.public_key, 'hex')]),
    format: 'der',
    type: 'spki',
  });
  return crypto.verify(null, Buffer.from(cp.signed_text, 'utf8'), key, Buffer.from(cp.signature, 'hex'));
}

// ---- the tests ------------------------------------------------------------------

describe('the full-process record, checked from outside (R22)', () => {
  let srv;
  let admin;
  let supervisor;
  let size; // events in the log (from the checkpoint), >= MAX_N + 1
  let checkpoint;
  const leaves = []; // leaf hashes computed here from `canonical`
  const roots = []; // roots[n] for n = 1..size, computed here
  const seed = Number(process.env.LOG_PROOFS_SEED || 20261127);
  const random = rng(seed);

  before(async () => {
    srv = await startServer();
    admin = client(srv.url);
    assert.equal((await admin.login('admin')).status, 200);
    // The city supervisor reads the city detachment's own events, which lie
    // outside the admin's bureau scope.
    supervisor = client(srv.url);
    assert.equal((await supervisor.login('wugang')).status, 200);

    const units = await admin.get('/api/v1/units');
    assert.equal(units.status, 200, units.text);
    const bureau = units.body.items.find((u) => u.code === '341504');
    assert.ok(bureau, 'the demo bureau 341504 is missing');

    // Grow the log past MAX_N events: each new office appends one event.
    let cp = await admin.get('/api/v1/log/checkpoint');
    assert.equal(cp.status, 200, cp.text);
    for (let i = 0; cp.body.tree_size <= MAX_N; i++) {
      const need = MAX_N + 1 - cp.body.tree_size;
      for (let k = 0; k < need; k++) {
        const r = await admin.post('/api/v1/units', {
          parent_id: bureau.id,
          code: `LP${i}-${k}-${Date.now() % 100000}`,
          name: `日志证明测试科${i}-${k}`,
          kind: 'office',
        });
        assert.equal(r.status, 201, r.text);
      }
      cp = await admin.get('/api/v1/log/checkpoint');
      assert.equal(cp.status, 200, cp.text);
    }
    checkpoint = cp.body;
    size = checkpoint.tree_size;
    assert.ok(size > MAX_N);

    // Every event, as the admin or else the city supervisor.
    const indexes = Array.from({ length: size }, (_, i) => i);
    const events = await inBatches(indexes, async (i) => {
      let r = await admin.get(`/api/v1/log/events/${i}`);
      if (r.status !== 200) r = await supervisor.get(`/api/v1/log/events/${i}`);
      assert.equal(r.status, 200, `event ${i}: ${r.text}`);
      return r.body;
    });
    for (const e of events) leaves.push({ body: e, hash: leafHash(Buffer.from(e.canonical, 'utf8')) });
    for (let n = 1; n <= size; n++) roots[n] = mth(leaves.map((l) => l.hash), 0, n);
  });

  after(async () => {
    if (!srv) return;
    await srv.stop();
    fs.rmSync(srv.dir, { recursive: true, force: true });
  });

  test('every event: canonical bytes, its leaf hash, its index and the chain', () => {
    assert.equal(leaves.length, size);
    for (let i = 0; i < size; i++) {
      const { body, hash } = leaves[i];
      assert.equal(body.index, i);
      assert.equal(typeof body.canonical, 'string');
      assert.equal(body.leaf_hash, hex(hash), `event ${i}: leaf_hash is not SHA-256(0x00 || canonical)`);
      const parsed = JSON.parse(body.canonical);
      assert.equal(canonical(parsed), body.canonical, `event ${i}: not canonical JSON`);
      assert.deepEqual(body.event, parsed, `event ${i}: "event" differs from "canonical"`);
      assert.deepEqual(
        Object.keys(parsed).sort(),
        ['action', 'actor_id', 'after', 'before', 'index', 'object_id', 'object_type', 'prev', 'time', 'unit_id'],
        `event ${i}: fields`,
      );
      assert.equal(parsed.index, i, `event ${i}: index field`);
      assert.equal(parsed.prev, i === 0 ? '' : hex(leaves[i - 1].hash), `event ${i}: prev is not the previous leaf hash`);
    }
  });

  test('my verifiers reject what they should (so that passing means something)', () => {
    const hashes = leaves.map((l) => l.hash);
    const path = inclusionPath(hashes, 5, 0, 13);
    assert.ok(verifyInclusion(5, 13, hashes[5], path, roots[13]));
    const flipped = path.map((h) => Buffer.from(h));
    flipped[1][0] ^= 1;
    assert.ok(!verifyInclusion(5, 13, hashes[5], flipped, roots[13]));
    assert.ok(!verifyInclusion(6, 13, hashes[5], path, roots[13]));
    assert.ok(!verifyInclusion(5, 13, hashes[5], path.slice(1), roots[13]));
    const proof = subproof(hashes, 6, 0, 13, true);
    assert.ok(verifyConsistency(6, 13, roots[6], roots[13], proof));
    assert.ok(!verifyConsistency(7, 13, roots[7], roots[13], proof));
    assert.ok(!verifyConsistency(6, 13, roots[6], roots[12], proof));
    assert.ok(!verifyConsistency(6, 13, roots[6], roots[13], proof.slice(0, -1)));
    assert.ok(verifyConsistency(13, 13, roots[13], roots[13], []));
  });

  test(`inclusion proofs for every tree size 1..${MAX_N}`, async () => {
    const hashes = leaves.map((l) => l.hash);
    const asks = [];
    for (let n = 1; n <= MAX_N; n++) {
      const picks = new Set([0, n - 1, Math.floor(n / 2), Math.floor(random() * n)]);
      for (const i of picks) asks.push({ i, n });
    }
    await inBatches(asks, async ({ i, n }) => {
      const r = await admin.get(`/api/v1/log/proof/inclusion?index=${i}&tree_size=${n}`);
      const where = `inclusion index=${i} tree_size=${n} (seed ${seed})`;
      assert.equal(r.status, 200, `${where}: ${r.text}`);
      assert.equal(r.body.index, i, where);
      assert.equal(r.body.tree_size, n, where);
      assert.equal(r.body.leaf_hash, hex(hashes[i]), where);
      assert.equal(r.body.root_hash, hex(roots[n]), `${where}: root`);
      assert.ok(Array.isArray(r.body.path) && r.body.path.every(isHash), where);
      const path = r.body.path.map((h) => Buffer.from(h, 'hex'));
      assert.ok(verifyInclusion(i, n, hashes[i], path, roots[n]), `${where}: does not verify`);
      assert.deepEqual(r.body.path, inclusionPath(hashes, i, 0, n).map(hex), `${where}: not RFC 9162 PATH`);
    });
  });

  test(`consistency proofs for every tree size 1..${MAX_N}`, async () => {
    const hashes = leaves.map((l) => l.hash);
    const asks = [];
    for (let n = 1; n <= MAX_N; n++) {
      const picks = new Set([1, n, Math.max(1, n - 1), 1 + Math.floor(random() * n)]);
      for (let p = 2; p < n; p *= 2) picks.add(p);
      for (const m of picks) asks.push({ m, n });
    }
    await inBatches(asks, async ({ m, n }) => {
      const r = await admin.get(`/api/v1/log/proof/consistency?first=${m}&second=${n}`);
      const where = `consistency first=${m} second=${n} (seed ${seed})`;
      assert.equal(r.status, 200, `${where}: ${r.text}`);
      assert.equal(r.body.first, m, where);
      assert.equal(r.body.second, n, where);
      assert.equal(r.body.first_root, hex(roots[m]), `${where}: first_root`);
      assert.equal(r.body.second_root, hex(roots[n]), `${where}: second_root`);
      assert.ok(Array.isArray(r.body.path) && r.body.path.every(isHash), where);
      const path = r.body.path.map((h) => Buffer.from(h, 'hex'));
      assert.ok(verifyConsistency(m, n, roots[m], roots[n], path), `${where}: does not verify`);
      assert.deepEqual(r.body.path, subproof(hashes, m, 0, n, true).map(hex), `${where}: not RFC 9162 PROOF`);
    });
  });

  test('the checkpoint: layout of signed_text, root, Ed25519 signature', async () => {
    for (const cp of [checkpoint, (await admin.get('/api/v1/log/checkpoint')).body]) {
      assert.ok(Number.isInteger(cp.tree_size) && cp.tree_size >= 1);
      assert.ok(isHash(cp.root_hash));
      assert.match(cp.public_key, /^[0-9a-f]{64}$/);
      assert.match(cp.signature, /^[0-9a-f]{128}$/);
      const lines = cp.signed_text.split('\n');
      assert.equal(lines.length, 6, `signed_text has ${lines.length - 1} lines: ${JSON.stringify(cp.signed_text)}`);
      const origin = lines[1];
      assert.ok(origin.length > 0, 'empty origin');
      assert.equal(
        cp.signed_text,
        `zhifa checkpoint v1\n${origin}\n${cp.tree_size}\n${cp.root_hash}\n${cp.timestamp}\n`,
      );
      if (cp.tree_size <= size) assert.equal(cp.root_hash, hex(roots[cp.tree_size]), 'checkpoint root is not the root of the events');
      assert.ok(verifyCheckpointSignature(cp), 'Ed25519 signature does not verify');
      // The signature covers every byte of the text.
      const forged = { ...cp, signed_text: cp.signed_text.replace(cp.root_hash, hex(roots[1])) };
      assert.ok(!verifyCheckpointSignature(forged), 'signature verifies a changed root');
    }
    // Every published checkpoint within what was fetched is consistent with
    // the events, signed by the same key.
    const all = await admin.get('/api/v1/log/checkpoints');
    assert.equal(all.status, 200, all.text);
    assert.ok(all.body.items.length >= 1);
    for (const cp of all.body.items) {
      assert.equal(cp.public_key, checkpoint.public_key);
      assert.ok(verifyCheckpointSignature(cp), `checkpoint ${cp.tree_size}: signature`);
      if (cp.tree_size <= size) assert.equal(cp.root_hash, hex(roots[cp.tree_size]), `checkpoint ${cp.tree_size}: root`);
    }
  });

  test('bad proof requests are refused with the error envelope', async () => {
    const cases = [
      // [path, allowed statuses]
      [`/api/v1/log/proof/inclusion?index=5&tree_size=5`, [400]],
      [`/api/v1/log/proof/inclusion?index=0&tree_size=0`, [400]],
      [`/api/v1/log/proof/inclusion?index=${size + 100}&tree_size=${size + 101}`, [400, 404]],
      [`/api/v1/log/proof/inclusion?index=0&tree_size=${size + 1000}`, [400, 404]],
      [`/api/v1/log/proof/inclusion?index=abc&tree_size=5`, [400]],
      [`/api/v1/log/proof/inclusion?index=1&tree_size=5x`, [400]],
      [`/api/v1/log/proof/inclusion?index=-1&tree_size=5`, [400]],
      [`/api/v1/log/proof/inclusion?index=1.5&tree_size=5`, [400]],
      [`/api/v1/log/proof/inclusion?tree_size=5`, [400]],
      [`/api/v1/log/proof/inclusion?index=1`, [400]],
      [`/api/v1/log/proof/inclusion?index=99999999999999999999999&tree_size=5`, [400]],
      [`/api/v1/log/proof/consistency?first=6&second=5`, [400]],
      [`/api/v1/log/proof/consistency?first=0&second=5`, [400]],
      [`/api/v1/log/proof/consistency?first=1&second=${size + 1000}`, [400, 404]],
      [`/api/v1/log/proof/consistency?first=x&second=5`, [400]],
      [`/api/v1/log/proof/consistency?first=1&second=`, [400]],
      [`/api/v1/log/proof/consistency?first=1`, [400]],
      [`/api/v1/log/events/abc`, [400, 404]],
      [`/api/v1/log/events/${size + 1000}`, [404]],
    ];
    for (const [p, statuses] of cases) {
      const r = await admin.get(p);
      assert.ok(statuses.includes(r.status), `${p}: expected ${statuses.join(' or ')}, got ${r.status}: ${r.text}`);
      assertEnvelope(r);
    }
  });
});
