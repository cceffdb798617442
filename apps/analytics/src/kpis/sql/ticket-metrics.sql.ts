import { countValue, type DurationStat, percentFromCounts, statistic } from '@csp/analytics-domain';
import { type MetricSql, num, numOrNull } from './metric-sql';
import { BUSINESS_COLUMNS } from './business-hours.sql';
import { BACKLOG_CANDIDATES, DONE_STATUSES, TICKETS_CREATED_IN_PERIOD } from './ticket-facts.sql';

/**
 * Ticket rows for the ticket KPIs: tickets merged into another ticket are duplicates and never counted.
 * `t` is the creation time. Durations are in seconds (millisecond precision).
 */
const TICKET_COLUMNS = `
  toString(ticket_id) AS record_id, created_at AS t, number, channel, team, agent, category, tier, priority,
    status, status_at_cutoff, solved_by_cutoff, first_response_at, first_solved_at, last_solved_at,
    public_agent_replies, reopens, status_changes,
    dateDiff('millisecond', created_at, first_response_at) / 1000 AS first_response_seconds,
    dateDiff('millisecond', created_at, first_solved_at) / 1000 AS first_resolution_seconds,
    dateDiff('millisecond', created_at, last_solved_at) / 1000 AS full_resolution_seconds`;
const TICKET_FACTS = `SELECT ${TICKET_COLUMNS} FROM ticket_facts WHERE NOT merged`;
/** The same rows with their business-hours durations (NULL where the projection has none). */
const BUSINESS_TICKET_FACTS = `
  SELECT ${TICKET_COLUMNS}, ${BUSINESS_COLUMNS}
  FROM ticket_facts LEFT JOIN ticket_business AS b ON b.business_ticket_id = ticket_id
  WHERE NOT merged`;

const TICKET_RECORD = [
  'record_id', 'number', 't', 'channel', 'team', 'agent', 'category', 'tier', 'priority', 'status',
  'first_response_at', 'first_solved_at', 'last_solved_at', 'public_agent_replies', 'reopens',
] as const;

/** Percentiles interpolate linearly between closest ranks (PERCENTILE.INC), as `percentile()` of the domain lib. */
const STAT_SQL: Record<DurationStat, (column: string) => string> = {
  median: (c) => `quantileExactInclusive(0.5)(${c})`,
  p90: (c) => `quantileExactInclusive(0.9)(${c})`,
  mean: (c) => `avg(${c})`,
};

/**
 * A duration metric over `<name>_seconds` (calendar time) or, with business hours, `<name>_business_seconds`;
 * business-hours records carry both and the calendar that measured them.
 */
function duration(name: string, stat: DurationStat, businessHours: boolean): MetricSql {
  const column = businessHours ? `${name}_business_seconds` : `${name}_seconds`;
  return {
    facts: businessHours ? BUSINESS_TICKET_FACTS : TICKET_FACTS,
    tickets: TICKETS_CREATED_IN_PERIOD,
    where: `${column} IS NOT NULL`,
    period: 'range',
    aggregates: `${STAT_SQL[stat](column)} AS stat, count() AS n`,
    value: (row) => statistic(numOrNull(row['stat']), num(row['n'])),
    recordColumns: businessHours ? [...TICKET_RECORD, `${name}_seconds`, column, 'business_calendar'] : [...TICKET_RECORD, column],
  };
}

/** First response time: first public reply of a human agent (author agent) minus creation; system messages never count. */
export const firstResponseTime = (stat: DurationStat, businessHours = false) => duration('first_response', stat, businessHours);

/** Resolution time: first solved (resolution=first) or last solved (resolution=full) minus created. */
export const resolutionTime = (stat: DurationStat, resolution: 'first' | 'full', businessHours = false) =>
  duration(resolution === 'full' ? 'full_resolution' : 'first_resolution', stat, businessHours);

/** Ticket volume: tickets created in the period. */
export const ticketVolume: MetricSql = {
  facts: TICKET_FACTS,
  tickets: TICKETS_CREATED_IN_PERIOD,
  period: 'range',
  aggregates: 'count() AS n',
  value: (row) => countValue(num(row['n'])),
  recordColumns: TICKET_RECORD,
};

/** Resolution rate: created in the period and solved or closed at the cut-off, over created in the period. */
export const resolutionRate: MetricSql = {
  facts: TICKET_FACTS,
  tickets: TICKETS_CREATED_IN_PERIOD,
  period: 'range',
  aggregates: `countIf(status_at_cutoff IN ${DONE_STATUSES}) AS resolved, count() AS n`,
  value: (row) => percentFromCounts(num(row['resolved']), num(row['n'])),
  recordColumns: [...TICKET_RECORD, 'status_at_cutoff'],
};

/** FCR: solved tickets with fewer than 2 public agent replies and never reopened, over solved tickets. */
export const firstContactResolution: MetricSql = {
  facts: TICKET_FACTS,
  tickets: TICKETS_CREATED_IN_PERIOD,
  where: 'solved_by_cutoff',
  period: 'range',
  aggregates: 'countIf(public_agent_replies < 2 AND reopens = 0) AS fcr, count() AS n',
  value: (row) => percentFromCounts(num(row['fcr']), num(row['n'])),
  recordColumns: TICKET_RECORD,
};

/** Backlog: created before the cut-off and neither solved nor closed at that moment. */
export const backlog: MetricSql = {
  facts: TICKET_FACTS,
  tickets: BACKLOG_CANDIDATES,
  where: `status_at_cutoff NOT IN ${DONE_STATUSES}`,
  period: 'before-cutoff',
  aggregates: 'count() AS n',
  value: (row) => countValue(num(row['n'])),
  recordColumns: [...TICKET_RECORD, 'status_at_cutoff'],
};
