import { type LogFilter, matchesFilter, type ReadAllOptions, type RecordedEvent } from '../event-store.port';

/** An append was announced, with the position of its last event in the categories asked for when known; false: none came. */
export type Wake = false | { last?: bigint };

/** What the tail needs from its store. */
export interface TailSource {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the last event a reader may see now (0n: none). */
  head(): Promise<bigint>;
  /** The next append in a category `wanted` (asked when it comes), or false after `timeoutMs` or on abort. */
  nextWake(wanted: (category: string) => boolean, signal: AbortSignal, timeoutMs: number): { promise: Promise<Wake>; cancel(): void };
  /** Safety-net poll interval. */
  readonly pollMs: number;
}

/** Events the tail keeps after dispatching them, so a subscription that caught up can join without a gap. */
const BUFFERED_EVENTS = 5_000;
/** Most events one read of the tail returns. */
const TAIL_PAGE = 1_000;
/**
 * Reads of the tail start at least this far apart: a message makes each service append several times within a
 * few milliseconds, and every append wakes the tail; one read then serves them together. Under load this bounds
 * the reads per second per process instead of growing with the appends, for at most this much latency per hop.
 */
const MIN_READ_INTERVAL_MS = 10;
/** While announced events are not readable yet, read again after 10 ms, doubling up to this, see `run`. */
const RETRY_CAP_MS = 100;
/**
 * A filtered read scans one index range per category (`readAll`): past a few categories one ordered range of the
 * whole log is cheaper (a service's consumers read most categories anyway), and the others are dropped here.
 */
const FILTERED_UP_TO = 3;

function readFilter(categories: readonly string[] | undefined): LogFilter | undefined {
  return categories && categories.length <= FILTERED_UP_TO ? { categories } : undefined;
}

function pause(ms: number): Promise<void> | undefined {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : undefined;
}

/** The wake-up, or false after `ms`. */
async function orAfter(woken: { promise: Promise<Wake>; cancel(): void }, ms: number): Promise<Wake> {
  const timer = setTimeout(() => woken.cancel(), ms);
  const wake = await woken.promise;
  clearTimeout(timer);
  return wake;
}

/** A caught-up subscription fed by the tail. */
export class TailMember {
  readonly queue: RecordedEvent[] = [];
  error?: unknown;
  detached = false;
  private waiting?: () => void;

  constructor(
    readonly filter: LogFilter | undefined,
    /** Every matching event up to here was given to the subscriber already (or sits in the queue). */
    public after: bigint,
    readonly batchSize: number,
    readonly leave: () => void,
  ) {}

  /** Pages of at most `batchSize` events as the tail dispatches them; ends when detached or aborted. */
  async *pages(signal: AbortSignal | undefined): AsyncGenerator<RecordedEvent[]> {
    while (!signal?.aborted) {
      if (this.error !== undefined) throw this.error;
      if (this.queue.length > 0) {
        yield this.queue.splice(0, this.batchSize);
        continue;
      }
      if (this.detached) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          signal?.removeEventListener('abort', done);
          this.waiting = undefined;
          resolve();
        };
        this.waiting = done;
        signal?.addEventListener('abort', done);
      });
    }
  }

  wake(): void {
    this.waiting?.();
  }
}

/**
 * The live end of the log, read once per wake-up for every caught-up subscription of a process instead of once
 * per subscription: a process runs a consumer group per handler (about ten in ticketing), and without this every
 * append anywhere made each of them query the log, mostly for nothing. Subscriptions catch up on their own
 * (`readAll` with their filter) and then join; the tail reads the union of their categories after its position,
 * hands each member what matches its filter and keeps the last events, so a subscription that caught up while
 * the tail moved on can join without a gap.
 *
 * Join rule: a subscription has every matching event up to `P = max(after, mark)`, where `mark` is the tail's
 * position taken before its last read (that read saw at least what the tail had seen: the readable horizon only
 * moves forward). It may join when the buffer holds every event of each of its categories after `P`:
 * `floor(category) <= P`. A category the tail does not read yet is added with floor = the tail's position, so
 * the next attempt (one more own read, with a newer mark) joins; while a read of the tail is in flight it is
 * added once that read is done (the read does not include it, yet moves the position past its events).
 */
export class LogTail {
  private position?: bigint;
  private marking?: Promise<bigint>;
  /** Categories read (undefined: every category, once a member has no category filter) and their buffer floors. */
  private readonly floors = new Map<string, bigint>();
  private allFloor?: bigint;
  /** Asked for while a read was in flight: added when it is done. */
  private readonly pending = new Set<string>();
  private allPending = false;
  private reading = false;
  /** Position of the last event dropped from the buffer: nothing at or below it can be served from the buffer. */
  private trimmedUpTo = 0n;
  private buffer: RecordedEvent[] = [];
  private readonly members = new Set<TailMember>();
  private loop?: Promise<void>;
  private stopLoop = new AbortController();

  constructor(private readonly source: TailSource) {}

  /** The tail's position now (read from the log's head when the tail is idle). */
  mark(): Promise<bigint> {
    if (this.position !== undefined) return Promise.resolve(this.position);
    this.marking ??= this.source.head().then(
      (head) => {
        this.marking = undefined;
        this.position ??= head;
        return this.position;
      },
      (error: unknown) => {
        this.marking = undefined;
        throw error;
      },
    );
    return this.marking;
  }

  /**
   * Joins a subscription that has every matching event up to max(after, mark); undefined when the tail cannot
   * serve it from there yet (read on and try again). Synchronous, so nothing is dispatched in between.
   */
  join(after: bigint, mark: bigint, filter: LogFilter | undefined, batchSize: number): TailMember | undefined {
    if (this.position === undefined) return undefined; // reset since the mark was taken
    const from = after > mark ? after : mark;
    if (!this.covers(filter, from)) return undefined;
    const member = new TailMember(filter, from, batchSize, () => this.leave(member));
    this.members.add(member);
    this.deliver(member, this.buffer);
    this.loop ??= this.run();
    return member;
  }

  /** Wakes and ends the loop and every member (the store is closing). */
  close(): void {
    this.stopLoop.abort();
    for (const member of this.members) {
      member.detached = true;
      member.wake();
    }
  }

  /** True when the buffer holds every event of the filter's categories after `from`; adds categories it lacks. */
  private covers(filter: LogFilter | undefined, from: bigint): boolean {
    const categories = filter?.categories;
    if (!categories) {
      if (this.allFloor === undefined) this.add(undefined);
      return this.allFloor !== undefined && this.allFloor <= from && this.trimmedUpTo <= from;
    }
    let covered = this.trimmedUpTo <= from;
    for (const category of categories) {
      const floor = this.floors.get(category) ?? this.allFloor;
      if (floor === undefined) this.add(category);
      covered &&= floor !== undefined && floor <= from;
    }
    return covered;
  }

  /** Starts reading a category (undefined: all of them) from the position, or after the read in flight. */
  private add(category: string | undefined): void {
    if (this.reading) {
      if (category === undefined) this.allPending = true;
      else this.pending.add(category);
    } else if (category === undefined) this.allFloor = this.position;
    else this.floors.set(category, this.position as bigint);
  }

  private readDone(): void {
    this.reading = false;
    for (const category of this.pending) this.add(category);
    if (this.allPending) this.add(undefined);
    this.pending.clear();
    this.allPending = false;
  }

  private wanted(category: string): boolean {
    return this.allFloor !== undefined || this.allPending || this.floors.has(category) || this.pending.has(category);
  }

  private leave(member: TailMember): void {
    this.members.delete(member);
    if (this.members.size === 0) this.reset();
  }

  /** Nobody left to read for: forget everything, the next subscription starts from the head again. */
  private reset(): void {
    this.stopLoop.abort();
    this.stopLoop = new AbortController();
    this.loop = undefined;
    this.position = undefined;
    this.floors.clear();
    this.allFloor = undefined;
    this.pending.clear();
    this.allPending = false;
    this.reading = false;
    this.trimmedUpTo = 0n;
    this.buffer = [];
  }

  /**
   * One read per wake-up: the wake-up is registered before the read, so after a partial page it is safe to wait
   * for the next one (a full page means there is more: read on at once). A wake-up names the position of the
   * last event announced: one this tail has read already needs no read, and one it could not read yet (behind a
   * transaction still running somewhere in the cluster, see `readAll`) is read again 10 ms later, doubling up to
   * 100 ms, until it is, instead of waiting for the next notification or the slow poll.
   */
  private async run(): Promise<void> {
    const stop = this.stopLoop.signal;
    /** The last event announced in this tail's categories: read when `position` has reached it. */
    let awaited = 0n;
    let retryMs = 0;
    let lastRead = 0;
    let read = true;
    while (!stop.aborted) {
      const woken = this.source.nextWake((category) => this.wanted(category), stop, this.source.pollMs);
      if (read) {
        await pause(lastRead + MIN_READ_INTERVAL_MS - performance.now());
        if (stop.aborted) return woken.cancel();
        lastRead = performance.now();
        const categories = this.allFloor === undefined ? [...this.floors.keys()] : undefined;
        let page: RecordedEvent[];
        this.reading = true;
        try {
          page = await this.source.readAll({ after: this.position, maxCount: TAIL_PAGE, filter: readFilter(categories) });
        } catch (error) {
          woken.cancel();
          if (!stop.aborted) this.fail(error);
          return;
        }
        if (stop.aborted) return woken.cancel();
        if (page.length > 0) this.dispatch(categories, page);
        this.readDone();
        if (page.length === TAIL_PAGE) {
          woken.cancel();
          continue;
        }
      }
      const behind = awaited > (this.position ?? 0n);
      retryMs = behind ? Math.min(Math.max(retryMs * 2, 10), RETRY_CAP_MS) : 0;
      const wake = await (behind ? orAfter(woken, retryMs) : woken.promise);
      // A timeout is a retry or the safety poll: read. A wake-up for events read already needs no read.
      if (wake && wake.last !== undefined && wake.last > awaited) awaited = wake.last;
      read = !wake || wake.last === undefined || wake.last > (this.position ?? 0n);
    }
  }

  private dispatch(categories: readonly string[] | undefined, page: readonly RecordedEvent[]): void {
    this.position = page[page.length - 1].position;
    // An unfiltered read also returns the categories nobody here reads: drop them.
    const wanted = categories && categories.length > FILTERED_UP_TO ? page.filter((e) => categories.includes(e.category)) : page;
    this.keep(wanted);
    for (const member of this.members) this.deliver(member, wanted);
  }

  /** A failed read ends every member with the error (their consumers restart from their checkpoints). */
  private fail(error: unknown): void {
    for (const member of this.members) {
      member.error = error;
      member.wake();
    }
    this.members.clear();
    this.reset();
  }

  private keep(page: readonly RecordedEvent[]): void {
    this.buffer.push(...page);
    const excess = this.buffer.length - BUFFERED_EVENTS;
    if (excess > 0) this.trimmedUpTo = this.buffer.splice(0, excess)[excess - 1].position;
  }

  /**
   * Queues what matches; a member too far behind (its consumer is slow) is detached instead, and reads on by
   * itself from what it consumed, so the buffer and its queue stay bounded.
   */
  private deliver(member: TailMember, events: readonly RecordedEvent[]): void {
    for (const event of events) {
      if (event.position > member.after && matchesFilter(event, member.filter)) member.queue.push(event);
    }
    if (this.position !== undefined && this.position > member.after) member.after = this.position;
    if (member.queue.length > member.batchSize * 4) {
      member.detached = true;
      member.queue.length = 0;
      this.members.delete(member);
    }
    member.wake();
  }
}
