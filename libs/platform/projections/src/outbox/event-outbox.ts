import type { EventStore, NewEvent } from '@csp/event-store';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Events a projection decides while it applies others (a merge it found, a risk it raised), written into
 * `event_outbox` in the projection's own transaction: they exist exactly when the read-model change that caused
 * them committed. EventOutboxRelay appends them to the event store afterwards. Give every event an id derived from
 * its cause: a batch applied again after a crash enqueues the same ids, and the store skips ids it has.
 */
export async function enqueueEvents(manager: EntityManager, streamName: string, events: readonly NewEvent[]): Promise<void> {
  enqueuing.add(manager);
  const rows = behind.get(manager);
  if (rows) rows.push({ s: streamName, e: events });
  else await manager.query('INSERT INTO event_outbox (stream_name, events) VALUES ($1, $2)', [streamName, JSON.stringify(events)]);
}

const enqueuing = new WeakSet<EntityManager>();
const behind = new WeakMap<EntityManager, { s: string; e: readonly NewEvent[] }[]>();

/**
 * From now on `enqueueEvents` with this transaction's manager keeps the rows in memory, until `flushEnqueued`
 * writes them in one statement, in the order they were enqueued (a projection batch enqueues many). The caller
 * flushes before the commit.
 */
export function enqueueBehind(manager: EntityManager): void {
  behind.set(manager, []);
}

/** Writes the rows kept by `enqueueBehind` (one statement; none when there are none). */
export async function flushEnqueued(manager: EntityManager): Promise<void> {
  const rows = behind.get(manager);
  if (!rows?.length) return;
  behind.set(manager, []);
  // `seq` is assigned in the order the rows come out of the sort: the order they were enqueued in.
  await manager.query(
    `INSERT INTO event_outbox (stream_name, events) SELECT r->>'s', r->'e' FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(r, n) ORDER BY n`,
    [JSON.stringify(rows)],
  );
}

/** Whether `enqueueEvents` was called with this manager (a transaction's: then the relay has work after its commit). */
export function hasEnqueued(manager: EntityManager): boolean {
  return enqueuing.has(manager);
}

export interface EventOutboxRelayOptions {
  /** Worker name in health and logs. */
  name: string;
  /** Rows appended per transaction (one `appendMany` each). */
  batchSize?: number;
  /** The safety-net poll when nobody calls `wake` (another instance's commits, a restart): default 1 s. */
  pollMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/**
 * Moves the outbox into the event store, oldest first. One relay at a time per database schema (a transaction-
 * scoped advisory lock on the table), so the events of a stream keep their order across instances. A crash
 * between the append and the delete relays the rows again: the store reports the ids as duplicates.
 */
export class EventOutboxRelay {
  readonly name: string;
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private pending = false;
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly options: EventOutboxRelayOptions,
  ) {
    this.name = options.name;
  }

  /** Call after a transaction that enqueued events committed: relays now instead of at the next poll. */
  wake(): void {
    this.pending = true;
    this.wakeUp?.();
  }

  async start(): Promise<void> {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  health() {
    return { alive: this.running, consecutiveFailures: this.failures };
  }

  /** One transaction: appends up to `batchSize` rows and deletes them; 0 when empty or another relay holds the lock. */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ mine }]: { mine: boolean }[] = await manager.query("SELECT pg_try_advisory_xact_lock('event_outbox'::regclass::oid::bigint) AS mine");
      if (!mine) return 0;
      const rows: { seq: string; stream_name: string; events: NewEvent[] }[] = await manager.query(
        'SELECT seq, stream_name, events FROM event_outbox ORDER BY seq LIMIT $1',
        [this.options.batchSize ?? 500],
      );
      if (rows.length === 0) return 0;
      await this.store.appendMany(rows.map((r) => ({ streamName: r.stream_name, events: r.events, expectedRevision: 'any' as const })));
      await manager.query('DELETE FROM event_outbox WHERE seq <= $1', [rows[rows.length - 1].seq]);
      return rows.length;
    });
  }

  /** Everything enqueued so far (tests, tools that project without a running service). */
  async drain(): Promise<number> {
    let moved = 0;
    for (let n = await this.relayOnce(); n > 0; n = await this.relayOnce()) moved += n;
    return moved;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.pending = false;
      try {
        const moved = await this.drain();
        this.failures = 0;
        if (moved === 0) await this.sleep(this.options.pollMs ?? 1000);
      } catch (error) {
        this.failures += 1;
        this.options.log?.(`${this.name}: relaying the outbox failed (attempt ${this.failures}), retrying`, error);
        this.pending = !this.running; // back off even if commits woke it meanwhile
        await this.sleep(Math.min(30_000, 200 * 2 ** Math.min(this.failures, 8)));
      }
    }
  }

  /** Until `ms` passed or `wake` was called (also before: a wake during the last drain is not lost). */
  private sleep(ms: number): Promise<void> {
    if (this.pending) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    }).then(() => {
      this.wakeUp = undefined;
    });
  }
}
