import { KPI_DIMENSIONS, meanFromSum, npsFromCounts, percentFromCounts } from '@csp/analytics-domain';
import { type MetricSql, num } from './metric-sql';
import { type TicketScope, ticketsNamedBy, tierJoins } from './ticket-facts.sql';

const answerTier = tierJoins('ac', 'a.customer_id');

/**
 * The period's answers of the metric's kind: a condition on survey_answers (FINAL for the records, a set for the ids).
 * As a PREWHERE before FINAL it keeps or drops all copies of an answer alike (they share kind and time).
 */
const PERIOD_ANSWERS = 'kind = {answer_kind:String} AND at >= {from:DateTime64(3)} AND at < {to:DateTime64(3)}';

/** Whether a statement reads any of these dimensions (see MetricSql.factsReading). */
const readsAny = (reads: ReadonlySet<string>, ...dimensions: string[]) => dimensions.some((d) => reads.has(d));
/** `expression` where a statement reads the column, else '' (and the join it needs is left out). */
const readIf = (read: boolean, expression: string) => (read ? expression : "''");
const ALL_DIMENSIONS: ReadonlySet<string> = new Set(KPI_DIMENSIONS);

/**
 * One row per survey answer, at the time it was given. Team and agent are the ones the survey request named
 * (the assignee at solve time), else the ticket's; the other dimensions come from the ticket, the tier from
 * the answering customer (after merges). Answers without a ticket have empty ticket dimensions. The joins a
 * statement's dimensions do not need are left out (a headline reads only the answers).
 */
function answerFacts(reads: ReadonlySet<string>): string {
  const ticket = readsAny(reads, 'channel', 'team', 'agent', 'category', 'priority');
  const request = readsAny(reads, 'team', 'agent');
  const tier = reads.has('tier');
  return `
  SELECT toString(a.event_id) AS record_id, a.at AS t, a.kind AS kind, a.score AS score, a.ticket_id AS ticket_id,
    a.survey_id AS survey_id, a.customer_id AS customer_id, ${readIf(ticket, 'tf.channel')} AS channel,
    ${readIf(request, "if(r.team != '', r.team, tf.team)")} AS team, ${readIf(request, "if(r.agent != '', r.agent, tf.agent)")} AS agent,
    ${readIf(ticket, 'tf.category')} AS category, ${readIf(tier, answerTier.tier)} AS tier, ${readIf(ticket, 'tf.priority')} AS priority
  FROM (SELECT * FROM survey_answers FINAL PREWHERE ${PERIOD_ANSWERS}) AS a
  ${ticket ? 'LEFT JOIN ticket_facts AS tf ON toString(tf.ticket_id) = a.ticket_id' : ''}
  ${request ? `LEFT JOIN (SELECT * FROM survey_requests FINAL PREWHERE survey_id IN (SELECT toUUIDOrZero(survey_id) FROM survey_answers WHERE ${PERIOD_ANSWERS})) AS r
    ON toString(r.survey_id) = a.survey_id` : ''}
  ${tier ? answerTier.joins : ''}`;
}
const ANSWER_FACTS = answerFacts(ALL_DIMENSIONS);

/** The tickets the period's answers of the metric's kind name ('' = none: the zero UUID, no ticket). */
const ANSWER_TICKETS: TicketScope = ticketsNamedBy(`SELECT toUUIDOrZero(ticket_id) FROM survey_answers WHERE ${PERIOD_ANSWERS}`);
/** The answering customers, whose tier the answers carry. */
const ANSWER_CUSTOMERS = `SELECT customer_id FROM survey_answers WHERE ${PERIOD_ANSWERS}`;

const ANSWER_RECORD = ['record_id', 't', 'kind', 'score', 'ticket_id', 'survey_id', 'customer_id', 'channel', 'team', 'agent', 'category', 'tier', 'priority'] as const;

/** NPS (0-10): % promoters (9-10) minus % detractors (0-6); passives count in the denominator. */
export const nps: MetricSql = {
  facts: ANSWER_FACTS,
  factsReading: answerFacts,
  tickets: ANSWER_TICKETS,
  tierCustomers: ANSWER_CUSTOMERS,
  params: { answer_kind: 'nps' },
  period: 'range',
  aggregates: 'countIf(score >= 9) AS promoters, countIf(score <= 6) AS detractors, count() AS n',
  value: (row) => npsFromCounts(num(row['promoters']), num(row['detractors']), num(row['n'])),
  recordColumns: ANSWER_RECORD,
};

/** CSAT (1-5): answers of 4 or 5 over all answers; unanswered surveys are not in the denominator. */
export const csat: MetricSql = {
  facts: ANSWER_FACTS,
  factsReading: answerFacts,
  tickets: ANSWER_TICKETS,
  tierCustomers: ANSWER_CUSTOMERS,
  params: { answer_kind: 'csat' },
  period: 'range',
  aggregates: 'countIf(score >= 4) AS satisfied, count() AS n',
  value: (row) => percentFromCounts(num(row['satisfied']), num(row['n'])),
  recordColumns: ANSWER_RECORD,
};

/** CES (1-7): the mean score; easyShare = % of answers of 5-7. */
export const ces: MetricSql = {
  facts: ANSWER_FACTS,
  factsReading: answerFacts,
  tickets: ANSWER_TICKETS,
  tierCustomers: ANSWER_CUSTOMERS,
  params: { answer_kind: 'ces' },
  period: 'range',
  aggregates: 'sum(score) AS total, countIf(score >= 5) AS easy, count() AS n',
  value: (row) => ({
    ...meanFromSum(num(row['total']), num(row['n'])),
    extra: { easyShare: percentFromCounts(num(row['easy']), num(row['n'])).value },
  }),
  recordColumns: ANSWER_RECORD,
};

const questionTier = tierJoins('qc', 'r.customer_id');

/**
 * The surveys sent in the period: a range of survey_requests_by_time's key (migration 0009, survey_requests in time
 * order), PREWHERE before FINAL for the questions as above, and a set for their answers, tickets and customers.
 */
const PERIOD_REQUESTS = 'at >= {from:DateTime64(3)} AND at < {to:DateTime64(3)}';

/** One row per question sent; the joins a statement's dimensions do not need are left out, as for the answers. */
function questionFacts(reads: ReadonlySet<string>): string {
  const ticket = readsAny(reads, 'team', 'agent', 'category', 'priority');
  const tier = reads.has('tier');
  return `
    SELECT concat(toString(r.survey_id), ':', kind) AS record_id, r.at AS t, kind, toString(r.survey_id) AS survey_id,
      toString(r.ticket_id) AS ticket_id, r.customer_id AS customer_id, r.channel AS channel,
      ${readIf(ticket, "if(r.team != '', r.team, tf.team)")} AS team, ${readIf(ticket, "if(r.agent != '', r.agent, tf.agent)")} AS agent,
      ${readIf(ticket, 'tf.category')} AS category, ${readIf(tier, questionTier.tier)} AS tier, ${readIf(ticket, 'tf.priority')} AS priority,
      (toString(r.survey_id), kind) IN (
        SELECT survey_id, kind FROM survey_answers WHERE survey_id IN (SELECT toString(survey_id) FROM survey_requests_by_time WHERE ${PERIOD_REQUESTS})
      ) AS answered
    FROM (SELECT * FROM survey_requests_by_time FINAL PREWHERE ${PERIOD_REQUESTS}) AS r ARRAY JOIN r.kinds AS kind
    ${ticket ? 'LEFT JOIN ticket_facts AS tf ON tf.ticket_id = r.ticket_id' : ''}
    ${tier ? questionTier.joins : ''}`;
}

/**
 * Survey response rate: one row per question sent (survey x kind), answered when an answer of that kind names the
 * survey (whenever it came). The set of answered questions holds only the period's surveys' answers, not every answer.
 */
export const surveyResponseRate: MetricSql = {
  facts: questionFacts(ALL_DIMENSIONS),
  factsReading: questionFacts,
  tickets: ticketsNamedBy(`SELECT ticket_id FROM survey_requests_by_time WHERE ${PERIOD_REQUESTS}`),
  tierCustomers: `SELECT customer_id FROM survey_requests_by_time WHERE ${PERIOD_REQUESTS}`,
  period: 'range',
  aggregates: 'countIf(answered) AS answered, count() AS n',
  value: (row) => percentFromCounts(num(row['answered']), num(row['n'])),
  recordColumns: ['record_id', 't', 'kind', 'survey_id', 'ticket_id', 'customer_id', 'channel', 'team', 'agent', 'category', 'tier', 'priority', 'answered'],
  filters: [{ param: 'kind', column: 'kind' }],
};
