// Periods of the statistics pages as local dates (Asia/Shanghai, like the
// server's dates of legal meaning): this month, this quarter, this year.
export function todayLocal() {
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
}
const pad = (n) => String(n).padStart(2, '0');
function lastDay(y, m) { return new Date(Date.UTC(y, m, 0)).getUTCDate(); }

export function period(kind, today = todayLocal()) {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  if (kind === 'quarter') {
    const q0 = Math.floor((m - 1) / 3) * 3 + 1;
    return { from: `${y}-${pad(q0)}-01`, to: `${y}-${pad(q0 + 2)}-${pad(lastDay(y, q0 + 2))}` };
  }
  if (kind === 'year') return { from: `${y}-01-01`, to: `${y}-12-31` };
  return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastDay(y, m))}` };
}

export function monthRange(ym) {
  const y = Number(ym.slice(0, 4));
  const m = Number(ym.slice(5, 7));
  return { from: `${ym}-01`, to: `${ym}-${pad(lastDay(y, m))}` };
}

// fen → "1,234.50" with integer arithmetic (no floating point for money)
export function yuan(fen) {
  const neg = fen < 0;
  const f = Math.abs(fen);
  const whole = String(Math.floor(f / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${whole}.${pad(f % 100)}`;
}
