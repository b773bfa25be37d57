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

// Roles that enter the bank's payments (core/perm.c case.payment).
const PAYMENT_ROLES = ['section_head', 'bureau_leader', 'admin'];
// Roles that get the officer reports (core/perm.c officer.report, issue 4).
const OFFICER_REPORT_ROLES = ['admin', 'bureau_leader', 'section_head', 'legal_reviewer', 'township_officer', 'city_supervisor'];

const routes = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./modules/auth/LoginPage.vue'),
    meta: { public: true, title: '登录' },
  },
  // the public portal (R14 一公开, no login; issue 10 adds its pages here)
  {
    path: '/public',
    component: () => import('./modules/public/PublicLayout.vue'),
    meta: { public: true },
    children: [
      { path: '', redirect: '/public/home' },
      { path: 'home', name: 'public-home', component: () => import('./modules/public/PublicHomePage.vue'), meta: { public: true, title: '执法公示' } },
      { path: 'officers', name: 'public-officers', component: () => import('./modules/public/PublicOfficersPage.vue'), meta: { public: true, title: '执法人员公示' } },
      { path: 'catalogue', name: 'public-catalogue', component: () => import('./modules/public/PublicCataloguePage.vue'), meta: { public: true, title: '执法事项与裁量基准' } },
      { path: 'draws', name: 'public-draws', component: () => import('./modules/public/PublicDrawsPage.vue'), meta: { public: true, title: '双随机抽查结果公示' } },
      { path: 'draws/:id', name: 'public-draw', component: () => import('./modules/public/PublicDrawPage.vue'), meta: { public: true, title: '双随机抽查记录' } },
      { path: 'draw-rules', name: 'public-draw-rules', component: () => import('./modules/public/PublicRulesPage.vue'), meta: { public: true, title: '双随机抽查规则' } },
      { path: 'decisions', name: 'public-decisions', component: () => import('./modules/public/PublicDecisionsPage.vue'), meta: { public: true, title: '行政处罚决定公开' } },
      { path: 'credit', name: 'public-credit', component: () => import('./modules/public/PublicCreditPage.vue'), meta: { public: true, title: '严重失信主体名单' } },
      { path: 'decisions/:id', name: 'public-decision', component: () => import('./modules/public/PublicDecisionPage.vue'), meta: { public: true, title: '行政处罚决定书' } },
      { path: 'log', name: 'public-log', component: () => import('./modules/public/PublicLogPage.vue'), meta: { public: true, title: '执法全过程记录核验' } },
      // 文书核验 (issue 9): the QR code on every issued document leads here
      { path: 'verify', name: 'public-verify-form', component: () => import('./modules/public/PublicVerifyPage.vue'), meta: { public: true, title: '执法文书核验' } },
      { path: 'verify/:code', name: 'public-verify', component: () => import('./modules/public/PublicVerifyPage.vue'), meta: { public: true, title: '执法文书核验' } },
    ],
  },
  // the enterprise's gate QR code (扫码入企, issue 7): public; an officer
  // signed in on the phone gets the arrival button
  { path: '/e/:id/:secret', name: 'gate', component: () => import('./modules/inspections/EnterpriseGatePage.vue'), meta: { public: true, title: '扫码入企' } },
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
      { path: 'officers', redirect: '/officers/list' },
      { path: 'officers/list', name: 'officers', component: () => import('./modules/officers/OfficersPage.vue'), meta: { title: '人员名册' } },
      { path: 'officers/training', name: 'officers-training', component: () => import('./modules/officers/TrainingPage.vue'), meta: { title: '培训与证件预警', roles: OFFICER_REPORT_ROLES } },
      { path: 'officers/ratio', name: 'officers-ratio', component: () => import('./modules/officers/RatioPage.vue'), meta: { title: '专业化比例', roles: OFFICER_REPORT_ROLES } },
      { path: 'officers/staffing', name: 'officers-staffing', component: () => import('./modules/officers/StaffingPage.vue'), meta: { title: '编制与绩效', roles: OFFICER_REPORT_ROLES } },
      { path: 'officers/equipment', name: 'officers-equipment', component: () => import('./modules/officers/EquipmentPage.vue'), meta: { title: '执法装备', roles: OFFICER_REPORT_ROLES } },
      { path: 'officers/settings', name: 'officers-settings', component: () => import('./modules/officers/SettingsPage.vue'), meta: { title: '规则参数', roles: OFFICER_REPORT_ROLES } },
      // enterprise registry (issue 3, R11)
      { path: 'enterprises', name: 'enterprises', component: () => import('./modules/enterprises/EnterprisesPage.vue'), meta: { title: '企业库' } },
      // catalogue and discretion (issue 3)
      { path: 'catalogue', redirect: '/catalogue/items' },
      { path: 'catalogue/items', name: 'catalogue', component: () => import('./modules/catalogue/CataloguePage.vue'), meta: { title: '执法事项目录' } },
      { path: 'catalogue/items/:code', name: 'catalogue-item', component: () => import('./modules/catalogue/ItemPage.vue'), meta: { title: '执法事项' } },
      { path: 'catalogue/discretion', name: 'discretion', component: () => import('./modules/catalogue/DiscretionPage.vue'), meta: { title: '裁量计算器' } },
      // inspection checklists as data (issue 7, part A)
      { path: 'catalogue/checklists', name: 'checklists', component: () => import('./modules/checklists/ChecklistsPage.vue'), meta: { title: '检查表' } },
      { path: 'catalogue/checklists/:code', name: 'checklist', component: () => import('./modules/checklists/ChecklistPage.vue'), meta: { title: '检查表' } },
      { path: 'admin/legal-params', name: 'admin-legal-params', component: () => import('./modules/catalogue/LegalParamsPage.vue'), meta: { title: '法定参数', roles: ['admin'] } },
      { path: 'admin/portal', name: 'admin-portal', component: () => import('./modules/admin/PortalTextPage.vue'), meta: { title: '执法公示内容', roles: ['admin'] } },
      { path: 'admin/draw-rules', name: 'admin-draw-rules', component: () => import('./modules/admin/DrawRulesTextPage.vue'), meta: { title: '双随机抽查规则', roles: ['admin'] } },
      { path: 'disclosure/decisions', name: 'disclosure-decisions', component: () => import('./modules/disclosure/PublicationsPage.vue'), meta: { title: '处罚决定公开', roles: ['officer', 'legal_reviewer', 'section_head', 'bureau_leader', 'township_officer', 'city_supervisor', 'admin'] } },
      // credit punishment (issue 10, R26)
      { path: 'disclosure/credit', name: 'disclosure-credit', component: () => import('./modules/credit/CreditPage.vue'), meta: { title: '信用惩戒', roles: ['officer', 'legal_reviewer', 'section_head', 'bureau_leader', 'township_officer', 'city_supervisor', 'admin'] } },
      { path: 'log', name: 'log', component: () => import('./modules/log/LogPage.vue'), meta: { title: '全过程记录' } },
      // 案卷评查 (issue 11, R30): rounds, score sheets, the officers' feedback
      { path: 'evaluation', name: 'evaluation', component: () => import('./modules/evaluation/EvaluationPage.vue'), meta: { title: '案卷评查' } },
      { path: 'evaluation/rounds/:id(\\d+)', name: 'evaluation-round', component: () => import('./modules/evaluation/RoundPage.vue'), meta: { title: '评查轮次' } },
      { path: 'evaluation/rounds/:id(\\d+)/cases/:caseId(\\d+)', name: 'evaluation-sheet', component: () => import('./modules/evaluation/SheetPage.vue'), meta: { title: '评查打分' } },
      // 领导干部干预执法活动记录 (issue 11, R31)
      { path: 'interference', name: 'interference', component: () => import('./modules/interference/InterferencePage.vue'), meta: { title: '干预记录' } },
      // 移送与衔接: transfers to agencies and the police, 公益诉讼 (issue 11, R27/R28)
      { path: 'transfers', name: 'transfers', component: () => import('./modules/transfers/TransfersPage.vue'), meta: { title: '移送与衔接', roles: ['officer', 'auxiliary', 'legal_reviewer', 'section_head', 'bureau_leader', 'township_officer', 'city_supervisor', 'admin'] } },
      // 协作与数据交换: agencies, API tokens, shares, notices (issue 11, R27/R29)
      { path: 'exchange', name: 'exchange', component: () => import('./modules/exchange/ExchangePage.vue'), meta: { title: '协作与数据交换', roles: ['officer', 'auxiliary', 'legal_reviewer', 'section_head', 'bureau_leader', 'township_officer', 'city_supervisor', 'admin'] } },
      // 执法文书 (issue 9)
      { path: 'documents', name: 'documents', component: () => import('./modules/documents/DocumentsPage.vue'), meta: { title: '执法文书' } },
      { path: 'admin/document-settings', name: 'admin-document-settings', component: () => import('./modules/documents/DocumentSettingsPage.vue'), meta: { title: '文书设置', roles: ['admin'] } },
      { path: 'admin/document-templates', name: 'admin-document-templates', component: () => import('./modules/documents/TemplatesPage.vue'), meta: { title: '文书模板', roles: ['admin'] } },
      // on-site inspections on the phone, hazards, evidence (issue 7, part B)
      { path: 'inspections', name: 'inspections', component: () => import('./modules/inspections/InspectionsPage.vue'), meta: { title: '现场检查' } },
      { path: 'inspections/:id', name: 'inspection', component: () => import('./modules/inspections/InspectionPage.vue'), meta: { title: '现场检查' } },
      // administrative penalty cases (issue 8, part C: the case pages)
      { path: 'cases', name: 'cases', component: () => import('./modules/cases/CasesPage.vue'), meta: { title: '案件办理' } },
      // 银行对账导入 (issue 8, R23): the roles of case.payment (core/perm.c)
      { path: 'finance/payments', name: 'finance-payments', component: () => import('./modules/finance/PaymentsImportPage.vue'), meta: { title: '银行对账导入', roles: PAYMENT_ROLES } },
      { path: 'cases/new', name: 'case-new', component: () => import('./modules/cases/NewCasePage.vue'), meta: { title: '新建案件' } },
      { path: 'cases/:id(\\d+)', name: 'case', component: () => import('./modules/cases/CasePage.vue'), meta: { title: '案件' } },
      // statistics: the dashboard and the records behind a figure (issue 11, R32)
      { path: 'statistics', name: 'statistics', component: () => import('./modules/statistics/StatsPage.vue'), meta: { title: '统计分析' } },
      { path: 'statistics/list', name: 'statistics-list', component: () => import('./modules/statistics/StatsListPage.vue'), meta: { title: '统计明细' } },
      // annual plans and joint inspections (issue 6, part A)
      { path: 'plans', redirect: '/plans/annual' },
      { path: 'plans/annual', name: 'plans', component: () => import('./modules/plans/PlansPage.vue'), meta: { title: '年度计划' } },
      { path: 'plans/annual/:id', name: 'plan', component: () => import('./modules/plans/PlanDetailPage.vue'), meta: { title: '年度计划详情' } },
      // double-random draws (issue 6, part B)
      { path: 'plans/draws', name: 'draws', component: () => import('./modules/draws/DrawsPage.vue'), meta: { title: '双随机抽查' } },
      { path: 'plans/draws/:id', name: 'draw', component: () => import('./modules/draws/DrawPage.vue'), meta: { title: '双随机抽查详情' } },
      // working-day calendar and legal deadlines (issue 8)
      { path: 'catalogue/deadlines', name: 'deadlines', component: () => import('./modules/deadlines/DeadlinesPage.vue'), meta: { title: '期限计算器' } },
      { path: 'admin/calendar', name: 'admin-calendar', component: () => import('./modules/deadlines/CalendarPage.vue'), meta: { title: '工作日历', roles: ['admin'] } },
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
