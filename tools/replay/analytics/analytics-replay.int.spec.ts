import type { AnalyticsStore } from '@csp/clickhouse';
import { PostgresEventStore } from '@csp/event-store';
import type { BusMessage, MessageBus } from '@csp/message-bus';
import { simulateTraffic } from '@csp/simulator';
import { createTestChdbDir, createTestDatabase, type TestDatabase } from '@csp/testing';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { categoriesOf, logPages } from '../event-log-pages';
import { ANALYTICS_TOPICS, AnalyticsFactsWorker, type KpiRequest, migrateAnalytics, queryKpi } from './analytics-app';
import { kpiDataset } from './analytics-app.testing';
import { replayAnalytics } from './analytics-replay';
import { analyticsTarget } from './analytics.target';
import { openRebuildDatabases, type RebuildDatabases } from './rebuild-database';
import { appendsFor, simulatedMessages } from './replay-fixture';

// Simulated connector traffic plus the fixed ticket story of the KPI spec, appended to a real PostgreSQL
// event store; the replay must give the facts those events imply and the same KPIs as the live projection.
describe('replay analytics from the PostgreSQL event store into chDB', () => {
  const chdb = createTestChdbDir('replay-analytics');
  const traffic = simulateTraffic({ seed: 'replay', customers: 25, days: 20, start: new Date('2026-11-01T00:00:00Z') });
  const dataset = kpiDataset();
  const delivered: BusMessage[][] = [simulatedMessages(traffic), ...dataset.batches];
  const stored = [...new Map(delivered.flat().map((m) => [m.headers['ce_id'], m])).values()];
  let database: TestDatabase;
  let events: PostgresEventStore;
  let clickhouse: RebuildDatabases;

  const requests: KpiRequest[] = (['nps', 'csat', 'ces', 'first_response_time', 'ticket_volume', 'fcr', 'sla_compliance', 'backlog'] as const).map(
    (metric) => ({
      metric, from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z'), filters: {}, extraFilters: {},
      stat: 'median', resolution: 'first', groupBy: 'team', interval: metric === 'backlog' ? 'week' : undefined,
    }),
  );
  const kpis = async (store: AnalyticsStore) => Promise.all(requests.map((r) => queryKpi(store, r)));
  const count = async (table: string, where = '1') =>
    Number((await clickhouse.live.query<{ n: string }>(`SELECT count() AS n FROM ${table} FINAL WHERE ${where}`))[0].n);
  const storedOfType = (test: (type: string) => boolean) => stored.filter((m) => test(m.headers['ce_type'])).length;

  beforeAll(async () => {
    database = await createTestDatabase('replay_analytics');
    events = await PostgresEventStore.create({ connectionString: database.url });
    await events.appendMany(appendsFor(stored));
    // A log reader waits for older transactions of the whole cluster (other suites) to end: wait until every
    // appended event is readable, so the replay below reads the complete log.
    const categories = categoriesOf(ANALYTICS_TOPICS);
    for (let readable = 0, tries = 0; readable < stored.length; tries++) {
      if (tries > 300) throw new Error(`only ${readable} of ${stored.length} events readable`);
      readable = 0;
      for await (const page of logPages(events, categories, { pageSize: 1000 })) readable += page.length;
      if (readable < stored.length) await new Promise((r) => setTimeout(r, 100));
    }
    clickhouse = await openRebuildDatabases({ dataDir: chdb.dir });
  }, 120_000);
  afterAll(async () => {
    await clickhouse?.close();
    await events?.close();
    await database?.drop();
    chdb.cleanup();
  });

  it('rebuilds the facts and gives the KPIs of the live projection, replacing what the tables held', async () => {
    // The reference: the same deliveries through the live path, in a database of their own.
    await clickhouse.live.command('CREATE DATABASE reference');
    await clickhouse.live.command('USE reference');
    await migrateAnalytics(clickhouse.live);
    const worker = new AnalyticsFactsWorker(undefined as unknown as MessageBus, clickhouse.live);
    for (const batch of delivered) await worker.write(batch);
    const expected = await kpis(clickhouse.live);
    await clickhouse.live.command('USE default');
    // Stale live data the rebuild must drop: a ticket no event in the store knows about.
    await migrateAnalytics(clickhouse.live);
    await clickhouse.live.insert('ticket_events', [{ event_id: crypto.randomUUID(), ticket_id: crypto.randomUUID(), type: 'opened', at: '2026-11-02T00:00:00Z', revision: 0 }], { deduplicationToken: 'stale' });

    const progress: number[] = [];
    const summary = await replayAnalytics({ events, clickhouse, pageSize: 250, onProgress: (done) => progress.push(done) });

    expect(summary.events).toBe(stored.length);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress[progress.length - 1]).toBe(stored.length);
    expect(await count('ticket_events')).toBe(storedOfType((t) => t.startsWith('cs.ticket.')));
    expect(await count('sla_events')).toBe(storedOfType((t) => t.startsWith('cs.sla.')));
    expect(await count('survey_requests')).toBe(storedOfType((t) => t === 'cs.survey.requested.v1'));
    expect(await count('survey_answers')).toBe(storedOfType((t) => t === 'cs.survey.answered.v1'));
    expect(await count('interactions')).toBe(stored.filter((m) => m.topic === 'cs.interactions.v1').length);
    expect(await count('survey_answers')).toBeGreaterThan(20);
    expect(await kpis(clickhouse.live)).toEqual(expected);
    // Hand-checked in the KPI spec: six tickets created in November (T4 merged away, T7 in October).
    const volume = await queryKpi(clickhouse.live, { ...requests[4], groupBy: undefined });
    expect(volume.groups).toEqual([expect.objectContaining({ key: '', value: 6, count: 6 })]);
    const databases = await clickhouse.live.query<{ name: string }>("SELECT name FROM system.databases WHERE name LIKE '%rebuild%'");
    expect(databases).toEqual([]);

    // Again over the rebuilt tables: same facts, nothing doubled.
    await replayAnalytics({ events, clickhouse, pageSize: 1000 });
    expect(await count('ticket_events')).toBe(storedOfType((t) => t.startsWith('cs.ticket.')));
    expect(await kpis(clickhouse.live)).toEqual(expected);
  }, 180_000);

  it('says to stop the analytics service when another process holds the chDB directory', async () => {
    await clickhouse.close();
    const register = join(__dirname, '..', '..', 'register.js');
    const holder = spawn(process.execPath, ['-r', register, '-e',
      `require('@csp/clickhouse').createAnalyticsStore({ dataDir: ${JSON.stringify(chdb.dir)} })
         .then((s) => s.query('SELECT 1')).then(() => console.log('ready'), (e) => { console.error(e); process.exit(1); });
       setInterval(() => undefined, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
        holder.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
      });
      const progress = { start: () => undefined, update: () => undefined, stop: () => undefined };
      const error: unknown = await analyticsTarget
        .run({ events, countEvents: async () => 0, progress, env: { CLICKHOUSE_DATA_DIR: chdb.dir }, pageSize: 100, dataDir: '.data' })
        .then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(analyticsTarget.explain?.(error)).toMatch(new RegExp(`process ${holder.pid}, .*Stop the analytics service first`));
      expect(analyticsTarget.explain?.(new Error('connection refused'))).toBeUndefined();
    } finally {
      holder.kill();
    }
  }, 60_000);
});
