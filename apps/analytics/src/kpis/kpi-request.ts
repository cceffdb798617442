import type { DurationStat, KpiDimension, KpiInterval, KpiMetric, Period } from '@csp/analytics-domain';

/** A validated KPI request (see kpi-request.parse.ts for the query string it comes from). */
export interface KpiRequest {
  metric: KpiMetric;
  from: Date;
  to: Date;
  interval?: KpiInterval;
  groupBy?: KpiDimension;
  /** Multi-value filters: a record matches when its dimension is one of the values. */
  filters: Partial<Record<KpiDimension, string[]>>;
  /** Metric-specific filters (SLA `target`, survey `kind`). */
  extraFilters: Record<string, string[]>;
  stat: DurationStat;
  resolution: 'first' | 'full';
  /** `businessHours=true`: durations in business seconds (only first_response_time and resolution_time). */
  businessHours?: boolean;
  /** The period to compare with (`compare=previous` or `compareFrom`/`compareTo`). */
  compare?: Period;
}

export interface KpiGroup {
  key: string;
  value: number | null;
  count: number;
  [extra: string]: unknown;
}

export interface KpiResult {
  metric: KpiMetric;
  definition: string;
  from: string;
  to: string;
  groups: KpiGroup[];
  comparison?: { from: string; to: string; groups: KpiGroup[] };
}
