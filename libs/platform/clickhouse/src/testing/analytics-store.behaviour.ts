import { AnalyticsStoreError } from '../analytics-store.errors';
import type { AnalyticsStore } from '../analytics-store.port';

export interface AnalyticsStoreFixture {
  store: AnalyticsStore;
  cleanup(): Promise<void>;
}

const DEDUP = 'SETTINGS non_replicated_deduplication_window = 1000';

/** The behaviour every AnalyticsStore backend must have (chDB, a ClickHouse server); each spec runs it. */
export function describeAnalyticsStoreBehaviour(name: string, factory: () => Promise<AnalyticsStoreFixture>): void {
  describe(`AnalyticsStore behaviour: ${name}`, () => {
    let fixture: AnalyticsStoreFixture;
    let store: AnalyticsStore;
    const count = async (sql: string, params?: Record<string, unknown>) =>
      Number((await store.query<{ n: string }>(`SELECT count() AS n FROM ${sql}`, params))[0].n);

    beforeAll(async () => {
      fixture = await factory();
      store = fixture.store;
    });
    afterAll(async () => fixture?.cleanup());

    it('answers ping', async () => {
      expect(await store.ping()).toBe(true);
    });

    it('round-trips DateTime64, LowCardinality and UInt64 through an insert and a parameterised query', async () => {
      await store.command(
        `CREATE TABLE facts (id UInt64, occurred_at DateTime64(3, 'UTC'), channel LowCardinality(String), tags Array(String))
         ENGINE = MergeTree ORDER BY id ${DEDUP}`,
      );
      await store.insert(
        'facts',
        [
          { id: 18446744073709551615n, occurred_at: new Date('2024-03-01T10:20:30.456Z'), channel: 'email', tags: ["it's", 'vip'] },
          { id: 9007199254740993n, occurred_at: '2024-03-01 10:20:31.001', channel: 'chat', tags: [] },
          { id: 7, occurred_at: '2024-02-29T23:59:59.999Z', channel: 'email', tags: [] },
        ],
        { deduplicationToken: 'facts-1' },
      );
      const rows = await store.query(
        `SELECT id, occurred_at, channel, tags FROM facts
         WHERE channel = {channel:String} AND occurred_at >= {from:DateTime64(3, 'UTC')} AND id > {min:UInt64} ORDER BY id`,
        { channel: 'email', from: new Date('2024-03-01T10:20:30.456Z'), min: 9007199254740993n },
      );
      expect(rows).toEqual([{ id: '18446744073709551615', occurred_at: '2024-03-01 10:20:30.456', channel: 'email', tags: ["it's", 'vip'] }]);
      const chat = await store.query(`SELECT id FROM facts WHERE id = {id:UInt64}`, { id: '9007199254740993' });
      expect(chat).toEqual([{ id: '9007199254740993' }]);
    });

    it('binds values, never splices them into the SQL', async () => {
      const hostile = "email' OR 1 = 1 --";
      expect(await count('facts WHERE channel = {channel:String}', { channel: hostile })).toBe(0);
      expect(await store.query(`SELECT {s:String} AS s`, { s: hostile })).toEqual([{ s: hostile }]);
    });

    it('inserts a batch once when the same deduplication token is used twice', async () => {
      await store.command(`CREATE TABLE dedup (id UInt64, v String) ENGINE = MergeTree ORDER BY id ${DEDUP}`);
      const rows = [{ id: 1, v: 'a' }, { id: 2, v: 'b' }];
      await store.insert('dedup', rows, { deduplicationToken: 'batch-1' });
      await store.insert('dedup', rows, { deduplicationToken: 'batch-1' });
      expect(await count('dedup')).toBe(2);
      // Same rows under another token are another batch: deduplication is by token, not by content.
      await store.insert('dedup', rows, { deduplicationToken: 'batch-2' });
      expect(await count('dedup')).toBe(4);
    });

    it('does not let an insert token leak into a later INSERT … SELECT', async () => {
      await store.command(`CREATE TABLE leak (id UInt64) ENGINE = MergeTree ORDER BY id ${DEDUP}`);
      await store.insert('leak', [{ id: 1 }], { deduplicationToken: 'leak-1' });
      await store.command(`INSERT INTO leak SELECT {id:UInt64}`, { id: 2n });
      expect(await store.query(`SELECT id FROM leak ORDER BY id`)).toEqual([{ id: '1' }, { id: '2' }]);
    });

    it('keeps the row with the highest version in a ReplacingMergeTree read with FINAL', async () => {
      await store.command(
        `CREATE TABLE tickets (ticket_id String, status LowCardinality(String), version UInt64)
         ENGINE = ReplacingMergeTree(version) ORDER BY ticket_id ${DEDUP}`,
      );
      for (const [status, version] of [['open', 1], ['closed', 3], ['pending', 2]] as const) {
        await store.insert('tickets', [{ ticket_id: 't-1', status, version }], { deduplicationToken: `t-1:${version}` });
      }
      await store.insert('tickets', [{ ticket_id: 't-2', status: 'open', version: 1 }], { deduplicationToken: 't-2:1' });
      expect(await store.query(`SELECT ticket_id, status, version FROM tickets FINAL ORDER BY ticket_id`)).toEqual([
        { ticket_id: 't-1', status: 'closed', version: '3' },
        { ticket_id: 't-2', status: 'open', version: '1' },
      ]);
    });

    it('feeds an AggregatingMergeTree through a materialized view without double counting a repeated batch', async () => {
      await store.command(
        `CREATE TABLE replies (event_id String, team LowCardinality(String), minutes UInt32, customer String)
         ENGINE = MergeTree ORDER BY event_id ${DEDUP}`,
      );
      await store.command(
        `CREATE TABLE replies_by_team (team LowCardinality(String), replies AggregateFunction(count),
           minutes AggregateFunction(sum, UInt32), customers AggregateFunction(uniqExact, String))
         ENGINE = AggregatingMergeTree ORDER BY team ${DEDUP}`,
      );
      await store.command(
        `CREATE MATERIALIZED VIEW replies_by_team_mv TO replies_by_team AS
         SELECT team, countState() AS replies, sumState(minutes) AS minutes, uniqExactState(customer) AS customers
         FROM replies GROUP BY team`,
      );
      const first = [
        { event_id: 'e1', team: 'billing', minutes: 10, customer: 'c1' },
        { event_id: 'e2', team: 'billing', minutes: 20, customer: 'c2' },
        { event_id: 'e3', team: 'tech', minutes: 5, customer: 'c1' },
      ];
      await store.insert('replies', first, { deduplicationToken: 'replies-1' });
      await store.insert('replies', [{ event_id: 'e4', team: 'billing', minutes: 30, customer: 'c1' }], { deduplicationToken: 'replies-2' });
      await store.insert('replies', first, { deduplicationToken: 'replies-1' }); // a retry of the first batch
      const kpis = await store.query(
        `SELECT team, countMerge(replies) AS replies, sumMerge(minutes) AS minutes, uniqExactMerge(customers) AS customers
         FROM replies_by_team WHERE team IN {teams:Array(String)} GROUP BY team ORDER BY team`,
        { teams: ['billing', 'tech'] },
      );
      expect(kpis).toEqual([
        { team: 'billing', replies: '3', minutes: '60', customers: '2' },
        { team: 'tech', replies: '1', minutes: '5', customers: '1' },
      ]);
    });

    it('delivers a retried batch to a materialized view whose push failed after the source table took it', async () => {
      await store.command(`CREATE TABLE outcomes (event_id String, ok UInt8) ENGINE = MergeTree ORDER BY event_id ${DEDUP}`);
      await store.command(`CREATE TABLE outcomes_copy (event_id String) ENGINE = MergeTree ORDER BY event_id ${DEDUP}`);
      // The view fails this push (as on a memory limit or a crash between the two writes): the source part stays.
      await store.command(`CREATE MATERIALIZED VIEW outcomes_mv TO outcomes_copy AS SELECT event_id FROM outcomes WHERE throwIf(ok = 0, 'push failed') = 0`);
      const rows = [{ event_id: 'e1', ok: 1 }, { event_id: 'e2', ok: 0 }];
      await expect(store.insert('outcomes', rows, { deduplicationToken: 'outcomes-1' })).rejects.toBeDefined();
      expect(await count('outcomes')).toBe(2);
      await store.command('DROP VIEW outcomes_mv');
      await store.command(`CREATE MATERIALIZED VIEW outcomes_mv TO outcomes_copy AS SELECT event_id FROM outcomes`);
      await store.insert('outcomes', rows, { deduplicationToken: 'outcomes-1' }); // the worker's retry
      await store.insert('outcomes', rows, { deduplicationToken: 'outcomes-1' }); // and a redelivery
      expect(await count('outcomes')).toBe(2);
      expect(await count('outcomes_copy')).toBe(2);
    });

    it('translates engine errors into AnalyticsStoreError with the ClickHouse code', async () => {
      const unknown = await store.query('SELECT * FROM no_such_table').catch((error: unknown) => error);
      expect(unknown).toBeInstanceOf(AnalyticsStoreError);
      expect(unknown).toMatchObject({ code: 'ANALYTICS_STORE.UNKNOWN_TABLE', clickhouseCode: 60 });
      expect((unknown as Error).message).toContain('no_such_table');
      await expect(store.command('CREATE TABLE broken (')).rejects.toMatchObject({ code: 'ANALYTICS_STORE.SYNTAX_ERROR', clickhouseCode: 62 });
      await expect(store.insert('no_such_table', [{ a: 1 }], { deduplicationToken: 'x' })).rejects.toMatchObject({
        code: 'ANALYTICS_STORE.UNKNOWN_TABLE',
      });
    });

    it('refuses a table name that is not a plain identifier', async () => {
      await expect(store.insert('facts; DROP TABLE facts', [{ id: 1 }], { deduplicationToken: 'x' })).rejects.toMatchObject({
        code: 'ANALYTICS_STORE.INVALID_TABLE_NAME',
      });
      expect(await count('facts')).toBe(3);
    });
  });
}
