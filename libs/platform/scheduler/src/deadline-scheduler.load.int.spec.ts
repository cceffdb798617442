import { createTestDatabase, type TestDatabase } from '@csp/testing';
import { Pool } from 'pg';
import { DeadlineScheduler } from './deadline-scheduler';
import { DeadlineStore } from './deadline-store';
import type { DeadlineHandler } from './deadline.types';
import { CallCounter, dbNow, lagMs, percentile, slaDeadlines, waitUntil } from './testing/deadline-test-kit';

const SCHEMA = 'ticketing';

jest.setTimeout(120_000);

/**
 * 10,000 deadlines due at the same instant (5,000 tickets whose warnings and breaches all fall due together,
 * the worst case of "10,000 open tickets with running SLA clocks"). The handler only records, so this measures
 * the scheduler itself: claiming, locking, settling. Real handlers add their own cost per deadline (an event-store
 * append, one commit each). It asserts completeness and exactly-once, and reports the lag rather than asserting a
 * tight bound (the machine is shared).
 */
describe('DeadlineScheduler under load', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: DeadlineStore;

  beforeAll(async () => {
    db = await createTestDatabase('deadline_load');
    pool = new Pool({ connectionString: db.url, max: 2 });
    pool.on('error', () => undefined); // pool.end() resolves before sockets close; dropping the database may end one
    store = await DeadlineStore.create({ connectionString: db.url, schema: SCHEMA });
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await db.drop();
  });

  it.each([1, 2])('drains 10,000 deadlines due at once with %i instance(s), each fired exactly once', async (instances) => {
    const calls = new CallCounter();
    const lags: number[] = [];
    const record: DeadlineHandler = async (fired) => {
      calls.record(fired.id);
      lags.push(lagMs(fired));
    };
    const schedulers = Array.from(
      { length: instances },
      (_, i) => new DeadlineScheduler({ connectionString: db.url, schema: SCHEMA, name: `load-${i}`, handlers: { 'sla.warning': record, 'sla.breach': record } }),
    );
    await Promise.all(schedulers.map((s) => s.start()));
    try {
      const dueAt = new Date((await dbNow(pool)).getTime() + 3_000); // after the 10,000 are surely written
      await store.scheduleMany(slaDeadlines(5_000, () => dueAt));
      const cpuBefore = process.cpuUsage();
      await waitUntil(() => calls.calls.size === 10_000, 90_000, () => `fired ${calls.calls.size}`);
      const cpu = process.cpuUsage(cpuBefore);
      await waitUntil(async () => (await pool.query(`SELECT 1 FROM ${SCHEMA}.deadlines LIMIT 1`)).rowCount === 0, 10_000, () => 'not all settled');
      console.info(
        `scheduler: 10,000 due at once, ${instances} instance(s): firing lag p50 ${percentile(lags, 50)} ms, p99 ${percentile(lags, 99)} ms, ` +
          `max ${percentile(lags, 100)} ms; process CPU from scheduling to drained ${((cpu.user + cpu.system) / 1_000).toFixed(0)} ms`,
      );
      expect(calls.total).toBe(10_000);
      expect(calls.repeated()).toEqual([]);
      expect(lags.every((lag) => lag >= 0)).toBe(true); // none before its time
    } finally {
      await Promise.all(schedulers.map((s) => s.stop()));
    }
  });
});
