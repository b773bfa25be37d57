// Small real files of each type the materials of notices accept (issue 11,
// migration 041), made in memory for the API and browser tests: a one-page
// PDF, a 1×1 PNG, a JFIF JPEG header, a DOCX and an XLSX (OOXML packages
// written by tests/lib/xlsx.js's ZIP writer), UTF-8 text; and some that must
// be refused (an ELF executable, a plain ZIP, WebP).
'use strict';
const crypto = require('node:crypto');
const zlib = require('node:zlib');
const { xlsx, zip } = require('./xlsx');

function pdf(text = 'zhifa') {
  return Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`, 'latin1');
}

function png() {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(zlib.crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const idat = zlib.deflateSync(Buffer.from([0, 0xcc, 0x22, 0x11]));
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

function jpeg() {
  return Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), crypto.randomBytes(64), Buffer.from('ffd9', 'hex')]);
}

function docx(text = '通报材料') {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  return zip([
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'],
    ['_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'],
    ['word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`],
  ]);
}

const sheet = () => xlsx([['企业名称', '隐患'], ['某木业公司', '粉尘涉爆']]);
const text = (s = '询问笔录摘要：当事人承认未按规定清理粉尘。\n') => Buffer.from(s, 'utf8');
const elf = () => Buffer.concat([Buffer.from('7f454c46020101000000000000000000', 'hex'), Buffer.alloc(48)]);
const plainZip = () => zip([['readme.txt', 'not an office document']]);
const webp = () => Buffer.from('RIFF\x10\0\0\0WEBPVP8 \0\0\0\0', 'latin1');
const sha256 = (b) => crypto.createHash('sha256').update(b).digest('hex');

module.exports = { pdf, png, jpeg, docx, xlsx: sheet, text, elf, plainZip, webp, sha256 };
