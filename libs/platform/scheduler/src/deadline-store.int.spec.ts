import { openServiceDataSource } from '@csp/projections';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import { Pool } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DeadlineStore } from './deadline-store';
import { deadlinesSchemaSql, ensureDeadlinesSchema } from './deadlines.schema';
import { dbNow } from './testing/deadline-test-kit';

const SCHEMA = 'ticketing';

describe('DeadlineStore on PostgreSQL', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: DeadlineStore;
  const later = async (ms: number) => new Date((await dbNow(pool)).getTime() + ms);
  const ids = async () => (await pool.query<{ id: string }>(`SELECT id FROM ${SCHEMA}.deadlines ORDER BY id`)).rows.map((r) => r.id);

  beforeAll(async () => {
    db = await createTestDatabase('deadline_store');
    pool = new Pool({ connectionString: db.url, max: 4 });
    pool.on('error', () => undefined); // pool.end() resolves before sockets close; dropping the database may end one
    store = await DeadlineStore.create({ connectionString: db.url, schema: SCHEMA });
  });
  afterEach(() => pool.query(`DELETE FROM ${SCHEMA}.deadlines`));
  afterAll(async () => {
    await store.close();
    await pool.end();
    await db.drop();
  });

  it('creates its table idempotently, also from instances starting together', async () => {
    await Promise.all([1, 2, 3].map(() => ensureDeadlinesSchema(pool, SCHEMA)));
    expect(await ids()).toEqual([]);
  });

  it('schedules by id: again with another due time replaces it, starting the occurrence over', async () => {
    const first = await later(60_000);
    await store.schedule({ id: 'sla:t1:first_response:warn', kind: 'sla.warning', dueAt: first, payload: { ticketId: 't1' } });
    expect(await store.get('sla:t1:first_response:warn')).toMatchObject({ kind: 'sla.warning', dueAt: first, fireAt: first, payload: { ticketId: 't1' }, attempts: 0 });

    await pool.query(`UPDATE ${SCHEMA}.deadlines SET attempts = 3, last_error = 'boom', failed_at = now()`); // as if it gave up
    const moved = await later(120_000); // the SLA clock was paused and resumed
    await store.schedule({ id: 'sla:t1:first_response:warn', kind: 'sla.warning', dueAt: moved, payload: { ticketId: 't1', paused: 1 } });
    const after = await store.get('sla:t1:first_response:warn');
    expect(after).toMatchObject({ dueAt: moved, fireAt: moved, payload: { ticketId: 't1', paused: 1 }, attempts: 0 });
    expect(after?.lastError).toBeUndefined();
    expect(after?.failedAt).toBeUndefined();
    expect(await ids()).toEqual(['sla:t1:first_response:warn']);
  });

  it('keeps the retry state when the same due time is scheduled again (a replayed projection)', async () => {
    const due = await later(60_000);
    await store.schedule({ id: 'rule:t2:no_reply', kind: 'time-rule', dueAt: due });
    await pool.query(`UPDATE ${SCHEMA}.deadlines SET attempts = 2, last_error = 'boom', fire_at = fire_at + interval '1 minute'`);
    await store.schedule({ id: 'rule:t2:no_reply', kind: 'time-rule', dueAt: due, payload: { v: 2 } });
    expect(await store.get('rule:t2:no_reply')).toMatchObject({ attempts: 2, lastError: 'boom', dueAt: due, fireAt: new Date(due.getTime() + 60_000), payload: { v: 2 } });
  });

  it('schedules many in one statement, the last of a repeated id winning', async () => {
    const due = await later(60_000);
    const many = Array.from({ length: 1_000 }, (_, i) => ({ id: `sla:t${i}:resolution:breach`, kind: 'sla.breach', dueAt: due }));
    await store.scheduleMany([...many, { id: 'sla:t0:resolution:breach', kind: 'sla.breach', dueAt: new Date(due.getTime() + 1) }]);
    expect((await ids()).length).toBe(1_000);
    expect((await store.get('sla:t0:resolution:breach'))?.dueAt).toEqual(new Date(due.getTime() + 1));
    await expect(store.schedule({ id: 'x', kind: 'k', dueAt: new Date(NaN) })).rejects.toThrow('invalid dueAt');
  });

  it('cancels one, or every id with a prefix (LIKE wildcards in the prefix are literal)', async () => {
    const due = await later(60_000);
    const names = ['sla:t1:first_response:warn', 'sla:t1:first_response:breach', 'sla:t10:first_response:warn', 'sla:t_:x', 'sla:tx:x'];
    await store.scheduleMany(names.map((id) => ({ id, kind: 'k', dueAt: due })));
    expect(await store.cancel('sla:t1:first_response:breach')).toBe(true);
    expect(await store.cancel('sla:t1:first_response:breach')).toBe(false);
    expect(await store.cancelByPrefix('sla:t1:')).toBe(1);
    expect(await store.cancelByPrefix('sla:t_:')).toBe(1);
    expect(await ids()).toEqual(['sla:t10:first_response:warn', 'sla:tx:x']);
    await expect(store.cancelByPrefix('')).rejects.toThrow('non-empty');
  });

  it('replaces the deadlines of a prefix in one statement: the others go, the kept ones keep their retry state', async () => {
    const due = await later(60_000);
    const other = await later(120_000);
    await store.scheduleMany(['sla:t1:a:warn', 'sla:t1:a:breach', 'sla:t1:b:breach', 'sla:t10:a:breach', 'sla:t_:x'].map((id) => ({ id, kind: 'k', dueAt: due })));
    await pool.query(`UPDATE ${SCHEMA}.deadlines SET attempts = 2 WHERE id = 'sla:t1:a:breach'`);
    await store.replaceByPrefix('sla:t1:', [
      { id: 'sla:t1:a:breach', kind: 'k', dueAt: due },
      { id: 'sla:t1:b:breach', kind: 'k', dueAt: other, payload: { moved: true } },
      { id: 'sla:t1:c:breach', kind: 'k', dueAt: due },
    ]);
    expect(await ids()).toEqual(['sla:t10:a:breach', 'sla:t1:a:breach', 'sla:t1:b:breach', 'sla:t1:c:breach', 'sla:t_:x']);
    expect(await store.get('sla:t1:a:breach')).toMatchObject({ attempts: 2, dueAt: due });
    expect(await store.get('sla:t1:b:breach')).toMatchObject({ dueAt: other, payload: { moved: true } });
    await store.replaceByPrefix('sla:t_:', []); // a stopped clock: nothing left, wildcards literal
    expect(await ids()).toEqual(['sla:t10:a:breach', 'sla:t1:a:breach', 'sla:t1:b:breach', 'sla:t1:c:breach']);
    await expect(store.replaceByPrefix('', [])).rejects.toThrow('non-empty');
  });

  it("writes in the caller's transaction: a rollback leaves nothing, a commit keeps it", async () => {
    const due = await later(60_000);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await store.schedule({ id: 'rolled-back', kind: 'k', dueAt: due }, client);
      await client.query('ROLLBACK');
      await client.query('BEGIN');
      await store.schedule({ id: 'committed', kind: 'k', dueAt: due }, client);
      await store.schedule({ id: 'cancelled-in-tx', kind: 'k', dueAt: due }, client);
      expect(await store.cancel('cancelled-in-tx', client)).toBe(true);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await ids()).toEqual(['committed']);
  });

  it('works from a TypeORM migration and inside a TypeORM transaction (the read-model side)', async () => {
    class CreateDeadlines1764000000000 implements MigrationInterface {
      async up(q: QueryRunner) {
        await q.query(deadlinesSchemaSql('readmodel'));
      }
      async down(q: QueryRunner) {
        await q.query('DROP TABLE deadlines');
      }
    }
    const dataSource = await openServiceDataSource({ url: db.url, schema: 'readmodel', entities: [], migrations: [CreateDeadlines1764000000000] });
    try {
      const onTypeorm = DeadlineStore.onExecutor(dataSource, 'readmodel');
      const due = await later(60_000);
      await dataSource.transaction(async (manager) => {
        await onTypeorm.schedule({ id: 'sla:t9:first_response:warn', kind: 'sla.warning', dueAt: due }, manager);
        expect(await onTypeorm.cancelByPrefix('sla:t9:', manager)).toBe(1);
        await onTypeorm.schedule({ id: 'sla:t9:first_response:breach', kind: 'sla.breach', dueAt: due }, manager);
      });
      expect(await onTypeorm.get('sla:t9:first_response:breach')).toMatchObject({ kind: 'sla.breach', dueAt: due });
      expect(await onTypeorm.cancel('sla:t9:first_response:breach')).toBe(true);
    } finally {
      await dataSource.destroy();
    }
  });

  it('lists deadlines that gave up, and re-arms one', async () => {
    const due = await later(-1_000);
    await store.scheduleMany([
      { id: 'ok', kind: 'k', dueAt: due },
      { id: 'gave-up', kind: 'k', dueAt: due },
    ]);
    await pool.query(`UPDATE ${SCHEMA}.deadlines SET attempts = 10, last_error = 'Error: boom', failed_at = now() WHERE id = 'gave-up'`);
    expect((await store.failed()).map((d) => [d.id, d.attempts, d.lastError])).toEqual([['gave-up', 10, 'Error: boom']]);
    expect(await store.retry('gave-up')).toBe(true);
    expect(await store.retry('ok')).toBe(false); // not failed
    expect(await store.failed()).toEqual([]);
    expect(await store.get('gave-up')).toMatchObject({ attempts: 0, failedAt: undefined });
  });
});
