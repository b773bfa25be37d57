// The permission matrix's fixtures (issue 12): who the demo users are, which
// unit is "own" and "other" for each, and how to fill a route's path
// parameters and body. tests/api/matrix.test.js and scripts/matrix-suggest.js
// share it. A module that adds routes adds a fixture below when the default
// (every path parameter = a unit id, body {}) does not fit its route.
'use strict';

// Demo users (docs/demo.md): role and own unit's code.
const USERS = {
  admin: { role: 'admin', unit: '341504' },
  liuyang: { role: 'bureau_leader', unit: '341504' },
  chenjie: { role: 'section_head', unit: '341504-01' },
  zhangwei: { role: 'officer', unit: '341504-01' },
  liqiang: { role: 'officer', unit: '341504-01' },
  wangfang: { role: 'auxiliary', unit: '341504-01' },
  zhaomin: { role: 'legal_reviewer', unit: '341504-02' },
  sunli: { role: 'township_officer', unit: '341504001' },
  zhoujun: { role: 'township_officer', unit: '341504002' },
  wugang: { role: 'city_supervisor', unit: '341500' },
  xuming: { role: 'discipline', unit: '341504' }, // issue 11: 纪检监察
};
const ROLES = Object.keys(USERS);
const ANON = 'anonymous';

// "Other unit": a unit that is not the caller's. For the district roles the
// city detachment above the bureau (outside their scope); for the two
// township officers the other township; for the city supervisor a township
// (inside the city scope: reads succeed, writes are refused by role).
const OTHER_UNIT = {
  admin: '341500', liuyang: '341500', chenjie: '341500', zhangwei: '341500', liqiang: '341500',
  wangfang: '341500', zhaomin: '341500', sunli: '341504002', zhoujun: '341504001', wugang: '341504001',
  xuming: '341500',
};
// Is the other unit inside the caller's scope? (Only the city supervisor's is.)
const OTHER_IN_SCOPE = { wugang: true };
// A user of each unit, for user routes: the caller themself for "own"; for
// "other" a demo user of the other unit.
const USER_OF_UNIT = { 341500: 'wugang', 341504002: 'zhoujun', 341504001: 'sunli' };

let seq = 0;
const uniq = (p) => `${p}${process.pid % 10000}${Date.now() % 100000}${++seq}`;

// ctx (built by the test): unit(code) -> {id, version}, user(username) ->
// {id, version}, eventOfUnit(code) -> index, officerIn(code, username?) ->
// officer record of the unit (the user's own if they have one there),
// equipmentIn(code) -> equipment item of the unit, postsOf(code) ->
// {version, authorised} for PUT posts; all async and fresh.
function unitCode(who, variant) {
  return variant === 'other' ? OTHER_UNIT[who] : USERS[who].unit;
}
function username(who, variant) {
  return variant === 'other' ? USER_OF_UNIT[OTHER_UNIT[who]] : who;
}

// Route key "METHOD pattern" -> async (ctx, who, variant) => {path, body, fresh}
// who is a demo username (for anonymous callers: admin's records, sent
// without a session). fresh: use a new session (login, logout).
const FIXTURES = {
  'POST /api/v1/auth/login': async (ctx, who) => ({
    path: '/api/v1/auth/login',
    body: { username: who, password: ctx.password },
    fresh: true,
  }),
  'POST /api/v1/auth/logout': async () => ({ path: '/api/v1/auth/logout', fresh: true }),
  'GET /api/v1/log/proof/inclusion': async () => ({ path: '/api/v1/log/proof/inclusion?index=0&tree_size=2' }),
  'GET /api/v1/log/proof/consistency': async () => ({ path: '/api/v1/log/proof/consistency?first=1&second=2' }),
  'POST /api/v1/units': async (ctx, who, variant) => ({
    path: '/api/v1/units',
    body: { parent_id: (await ctx.unit(unitCode(who, variant))).id, code: uniq('M'), name: uniq('矩阵测试'), kind: 'office' },
  }),
  'PATCH /api/v1/units/{id}': async (ctx, who, variant) => {
    const u = await ctx.unit(unitCode(who, variant));
    return { path: `/api/v1/units/${u.id}`, body: { version: u.version } };
  },
  'POST /api/v1/users': async (ctx, who, variant) => ({
    path: '/api/v1/users',
    body: { username: uniq('mx'), name: '矩阵', role: 'officer', unit_id: (await ctx.unit(unitCode(who, variant))).id, password: 'matrix-pass-2026' },
  }),
  'GET /api/v1/users/{id}': async (ctx, who, variant) => ({ path: `/api/v1/users/${(await ctx.user(username(who, variant))).id}` }),
  'PATCH /api/v1/users/{id}': async (ctx, who, variant) => {
    const u = await ctx.user(username(who, variant));
    return { path: `/api/v1/users/${u.id}`, body: { version: u.version } };
  },
  'GET /api/v1/users/{id}/legal-qualification': async (ctx, who, variant) => ({ path: `/api/v1/users/${(await ctx.user(username(who, variant))).id}/legal-qualification` }),
  // version -1 never matches: 409 for the administrator, nothing stored
  'PUT /api/v1/users/{id}/legal-qualification': async (ctx, who, variant) => ({
    path: `/api/v1/users/${(await ctx.user(username(who, variant))).id}/legal-qualification`,
    body: { certificate_no: '', obtained_on: '', reviewing_since: '', version: -1 },
  }),
  'GET /api/v1/log/events/{index}': async (ctx, who, variant) => ({ path: `/api/v1/log/events/${await ctx.eventOfUnit(unitCode(who, variant))}` }),
  'GET /api/v1/objects/{type}/{id}/history': async (ctx, who, variant) => ({ path: `/api/v1/objects/unit/${(await ctx.unit(unitCode(who, variant))).id}/history` }),
  // catalogue (issue 3): the catalogue belongs to no unit, so "own" is a
  // delegated item and "other" one the district keeps; writes send {} (400
  // for the writers, so the matrix stores nothing).
  'GET /api/v1/catalogue/{code}': async (ctx, who, variant) => ({ path: `/api/v1/catalogue/${variant === 'other' ? 'AQ-114-01' : 'AQ-099-01'}` }),
  'GET /api/v1/catalogue/{code}/lookup': async (ctx, who, variant) => ({ path: `/api/v1/catalogue/${variant === 'other' ? 'AQ-114-01' : 'AQ-099-01'}/lookup?date=2026-03-01` }),
  'GET /api/v1/catalogue/{code}/use-check': async (ctx, who, variant) => ({ path: `/api/v1/catalogue/${variant === 'other' ? 'AQ-114-01' : 'AQ-099-01'}/use-check` }),
  'POST /api/v1/catalogue/{code}/versions': async (ctx, who, variant) => ({ path: `/api/v1/catalogue/${variant === 'other' ? 'AQ-114-01' : 'AQ-099-01'}/versions`, body: {} }),
  // inspection checklists (issue 7, part A): they belong to no unit, so
  // "own" and "other" are two shipped checklists; writes send {} (400 for
  // the writers: not a valid checklist, no reason — the matrix stores nothing).
  'GET /api/v1/checklists/{code}': async (ctx, who, variant) => ({ path: `/api/v1/checklists/${variant === 'other' ? 'CHK-QUARRY' : 'CHK-DUST-WOOD'}` }),
  'POST /api/v1/checklists/{code}/versions': async (ctx, who, variant) => ({ path: `/api/v1/checklists/${variant === 'other' ? 'CHK-QUARRY' : 'CHK-DUST-WOOD'}/versions`, body: {} }),
  'POST /api/v1/checklists/{code}/retire': async (ctx, who, variant) => ({ path: `/api/v1/checklists/${variant === 'other' ? 'CHK-QUARRY' : 'CHK-DUST-WOOD'}/retire`, body: {} }),
  // officers (issue 4): records are looked up in the own/other unit (the
  // caller's own officer record where it has one); a unit without one gets
  // one first (ctx.officerIn / ctx.equipmentIn). Writes send minimal valid
  // bodies, so an allowed call really succeeds.
  'GET /api/v1/officers/assignment': async (ctx, who) => ({
    path: `/api/v1/officers/assignment?ids=${(await ctx.officerIn(USERS[who].unit, who)).id}`,
  }),
  'POST /api/v1/officers': async (ctx, who, variant) => ({
    path: '/api/v1/officers',
    body: { name: uniq('矩阵'), kind: 'expert', unit_id: (await ctx.unit(unitCode(who, variant))).id },
  }),
  'GET /api/v1/officers/{id}': async (ctx, who, variant) => ({
    path: `/api/v1/officers/${(await ctx.officerIn(unitCode(who, variant), username(who, variant))).id}`,
  }),
  'PATCH /api/v1/officers/{id}': async (ctx, who, variant) => {
    const o = await ctx.officerIn(unitCode(who, variant), username(who, variant));
    return { path: `/api/v1/officers/${o.id}`, body: { version: o.version } };
  },
  'PUT /api/v1/officers/posts/{unit_id}': async (ctx, who, variant) => {
    const code = unitCode(who, variant);
    return { path: `/api/v1/officers/posts/${(await ctx.unit(code)).id}`, body: await ctx.postsOf(code) };
  },
  // background jobs (issue 3 follow-up): a job id nobody has — 404 for
  // every signed-in role (a job is only its owner's; ids are not unit ids)
  'GET /api/v1/jobs/{id}': async () => ({ path: '/api/v1/jobs/999999' }),
  'POST /api/v1/trainings': async (ctx, who, variant) => ({
    path: '/api/v1/trainings',
    body: {
      officer_id: (await ctx.officerIn(unitCode(who, variant), username(who, variant))).id,
      kind: 'refresher', start_date: '2026-01-05', end_date: '2026-01-09', topic: '矩阵测试复训',
    },
  }),
  'POST /api/v1/equipment': async (ctx, who, variant) => ({
    path: '/api/v1/equipment',
    body: { unit_id: (await ctx.unit(unitCode(who, variant))).id, category: 'other', name: uniq('矩阵装备') },
  }),
  'PATCH /api/v1/equipment/{id}': async (ctx, who, variant) => {
    const e = await ctx.equipmentIn(unitCode(who, variant));
    return { path: `/api/v1/equipment/${e.id}`, body: { version: e.version } };
  },
  // enterprises (issue 3, R11): records belong to a township/devzone, chosen
  // by enterpriseTown() below; path ids are real enterprises of it
  // (ctx.enterpriseIn). Writes send minimal valid bodies with a fresh credit
  // code (GB 32100 check character), so an allowed call really succeeds.
  // GET list/codes/export/template take the default (the bare GET).
  'GET /api/v1/enterprises/check-code': async () => ({ path: '/api/v1/enterprises/check-code?code=91341504MA2TKQ5B9Y' }),
  'POST /api/v1/enterprises': async (ctx, who, variant) => ({
    path: '/api/v1/enterprises',
    body: enterpriseBody((await ctx.unit(enterpriseTown(who, variant))).id),
  }),
  'GET /api/v1/enterprises/{id}': async (ctx, who, variant) => ({
    path: `/api/v1/enterprises/${(await ctx.enterpriseIn(enterpriseTown(who, variant))).id}`,
  }),
  'PATCH /api/v1/enterprises/{id}': async (ctx, who, variant) => {
    const e = await ctx.enterpriseIn(enterpriseTown(who, variant));
    return { path: `/api/v1/enterprises/${e.id}`, body: { version: e.version } };
  },
  'POST /api/v1/enterprises/import': async (ctx, who, variant) => ({
    path: '/api/v1/enterprises/import',
    body: '统一社会信用代码,企业名称,所属乡镇,行业领域,规模,风险等级,监管类别\r\n'
      + `${creditCode()},${uniq('矩阵导入企业')},${enterpriseTown(who, variant)},工贸,小微,蓝,一般\r\n`,
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  }),
  // calendar and deadlines (issue 8): national data, no unit. The import
  // brings a year no test uses (2099), so admin's one call really succeeds.
  'POST /api/v1/calendar/years': async () => ({
    path: '/api/v1/calendar/years',
    body: { year: 2099, csv: 'date,kind,name,source\n2099-01-01,rest,元旦,矩阵测试\n' },
  }),
  'POST /api/v1/deadlines/compute': async () => ({
    path: '/api/v1/deadlines/compute', body: { rule: 'payment', from: '2026-03-05' },
  }),
  'POST /api/v1/deadlines/surcharge': async () => ({
    path: '/api/v1/deadlines/surcharge', body: { fine_fen: 100, due: '2026-03-01', paid: '2026-03-02' },
  }),
  // annual plans (issue 6, part A): a plan of the own/other unit (planUnit
  // below; ctx.planIn finds the demo's or makes one). Writes send bodies of
  // the right shape with version 0, so an allowed caller on her own plan gets
  // a business refusal (409: wrong status or stale version) and nothing is
  // stored, and a caller on the other unit's plan gets 403 first.
  'GET /api/v1/enterprises/{id}/burden': async (ctx, who, variant) => ({
    path: `/api/v1/enterprises/${(await ctx.enterpriseIn(enterpriseTown(who, variant))).id}/burden?year=2026`,
  }),
  // triggered inspections (issue 6, last gaps): a valid ad hoc entry in a
  // year no other test uses, so an allowed call really stores one
  'POST /api/v1/enterprises/{id}/ledger': async (ctx, who, variant) => ({
    path: `/api/v1/enterprises/${(await ctx.enterpriseIn(enterpriseTown(who, variant))).id}/ledger`,
    body: { source: 'ad_hoc', note: '权限矩阵测试', year: 2099, month: 1 },
  }),
  'POST /api/v1/plans/generate': async (ctx, who, variant) => ({
    path: '/api/v1/plans/generate',
    body: { unit_id: (await ctx.unit(planUnit(who, variant))).id, year: 2030 + (++seq % 60) },
  }),
  'POST /api/v1/plans/joint/merge': async () => ({ path: '/api/v1/plans/joint/merge', body: { keep_id: 999999998, merge_id: 999999999 } }),
  'GET /api/v1/plans/{id}': async (ctx, who, variant) => ({ path: `/api/v1/plans/${(await ctx.planIn(planUnit(who, variant))).id}` }),
  'GET /api/v1/plans/{id}/progress': async (ctx, who, variant) => ({ path: `/api/v1/plans/${(await ctx.planIn(planUnit(who, variant))).id}/progress` }),
  'GET /api/v1/plans/{id}/load': async (ctx, who, variant) => ({ path: `/api/v1/plans/${(await ctx.planIn(planUnit(who, variant))).id}/load` }),
  'GET /api/v1/plans/{id}/joint': async (ctx, who, variant) => ({ path: `/api/v1/plans/${(await ctx.planIn(planUnit(who, variant))).id}/joint` }),
  'POST /api/v1/plans/{id}/submit': async (ctx, who, variant) => ({ path: `/api/v1/plans/${(await ctx.planIn(planUnit(who, variant))).id}/submit`, body: { version: 0 } }),
  'POST /api/v1/plans/{id}/approve': async (ctx, who, variant) => ({ path: `/api/v1/plans/${(await ctx.planIn(planUnit(who, variant))).id}/approve`, body: { version: 0 } }),
  'POST /api/v1/plans/{id}/return': async (ctx, who, variant) => ({ path: `/api/v1/plans/${(await ctx.planIn(planUnit(who, variant))).id}/return`, body: { version: 0, reason: '矩阵测试' } }),
  'POST /api/v1/plans/{id}/entries': async (ctx, who, variant) => {
    const p = await ctx.planIn(planUnit(who, variant));
    return { path: `/api/v1/plans/${p.id}/entries`, body: { version: 0, enterprise_id: 1, month: 5 } };
  },
  'PATCH /api/v1/plans/{id}/entries/{entry_id}': async (ctx, who, variant) => {
    const p = await ctx.planIn(planUnit(who, variant));
    return { path: `/api/v1/plans/${p.id}/entries/${p.entries.length ? p.entries[0].id : 999999}`, body: { version: 0, month: 5 } };
  },
  'POST /api/v1/plans/{id}/entries/{entry_id}/cancel': async (ctx, who, variant) => {
    const p = await ctx.planIn(planUnit(who, variant));
    return { path: `/api/v1/plans/${p.id}/entries/${p.entries.length ? p.entries[0].id : 999999}/cancel`, body: { version: 0, reason: '矩阵测试' } };
  },
  'POST /api/v1/plans/{id}/entries/{entry_id}/done': async (ctx, who, variant) => {
    const p = await ctx.planIn(planUnit(who, variant));
    const e = p.entries.find((x) => x.status === 'done') || p.entries[0];
    return { path: `/api/v1/plans/${p.id}/entries/${e ? e.id : 999999}/done`, body: { done_on: `${p.year}-01-15` } };
  },
  // double-random draws (issue 6, part B): the own/other draw is one of
  // drawUnit() below (ctx.drawIn finds the unit's oldest frozen draw or has
  // the unit's own creator freeze one). Writes are refused after the
  // permission checks, so nothing is drawn or stored: create with month 13
  // (400), witness with a blank value (400; 403 for the draw's creator),
  // cancel with version 0 (409). Relations: declared in the past (never in
  // force, so no draw changes), and ended on a relation that does not exist
  // (404) once the permission check passed.
  'POST /api/v1/draws': async (ctx, who, variant) => ({
    path: '/api/v1/draws', body: { month: 13, count: 1, unit_id: (await ctx.unit(drawUnit(who, variant))).id },
  }),
  'GET /api/v1/draws/preview': async (ctx, who, variant) => ({
    path: `/api/v1/draws/preview?month=12&count=1&unit_id=${(await ctx.unit(drawUnit(who, variant))).id}`,
  }),
  'GET /api/v1/draws/{id}': async (ctx, who, variant) => ({ path: `/api/v1/draws/${(await ctx.drawIn(drawUnit(who, variant))).id}` }),
  'POST /api/v1/draws/{id}/witness': async (ctx, who, variant) => ({
    path: `/api/v1/draws/${(await ctx.drawIn(drawUnit(who, variant))).id}/witness`, body: { witness: ' ' },
  }),
  'POST /api/v1/draws/{id}/cancel': async (ctx, who, variant) => ({
    path: `/api/v1/draws/${(await ctx.drawIn(drawUnit(who, variant))).id}/cancel`, body: { reason: '矩阵测试撤销', version: 0 },
  }),
  'GET /api/v1/public/draws/{id}': async (ctx) => ({ path: `/api/v1/public/draws/${(await ctx.drawIn('341504-01')).id}` }),
  'GET /api/v1/public/draws/{id}/record': async (ctx) => ({ path: `/api/v1/public/draws/${(await ctx.drawIn('341504-01')).id}/record` }),
  'GET /api/v1/officers/{id}/relations': async (ctx, who, variant) => ({
    path: `/api/v1/officers/${(await ctx.officerIn(unitCode(who, variant), username(who, variant))).id}/relations`,
  }),
  'POST /api/v1/officers/{id}/relations': async (ctx, who, variant) => ({
    path: `/api/v1/officers/${(await ctx.officerIn(unitCode(who, variant), username(who, variant))).id}/relations`,
    body: { enterprise_id: (await ctx.enterpriseIn('341504100')).id, relation: '矩阵测试', valid_from: '2000-01-01', valid_to: '2000-01-02' },
  }),
  'POST /api/v1/officers/{id}/relations/{rid}/end': async (ctx, who, variant) => ({
    path: `/api/v1/officers/${(await ctx.officerIn(unitCode(who, variant), username(who, variant))).id}/relations/999999/end`,
    body: { valid_to: '2000-01-03' },
  }),
  // issue 11: agencies, shares, tokens and notices belong to a bureau's list
  // of departments: "own" is an agency of the district bureau, "other" one
  // of the city detachment (seeded in the database: no demo role may write
  // there) — inside the city supervisor's scope, outside everyone else's.
  // Writes send bodies that pass the permission checks and then fail or
  // succeed harmlessly: a share of kind 'case' (400), a withdrawal of a
  // share that does not exist (404); tokens and notices really get made.
  'GET /api/v1/agencies/{id}': async (ctx, who, variant) => ({ path: `/api/v1/agencies/${(await ctx.agencyIn(agencyUnit(variant))).id}` }),
  'PATCH /api/v1/agencies/{id}': async (ctx, who, variant) => {
    const g = await ctx.agencyIn(agencyUnit(variant));
    return { path: `/api/v1/agencies/${g.id}`, body: { version: g.version } };
  },
  'GET /api/v1/agencies/{id}/shares': async (ctx, who, variant) => ({ path: `/api/v1/agencies/${(await ctx.agencyIn(agencyUnit(variant))).id}/shares` }),
  'POST /api/v1/agencies/{id}/shares': async (ctx, who, variant) => ({
    path: `/api/v1/agencies/${(await ctx.agencyIn(agencyUnit(variant))).id}/shares`, body: { subject_kind: 'case', subject_id: 1 },
  }),
  'POST /api/v1/agencies/{id}/shares/{share_id}/withdraw': async (ctx, who, variant) => ({
    path: `/api/v1/agencies/${(await ctx.agencyIn(agencyUnit(variant))).id}/shares/999999/withdraw`, body: {},
  }),
  'POST /api/v1/api-tokens': async (ctx, who, variant) => ({
    path: '/api/v1/api-tokens',
    body: { agency_id: (await ctx.agencyIn(agencyUnit(variant))).id, label: '矩阵测试', scope: 'read', resources: 'enterprise.read', expires_in_days: 1 },
  }),
  'POST /api/v1/api-tokens/{id}/revoke': async (ctx, who, variant) => ({
    path: `/api/v1/api-tokens/${await ctx.tokenIn(agencyUnit(variant))}/revoke`, body: { reason: '矩阵测试' },
  }),
  'POST /api/v1/agency-notices': async (ctx, who, variant) => ({
    path: '/api/v1/agency-notices',
    body: { agency_id: (await ctx.agencyIn(agencyUnit(variant))).id, kind: 'notification', title: '矩阵测试', body: '矩阵测试' },
  }),
  'GET /api/v1/agency-notices/{id}': async (ctx, who, variant) => ({ path: `/api/v1/agency-notices/${await ctx.noticeIn(agencyUnit(variant))}` }),
  'POST /api/v1/agency-notices/{id}/replies': async (ctx, who, variant) => ({
    path: `/api/v1/agency-notices/${await ctx.noticeIn(agencyUnit(variant))}/replies`, body: { body: '矩阵测试回复' },
  }),
  // materials of notices (migration 041): an upload without a file name
  // passes the permission checks and stops at 400 notice.attachment_name;
  // a withdrawal really withdraws (a fresh file each time)
  'POST /api/v1/agency-notices/{id}/attachments': async (ctx, who, variant) => ({
    path: `/api/v1/agency-notices/${await ctx.noticeIn(agencyUnit(variant))}/attachments`,
    body: 'x', headers: { 'content-type': 'application/octet-stream' },
  }),
  'GET /api/v1/notice-attachments/{id}/content': async (ctx, who, variant) => ({ path: `/api/v1/notice-attachments/${await ctx.noticeAttachmentIn(agencyUnit(variant))}/content` }),
  'POST /api/v1/notice-attachments/{id}/withdraw': async (ctx, who, variant) => ({
    path: `/api/v1/notice-attachments/${await ctx.noticeAttachmentIn(agencyUnit(variant))}/withdraw`, body: { reason: '矩阵测试' },
  }),
  'POST /api/v1/exchange/notices/{id}/attachments': async (ctx, who, variant) => ({
    path: `/api/v1/exchange/notices/${await ctx.noticeIn(agencyUnit(variant))}/attachments?name=x.txt`,
    body: 'x', headers: { 'content-type': 'application/octet-stream' },
  }),
  'GET /api/v1/exchange/notice-attachments/{id}/content': async (ctx, who, variant) => ({ path: `/api/v1/exchange/notice-attachments/${await ctx.noticeAttachmentIn(agencyUnit(variant))}/content` }),
  'POST /api/v1/exchange/notice-attachments/{id}/withdraw': async (ctx, who, variant) => ({
    path: `/api/v1/exchange/notice-attachments/${await ctx.noticeAttachmentIn(agencyUnit(variant))}/withdraw`, body: { reason: '矩阵测试' },
  }),
  // the interference register (R31): "own" a record of the district, "other"
  // one of the city detachment (seeded); a valid record is really stored
  'POST /api/v1/interference': async () => ({
    path: '/api/v1/interference',
    body: { official_name: '矩阵', official_post: '测试', official_unit: '矩阵测试单位', occurred_on: '2020-01-01', method: 'other', request: '矩阵测试', matter: '矩阵测试' },
  }),
  'GET /api/v1/interference/report': async () => ({ path: '/api/v1/interference/report?from=2020-01-01&to=2020-12-31' }),
  'GET /api/v1/interference/{id}': async (ctx, who, variant) => ({ path: `/api/v1/interference/${await ctx.interferenceIn(agencyUnit(variant))}` }),
  // transfers and litigation (issue 11, R27/R28): a new transfer is really
  // stored (an administrative one, of the caller's unit, to the bureau's
  // market regulator); a record of the own/other unit is seeded; the steps
  // send version 0, so a permitted caller gets 409 conflict.version after
  // the role and unit checks; a reply likewise
  'POST /api/v1/transfers': async (ctx) => ({
    path: '/api/v1/transfers',
    body: {
      kind: 'administrative', enterprise_id: (await ctx.enterpriseIn('341504001')).id, agency_id: (await ctx.agencyOfKind('market')).id,
      subject: '矩阵测试', reason: '矩阵测试', materials: '矩阵测试', on: '2020-01-02', sent_method: '直接送达',
    },
  }),
  'GET /api/v1/transfers/{id}': async (ctx, who, variant) => ({ path: `/api/v1/transfers/${await ctx.transferIn(unitCode(who, variant))}` }),
  'POST /api/v1/transfers/{id}/steps': async (ctx, who, variant) => ({
    path: `/api/v1/transfers/${await ctx.transferIn(unitCode(who, variant))}/steps`, body: { step: 'receipt', version: 0, on: '2020-01-02', who: '矩阵' },
  }),
  'POST /api/v1/litigation': async (ctx) => ({
    path: '/api/v1/litigation',
    body: { agency_id: (await ctx.agencyOfKind('procuratorate')).id, number: '矩阵', kind: 'proposal', received_on: '2020-01-02', summary: '矩阵测试' },
  }),
  'GET /api/v1/litigation/{id}': async (ctx, who, variant) => ({ path: `/api/v1/litigation/${await ctx.litigationIn(unitCode(who, variant))}` }),
  'POST /api/v1/litigation/{id}/reply': async (ctx, who, variant) => ({
    path: `/api/v1/litigation/${await ctx.litigationIn(unitCode(who, variant))}/reply`, body: { version: 0, outcome: '矩阵' },
  }),
  // credit punishment (issue 10, R26): records of an enterprise of the
  // own/other township (enterpriseTown), a fresh proposal each time. A bad
  // record is really stored; the steps send version 0, so a permitted
  // caller gets 409 (conflict.version for approve/reject, credit.bad_state
  // for the steps a proposal cannot take) after the role and unit checks;
  // a decision on an application that does not exist is 404.
  'POST /api/v1/credit/evaluate': async () => ({ path: '/api/v1/credit/evaluate', body: { facts: { penalized: true } } }),
  'POST /api/v1/credit/records': async (ctx, who, variant) => ({
    path: '/api/v1/credit/records',
    body: { enterprise_id: (await ctx.enterpriseIn(enterpriseTown(who, variant))).id, kind: 'bad_record', decision_date: '2026-01-05', summary: '权限矩阵测试' },
  }),
  'GET /api/v1/credit/records/{id}': async (ctx, who, variant) => ({ path: `/api/v1/credit/records/${await ctx.creditIn(enterpriseTown(who, variant))}` }),
  ...Object.fromEntries(['approve', 'reject', 'notify', 'list', 'revoke', 'restore'].map((step) => [
    `POST /api/v1/credit/records/{id}/${step}`,
    async (ctx, who, variant) => ({ path: `/api/v1/credit/records/${await ctx.creditIn(enterpriseTown(who, variant))}/${step}`, body: { version: 0, reason: '权限矩阵测试' } }),
  ])),
  'POST /api/v1/credit/records/{id}/applications': async (ctx, who, variant) => ({
    path: `/api/v1/credit/records/${await ctx.creditIn(enterpriseTown(who, variant))}/applications`, body: { applicant: '矩阵', conditions: [] },
  }),
  'POST /api/v1/credit/applications/{id}/decide': async () => ({ path: '/api/v1/credit/applications/999999/decide', body: { version: 0, decision: 'refuse', reason: '权限矩阵测试' } }),
  'POST /api/v1/credit/sweep': async () => ({ path: '/api/v1/credit/sweep', body: {} }),
  // the persons listed with the unit (028): version 0, so 409 conflict.version
  'POST /api/v1/credit/records/{id}/persons': async (ctx, who, variant) => ({
    path: `/api/v1/credit/records/${await ctx.creditIn(enterpriseTown(who, variant))}/persons`,
    body: { version: 0, role: 'principal', name: '矩阵人员', id_number: '11010519491231002X' },
  }),
  // administrative penalty cases (issue 8, part C): a case of the own/other
  // unit (caseUnit); writes carry version 0, so a permitted caller gets 409
  // conflict.version after the role and unit checks
  'POST /api/v1/cases': async (ctx, who, variant) => ({
    path: '/api/v1/cases',
    body: { source_kind: 'complaint', unit_id: (await ctx.unit(caseUnit(who, variant))).id },
  }),
  'GET /api/v1/cases/{id}': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}` }),
  'GET /api/v1/cases/{id}/timeline': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}/timeline` }),
  'PATCH /api/v1/cases/{id}': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}`, body: { version: 0 } }),
  'POST /api/v1/cases/{id}/parties': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}/parties`, body: { version: 0, name: '矩阵当事人' } }),
  'PATCH /api/v1/cases/{id}/parties/{party_id}': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}/parties/999999`, body: { version: 0 } }),
  'POST /api/v1/cases/{id}/violations': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}/violations`, body: { version: 0, item_code: 'AQ-099-01', violation_date: '2026-01-05' } }),
  'PATCH /api/v1/cases/{id}/violations/{violation_id}': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}/violations/999999`, body: { version: 0, item_code: 'AQ-099-01', violation_date: '2026-01-05' } }),
  'POST /api/v1/cases/{id}/officers': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}/officers`, body: { version: 0, officer_id: 1 } }),
  'DELETE /api/v1/cases/{id}/officers/{officer_id}': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}/officers/1?version=0` }),
  'POST /api/v1/cases/{id}/transitions': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}/transitions`, body: { version: 0, event: 'investigate' } }),
  'POST /api/v1/cases/{id}/reviews': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}/reviews`, body: { version: 0, kind: 'legal_review', opinion: 'agree' } }),
  'POST /api/v1/cases/{id}/decisions/{decision_id}/correct': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}/decisions/999999/correct`, body: { version: 0, text: '矩阵', reason: '矩阵' } }),
  'POST /api/v1/cases/{id}/payment-notice': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}/payment-notice`, body: { version: 0 } }),
  'POST /api/v1/cases/{id}/payments': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}/payments`, body: { version: 0, amount_fen: 100, paid_on: '2026-01-05', reference: '矩阵' } }),
  'POST /api/v1/cases/{id}/payment-plans': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}/payment-plans`, body: { version: 0, kind: 'deferral', due_on: '2027-01-05', note: '矩阵' } }),
  // 分期缴纳 (migration 035): a stale version, 409 for the permitted roles
  'POST /api/v1/cases/{id}/instalment-plans': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}/instalment-plans`, body: { version: 0, reason: '矩阵', instalments: [{ amount_fen: 100, due_on: '2027-01-05' }, { amount_fen: 100, due_on: '2027-02-05' }] } }),
  'POST /api/v1/cases/{id}/instalment-plans/{plan_id}/decision': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}/instalment-plans/999999/decision`, body: { version: 0, approve: true, note: '矩阵' } }),
  'GET /api/v1/cases/{id}/remedies': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}/remedies` }),
  'POST /api/v1/cases/{id}/remedies': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}/remedies`, body: { version: 0, kind: 'reconsideration', applied_on: '2026-01-05', body: '矩阵' } }),
  // 安全生产法 第112条 (migration 034): a stale version, 409 for the permitted roles
  'POST /api/v1/cases/{id}/daily-penalties': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}/daily-penalties`, body: { version: 0, hazard_id: 1 } }),
  'PATCH /api/v1/cases/{id}/remedies/{remedy_id}': async (ctx, who, variant) => ({ path: `/api/v1/cases/${await ctx.caseIn(caseUnit(who, variant))}/remedies/999999`, body: { version: 0, outcome: 'upheld', outcome_on: '2026-01-05' } }),
  // an empty statement: 400 import.bad_header for the permitted roles
  'POST /api/v1/payments/import': async () => ({ path: '/api/v1/payments/import', body: 'x', headers: { 'content-type': 'text/csv' } }),
  'POST /api/v1/payments/import/preview': async () => ({ path: '/api/v1/payments/import/preview', body: 'x', headers: { 'content-type': 'text/csv' } }),
  // on-site inspections (issue 7, part B): records of the caller's own unit
  // or the other unit (unitCode), seeded fresh by ctx.inspectionIn & co. (any
  // unit, also those no demo role writes to), so versions are current and
  // nothing is signed. Writes send valid bodies; where a permitted caller
  // still gets a business refusal the row says so: an upload with no bytes
  // 400, signing with no signature 400, a receipt of an open record 409, a
  // scan with a wrong secret 404.
  'GET /api/v1/inspections/{id}': async (ctx, who, variant) => ({ path: `/api/v1/inspections/${(await ctx.inspectionIn(unitCode(who, variant))).id}` }),
  'PATCH /api/v1/inspections/{id}': async (ctx, who, variant) => {
    const i = await ctx.inspectionIn(unitCode(who, variant));
    return { path: `/api/v1/inspections/${i.id}`, body: { version: i.version, legal_education: '矩阵测试' } };
  },
  'POST /api/v1/inspections': async (ctx, who, variant) => ({
    path: '/api/v1/inspections',
    body: { client_id: `matrix-${uniq('c')}`, enterprise_id: (await ctx.enterpriseIn(enterpriseTown(who, variant))).id },
  }),
  'POST /api/v1/inspections/{id}/findings': async (ctx, who, variant) => ({
    path: `/api/v1/inspections/${(await ctx.inspectionIn(unitCode(who, variant))).id}/findings`,
    body: { client_id: `matrix-${uniq('f')}`, description: '矩阵测试问题' },
  }),
  'POST /api/v1/inspections/{id}/evidence': async (ctx, who, variant) => ({
    path: `/api/v1/inspections/${(await ctx.inspectionIn(unitCode(who, variant))).id}/evidence`,
    body: 'x', headers: { 'content-type': 'application/octet-stream' },
  }),
  'POST /api/v1/inspections/{id}/sign': async (ctx, who, variant) => {
    const i = await ctx.inspectionIn(unitCode(who, variant));
    return { path: `/api/v1/inspections/${i.id}/sign`, body: { version: i.version, signer_name: '矩阵', signature_id: 999999 } };
  },
  'GET /api/v1/inspections/{id}/receipt': async (ctx, who, variant) => ({ path: `/api/v1/inspections/${(await ctx.inspectionIn(unitCode(who, variant))).id}/receipt` }),
  'GET /api/v1/evidence/{id}/content': async (ctx, who, variant) => ({ path: `/api/v1/evidence/${await ctx.evidenceIn(unitCode(who, variant))}/content` }),
  'POST /api/v1/evidence/{id}/withdraw': async (ctx, who, variant) => ({ path: `/api/v1/evidence/${await ctx.evidenceIn(unitCode(who, variant))}/withdraw`, body: { reason: '矩阵测试' } }),
  'POST /api/v1/findings/{id}/hazard': async (ctx, who, variant) => ({ path: `/api/v1/findings/${await ctx.findingIn(unitCode(who, variant))}/hazard`, body: { grade: 'ordinary', deadline: '2099-12-31' } }),
  'GET /api/v1/hazards/{id}': async (ctx, who, variant) => ({ path: `/api/v1/hazards/${(await ctx.hazardIn(unitCode(who, variant))).id}` }),
  'PATCH /api/v1/hazards/{id}': async (ctx, who, variant) => {
    const h = await ctx.hazardIn(unitCode(who, variant));
    return { path: `/api/v1/hazards/${h.id}`, body: { version: h.version, description: '矩阵测试隐患' } };
  },
  'POST /api/v1/hazards/{id}/reinspection': async (ctx, who, variant) => {
    const h = await ctx.hazardIn(unitCode(who, variant));
    return { path: `/api/v1/hazards/${h.id}/reinspection`, body: { version: h.version, result: 'failed', on: '2026-01-10' } };
  },
  'POST /api/v1/hazards/{id}/case-link': async (ctx, who, variant) => {
    const h = await ctx.hazardIn(unitCode(who, variant));
    return { path: `/api/v1/hazards/${h.id}/case-link`, body: { version: h.version, case_id: 1 } };
  },
  'GET /api/v1/enterprises/{id}/qr': async (ctx, who, variant) => ({ path: `/api/v1/enterprises/${(await ctx.enterpriseIn(enterpriseTown(who, variant))).id}/qr` }),
  'POST /api/v1/enterprises/{id}/qr/rotate': async (ctx, who, variant) => ({ path: `/api/v1/enterprises/${(await ctx.enterpriseIn(enterpriseTown(who, variant))).id}/qr/rotate`, body: {} }),
  'POST /api/v1/enterprises/{id}/arrival': async (ctx, who, variant) => ({ path: `/api/v1/enterprises/${(await ctx.enterpriseIn(enterpriseTown(who, variant))).id}/arrival`, body: { secret: '0'.repeat(64) } }),
  'GET /api/v1/public/enterprises/{id}/{secret}': async (ctx) => {
    const q = await ctx.qrOf('341504001');
    return { path: `/api/v1/public/enterprises/${q.id}/${q.secret}` };
  },
  // a valid secret, a body too short: 400 for everyone (at most 10 a day)
  'POST /api/v1/public/enterprises/{id}/{secret}/feedback': async (ctx) => {
    const q = await ctx.qrOf('341504001');
    return { path: `/api/v1/public/enterprises/${q.id}/${q.secret}/feedback`, body: { kind: 'feedback', body: '短' } };
  },
  // enforcement documents (issue 9): the subject is an enterprise of the
  // own/other town, so the unit check is the subject's; an issue really
  // issues a 送达回执 (numbers are cheap, gap-free per kind and year). Reads
  // by id and batch files use ids nobody has: 404 behind the role check
  // (tests/api/documents.test.js checks those by unit).
  'POST /api/v1/documents/preview': async (ctx, who, variant) => ({
    path: '/api/v1/documents/preview',
    body: { kind: 'service_receipt', subject_kind: 'enterprise', subject_id: (await ctx.enterpriseIn(enterpriseTown(who, variant))).id },
  }),
  'POST /api/v1/documents': async (ctx, who, variant) => ({
    path: '/api/v1/documents',
    body: { kind: 'service_receipt', subject_kind: 'enterprise', subject_id: (await ctx.enterpriseIn(enterpriseTown(who, variant))).id },
  }),
  'GET /api/v1/documents': async (ctx, who, variant) => ({
    path: `/api/v1/documents?subject_kind=enterprise&subject_id=${(await ctx.enterpriseIn(enterpriseTown(who, variant))).id}`,
  }),
  'GET /api/v1/documents/{id}': async () => ({ path: '/api/v1/documents/999999' }),
  'GET /api/v1/documents/{id}/pdf': async () => ({ path: '/api/v1/documents/999999/pdf' }),
  // a batch is a job (one worker, 8 waiting): a subject nobody has keeps the
  // matrix from filling the queue — 404 behind the role check
  'POST /api/v1/documents/batch': async () => ({
    path: '/api/v1/documents/batch', body: { subject_kind: 'hazard', subject_id: 999999 },
  }),
  'GET /api/v1/documents/batch/{id}/pdf': async () => ({ path: '/api/v1/documents/batch/999999/pdf' }),
  'GET /api/v1/document-templates/{kind}': async (ctx, who, variant) => ({ path: `/api/v1/document-templates/${variant === 'other' ? 'penalty_decision' : 'service_receipt'}` }),
  // a template without sections: 400 for the administrator, nothing stored
  'PUT /api/v1/document-templates/{kind}': async (ctx, who, variant) => ({
    path: `/api/v1/document-templates/${variant === 'other' ? 'penalty_decision' : 'service_receipt'}`,
    body: { kind: variant === 'other' ? 'penalty_decision' : 'service_receipt', title: '矩阵', number_prefix: '矩阵', sections: [] },
  }),
  // based on a version that never existed: 409 for the administrator,
  // nothing stored
  'PUT /api/v1/document-settings': async () => ({
    path: '/api/v1/document-settings',
    body: { authority_address: '', authority_phone: '', reconsideration_body: '矩阵', court: '矩阵', based_on: -1 },
  }),
  'GET /api/v1/public/documents/verify': async () => ({ path: '/api/v1/public/documents/verify?code=0000000000' }),
  // 事后公开 (issue 10): a published decision of the own/other unit
  // (ctx.publicationIn seeds one); steps carry version 0: a permitted caller
  // gets 409 after the role and unit checks
  'GET /api/v1/publications/{id}': async (ctx, who, variant) => ({ path: `/api/v1/publications/${await ctx.publicationIn(unitCode(who, variant))}` }),
  'POST /api/v1/publications/{id}/hold': async (ctx, who, variant) => ({ path: `/api/v1/publications/${await ctx.publicationIn(unitCode(who, variant))}/hold`, body: { version: 0, reason: '矩阵测试' } }),
  'POST /api/v1/publications/{id}/release': async (ctx, who, variant) => ({ path: `/api/v1/publications/${await ctx.publicationIn(unitCode(who, variant))}/release`, body: { version: 0 } }),
  'POST /api/v1/publications/{id}/withdraw': async (ctx, who, variant) => ({ path: `/api/v1/publications/${await ctx.publicationIn(unitCode(who, variant))}/withdraw`, body: { version: 0, reason: '矩阵测试' } }),
  'GET /api/v1/public/decisions/{id}': async (ctx, who, variant) => ({ path: `/api/v1/public/decisions/${await ctx.publicationIn(unitCode(who, variant))}` }),
  // case-file evaluation (issue 11, R30): rounds, sheets and feedback are
  // addressed by ids nobody has (404 for every role that may act, 403 for
  // the others: the role is checked first); the standard read is the
  // shipped version 1; writes send bodies that pass the field checks only
  // up to the lookup, or {} (400 for the writers: nothing is stored).
  'GET /api/v1/evaluations/standards/{id}': async () => ({ path: '/api/v1/evaluations/standards/1' }),
  'GET /api/v1/evaluations/rounds/{id}': async () => ({ path: '/api/v1/evaluations/rounds/999999' }),
  'GET /api/v1/evaluations/rounds/{id}/results': async () => ({ path: '/api/v1/evaluations/rounds/999999/results' }),
  'GET /api/v1/evaluations/rounds/{id}/cases/{case_id}': async () => ({ path: '/api/v1/evaluations/rounds/999999/cases/1' }),
  'POST /api/v1/evaluations/rounds/{id}/cases/{case_id}/scores': async () => ({ path: '/api/v1/evaluations/rounds/999999/cases/1/scores', body: { version: 1 } }),
  'POST /api/v1/evaluations/rounds/{id}/cases/{case_id}/reopen': async () => ({ path: '/api/v1/evaluations/rounds/999999/cases/1/reopen', body: { version: 1, reason: '矩阵测试' } }),
  'POST /api/v1/evaluations/feedback/{id}/answer': async () => ({ path: '/api/v1/evaluations/feedback/999999/answer', body: { answer: '矩阵测试' } }),
};

// issue 11: the bureau's agencies are "own", the city detachment's "other".
function agencyUnit(variant) {
  return variant === 'other' ? '341500' : '341504';
}

// draws: the unit of the own/other draw. Draws belong to the brigade or a
// township, all inside the bureau: the district roles and the city
// supervisor take the brigade's / 史河街道's; a township officer her own
// township's / the other one's.
function drawUnit(who, variant) {
  if (USERS[who].role === 'township_officer') return unitCode(who, variant);
  return variant === 'other' ? '341504001' : '341504-01';
}

// cases (issue 8, part C): the unit of the own/other case. Cases belong to
// the brigade or a township: the district roles and the city supervisor
// take the brigade's; a township officer her own township's. "Other" is
// OTHER_UNIT (the city detachment's case is seeded: no role may write there).
function caseUnit(who, variant) {
  if (variant !== 'other' && USERS[who].role !== 'township_officer') return '341504-01';
  return unitCode(who, variant);
}

// plans: the unit of the own/other plan. The bureau has no plan of its own
// (the brigade, offices and townships plan), so the bureau's roles take the
// brigade's; everyone else their own unit; "other" is OTHER_UNIT.
function planUnit(who, variant) {
  if (variant !== 'other' && USERS[who].unit === '341504') return '341504-01';
  return unitCode(who, variant);
}

// enterprises: the township of the own/other enterprise. A township officer:
// her township / the other one; the city supervisor: 三元镇 / OTHER_UNIT (a
// township, in scope). The district roles: 三元镇 / the development zone —
// both INSIDE their scope, because no enterprise can lie outside the bureau:
// every township/devzone of the demo is under the bureau, an enterprise must
// belong to one (else 400), and admin's scope is the bureau too (it cannot
// create a township or an enterprise outside it). Out-of-scope refusals are
// covered by the township officers' "other".
function enterpriseTown(who, variant) {
  if (USERS[who].role === 'township_officer') return unitCode(who, variant);
  if (OTHER_IN_SCOPE[who]) return variant === 'other' ? OTHER_UNIT[who] : '341504100';
  return variant === 'other' ? '341504400' : '341504100';
}
// A fresh valid credit code: 9 (工商) 1 (企业) 341504, an organisation code
// of digits with its GB 11714 check, then the GB 32100 check character
// (core/uscc.c: C18 = (31 − Σ value·3^(i−1) mod 31) mod 31). Digits only in
// positions 9–16, so never one of the demo's codes (they start "MA").
const USCC_SET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_BASE = (process.pid * 1000 + Date.now()) % 1e8;
let usccSeq = 0;
function creditCode() {
  const org8 = String((USCC_BASE + ++usccSeq) % 1e8).padStart(8, '0');
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  const c = 11 - ([...org8].reduce((s, d, i) => s + Number(d) * w[i], 0) % 11);
  const first17 = `91341504${org8}${c === 10 ? 'X' : c === 11 ? '0' : c}`;
  let sum = 0;
  for (let i = 0, p = 1; i < 17; i++, p = (p * 3) % 31) sum += USCC_SET.indexOf(first17[i]) * p;
  return first17 + USCC_SET[(31 - (sum % 31)) % 31];
}
// The minimal valid POST /api/v1/enterprises body for a township.
function enterpriseBody(unitId) {
  return {
    credit_code: creditCode(), name: uniq('矩阵企业'), unit_id: unitId,
    domain: 'industry', scale: 'micro', risk: 'blue', supervision: 'general',
  };
}

// The default: every {param} is the own/other unit's id; JSON routes get {}.
async function fixture(ctx, route, who, variant) {
  const key = `${route.method} ${route.pattern}`;
  const w = who === ANON ? 'admin' : who;
  if (FIXTURES[key]) return FIXTURES[key](ctx, w, variant);
  let path = route.pattern;
  const params = path.match(/\{[^}]+\}/g) || [];
  if (params.length) {
    const id = (await ctx.unit(unitCode(w, variant))).id;
    for (const p of params) path = path.replace(p, String(id));
  }
  return { path, body: route.flags.includes('json_body') ? {} : undefined };
}

// Does a route distinguish own from other? Routes with path parameters, and
// writes whose body names a unit (those with a fixture taking `variant`).
function unitBearing(route) {
  if (/\{/.test(route.pattern)) return true;
  const key = `${route.method} ${route.pattern}`;
  return route.action !== null && route.method !== 'GET' && Boolean(FIXTURES[key]) && FIXTURES[key].length >= 3;
}

module.exports = { USERS, ROLES, ANON, OTHER_UNIT, OTHER_IN_SCOPE, fixture, unitBearing, enterpriseBody, creditCode };
