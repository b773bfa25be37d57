// Shared helpers of the checklist module (issue 7): labels of the codes a
// checklist document uses (format: data/checklists/README.md; the server
// validates every upload, core/checklist.c).
import { DOMAINS } from '@/modules/enterprises/labels.js';

export function domainName(code) {
  return DOMAINS.find((d) => d.code === code)?.name || code;
}

export const ANSWERS = { yes: '是', no: '否', na: '不适用' };

// Who keeps checklists (core/perm.c checklist.write; the server checks).
export const WRITERS = ['admin', 'legal_reviewer'];

// "《工贸企业重大事故隐患判定标准》（应急管理部令第10号（2023））粉尘爆炸专项 第（三）项"
export function citation(sources, c) {
  if (!c) return '';
  const s = (sources || []).find((x) => x.id === c.ref);
  const doc = s ? `${s.title}${s.number ? `（${s.number}）` : ''}` : c.ref;
  return `${doc}${c.clause ? ' ' + c.clause : ''}`;
}
