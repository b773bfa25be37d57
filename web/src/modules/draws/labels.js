// Shared bits of the draw pages (issue 6, R13/R14). The server sends Chinese
// names with every status and enforces every rule; these only choose what
// to show. core/perm.c: draw.create admin section_head township_officer;
// draw.witness bureau_leader section_head legal_reviewer (never the creator).
export const STATUS_TAG = { frozen: 'warning', done: 'success', cancelled: 'info' };
export const DOMAINS = [
  { code: 'hazchem', name: '危化' }, { code: 'fireworks', name: '烟花爆竹' }, { code: 'mining', name: '矿山' },
  { code: 'industry', name: '工贸' }, { code: 'other', name: '其他' },
];
export const CLASSES = [{ code: 'general', name: '一般' }, { code: 'key', name: '重点' }];
export const RISKS = [{ code: 'red', name: '红' }, { code: 'orange', name: '橙' }, { code: 'yellow', name: '黄' }, { code: 'blue', name: '蓝' }];
export const REASONS = { relation: '回避（利害关系）', last_draw: '上次抽查已派' };
export const canCreateDraws = (session) => session.can('draw.create');
export const canWitness = (session, draw) => session.can('draw.witness') && draw?.created_by?.id !== session.user?.id;
