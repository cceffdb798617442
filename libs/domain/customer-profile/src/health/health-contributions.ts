import type { HealthModelConfig, HealthSignalName } from './health-model.config';
import { countWithin, DAY_MS, type HealthSignals } from './health-signals';

/** How much of a signal's weight applies (0..1) and the sentence that explains it to a person. */
export interface Severity {
  severity: number;
  reason: string;
}

type Rule = (s: HealthSignals, now: number, c: HealthModelConfig) => Severity | null;

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const oneDecimal = (x: number) => (Math.round(x * 10) / 10).toFixed(1);
const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;
const daysBetween = (from: number, to: number) => Math.floor((to - from) / DAY_MS);
const within = (at: number, now: number, days: number) => at <= now && at > now - days * DAY_MS;

/** Low or falling CSAT over the last few answers: the worse of the level and the fall counts. */
const satisfaction: Rule = (s, now, { satisfaction: p }) => {
  const answers = s.csat.filter((a) => within(a.at, now, p.lookbackDays)).slice(-p.answers);
  if (answers.length === 0) return null;
  const mean = answers.reduce((sum, a) => sum + a.score, 0) / answers.length;
  const first = answers[0].score;
  const last = answers[answers.length - 1].score;
  const level = clamp01((p.fineCsat - mean) / (p.fineCsat - p.worstCsat));
  // Only a fall to below "fine" is a warning: 5 then 4 is a content customer, not a trend.
  const fall = answers.length > 1 && last < p.fineCsat ? clamp01((first - last) / p.fallForFull) : 0;
  if (fall > level) return { severity: fall, reason: `CSAT fell from ${oneDecimal(first)} to ${oneDecimal(last)} over the last ${answers.length} answers` };
  const reason = answers.length === 1 ? `Last CSAT answer was ${last} of 5` : `CSAT averages ${oneDecimal(mean)} over the last ${answers.length} answers`;
  return { severity: level, reason };
};

const nps: Rule = (s, now, { nps: p }) => {
  const last = s.nps.filter((a) => within(a.at, now, p.lookbackDays)).at(-1);
  if (!last || last.score > p.detractorAtMost) return null;
  return { severity: clamp01((p.detractorAtMost + 1 - last.score) / (p.detractorAtMost + 1)), reason: `Last NPS answer was ${last.score} (detractor)` };
};

/** More tickets lately than the customer's own usual rate: a customer who always writes a lot is not alarming. */
const ticketSurge: Rule = (s, now, { ticketSurge: p }) => {
  const recent = countWithin(s.ticketsOpenedAt, now, p.recentDays);
  const before = countWithin(s.ticketsOpenedAt, now - p.recentDays * DAY_MS, p.baselineDays);
  const baseline = (before * p.recentDays) / p.baselineDays;
  const excess = recent - baseline;
  if (recent === 0) return null;
  const severity = clamp01((excess - p.toleratedExcess) / (p.excessForFull - p.toleratedExcess));
  return { severity, reason: `${plural(recent, 'ticket')} in the last ${p.recentDays} days, up from ${oneDecimal(baseline)} per ${p.recentDays} days before` };
};

const countRule = (pick: (s: HealthSignals) => number[], key: 'slaBreaches' | 'complaints', one: string, many: string): Rule => (s, now, c) => {
  const n = countWithin(pick(s), now, c[key].lookbackDays);
  return n === 0 ? null : { severity: clamp01(n / c[key].countForFull), reason: `${plural(n, one, many)} in the last ${c[key].lookbackDays} days` };
};

/** Overdue against the customer's own rhythm (median gap between their orders), never against a global one. */
const orderSilence: Rule = (s, now, { orderSilence: p }) => {
  const orders = s.ordersAt.filter((t) => t <= now);
  if (orders.length === 0) return null;
  const gaps = orders.slice(1).map((t, i) => (t - orders[i]) / DAY_MS).sort((a, b) => a - b);
  const usual = Math.max(p.minIntervalDays, gaps.length === 0 ? p.defaultIntervalDays : gaps[Math.floor((gaps.length - 1) / 2)]);
  const silent = daysBetween(orders[orders.length - 1], now);
  const severity = clamp01((silent / usual - p.overdueFrom) / (p.overdueFull - p.overdueFrom));
  return { severity, reason: `No order for ${silent} days (usually every ${Math.round(usual)} days)` };
};

const visitSilence: Rule = (s, now, { visitSilence: p }) => {
  if (s.lastVisitAt === null || s.lastVisitAt > now) return null;
  const days = daysBetween(s.lastVisitAt, now);
  return { severity: clamp01((days - p.quietFromDays) / (p.goneAtDays - p.quietFromDays)), reason: `No visit to the shop for ${days} days` };
};

/** Refunds weigh by how many and by their share of the orders: one refund among twenty orders is normal. */
const refunds: Rule = (s, now, { refunds: p }) => {
  const r = countWithin(s.refundsAt, now, p.lookbackDays);
  if (r === 0) return null;
  const o = Math.max(countWithin(s.ordersAt, now, p.lookbackDays), r);
  return { severity: clamp01(r / p.countForFull) * clamp01(r / o / p.shareForFull), reason: `${r} of ${plural(o, 'order')} in the last ${p.lookbackDays} days refunded` };
};

const openTickets: Rule = (s, _now, { openTickets: p }) => {
  const n = s.openTickets.length;
  return n === 0 ? null : { severity: clamp01((n - p.tolerated) / (p.countForFull - p.tolerated)), reason: `${plural(n, 'ticket')} still open` };
};

export const HEALTH_RULES: Record<HealthSignalName, Rule> = {
  satisfaction,
  nps,
  ticketSurge,
  slaBreaches: countRule((s) => s.slaBreachesAt, 'slaBreaches', 'SLA breach', 'SLA breaches'),
  complaints: countRule((s) => s.complaints.map((c) => c.at), 'complaints', 'complaint', 'complaints'),
  orderSilence,
  visitSilence,
  refunds,
  openTickets,
};
