import { TICKET_BUSINESS_CTE } from './business-hours.sql';

/**
 * SQL building blocks shared by every KPI: the state of each ticket derived from its event rows, and the
 * tier of a customer after merges. Only fixed text and `{name:Type}` placeholders; no value is ever spliced in.
 */

/** Solved and closed are the statuses that end a ticket's work (backlog, resolution rate). */
export const DONE_STATUSES = "('solved', 'closed')";

const AGENT_REPLY = "e.type = 'message-added' AND e.author = 'agent' AND e.public = 1";
const SOLVED = "e.type = 'status-changed' AND e.status = 'solved'";

/**
 * Which tickets a KPI statement derives the state of, and from which copy of the events. Deriving every ticket
 * ever on every statement is what made the KPIs slow; a statement only needs the tickets its records can name.
 * `where` is a condition on the event row `e`, with the statement's `{from}`, `{to}` and `{cutoff}` parameters.
 */
export interface TicketScope {
  /** `ticket_events` (ordered by ticket) or `ticket_events_by_time` (ordered by event time, migration 0006). */
  events: 'ticket_events' | 'ticket_events_by_time';
  where: string;
}

/**
 * Every ticket: the backlog's (any ticket created before the cut-off may still be open at it). Narrowing it to the
 * tickets not solved now (ticket_state) plus those with a status change since `from` measured slower at 10 M facts:
 * that is still about half of them, and the IN over every event costs more than it saves.
 */
export const ALL_TICKETS: TicketScope = { events: 'ticket_events', where: '1' };

/**
 * Tickets created in [from, to), in one range read of the time-ordered events: every event that sets a KPI
 * column (routing, assignment, replies, status changes, merges) is recorded by ticketing after the ticket is
 * opened, so it is not older than the opened event, which is not older than `from`. The day of margin only
 * absorbs clock skew between writers. Tickets created before `from - 1 day` have no opened event in the range
 * and are dropped by the state's HAVING; the ones created in the margin or after `to` fail the period filter.
 */
export const TICKETS_CREATED_IN_PERIOD: TicketScope = {
  events: 'ticket_events_by_time',
  where: 'e.at >= {from:DateTime64(3)} - INTERVAL 1 DAY',
};

/**
 * The tickets a subquery names (an UUID column), for records that are not tickets but carry their dimensions
 * (SLA outcomes, survey answers and questions of the period). Every event is still scanned (the tickets are
 * scattered over the table in any order), but only those tickets' events are aggregated. Bounding the scan by
 * their earliest creation (from ticket_state) measured no faster at 10 M facts: finding it costs a scan too.
 */
export function ticketsNamedBy(subquery: string): TicketScope {
  return { events: 'ticket_events', where: `e.ticket_id IN (${subquery})` };
}

/**
 * One row per ticket in `scope` with an opened event. Latest attributes come from the highest stream revision
 * that set them, so events arriving out of order or twice change nothing; times are min/max, replies and
 * reopens are distinct counts. `status_at_cutoff` and `solved_by_cutoff` read only events before `{cutoff}`;
 * `status_changes` lists (at, status) in stream order, to read the status at many cut-offs in one pass.
 */
export function ticketStateSql(scope: TicketScope): string {
  return `
  SELECT e.ticket_id AS ticket_id,
    maxIf(e.number, e.type = 'opened') AS number,
    minIf(e.at, e.type = 'opened') AS created_at,
    argMaxIf(e.customer_id, e.revision, e.type = 'opened') AS customer_id,
    argMaxIf(e.channel, e.revision, e.type = 'opened') AS channel,
    argMaxIf(e.team, e.revision, e.team != '') AS team,
    argMaxIf(e.agent, e.revision, e.type IN ('assigned', 'unassigned')) AS agent,
    argMaxIf(e.category, e.revision, e.category != '') AS category,
    argMaxIf(e.priority, e.revision, e.priority != '') AS priority,
    argMaxIf(e.status, e.revision, e.status != '') AS status,
    argMaxIf(e.status, e.revision, e.status != '' AND e.at < {cutoff:DateTime64(3)}) AS status_at_cutoff,
    minIfOrNull(e.at, ${AGENT_REPLY}) AS first_response_at,
    uniqExactIf(e.message_id, ${AGENT_REPLY}) AS public_agent_replies,
    minIfOrNull(e.at, ${SOLVED}) AS first_solved_at,
    maxIfOrNull(e.at, ${SOLVED}) AS last_solved_at,
    countIf(${SOLVED} AND e.at < {cutoff:DateTime64(3)}) > 0 AS solved_by_cutoff,
    uniqExactIf(e.event_id, e.type = 'reopened') AS reopens,
    arrayMap(x -> (x.2, x.3), arraySort(x -> x.1, groupArrayIf((e.revision, e.at, e.status), e.status != ''))) AS status_changes,
    countIf(e.type = 'merged') > 0 AS merged
  FROM ${scope.events} AS e
  WHERE ${scope.where}
  GROUP BY e.ticket_id
  HAVING countIf(e.type = 'opened') > 0`;
}

/**
 * Joins that give `<alias>_tier`: the current tier of the customer in `customerColumn`, or, while that
 * customer is merged into another one, the survivor's tier when it has one.
 */
export function tierJoins(alias: string, customerColumn: string): { joins: string; tier: string } {
  const joins = `
    LEFT JOIN customer_merge AS ${alias}_m ON ${alias}_m.merged_id = ${customerColumn}
    LEFT JOIN customer_tier AS ${alias}_own ON ${alias}_own.customer_id = ${customerColumn}
    LEFT JOIN survivor_tier AS ${alias}_surv ON ${alias}_surv.customer_id = ${alias}_m.survivor_id`;
  const tier = `if(${alias}_m.active = 1 AND ${alias}_surv.tier != '', ${alias}_surv.tier, ${alias}_own.tier)`;
  return { joins, tier };
}

const ticketTier = tierJoins('tc', 's.customer_id');

/**
 * The latest tier of the customers matching `where`. Survivors of merges get a statement of their own: they are
 * few, and the primary key finds them, where every customer's tier is a scan. No FINAL: a duplicate row of a
 * tier (or of a merge, below) has the same `at` and value, which argMax by `at` ignores.
 */
function latestTiers(where: string): string {
  return `SELECT customer_id, argMax(tier, at) AS tier FROM customer_tiers WHERE ${where} GROUP BY customer_id`;
}

/**
 * The common table expressions every KPI query starts with (`WITH ...`), the ticket state limited to `scope`.
 * `withTier = false` leaves the ticket's tier empty: its joins over every customer cost more than the rest
 * of a period's statement, so a statement that neither filters nor groups by tier goes without them.
 */
export function kpiCtes(scope: TicketScope, withTier = true): string {
  const tier = withTier ? ticketTier : { joins: '', tier: "''" };
  return `
  customer_tier AS (${latestTiers('1')}),
  survivor_tier AS (${latestTiers('customer_id IN (SELECT survivor_id FROM customer_merges)')}),
  customer_merge AS (
    SELECT merged_id, argMax(survivor_id, at) AS survivor_id, argMax(merged, at) AS active
    FROM customer_merges GROUP BY merged_id
  ),
  ticket_facts AS (
    SELECT s.ticket_id AS ticket_id, s.number AS number, s.created_at AS created_at,
      s.customer_id AS customer_id, s.channel AS channel, s.team AS team, s.agent AS agent,
      s.category AS category, s.priority AS priority, s.status AS status,
      s.status_at_cutoff AS status_at_cutoff, s.first_response_at AS first_response_at,
      s.public_agent_replies AS public_agent_replies, s.first_solved_at AS first_solved_at,
      s.last_solved_at AS last_solved_at, s.solved_by_cutoff AS solved_by_cutoff, s.reopens AS reopens,
      s.status_changes AS status_changes, s.merged AS merged,
      ${tier.tier} AS tier
    FROM (${ticketStateSql(scope)}) AS s ${tier.joins}
  ),${TICKET_BUSINESS_CTE}`;
}
