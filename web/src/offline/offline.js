// The installable, offline-capable app (issue 7, R34): registering the
// service worker (web/public/sw.js) and forgetting everything offline on
// logout. The worker is registered only in the built app (the Vite dev
// server has no precache list).
import * as outbox from '@/modules/inspections/outbox.js';

const API_CACHE = 'zhifa-api'; // the name sw.js keeps API copies under

export function registerServiceWorker() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // no worker (an old browser, a private window): the app works online
    });
  });
}

// How many changes of the inspection pages have not reached the server.
export async function waitingChanges() {
  try {
    return (await outbox.all()).length;
  } catch {
    return 0;
  }
}

// Logout: the copies of API answers and the outbox go with the session, so
// the next user of the phone sees nothing of this officer's.
export async function forgetOfflineData() {
  if ('caches' in window) await caches.delete(API_CACHE);
  await outbox.clearAll();
}
