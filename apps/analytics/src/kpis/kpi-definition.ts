import { KPI_DEFINITIONS, type KpiMetric } from '@csp/analytics-domain';
import { BUSINESS_HOURS_METRICS } from './kpi-request.parse';
import { BUSINESS_HOURS_DEFINITION } from './sql/business-hours.sql';

/** The `definition` of an answer: the catalogue's, plus the business-hours rule when the durations use it. */
export function kpiDefinition(metric: KpiMetric, businessHours: boolean | undefined): string {
  const base = KPI_DEFINITIONS[metric];
  return businessHours && BUSINESS_HOURS_METRICS.includes(metric) ? `${base} ${BUSINESS_HOURS_DEFINITION}` : base;
}
