// Labels of the transfers module (issue 11, R27/R28), as the server names
// them; the server is the authority on states and steps (core/transfer.c).
export const KINDS = [
  { code: 'administrative', name: '移送其他部门' },
  { code: 'criminal', name: '涉嫌犯罪移送' },
];
export const kindName = (code) => (KINDS.find((k) => k.code === code) || {}).name || code;

// What each step asks for in its dialog (the server checks it again).
export const STEP_FIELDS = {
  receipt: { who: '回执签收人' },
  feedback: { text: '接收部门反馈内容' },
  approve: { text: '审批意见（选填）', optional: true },
  refuse: { text: '不予批准的理由' },
  send: { method: '移送方式', copy: true, materials: true },
  police_accept: { text: '立案通知书文号等（选填）', optional: true },
  police_refuse: { text: '不予立案的理由' },
  reconsider: { text: '提请复议的理由' },
  reconsider_answer: { answer: true, text: '复议决定内容（选填）', optional: true },
  suggest_supervision: { text: '建议立案监督的内容' },
  hand_over: { text: '移交的涉案物品及材料' },
};

export function todayText() {
  // the local date in China (UTC+8), as the server checks it
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
