import { createTestChdbDir, type TestChdbDir } from '@csp/testing';
import type { AnalyticsStore } from './analytics-store.port';
import { createAnalyticsStore } from './clickhouse-analytics-store.adapter';
import type { RowSource, TableRow } from './clickhouse-batch';
import { ClickHouseBatchWriter } from './clickhouse-batch-writer';

const DEDUP = 'SETTINGS non_replicated_deduplication_window = 1000';

/** One source event: a reply fact, plus a team row for every tenth event (two tables per batch). */
const replyEvent = (n: number): { source: RowSource<bigint>; rows: TableRow[] } => ({
  source: { eventId: `evt-${n}`, checkpoint: BigInt(n) },
  rows: [
    { table: 'replies', row: { event_id: `evt-${n}`, team: n % 2 ? 'billing' : 'tech', minutes: n } },
    ...(n % 10 === 0 ? [{ table: 'teams', row: { event_id: `evt-${n}`, team: `team-${n}` } }] : []),
  ],
});

describe('ClickHouseBatchWriter on chDB', () => {
  let data: TestChdbDir;
  let store: AnalyticsStore;
  const count = async (table: string) => Number((await store.query<{ n: string }>(`SELECT count() AS n FROM ${table}`))[0].n);
  const kpis = () =>
    store.query(`SELECT team, countMerge(replies) AS replies, sumMerge(minutes) AS minutes FROM replies_by_team GROUP BY team ORDER BY team`);

  beforeAll(async () => {
    data = createTestChdbDir();
    store = await createAnalyticsStore({ dataDir: data.dir });
    await store.command(`CREATE TABLE replies (event_id String, team LowCardinality(String), minutes UInt32) ENGINE = MergeTree ORDER BY event_id ${DEDUP}`);
    await store.command(`CREATE TABLE teams (event_id String, team String) ENGINE = MergeTree ORDER BY event_id ${DEDUP}`);
    await store.command(
      `CREATE TABLE replies_by_team (team LowCardinality(String), replies AggregateFunction(count), minutes AggregateFunction(sum, UInt32))
       ENGINE = AggregatingMergeTree ORDER BY team ${DEDUP}`,
    );
    await store.command(
      `CREATE MATERIALIZED VIEW replies_by_team_mv TO replies_by_team AS
       SELECT team, countState() AS replies, sumState(minutes) AS minutes FROM replies GROUP BY team`,
    );
  });
  afterEach(async () => {
    for (const table of ['replies', 'teams', 'replies_by_team']) await store.command(`TRUNCATE TABLE ${table}`);
  });
  afterAll(async () => {
    await store.close();
    data.cleanup();
  });

  it('flushes by size without being asked, and checkpoints only after the rows are readable', async () => {
    const seenAtCheckpoint: [bigint, number][] = [];
    const writer = new ClickHouseBatchWriter<bigint>({
      store,
      maxRows: 1000,
      maxDelayMs: 60_000,
      onFlushed: async (checkpoint) => void seenAtCheckpoint.push([checkpoint, await count('replies')]),
    });
    for (let n = 1; n <= 2500; n++) await writer.add(replyEvent(n).source, replyEvent(n).rows);
    // 910 events give 910 replies + 91 team rows: the first to reach 1000 rows; then again at event 1820.
    expect(seenAtCheckpoint).toEqual([[910n, 910], [1820n, 1820]]);
    expect(writer.pendingRows).toBe(2500 + 250 - 2 * 1001);
    expect(await writer.flush()).toBe(2500n);
    expect([await count('replies'), await count('teams')]).toEqual([2500, 250]);
    expect(seenAtCheckpoint.at(-1)).toEqual([2500n, 2500]);
  });

  it('flushes by time, and a waiting consumer learns when its rows are durable', async () => {
    const checkpoints: bigint[] = [];
    const writer = new ClickHouseBatchWriter<bigint>({ store, maxDelayMs: 50, onFlushed: (c) => void checkpoints.push(c) });
    const started = Date.now();
    await writer.add(replyEvent(1).source, replyEvent(1).rows);
    await writer.add(replyEvent(2).source, replyEvent(2).rows);
    expect(await count('replies')).toBe(0);
    await writer.whenDurable();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(await count('replies')).toBe(2);
    expect(checkpoints).toEqual([2n]);
    await writer.close();
  });

  it('leaves facts and aggregates unchanged when a batch is replayed after a crash before its checkpoint', async () => {
    const events = Array.from({ length: 30 }, (_, i) => replyEvent(i + 1));
    let stored: bigint | undefined; // the consumer's checkpoint store
    const crashing = new ClickHouseBatchWriter<bigint>({
      store,
      onFlushed: () => {
        throw new Error('process died before storing the checkpoint');
      },
    });
    for (const { source, rows } of events) await crashing.add(source, rows);
    await expect(crashing.flush()).rejects.toThrow('process died');
    expect(await count('replies')).toBe(30);
    const before = await kpis();

    // The restarted consumer replays everything after its stored checkpoint (none) as the same batch.
    const restarted = new ClickHouseBatchWriter<bigint>({ store, onFlushed: (c) => void (stored = c) });
    for (const { source, rows } of events.filter((e) => stored === undefined || e.source.checkpoint > stored)) {
      await restarted.add(source, rows);
    }
    await restarted.close();
    expect(stored).toBe(30n);
    expect([await count('replies'), await count('teams')]).toEqual([30, 3]);
    expect(await kpis()).toEqual(before);
    expect(before).toEqual([
      { team: 'billing', replies: '15', minutes: String(15 * 15) },
      { team: 'tech', replies: '15', minutes: String(15 * 16) },
    ]);
  });
});
