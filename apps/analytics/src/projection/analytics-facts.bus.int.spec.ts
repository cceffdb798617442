import { type AnalyticsStore, createAnalyticsStore } from '@csp/clickhouse';
import type { NewEvent } from '@csp/event-store';
import { openPlatformRuntime, type PlatformRuntime } from '@csp/platform-nest';
import { createTestChdbDir, createTestDatabase, type TestDatabase } from '@csp/testing';
import { migrateAnalytics } from '../clickhouse/analytics-migrations';
import { queryKpi } from '../kpis/kpi.query';
import type { KpiRequest } from '../kpis/kpi-request';
import { kpiDataset } from '../testing/kpi-dataset.fixture';
import { AnalyticsFactsWorker } from './analytics-facts.worker';

/** The real store, except that its first insert "crashes" after the rows were written: before the ack. */
function crashOnceAfterInsert(store: AnalyticsStore): { store: AnalyticsStore; crashes: number } {
  const probe = { store, crashes: 0 };
  probe.store = Object.assign(Object.create(store) as AnalyticsStore, {
    async insert(...args: Parameters<AnalyticsStore['insert']>) {
      await store.insert(...args);
      if (probe.crashes === 0) {
        probe.crashes++;
        throw new Error('simulated crash between insert and acknowledgement');
      }
    },
  });
  return probe;
}

// The projection on the embedded wiring: the PostgreSQL event store's log served as topics by the log bus,
// consumed as group `analytics`, acknowledged only after the inserts.
describe('analytics projection over the log bus (PostgreSQL + chDB)', () => {
  const chdb = createTestChdbDir('analytics-bus');
  let db: TestDatabase;
  let runtime: PlatformRuntime;
  let store: AnalyticsStore;

  beforeAll(async () => {
    db = await createTestDatabase('analytics_bus');
    runtime = await openPlatformRuntime({ serviceName: 'analytics', databaseUrl: db.url });
    store = await createAnalyticsStore({ dataDir: chdb.dir });
    await migrateAnalytics(store);
  }, 60_000);
  afterAll(async () => {
    await runtime?.close();
    await store?.close();
    await db?.drop();
    chdb.cleanup();
  });

  it('consumes tickets, interactions and customers; a crash before the ack is redelivered and counted once', async () => {
    // Each dataset message becomes an event of its stream, in delivery order; a duplicate id is a no-op.
    for (const message of kpiDataset().batches.flat()) {
      const h = message.headers;
      const event: NewEvent = { id: h['ce_id'], type: h['ce_type'], data: JSON.parse(message.value), metadata: { occurredAt: h['ce_time'], partitionKey: message.key } };
      // 'any': the fixture's streams are written by this loop alone, in order; no concurrent writer to guard against.
      await runtime.store.append(h['ce_subject'], [event], { expectedRevision: 'any' });
    }
    const flaky = crashOnceAfterInsert(store);
    const worker = new AnalyticsFactsWorker(runtime.bus, flaky.store);
    await worker.start();
    const november = (metric: KpiRequest['metric']) =>
      queryKpi(store, {
        metric, from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z'), filters: {}, extraFilters: {}, stat: 'median', resolution: 'first',
      }).then((r) => r.groups.map(({ value, count }) => ({ value, count })));
    try {
      const deadline = Date.now() + 30_000;
      // The last event of the log is T9's solve on 12-02: once its row is in, the whole log was projected.
      while ((await store.query("SELECT 1 FROM ticket_events WHERE at >= '2026-12-02'")).length === 0) {
        if (Date.now() > deadline) throw new Error('the projection did not catch up within 30 s');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await worker.stop();
    }
    expect(flaky.crashes).toBe(1);
    // Same hand-computed headlines as kpis.int.spec.ts (team assignments differ: here routing came last).
    expect(await november('ticket_volume')).toEqual([{ value: 6, count: 6 }]);
    expect(await november('backlog')).toEqual([{ value: 4, count: 4 }]);
    expect(await november('fcr')).toEqual([{ value: 33.33, count: 3 }]);
    expect(await november('sla_compliance')).toEqual([{ value: 75, count: 4 }]);
    expect(await november('nps')).toEqual([{ value: -33.33, count: 3 }]);
    expect(await november('survey_response_rate')).toEqual([{ value: 83.33, count: 6 }]);
    // Every ticket event once (6 + 11 + 19 + 1 across the fixture's batches, T2's repeated reply stored
    // once): the redelivered batch's rows were dropped by its deduplication token.
    const [{ n }] = await store.query<{ n: string }>('SELECT count() AS n FROM ticket_events');
    expect(Number(n)).toBe(37);
  }, 60_000);
});
