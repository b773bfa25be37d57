// Code lists of the enterprise registry (the server's /api/v1/enterprises/codes
// is the source; these are the same, for filters before it answers) and who
// may edit (core/perm.c enterprise.write; the server checks every request).
export const DOMAINS = [
  { code: 'hazchem', name: '危化' },
  { code: 'fireworks', name: '烟花爆竹' },
  { code: 'mining', name: '矿山' },
  { code: 'industry', name: '工贸' },
  { code: 'other', name: '其他' },
];
export const SCALES = [
  { code: 'above', name: '规上' },
  { code: 'below', name: '规下' },
  { code: 'micro', name: '小微' },
];
export const RISKS = [
  { code: 'red', name: '红', color: '#d9001b' },
  { code: 'orange', name: '橙', color: '#f07c00' },
  { code: 'yellow', name: '黄', color: '#d4a800' },
  { code: 'blue', name: '蓝', color: '#1f6fd1' },
];
export const SUPERVISIONS = [
  { code: 'key', name: '重点' },
  { code: 'general', name: '一般' },
];
export const STATUSES = [
  { code: 'operating', name: '在营' },
  { code: 'suspended', name: '停产' },
  { code: 'closed', name: '注销' },
];

const WRITERS = ['admin', 'section_head', 'officer', 'township_officer'];
export function canWrite(session) {
  return WRITERS.includes(session.user?.role);
}

// The colour of a risk level (红橙黄蓝 four-colour risk map).
export function riskColor(code) {
  return RISKS.find((r) => r.code === code)?.color || '#909399';
}
