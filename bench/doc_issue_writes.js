#!/usr/bin/env node
// Benchmark (issue 9): do other writes wait while documents are issued?
// Starts a real server on a fresh demo database and issues DOCS documents
// (default 40: 询问笔录 of one enterprise, the same number series, PAR at a
// time, default 4 — more than the two render workers, so they queue) while
// one write probe runs, one request at a time:
//   write  POST /api/v1/equipment   (chenjie, a new row each)
// Prints documents per second and the probe's count, median, p99 and worst
// latency. The issue renders before its transaction (doc_issue.c), so the
// probe should not wait for renders; before that change every render held
// the database's write lock (about 35 ms a document).
//   ZHIFA_BIN=build/zhifa node bench/doc_issue_writes.js [DOCS] [PAR]
'use strict';
const { startServer, client } = require('../tests/lib/server');

const DOCS = Number(process.argv[2] || 40);
const PAR = Number(process.argv[3] || 4);

const q = (a, p) => (a.length ? a.slice().sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))] : null);

async function writeProbe(writer, unit, state) {
  const s = { ok: 0, failed: 0, times: [] };
  let i = 0;
  while (state.running) {
    const t0 = process.hrtime.bigint();
    const r = await writer.post('/api/v1/equipment', { unit_id: unit, category: 'other', name: `探针 ${i}`, serial_no: `W-${Date.now()}-${i++}` });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status >= 200 && r.status < 300) { s.ok++; s.times.push(ms); } else s.failed++;
  }
  return s;
}

async function main() {
  const srv = await startServer();
  const officer = client(srv.url);
  const writer = client(srv.url);
  await officer.login('zhangwei');
  await writer.login('chenjie');
  const unit = (await writer.get('/api/v1/officers?q=张伟')).body.items[0].unit.id;
  const ent = (await officer.get('/api/v1/enterprises?limit=1')).body.items[0];
  const body = { kind: 'inquiry_record', subject_kind: 'enterprise', subject_id: ent.id, fields: { inquiry: { qa: '问：……\n答：……' } } };
  // one document first: the cold start (fonts) is not what this measures
  assert201(await officer.post('/api/v1/documents', body));

  // the probe alone, as the baseline
  const idle = { running: true };
  const idleRun = writeProbe(writer, unit, idle);
  await new Promise((r) => setTimeout(r, 2000));
  idle.running = false;
  const base = await idleRun;

  const busy = { running: true };
  const busyRun = writeProbe(writer, unit, busy);
  const t0 = Date.now();
  let next = 0;
  async function issuer() {
    while (next < DOCS) {
      next++;
      assert201(await officer.post('/api/v1/documents', body));
    }
  }
  await Promise.all(Array.from({ length: PAR }, issuer));
  const secs = (Date.now() - t0) / 1000;
  busy.running = false;
  const s = await busyRun;
  await srv.stop();
  const line = (name, x) => `  ${name.padEnd(22)} answered=${x.ok} failed=${x.failed} median=${q(x.times, 0.5)?.toFixed(1)}ms p99=${q(x.times, 0.99)?.toFixed(1)}ms max=${x.times.length ? Math.max(...x.times).toFixed(1) : null}ms`;
  console.log(`documents=${DOCS} parallel=${PAR} time=${secs.toFixed(1)}s rate=${(DOCS / secs).toFixed(1)}/s`);
  console.log(line('write alone', base));
  console.log(line('write while issuing', s));
}

function assert201(r) {
  if (r.status !== 201) throw new Error(`issue answered ${r.status}: ${r.text}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
