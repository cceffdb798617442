import { percentile } from './bench-report';

/**
 * Pure helpers of `npm run bench:ticketing`: which event marks which step of a ticket, latencies per step
 * from the POST send time, SLA firing lags from the activation's due time, and the schedule of due times.
 * Times are epoch milliseconds (wall clock; the event store's `recordedAt` is the database's `now()` on the
 * same machine).
 */

export const LATENCY_STEPS = ['opened', 'routed', 'assigned', 'acknowledgement'] as const;
export type LatencyStep = (typeof LATENCY_STEPS)[number];

/** The part of a recorded event the helpers read. */
export interface ObservedEvent {
  type: string;
  data: unknown;
  recordedAt: number;
}

/** The ticket and step an event marks; `queued` = the ticket went to the team queue instead of an agent. */
export function stepOf(e: Pick<ObservedEvent, 'type' | 'data'>): { ticketId: string; step: LatencyStep | 'queued' } | undefined {
  const data = e.data as { ticketId?: string; kind?: string };
  if (!data?.ticketId) return undefined;
  switch (e.type) {
    case 'cs.ticket.opened.v1':
      return { ticketId: data.ticketId, step: 'opened' };
    case 'cs.ticket.routed.v1':
      return { ticketId: data.ticketId, step: 'routed' };
    case 'cs.ticket.assigned.v1':
      return { ticketId: data.ticketId, step: 'assigned' };
    case 'cs.ticket.unassigned.v1':
      return { ticketId: data.ticketId, step: 'queued' };
    case 'cs.outbound.requested.v1':
      return data.kind === 'acknowledgement' ? { ticketId: data.ticketId, step: 'acknowledgement' } : undefined;
    default:
      return undefined;
  }
}

export type StepTimes = Partial<Record<LatencyStep | 'queued', number>>;

/** Keeps the first time each step was recorded per ticket (a later event of the same kind is not the step). */
export function recordStep(times: Map<string, StepTimes>, e: ObservedEvent): void {
  const step = stepOf(e);
  if (!step) return;
  const seen = times.get(step.ticketId) ?? {};
  if (seen[step.step] === undefined) seen[step.step] = e.recordedAt;
  times.set(step.ticketId, seen);
}

export interface StepLatencies {
  /** Milliseconds from the POST to each step, per ticket that reached it. */
  steps: Record<LatencyStep, number[]>;
  /** From the POST to the last of the four steps, per ticket that reached all four. */
  all: number[];
  /** Tickets (of those sent) that never reached a step. */
  missing: Record<LatencyStep, number>;
  /** Tickets that were queued (no agent had capacity) instead of assigned. */
  queued: number;
  /** Tickets per second that reached all four steps, from the first POST to the last ticket done. */
  doneRate: number;
}

export function stepLatencies(sentAt: ReadonlyMap<string, number>, times: ReadonlyMap<string, StepTimes>): StepLatencies {
  const steps = Object.fromEntries(LATENCY_STEPS.map((s) => [s, [] as number[]])) as Record<LatencyStep, number[]>;
  const missing = Object.fromEntries(LATENCY_STEPS.map((s) => [s, 0])) as Record<LatencyStep, number>;
  const all: number[] = [];
  let queued = 0;
  let firstSent = Infinity;
  let lastDone = -Infinity;
  for (const [ticketId, sent] of sentAt) {
    firstSent = Math.min(firstSent, sent);
    const seen = times.get(ticketId) ?? {};
    if (seen.queued !== undefined) queued++;
    let last = -Infinity;
    for (const step of LATENCY_STEPS) {
      const at = seen[step];
      if (at === undefined) {
        missing[step]++;
        last = Number.NaN;
        continue;
      }
      steps[step].push(at - sent);
      last = Math.max(last, at - sent);
    }
    if (Number.isFinite(last)) {
      all.push(last);
      lastDone = Math.max(lastDone, sent + last);
    }
  }
  return { steps, all, missing, queued, doneRate: all.length > 0 && lastDone > firstSent ? (all.length * 1000) / (lastDone - firstSent) : Number.NaN };
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  return { n: values.length, p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99), max: percentile(values, 100) };
}

/**
 * Due times of `count` SLA clocks spread evenly over `windowMs` from `firstDueAt`, and the message time that
 * makes each one due then: the clock starts at the ticket's opening, which is the message's time.
 */
export function dueSchedule(count: number, firstDueAt: number, windowMs: number, targetMinutes: number): Array<{ dueAt: number; messageAt: number }> {
  return Array.from({ length: count }, (_, i) => {
    const dueAt = firstDueAt + Math.floor((i * windowMs) / Math.max(1, count));
    return { dueAt, messageAt: dueAt - targetMinutes * 60_000 };
  });
}

export interface SlaFiring {
  ticketId: string;
  target: string;
  kind: 'warn' | 'breach';
  recordedAt: number;
}

/** The SLA event a fired deadline records, or undefined. */
export function firingOf(e: ObservedEvent): SlaFiring | undefined {
  if (e.type !== 'cs.sla.warned.v1' && e.type !== 'cs.sla.breached.v1') return undefined;
  const d = e.data as { ticketId: string; target: string };
  return { ticketId: d.ticketId, target: d.target, kind: e.type === 'cs.sla.warned.v1' ? 'warn' : 'breach', recordedAt: e.recordedAt };
}

export interface SlaLags {
  /** recordedAt of the warning minus (dueAt - warnBefore), per warning; of the breach minus dueAt, per breach. */
  warn: number[];
  breach: number[];
  /** Clocks warned / breached exactly once, more than once, and never. */
  warnedOnce: number;
  breachedOnce: number;
  repeated: number;
  neverWarned: number;
  neverBreached: number;
}

/**
 * Firing lag of every warning and breach of the clocks in `dueAt` (key `<ticketId>:<target>` -> due time);
 * events of other clocks are ignored. A repeated event counts in `repeated` and only its first lag is kept.
 */
export function slaLags(dueAt: ReadonlyMap<string, number>, warnBeforeMs: number, firings: readonly SlaFiring[]): SlaLags {
  const counts = new Map<string, number>();
  const result: SlaLags = { warn: [], breach: [], warnedOnce: 0, breachedOnce: 0, repeated: 0, neverWarned: 0, neverBreached: 0 };
  for (const f of firings) {
    const clock = `${f.ticketId}:${f.target}`;
    const due = dueAt.get(clock);
    if (due === undefined) continue;
    const key = `${clock}:${f.kind}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n > 1) {
      result.repeated++;
      continue;
    }
    if (f.kind === 'warn') result.warn.push(f.recordedAt - (due - warnBeforeMs));
    else result.breach.push(f.recordedAt - due);
  }
  for (const clock of dueAt.keys()) {
    if (counts.get(`${clock}:warn`) === 1) result.warnedOnce++;
    else if (!counts.has(`${clock}:warn`)) result.neverWarned++;
    if (counts.get(`${clock}:breach`) === 1) result.breachedOnce++;
    else if (!counts.has(`${clock}:breach`)) result.neverBreached++;
  }
  return result;
}

/** "12.3x" (ours / bare), or "-" when either is missing. */
export function timesSlower(ours: number, bare: number): string {
  return Number.isFinite(ours) && Number.isFinite(bare) && bare > 0 ? `${(ours / bare).toFixed(1)}x` : '-';
}
