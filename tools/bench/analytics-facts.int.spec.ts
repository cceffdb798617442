import { KPI_METRICS, type KpiMetric } from '@csp/analytics-domain';
import { type AnalyticsStore, createAnalyticsStore } from '@csp/clickhouse';
import { createTestChdbDir } from '@csp/testing';
import { migrateAnalytics, queryKpi } from '../replay/analytics/analytics-app';
import { countFacts, generateFacts } from './analytics-facts';

const silent = () => ({ increment: () => undefined, stop: () => undefined });

// The generated facts must be what the KPI API reads: every metric answers, every dimension has its spread,
// and one seed gives the same facts twice (only the random event ids differ).
describe('bench:analytics fact generator (chDB)', () => {
  const chdb = createTestChdbDir('bench-analytics-facts');
  const end = new Date('2026-12-01T00:00:00Z');
  let store: AnalyticsStore;
  const fingerprint = async () =>
    (await store.query<{ f: string }>("SELECT toString(groupBitXor(cityHash64(ticket_id, type, at, revision, status, team, agent))) AS f FROM ticket_events"))[0].f;

  beforeAll(async () => {
    store = await createAnalyticsStore({ dataDir: chdb.dir });
    await migrateAnalytics(store);
  });
  afterAll(async () => {
    await store.close();
    chdb.cleanup();
  });

  it('generates about the facts asked for, spread over the six dimensions and the year', async () => {
    const generated = await generateFacts(store, { facts: 30_000, seed: 7, end, chunk: 1_000 }, silent);
    const facts = generated.rows['ticket_events'] + generated.rows['survey_answers'];
    expect(facts).toBeGreaterThan(27_000);
    expect(facts).toBeLessThan(33_000);
    expect(generated.rows['tickets']).toBe(generated.tickets);
    const [spread] = await store.query<Record<string, string>>(
      `SELECT uniqExact(channel) AS channels, uniqExact(team) AS teams, uniqExact(agent) AS agents, uniqExact(category) AS categories,
         uniqExact(priority) AS priorities, min(created_at) AS first, max(created_at) AS last FROM ticket_current`,
    );
    expect(spread).toMatchObject({ channels: '6', teams: '8', agents: '80', categories: '12', priorities: '4' });
    expect(Date.parse(`${spread['first']}Z`)).toBeLessThan(end.getTime() - 360 * 86_400_000);
    expect(Date.parse(`${spread['last']}Z`)).toBeGreaterThan(end.getTime() - 5 * 86_400_000);
    const [tiers] = await store.query<{ tiers: string }>("SELECT uniqExact(tier) AS tiers FROM customer_tiers WHERE tier != ''");
    expect(tiers.tiers).toBe('3');
    // What --reuse-facts reports for the same directory later: the same rows, tickets and customers (every one has a tier row).
    expect(await countFacts(store)).toEqual({ ...generated, seconds: 0 });
  }, 120_000);

  it('gives every KPI of the API a value over the last 30 days', async () => {
    for (const metric of KPI_METRICS as readonly KpiMetric[]) {
      const result = await queryKpi(store, {
        metric, from: new Date(end.getTime() - 30 * 86_400_000), to: end, filters: {}, extraFilters: {}, stat: 'median', resolution: 'first',
      });
      expect({ metric, value: typeof result.groups[0]?.value, count: (result.groups[0]?.count ?? 0) > 0 }).toEqual({ metric, value: 'number', count: true });
    }
  }, 120_000);

  it('generates the same facts from the same seed', async () => {
    const first = await fingerprint();
    await store.command('CREATE DATABASE again');
    await store.command('USE again');
    try {
      await migrateAnalytics(store);
      await generateFacts(store, { facts: 30_000, seed: 7, end, chunk: 4_000 }, silent);
      expect(await fingerprint()).toBe(first);
      await store.command('TRUNCATE TABLE ticket_events');
      await generateFacts(store, { facts: 30_000, seed: 8, end }, silent);
      expect(await fingerprint()).not.toBe(first);
    } finally {
      await store.command('USE default');
    }
  }, 120_000);
});
