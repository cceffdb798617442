import { bucketStarts, countValue, type Period } from '@csp/analytics-domain';
import type { AnalyticsStore } from '@csp/clickhouse';
import { BUCKET_SQL, backlogSeries } from './kpi-backlog-series.query';
import { kpiDefinition } from './kpi-definition';
import type { KpiGroup, KpiRequest, KpiResult } from './kpi-request';
import { factsFor, tierLookup, whereClause } from './kpi-where';
import { metricSql } from './sql/metric-registry';
import { type MetricSql, type MetricValue, num, type SqlRow } from './sql/metric-sql';
import { kpiCtes } from './sql/ticket-facts.sql';

/** More buckets than this in one series is refused by the request parser. */
export const MAX_BUCKETS = 1000;

/** Computes one metric for a request: groups (one with key '' without groupBy), series, comparison. */
export async function queryKpi(store: AnalyticsStore, request: KpiRequest): Promise<KpiResult> {
  const sql = metricSql(request.metric, request);
  const groups = await groupsFor(store, request, sql, { from: request.from, to: request.to });
  const result: KpiResult = {
    metric: request.metric,
    definition: kpiDefinition(request.metric, request.businessHours),
    from: request.from.toISOString(),
    to: request.to.toISOString(),
    groups,
  };
  if (request.compare) {
    const previous = await groupsFor(store, request, sql, request.compare);
    result.comparison = { from: request.compare.from.toISOString(), to: request.compare.to.toISOString(), groups: previous };
    for (const group of groups) {
      const before = previous.find((p) => p.key === group.key);
      group['change'] = before?.value != null && group.value != null ? round(group.value - before.value) : null;
    }
  }
  return result;
}

async function groupsFor(store: AnalyticsStore, request: KpiRequest, sql: MetricSql, period: Period): Promise<KpiGroup[]> {
  const totals = await aggregate(store, request, sql, { ...period, cutoff: period.to });
  const groups = totals.map((row) => group(String(row['key'] ?? ''), sql.value(row)));
  if (groups.length === 0 && !request.groupBy) groups.push(group('', sql.value({})));
  if (!request.interval) return groups;
  const starts = bucketStarts(period, request.interval, MAX_BUCKETS) ?? [];
  const series = new Map<string, Map<number, MetricValue>>();
  const put = (key: string, t: number, value: MetricValue) => {
    if (!series.has(key)) series.set(key, new Map());
    series.get(key)?.set(t, value);
  };
  if (sql.period === 'before-cutoff') {
    // A stock, not a flow: each bucket's value is the state at that bucket's end (the last one at `to`).
    const periodRequest = { ...request, ...period, interval: request.interval };
    for (const [key, counts] of await backlogSeries(store, periodRequest, sql, starts)) {
      counts.forEach((n, i) => put(key, starts[i].getTime(), countValue(n)));
    }
  } else {
    for (const row of await aggregate(store, request, sql, { ...period, cutoff: period.to }, BUCKET_SQL[request.interval]('t'))) {
      put(String(row['key'] ?? ''), num(row['bucket']) * 1000, sql.value(row));
    }
  }
  for (const g of groups) {
    const byBucket = series.get(g.key);
    g['series'] = starts.map((start) => {
      const v = byBucket?.get(start.getTime()) ?? sql.value({});
      return { t: start.toISOString(), value: v.value, count: v.count, ...v.extra };
    });
  }
  return groups;
}

function aggregate(
  store: AnalyticsStore, request: KpiRequest, sql: MetricSql, period: Period & { cutoff: Date }, bucket?: string,
): Promise<SqlRow[]> {
  const { conditions, params } = whereClause(request, sql, period);
  const key = request.groupBy ?? "''";
  const bucketColumn = bucket ? `, ${bucket} AS bucket` : '';
  const groupBy = bucket ? 'key, bucket' : 'key';
  return store.query<SqlRow>(
    `WITH ${kpiCtes(sql.tickets, tierLookup(request), sql.tierCustomers)}
     SELECT toString(${key}) AS key${bucketColumn}, ${sql.aggregates}
     FROM (${factsFor(request, sql)}) AS f
     WHERE ${conditions.join(' AND ')}
     GROUP BY ${groupBy} ORDER BY ${groupBy}`,
    params,
  );
}

function group(key: string, value: MetricValue): KpiGroup {
  return { key, value: value.value, count: value.count, ...value.extra };
}

const round = (n: number) => Math.round(n * 100) / 100;
