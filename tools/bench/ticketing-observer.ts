import { PostgresEventStore } from '@csp/event-store';
import { firingOf, type ObservedEvent, recordStep, type SlaFiring, type StepTimes } from './ticketing-stats';

const OBSERVED_TYPES = [
  'cs.ticket.opened.v1', 'cs.ticket.routed.v1', 'cs.ticket.assigned.v1', 'cs.ticket.unassigned.v1', 'cs.outbound.requested.v1',
  'cs.sla.activated.v1', 'cs.sla.warned.v1', 'cs.sla.breached.v1',
];

/**
 * Reads what ticketing did from the PostgreSQL event store's log, as any subscriber would (catch-up then
 * live, filtered by category and type in the database), and keeps each event's `recordedAt`: the benchmark
 * measures from the events' database time, never by polling HTTP. One subscription for the whole run.
 */
export class TicketingObserver {
  /** Ticket id -> when each latency step was recorded. */
  readonly steps = new Map<string, StepTimes>();
  /** `<ticketId>:<target>` -> dueAt of the clock (from cs.sla.activated.v1). */
  readonly activated = new Map<string, number>();
  readonly firings: SlaFiring[] = [];
  private readonly abort = new AbortController();
  private loop?: Promise<void>;
  private listeners = new Set<() => void>();

  private constructor(private readonly store: PostgresEventStore) {}

  static async start(connectionString: string): Promise<TicketingObserver> {
    const store = await PostgresEventStore.create({ connectionString, schema: 'eventstore', poolSize: 2 });
    const observer = new TicketingObserver(store);
    observer.loop = observer.run();
    return observer;
  }

  /** Called after every page of events (for progress bars and waits). */
  onPage(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once `done()` holds after a page (or at once); rejects after `timeoutMs`. */
  async until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (done()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const off = this.onPage(() => {
        if (!done()) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop?.catch(() => undefined);
    await this.store.close();
  }

  private async run(): Promise<void> {
    const pages = this.store.subscribe({ filter: { categories: ['ticket', 'outbound'], types: OBSERVED_TYPES }, signal: this.abort.signal, batchSize: 1000 });
    for await (const page of pages) {
      for (const recorded of page) {
        const e: ObservedEvent = { type: recorded.type, data: recorded.data, recordedAt: recorded.recordedAt.getTime() };
        if (e.type === 'cs.sla.activated.v1') {
          const d = e.data as { ticketId: string; target: string; dueAt: string };
          this.activated.set(`${d.ticketId}:${d.target}`, Date.parse(d.dueAt));
          continue;
        }
        const firing = firingOf(e);
        if (firing) this.firings.push(firing);
        else recordStep(this.steps, e);
      }
      for (const listener of [...this.listeners]) listener();
    }
  }
}
