import { type AnalyticsStore, createAnalyticsStore } from '@csp/clickhouse';
import type { MessageBus } from '@csp/message-bus';
import { createTestChdbDir } from '@csp/testing';
import { migrateAnalytics } from '../clickhouse/analytics-migrations';
import { AnalyticsFactsWorker } from '../projection/analytics-facts.worker';
import { businessHoursDataset } from '../testing/business-hours-dataset.fixture';
import { queryKpi } from './kpi.query';
import type { KpiRequest } from './kpi-request';
import { queryKpiRecords } from './kpi-records.query';

// Business-hours durations over the dataset of business-hours-dataset.fixture.ts; every number is computed by
// hand in the comment beside it (Berlin local times, CET = UTC+1).
const dataset = businessHoursDataset();
let store: AnalyticsStore;
let worker: AnalyticsFactsWorker;

/** A fresh migrated store for the scenarios of one describe block. */
function freshStore(name: string) {
  const chdb = createTestChdbDir(name);
  beforeAll(async () => {
    store = await createAnalyticsStore({ dataDir: chdb.dir });
    await migrateAnalytics(store);
    worker = new AnalyticsFactsWorker(undefined as unknown as MessageBus, store);
  });
  afterAll(async () => {
    await store.close();
    chdb.cleanup();
  });
}

describe('business-hours KPIs (chDB)', () => {
  const request = (metric: KpiRequest['metric'], extra: Partial<KpiRequest> = {}): KpiRequest => ({
    metric, from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z'), filters: {}, extraFilters: {},
    stat: 'median', resolution: 'first', businessHours: true, ...extra,
  });
  const headline = async (metric: KpiRequest['metric'], extra: Partial<KpiRequest> = {}) =>
    (await queryKpi(store, request(metric, extra))).groups.map(({ value, count }) => ({ value, count }));
  const perTicket = async () => {
    const { items } = await queryKpiRecords(store, request('first_response_time'), 100);
    const name = Object.fromEntries(Object.entries(dataset.ids).map(([k, v]) => [v, k]));
    return items.map((r) => [name[String(r['record_id'])], r['first_response_business_seconds'], r['business_calendar']]);
  };

  const everything = async () => ({
    tickets: await perTicket(),
    // 3600 3600 5400 7200 10800: median 5400; p90 at rank 0.9 * 4 = 3.6: 7200 + 0.6 * 3600 = 9360;
    // mean 30600 / 5 = 6120.
    frt: await headline('first_response_time'),
    frtP90: await headline('first_response_time', { stat: 'p90' }),
    frtMean: await headline('first_response_time', { stat: 'mean' }),
    // First solve: B1 Fri 17:30-18:00 + Mon 09:00-10:00 = 90 min = 5400; B5 (v2) 08:30-12:00 = 210 min = 12600
    // -> median 9000. Last solve: B1 30 min + Mon 09:00-17:00 = 510 min = 30600; B5 12600 -> median 21600.
    resolutionFirst: await headline('resolution_time'),
    resolutionFull: await headline('resolution_time', { resolution: 'full' }),
    // Calendar time for comparison: B1 Fri 16:30Z -> Mon 08:30Z = 64 h = 230400 s.
    calendarMax: await headline('first_response_time', { businessHours: false, stat: 'p90', filters: {} }),
  });
  const expected = {
    tickets: [
      // B1: default calendar (no SLA clock), version 1 although version 2 (08:00) was already stored when the
      // reply was projected: Fri 17:30-18:00 + Mon 09:00-09:30 = 30 + 30 min = 3600 s.
      ['B1', 3600, 'berlin-office@1'],
      // B3: its policy has no calendar: around the clock, Saturday too: 10:00Z -> 13:00Z = 10800 s.
      ['B3', 10800, '24x7@1'],
      // B4: the SLA clock's weekend-desk (the default would count nothing on a Sunday): 12:00 -> 13:30 = 5400 s.
      ['B4', 5400, 'weekend-desk@1'],
      // B2: Wed 17:00-18:00 + Thu holiday + Fri 09:00-10:00 = 60 + 0 + 60 min = 7200 s (calendar: 41 h).
      ['B2', 7200, 'berlin-office@1'],
      // B5: created after version 2 (08:00-18:00): 08:30 -> 09:30 = 3600 s (version 1 would say 1800).
      ['B5', 3600, 'berlin-office@2'],
    ],
    frt: [{ value: 5400, count: 5 }],
    frtP90: [{ value: 9360, count: 5 }],
    frtMean: [{ value: 6120, count: 5 }],
    resolutionFirst: [{ value: 9000, count: 2 }],
    resolutionFull: [{ value: 21600, count: 2 }],
    // Calendar seconds: B1 230400, B2 147600, B3 10800, B4 5400, B5 3600 -> p90 at 3.6: 147600 + 0.6 * 82800 = 197280.
    calendarMax: [{ value: 197280, count: 5 }],
  };

  describe('facts in stream order', () => {
    freshStore('analytics-business-hours');

    it('measures each ticket on its calendar, from the calendars version in force at its creation', async () => {
      for (const batch of dataset.batches) await worker.write(batch);
      expect(await everything()).toEqual(expected);
    }, 60_000);

    it('duplicated delivery, the same batches or cut differently, changes nothing', async () => {
      for (const batch of dataset.batches) await worker.write(batch);
      const all = dataset.batches.flat();
      for (let i = 0; i < all.length; i += 4) await worker.write(all.slice(i, i + 4));
      await worker.write([...all].reverse().slice(0, 9));
      expect(await everything()).toEqual(expected);
      // One row per reply or solve: 5 replies + 3 solves (B1 twice, B5), however often they came.
      const [{ n }] = await store.query<{ n: string }>('SELECT count() AS n FROM ticket_business_durations FINAL');
      expect(Number(n)).toBe(8);
    }, 60_000);
  });

  describe('facts arriving late', () => {
    freshStore('analytics-business-hours-late');

    it('an SLA activation after the reply, calendars after the tickets: the same numbers once all is in', async () => {
      const [configs, tickets, later] = dataset.batches;
      const isB4Activation = (m: (typeof tickets)[number]) => m.headers['ce_type'] === 'cs.sla.activated.v1' && m.key === dataset.ids['B4'];
      const b4Activation = tickets.filter(isB4Activation);
      expect(b4Activation).toHaveLength(1);
      await worker.write(tickets.filter((m) => !isB4Activation(m)));
      await worker.write(later);
      // Before the calendars arrive, everything is around the clock (no version was known).
      expect((await perTicket()).map(([t, , calendar]) => `${t} ${calendar}`)).toEqual(['B1 24x7@0', 'B3 24x7@0', 'B4 24x7@0', 'B2 24x7@0', 'B5 24x7@0']);
      await worker.write(configs.slice(0, 2));
      await worker.write(b4Activation);
      await worker.write(configs.slice(2));
      expect(await everything()).toEqual(expected);
    }, 60_000);
  });
});
