import { KPI_METRICS, type KpiMetric } from '@csp/analytics-domain';
import type { AnalyticsStore } from '@csp/clickhouse';
import { queryKpi } from './kpi.query';
import { kpiDefinition } from './kpi-definition';
import type { KpiGroup, KpiRequest } from './kpi-request';

export interface KpiSummary {
  from: string;
  to: string;
  compareFrom?: string;
  compareTo?: string;
  metrics: Record<string, Omit<KpiGroup, 'key'> & { definition: string; previous?: Omit<KpiGroup, 'key'> }>;
}

/** Every headline KPI for one period (no grouping), each with its count and, when asked, the comparison. */
export async function queryKpiSummary(store: AnalyticsStore, request: Omit<KpiRequest, 'metric'>): Promise<KpiSummary> {
  const summary: KpiSummary = { from: request.from.toISOString(), to: request.to.toISOString(), metrics: {} };
  if (request.compare) Object.assign(summary, { compareFrom: request.compare.from.toISOString(), compareTo: request.compare.to.toISOString() });
  // One after the other: chDB runs one query at a time anyway, and a server is spared 11 concurrent scans.
  for (const metric of KPI_METRICS as readonly KpiMetric[]) {
    const result = await queryKpi(store, { ...request, metric, groupBy: undefined, interval: undefined });
    const { key: _key, ...headline } = result.groups[0] ?? { key: '', value: null, count: 0 };
    const previous = result.comparison?.groups[0];
    summary.metrics[metric] = { ...headline, definition: kpiDefinition(metric, request.businessHours), ...(previous ? { previous: stripKey(previous) } : {}) };
  }
  return summary;
}

function stripKey({ key: _key, ...rest }: KpiGroup): Omit<KpiGroup, 'key'> {
  return rest;
}
