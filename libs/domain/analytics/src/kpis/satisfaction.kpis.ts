/**
 * Satisfaction KPIs exactly as product.md defines them. Pure functions over answers, shared by the ClickHouse
 * queries' tests (the SQL must give the same numbers) and by anything that computes a KPI in memory.
 */
export interface KpiValue {
  value: number | null;
  /** The denominator behind `value` (api.md: `count` beside every value). */
  count: number;
}

/** NPS (0-10): % promoters (9-10) minus % detractors (0-6); passives count in the denominator. -100..100. */
export function nps(scores: readonly number[]): KpiValue {
  if (scores.length === 0) return { value: null, count: 0 };
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return { value: round(((promoters - detractors) / scores.length) * 100), count: scores.length };
}

/** CSAT (1-5): answers of 4 or 5 divided by all answers, as %. Unanswered surveys are not answers. */
export function csat(scores: readonly number[]): KpiValue {
  if (scores.length === 0) return { value: null, count: 0 };
  return { value: round((scores.filter((s) => s >= 4).length / scores.length) * 100), count: scores.length };
}

/** CES (1-7, 7 = very easy): the mean score. */
export function ces(scores: readonly number[]): KpiValue {
  if (scores.length === 0) return { value: null, count: 0 };
  return { value: round(scores.reduce((sum, s) => sum + s, 0) / scores.length), count: scores.length };
}

/** CES % easy: answers of 5-7 as % of all answers. */
export function cesEasyShare(scores: readonly number[]): KpiValue {
  if (scores.length === 0) return { value: null, count: 0 };
  return { value: round((scores.filter((s) => s >= 5).length / scores.length) * 100), count: scores.length };
}

const round = (n: number) => Math.round(n * 100) / 100;
