// Shared bits of the plan pages (issue 6). The server sends Chinese names
// with every code and enforces every rule; these only choose what to show.
export const STATUS_TAG = { draft: 'info', submitted: 'warning', approved: 'success' };
export const ENTRY_STATUS = { planned: '计划中', done: '已完成', cancelled: '已撤销', merged: '已合并' };
export const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
// core/perm.c: plan.write admin section_head township_officer; plan.approve bureau_leader
export const canWritePlans = (session) => ['admin', 'section_head', 'township_officer'].includes(session.user?.role);
export const canApprovePlans = (session) => session.user?.role === 'bureau_leader';
