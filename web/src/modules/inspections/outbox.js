// The outbox of the inspection pages (issue 7, R34): everything an officer
// does on an inspection — creating it, each change of the record (team,
// stages, attendees, checklist answers, legal education), findings,
// hazards, photos, the signature and signing — is first written here, in
// IndexedDB, in the order it was done, and removed only when the server has
// answered for it. sync.js sends it (at once when online, on the `online`
// event, on opening a page and every 20 s); a lost connection loses
// nothing. Each entry carries a client-generated id the server recognises
// on a repeat: client_id for creations, findings and evidence, op_id for the
// PATCH and the signing (migration 039), so a write replayed after a lost
// answer is stored once.
//
// Stores: `ops` (autoincrement seq = the order; {seq, opId, key, kind,
// data, blob?, sent?}) and `docs` ({key, id, base}: per inspection, keyed
// by its client_id, its server id once known and the last copy the server
// answered — the base the queued changes apply to and the "before" of a
// conflict). Version 1 had only the photos (`evidence`); they are moved
// into `ops` on upgrade. Logging out deletes the database (clearAll).
const DB = 'zhifa-outbox';

function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 2);
    req.onupgradeneeded = (ev) => {
      const db = req.result;
      const ops = db.createObjectStore('ops', { keyPath: 'seq', autoIncrement: true });
      db.createObjectStore('docs', { keyPath: 'key' });
      if (ev.oldVersion === 1) {
        // photos waiting since version 1: same client id, same order
        const old = req.transaction.objectStore('evidence');
        old.getAll().onsuccess = (e) => {
          for (const item of e.target.result) {
            ops.add({ opId: item.clientId, key: null, id: item.inspectionId, kind: 'evidence', data: item.meta, blob: item.blob });
          }
          db.deleteObjectStore('evidence');
        };
      }
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function tx(store, mode, fn) {
  return open().then((db) => new Promise((resolve, reject) => {
    const t = db.transaction(store, mode);
    const out = fn(t.objectStore(store));
    t.oncomplete = () => { db.close(); resolve(out && out.result !== undefined ? out.result : undefined); };
    t.onerror = () => { db.close(); reject(t.error); };
  }));
}

// Queue an operation; resolves with its seq.
export function add(op) {
  return tx('ops', 'readwrite', (s) => s.add(op));
}

export function update(op) {
  return tx('ops', 'readwrite', (s) => s.put(op));
}

export function remove(seq) {
  return tx('ops', 'readwrite', (s) => s.delete(seq));
}

// Every queued operation, oldest first.
export function all() {
  return tx('ops', 'readonly', (s) => s.getAll());
}

export function getDoc(key) {
  return tx('docs', 'readonly', (s) => s.get(key));
}

export function putDoc(doc) {
  return tx('docs', 'readwrite', (s) => s.put(doc));
}

export function allDocs() {
  return tx('docs', 'readonly', (s) => s.getAll());
}

// Logout: the queue and the copies go with the session.
export function clearAll() {
  return new Promise((resolve) => {
    const req = indexedDB.deleteDatabase(DB);
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  });
}
