import { TICKET_BUSINESS_CTE } from './business-hours.sql';

/**
 * SQL building blocks shared by every KPI: the state of each ticket derived from its event rows, and the
 * tier of a customer after merges. Only fixed text and `{name:Type}` placeholders; no value is ever spliced in.
 */

/** Solved and closed are the statuses that end a ticket's work (backlog, resolution rate). */
export const DONE_STATUSES = "('solved', 'closed')";

/**
 * Which rows of `tickets` (migration 0007, one per ticket, kept by the projection worker) a KPI statement reads,
 * with the statement's `{from}`, `{to}` and `{cutoff}` parameters. `prewhere` is applied before FINAL, so it may
 * only read the key columns (created_at, ticket_id), which every version of a ticket's row shares, and narrows the
 * rows FINAL merges; `where` is applied after FINAL, to the ticket's latest state.
 */
export interface TicketScope {
  prewhere?: string;
  where?: string;
}

/** Tickets created in [from, to): a range of the table's key. */
export const TICKETS_CREATED_IN_PERIOD: TicketScope = {
  prewhere: 'created_at >= {from:DateTime64(3)} AND created_at < {to:DateTime64(3)}',
};

/**
 * The backlog's candidates: tickets created before `to` that are not done now or whose status changed at or after
 * the cut-off. Any other ticket is done now and had that status at the cut-off already, so it is in no backlog.
 * (The backlog series passes the period's start as its cut-off: it reads every status change from there on.)
 * One FINAL pass with the condition after it measured faster at 10 M facts than finding the candidates' ids first.
 */
export const BACKLOG_CANDIDATES: TicketScope = {
  where: `created_at < {to:DateTime64(3)} AND (status NOT IN ${DONE_STATUSES} OR last_status_at >= {cutoff:DateTime64(3)})`,
};

/** The tickets a subquery names (an UUID column), for records that are not tickets but carry their dimensions. */
export function ticketsNamedBy(subquery: string): TicketScope {
  return { prewhere: `ticket_id IN (${subquery})` };
}

/** `FROM tickets` narrowed to a scope; without FINAL, it may also give older versions of the rows (a superset). */
function ticketsFrom(scope: TicketScope, final: boolean): string {
  return `tickets${final ? ' FINAL' : ''}${scope.prewhere ? ` PREWHERE ${scope.prewhere}` : ''}${scope.where ? ` WHERE ${scope.where}` : ''}`;
}

/**
 * One row per ticket in `scope`, its latest state, plus what a cut-off (`{cutoff}`, the period's end) changes:
 * `status_at_cutoff` is the last status set before it (status_changes is in stream order), `solved_by_cutoff`
 * whether the ticket was solved before it.
 */
export function ticketStateSql(scope: TicketScope): string {
  return `
  SELECT ticket_id, number, created_at, customer_id, channel, team, agent, category, priority, status,
    arrayLast(x -> x.1 < {cutoff:DateTime64(3)}, status_changes).2 AS status_at_cutoff,
    first_response_at, public_agent_replies, first_solved_at, last_solved_at,
    ifNull(first_solved_at < {cutoff:DateTime64(3)}, 0) AS solved_by_cutoff,
    reopens, status_changes, merged
  FROM ${ticketsFrom(scope, true)}`;
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
 * Which customers' tiers a statement looks up: `none` (it neither filters nor groups by tier), `filtered` (it filters by
 * tier and does not group by it: only the customers whose tier is in the filter's `{f_tier}`; any other customer's tier
 * reads as '', which no filter holds) or `all` (every customer in play).
 */
export type TierLookup = 'none' | 'filtered' | 'all';

/**
 * The latest tier of the customers matching `where` (a condition on customer_tier_latest, migration 0010). The
 * condition is applied after FINAL, so it sees each customer's latest row only (`tier` is not in the key).
 */
function latestTiers(where: string): string {
  return `SELECT customer_id, tier FROM customer_tier_latest FINAL WHERE ${where}`;
}

/**
 * The common table expressions every KPI query starts with (`WITH ...`), the ticket state limited to `scope`.
 * Tiers (see TierLookup) are looked up only for the customers in play: `tierCustomers` (a subquery of customer ids)
 * when the facts read the tier of other customers than the tickets' (survey answers and questions), else the
 * scope's tickets' customers; with a tier filter, only the filter's tiers, whoever the customers. Survivors of
 * customer merges are looked up apart: they are few, and their tier replaces the merged customer's. `none` leaves
 * the ticket's tier empty (the answers' and questions' facts then leave out their tier joins too, see
 * MetricSql.factsReading).
 */
export function kpiCtes(scope: TicketScope, tiers: TierLookup = 'all', tierCustomers?: string): string {
  const tier = tiers !== 'none' && !tierCustomers ? ticketTier : { joins: '', tier: "''" };
  // Without FINAL: older versions of a row name the same customer, and a superset of customers is harmless.
  const customers = tierCustomers ?? `SELECT customer_id FROM ${ticketsFrom(scope, false)}`;
  const inPlay = tiers === 'filtered' ? 'tier IN {f_tier:Array(String)}' : `customer_id IN (${customers})`;
  return `
  customer_tier AS (${latestTiers(inPlay)}),
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
