#!/usr/bin/env node
// Benchmark (issue 3 follow-up): is the server answering other requests
// while a large enterprise import runs? Starts a real server on a fresh demo
// database, uploads ROWS generated enterprises (default 100,000; valid
// credit codes, UTF-8 CSV) as admin, and while the import runs keeps three
// probes going in parallel, each one request at a time:
//   read     GET  /api/v1/enterprises?limit=20     (zhangwei)
//   compute  POST /api/v1/discretion               (zhangwei)
//   write    POST /api/v1/equipment                (chenjie, a new row each)
// Prints how many of each were answered during the import, their median and
// worst latency, and errors. MODE=async uploads with ?async=1 and polls
// GET /api/v1/jobs/{id} (the job runner); MODE=sync waits on the upload.
//   ZHIFA_BIN=build-fin/zhifa node bench/import_concurrency.js [ROWS]
'use strict';
const { startServer, client } = require('../tests/lib/server');

const ROWS = Number(process.argv[2] || 100000);
const MODE = process.env.MODE || 'async';
const SET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function csv(n) {
  const towns = ['史河街道', '平岗街道', '三元镇', '洪集镇', '姚李镇', '孙岗乡', '叶集经济开发区'];
  const risks = ['蓝', '黄', '黄', '橙', '红'];
  const out = ['统一社会信用代码,企业名称,所属乡镇,地址,行业领域,规模,法定代表人,联系人,联系电话,风险等级,监管类别,状态'];
  for (let i = 0; i < n; i++) {
    let k = 30000000 + i;
    let body = '';
    for (let j = 0; j < 9; j++) { body = SET[k % 31] + body; k = Math.floor(k / 31); }
    const first = '91341504' + body;
    let sum = 0;
    for (let j = 0; j < 17; j++) sum += SET.indexOf(first[j]) * W[j];
    const code = first + SET[(31 - (sum % 31)) % 31];
    const t = towns[i % 7];
    const r = risks[i % 5];
    out.push(`${code},并发测试企业${String(i).padStart(6, '0')}有限公司,${t},叶集区${t}测试路${i % 500}号,工贸,小微,张${i % 100},李${i % 97},138${String(i).padStart(8, '0')},${r},${'红橙'.includes(r) ? '重点' : '一般'},在营`);
  }
  return out.join('\r\n') + '\r\n';
}

async function main() {
  const srv = await startServer();
  const admin = client(srv.url);
  const reader = client(srv.url);
  const writer = client(srv.url);
  await admin.login('admin');
  await reader.login('zhangwei');
  await writer.login('chenjie');
  const unit = (await writer.get('/api/v1/officers?q=张伟')).body.items[0].unit.id;
  const data = Buffer.from(csv(ROWS));
  const stats = {};
  let running = true;
  async function probe(name, fn) {
    const s = (stats[name] = { ok: 0, failed: 0, times: [], codes: {} });
    let i = 0;
    while (running) {
      const t0 = Date.now();
      let r;
      try {
        r = await fn(i++);
      } catch (e) {
        r = { status: 'network' };
      }
      const ms = Date.now() - t0;
      // the request in flight when the import ends counts too: its wait is the stall
      if (r.status >= 200 && r.status < 300) { s.ok++; s.times.push(ms); } else { s.failed++; s.codes[r.status] = (s.codes[r.status] || 0) + 1; }
    }
  }
  const probes = process.env.PROBES === '0' ? [] : [
    probe('read', () => reader.get('/api/v1/enterprises?limit=20')),
    probe('compute', () => reader.post('/api/v1/discretion', { item_code: 'AQ-099-01', violation_date: '2026-03-01', decision_date: '2026-03-20' })),
    ...(process.env.PROBES === 'read' ? [] : [probe('write', (i) => writer.post('/api/v1/equipment', { unit_id: unit, category: 'other', name: `并发探针 ${i}`, serial_no: `P-${Date.now()}-${i}` }))]),
  ];
  const t0 = Date.now();
  let result;
  const res = await fetch(`${srv.url}/api/v1/enterprises/import${MODE === 'async' ? '?async=1' : ''}`, {
    method: 'POST', body: data,
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'text/csv' },
  });
  result = await res.json();
  let polls = 0;
  const phases = [];
  let lastPhase = null;
  if (res.status === 202) {
    const id = result.job.id;
    for (;;) {
      await new Promise((r) => setTimeout(r, 200));
      const j = await admin.get(`/api/v1/jobs/${id}`);
      polls++;
      if (j.body.phase !== lastPhase) { phases.push(`${j.body.phase}@${((Date.now() - t0) / 1000).toFixed(1)}s`); lastPhase = j.body.phase; }
      if (j.body.state === 'done' || j.body.state === 'failed') { result = j.body.result; break; }
    }
  }
  const secs = (Date.now() - t0) / 1000;
  running = false;
  await Promise.all(probes);
  await srv.stop();
  const q = (a, p) => (a.length ? a.slice().sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))] : null);
  console.log(`mode=${MODE} rows=${ROWS} csv=${(data.length / 1048576).toFixed(1)}MiB import=${secs.toFixed(1)}s imported=${result.imported ?? JSON.stringify(result).slice(0, 200)}${polls ? ` polls=${polls} phases=${phases.join(',')}` : ''}`);
  for (const [name, s] of Object.entries(stats)) {
    console.log(`  ${name.padEnd(8)} answered=${s.ok} failed=${s.failed} ${JSON.stringify(s.codes)} median=${q(s.times, 0.5)}ms p99=${q(s.times, 0.99)}ms max=${s.times.length ? Math.max(...s.times) : null}ms`);
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
