import { percentFromCounts } from '@csp/analytics-domain';
import { type MetricSql, num } from './metric-sql';
import { ticketsNamedBy } from './ticket-facts.sql';

/**
 * The period's outcomes: a range of sla_outcomes' key (migration 0008, the achieved and breached rows of sla_events
 * in time order), read FINAL for the records and as a set for their tickets. As a PREWHERE before FINAL it keeps or
 * drops all copies of an event alike (they share its time), and FINAL merges only the period's rows.
 */
const PERIOD_OUTCOMES = 'at >= {from:DateTime64(3)} AND at < {to:DateTime64(3)}';

/**
 * One row per outcome of the period, with its ticket's dimensions, outcomes of tickets merged into another left out.
 * Without `dimensions` (a statement reading none), only the merged tickets are looked up, not every ticket's row.
 */
function slaFacts(dimensions: boolean): string {
  const columns = dimensions
    ? 'tf.channel AS channel, tf.team AS team, tf.agent AS agent, tf.category AS category, tf.tier AS tier, tf.priority AS priority'
    : "'' AS channel, '' AS team, '' AS agent, '' AS category, '' AS tier, '' AS priority";
  return `
    SELECT toString(e.event_id) AS record_id, e.at AS t, e.type AS outcome, e.target AS target, e.policy_id AS policy_id,
      toString(e.ticket_id) AS ticket_id, e.due_at AS due_at, e.business_minutes AS business_minutes, ${columns}
    FROM (SELECT * FROM sla_outcomes FINAL PREWHERE ${PERIOD_OUTCOMES}) AS e
    ${dimensions ? 'LEFT JOIN ticket_facts AS tf ON tf.ticket_id = e.ticket_id WHERE NOT tf.merged' : 'WHERE e.ticket_id NOT IN (SELECT ticket_id FROM ticket_facts WHERE merged)'}`;
}

/**
 * SLA compliance over outcomes (achieved or breached) reached in the period; clocks still running (or paused)
 * have no outcome and are excluded. Business minutes and pauses were applied by ticketing's clock, so
 * analytics counts outcomes and never recomputes calendars. Dimensions are the ticket's.
 */
export const slaCompliance: MetricSql = {
  facts: slaFacts(true),
  factsReading: (dimensions) => slaFacts(dimensions.size > 0),
  tickets: ticketsNamedBy(`SELECT ticket_id FROM sla_outcomes WHERE ${PERIOD_OUTCOMES}`),
  period: 'range',
  aggregates: `countIf(outcome = 'achieved') AS achieved, count() AS n,
    uniqExact(ticket_id) AS tickets, uniqExactIf(ticket_id, outcome = 'breached') AS breached_tickets`,
  value: (row) => ({
    ...percentFromCounts(num(row['achieved']), num(row['n'])),
    // Per ticket: compliant only if none of its outcomes in the period is a breach.
    extra: {
      ticketCompliance: percentFromCounts(num(row['tickets']) - num(row['breached_tickets']), num(row['tickets'])).value,
      tickets: num(row['tickets']),
    },
  }),
  recordColumns: ['record_id', 't', 'outcome', 'target', 'policy_id', 'ticket_id', 'due_at', 'business_minutes', 'channel', 'team', 'agent', 'category', 'tier', 'priority'],
  filters: [{ param: 'target', column: 'target' }],
};
