import type { KpiInterval } from '@csp/analytics-domain';
import type { AnalyticsStore } from '@csp/clickhouse';
import type { KpiRequest } from './kpi-request';
import { factsFor, tierLookup, whereClause } from './kpi-where';
import type { MetricSql } from './sql/metric-sql';
import { kpiCtes } from './sql/ticket-facts.sql';

/** Start of the UTC bucket holding the date-time column `c`, as Unix seconds. */
export const BUCKET_SQL: Record<KpiInterval, (c: string) => string> = {
  hour: (c) => `toUnixTimestamp(toStartOfHour(${c}))`,
  day: (c) => `toUnixTimestamp(toStartOfDay(${c}))`,
  week: (c) => `toUnixTimestamp(toDateTime(toMonday(${c}), 'UTC'))`,
  month: (c) => `toUnixTimestamp(toDateTime(toStartOfMonth(${c}), 'UTC'))`,
};

/**
 * Backlog at the end of every bucket, in one pass over the tickets. A ticket adds +1 when it is created and
 * -1 / +1 each time its status enters / leaves solved-or-closed (status changes in stream order); the
 * backlog at a cut-off is the sum of the changes before it. The query sums the changes per bucket (all the
 * changes before the period in one base row, bucket 0); the running sum happens here.
 * Measured on chDB with 100k tickets (400k events): 1.3 s for 720 hourly buckets, where evaluating every ticket at every
 * cut-off took 105 s.
 */
export async function backlogSeries(
  store: AnalyticsStore, request: KpiRequest & { interval: KpiInterval }, sql: MetricSql, starts: readonly Date[],
): Promise<Map<string, number[]>> {
  // The cut-off is the period's start: the tickets read are those open then or changing status since (the metric's scope).
  const { conditions, params } = whereClause(request, sql, { from: request.from, to: request.to, cutoff: request.from }, true);
  const key = request.groupBy ?? "''";
  const rows = await store.query<{ key: string; bucket: string | number; delta: string | number }>(
    `WITH ${kpiCtes(sql.tickets, tierLookup(request), sql.tierCustomers)}
     SELECT key, if(d.1 < {from:DateTime64(3)}, 0, ${BUCKET_SQL[request.interval]('d.1')}) AS bucket, sum(d.2) AS delta
     FROM (
       SELECT toString(${key}) AS key,
         arrayMap(x -> toInt8(has(['solved', 'closed'], x.2)), status_changes) AS done,
         arrayConcat([(t, toInt64(1))],
           arrayFilter(x -> x.2 != 0, arrayZip(arrayMap(x -> x.1, status_changes), arrayMap(v -> -toInt64(v), arrayDifference(done))))) AS deltas
       FROM (${factsFor(request, sql)}) AS f
       WHERE ${conditions.join(' AND ')}
     ) ARRAY JOIN deltas AS d
     WHERE d.1 < {to:DateTime64(3)}
     GROUP BY key, bucket ORDER BY key, bucket`,
    params,
  );
  const byKey = new Map<string, Map<number, number>>();
  for (const row of rows) {
    if (!byKey.has(row.key)) byKey.set(row.key, new Map());
    byKey.get(row.key)?.set(Number(row.bucket) * 1000, Number(row.delta));
  }
  const series = new Map<string, number[]>();
  for (const [k, deltas] of byKey) {
    let running = deltas.get(0) ?? 0;
    series.set(k, starts.map((start) => (running += deltas.get(start.getTime()) ?? 0)));
  }
  return series;
}
