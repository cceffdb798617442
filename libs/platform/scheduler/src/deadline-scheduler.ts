import { Client } from 'pg';
import { type ClaimedDeadline, ClaimSession, type Settlement } from './claim-session';
import { type DeadlineSchedulerOptions, type ResolvedSchedulerOptions, resolveSchedulerOptions } from './deadline-scheduler.options';
import { ensureDeadlinesSchema } from './deadlines.schema';
import { fireDeadline } from './fire-deadline';
import { WakeSignal } from './wake-signal';

export interface DeadlineSchedulerHealth {
  /** Running, and its loop went round recently without a database error. */
  alive: boolean;
  lastTickAt?: Date;
  /** How late the oldest due deadline was at the last look (0 when none was due). */
  lagMs: number;
  inFlight: number;
  /** Since start: handlers that succeeded, failures that will be retried, deadlines that gave up. */
  fired: number;
  retried: number;
  gaveUp: number;
  lastError?: string;
}

/**
 * Fires the deadlines of one schema: claims due ones (earliest first, `batchSize` per statement, skipping those
 * other instances hold), runs their handlers (`concurrency` at once), then deletes each fired occurrence or
 * records its failure, and only then releases its claim. Several instances share a table safely.
 *
 * Firing is at-least-once (a crash between a handler and its settlement re-fires that occurrence); with
 * handlers whose effects are keyed by `occurrence`, the outcome is exactly once. Time is the database's:
 * due means `fire_at <= now()` in SQL, so instances on machines with different clocks agree.
 *
 * Wake-ups: a timer for the earliest pending deadline (known from the table after each look), a NOTIFY when
 * something is scheduled due within a few seconds, a handler finishing, and the poll interval as the floor.
 */
export class DeadlineScheduler {
  readonly name: string;
  private readonly options: ResolvedSchedulerOptions;
  private readonly kinds: string[];
  private readonly wake = new WakeSignal();
  private session?: ClaimSession;
  private sessionGeneration = 0;
  private loop?: Promise<void>;
  private stopping = false;
  private queue: ClaimedDeadline[] = [];
  /** Queued, running or awaiting settlement: never claimed again by this process, whatever its session. */
  private readonly busy = new Set<string>();
  /** Claims the current session holds (a new session after a connection loss holds none). */
  private readonly locked = new Set<string>();
  private settlements: Settlement[] = [];
  private inFlight = 0;
  private mayHaveDue = true;
  private nextDueLocal?: number;
  private lastLookLocal?: number;
  private lastTickLocal?: number;
  private lastTickAt?: Date;
  private lagMs = 0;
  private lastError?: string;
  private readonly counts = { fired: 0, retried: 0, gaveUp: 0 };

  constructor(options: DeadlineSchedulerOptions) {
    this.options = resolveSchedulerOptions(options);
    this.name = this.options.name;
    this.kinds = Object.keys(this.options.handlers);
  }

  /** Creates the table (unless `ensureSchema: false`), connects, and starts the loop. */
  async start(): Promise<void> {
    if (this.loop) return;
    if (this.options.ensureSchema) await this.ensureSchema();
    this.stopping = false;
    this.session = await this.openSession();
    // Alive from the start: the first round ends only after its first sleep (up to the poll interval).
    this.lastTickLocal = performance.now();
    this.lastTickAt = new Date();
    this.loop = this.run();
  }

  /** Graceful: starts nothing new, releases claimed deadlines not yet started, lets running handlers finish. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.stopping = true;
    this.wake.kick();
    await this.loop;
    this.loop = undefined;
  }

  health(): DeadlineSchedulerHealth {
    const staleAfterMs = Math.max(10_000, 3 * this.options.pollIntervalMs);
    const fresh = this.lastTickLocal !== undefined && performance.now() - this.lastTickLocal < staleAfterMs;
    return {
      alive: Boolean(this.loop) && !this.stopping && fresh,
      lastTickAt: this.lastTickAt,
      lagMs: this.lagMs,
      inFlight: this.inFlight,
      ...this.counts,
      lastError: this.lastError,
    };
  }

  private async run(): Promise<void> {
    for (;;) {
      try {
        if (await this.tick()) break;
        this.lastTickLocal = performance.now();
        this.lastTickAt = new Date();
      } catch (error) {
        this.lastError = String(error);
        this.report(error, {});
        await this.dropSession();
        // Settlements that could not be written re-fire later: at-least-once, never lost.
        if (this.stopping && this.inFlight === 0) break;
        await this.wake.wait(this.options.pollIntervalMs);
      }
    }
    await this.dropSession();
  }

  /** One round of the loop; true when stopped and nothing is left in hand. */
  private async tick(): Promise<boolean> {
    const session = (this.session ??= await this.openSession());
    if (this.stopping && this.queue.length > 0) await this.release(session, this.queue.splice(0));
    this.startHandlers();
    if (this.settlements.length >= this.options.batchSize || (this.settlements.length > 0 && this.queue.length === 0)) {
      await this.settle(session);
    }
    if (this.stopping) {
      if (this.inFlight === 0 && this.settlements.length === 0) return true;
      await this.wake.wait(this.options.pollIntervalMs); // the next handler to finish kicks
      return false;
    }
    if (this.queue.length === 0 && this.inFlight < this.options.concurrency && this.mayHaveDue) {
      const claimed = await this.claim(session);
      if (claimed < this.options.batchSize) {
        this.mayHaveDue = false;
        await this.lookAhead(session);
      }
      if (claimed > 0) return false;
    } else if (performance.now() - (this.lastLookLocal ?? 0) >= this.options.pollIntervalMs) {
      await this.lookAhead(session); // saturated, or waiting: keeps the reported lag and the timer current
    }
    if (this.queue.length > 0 && this.inFlight < this.options.concurrency) return false;
    const kicked = await this.wake.wait(this.sleepMs());
    if (!kicked) this.mayHaveDue = true;
    return false;
  }

  private startHandlers(): void {
    const policy = { timeoutMs: this.options.handlerTimeoutMs, maxAttempts: this.options.maxAttempts, retryDelayMs: this.options.retryDelayMs };
    while (!this.stopping && this.queue.length > 0 && this.inFlight < this.options.concurrency) {
      const claimed = this.queue.shift() as ClaimedDeadline;
      this.inFlight++;
      void fireDeadline(claimed, this.options.handlers[claimed.kind], policy).then((settlement) => {
        this.inFlight--;
        this.settlements.push(settlement);
        this.count(settlement);
        this.wake.kick();
      });
    }
  }

  private async claim(session: ClaimSession): Promise<number> {
    const { batchSize } = this.options;
    const claimed = await session.claim(this.kinds, [...this.busy], batchSize, batchSize * 10);
    for (const c of claimed) {
      this.queue.push(c);
      this.busy.add(c.id);
      this.locked.add(c.id);
    }
    if (claimed.length > 0) this.lagMs = Math.max(0, claimed[0].claimedAt.getTime() - claimed[0].fireAt.getTime());
    return claimed.length;
  }

  /** Arms the timer for the earliest pending deadline; a due one that another instance holds means poll. */
  private async lookAhead(session: ClaimSession): Promise<void> {
    const ms = await session.nextDue(this.kinds, [...this.busy]);
    this.lastLookLocal = performance.now();
    this.lagMs = ms !== undefined && ms < 0 ? -ms : 0;
    // +1 ms: the timer must not end before the database clock reaches the due time.
    this.nextDueLocal = ms !== undefined && ms > 0 ? performance.now() + Math.ceil(ms) + 1 : undefined;
  }

  private sleepMs(): number {
    const poll = this.options.pollIntervalMs;
    if (this.mayHaveDue || this.nextDueLocal === undefined) return poll; // waiting for a free slot, or nothing known
    const untilDue = this.nextDueLocal - performance.now();
    return untilDue > 0 ? Math.min(untilDue, poll) : poll;
  }

  /** Writes what the finished handlers did, then (only after that committed) releases their claims. */
  private async settle(session: ClaimSession): Promise<void> {
    const batch = this.settlements.splice(0);
    try {
      await session.settle(batch);
    } catch (error) {
      this.settlements.unshift(...batch);
      throw error;
    }
    const ids = batch.map((s) => s.id);
    for (const id of ids) this.busy.delete(id);
    await this.release(session, [], ids);
  }

  /** Releases claims: of deadlines never started, and of settled ones. */
  private async release(session: ClaimSession, unstarted: ClaimedDeadline[], settled: string[] = []): Promise<void> {
    for (const c of unstarted) this.busy.delete(c.id);
    const ids = [...unstarted.map((c) => c.id), ...settled].filter((id) => this.locked.has(id));
    await session.unlock(ids);
    for (const id of ids) this.locked.delete(id);
  }

  private count(settlement: Settlement): void {
    if (settlement.ok) {
      this.counts.fired++;
      return;
    }
    if (settlement.giveUp) this.counts.gaveUp++;
    else this.counts.retried++;
    this.report(settlement.error, { deadlineId: settlement.id, gaveUp: settlement.giveUp });
  }

  private report(error: unknown, context: { deadlineId?: string; gaveUp?: boolean }): void {
    try {
      this.options.onError?.(error, context);
    } catch {
      // a failing logger must not stop the loop
    }
  }

  private openSession(): Promise<ClaimSession> {
    const generation = ++this.sessionGeneration;
    return ClaimSession.open({
      connectionString: this.options.connectionString,
      schema: this.options.schema,
      name: this.name,
      onNotify: this.options.listen ? () => this.onNotify() : undefined,
      onError: (error) => {
        this.lastError = String(error);
        // At once, before the loop notices: its claims died with the connection, so another instance may
        // already hold the deadlines still queued here, and none of them may start.
        if (generation === this.sessionGeneration) this.forgetClaims();
        this.wake.kick(); // the loop's next statement fails and reconnects
      },
    });
  }

  private onNotify(): void {
    this.mayHaveDue = true;
    this.wake.kick();
  }

  private async dropSession(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.sessionGeneration++;
    this.forgetClaims();
    await session?.close();
  }

  /** The session's claims are gone (or going): deadlines not started are no longer ours to fire. */
  private forgetClaims(): void {
    for (const c of this.queue.splice(0)) this.busy.delete(c.id);
    this.locked.clear();
    this.mayHaveDue = true;
  }

  private async ensureSchema(): Promise<void> {
    const client = new Client({ connectionString: this.options.connectionString });
    client.on('error', () => undefined); // a connection lost mid-way fails the query below instead
    await client.connect();
    try {
      await ensureDeadlinesSchema(client, this.options.schema);
    } finally {
      await client.end();
    }
  }
}
