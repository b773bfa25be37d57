// Fixtures of the inspection tests (issue 7, part B): demo enterprises and
// officers, small real images, uploads with the device-side hash, a signed
// inspection, and an independent check of a Merkle inclusion proof.
'use strict';
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const zlib = require('node:zlib');

// The n-th operating enterprise of a unit (demo data, stable seed).
async function enterpriseOf(c, unitId, n = 0) {
  const r = await c.get(`/api/v1/enterprises?unit_id=${unitId}&status=operating&limit=50`);
  assert.equal(r.status, 200, r.text);
  const e = r.body.items[n];
  assert.ok(e, `an enterprise #${n} in unit ${unitId}`);
  return e;
}

// Officer records of a unit by name.
async function officersOf(c, unitId) {
  const r = await c.get(`/api/v1/officers?unit_id=${unitId}&limit=200`);
  assert.equal(r.status, 200, r.text);
  const out = {};
  for (const o of r.body.items) out[o.name] = o;
  return out;
}

// A checklist's code, version and item ids.
async function checklist(c, code) {
  const r = await c.get(`/api/v1/checklists/${code}`);
  assert.equal(r.status, 200, r.text);
  const chk = r.body.checklist; // the version in force, with its document
  const items = [];
  for (const s of chk.body.sections) for (const it of s.items) items.push(it.id);
  return { code, version: chk.version, items, title: chk.body.title };
}

async function newInspection(c, enterpriseId, extra = {}) {
  const r = await c.post('/api/v1/inspections', { client_id: crypto.randomUUID(), enterprise_id: enterpriseId, ...extra });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

// A real w×h RGB PNG of one colour (seed varies the colour, so the bytes).
function png(seed = Math.floor(Math.random() * 1e9), w = 8, h = 8) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const row = Buffer.alloc(1 + 3 * w);
  for (let x = 0; x < w; x++) { row[1 + 3 * x] = seed & 255; row[2 + 3 * x] = (seed >> 8) & 255; row[3 + 3 * x] = (seed >> 16) & 255; }
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// The start of a JPEG (SOI + APP0 JFIF) and some bytes: what a sniffer sees.
function jpeg(seed = Math.floor(Math.random() * 1e9)) {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]),
    Buffer.from(`zhifa-test-${seed}`), Buffer.from([0xff, 0xd9])]);
}

const sha256 = (b) => crypto.createHash('sha256').update(b).digest('hex');

// Upload bytes as evidence the way the phone does: hash first, then send.
async function upload(c, inspectionId, bytes, kind = 'photo', opts = {}) {
  const headers = {
    'content-type': opts.type || 'application/octet-stream',
    'x-client-id': opts.clientId || crypto.randomUUID(),
    'x-evidence-kind': kind,
    'x-content-sha256': opts.sha256 || sha256(bytes),
    'x-taken-at': opts.takenAt || '2026-11-28T09:41:00+08:00',
    ...(opts.headers || {}),
  };
  if (opts.findingId) headers['x-finding-id'] = String(opts.findingId);
  if (opts.hazardId) headers['x-hazard-id'] = String(opts.hazardId);
  return raw(c, 'POST', `/api/v1/inspections/${inspectionId}/evidence${opts.query || ''}`, bytes, headers);
}

// A request with a raw body (the test client sends JSON only); the
// client's session and CSRF token when it has them. c.url is the base.
async function raw(c, method, p, bytes, headers = {}) {
  const h = { ...headers };
  if (c.cookie) h.cookie = c.cookie;
  if (c.csrf && !('x-csrf-token' in h)) h['x-csrf-token'] = c.csrf;
  const res = await fetch(c.url + p, { method, headers: h, body: bytes });
  const buf = Buffer.from(await res.arrayBuffer());
  let body;
  try { body = JSON.parse(buf.toString('utf8')); } catch { body = undefined; }
  return { status: res.status, headers: res.headers, body, text: buf.toString('utf8').slice(0, 2000), bytes: buf };
}

// An inspection of enterpriseId by 孙丽 and 韩雪 (史河街道), with a photo
// and the representative's signature, signed.
async function signedInspection(c, enterpriseId, offs, extra = {}) {
  const i = await newInspection(c, enterpriseId, extra);
  const p = await c.patch(`/api/v1/inspections/${i.id}`, {
    version: i.version, officers: [{ officer_id: offs['孙丽'].id }, { officer_id: offs['韩雪'].id }],
    onsite_start: '2026-11-28T09:00', legal_education: '宣讲《安全生产法》',
  });
  assert.equal(p.status, 200, p.text);
  const photo = await upload(c, i.id, png());
  assert.equal(photo.status, 201, photo.text);
  const sig = await upload(c, i.id, png(), 'signature');
  assert.equal(sig.status, 201, sig.text);
  const s = await c.post(`/api/v1/inspections/${i.id}/sign`, { version: p.body.version, signer_name: '王建国', signature_id: sig.body.id });
  assert.equal(s.status, 200, s.text);
  return s.body;
}

// RFC 6962 / RFC 9162 §2.1.3.2: the root from a leaf hash and its path.
function rootFromProof(index, size, leafHex, path) {
  const node = (l, r) => crypto.createHash('sha256').update(Buffer.concat([Buffer.from([1]), l, r])).digest();
  let fn = BigInt(index), sn = BigInt(size) - 1n;
  let r = Buffer.from(leafHex, 'hex');
  for (const p of path) {
    const pb = Buffer.from(p, 'hex');
    if (sn === 0n) return null;
    if ((fn & 1n) === 1n || fn === sn) {
      r = node(pb, r);
      if ((fn & 1n) === 0n) while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
    } else {
      r = node(r, pb);
    }
    fn >>= 1n; sn >>= 1n;
  }
  return sn === 0n ? r.toString('hex') : null;
}

module.exports = { raw, enterpriseOf, officersOf, checklist, newInspection, png, jpeg, sha256, upload, signedInspection, rootFromProof };
