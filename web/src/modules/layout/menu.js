// The side menu: one entry per module of the platform, in the order officers
// use them. `requirements` names the requirement IDs (mission/REQUIREMENTS.md)
// whose issues bring a module that is not built yet; `roles` limits an entry
// to some roles (the server enforces the same rule on every request).
import {
  House,
  OfficeBuilding,
  User,
  Calendar,
  Location,
  Folder,
  Document,
  Promotion,
  DataAnalysis,
  Setting,
  Tickets,
  Collection,
  Warning,
  Finished,
  Switch,
  Connection,
} from '@element-plus/icons-vue';

// Roles that work in one corner see only that corner (the server refuses
// them everything else anyway): 纪检监察 reads the interference register.
export const ROLE_MENU = { discipline: ['/', '/interference'] };

export const MENU = [
  { path: '/', title: '工作台', icon: House },
  { path: '/enterprises', title: '企业库', icon: OfficeBuilding },
  {
    path: '/officers',
    title: '执法人员',
    icon: User,
    children: [
      { path: '/officers/list', title: '人员名册' },
      { path: '/officers/training', title: '培训与证件预警' },
      { path: '/officers/ratio', title: '专业化比例' },
      { path: '/officers/staffing', title: '编制与绩效' },
      { path: '/officers/equipment', title: '执法装备' },
      { path: '/officers/settings', title: '规则参数' },
    ],
  },
  {
    path: '/plans',
    title: '计划与双随机',
    icon: Calendar,
    children: [
      { path: '/plans/annual', title: '年度计划' },
      // 双随机抽查 (/plans/draws): the draws' child goes here (issue 6, draws)
      { path: '/plans/draws', title: '双随机抽查' },
    ],
  },
  { path: '/inspections', title: '现场检查', icon: Location }, // issue 7, part B
  { path: '/cases', title: '案件办理', icon: Folder }, // issue 8, part C
  // 银行对账导入 (issue 8, R23): finance staff import the bank's statement
  { path: '/finance/payments', title: '银行对账导入', icon: Tickets, roles: ['section_head', 'bureau_leader', 'admin'] },
  {
    path: '/catalogue',
    title: '执法事项与裁量',
    icon: Collection,
    children: [
      { path: '/catalogue/items', title: '执法事项目录' },
      { path: '/catalogue/discretion', title: '裁量计算器' },
      { path: '/catalogue/checklists', title: '检查表' }, // issue 7, part A
      { path: '/catalogue/deadlines', title: '期限计算器' },
    ],
  },
  { path: '/documents', title: '执法文书', icon: Document }, // issue 9
  // 移送与衔接 (issue 11, R27/R28): transfers to agencies and the police, 公益诉讼
  { path: '/transfers', title: '移送与衔接', icon: Switch, roles: ['officer', 'auxiliary', 'legal_reviewer', 'section_head', 'bureau_leader', 'township_officer', 'city_supervisor', 'admin'] },
  // 协作与数据交换 (issue 11, R27/R29): agencies, API tokens, shares, notices
  { path: '/exchange', title: '协作与数据交换', icon: Connection, roles: ['officer', 'auxiliary', 'legal_reviewer', 'section_head', 'bureau_leader', 'township_officer', 'city_supervisor', 'admin'] },
  {
    path: '/disclosure',
    title: '公示公开',
    icon: Promotion,
    children: [
      { path: '/disclosure/decisions', title: '处罚决定公开', roles: ['officer', 'legal_reviewer', 'section_head', 'bureau_leader', 'township_officer', 'city_supervisor', 'admin'] }, // 事后公开 (issue 10)
      { path: '/disclosure/credit', title: '信用惩戒', roles: ['officer', 'legal_reviewer', 'section_head', 'bureau_leader', 'township_officer', 'city_supervisor', 'admin'] }, // R26 (issue 10)
    ],
  },
  { path: '/statistics', title: '统计分析', icon: DataAnalysis, roles: ['section_head', 'bureau_leader', 'city_supervisor', 'admin', 'legal_reviewer', 'officer', 'township_officer'] }, // R32 (issue 11)
  {
    path: '/admin',
    title: '系统管理',
    icon: Setting,
    roles: ['admin'],
    children: [
      { path: '/admin/units', title: '组织机构' },
      { path: '/admin/users', title: '用户管理' },
      { path: '/admin/legal-params', title: '法定参数' },
      { path: '/admin/calendar', title: '工作日历' },
      { path: '/admin/portal', title: '公示内容' },
      { path: '/admin/draw-rules', title: '抽查规则' },
      { path: '/admin/document-templates', title: '文书模板' }, // issue 9
      { path: '/admin/document-settings', title: '文书设置' },
    ],
  },
  // 案卷评查 (issue 11, R30): the supervising roles run rounds; every
  // officer sees and answers the problems sent to them (评查反馈)
  { path: '/evaluation', title: '案卷评查', icon: Finished },
  // 领导干部干预执法活动记录 (issue 11, R31): everyone records, the
  // discipline and supervision roles also read the register
  { path: '/interference', title: '干预记录', icon: Warning },
  { path: '/log', title: '全过程记录', icon: Tickets },
];
