// The evidence outbox (issue 7, R34 — the part that is done): a photo or
// signature is put into IndexedDB with its client id, hash and capture time
// BEFORE it is sent, and removed only when the server has answered for it.
// A lost connection leaves it there; flush() (on the `online` event, on the
// page's load and after each capture) sends it again with the same client
// id, so the server stores it once however often it is replayed. What is
// NOT done: the app shell offline (service worker), queued document edits
// (PATCH) and findings — those need a connection.
import { uploadEvidence } from './inspections.js';

const DB = 'zhifa-outbox';
const STORE = 'evidence';

function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'clientId' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function tx(mode, fn) {
  return open().then((db) => new Promise((resolve, reject) => {
    const t = db.transaction(STORE, mode);
    const out = fn(t.objectStore(STORE));
    t.oncomplete = () => { db.close(); resolve(out && out.result !== undefined ? out.result : undefined); };
    t.onerror = () => { db.close(); reject(t.error); };
  }));
}

// {clientId, inspectionId, blob, meta}
export function put(item) {
  return tx('readwrite', (s) => s.put(item));
}

export function remove(clientId) {
  return tx('readwrite', (s) => s.delete(clientId));
}

export function all() {
  return tx('readonly', (s) => s.getAll());
}

let flushing = null;

// Send everything waiting; resolves with {sent, failed: [{item, error}],
// waiting}. A network error keeps the item; a refusal by the server (4xx)
// drops it and reports it (sending it again would be refused again).
export function flush() {
  if (flushing) return flushing;
  flushing = (async () => {
    const items = await all();
    let sent = 0;
    const failed = [];
    for (const item of items) {
      try {
        await uploadEvidence(item.inspectionId, item.blob, item.meta);
        await remove(item.clientId);
        sent++;
      } catch (err) {
        if (err.status >= 400 && err.status < 500 && err.status !== 401) {
          await remove(item.clientId);
          failed.push({ item, error: err });
        } else break; // still offline: keep the rest in order
      }
    }
    return { sent, failed, waiting: (await all()).length };
  })().finally(() => { flushing = null; });
  return flushing;
}
