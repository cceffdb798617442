import type { DurationStat, KpiMetric } from '@csp/analytics-domain';
import type { MetricSql } from './metric-sql';
import { slaCompliance } from './sla-metrics.sql';
import { ces, csat, nps, surveyResponseRate } from './survey-metrics.sql';
import { backlog, firstContactResolution, firstResponseTime, resolutionRate, resolutionTime, ticketVolume } from './ticket-metrics.sql';

export interface MetricOptions {
  stat: DurationStat;
  resolution: 'first' | 'full';
  /** Durations in business seconds on the ticket's calendar (first_response_time, resolution_time). */
  businessHours?: boolean;
}

/** The SQL of a metric for the given options (only the durations have options). */
export function metricSql(metric: KpiMetric, options: MetricOptions): MetricSql {
  switch (metric) {
    case 'nps': return nps;
    case 'csat': return csat;
    case 'ces': return ces;
    case 'first_response_time': return firstResponseTime(options.stat, options.businessHours);
    case 'resolution_time': return resolutionTime(options.stat, options.resolution, options.businessHours);
    case 'resolution_rate': return resolutionRate;
    case 'fcr': return firstContactResolution;
    case 'sla_compliance': return slaCompliance;
    case 'ticket_volume': return ticketVolume;
    case 'backlog': return backlog;
    case 'survey_response_rate': return surveyResponseRate;
  }
}
