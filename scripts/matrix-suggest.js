#!/usr/bin/env node
// Prints the rows that tests/permission-matrix.json lacks, derived from the
// route table (`zhifa routes`) and the permission rules in src/core/perm.c,
// for a human to review and paste into the table (issue 12).
//   node scripts/matrix-suggest.js            missing rows only
//   node scripts/matrix-suggest.js --all      every route (to compare)
// ZHIFA_BIN selects the binary (default build/zhifa).
//
// Derivation: public route -> 2xx for everyone; a route without an action ->
// 401 anonymous, 2xx signed in; a route with an action -> 401 anonymous, 403
// for roles the rule does not list, and for the others 2xx on their own unit
// and, on the other unit, 2xx only where it lies inside their scope (the city
// supervisor) else 403. Business refusals (409, 422, 404 …) are not derived:
// check each suggested row against what the route should answer.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { USERS, ROLES, ANON, OTHER_IN_SCOPE, unitBearing } = require('../tests/lib/matrix');

const ROOT = path.resolve(__dirname, '..');
const BIN = process.env.ZHIFA_BIN || path.join(ROOT, 'build', 'zhifa');
const TABLE = path.join(ROOT, 'tests', 'permission-matrix.json');

function permRules() {
  const src = fs.readFileSync(path.join(ROOT, 'src', 'core', 'perm.c'), 'utf8');
  // The define spans lines (clang-format): join its adjacent string literals.
  const def = (src.match(/#define ALL_ROLES((?:[^\n]*\\\n)*[^\n]*)/) || [])[1] || '';
  const all = [...def.matchAll(/"([^"]*)"/g)].map((x) => x[1]).join('');
  const rules = {};
  // a role list may span lines too (adjacent literals, issue 11)
  const re = /\{\s*"([a-z_.]+)"\s*,\s*"[^"]*"\s*,\s*(ALL_ROLES|(?:"[^"]*"\s*)+)\}/g;
  let m;
  while ((m = re.exec(src))) rules[m[1]] = (m[2] === 'ALL_ROLES' ? all : [...m[2].matchAll(/"([^"]*)"/g)].map((x) => x[1]).join('')).split(/\s+/).filter(Boolean);
  return rules;
}

function suggest(route, rules) {
  const row = {};
  const pub = route.flags.includes('public');
  row[ANON] = pub ? '2xx' : 401;
  for (const who of ROLES) {
    if (pub || !route.action) { row[who] = '2xx'; continue; }
    // An unknown action: the dispatcher refuses everyone.
    const allowed = (rules[route.action] || []).includes(USERS[who].role);
    if (unitBearing(route)) {
      row[who] = allowed ? { own: '2xx', other: OTHER_IN_SCOPE[who] ? '2xx' : 403 } : { own: 403, other: 403 };
    } else row[who] = allowed ? '2xx' : 403;
  }
  return row;
}

function main() {
  const routes = JSON.parse(execFileSync(BIN, ['routes'], { encoding: 'utf8' }));
  const text = fs.existsSync(TABLE) ? fs.readFileSync(TABLE, 'utf8') : '';
  const table = text.trim() ? JSON.parse(text) : { rows: {} };
  const rules = permRules();
  const all = process.argv.includes('--all');
  const out = {};
  for (const r of routes) {
    const key = `${r.method} ${r.pattern}`;
    if (all || !table.rows[key]) out[key] = suggest(r, rules);
  }
  if (!Object.keys(out).length) {
    process.stderr.write('matrix-suggest: every route has a row\n');
    return;
  }
  process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
}

if (require.main === module) main();
module.exports = { suggest, permRules };
