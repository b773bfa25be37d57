// The signed-in user, their CSRF token and permitted actions (pinia store).
//
// Filled from POST /api/v1/auth/login and GET /api/v1/me (docs/api.md:
// actions are [{code, name}] with the server's Chinese name); the
// API client reads csrfToken from here for every state-changing request.
// The browser only uses `actions` and `user.role` to decide what to show: the
// server checks every request again.
import { defineStore } from 'pinia';
import { api } from '@/api/client.js';

// {code, name}; a bare code string is shown by its code.
function normalizeAction(a) {
  if (typeof a === 'string') return { code: a, name: a };
  return { code: String(a.code), name: a.name || String(a.code) };
}

export const useSessionStore = defineStore('session', {
  state: () => ({
    user: null,
    csrfToken: '',
    actions: [],
    // A pending or settled GET /me, so that many navigations share one call.
    mePromise: null,
  }),
  getters: {
    signedIn: (state) => state.user !== null,
    isAdmin: (state) => state.user?.role === 'admin',
  },
  actions: {
    can(code) {
      return this.actions.some((a) => a.code === code);
    },
    hasRole(roles) {
      return !roles || roles.includes(this.user?.role);
    },
    applyMe(data) {
      this.user = data.user;
      this.csrfToken = data.csrf_token || '';
      this.actions = (Array.isArray(data.actions) ? data.actions : []).map(normalizeAction);
    },
    // Loads the session once; later calls reuse the answer. Rejects with the
    // ApiError (401 when there is no session).
    ensureLoaded() {
      if (this.user) return Promise.resolve(this.user);
      if (!this.mePromise) {
        // silent + noAuthRedirect: "not signed in" is an answer here, and the
        // router guard decides where to go.
        this.mePromise = api
          .get('/api/v1/me', { silent: true, noAuthRedirect: true })
          .then((data) => {
            this.applyMe(data);
            return this.user;
          })
          .finally(() => {
            this.mePromise = null;
          });
      }
      return this.mePromise;
    },
    async refresh() {
      const data = await api.get('/api/v1/me');
      this.applyMe(data);
      return this.user;
    },
    // Errors are left to the caller (the login form shows them in its alert).
    async login(username, password) {
      const data = await api.post(
        '/api/v1/auth/login',
        { username, password },
        { silent: true, noAuthRedirect: true },
      );
      this.user = data.user;
      this.csrfToken = data.csrf_token || '';
      // The login answer has no actions; /me has them.
      const me = await api.get('/api/v1/me', { silent: true });
      this.applyMe(me);
      return this.user;
    },
    async logout() {
      try {
        await api.post('/api/v1/auth/logout', undefined, { noAuthRedirect: true, silent: true });
      } catch (err) {
        // 401: the session had already ended, which is what we wanted.
        if (err.status !== 401) throw err;
      }
      this.clear();
    },
    clear() {
      this.user = null;
      this.csrfToken = '';
      this.actions = [];
      this.mePromise = null;
    },
  },
});
