// Labels and small helpers of the penalty case pages (issue 8, part C).
// The server is the authority on states, transitions and findings (their
// Chinese names come with the answers); this file only names what the
// answers carry as codes: sources, service methods, review opinions, the
// event fields each transition form asks for, the log actions of a case.

export const SOURCE_KINDS = {
  inspection: '检查发现',
  complaint: '投诉举报',
  referral: '移送',
  accident: '事故调查',
  report: '上级交办',
  ad_hoc: '其他（直接立案）',
};

export const STATES = {
  draft: '待立案', filed: '立案', investigating: '调查取证', reviewing: '案件审理',
  legal_review: '法制审核', collective_discussion: '集体讨论', notified: '告知',
  hearing: '陈述申辩/听证', decided: '决定', no_penalty: '不予处罚', served: '送达',
  executing: '执行', closed: '结案', archived: '归档', withdrawn: '撤销立案',
};

export const STATE_TAG = {
  draft: 'info', withdrawn: 'info', closed: 'success', archived: 'success',
  decided: 'warning', no_penalty: 'warning', served: 'warning', executing: 'danger',
};

// 行政处罚法 第61条 (送达) with 民事诉讼法 第七章 (送达的方式)
export const SERVICE_METHODS = {
  on_spot: '当场交付',
  direct: '直接送达',
  retained: '留置送达',
  mail: '邮寄送达',
  electronic: '电子送达（当事人同意）',
  entrusted: '委托送达',
  notice: '公告送达',
};

export const OPINIONS = { agree: '同意', change: '修改后同意', return: '退回补充调查' };
export const REVIEW_KINDS = { legal_review: '法制审核', collective_discussion: '集体讨论' };
export const PAYMENT_KINDS = { notice: '缴款通知', bank: '银行缴款确认', instalment: '分期缴纳', deferral: '延期缴纳' };

// The articles of the deadlines a case shows (core/deadline, docs/internals/deadlines.md);
// the page prefers the source of GET /api/v1/deadlines/rules.
export const RULE_FALLBACK = {
  decision: { label: '办案期限（立案至决定）', source: '行政处罚法 第60条' },
  statement: { label: '陈述申辩期限', source: '行政处罚法 第44、45条' },
  hearing_request: { label: '听证申请期限', source: '行政处罚法 第64条第1款第1项、第85条' },
  service: { label: '决定书送达期限', source: '行政处罚法 第61条第1款、第85条' },
  payment: { label: '缴纳罚款期限', source: '行政处罚法 第67条第3款' },
  instalment: { label: '分期缴纳当期期限', source: '行政处罚法 第66条第2款' },
  enforcement_application: { label: '申请人民法院强制执行期限', source: '行政强制法 第53条' },
};

// The fields of POST /api/v1/cases/{id}/transitions each event's form asks
// for (the event's own date defaults to today on the server; never future).
// kind: date | bool | text | textarea | method; today: the form starts with
// today's date (the server defaults most own dates, but not served_on).
export const EVENT_FIELDS = {
  file: [
    { key: 'filed_on', label: '立案日期', kind: 'date', today: true },
    { key: 'old_violation_reason', label: '未超过追诉时效的理由（违法行为已逾两年时填写，第36条）', kind: 'textarea' },
  ],
  investigate: [],
  review: [],
  // after a hearing (第58条第1款第2项) the case goes to review with the
  // hearing's date; before the notice the field stays empty
  legal_review: [
    { key: 'hearing_held_on', label: '举行听证日期（听证后提交审核时填写）', kind: 'date' },
    // 第64条第1款第2项: the notice of the hearing's time and place, 7 working days before
    { key: 'hearing_notice_on', label: '听证通知书送达日期（举行听证七个工作日前）', kind: 'date' },
  ],
  legal_return: [],
  discuss: [],
  notify: [
    { key: 'notified_on', label: '告知日期', kind: 'date', today: true },
    { key: 'notice_waived', label: '依法不需告知', kind: 'bool' },
  ],
  hearing: [{ key: 'hearing_requested_on', label: '当事人申请听证的日期', kind: 'date' }],
  decide: [
    { key: 'decided_on', label: '决定日期', kind: 'date', today: true },
    { key: 'statements_heard', label: '已听取陈述申辩（当事人已陈述申辩或明确放弃）', kind: 'bool' },
    { key: 'hearing_waived', label: '当事人放弃听证', kind: 'bool' },
    { key: 'hearing_withdrawn', label: '当事人撤回听证申请', kind: 'bool' },
    { key: 'hearing_held_on', label: '举行听证日期', kind: 'date' },
    { key: 'hearing_notice_on', label: '听证通知书送达日期（举行听证七个工作日前）', kind: 'date' },
    { key: 'decision_text', label: '决定书正文', kind: 'textarea' },
  ],
  no_penalty: [
    { key: 'decided_on', label: '决定日期', kind: 'date', today: true },
    { key: 'no_penalty_reason', label: '不予处罚理由', kind: 'textarea' },
    { key: 'statements_heard', label: '已听取陈述申辩', kind: 'bool' },
  ],
  decide_on_spot: [
    { key: 'decided_on', label: '决定日期', kind: 'date', today: true },
    { key: 'filing_record_done', label: '已报所属行政机关备案（第52条第3款）', kind: 'bool' },
    { key: 'decision_text', label: '决定书正文', kind: 'textarea' },
  ],
  serve: [
    { key: 'served_on', label: '送达日期', kind: 'date', today: true },
    { key: 'service_method', label: '送达方式', kind: 'method' },
  ],
  execute: [
    { key: 'enforcement', label: '强制执行措施（加处罚款、申请人民法院强制执行等）', kind: 'text' },
    { key: 'enforcement_on', label: '措施日期', kind: 'date', today: true },
  ],
  close: [{ key: 'criminal_decision', label: '是否移送司法机关的决定（符合追诉标准时）', kind: 'text' }],
  archive: [],
  withdraw: [{ key: 'withdraw_reason', label: '撤销立案理由', kind: 'textarea' }],
};

const TIMELINE_ACTIONS = {
  'case.create': '创建案件',
  'case.update': '修改案件',
  'case.party': '当事人',
  'case.violation': '违法行为与裁量',
  'case.officer': '办案人员',
  'case.review_record': '审核/讨论意见',
  'case.decision_correct': '更正决定',
  'case.payment_notice': '缴款通知',
  'case.payment': '银行缴款确认',
  'case.payment_plan': '延期缴纳',
  'case.instalment_apply': '分期缴纳申请',
  'case.instalment_decide': '分期缴纳审批',
  'case.file': '立案',
  'case.investigate': '调查取证',
  'case.review': '案件审理',
  'case.legal_review': '送法制审核',
  'case.legal_return': '法制审核退回',
  'case.discuss': '集体讨论',
  'case.notify': '告知',
  'case.hearing': '陈述申辩/听证',
  'case.decide': '作出处罚决定',
  'case.no_penalty': '不予处罚',
  'case.decide_on_spot': '当场处罚',
  'case.serve': '送达',
  'case.execute': '执行',
  'case.close': '结案',
  'case.archive': '归档',
  'case.withdraw': '撤销立案',
  'case.remedy_apply': '复议/诉讼申请',
  'case.remedy_outcome': '复议/诉讼结果',
};
export function actionName(action) {
  return TIMELINE_ACTIONS[action] || action;
}

// fen (int64 in the API) as yuan text; integers only, no floating point.
export function yuan(fen) {
  if (fen === null || fen === undefined || fen === '') return '';
  const n = BigInt(fen);
  const neg = n < 0n;
  const a = neg ? -n : n;
  const y = a / 100n;
  const f = a % 100n;
  const frac = f === 0n ? '' : `.${f.toString().padStart(2, '0')}`;
  return `${neg ? '-' : ''}${y.toString()}${frac} 元`;
}
// "1234.5" yuan → 123450 fen, or null when not a money amount (≤ 2 decimals).
export function parseYuan(text) {
  const m = String(text ?? '').trim().match(/^(\d{1,12})(?:\.(\d{1,2}))?$/);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'));
}
export function fenToYuanText(fen) {
  if (fen === null || fen === undefined) return '';
  const y = Math.trunc(fen / 100);
  const f = fen % 100;
  return f ? `${y}.${String(f).padStart(2, '0')}` : String(y);
}

// Today in China, YYYY-MM-DD (dates of legal meaning are local).
export function todayLocal() {
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
}

export function canWriteCases(session) {
  return session.can('case.write');
}
