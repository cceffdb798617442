import { NotFoundError, Roles, ValidationError } from '@csp/platform-nest';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ANALYTICS_DEPS, type AnalyticsDeps } from '../analytics.deps';
import { DIMENSIONS, type Dimension, type KpiRequest, ticketVolume } from './ticket-volume.query';

/** Every metric of api.md; the ones not computed yet answer 501 (analytics issue). */
const METRICS = [
  'nps', 'csat', 'ces', 'first_response_time', 'resolution_time', 'resolution_rate', 'fcr', 'sla_compliance',
  'ticket_volume', 'backlog', 'survey_response_rate',
];

/** A metric of api.md that this version does not compute yet (HTTP 501 via the module's error table). */
export class KpiNotImplemented extends Error {
  readonly code = 'KPI.NOT_IMPLEMENTED';
  constructor(metric: string) {
    super(`metric '${metric}' is not computed yet`);
  }
}

@ApiTags('kpis')
@Controller('v1/kpis')
export class KpisController {
  constructor(@Inject(ANALYTICS_DEPS) private readonly deps: AnalyticsDeps) {}

  @Get(':metric')
  @Roles('analyst', 'manager', 'lead', 'admin')
  async metric(@Param('metric') metric: string, @Query() query: Record<string, string | undefined>) {
    if (!METRICS.includes(metric)) throw new NotFoundError(`unknown metric '${metric}'; known: ${METRICS.join(', ')}`);
    const request = parseRequest(query);
    if (metric !== 'ticket_volume') throw new KpiNotImplemented(metric);
    return ticketVolume(this.deps.analytics, request);
  }
}

function parseRequest(query: Record<string, string | undefined>): KpiRequest {
  const errors = [];
  const to = query['to'] ? new Date(query['to']) : new Date();
  const from = query['from'] ? new Date(query['from']) : new Date(to.getTime() - 30 * 86_400_000);
  if (Number.isNaN(from.getTime())) errors.push({ path: '/query/from', message: 'must be an ISO 8601 date-time' });
  if (Number.isNaN(to.getTime())) errors.push({ path: '/query/to', message: 'must be an ISO 8601 date-time' });
  const groupBy = query['groupBy'];
  if (groupBy && !DIMENSIONS.includes(groupBy as Dimension)) {
    errors.push({ path: '/query/groupBy', message: `must be one of ${DIMENSIONS.join(', ')}` });
  }
  if (errors.length > 0) throw new ValidationError(errors);
  const filters: KpiRequest['filters'] = {};
  for (const dimension of DIMENSIONS) {
    const value = query[dimension];
    if (value) filters[dimension] = value.split(',').map((v) => v.trim()).filter(Boolean);
  }
  return { from, to, groupBy: groupBy as Dimension | undefined, filters };
}
