/** The one-row-per-ticket table (migration 0007), kept by the projection worker. */
export const TICKETS_TABLE = 'tickets';

/**
 * For the statements the worker runs per delivered batch (a few hundred tickets): one thread. On the 2-core bench
 * machine under load, the worker path measured about 10 % faster with it than with the default (every core): for
 * such small lookups, starting threads costs more than it saves.
 */
export const PER_BATCH_SETTINGS = 'SETTINGS max_threads = 1';

const AGENT_REPLY = "e.type = 'message-added' AND e.author = 'agent' AND e.public = 1";
const SOLVED = "e.type = 'status-changed' AND e.status = 'solved'";

/**
 * Recomputes the state of the tickets whose events match `where` (a condition on the event row `e`; every ticket
 * when omitted, as migration 0007 backfills) from all their events into `tickets`. Latest attributes come from the
 * highest stream revision that set them, so events arriving out of order or twice change nothing; times are
 * min/max, replies and reopens distinct counts; `status_changes` lists (at, status) in stream order, each status
 * change once (a duplicate event not merged away yet is the same tuple). `version`
 * counts the distinct events seen, so a later recompute (more events) replaces an earlier one, and a redelivered
 * batch recomputes an equal row. A ticket whose opened event is not known yet gets no row.
 */
export function recomputeTicketsSql(where?: string): string {
  return `INSERT INTO ${TICKETS_TABLE}
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
    minIfOrNull(e.at, ${AGENT_REPLY}) AS first_response_at,
    uniqExactIf(e.message_id, ${AGENT_REPLY}) AS public_agent_replies,
    minIfOrNull(e.at, ${SOLVED}) AS first_solved_at,
    maxIfOrNull(e.at, ${SOLVED}) AS last_solved_at,
    uniqExactIf(e.event_id, e.type = 'reopened') AS reopens,
    arrayMap(x -> (x.2, x.3), arraySort(x -> x.1, groupUniqArrayIf((e.revision, e.at, e.status), e.status != ''))) AS status_changes,
    maxIf(e.at, e.status != '') AS last_status_at,
    countIf(e.type = 'merged') > 0 AS merged,
    max(e.into_ticket_id) AS merged_into,
    uniqExact(e.event_id) AS version
FROM ticket_events AS e${where ? `\nWHERE ${where}` : ''}
GROUP BY e.ticket_id
HAVING countIf(e.type = 'opened') > 0`;
}

/**
 * The worker's statement: the tickets of a batch, looked up by ticket id (the key of ticket_events), on one thread
 * (PER_BATCH_SETTINGS).
 */
export const RECOMPUTE_TICKETS = `${recomputeTicketsSql('e.ticket_id IN {ids:Array(UUID)}')}\n${PER_BATCH_SETTINGS}`;
