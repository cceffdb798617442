import { type AnalyticsStore, createAnalyticsStore, loadClickHouseMigrations, runClickHouseMigrations } from '@csp/clickhouse';
import type { MessageBus } from '@csp/message-bus';
import { createTestChdbDir } from '@csp/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalyticsFactsWorker } from '../projection/analytics-facts.worker';
import { kpiDataset } from '../testing/kpi-dataset.fixture';
import { queryKpi } from './kpi.query';
import type { KpiRequest } from './kpi-request';

// The dataset and its story are in kpi-dataset.fixture.ts; every expected number below is computed by hand
// from that story, in the comment beside it.
describe('KPIs over the projected fixed dataset (chDB)', () => {
  const chdb = createTestChdbDir('analytics-kpis');
  const dataset = kpiDataset();
  let store: AnalyticsStore;
  let worker: AnalyticsFactsWorker;

  const kpi = (metric: KpiRequest['metric'], extra: Partial<KpiRequest> = {}) =>
    queryKpi(store, {
      metric, from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z'), filters: {}, extraFilters: {},
      stat: 'median', resolution: 'first', ...extra,
    });
  const headline = async (metric: KpiRequest['metric'], extra: Partial<KpiRequest> = {}) => {
    const { groups } = await kpi(metric, extra);
    return groups.map(({ key, value, count }) => ({ key, value, count }));
  };

  const everyKpi = async () => ({
    // Created in November, not merged: T1 T2 T3 T5 T6 T9 (T4 merged away, T7 created in October).
    volume: await headline('ticket_volume'), // 6
    // Solved or closed at 12-01: T1, T2 (solved again 11-04), T5 -> 3 / 6 = 50 %.
    resolutionRate: await headline('resolution_rate'),
    // Solved by 12-01: T1, T2, T5. FCR: T1 only (T2 reopened, T5 has 2 public replies) -> 1 / 3 = 33.33 %.
    fcr: await headline('fcr'),
    // First public agent reply - created: T1 1800 (the 09:00:01 ack is a system message), T2 3600 (the
    // 10:05 note is internal), T3 600, T5 1200, T9 3600 -> sorted 600 1200 1800 3600 3600: median 1800,
    // p90 at rank 3.6 = 3600 + 0.6 * 0 = 3600, mean 10800 / 5 = 2160.
    frtMedian: await headline('first_response_time'),
    frtP90: await headline('first_response_time', { stat: 'p90' }),
    frtMean: await headline('first_response_time', { stat: 'mean' }),
    // First solved - created: T1 3600, T2 7200, T5 3600, T9 1036800 (12 days; solved after the cut-off
    // but known) -> sorted 3600 3600 7200 1036800: median at rank 1.5 = 3600 + 0.5 * 3600 = 5400.
    resolutionFirst: await headline('resolution_time'),
    // Last solved: T2 26 h = 93600 -> sorted 3600 3600 93600 1036800: median 3600 + 0.5 * 90000 = 48600.
    resolutionFull: await headline('resolution_time', { resolution: 'full' }),
    // Open at 12-01: T3 (pending), T6, T7 (from October), T9 (solved only 12-02) -> 4.
    backlog: await headline('backlog'),
    // Outcomes in November without T4 (merged): T1 FR + RES achieved, T2 FR achieved (after a pause), T5 FR
    // breached; T3's paused clock has no outcome -> 3 / 4 = 75 %. Tickets T1 T2 T5, one breached -> 66.67 %.
    sla: (await kpi('sla_compliance')).groups,
    // CSAT answers: 5 (S1), 2 (S2, late and delivered twice) -> 1 / 2 = 50 %.
    csat: await headline('csat'),
    // NPS answers: 8, 7 (passives), 3 (detractor) -> (0 - 1) / 3 = -33.33.
    nps: await headline('nps'),
    // CES: 6 -> mean 6, easy share 100 %.
    ces: (await kpi('ces')).groups,
    // Questions: S1 csat+nps answered, S2 csat answered, S3 csat not, nps + ces answered -> 5 / 6 = 83.33 %.
    responseRate: await headline('survey_response_rate'),
  });

  // The materialized-view aggregates, hand-computed: SLA outcome events 4 achieved (T1 x2, T2, and T4's:
  // event-level, merged or not) and 1 breached (T5); CSAT answers 11-02 score 5 and 11-04 score 2 (the late
  // answer delivered twice counts once); 6 distinct survey answers and 1 identify call as interactions.
  const aggregates = async () => ({
    sla: await store.query('SELECT uniqExactMerge(achieved) AS achieved, uniqExactMerge(breached) AS breached FROM sla_outcomes_daily'),
    csat: await store.query(
      "SELECT toString(day) AS day, score, uniqExactMerge(answers) AS n FROM survey_answers_daily WHERE kind = 'csat' GROUP BY day, score ORDER BY day",
    ),
    interactions: await store.query('SELECT type, uniqExactMerge(events) AS n FROM interactions_daily GROUP BY type ORDER BY type'),
    tickets: await store.query(
      `SELECT number, team, agent, status, public_agent_replies, reopens, merged_into != '' AS merged FROM ticket_current ORDER BY number`,
    ),
  });
  const expectedAggregates = {
    sla: [{ achieved: '4', breached: '1' }],
    csat: [{ day: '2026-11-02', score: 5, n: '1' }, { day: '2026-11-04', score: 2, n: '1' }],
    interactions: [{ type: 'cs.customer.identified.v1', n: '1' }, { type: 'cs.survey.answered.v1', n: '6' }],
    // Numbers follow the opening order: T7 1, T1 2, T2 3, T3 4, T4 5, T5 6, T9 7, T6 8. T2's reply delivered
    // twice counts once (3 public replies); T1's team is support although its routing arrived later.
    tickets: [
      { number: 1, team: '', agent: '', status: 'open', public_agent_replies: '0', reopens: '0', merged: 0 },
      { number: 2, team: 'support', agent: 'a1', status: 'solved', public_agent_replies: '1', reopens: '0', merged: 0 },
      { number: 3, team: 'support', agent: 'a2', status: 'solved', public_agent_replies: '3', reopens: '1', merged: 0 },
      { number: 4, team: 'sales', agent: 'a3', status: 'pending', public_agent_replies: '1', reopens: '0', merged: 0 },
      { number: 5, team: '', agent: '', status: 'closed', public_agent_replies: '0', reopens: '0', merged: 1 },
      { number: 6, team: 'support', agent: 'a1', status: 'solved', public_agent_replies: '2', reopens: '0', merged: 0 },
      { number: 7, team: 'sales', agent: 'a3', status: 'solved', public_agent_replies: '1', reopens: '0', merged: 0 },
      { number: 8, team: 'support', agent: '', status: 'open', public_agent_replies: '0', reopens: '0', merged: 0 },
    ],
  };

  beforeAll(async () => {
    store = await createAnalyticsStore({ dataDir: chdb.dir });
    await runClickHouseMigrations(store, await loadClickHouseMigrations(join(__dirname, '..', 'clickhouse', 'migrations')));
    worker = new AnalyticsFactsWorker(undefined as unknown as MessageBus, store);
    for (const batch of dataset.batches) await worker.write(batch);
  }, 60_000);
  afterAll(async () => {
    await store.close();
    chdb.cleanup();
  });

  it('computes every KPI as defined, from hand-computed expectations', async () => {
    expect(await everyKpi()).toEqual({
      volume: [{ key: '', value: 6, count: 6 }],
      resolutionRate: [{ key: '', value: 50, count: 6 }],
      fcr: [{ key: '', value: 33.33, count: 3 }],
      frtMedian: [{ key: '', value: 1800, count: 5 }],
      frtP90: [{ key: '', value: 3600, count: 5 }],
      frtMean: [{ key: '', value: 2160, count: 5 }],
      resolutionFirst: [{ key: '', value: 5400, count: 4 }],
      resolutionFull: [{ key: '', value: 48600, count: 4 }],
      backlog: [{ key: '', value: 4, count: 4 }],
      sla: [{ key: '', value: 75, count: 4, ticketCompliance: 66.67, tickets: 3 }],
      csat: [{ key: '', value: 50, count: 2 }],
      nps: [{ key: '', value: -33.33, count: 3 }],
      ces: [{ key: '', value: 6, count: 1, easyShare: 100 }],
      responseRate: [{ key: '', value: 83.33, count: 6 }],
    });
  });

  it('groups and filters on the dimensions (latest revision wins, tier follows customer merges)', async () => {
    // T1 was routed to triage (rev 1) and assigned to support (rev 2), delivered in the other order: support.
    // Teams: support T1 T2 T5 T6, sales T3 T9.
    expect(await headline('ticket_volume', { groupBy: 'team' })).toEqual([
      { key: 'sales', value: 2, count: 2 },
      { key: 'support', value: 4, count: 4 },
    ]);
    // Tiers: C1 gold (T1, T6), C3 merged into C1 -> gold (T3), C2 standard (T2, T5, T9); nobody is vip now.
    expect(await headline('ticket_volume', { groupBy: 'tier' })).toEqual([
      { key: 'gold', value: 3, count: 3 },
      { key: 'standard', value: 3, count: 3 },
    ]);
    expect(await headline('ticket_volume', { filters: { tier: ['vip'] } })).toEqual([{ key: '', value: 0, count: 0 }]);
    // Sales tickets on email or sms: T3, T9.
    expect(await headline('ticket_volume', { filters: { team: ['sales'], channel: ['email', 'sms'] } })).toEqual([{ key: '', value: 2, count: 2 }]);
    // Passives only: support's NPS answers are 8 (S1, a1) and 7 (S3, a1) -> 0; the 3 has no ticket or team.
    expect(await headline('nps', { groupBy: 'team' })).toEqual([
      { key: '', value: -100, count: 1 },
      { key: 'support', value: 0, count: 2 },
    ]);
    // No answers at all: no CES answer on email tickets.
    expect(await headline('ces', { filters: { channel: ['email'] } })).toEqual([{ key: '', value: null, count: 0 }]);
    // SLA per target: first_response 2 achieved of 3 (T1, T2 vs T5) = 66.67 %.
    expect(await headline('sla_compliance', { extraFilters: { target: ['first_response'] } })).toEqual([{ key: '', value: 66.67, count: 3 }]);
  });

  it('puts late events in their event-time bucket and compares with the previous period', async () => {
    // CSAT by day: 11-02 one 5 (100 %), 11-04 the late 2 (0 %), other days empty.
    const { groups } = await kpi('csat', { from: new Date('2026-11-02T00:00:00Z'), to: new Date('2026-11-05T00:00:00Z'), interval: 'day' });
    expect(groups[0]['series']).toEqual([
      { t: '2026-11-02T00:00:00.000Z', value: 100, count: 1 },
      { t: '2026-11-03T00:00:00.000Z', value: null, count: 0 },
      { t: '2026-11-04T00:00:00.000Z', value: 0, count: 1 },
    ]);
    // Backlog at each week's end (weeks from Monday 11-02, the last cut at `to`): 11-09: T3, T7 (T1 T2
    // solved, T4 merged) = 2; 11-16: T3, T7 (T5 solved 11-10) = 2; 11-23: + T9 = 3; 11-30: 3; 12-01: + T6 = 4.
    const weekly = await kpi('backlog', { from: new Date('2026-11-02T00:00:00Z'), interval: 'week' });
    expect((weekly.groups[0]['series'] as { value: number }[]).map((p) => p.value)).toEqual([2, 2, 3, 3, 4]);
    // Hourly around T2's reopen (11-04 09:00) and second solve (12:00); a change at a cut-off's very
    // instant is not before it: 09:00 T7 = 1; 10:00, 11:00, 12:00 T7 + T2 = 2; 13:00 T7 = 1.
    const hourly = await kpi('backlog', { from: new Date('2026-11-04T08:00:00Z'), to: new Date('2026-11-04T13:00:00Z'), interval: 'hour' });
    expect((hourly.groups[0]['series'] as { value: number }[]).map((p) => p.value)).toEqual([1, 2, 2, 2, 1]);
    expect(hourly.groups[0].value).toBe(1);
    // Volume 11-16..12-01 (T9, T6 = 2) vs 11-01..11-16 (T1 T2 T3 T5 = 4): change -2.
    const compared = await kpi('ticket_volume', {
      from: new Date('2026-11-16T00:00:00Z'), compare: { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-16T00:00:00Z') },
    });
    expect(compared.groups).toEqual([{ key: '', value: 2, count: 2, change: -2 }]);
    expect(compared.comparison?.groups).toEqual([{ key: '', value: 4, count: 4 }]);
  });

  it('a crash between insert and acknowledgement, then redelivery of every batch: every KPI unchanged', async () => {
    const before = await everyKpi();
    const rows = await store.query('SELECT count() AS n FROM ticket_events');
    for (const batch of dataset.batches) await worker.write(batch);
    expect(await store.query('SELECT count() AS n FROM ticket_events')).toEqual(rows); // dropped by the token
    expect(await everyKpi()).toEqual(before);
    expect(await aggregates()).toEqual(expectedAggregates);
  });

  it('runs every example query of docs/analytics-schema.md', async () => {
    const doc = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'analytics-schema.md'), 'utf8');
    const queries = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1].trim().replace(/;$/, '').replace('…', dataset.ids['T1']));
    expect(queries.length).toBeGreaterThanOrEqual(7);
    for (const sql of queries) await expect(store.query(sql)).resolves.toBeInstanceOf(Array);
    // The documented weekly NPS: week of 11-02: 8 (passive) -> 0; week of 11-09: 7 (passive) and 3
    // (detractor, 11-15) -> (0 - 1) / 2 = -50.
    expect(await store.query(queries[2])).toEqual([
      { week: '2026-11-02', nps: 0, answers: '1' },
      { week: '2026-11-09', nps: -50, answers: '2' },
    ]);
  });

  it('keeps the materialized-view aggregates exact under duplicates and out-of-order events', async () => {
    expect(await aggregates()).toEqual(expectedAggregates);
  });
});
