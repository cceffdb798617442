import { KPI_METRICS, type KpiMetric } from '@csp/analytics-domain';
import { NotFoundError, Roles, ValidationError } from '@csp/platform-nest';
import { Controller, Get, Headers, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ANALYTICS_DEPS, type AnalyticsDeps } from '../analytics.deps';
import { queryKpi } from './kpi.query';
import { KpiQueryDocs } from './kpi-query.docs';
import { type Query as KpiQuery, parseKpiRequest, refuseBusinessHoursUnlessDuration } from './kpi-request.parse';
import { queryKpiRecords, recordsToCsv } from './kpi-records.query';
import { queryKpiSummary } from './kpi-summary.query';

const READERS = ['analyst', 'manager', 'lead', 'admin'] as const;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** KPIs of api.md; how each is computed is in docs/analytics.md and in every answer's `definition`. */
@ApiTags('kpis')
@Controller('v1/kpis')
export class KpisController {
  constructor(@Inject(ANALYTICS_DEPS) private readonly deps: Pick<AnalyticsDeps, 'analytics'>) {}

  @Get('summary')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Every headline KPI for from/to (compare=previous or compareFrom/compareTo optional)' })
  @KpiQueryDocs({ series: false })
  async summary(@Query() query: KpiQuery) {
    const { metric: _metric, ...request } = parseKpiRequest('ticket_volume', onlySummaryParams(query), new Date());
    return queryKpiSummary(this.deps.analytics, request);
  }

  @Get(':metric/records')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The tickets, answers or SLA outcomes behind a KPI; paged (limit, cursor); Accept: text/csv exports' })
  @KpiQueryDocs({ series: false })
  @ApiQuery({ name: 'limit', required: false, description: `1-${MAX_LIMIT}, default ${DEFAULT_LIMIT}` })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  async records(
    @Param('metric') metric: string,
    @Query() query: KpiQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const request = refuseBusinessHoursUnlessDuration(parseKpiRequest(knownMetric(metric), query, new Date(), ['limit', 'cursor']));
    const limit = parseLimit(query['limit']);
    const cursor = typeof query['cursor'] === 'string' && query['cursor'] !== '' ? query['cursor'] : undefined;
    const page = await queryKpiRecords(this.deps.analytics, request, limit, cursor);
    if (accept?.includes('text/csv')) {
      reply.header('content-type', 'text/csv; charset=utf-8');
      if (page.nextCursor) reply.header('x-next-cursor', page.nextCursor);
      return recordsToCsv(page.columns, page.items);
    }
    return { metric, items: page.items, nextCursor: page.nextCursor };
  }

  @Get(':metric')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One KPI: from, to, interval, groupBy, dimension filters, stat, compare' })
  @KpiQueryDocs({ series: true })
  async metric(@Param('metric') metric: string, @Query() query: KpiQuery) {
    return queryKpi(this.deps.analytics, refuseBusinessHoursUnlessDuration(parseKpiRequest(knownMetric(metric), query, new Date())));
  }
}

function knownMetric(metric: string): KpiMetric {
  if (!(KPI_METRICS as readonly string[]).includes(metric)) throw new NotFoundError(`unknown metric '${metric}'; known: ${KPI_METRICS.join(', ')}`);
  return metric as KpiMetric;
}

function parseLimit(raw: string | string[] | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_LIMIT;
  const limit = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) throw new ValidationError([{ path: '/query/limit', message: `must be an integer from 1 to ${MAX_LIMIT}` }]);
  return limit;
}

/** The summary has no grouping or series: those parameters are refused rather than silently ignored. */
function onlySummaryParams(query: KpiQuery): KpiQuery {
  const refused = ['groupBy', 'interval'].filter((name) => query[name] !== undefined);
  if (refused.length > 0) throw new ValidationError(refused.map((name) => ({ path: `/query/${name}`, message: 'not supported by the summary' })));
  return query;
}
