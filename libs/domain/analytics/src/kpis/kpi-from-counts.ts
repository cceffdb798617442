import type { KpiValue } from './satisfaction.kpis';

/**
 * KPIs from the counts a database aggregated (the SQL counts, this code divides), with the same rounding as
 * the in-memory functions of satisfaction.kpis.ts. `count` is always the denominator behind the value; a KPI
 * with a zero denominator has no value (null), never 0.
 */

/** NPS = % promoters (9-10) - % detractors (0-6) of all 0-10 answers; passives (7-8) only enlarge `answers`. */
export function npsFromCounts(promoters: number, detractors: number, answers: number): KpiValue {
  return answers === 0 ? empty() : { value: round(((promoters - detractors) / answers) * 100), count: answers };
}

/** A share as percent (0-100): CSAT (4-5 of all answers), resolution rate, FCR, SLA compliance, response rate, CES % easy. */
export function percentFromCounts(part: number, whole: number): KpiValue {
  return whole === 0 ? empty() : { value: round((part / whole) * 100), count: whole };
}

/** A mean: CES (mean 1-7 score), mean durations. */
export function meanFromSum(sum: number, n: number): KpiValue {
  return n === 0 ? empty() : { value: round(sum / n), count: n };
}

/** A number that is its own denominator (ticket volume, backlog). */
export function countValue(n: number): KpiValue {
  return { value: n, count: n };
}

/** A statistic the database computed over `n` values (median / p90 of durations); null when there were none. */
export function statistic(value: number | null, n: number): KpiValue {
  return n === 0 || value === null ? empty() : { value: round(value), count: n };
}

const empty = (): KpiValue => ({ value: null, count: 0 });
const round = (n: number) => Math.round(n * 100) / 100;
