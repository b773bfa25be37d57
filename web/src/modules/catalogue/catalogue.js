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

export function fineRange(item) {
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
