import { type AnalyticsStore, createAnalyticsStore } from '@csp/clickhouse';
import { createTestChdbDir } from '@csp/testing';
import { migrateAnalytics } from '../clickhouse/analytics-migrations';
import { queryKpi } from './kpi.query';
import { queryKpiRecords } from './kpi-records.query';
import type { KpiRequest } from './kpi-request';

// Rows written straight into `tickets` and `customer_tiers` (the projection's output), to pin two things down:
// the drill-down finds its page first and reads every column for the page's span of time only (ties on `t` at a
// page's edge, a filter on a joined dimension, the backlog's own path), and a tier filter reads each customer's
// latest tier only (customer_tier_latest, migration 0010), whatever order the changes arrived in.
describe('KPI records pages and tier filters (chDB)', () => {
  const chdb = createTestChdbDir('analytics-records');
  let store: AnalyticsStore;
  const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

  // A, B, C opened at the same instant (ordered by id), then D and E. C is solved on 11-03, the others are open.
  // Customers: ca was gold, then standard (the later change delivered first); cb gold; cc has no tier.
  const ticket = (n: number, customer: string, createdAt: string, solvedAt?: string) => ({
    ticket_id: id(n), number: n, created_at: createdAt, customer_id: customer, channel: 'email', team: 'support', agent: 'a1',
    category: 'billing', priority: 'normal', status: solvedAt ? 'solved' : 'open', first_response_at: null, public_agent_replies: 0,
    first_solved_at: solvedAt ?? null, last_solved_at: solvedAt ?? null, reopens: 0,
    status_changes: [[createdAt, 'open'], ...(solvedAt ? [[solvedAt, 'solved']] : [])], last_status_at: solvedAt ?? createdAt,
    merged: 0, merged_into: '', version: solvedAt ? 2 : 1,
  });
  const tier = (customer: string, value: string, at: string, event: number) => ({
    customer_id: customer, tier: value, at, event_id: `00000000-0000-4000-9000-00000000000${event}`,
  });

  const november = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };
  const request = (metric: KpiRequest['metric'], extra: Partial<KpiRequest> = {}): KpiRequest => ({
    metric, ...november, filters: {}, extraFilters: {}, stat: 'median', resolution: 'first', ...extra,
  });
  /** Every page's ticket numbers, following the cursors. */
  const pages = async (r: KpiRequest, limit: number) => {
    const numbers: number[][] = [];
    let cursor: string | undefined;
    do {
      const page = await queryKpiRecords(store, r, limit, cursor);
      numbers.push(page.items.map((item) => Number(item['number'])));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return numbers;
  };

  beforeAll(async () => {
    store = await createAnalyticsStore({ dataDir: chdb.dir });
    await migrateAnalytics(store);
    await store.insert('tickets', [
      ticket(1, 'ca', '2026-11-02 10:00:00.000'), ticket(2, 'cb', '2026-11-02 10:00:00.000'),
      ticket(3, 'cb', '2026-11-02 10:00:00.000', '2026-11-03 08:00:00.000'), ticket(4, 'cc', '2026-11-03 09:00:00.000'),
      ticket(5, 'cb', '2026-11-04 09:00:00.000'),
    ], { deduplicationToken: 'tickets' });
    // Separate inserts, so the two rows of ca sit in separate parts and only FINAL picks the latest.
    await store.insert('customer_tiers', [tier('ca', 'standard', '2026-10-20 00:00:00.000', 1)], { deduplicationToken: 't1' });
    await store.insert('customer_tiers', [tier('ca', 'gold', '2026-10-01 00:00:00.000', 2), tier('cb', 'gold', '2026-10-01 00:00:00.000', 3)], { deduplicationToken: 't2' });
  }, 60_000);
  afterAll(async () => {
    await store.close();
    chdb.cleanup();
  });

  it('filters and groups by each customer\'s latest tier, whatever order the changes arrived in', async () => {
    const headline = async (extra: Partial<KpiRequest>, metric: KpiRequest['metric'] = 'ticket_volume') =>
      (await queryKpi(store, request(metric, extra))).groups.map(({ key, count }) => ({ key, count }));
    expect(await headline({ filters: { tier: ['gold'] } })).toEqual([{ key: '', count: 3 }]); // B, C, E
    expect(await headline({ filters: { tier: ['standard'] } })).toEqual([{ key: '', count: 1 }]); // A
    expect(await headline({ filters: { tier: ['gold', 'standard'] } })).toEqual([{ key: '', count: 4 }]);
    expect(await headline({ groupBy: 'tier' })).toEqual([{ key: '', count: 1 }, { key: 'gold', count: 3 }, { key: 'standard', count: 1 }]);
    // The backlog at 12-01 (A, B, D, E open) in the gold tier: B, E.
    expect(await headline({ filters: { tier: ['gold'] } }, 'backlog')).toEqual([{ key: '', count: 2 }]);
  });

  it('pages the records by (t, record_id), ties at a page\'s edge included, with every column', async () => {
    expect(await pages(request('ticket_volume'), 1)).toEqual([[1], [2], [3], [4], [5]]);
    expect(await pages(request('ticket_volume'), 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(await pages(request('ticket_volume', { filters: { tier: ['gold'] } }), 2)).toEqual([[2, 3], [5]]);
    const [first] = (await queryKpiRecords(store, request('ticket_volume', { filters: { tier: ['gold'] } }), 1)).items;
    expect(first).toMatchObject({ record_id: id(2), number: 2, t: '2026-11-02T10:00:00.000Z', tier: 'gold', channel: 'email', status: 'open' });
    expect((await queryKpiRecords(store, request('ticket_volume', { filters: { tier: ['vip'] } }), 2))).toEqual({
      columns: expect.any(Array), items: [], nextCursor: null,
    });
  });

  it('pages the backlog\'s records, the tickets open at the cut-off, with its tier', async () => {
    expect(await pages(request('backlog'), 3)).toEqual([[1, 2, 4], [5]]);
    expect(await pages(request('backlog', { filters: { tier: ['gold'] } }), 1)).toEqual([[2], [5]]);
    const records = await queryKpiRecords(store, request('backlog'), 10);
    expect(records.items.map((r) => [r['number'], r['tier'], r['status_at_cutoff']])).toEqual([
      [1, 'standard', 'open'], [2, 'gold', 'open'], [4, '', 'open'], [5, 'gold', 'open'],
    ]);
  });
});
