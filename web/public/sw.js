// The service worker of the zhifa web app (issue 7, R34: inspections in
// mines and workshops with no signal). Plain JS, no library.
//
// - The app shell (index.html and the hashed files of the Vite build) is
//   precached at install; the list is written into BUILD below by the
//   build (web/vite.config.js, plugin zhifa-precache), so a new release is
//   a new sw.js and the browser installs it and drops the old shell.
// - Navigations are network-first (a new release shows at once) and fall
//   back to the cached index.html: the single-page app opens offline.
// - Only the API answers the inspection pages need are kept, network-first
//   with the last copy as fallback: the officer's own session (/me), the
//   day's inspections list, an inspection the officer opened, the
//   checklists, the unit's officers and the overdue orders. Nothing else
//   of the API is ever cached (no cases, no enterprises, no evidence bytes),
//   and the page deletes this cache on logout (web/src/offline/caches.js).
// - Writes never pass through a cache: the page queues them itself
//   (web/src/modules/inspections/outbox.js).
const BUILD = { version: 'dev', files: [] }; // BUILD: replaced by the build
const SHELL = `zhifa-shell-${BUILD.version}`;
const API = 'zhifa-api';

// [path pattern, required query parameter or null]
const API_KEPT = [
  [/^\/api\/v1\/me$/, null],
  [/^\/api\/v1\/inspections$/, 'date'],
  [/^\/api\/v1\/inspections\/\d+$/, null],
  [/^\/api\/v1\/checklists$/, null],
  [/^\/api\/v1\/checklists\/[A-Za-z0-9_-]+$/, null],
  [/^\/api\/v1\/officers$/, 'unit_id'],
  [/^\/api\/v1\/hazards$/, 'overdue'],
];

function kept(url) {
  return API_KEPT.some(([re, param]) => re.test(url.pathname) && (!param || url.searchParams.has(param)));
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(SHELL)
      .then((c) => c.addAll(['/index.html', ...BUILD.files.filter((f) => f !== '/index.html')]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('zhifa-shell-') && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The answer when there is neither a connection nor a copy: the API's own
// error envelope, so the page shows a Chinese message.
function offlineAnswer() {
  const body = JSON.stringify({ error: { code: 'http.offline', message: '网络不可用，且本机没有该数据的离线副本' } });
  return new Response(body, { status: 503, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}

async function networkFirst(request) {
  const cache = await caches.open(API);
  try {
    const res = await fetch(request);
    if (res.ok) await cache.put(request, res.clone());
    return res;
  } catch {
    const copy = await cache.match(request);
    if (!copy) return offlineAnswer();
    // the page must know it reads a copy (sync.js never takes it as fresh)
    const headers = new Headers(copy.headers);
    headers.set('X-Zhifa-Offline-Copy', '1');
    return new Response(await copy.blob(), { status: copy.status, headers });
  }
}

async function navigation(request) {
  try {
    return await fetch(request);
  } catch {
    const shell = await caches.open(SHELL);
    return (await shell.match('/index.html')) || Response.error();
  }
}

async function shellFirst(request) {
  const copy = await caches.match(request, { cacheName: SHELL });
  return copy || fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigation(request));
  } else if (url.pathname.startsWith('/api/')) {
    // X-Zhifa-Network-Only: the sync reads the record as the server has it now
    if (kept(url) && !request.headers.has('X-Zhifa-Network-Only')) event.respondWith(networkFirst(request));
  } else if (BUILD.files.includes(url.pathname)) {
    event.respondWith(shellFirst(request));
  }
});
