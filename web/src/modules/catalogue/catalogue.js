// Shared helpers of the catalogue module: money in fen shown as yuan
// (integer arithmetic, no floating point), today's date in China, labels.
export function yuan(fen) {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const v = Math.abs(fen);
  const whole = Math.trunc(v / 100);
  const cents = v % 100;
  return `${sign}${whole.toLocaleString('zh-CN')}${cents ? '.' + String(cents).padStart(2, '0') : ''}元`;
}

// "12345.67" (元, at most 2 decimals) → 1234567 fen, by string arithmetic (no
// floating point); null when not an amount.
export function yuanToFen(text) {
  const m = /^\s*(\d{1,13})(?:\.(\d{1,2}))?\s*$/.exec(String(text ?? ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'));
}

export const GRADES = [
  { code: 'general', name: '一般事故' },
  { code: 'larger', name: '较大事故' },
  { code: 'major', name: '重大事故' },
  { code: 'especially_major', name: '特别重大事故' },
];

function pct(pm) {
  return pm % 10 === 0 ? `${pm / 10}%` : `${Math.trunc(pm / 10)}.${pm % 10}%`;
}

// A fine rule (fine_rule of a catalogue version) in words.
export function ruleText(rule) {
  if (!rule) return '';
  if (rule.kind === 'income') {
    return rule.grades.map((g) => {
      const share = g.min_permille === g.max_permille ? pct(g.min_permille) : `${pct(g.min_permille)}–${pct(g.max_permille)}`;
      const grade = GRADES.find((x) => x.code === g.grade);
      return `${grade ? grade.name + '：' : ''}上一年年收入的${share}`;
    }).join('；');
  }
  if (rule.kind === 'multiple') {
    return `${rule.base || '所据罚款数额'}的${rule.min_mult}–${rule.max_mult}倍${rule.cap_fen ? `，最高${yuan(rule.cap_fen)}` : ''}`;
  }
  return '';
}

export function fineRange(item) {
  if (item.fine_rule) return ruleText(item.fine_rule);
  if (item.fine_min === null && item.fine_max === null) return '无固定数额';
  if (item.fine_min === null) return `${yuan(item.fine_max)}以下`;
  if (item.fine_max === null) return `${yuan(item.fine_min)}以上`;
  return `${yuan(item.fine_min)} – ${yuan(item.fine_max)}`;
}

// Dates of legal meaning are local (Asia/Shanghai).
export function today() {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

export const DOMAINS = ['危化', '烟花爆竹', '矿山', '工贸', '通用', '地质灾害', '水旱灾害', '森林火灾', '防震减灾', '应急救援', '其他'];
export const KINDS = ['行政处罚', '行政强制', '行政检查'];
export const TIERS = [
  { code: 'minor', name: '轻微' },
  { code: 'general', name: '一般' },
  { code: 'serious', name: '较重' },
  { code: 'severe', name: '严重' },
];
