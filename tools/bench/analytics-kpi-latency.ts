import type { ClickHouseClient } from '@clickhouse/client';
import type { KpiMetric } from '@csp/analytics-domain';
import type { AnalyticsRow, AnalyticsStore, InsertOptions, QueryParams } from '@csp/clickhouse';
import { queryKpi, queryKpiRecords } from '../replay/analytics/analytics-app';
import { bareParams } from './analytics-bare-client';
import { kpiRequest } from './analytics-kpi-requests';
import type { KpiHttp } from './analytics-kpi-http';
import type { Progress } from './bench-progress';

/** Keeps the statements the KPI code asks for; `dry` answers every query with no rows instead of running it. */
class RecordingStore implements AnalyticsStore {
  statements: Array<{ sql: string; params?: QueryParams }> = [];
  constructor(
    private readonly inner: AnalyticsStore,
    private readonly dry = false,
  ) {}
  async query<T = AnalyticsRow>(sql: string, params?: QueryParams): Promise<T[]> {
    this.statements.push({ sql, params });
    return this.dry ? [] : this.inner.query<T>(sql, params);
  }
  insert(table: string, rows: readonly AnalyticsRow[], options: InsertOptions) {
    return this.inner.insert(table, rows, options);
  }
  command(sql: string, params?: QueryParams) {
    return this.inner.command(sql, params);
  }
  ping() {
    return this.inner.ping();
  }
  close() {
    return this.inner.close();
  }
}

export interface KpiTimings {
  metric: KpiMetric;
  /** queryKpi, the API path without HTTP: building the SQL, running it, shaping the answer. */
  apiMs: number[];
  /** The same statements, as our code produced them, run through the bare client and read to the end. */
  rawMs: number[];
  /** GET /v1/kpis/:metric through the real controller (Fastify inject), when measured. */
  httpMs: number[];
  /** Statements per request (a series or a comparison adds some). */
  statements: number[];
}

/**
 * Times every metric `runs` times, each run with the next request shape (analytics-kpi-requests.ts), through
 * queryKpi, the raw statements and (given `http`) the HTTP endpoint.
 */
export async function timeKpis(
  store: AnalyticsStore, bare: ClickHouseClient, metrics: readonly KpiMetric[], runs: number, end: Date, progress: Progress,
  http?: KpiHttp,
): Promise<KpiTimings[]> {
  const results: KpiTimings[] = [];
  for (const metric of metrics) {
    const timing: KpiTimings = { metric, apiMs: [], rawMs: [], httpMs: [], statements: [] };
    for (let run = 0; run < runs; run++) {
      const request = kpiRequest(metric, run, end);
      // The statements a request runs do not depend on the answers, so a store answering nothing gives them.
      const dry = new RecordingStore(store, true);
      await queryKpi(dry, request);
      const api = async () => {
        const t = performance.now();
        await queryKpi(store, request);
        timing.apiMs.push(performance.now() - t);
      };
      const raw = async () => {
        const t = performance.now();
        for (const s of dry.statements) await (await bare.query({ query: s.sql, query_params: bareParams(s.params), format: 'JSONEachRow' })).json();
        timing.rawMs.push(performance.now() - t);
      };
      const paths = [api, raw];
      if (http) {
        paths.push(async () => {
          const t = performance.now();
          await http.get(request);
          timing.httpMs.push(performance.now() - t);
        });
      }
      // Each path goes first in turn, so none always finds the others' blocks in the page cache.
      for (let i = 0; i < paths.length; i++) await paths[(run + i) % paths.length]();
      timing.statements.push(dry.statements.length);
      progress.increment();
    }
    results.push(timing);
  }
  progress.stop();
  return results;
}

/** The records endpoint's first page (100 records, the default limit) with the same requests. */
export async function timeDrilldown(
  store: AnalyticsStore, metrics: readonly KpiMetric[], runs: number, end: Date, progress: Progress,
): Promise<Map<KpiMetric, number[]>> {
  const results = new Map<KpiMetric, number[]>();
  for (const metric of metrics) {
    const ms: number[] = [];
    for (let run = 0; run < runs; run++) {
      const { interval: _interval, groupBy: _groupBy, compare: _compare, ...request } = kpiRequest(metric, run, end);
      const t = performance.now();
      await queryKpiRecords(store, request, 100);
      ms.push(performance.now() - t);
      progress.increment();
    }
    results.set(metric, ms);
  }
  progress.stop();
  return results;
}
