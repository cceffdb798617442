import { meanFromSum, npsFromCounts, percentFromCounts } from '@csp/analytics-domain';
import { type MetricSql, num } from './metric-sql';
import { type TicketScope, ticketsNamedBy, tierJoins } from './ticket-facts.sql';

const answerTier = tierJoins('ac', 'a.customer_id');

/** The period's answers of the metric's kind: a condition on survey_answers (FINAL for the records, a set for the ids). */
const PERIOD_ANSWERS = 'kind = {answer_kind:String} AND at >= {from:DateTime64(3)} AND at < {to:DateTime64(3)}';

/**
 * One row per survey answer, at the time it was given. Team and agent are the ones the survey request named
 * (the assignee at solve time), else the ticket's; the other dimensions come from the ticket, the tier from
 * the answering customer (after merges). Answers without a ticket have empty ticket dimensions.
 */
const ANSWER_FACTS = `
  SELECT toString(a.event_id) AS record_id, a.at AS t, a.kind AS kind, a.score AS score, a.ticket_id AS ticket_id,
    a.survey_id AS survey_id, a.customer_id AS customer_id, tf.channel AS channel,
    if(r.team != '', r.team, tf.team) AS team, if(r.agent != '', r.agent, tf.agent) AS agent,
    tf.category AS category, ${answerTier.tier} AS tier, tf.priority AS priority
  FROM (SELECT * FROM survey_answers FINAL WHERE ${PERIOD_ANSWERS}) AS a
  LEFT JOIN ticket_facts AS tf ON toString(tf.ticket_id) = a.ticket_id
  LEFT JOIN (SELECT * FROM survey_requests FINAL WHERE survey_id IN (SELECT toUUIDOrZero(survey_id) FROM survey_answers WHERE ${PERIOD_ANSWERS})) AS r
    ON toString(r.survey_id) = a.survey_id
  ${answerTier.joins}`;

/** The tickets the period's answers of the metric's kind name ('' = none: the zero UUID, no ticket). */
const ANSWER_TICKETS: TicketScope = ticketsNamedBy(`SELECT toUUIDOrZero(ticket_id) FROM survey_answers WHERE ${PERIOD_ANSWERS}`);

const ANSWER_RECORD = ['record_id', 't', 'kind', 'score', 'ticket_id', 'survey_id', 'customer_id', 'channel', 'team', 'agent', 'category', 'tier', 'priority'] as const;

/** NPS (0-10): % promoters (9-10) minus % detractors (0-6); passives count in the denominator. */
export const nps: MetricSql = {
  facts: ANSWER_FACTS,
  tickets: ANSWER_TICKETS,
  params: { answer_kind: 'nps' },
  period: 'range',
  aggregates: 'countIf(score >= 9) AS promoters, countIf(score <= 6) AS detractors, count() AS n',
  value: (row) => npsFromCounts(num(row['promoters']), num(row['detractors']), num(row['n'])),
  recordColumns: ANSWER_RECORD,
};

/** CSAT (1-5): answers of 4 or 5 over all answers; unanswered surveys are not in the denominator. */
export const csat: MetricSql = {
  facts: ANSWER_FACTS,
  tickets: ANSWER_TICKETS,
  params: { answer_kind: 'csat' },
  period: 'range',
  aggregates: 'countIf(score >= 4) AS satisfied, count() AS n',
  value: (row) => percentFromCounts(num(row['satisfied']), num(row['n'])),
  recordColumns: ANSWER_RECORD,
};

/** CES (1-7): the mean score; easyShare = % of answers of 5-7. */
export const ces: MetricSql = {
  facts: ANSWER_FACTS,
  tickets: ANSWER_TICKETS,
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

/** The surveys sent in the period: a condition on survey_requests (FINAL for the questions, a set for their tickets). */
const PERIOD_REQUESTS = 'at >= {from:DateTime64(3)} AND at < {to:DateTime64(3)}';

/** Survey response rate: one row per question sent (survey x kind), answered when an answer of that kind names the survey. */
export const surveyResponseRate: MetricSql = {
  facts: `
    SELECT concat(toString(r.survey_id), ':', kind) AS record_id, r.at AS t, kind, toString(r.survey_id) AS survey_id,
      toString(r.ticket_id) AS ticket_id, r.customer_id AS customer_id, r.channel AS channel,
      if(r.team != '', r.team, tf.team) AS team, if(r.agent != '', r.agent, tf.agent) AS agent,
      tf.category AS category, ${questionTier.tier} AS tier, tf.priority AS priority,
      (toString(r.survey_id), kind) IN (SELECT survey_id, kind FROM survey_answers) AS answered
    FROM (SELECT * FROM survey_requests FINAL WHERE ${PERIOD_REQUESTS}) AS r ARRAY JOIN r.kinds AS kind
    LEFT JOIN ticket_facts AS tf ON tf.ticket_id = r.ticket_id
    ${questionTier.joins}`,
  tickets: ticketsNamedBy(`SELECT ticket_id FROM survey_requests WHERE ${PERIOD_REQUESTS}`),
  period: 'range',
  aggregates: 'countIf(answered) AS answered, count() AS n',
  value: (row) => percentFromCounts(num(row['answered']), num(row['n'])),
  recordColumns: ['record_id', 't', 'kind', 'survey_id', 'ticket_id', 'customer_id', 'channel', 'team', 'agent', 'category', 'tier', 'priority', 'answered'],
  filters: [{ param: 'kind', column: 'kind' }],
};
