import { PostgresEventStore } from '@csp/event-store';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Pool } from 'pg';
import { DeadlineScheduler } from './deadline-scheduler';
import type { DeadlineSchedulerOptions } from './deadline-scheduler.options';
import { DeadlineStore } from './deadline-store';
import type { DeadlineHandler } from './deadline.types';
import type { CrashInstanceArgs } from './testing/deadline-crash-instance.fixture';
import { appendSlaEvent, CallCounter, dbNow, slaDeadlines, slaEventCounts, waitUntil } from './testing/deadline-test-kit';

const SCHEMA = 'ticketing';

jest.setTimeout(90_000);

/**
 * The test requirement: two instances and a restart in the middle; every warning and breach exactly once.
 * Handlers count their calls (what a non-idempotent effect would see) and append the SLA event with an id
 * derived from the occurrence (the idempotent effect the contract asks for), to a real PostgresEventStore.
 */
describe('DeadlineScheduler: several instances, restarts and crashes', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: DeadlineStore;
  let events: PostgresEventStore;
  let running: DeadlineScheduler[] = [];
  const remaining = async () => (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${SCHEMA}.deadlines`)).rows[0].n;
  const start = async (name: string, handler: DeadlineHandler, options: Partial<DeadlineSchedulerOptions> = {}) => {
    const scheduler = new DeadlineScheduler({
      connectionString: db.url,
      schema: SCHEMA,
      name,
      handlers: { 'sla.warning': handler, 'sla.breach': handler },
      pollIntervalMs: 200,
      ...options,
    });
    await scheduler.start();
    running.push(scheduler);
    return scheduler;
  };
  /** Counts calls per id (overall and per instance) and appends the SLA event. */
  const instanceHandler = (overall: CallCounter, mine: CallCounter, before?: (id: string) => Promise<void>): DeadlineHandler => {
    const append = appendSlaEvent(events);
    return async (fired) => {
      overall.record(fired.id);
      mine.record(fired.id);
      await before?.(fired.id);
      await append(fired);
    };
  };
  /** Every ticket has exactly one warning and one breach event. */
  const expectEverySlaEventOnce = async (tickets: number) => {
    const counts = await slaEventCounts(pool);
    expect(counts.size).toBe(tickets * 2);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  };

  beforeAll(async () => {
    db = await createTestDatabase('deadline_instances');
    pool = new Pool({ connectionString: db.url, max: 4 });
    pool.on('error', () => undefined); // pool.end() resolves before sockets close; dropping the database may end one
    store = await DeadlineStore.create({ connectionString: db.url, schema: SCHEMA });
    events = await PostgresEventStore.create({ connectionString: db.url });
  });
  afterEach(async () => {
    await Promise.all(running.map((s) => s.stop()));
    running = [];
    await pool.query(`DELETE FROM ${SCHEMA}.deadlines; DELETE FROM eventstore.events; DELETE FROM eventstore.streams`);
  });
  afterAll(async () => {
    await events.close();
    await store.close();
    await pool.end();
    await db.drop();
  });

  it('two instances fire 1,000 deadlines due at once exactly once in total', async () => {
    const calls = new CallCounter();
    const [a, b] = [new CallCounter(), new CallCounter()];
    await start('instance-a', instanceHandler(calls, a));
    await start('instance-b', instanceHandler(calls, b));
    const now = await dbNow(pool);
    await store.scheduleMany(slaDeadlines(500, () => now));
    await waitUntil(async () => (await remaining()) === 0, 60_000, () => `fired ${calls.calls.size}`);
    console.info(`scheduler: 1,000 due at once, two instances: A fired ${a.total}, B fired ${b.total}`);
    expect(calls.calls.size).toBe(1_000);
    expect(calls.repeated()).toEqual([]);
    expect(calls.total).toBe(1_000);
    await expectEverySlaEventOnce(500);
  });

  it('two instances and a graceful restart of one in the middle: every warning and breach exactly once', async () => {
    const calls = new CallCounter();
    const [a, b, a2] = [new CallCounter(), new CallCounter(), new CallCounter()];
    const slow = () => new Promise<void>((resolve) => setTimeout(resolve, 2));
    const instanceA = await start('instance-a', instanceHandler(calls, a, slow));
    await start('instance-b', instanceHandler(calls, b, slow));
    const now = (await dbNow(pool)).getTime();
    // 300 tickets; warnings due from 1 s ago to 2 s ahead, each breach 500 ms after its warning.
    await store.scheduleMany(slaDeadlines(300, (t, level) => new Date(now - 1_000 + t * 10 + (level === 'breach' ? 500 : 0))));
    await waitUntil(() => a.total > 50, 30_000, () => `A fired ${a.total}`);
    await instanceA.stop();
    const leftAtRestart = await remaining();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await start('instance-a2', instanceHandler(calls, a2, slow));
    await waitUntil(async () => (await remaining()) === 0, 60_000, () => `fired ${calls.calls.size}`);
    console.info(`scheduler: restart in the middle: A fired ${a.total} then stopped with ${leftAtRestart} left, B ${b.total}, A after restart ${a2.total}`);
    expect(leftAtRestart).toBeGreaterThan(0);
    expect(calls.calls.size).toBe(600);
    expect(calls.repeated()).toEqual([]); // a graceful stop settles what it fired: not even a re-fire
    await expectEverySlaEventOnce(300);
  });

  it('an instance losing its connection mid-batch: the other may re-fire what it had not settled, effects stay exactly once', async () => {
    const calls = new CallCounter();
    const [a, b] = [new CallCounter(), new CallCounter()];
    let lost = false;
    const loseOwnSession = async () => {
      if (lost || a.total < 50) return;
      lost = true;
      // The server ends A's claim session (as a network failure or a restarted pooler would); the claims go with it.
      await pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'instance-a' AND datname = current_database()`);
    };
    const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 2));
    const instanceA = await start('instance-a', instanceHandler(calls, a, loseOwnSession), { batchSize: 20, concurrency: 4 });
    await start('instance-b', instanceHandler(calls, b, pause), { batchSize: 20, concurrency: 4 });
    const now = await dbNow(pool);
    await store.scheduleMany(slaDeadlines(300, () => now));
    await waitUntil(async () => (await remaining()) === 0, 60_000, () => `fired ${calls.calls.size}`);
    const refired = calls.repeated();
    console.info(`scheduler: connection lost mid-batch: A ${a.total} calls, B ${b.total}, ${refired.length} re-fired (at-least-once); events exactly once`);
    expect(lost).toBe(true);
    expect(calls.calls.size).toBe(600);
    // A re-fire needs the instance that lost its claims: each instance alone never fires one twice.
    expect(a.repeated()).toEqual([]);
    expect(b.repeated()).toEqual([]);
    expect(refired.every((id) => a.calls.has(id) && b.calls.has(id))).toBe(true);
    await expectEverySlaEventOnce(300);
    await waitUntil(() => instanceA.health().alive, 10_000, () => 'A did not recover');
    expect(instanceA.health().lastError).toBeDefined();
  });

  it('an instance killed mid-batch (SIGKILL): another fires the rest, re-firing only what it had not settled; events exactly once', async () => {
    const now = await dbNow(pool);
    await store.scheduleMany(slaDeadlines(300, () => now));
    const args: CrashInstanceArgs = { url: db.url, schema: SCHEMA, stuckAt: 150, batchSize: 20, concurrency: 4 };
    const child = await startCrashInstance(args);
    await waitUntil(() => child.lines.some((l) => l.startsWith('stuck ')), 60_000, () => `child printed ${child.lines.length} lines`);
    child.process.kill('SIGKILL');
    await new Promise((resolve) => child.process.once('exit', resolve));
    const byChild = new Set(child.lines.filter((l) => /^(fired|stuck) /.test(l)).map((l) => l.split(' ')[1]));
    const stuck = (child.lines.find((l) => l.startsWith('stuck ')) ?? '').split(' ')[1];

    const calls = new CallCounter();
    const noOpAppends: string[] = []; // re-fires whose effect the killed instance had already written
    const append = appendSlaEvent(events);
    await start('instance-b', async (fired) => {
      calls.record(fired.id);
      if ((await append(fired)).duplicates > 0) noOpAppends.push(fired.id);
    });
    await waitUntil(async () => (await remaining()) === 0, 60_000, () => `B fired ${calls.total}`);

    const firedByBoth = new Set([...byChild, ...calls.calls.keys()]);
    console.info(
      `scheduler: SIGKILL mid-batch: the killed instance reported ${byChild.size} fired, the other fired ${calls.total}; ` +
        `${noOpAppends.length} of those were re-fires of occurrences whose effect was already written (no-op appends)`,
    );
    expect(firedByBoth.size).toBe(600); // nothing lost
    expect(calls.repeated()).toEqual([]);
    expect(noOpAppends).toContain(stuck); // its effect happened, its settlement never did: at-least-once ...
    expect(noOpAppends.length).toBeLessThanOrEqual(2 * args.batchSize + args.concurrency); // at most what one instance holds unsettled
    await expectEverySlaEventOnce(300); // ... and exactly once in outcome
  });
});

interface CrashInstance {
  process: ChildProcess;
  lines: string[];
}

/** Runs deadline-crash-instance.fixture.ts in a child process; resolves once its scheduler started. */
async function startCrashInstance(args: CrashInstanceArgs): Promise<CrashInstance> {
  const root = path.resolve(__dirname, '../../../..');
  const child = spawn(
    process.execPath,
    ['-r', path.join(root, 'tools/register.js'), path.join(__dirname, 'testing/deadline-crash-instance.fixture.ts'), JSON.stringify(args)],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const instance: CrashInstance = { process: child, lines: [] };
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    instance.lines.push(...lines);
  });
  await waitUntil(() => instance.lines.includes('ready') || child.exitCode !== null, 30_000, () => 'crash instance not ready');
  if (child.exitCode !== null) throw new Error(`crash instance exited with ${child.exitCode}`);
  return instance;
}
