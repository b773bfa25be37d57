// Entry point: Vue app, pinia, router, Element Plus styles, and the wiring
// of the API client to the session store and the router.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { vLoading } from 'element-plus';
import 'element-plus/dist/index.css';
import './styles.css';
import App from './App.vue';
import { router } from './router.js';
import { configureClient } from './api/client.js';
import { useSessionStore } from './modules/auth/session.js';
import { registerServiceWorker } from './offline/offline.js';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(router);
app.directive('loading', vLoading);

const session = useSessionStore(pinia);
configureClient({
  csrfToken: () => session.csrfToken,
  // The session ended (expired, logged out elsewhere): back to the login page,
  // remembering where the user was.
  onUnauthorized: () => {
    session.clear();
    const current = router.currentRoute.value;
    if (current.name === 'login') return;
    const query = current.fullPath && current.fullPath !== '/' ? { redirect: current.fullPath } : {};
    router.replace({ path: '/login', query });
  },
});

app.mount('#app');
registerServiceWorker();
