// Sending the outbox (issue 7, R34) and merging with what another officer
// saved meanwhile.
//
// A queued change of the record is kept as what the officer did ("answered
// DUST-01 否", "added an attendee"), not as a finished PATCH body: the body
// is built when it is sent, on top of the last copy the server answered
// (the base), so the lists the PATCH replaces keep what others added. The
// body is frozen in the entry (`sent`) before it leaves: if the answer is
// lost, the very same request goes again with the same op_id and the server
// answers it as done (migration 039) instead of a false 409.
//
// A real 409 conflict.version means someone else saved since the base. The
// fresh record is fetched and each field the queued changes touch is
// compared three ways (base, theirs, mine): a field only one side changed
// is merged silently; a field both changed differently is a conflict the
// officer decides in the dialog (ConflictDialog.vue): keep mine or take the
// server's. Nothing is overwritten and nothing dropped without that choice.
import { ApiError, api } from '@/api/client.js';
import { clientId, uploadEvidence } from './inspections.js';
import * as outbox from './outbox.js';

export const FIELD_NAMES = {
  notice_start: '执法告知开始', notice_end: '执法告知结束',
  onsite_start: '现场检查开始', onsite_end: '现场检查结束',
  feedback_start: '交流反馈开始', feedback_end: '交流反馈结束',
  legal_education: '普法宣传', checklist_code: '检查表',
};

const plain = (x) => JSON.parse(JSON.stringify(x));

// Keep a copy the server answered as the base of the inspection.
export async function rememberServer(doc) {
  const d = (await outbox.getDoc(doc.client_id)) || { key: doc.client_id };
  d.id = doc.id;
  d.base = plain(doc);
  await outbox.putDoc(d);
  return d;
}

// GET an inspection. The service worker answers from its copy when there is
// no connection and says so (X-Zhifa-Offline-Copy); such a copy becomes the
// base only when the outbox has none. networkOnly: past the worker.
export async function readInspection(id, { networkOnly = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (networkOnly) headers['X-Zhifa-Network-Only'] = '1';
  let res;
  try {
    res = await fetch(`/api/v1/inspections/${id}`, { credentials: 'include', headers });
  } catch {
    throw new ApiError({});
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError({ status: res.status, ...(body.error || {}) });
  const copy = res.headers.get('X-Zhifa-Offline-Copy') === '1';
  if (!copy || !(await outbox.getDoc(body.client_id))?.base) await rememberServer(body);
  return { doc: body, copy };
}

// Queue what the officer did on the inspection with client id key.
export function record(key, kind, data, extra = {}) {
  return outbox.add({ opId: clientId(), key, kind, data: plain(data), ...extra });
}

// A new inspection: the seed is what the page shows until the server has it.
export async function createInspection(body, seed) {
  await outbox.putDoc({ key: body.client_id, id: null, base: plain(seed) });
  await record(body.client_id, 'create', body);
}

// The record as the officer sees it: the base and the queued changes.
export function view(base, ops) {
  const v = plain(base);
  for (const o of ops) {
    const d = o.data;
    if (o.kind === 'patch') {
      if (d.type === 'set') Object.assign(v, d.fields);
      else if (d.type === 'answer') v.answers = [...v.answers.filter((a) => a.item_id !== d.item_id), { item_id: d.item_id, answer: d.answer }];
      else if (d.type === 'attendee') v.attendees.push({ ...d.attendee });
      else if (d.type === 'officer' && !v.officers.some((x) => x.officer_id === d.officer_id)) v.officers.push({ kind: 'officer', officer_id: d.officer_id, name: d.name });
      else if (d.type === 'checklist') Object.assign(v, { checklist_code: d.code, checklist_version: d.version, answers: [] });
    } else if (o.kind === 'finding') {
      v.findings.push({ id: null, client_id: d.client_id, description: d.description, item_id: d.item_id || '', hazard_id: null, pending: true });
    } else if (o.kind === 'hazard') {
      const f = v.findings.find((x) => x.client_id === d.finding_client_id);
      if (f && !f.hazard_id) f.hazard_id = 'pending';
      v.hazards.push({ id: null, finding_id: f ? f.id : null, finding_client_id: d.finding_client_id, grade: d.grade, deadline: d.deadline, status: 'open', pending: true });
    } else if (o.kind === 'evidence') {
      v.evidence.push({ id: null, client_id: d.clientId, kind: d.kind, sha256: d.sha256, pending: true, seq: o.seq });
    } else if (o.kind === 'sign') {
      Object.assign(v, { status: 'signed', signer_name: d.signer_name, signed_at: d.signed_at, pending_sign: true });
    }
  }
  return v;
}

// The PATCH body of a queued change on top of base.
function patchBody(op, base) {
  const d = op.data;
  const body = { op_id: op.opId, version: base.version };
  if (d.type === 'set') Object.assign(body, d.fields);
  else if (d.type === 'answer') {
    body.answers = base.answers.filter((a) => a.item_id !== d.item_id).map(({ item_id: i, answer, note }) => ({ item_id: i, answer, note: note || '' }));
    body.answers.push({ item_id: d.item_id, answer: d.answer });
  } else if (d.type === 'attendee') {
    body.attendees = base.attendees.map(({ name, post, phone }) => ({ name, post, phone: phone || '' }));
    body.attendees.push(d.attendee);
  } else if (d.type === 'officer') {
    body.officers = base.officers.map((o) => (o.kind === 'expert' ? { kind: 'expert', name: o.name, field: o.field } : { officer_id: o.officer_id }));
    if (!body.officers.some((o) => o.officer_id === d.officer_id)) body.officers.push({ officer_id: d.officer_id });
  } else if (d.type === 'checklist') Object.assign(body, { checklist_code: d.code, checklist_version: d.version, answers: [] });
  return body;
}

// ---- conflicts ----

const valueOf = (doc, k) => (k.startsWith('answer:') ? doc.answers.find((a) => a.item_id === k.slice(7))?.answer || '' : doc[k] ?? '');

// The fields the queued changes touch, with the officer's latest value.
function touched(ops) {
  const mine = new Map();
  for (const o of ops) {
    const d = o.data;
    if (d.type === 'set') for (const [f, v] of Object.entries(d.fields)) mine.set(f, { label: FIELD_NAMES[f] || f, value: v });
    else if (d.type === 'answer') mine.set(`answer:${d.item_id}`, { label: `检查项 ${d.item_id}`, value: d.answer });
    else if (d.type === 'checklist') mine.set('checklist_code', { label: FIELD_NAMES.checklist_code, value: d.code });
  }
  return mine;
}

// Fields both sides changed, differently.
export function conflictsOf(ops, base, theirs) {
  const out = [];
  for (const [key, m] of touched(ops)) {
    const t = valueOf(theirs, key);
    if (t !== valueOf(base, key) && t !== m.value) out.push({ key, label: m.label, mine: m.value, theirs: t });
  }
  return out;
}

class Conflict extends Error {
  constructor(detail) {
    super('conflict');
    this.detail = detail;
  }
}

// Who changed each conflicting field last, and when (the full-process log).
async function authorsOf(id, fields) {
  let items = [];
  try {
    items = (await api.get(`/api/v1/objects/inspection/${id}/history`, { silent: true })).items;
  } catch {
    return;
  }
  for (const f of fields) {
    for (const ev of items) {
      if (!ev.before || !ev.after) continue;
      if (valueOf(ev.after, f.key) !== valueOf(ev.before, f.key)) {
        f.who = ev.actor.name;
        f.when = ev.time;
      }
    }
  }
}

async function onVersionConflict(op, doc) {
  const { doc: theirs } = await readInspectionRaw(doc.id);
  const ops = (await outbox.all()).filter((o) => o.key === doc.key && o.kind === 'patch');
  const fields = conflictsOf(ops, doc.base, theirs);
  if (!fields.length) {
    // nothing the officer changed was changed by the other: rebuild on theirs
    await rebase(ops, theirs);
    return;
  }
  await authorsOf(doc.id, fields);
  await outbox.putDoc({ ...(await outbox.getDoc(doc.key)), theirs });
  throw new Conflict({ key: doc.key, id: doc.id, fields, theirs });
}

async function rebase(ops, theirs) {
  for (const o of ops) {
    o.sent = null;
    await outbox.update(o);
  }
  await rememberServer(theirs);
}

// The officer's choices: {fieldKey: 'mine' | 'theirs'}. Changes whose every
// field went to the server's version are dropped; the rest are rebuilt on
// the server's record (its version) with a new op id.
export async function resolve(key, choices) {
  const doc = await outbox.getDoc(key);
  for (const o of (await outbox.all()).filter((x) => x.key === key && x.kind === 'patch')) {
    const d = o.data;
    if (d.type === 'set') {
      for (const f of Object.keys(d.fields)) if (choices[f] === 'theirs') delete d.fields[f];
      if (!Object.keys(d.fields).length) { await outbox.remove(o.seq); continue; }
    } else if ((d.type === 'answer' && choices[`answer:${d.item_id}`] === 'theirs') || (d.type === 'checklist' && choices.checklist_code === 'theirs')) {
      await outbox.remove(o.seq);
      continue;
    }
    o.sent = null;
    o.opId = clientId();
    await outbox.update(o);
  }
  const theirs = doc.theirs;
  delete doc.theirs;
  await outbox.putDoc(doc);
  if (theirs) await rememberServer(theirs);
}

// ---- sending ----

async function readInspectionRaw(id) {
  return readInspection(id, { networkOnly: true });
}

async function freshen(doc) {
  const { doc: d } = await readInspectionRaw(doc.id);
  return d;
}

// Send one queued entry. Resolves when the server has it.
async function sendOne(op) {
  if (op.kind === 'create') {
    await rememberServer(await api.post('/api/v1/inspections', op.data, { silent: true }));
    return;
  }
  let doc = op.key ? await outbox.getDoc(op.key) : null;
  if (!doc && op.id) doc = { id: op.id };
  if (!doc || !doc.id) throw new ApiError({ status: 400, code: 'outbox.no_inspection', message: '检查记录未能建立，这项修改无法保存' });
  if (!doc.base || doc.base.id !== doc.id) doc = await rememberServer(await freshen(doc));
  const d = op.data;
  const id = doc.id;
  if (op.kind === 'patch' || op.kind === 'sign') {
    if (!op.sent) {
      if (op.kind === 'patch') op.sent = patchBody(op, doc.base);
      else {
        const sig = doc.base.evidence.find((e) => e.client_id === d.signature_client_id);
        if (!sig) throw new ApiError({ status: 400, code: 'outbox.no_signature', message: '签名图片未能上传，请重新签字' });
        op.sent = { op_id: op.opId, version: doc.base.version, signer_name: d.signer_name, signature_id: sig.id };
      }
      await outbox.update(op);
    }
    try {
      const path = op.kind === 'patch' ? `/api/v1/inspections/${id}` : `/api/v1/inspections/${id}/sign`;
      const r = op.kind === 'patch' ? await api.patch(path, op.sent, { silent: true }) : await api.post(path, op.sent, { silent: true });
      await rememberServer(r);
    } catch (err) {
      if (err.status !== 409 || err.code !== 'conflict.version') throw err;
      if (op.kind === 'sign') {
        // the signing is built again on the record as it is now
        op.sent = null;
        await outbox.update(op);
        await rememberServer(await freshen(doc));
      } else await onVersionConflict(op, doc);
      return 'retry';
    }
    return;
  }
  if (op.kind === 'finding') {
    await api.post(`/api/v1/inspections/${id}/findings`, d, { silent: true });
  } else if (op.kind === 'hazard') {
    let f = doc.base.findings.find((x) => x.client_id === d.finding_client_id);
    if (!f) f = (await freshen(doc)).findings.find((x) => x.client_id === d.finding_client_id);
    if (!f) throw new ApiError({ status: 400, code: 'outbox.no_finding', message: '隐患所属的问题未能保存' });
    await api.post(`/api/v1/findings/${f.id}/hazard`, { grade: d.grade, deadline: d.deadline }, { silent: true });
  } else if (op.kind === 'evidence') {
    await uploadEvidence(id, op.blob, d);
  }
  await rememberServer(await freshen(doc));
}

let flushing = null;

// Send everything waiting, oldest first. Resolves with {sent, failed:
// [{op, error}], conflict, offline, waiting}. No connection, a lost session
// (401) or a server error keep the entry and stop (the order is kept); a
// refusal (other 4xx) drops it and reports it — sent again it would be
// refused again; a conflict stops until the officer has chosen.
export function flush() {
  if (flushing) return flushing;
  flushing = (async () => {
    const result = { sent: 0, failed: [], conflict: null, offline: false };
    for (let guard = 0; guard < 500; guard++) {
      const [op] = await outbox.all();
      if (!op) break;
      try {
        if ((await sendOne(op)) === 'retry') continue;
        await outbox.remove(op.seq);
        result.sent++;
      } catch (err) {
        if (err instanceof Conflict) { result.conflict = err.detail; break; }
        if (!err.status || err.status === 401 || err.status >= 500) { result.offline = !err.status; break; }
        await outbox.remove(op.seq);
        result.failed.push({ op, error: err });
      }
    }
    result.waiting = (await outbox.all()).length;
    return result;
  })().finally(() => { flushing = null; });
  return flushing;
}
