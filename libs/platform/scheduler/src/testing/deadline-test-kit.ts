import { derivedId } from '@csp/contracts';
import type { AppendResult, PostgresEventStore } from '@csp/event-store';
import type { Pool } from 'pg';
import type { FiredDeadline } from '../deadline.types';

/** Polls `condition` every 20 ms until true; fails with `describe()` after `timeoutMs`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The database clock: due times are compared with it, never with the test's. */
export async function dbNow(pool: Pool): Promise<Date> {
  return (await pool.query<{ now: Date }>('SELECT clock_timestamp() AS now')).rows[0].now;
}

export function lagMs(fired: FiredDeadline): number {
  return fired.firedAt.getTime() - fired.dueAt.getTime();
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** SLA deadlines of `tickets` tickets: a warning and a breach each, ids as the ticketing service builds them. */
export function slaDeadlines(tickets: number, dueAt: (ticket: number, level: 'warn' | 'breach') => Date) {
  return Array.from({ length: tickets }, (_, t) =>
    (['warn', 'breach'] as const).map((level) => ({
      id: `sla:t${t}:first_response:${level}`,
      kind: level === 'warn' ? 'sla.warning' : 'sla.breach',
      dueAt: dueAt(t, level),
      payload: { ticketId: `t${t}`, metric: 'first_response' },
    })),
  ).flat();
}

/**
 * The idempotent effect the contract asks for: one event on the ticket's stream whose id is derived from the
 * occurrence, so a re-fire appends nothing (`duplicates: 1`).
 */
export function appendSlaEvent(store: PostgresEventStore): (fired: FiredDeadline) => Promise<AppendResult> {
  return (fired) => {
    const { ticketId } = fired.payload as { ticketId: string };
    // 'any': the warning and the breach of one ticket may fire concurrently; the derived id makes a repeat a no-op.
    return store.append(
      `ticket-${ticketId}`,
      [{ id: derivedId('deadline-event-0', fired.occurrence), type: `cs.test.${fired.kind}`, data: { deadlineId: fired.id, dueAt: fired.dueAt.toISOString() } }],
      { expectedRevision: 'any' },
    );
  };
}

/** Per (ticket stream, event type): how many events the event store holds. */
export async function slaEventCounts(pool: Pool): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ key: string; n: number }>(
    `SELECT stream_name || '/' || type AS key, count(*)::int AS n FROM eventstore.events GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.key, r.n]));
}

/** Counts handler calls per deadline id. */
export class CallCounter {
  readonly calls = new Map<string, number>();
  record(id: string): void {
    this.calls.set(id, (this.calls.get(id) ?? 0) + 1);
  }
  get total(): number {
    let n = 0;
    for (const v of this.calls.values()) n += v;
    return n;
  }
  repeated(): string[] {
    return [...this.calls].filter(([, n]) => n > 1).map(([id]) => id);
  }
}
