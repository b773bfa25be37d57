// Labels and tag colours shared by the officer pages (issue 4). The server
// sends Chinese names with every code; these only choose colours and the
// options of the edit forms.
export const KINDS = [
  { code: 'officer', name: '执法人员' },
  { code: 'auxiliary', name: '执法辅助人员' },
  { code: 'expert', name: '专家' },
];
export const STATUSES = [
  { code: 'serving', name: '在岗' },
  { code: 'transferred', name: '调离' },
  { code: 'retired', name: '退休' },
  { code: 'suspended', name: '暂停执法' },
  { code: 'left', name: '离职' },
];
export const EQUIPMENT_CATEGORIES = [
  { code: 'body_camera', name: '执法记录仪' },
  { code: 'mobile_terminal', name: '移动执法终端' },
  { code: 'vehicle', name: '执法执勤用车' },
  { code: 'gas_detector', name: '便携式气体检测仪' },
  { code: 'dust_tester', name: '粉尘浓度检测仪' },
  { code: 'protective_gear', name: '个人防护装备' },
  { code: 'other', name: '其他' },
];
export const EQUIPMENT_STATUSES = [
  { code: 'in_use', name: '在用' },
  { code: 'spare', name: '备用' },
  { code: 'repair', name: '维修' },
  { code: 'retired', name: '报废' },
];

export function certTagType(state) {
  if (state === 'expired' || state === 'missing' || state === 'not_yet_valid') return 'danger';
  if (state === 'expiring') return 'warning';
  return 'success';
}

// Per-mille as "75.0%" (integer arithmetic, as the server computes it).
export function permille(v) {
  if (v === null || v === undefined) return '—';
  return `${Math.trunc(v / 10)}.${v % 10}%`;
}

// Only admin and section heads edit (the server checks every request).
export function canEdit(session) {
  return ['admin', 'section_head'].includes(session.user?.role);
}
