import {
  bucketStarts, DURATION_STATS, type DurationStat, KPI_DIMENSIONS, KPI_INTERVALS, type KpiInterval, type KpiMetric, previousPeriod,
} from '@csp/analytics-domain';
import { type FieldError, ValidationError } from '@csp/platform-nest';
import type { KpiRequest } from './kpi-request';

export type Query = Record<string, string | string[] | undefined>;

/** More than this many buckets in one series is refused (a year by hour is 8760). */
export const MAX_SERIES_BUCKETS = 1000;
const MAX_FILTER_VALUES = 100;
const DEFAULT_DAYS = 30;

/** Metric-specific multi-value filters and their allowed values. */
const EXTRA_FILTERS: Record<string, readonly string[]> = {
  target: ['first_response', 'next_response', 'resolution'],
  kind: ['csat', 'nps', 'ces'],
};

const COMMON = ['from', 'to', 'interval', 'groupBy', 'stat', 'resolution', 'businessHours', 'compare', 'compareFrom', 'compareTo', ...KPI_DIMENSIONS, ...Object.keys(EXTRA_FILTERS)];

/**
 * Reads a KPI query string, collecting every problem (JSON Pointer paths under /query) before failing.
 * `now` is the default end of the period (the last 30 days). `extraParams` are accepted and ignored here
 * (the records endpoint's paging).
 */
export function parseKpiRequest(metric: KpiMetric, query: Query, now: Date, extraParams: readonly string[] = []): KpiRequest {
  const errors: FieldError[] = [];
  const single = (name: string): string | undefined => {
    const value = query[name];
    if (Array.isArray(value)) {
      errors.push({ path: `/query/${name}`, message: 'must be given once' });
      return undefined;
    }
    return value === '' ? undefined : value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const value = single(name);
    if (value !== undefined && !allowed.includes(value as T)) errors.push({ path: `/query/${name}`, message: `must be one of ${allowed.join(', ')}` });
    return value as T | undefined;
  };
  const date = (name: string): Date | undefined => {
    const value = single(name);
    if (value === undefined) return undefined;
    const parsed = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? new Date(value) : new Date(NaN);
    if (Number.isNaN(parsed.getTime())) errors.push({ path: `/query/${name}`, message: 'must be an ISO 8601 date or date-time' });
    return parsed;
  };
  const list = (name: string, allowed?: readonly string[]): string[] | undefined => {
    const raw = query[name];
    if (raw === undefined || raw === '') return undefined;
    const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
    if (values.length > MAX_FILTER_VALUES) errors.push({ path: `/query/${name}`, message: `at most ${MAX_FILTER_VALUES} values` });
    const wrong = allowed ? values.filter((v) => !allowed.includes(v)) : [];
    if (wrong.length > 0) errors.push({ path: `/query/${name}`, message: `unknown value(s) ${wrong.join(', ')}; allowed: ${allowed?.join(', ')}` });
    return values.length > 0 ? [...new Set(values)] : undefined;
  };

  for (const name of Object.keys(query)) {
    if (!COMMON.includes(name) && !extraParams.includes(name)) errors.push({ path: `/query/${name}`, message: 'unknown parameter' });
  }
  const to = date('to') ?? now;
  const from = date('from') ?? new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
  if (from.getTime() >= to.getTime()) errors.push({ path: '/query/from', message: 'must be before to' });
  const interval = oneOf<KpiInterval>('interval', KPI_INTERVALS);
  if (interval && from < to && !bucketStarts({ from, to }, interval, MAX_SERIES_BUCKETS)) {
    errors.push({ path: '/query/interval', message: `more than ${MAX_SERIES_BUCKETS} ${interval} buckets; choose a longer interval or a shorter period` });
  }
  const groupBy = oneOf('groupBy', KPI_DIMENSIONS);
  const stat = oneOf<DurationStat>('stat', DURATION_STATS) ?? 'median';
  const resolution = oneOf('resolution', ['first', 'full'] as const) ?? 'first';
  const businessHours = oneOf('businessHours', ['true', 'false'] as const);
  const filters: KpiRequest['filters'] = {};
  for (const dimension of KPI_DIMENSIONS) {
    const values = list(dimension);
    if (values) filters[dimension] = values;
  }
  const extraFilters: KpiRequest['extraFilters'] = {};
  for (const [name, allowed] of Object.entries(EXTRA_FILTERS)) {
    const values = list(name, allowed);
    if (values) extraFilters[name] = values;
  }
  const compare = parseCompare(oneOf('compare', ['previous'] as const), date('compareFrom'), date('compareTo'), { from, to }, errors);
  if (errors.length > 0) throw new ValidationError(errors);
  return { metric, from, to, interval, groupBy, filters, extraFilters, stat, resolution, compare, businessHours: businessHours === 'true' };
}

function parseCompare(
  compare: 'previous' | undefined, compareFrom: Date | undefined, compareTo: Date | undefined, period: { from: Date; to: Date }, errors: FieldError[],
): KpiRequest['compare'] {
  if (compare && (compareFrom || compareTo)) {
    errors.push({ path: '/query/compare', message: 'give either compare=previous or compareFrom and compareTo, not both' });
    return undefined;
  }
  if (compare === 'previous') return previousPeriod(period);
  if (!compareFrom && !compareTo) return undefined;
  if (!compareFrom || !compareTo) {
    errors.push({ path: compareFrom ? '/query/compareTo' : '/query/compareFrom', message: 'compareFrom and compareTo go together' });
    return undefined;
  }
  if (compareFrom.getTime() >= compareTo.getTime()) errors.push({ path: '/query/compareFrom', message: 'must be before compareTo' });
  return { from: compareFrom, to: compareTo };
}

/** The metrics that have a business-hours form (durations). */
export const BUSINESS_HOURS_METRICS: readonly KpiMetric[] = ['first_response_time', 'resolution_time'];

/**
 * One metric asked with businessHours=true must be a duration: anything else is a 400 rather than a number
 * that silently ignores the parameter. (The summary applies it to its durations and leaves the rest.)
 */
export function refuseBusinessHoursUnlessDuration(request: KpiRequest): KpiRequest {
  if (request.businessHours && !BUSINESS_HOURS_METRICS.includes(request.metric)) {
    throw new ValidationError([{ path: '/query/businessHours', message: `only for ${BUSINESS_HOURS_METRICS.join(' and ')}` }]);
  }
  return request;
}
