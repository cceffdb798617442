import { KPI_DIMENSIONS } from '@csp/analytics-domain';
import type { KpiRequest } from './kpi-request';
import type { MetricSql } from './sql/metric-sql';
import type { TierLookup } from './sql/ticket-facts.sql';

export interface WhereClause {
  conditions: string[];
  params: Record<string, unknown>;
}

/** The tiers a request's statements look up (see TierLookup): every one to group by tier, only the filter's to filter. */
export function tierLookup(request: KpiRequest): TierLookup {
  if (request.groupBy === 'tier') return 'all';
  return (request.filters.tier?.length ?? 0) > 0 ? 'filtered' : 'none';
}

/** The dimensions a request reads (its grouping and filters): a statement's facts need no other (MetricSql.factsReading). */
export function dimensionsRead(request: KpiRequest): ReadonlySet<string> {
  const read = new Set<string>(KPI_DIMENSIONS.filter((d) => (request.filters[d]?.length ?? 0) > 0));
  if (request.groupBy) read.add(request.groupBy);
  return read;
}

/** The facts subquery of a statement of `request`: only the columns it reads when the metric can leave others out. */
export function factsFor(request: KpiRequest, sql: MetricSql): string {
  return sql.factsReading?.(dimensionsRead(request)) ?? sql.facts;
}

/**
 * The WHERE conditions and bound parameters of a request over a metric's facts rows. Column names come from
 * the fixed dimension list and the metric's declared filters; every value is a `{name:Type}` parameter.
 * `cutoff` is the moment the ticket state is read at (the period's end). `filtersOnly` leaves out the
 * period and the metric's own condition (the backlog series applies them per bucket).
 */
export function whereClause(
  request: KpiRequest, sql: MetricSql, period: { from: Date; to: Date; cutoff: Date }, filtersOnly = false,
): WhereClause {
  const params: Record<string, unknown> = { ...sql.params, from: period.from, to: period.to, cutoff: period.cutoff };
  const conditions = filtersOnly ? ['1'] : sql.period === 'range' ? ['t >= {from:DateTime64(3)}', 't < {to:DateTime64(3)}'] : ['t < {cutoff:DateTime64(3)}'];
  if (sql.where && !filtersOnly) conditions.push(sql.where);
  for (const dimension of KPI_DIMENSIONS) {
    const values = request.filters[dimension];
    if (!values?.length) continue;
    conditions.push(`${dimension} IN {f_${dimension}:Array(String)}`);
    params[`f_${dimension}`] = values;
  }
  for (const { param, column } of sql.filters ?? []) {
    const values = request.extraFilters[param];
    if (!values?.length) continue;
    conditions.push(`${column} IN {x_${param}:Array(String)}`);
    params[`x_${param}`] = values;
  }
  return { conditions, params };
}
