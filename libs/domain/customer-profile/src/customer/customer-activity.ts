/** Money and satisfaction summaries of the 360 view, from the customer's facts (time is in the facts). */

export interface MoneyFact {
  amount: number;
  currency: string;
  at: string;
}

const DAY_MS = 86_400_000;
const cents = (n: number) => Math.round(n * 100) / 100;

/** Lifetime value per currency is placed minus refunded; the headline currency is the one most ordered in. */
export function summariseOrders(orders: readonly MoneyFact[], refunds: readonly MoneyFact[]) {
  const lifetimeValue: Record<string, number> = {};
  const refunded: Record<string, number> = {};
  const perCurrency = new Map<string, number>();
  for (const o of orders) {
    lifetimeValue[o.currency] = cents((lifetimeValue[o.currency] ?? 0) + o.amount);
    perCurrency.set(o.currency, (perCurrency.get(o.currency) ?? 0) + 1);
  }
  for (const r of refunds) {
    lifetimeValue[r.currency] = cents((lifetimeValue[r.currency] ?? 0) - r.amount);
    refunded[r.currency] = cents((refunded[r.currency] ?? 0) + r.amount);
  }
  const times = orders.map((o) => Date.parse(o.at)).sort((a, b) => a - b);
  const currency = [...perCurrency.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
  return {
    count: orders.length,
    lifetimeValue,
    currency,
    lastOrderAt: times.length ? new Date(times[times.length - 1]).toISOString() : null,
    /** Mean days between consecutive orders (null below two orders). */
    purchaseFrequencyDays: times.length > 1 ? Math.round(((times[times.length - 1] - times[0]) / (times.length - 1) / DAY_MS) * 10) / 10 : null,
    refunds: { count: refunds.length, amount: refunded },
  };
}

export interface SurveyFact {
  kind: 'csat' | 'nps' | 'ces';
  score: number;
  at: string;
}

/** Each answer on 0..1, higher is happier (CES measures effort, so it is inverted). */
function happiness(a: SurveyFact): number {
  if (a.kind === 'csat') return (a.score - 1) / 4;
  if (a.kind === 'nps') return a.score / 10;
  return (7 - a.score) / 6;
}

/**
 * The latest answer of each kind and a trend: the mean happiness of the newer half of the (up to 10) latest
 * answers against the older half; a move under 0.1 is `stable`; fewer than two answers give no trend.
 */
export function summariseSatisfaction(answers: readonly SurveyFact[]) {
  const sorted = [...answers].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const last = (kind: SurveyFact['kind']) => [...sorted].reverse().find((a) => a.kind === kind)?.score ?? null;
  const recent = sorted.slice(-10);
  let trend: 'improving' | 'declining' | 'stable' | null = null;
  if (recent.length >= 2) {
    const half = Math.floor(recent.length / 2);
    const mean = (xs: readonly SurveyFact[]) => xs.reduce((s, a) => s + happiness(a), 0) / xs.length;
    const delta = mean(recent.slice(recent.length - half)) - mean(recent.slice(0, recent.length - half));
    trend = delta >= 0.1 ? 'improving' : delta <= -0.1 ? 'declining' : 'stable';
  }
  return { lastCsat: last('csat'), lastNps: last('nps'), lastCes: last('ces'), trend };
}
