// Open data (issue 10, R25): the catalogue and the draws as CSV downloads and
// the draws as an Atom feed, without login; stable field names, the same
// allow-list as the JSON pages, the same rows as the JSON lists, text
// escaped in the feed.
//
//   ZHIFA_BIN=$PWD/build/zhifa node --test tests/api/opendata.test.js
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, client } = require('../lib/server');

// RFC 4180 with the BOM table_out writes: rows of cells.
function parseCsv(text) {
  assert.equal(text.charCodeAt(0), 0xfeff, 'no UTF-8 BOM');
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

async function getText(url) {
  const r = await fetch(url);
  // keep the BOM (Response.text() drops it): the files must carry one for Excel
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await r.arrayBuffer());
  return { status: r.status, headers: r.headers, text };
}

describe('open data', () => {
  let srv;
  let anon;
  before(async () => {
    srv = await startServer();
    anon = client(srv.url);
  });
  after(async () => { if (srv) await srv.stop(); });

  test('catalogue.csv: every item in force, stable header, same codes as the JSON list', async () => {
    const r = await getText(`${srv.url}/api/v1/public/catalogue.csv`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /text\/csv/);
    assert.match(r.headers.get('content-disposition') || '', /attachment/);
    assert.equal(r.headers.get('set-cookie'), null);
    const rows = parseCsv(r.text);
    assert.deepEqual(rows[0], ['code', 'title', 'domain', 'kind', 'target', 'violation_basis', 'penalty_basis',
      'fine_min_fen', 'fine_max_fen', 'other_measures', 'delegable', 'effective_from', 'tiers']);
    const codes = [];
    let after = null;
    for (let i = 0; i < 20; i++) {
      const j = await anon.get(`/api/v1/public/catalogue?limit=500${after ? `&after=${after}` : ''}`);
      codes.push(...j.body.items.map((x) => x.code));
      after = j.body.next_after;
      if (!after) break;
    }
    assert.deepEqual(rows.slice(1).map((x) => x[0]), codes);
    for (const x of rows.slice(1)) {
      assert.equal(x.length, 13, `row ${x[0]} has ${x.length} cells`);
      assert.match(x[7], /^(\d+)?$/, `${x[0]} fine_min_fen`);
      assert.ok(x[5] && x[6], `${x[0]} without its legal basis`);
    }
  });

  test('draws.csv and draws.atom: the published draws, escaped, nothing about people', async () => {
    const c = client(srv.url);
    assert.equal((await c.login('chenjie')).status, 200);
    const title = 'A&B <测试> "引号" 抽查';
    const made = await c.post('/api/v1/draws', { month: 12, count: 2, supervision: 'general', title });
    assert.equal(made.status, 201, made.text);
    const list = (await anon.get('/api/v1/public/draws?limit=200')).body.items;
    assert.ok(list.some((d) => d.title === title));

    const csv = await getText(`${srv.url}/api/v1/public/draws.csv`);
    assert.equal(csv.status, 200);
    const rows = parseCsv(csv.text);
    assert.deepEqual(rows[0], ['id', 'title', 'unit', 'year', 'month', 'draw_date', 'status', 'pool_size',
      'inspector_count', 'target_count', 'per_enterprise', 'excluded_at_cap', 'hash_enterprises', 'hash_inspectors',
      'hash_exclusions', 'commitment', 'frozen_at', 'drawn_at', 'record_url']);
    assert.deepEqual(rows.slice(1).map((x) => Number(x[0])), list.map((d) => d.id));
    const mine = rows.find((x) => x[1] === title);
    assert.ok(mine, 'the new draw with its title, quotes kept');
    assert.equal(mine[15], made.body.commitment);

    const feed = await getText(`${srv.url}/api/v1/public/draws.atom`);
    assert.notEqual(feed.text.charCodeAt(0), 0xfeff, 'the feed starts with its XML declaration');
    assert.equal(feed.status, 200);
    assert.match(feed.headers.get('content-type'), /application\/atom\+xml/);
    assert.match(feed.text, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    assert.equal((feed.text.match(/<entry>/g) || []).length, Math.min(50, list.length));
    assert.equal((feed.text.match(/<\/entry>/g) || []).length, Math.min(50, list.length));
    assert.ok(feed.text.includes('<title>A&amp;B &lt;测试&gt; &quot;引号&quot; 抽查</title>'), 'title not escaped');
    assert.ok(!feed.text.includes('<测试>'), 'raw markup from a title in the feed');
    assert.ok(feed.text.includes(`<id>urn:zhifa:draw:${made.body.id}</id>`));
    // every element the feed opens is closed, in order
    const stack = [];
    for (const m of feed.text.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
      if (m[3] === '/') continue;
      if (m[1]) assert.equal(stack.pop(), m[2]); else stack.push(m[2]);
    }
    assert.deepEqual(stack, []);
  });
});
