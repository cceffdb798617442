import { DURATION_STATS, KPI_DIMENSIONS, KPI_INTERVALS } from '@csp/analytics-domain';
import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';

const optional = (name: string, description: string, extra: Record<string, unknown> = {}) =>
  ApiQuery({ name, required: false, description, ...extra });

/** OpenAPI description of the query parameters the KPI endpoints share (docs/analytics.md has the details). */
export function KpiQueryDocs(options: { series: boolean }) {
  return applyDecorators(
    optional('from', 'start of the period [from, to), ISO 8601; default 30 days before `to`'),
    optional('to', 'end of the period (exclusive) and the cut-off for state-based KPIs; default now'),
    ...(options.series
      ? [
          optional('interval', 'adds a series per group', { enum: KPI_INTERVALS }),
          optional('groupBy', 'one dimension', { enum: KPI_DIMENSIONS }),
        ]
      : []),
    ...KPI_DIMENSIONS.map((d) => optional(d, `filter: comma-separated values (or the parameter repeated)`)),
    optional('stat', 'statistic of durations (default median)', { enum: DURATION_STATS }),
    optional('resolution', 'resolution_time: first or last solve (default first)', { enum: ['first', 'full'] }),
    optional('target', 'sla_compliance: first_response, next_response, resolution (comma-separated)'),
    optional('kind', 'survey_response_rate: csat, nps, ces (comma-separated)'),
    optional('compare', 'previous = also the period of the same length before', { enum: ['previous'] }),
    optional('compareFrom', 'start of a period to compare with (with compareTo)'),
    optional('compareTo', 'end of the period to compare with'),
    optional('businessHours', 'true = durations in business seconds on the ticket calendar (first_response_time, resolution_time; the summary applies it to those two)', { enum: ['true', 'false'] }),
  );
}
