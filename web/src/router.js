// Routes of the web app. Everything but /login needs a session; the guard
// loads it once from GET /api/v1/me. Pages limited to some roles say so in
// meta.roles and the layout shows a refusal instead of the page.
import { createRouter, createWebHistory } from 'vue-router';
import { ElMessage } from 'element-plus';
import { PLATFORM_NAME } from './config.js';
import { MENU } from './modules/layout/menu.js';
import { useSessionStore } from './modules/auth/session.js';

const plannedRoutes = MENU.filter((m) => m.planned).map((m) => ({
  path: m.path.slice(1),
  name: m.path.slice(1),
  component: () => import('./modules/layout/PlannedModule.vue'),
  meta: { title: m.title, requirements: m.requirements },
}));

const routes = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./modules/auth/LoginPage.vue'),
    meta: { public: true, title: '登录' },
  },
  {
    path: '/',
    component: () => import('./modules/layout/MainLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('./modules/layout/HomePage.vue'), meta: { title: '工作台' } },
      { path: 'me', name: 'me', component: () => import('./modules/me/MePage.vue'), meta: { title: '我的' } },
      ...plannedRoutes,
      { path: 'admin', redirect: '/admin/units' },
      {
        path: 'admin/units',
        name: 'admin-units',
        component: () => import('./modules/admin/UnitsPage.vue'),
        meta: { title: '组织机构', roles: ['admin'] },
      },
      {
        path: 'admin/users',
        name: 'admin-users',
        component: () => import('./modules/admin/UsersPage.vue'),
        meta: { title: '用户管理', roles: ['admin'] },
      },
      { path: 'log', name: 'log', component: () => import('./modules/log/LogPage.vue'), meta: { title: '全过程记录' } },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('./modules/layout/NotFound.vue'),
        meta: { title: '页面不存在' },
      },
    ],
  },
];

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (to.meta.public) {
    if (to.name === 'login' && session.signedIn) return { path: '/' };
    return true;
  }
  try {
    await session.ensureLoaded();
    return true;
  } catch (err) {
    if (err.status !== 401) ElMessage.error(err.message);
    const query = to.fullPath && to.fullPath !== '/' ? { redirect: to.fullPath } : {};
    return { path: '/login', query };
  }
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} - ${PLATFORM_NAME}` : PLATFORM_NAME;
});
