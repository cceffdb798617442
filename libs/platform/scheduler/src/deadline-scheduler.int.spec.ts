import { PostgresEventStore } from '@csp/event-store';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DeadlineScheduler } from './deadline-scheduler';
import type { DeadlineSchedulerOptions } from './deadline-scheduler.options';
import { DeadlineStore } from './deadline-store';
import type { DeadlineHandler, FiredDeadline } from './deadline.types';
import { dbNow, lagMs, waitUntil } from './testing/deadline-test-kit';

const SCHEMA = 'ticketing';

jest.setTimeout(30_000);

describe('DeadlineScheduler on PostgreSQL', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: DeadlineStore;
  let running: DeadlineScheduler[] = [];
  const at = async (ms: number) => new Date((await dbNow(pool)).getTime() + ms);
  const remaining = async () => (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${SCHEMA}.deadlines`)).rows[0].n;
  const start = async (handlers: Record<string, DeadlineHandler>, options: Partial<DeadlineSchedulerOptions> = {}) => {
    const scheduler = new DeadlineScheduler({ connectionString: db.url, schema: SCHEMA, handlers, ...options });
    await scheduler.start();
    running.push(scheduler);
    return scheduler;
  };
  const recorder = () => {
    const fired: FiredDeadline[] = [];
    const handler: DeadlineHandler = async (d) => void fired.push(d);
    return { fired, handler };
  };

  beforeAll(async () => {
    db = await createTestDatabase('deadline_scheduler');
    pool = new Pool({ connectionString: db.url, max: 4 });
    pool.on('error', () => undefined); // pool.end() resolves before sockets close; dropping the database may end one
    store = await DeadlineStore.create({ connectionString: db.url, schema: SCHEMA });
  });
  afterEach(async () => {
    await Promise.all(running.map((s) => s.stop()));
    running = [];
    await pool.query(`DELETE FROM ${SCHEMA}.deadlines`);
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await db.drop();
  });

  it('fires a deadline once, not before its due time and well within 5 s after it (default 1 s poll)', async () => {
    const { fired, handler } = recorder();
    await start({ 'time-rule': handler });
    const dueAt = await at(1_500);
    await store.schedule({ id: 'rule:t1:no_agent_reply', kind: 'time-rule', dueAt, payload: { ticketId: 't1', minutes: 30 } });
    await waitUntil(() => fired.length > 0, 10_000, () => 'deadline did not fire');
    const [f] = fired;
    expect(f).toMatchObject({ id: 'rule:t1:no_agent_reply', kind: 'time-rule', dueAt, payload: { ticketId: 't1', minutes: 30 }, attempt: 1 });
    expect(f.occurrence).toBe(`rule:t1:no_agent_reply@${dueAt.toISOString()}`);
    expect(f.firedAt.getTime()).toBeGreaterThanOrEqual(dueAt.getTime()); // the database clock said "due"
    expect(lagMs(f)).toBeLessThan(5_000);
    console.info(`scheduler: lag of a deadline known in advance (timer): ${lagMs(f)} ms`);
    await waitUntil(async () => (await remaining()) === 0, 5_000, () => 'fired deadline not deleted');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fired).toHaveLength(1);
  });

  it('follows a reschedule and stays silent when cancelled', async () => {
    const { fired, handler } = recorder();
    await start({ sla: handler }, { pollIntervalMs: 200 });
    const soon = await at(600);
    await store.scheduleMany(['sla:t1:x:warn', 'sla:t2:x:warn', 'sla:t3:x:warn', 'sla:t3:x:breach'].map((id) => ({ id, kind: 'sla', dueAt: soon })));
    const moved = await at(1_500);
    await store.schedule({ id: 'sla:t1:x:warn', kind: 'sla', dueAt: moved }); // the clock was paused
    expect(await store.cancel('sla:t2:x:warn')).toBe(true); // target met
    expect(await store.cancelByPrefix('sla:t3:')).toBe(2); // ticket solved
    await waitUntil(() => fired.length > 0, 10_000, () => 'rescheduled deadline did not fire');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fired.map((f) => [f.id, f.dueAt])).toEqual([['sla:t1:x:warn', moved]]);
    expect(fired[0].firedAt.getTime()).toBeGreaterThanOrEqual(moved.getTime());
  });

  it('is woken by NOTIFY for a deadline due sooner than its next poll; without LISTEN it waits for the poll', async () => {
    const pollIntervalMs = 2_000;
    const lagOf = async (listen: boolean, id: string) => {
      const { fired, handler } = recorder();
      const scheduler = await start({ k: handler }, { pollIntervalMs, listen });
      await new Promise((resolve) => setTimeout(resolve, 200)); // it looked, found nothing, and sleeps
      await store.schedule({ id, kind: 'k', dueAt: await at(0) });
      await waitUntil(() => fired.length > 0, 10_000, () => `${id} did not fire`);
      await scheduler.stop();
      return lagMs(fired[0]);
    };
    const notified = await lagOf(true, 'due-now-listen');
    const polled = await lagOf(false, 'due-now-poll');
    console.info(`scheduler: lag of a deadline scheduled due now: ${notified} ms with LISTEN/NOTIFY, ${polled} ms by a ${pollIntervalMs} ms poll`);
    expect(notified).toBeLessThan(pollIntervalMs / 2);
    expect(polled).toBeGreaterThan(notified);
    expect(polled).toBeLessThanOrEqual(pollIntervalMs + 1_000);
  });

  it('retries a failing handler with backoff until it succeeds', async () => {
    const attempts: FiredDeadline[] = [];
    const handler: DeadlineHandler = async (d) => {
      attempts.push(d);
      if (d.attempt < 3) throw new Error(`event store unavailable (attempt ${d.attempt})`);
    };
    const scheduler = await start({ k: handler }, { pollIntervalMs: 100, retryDelayMs: (n) => 300 * n });
    await store.schedule({ id: 'flaky', kind: 'k', dueAt: await at(0) });
    await waitUntil(async () => attempts.length === 3 && (await remaining()) === 0, 10_000, () => `attempts: ${attempts.length}`);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(new Set(attempts.map((a) => a.occurrence)).size).toBe(1); // one occurrence, retried
    expect(attempts[1].firedAt.getTime() - attempts[0].firedAt.getTime()).toBeGreaterThanOrEqual(300);
    expect(attempts[2].firedAt.getTime() - attempts[1].firedAt.getTime()).toBeGreaterThanOrEqual(600);
    expect(scheduler.health()).toMatchObject({ fired: 1, retried: 2, gaveUp: 0 });
  });

  it('gives up after maxAttempts, keeps the error for inspection, and fires again only when re-armed', async () => {
    let calls = 0;
    const failures: string[] = [];
    const handler: DeadlineHandler = async () => {
      calls++;
      if (calls <= 3) throw new Error('downstream unavailable');
    };
    await start({ k: handler }, { pollIntervalMs: 100, maxAttempts: 3, retryDelayMs: () => 100, onError: (_e, c) => failures.push(`${c.deadlineId}:${c.gaveUp}`) });
    await store.schedule({ id: 'doomed', kind: 'k', dueAt: await at(0) });
    await waitUntil(async () => (await store.failed()).length === 1, 10_000, () => `calls: ${calls}`);
    await new Promise((resolve) => setTimeout(resolve, 400)); // and nothing fires it again
    expect(calls).toBe(3);
    expect(failures).toEqual(['doomed:false', 'doomed:false', 'doomed:true']);
    const [failed] = await store.failed();
    expect(failed).toMatchObject({ id: 'doomed', attempts: 3 });
    expect(failed.lastError).toContain('Error: downstream unavailable');
    expect(failed.failedAt).toBeInstanceOf(Date);
    expect(await store.retry('doomed')).toBe(true);
    await waitUntil(async () => (await remaining()) === 0, 10_000, () => 're-armed deadline did not fire');
    expect(calls).toBe(4);
  });

  it('counts a handler that outlives handlerTimeoutMs as a failed attempt and aborts its signal', async () => {
    let signal: AbortSignal | undefined;
    const handler: DeadlineHandler = (d) => {
      signal = d.signal;
      return new Promise((resolve) => d.signal.addEventListener('abort', () => resolve()));
    };
    const scheduler = await start({ k: handler }, { pollIntervalMs: 100, handlerTimeoutMs: 200, maxAttempts: 1 });
    await store.schedule({ id: 'slow', kind: 'k', dueAt: await at(0) });
    await waitUntil(async () => (await store.get('slow'))?.failedAt !== undefined, 10_000, () => 'no timeout recorded');
    expect(scheduler.health().gaveUp).toBe(1);
    expect(signal?.aborted).toBe(true);
    expect((await store.get('slow'))?.lastError).toContain('handler timed out after 200 ms');
  });

  it('lets a slow handler hold only its own slot: later deadlines keep firing meanwhile', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const fired: string[] = [];
    const handler: DeadlineHandler = async (d) => {
      if (d.id === 'slow') await released;
      fired.push(d.id);
    };
    await start({ k: handler }, { pollIntervalMs: 100, concurrency: 2 });
    await store.schedule({ id: 'slow', kind: 'k', dueAt: await at(0) });
    const later = await at(300);
    await store.scheduleMany(Array.from({ length: 5 }, (_, i) => ({ id: `quick-${i}`, kind: 'k', dueAt: later })));
    await waitUntil(() => fired.length === 5, 10_000, () => `fired while slow runs: ${fired.join(',')}`);
    expect(fired).not.toContain('slow');
    release();
    await waitUntil(async () => (await remaining()) === 0, 10_000, () => 'slow one not settled');
  });

  it('keeps a deadline rescheduled while its handler runs, and fires it again as a new occurrence', async () => {
    let rescheduled = false;
    const seen: FiredDeadline[] = [];
    const handler: DeadlineHandler = async (d) => {
      seen.push(d);
      if (!rescheduled) {
        rescheduled = true;
        await store.schedule({ id: d.id, kind: 'k', dueAt: await at(400) }); // the ticket was reopened meanwhile
      }
    };
    await start({ k: handler }, { pollIntervalMs: 100 });
    await store.schedule({ id: 'sla:t1:resolution:breach', kind: 'k', dueAt: await at(0) });
    await waitUntil(async () => seen.length === 2 && (await remaining()) === 0, 10_000, () => `fired ${seen.length}`);
    expect(seen[0].occurrence).not.toBe(seen[1].occurrence);
  });

  it('stops gracefully: the deadline in hand finishes and is settled, claimed ones not started go to another instance', async () => {
    const byA: string[] = [];
    let inHand!: () => void;
    const started = new Promise<void>((resolve) => (inHand = resolve));
    const a = await start(
      {
        k: async (d) => {
          inHand();
          await new Promise((resolve) => setTimeout(resolve, 300));
          byA.push(d.id);
        },
      },
      { pollIntervalMs: 100, concurrency: 1, batchSize: 10 },
    );
    await store.scheduleMany(Array.from({ length: 10 }, (_, i) => ({ id: `d${i}`, kind: 'k', dueAt: new Date(Date.now() - 1_000) })));
    await started;
    await a.stop();
    expect(byA).toHaveLength(1);
    expect(a.health().alive).toBe(false);
    expect(await remaining()).toBe(9);
    const { fired, handler } = recorder();
    await start({ k: handler }, { pollIntervalMs: 100 });
    await waitUntil(async () => (await remaining()) === 0, 10_000, () => `B fired ${fired.length}`);
    expect(fired.map((f) => f.id).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `d${i}`).filter((id) => id !== byA[0]).sort());
  });

  it('claims only the kinds it has handlers for', async () => {
    const { fired, handler } = recorder();
    await start({ mine: handler }, { pollIntervalMs: 100 });
    const now = await at(0);
    await store.scheduleMany([
      { id: 'a', kind: 'mine', dueAt: now },
      { id: 'b', kind: 'someone-elses', dueAt: now },
    ]);
    await waitUntil(() => fired.length === 1, 10_000, () => 'mine did not fire');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await store.get('b')).toMatchObject({ attempts: 0, failedAt: undefined });
  });

  it('reports health: alive, last tick, and the lag of the oldest due deadline it cannot fire yet', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const scheduler = await start({ k: () => released }, { pollIntervalMs: 100, concurrency: 1 });
    await store.schedule({ id: 'blocking', kind: 'k', dueAt: await at(0) });
    await waitUntil(() => scheduler.health().inFlight === 1, 10_000, () => 'not fired');
    await store.schedule({ id: 'overdue', kind: 'k', dueAt: await at(-3_000) });
    await waitUntil(() => scheduler.health().lagMs >= 3_000, 10_000, () => `lag ${scheduler.health().lagMs}`);
    expect(scheduler.health()).toMatchObject({ alive: true, inFlight: 1 });
    expect(scheduler.health().lastTickAt).toBeInstanceOf(Date);
    release();
    await waitUntil(async () => (await remaining()) === 0, 10_000, () => 'not drained');
    await waitUntil(() => scheduler.health().lagMs === 0, 10_000, () => `lag ${scheduler.health().lagMs}`);
  });

  it('holds no transaction while a handler runs, so event-store readers are not held back', async () => {
    const events = await PostgresEventStore.create({ connectionString: db.url });
    try {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const scheduler = await start({ k: () => released }, { pollIntervalMs: 100 });
      await store.schedule({ id: 'long-handler', kind: 'k', dueAt: await at(0) });
      await waitUntil(() => scheduler.health().inFlight === 1, 10_000, () => 'not fired');
      // Appends an event and says whether a reader sees it within `ms` (other tests' short transactions on this
      // server may delay it a little; an open transaction delays it until it ends).
      const readableWithin = async (ms: number) => {
        const id = randomUUID();
        await events.append(`probe-${id}`, [{ id, type: 'cs.test.v1', data: {} }], { expectedRevision: 'no_stream' });
        const until = Date.now() + ms;
        do {
          if ((await events.readAll({ filter: { categories: ['probe'] } })).some((e) => e.id === id)) return true;
          await new Promise((resolve) => setTimeout(resolve, 20));
        } while (Date.now() < until);
        return false;
      };
      expect(await readableWithin(3_000)).toBe(true);

      // A claim held as a row lock keeps a transaction id open; readers wait only for appending transactions (see
      // readHorizonSql), so they are not held back by it either, but a handler could not append inside it.
      await store.schedule({ id: 'row-locked', kind: 'other', dueAt: await at(0) });
      const claimTx = await pool.connect();
      try {
        await claimTx.query('BEGIN');
        await claimTx.query(`SELECT id FROM ${SCHEMA}.deadlines WHERE id = 'row-locked' FOR UPDATE SKIP LOCKED`);
        expect(await readableWithin(3_000)).toBe(true);
        await expect(claimTx.query(`SELECT * FROM eventstore.append_events('probe-in-claim', 'probe', -1, '[]')`)).rejects.toThrow('an append must be the first write of its transaction');
      } finally {
        await claimTx.query('ROLLBACK');
        claimTx.release();
      }
      release();
    } finally {
      await events.close();
    }
  });
});
