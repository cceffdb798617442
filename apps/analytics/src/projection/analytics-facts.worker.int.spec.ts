import { eventIdFor, Topics } from '@csp/contracts';
import { type AnalyticsStore, createAnalyticsStore, loadClickHouseMigrations, runClickHouseMigrations } from '@csp/clickhouse';
import { type BusMessage, eventToMessage, type MessageBus } from '@csp/message-bus';
import { countByType, simulateTraffic } from '@csp/simulator';
import { createTestChdbDir } from '@csp/testing';
import { join } from 'node:path';
import { AnalyticsFactsWorker } from './analytics-facts.worker';

// Seeded connector traffic (the simulator's), projected as ingestion's relay would deliver it: the facts
// must match what was sent, type by type and day by day, however the deliveries are cut and repeated.
describe('analytics projection of simulated traffic (chDB)', () => {
  const chdb = createTestChdbDir('analytics-sim');
  let store: AnalyticsStore;
  let worker: AnalyticsFactsWorker;
  const traffic = simulateTraffic({ seed: 'analytics', customers: 40, days: 20 });
  const messages: BusMessage[] = traffic.map((event, i) => {
    const position = BigInt(i + 1);
    const message = eventToMessage({
      id: eventIdFor(event.source, event.id), type: event.type, streamName: `interaction-${i}`, category: 'interaction', revision: 0n, position,
      data: event.data, metadata: { occurredAt: event.time, source: event.source }, recordedAt: new Date(event.time),
    });
    return { ...message, headers: message.headers ?? {}, topic: Topics.interactions, scope: 'log', position, attempt: 1 };
  });
  const chunks = (size: number) => Array.from({ length: Math.ceil(messages.length / size) }, (_, i) => messages.slice(i * size, (i + 1) * size));

  const countsByType = async () =>
    Object.fromEntries(
      (await store.query<{ type: string; n: string }>('SELECT type, uniqExactMerge(events) AS n FROM interactions_daily GROUP BY type'))
        .map((r) => [r.type, Number(r.n)]),
    );

  beforeAll(async () => {
    store = await createAnalyticsStore({ dataDir: chdb.dir });
    await runClickHouseMigrations(store, await loadClickHouseMigrations(join(__dirname, '..', 'clickhouse', 'migrations')));
    worker = new AnalyticsFactsWorker(undefined as unknown as MessageBus, store);
  });
  afterAll(async () => {
    await store.close();
    chdb.cleanup();
  });

  it('counts every simulated event once, even when redelivered in differently cut batches', async () => {
    expect(traffic.length).toBeGreaterThan(500);
    const sent = Object.fromEntries(Object.entries(countByType(traffic)).filter(([, n]) => n > 0));
    for (const batch of chunks(100)) await worker.write(batch);
    expect(await countsByType()).toEqual(sent);
    // Redelivery after a crash (same batches: dropped by the token), then a replay cut differently (tokens
    // differ: the rows collapse by event id in the facts and count once in the uniqExact aggregates).
    for (const batch of chunks(100)) await worker.write(batch);
    for (const batch of chunks(77)) await worker.write(batch);
    expect(await countsByType()).toEqual(sent);
    const [answers] = await store.query<{ n: string }>('SELECT count() AS n FROM survey_answers FINAL');
    expect(Number(answers.n)).toBe(sent['cs.survey.answered.v1'] ?? 0);
    // Messages by channel and day agree with the simulation to the event.
    const expected = new Map<string, number>();
    for (const e of traffic) {
      if (e.type !== 'cs.message.received.v1') continue;
      const key = `${e.time.slice(0, 10)} ${(e.data as { channel: string }).channel}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const rows = await store.query<{ key: string; n: string }>(
      `SELECT concat(toString(day), ' ', channel) AS key, uniqExactMerge(events) AS n FROM interactions_daily
       WHERE type = 'cs.message.received.v1' GROUP BY key`,
    );
    expect(new Map(rows.map((r) => [r.key, Number(r.n)]))).toEqual(expected);
  }, 120_000);
});
