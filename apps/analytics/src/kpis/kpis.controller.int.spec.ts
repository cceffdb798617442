import { type AnalyticsStore, createAnalyticsStore, loadClickHouseMigrations, runClickHouseMigrations } from '@csp/clickhouse';
import type { MessageBus } from '@csp/message-bus';
import { createTestApp, issueToken, PlatformModule, TEST_JWT_SECRET } from '@csp/platform-nest';
import { createTestChdbDir } from '@csp/testing';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { join } from 'node:path';
import { ANALYTICS_DEPS } from '../analytics.deps';
import { AnalyticsFactsWorker } from '../projection/analytics-facts.worker';
import { kpiDataset } from '../testing/kpi-dataset.fixture';
import { KpisController } from './kpis.controller';

@Module({})
class KpiHttpModule {}

// HTTP contract of the KPI endpoints over the fixed dataset (numbers hand-computed in kpis.int.spec.ts).
describe('KPI HTTP API', () => {
  const chdb = createTestChdbDir('analytics-http');
  let store: AnalyticsStore;
  let app: NestFastifyApplication;
  let analyst: string;
  let agent: string;
  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${analyst}`, ...headers } });
  const NOVEMBER = 'from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z';

  beforeAll(async () => {
    store = await createAnalyticsStore({ dataDir: chdb.dir });
    await runClickHouseMigrations(store, await loadClickHouseMigrations(join(__dirname, '..', 'clickhouse', 'migrations')));
    const worker = new AnalyticsFactsWorker(undefined as unknown as MessageBus, store);
    for (const batch of kpiDataset().batches) await worker.write(batch);
    app = await createTestApp({
      module: KpiHttpModule,
      imports: [PlatformModule.forRoot({ serviceName: 'analytics', version: 'test' })],
      controllers: [KpisController],
      providers: [{ provide: ANALYTICS_DEPS, useValue: { analytics: store } }],
    });
    analyst = await issueToken(TEST_JWT_SECRET, { subject: 'ana', roles: ['analyst'], issuer: 'csp', expiresIn: '1h' });
    agent = await issueToken(TEST_JWT_SECRET, { subject: 'agt', roles: ['agent'], issuer: 'csp', expiresIn: '1h' });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await store.close();
    chdb.cleanup();
  });

  it('answers a metric with definition, groups and counts; multi-value filters', async () => {
    const res = await get(`/v1/kpis/ticket_volume?${NOVEMBER}&groupBy=channel&channel=email,chat`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ metric: 'ticket_volume', from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
    expect(body.definition).toContain('Tickets merged into another ticket');
    // chat: T2, T6; email: T1, T3 (T4 merged away).
    expect(body.groups).toEqual([{ key: 'chat', value: 2, count: 2 }, { key: 'email', value: 2, count: 2 }]);
  });

  it('refuses bad parameters with problem+json and JSON Pointer paths', async () => {
    const res = await get('/v1/kpis/nps?from=yesterday&interval=minute&groupBy=color&stat=p99&kind=stars&colour=red');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual(expect.arrayContaining([
      { path: '/query/from', message: 'must be an ISO 8601 date or date-time' },
      { path: '/query/interval', message: 'must be one of hour, day, week, month' },
      { path: '/query/groupBy', message: 'must be one of channel, team, agent, category, tier, priority' },
      { path: '/query/stat', message: 'must be one of median, p90, mean' },
      { path: '/query/kind', message: 'unknown value(s) stars; allowed: csat, nps, ces' },
      { path: '/query/colour', message: 'unknown parameter' },
    ]));
    expect((await get('/v1/kpis/happiness')).statusCode).toBe(404);
    const notDuration = await get(`/v1/kpis/nps?${NOVEMBER}&businessHours=true`);
    expect(notDuration.statusCode).toBe(400);
    expect(notDuration.json().errors).toEqual([{ path: '/query/businessHours', message: 'only for first_response_time and resolution_time' }]);
    expect((await app.inject({ method: 'GET', url: '/v1/kpis/nps', headers: { authorization: `Bearer ${agent}` } })).statusCode).toBe(403);
  });

  it('answers durations in business hours; the dataset has no calendars document, so every ticket is 24x7', async () => {
    const res = await get(`/v1/kpis/first_response_time?${NOVEMBER}&businessHours=true`);
    expect(res.statusCode).toBe(200);
    // Around the clock, business seconds are calendar seconds: the median 1800 of kpis.int.spec.ts.
    expect(res.json().groups).toEqual([{ key: '', value: 1800, count: 5 }]);
    expect(res.json().definition).toContain('Business hours:');
    const csv = await get(`/v1/kpis/first_response_time/records?${NOVEMBER}&businessHours=true&limit=1`, { accept: 'text/csv' });
    const [header, first] = csv.body.trimEnd().split('\r\n');
    expect(header.split(',').slice(-3)).toEqual(['first_response_seconds', 'first_response_business_seconds', 'business_calendar']);
    expect(first.split(',').slice(-3)).toEqual(['1800', '1800', '24x7@0']); // T1: reply 09:30, opened 09:00
    // The summary applies it to its two durations only.
    const summary = (await get(`/v1/kpis/summary?${NOVEMBER}&businessHours=true`)).json();
    expect(summary.metrics.first_response_time.definition).toContain('Business hours:');
    expect(summary.metrics.ticket_volume.definition).not.toContain('Business hours:');
    expect(summary.metrics.first_response_time).toMatchObject({ value: 1800, count: 5 });
  });

  it('summarises every headline KPI, compared with the previous period', async () => {
    const res = await get(`/v1/kpis/summary?from=2026-11-16T00:00:00Z&to=2026-12-01T00:00:00Z&compare=previous`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // The previous period of 11-16..12-01 (15 days) is 11-01..11-16: T1 T2 T3 T5 created; now T9, T6.
    expect(body).toMatchObject({ compareFrom: '2026-11-01T00:00:00.000Z', compareTo: '2026-11-16T00:00:00.000Z' });
    expect(body.metrics.ticket_volume).toMatchObject({ value: 2, count: 2, change: -2, previous: { value: 4, count: 4 } });
    expect(Object.keys(body.metrics).sort()).toEqual([
      'backlog', 'ces', 'csat', 'fcr', 'first_response_time', 'nps', 'resolution_rate', 'resolution_time',
      'sla_compliance', 'survey_response_rate', 'ticket_volume',
    ]);
  });

  it('drills down to the records, paged, and exports CSV', async () => {
    // FCR's solved tickets in November, by creation: T1, T2, T5.
    const first = await get(`/v1/kpis/fcr/records?${NOVEMBER}&limit=2`);
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.items.map((r: { number: number }) => r.number)).toEqual([2, 3]);
    expect(page1.items[0]).toMatchObject({ t: '2026-11-02T09:00:00.000Z', channel: 'email', team: 'support', public_agent_replies: 1, reopens: 0 });
    const page2 = (await get(`/v1/kpis/fcr/records?${NOVEMBER}&limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.items.map((r: { number: number }) => r.number)).toEqual([6]);
    expect(page2.nextCursor).toBeNull();
    const csv = await get(`/v1/kpis/csat/records?${NOVEMBER}`, { accept: 'text/csv' });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('record_id,t,kind,score,ticket_id,survey_id,customer_id,channel,team,agent,category,tier,priority');
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(['5', '2']); // 11-02 and the late 11-04 answer
    expect((await get(`/v1/kpis/fcr/records?${NOVEMBER}&cursor=nope`)).statusCode).toBe(400);
  });
});
