import { recomputeTicketsSql } from '../replay/analytics/analytics-app';

/**
 * Ticket, SLA, survey and tier facts generated inside ClickHouse (INSERT ... SELECT FROM numbers()), straight
 * into the tables the projection writes and the KPI API reads, so the materialized views fire as on live
 * inserts; each chunk's rows of `tickets` are then recomputed with the projection worker's own statement. Every draw is a hash of (seed, ticket number, label), so a seed gives the same facts on every run.
 *
 * Per ticket, drawn independently: created uniformly over the year before `end`, 80 % in 08-18 UTC; channel
 * (email 35 %, chat 25 %, phone 20 %, sms 8 %, whatsapp 8 %, social 4 %); team 1-8 (skewed to the low
 * numbers), one of 10 agents of that team, category 1-12 (skewed), priority (low 20 %, normal 55 %, high 20 %,
 * urgent 5 %), customer tier (standard 70 %, gold 20 %, vip 7 %, none 3 %). Events: opened, routed, assigned,
 * the customer's message, a system acknowledgement (50 %), an internal note (20 %), 1-3 public agent replies
 * (first after a log-normal time, median 30 min, 5 min for urgent), pending (30 %), solved (90 %, median 4 h
 * after the first reply), reopened and solved again (6 % of solved), merged into another ticket (1 %).
 * SLA: activated + achieved/breached for first_response and resolution. Surveys on 90 % of solves (csat+nps
 * or csat+nps+ces), each question answered 30 %, scores skewed to the satisfied end.
 */
export const FACTS_PER_TICKET = 8.15;

const u = (label: string) => `(cityHash64({seed:UInt64}, n, '${label}') / 18446744073709551616.0)`;
/** A standard normal draw (Box-Muller) from two hashes. */
const z = (label: string) => `(sqrt(-2 * log(${u(`${label}1`)} + 1e-12)) * cos(2 * pi() * ${u(`${label}2`)}))`;
const uuid = (variant: string, id: string) =>
  `toUUID(concat(leftPad(lower(hex(toUInt32({seed:UInt64} % 4294967296))), 8, '0'), '-0000-4000-${variant}-', leftPad(lower(hex(${id})), 12, '0')))`;

/** One row per ticket with every drawn attribute; the other statements read it over `numbers(first, count)`. */
const TICKETS = `
  SELECT n, ${uuid('8000', 'n')} AS ticket_id, ${uuid('9000', 'n')} AS survey_id,
    concat('cust-', toString(toUInt64(${u('cust')} * {customers:UInt64}))) AS customer_id,
    addMilliseconds({end:DateTime64(3)}, -365 * 86400000 + toInt64(floor(${u('day')} * 365)) * 86400000
      + toInt64(if(${u('bh')} < 0.8, 8 + floor(${u('h')} * 10), floor(${u('h')} * 24))) * 3600000 + toInt64(${u('ms')} * 3600000)) AS created,
    multiIf(${u('ch')} < 0.35, 'email', ${u('ch')} < 0.60, 'chat', ${u('ch')} < 0.80, 'phone', ${u('ch')} < 0.88, 'sms', ${u('ch')} < 0.96, 'whatsapp', 'social') AS channel,
    concat('team-', toString(1 + toUInt8(floor(pow(${u('team')}, 1.6) * 8)))) AS team,
    concat(team, '-agent-', toString(1 + toUInt8(floor(${u('agent')} * 10)))) AS agent,
    concat('category-', toString(1 + toUInt8(floor(pow(${u('cat')}, 2) * 12)))) AS category,
    multiIf(${u('pr')} < 0.20, 'low', ${u('pr')} < 0.75, 'normal', ${u('pr')} < 0.95, 'high', 'urgent') AS priority,
    toInt64(exp(log(if(priority = 'urgent', 300, 1800)) + 1.0 * ${z('frt')}) * 1000) AS frt_ms,
    frt_ms + toInt64(exp(log(4 * 3600) + 1.2 * ${z('res')}) * 1000) AS solve_ms,
    ${u('mg')} < 0.01 AS merged,
    NOT merged AND ${u('sv')} < 0.9 AS solved,
    solved AND ${u('ro')} < 0.06 AS reopened,
    ${u('r2')} < 0.35 AS reply2,
    ${u('r3')} < 0.10 AS reply3,
    if(reopened, solve_ms + toInt64(${u('rot')} * 86400000) + 3600000, solve_ms) AS last_solve_ms
  FROM (SELECT number AS n FROM numbers({first:UInt64}, {count:UInt64}))`;

/** (type, offset ms, status, author, public) per event; '' types are the events this ticket does not have. */
const EVENTS = `[
    ('opened', 0, 'open', '', 0), ('message-added', 0, '', 'customer', 1), ('routed', 1000, '', '', 0), ('assigned', 2000, '', '', 0),
    (if(${u('ack')} < 0.5, 'message-added', ''), 1000, '', 'system', 1),
    (if(${u('note')} < 0.2, 'message-added', ''), intDiv(frt_ms, 2), '', 'agent', 0),
    ('message-added', frt_ms, '', 'agent', 1),
    (if(NOT merged AND ${u('pe')} < 0.3, 'status-changed', ''), frt_ms + 1000, 'pending', '', 0),
    (if(reply2, 'message-added', ''), intDiv(frt_ms + solve_ms, 2), '', 'agent', 1),
    (if(reply3, 'message-added', ''), intDiv(frt_ms + 3 * solve_ms, 4), '', 'agent', 1),
    (if(solved, 'status-changed', ''), solve_ms, 'solved', '', 0),
    (if(reopened, 'reopened', ''), last_solve_ms - 3600000, '', '', 0),
    (if(reopened, 'status-changed', ''), last_solve_ms - 3600000, 'open', '', 0),
    (if(reopened, 'message-added', ''), last_solve_ms - 1800000, '', 'agent', 1),
    (if(reopened, 'status-changed', ''), last_solve_ms, 'solved', '', 0),
    (if(merged, 'merged', ''), 600000, '', '', 0),
    (if(merged, 'status-changed', ''), 600000, 'closed', '', 0)
  ]`;

const TICKET_EVENTS = `
  INSERT INTO ticket_events (event_id, ticket_id, type, at, revision, number, customer_id, channel, team, agent, category, priority, status, author, public, message_id, into_ticket_id)
  SELECT generateUUIDv4(n * 32 + rev) AS event_id, ticket_id, e.1 AS type, addMilliseconds(created, e.2) AS at, rev - 1 AS revision,
    if(type = 'opened', toUInt32(n % 4294967296), 0), if(type = 'opened', customer_id, ''), if(type = 'opened', channel, ''),
    if(type IN ('routed', 'assigned'), team, ''), if(type = 'assigned', agent, ''), if(type = 'routed', category, ''),
    multiIf(type = 'opened', 'normal', type = 'routed', priority, ''), e.3, e.4, e.5,
    if(type = 'message-added', toString(generateUUIDv4(n * 32 + rev + 1000000000000)), ''),
    if(type = 'merged', toString(${uuid('8000', '(n + 1)')}), '')
  FROM (
    SELECT *, arrayFilter(x -> x.1 != '', ${EVENTS}) AS present,
      arraySort((x, i) -> (x.2, i), present, arrayEnumerate(present)) AS events
    FROM (${TICKETS})
  )
  ARRAY JOIN events AS e, arrayEnumerate(events) AS rev`;

const SLA_EVENTS = `
  INSERT INTO sla_events (event_id, ticket_id, type, target, policy_id, at, due_at, business_minutes, agent, team, revision)
  SELECT generateUUIDv4(n * 8 + i) , ticket_id, s.1, s.2, concat('policy-', priority), addMilliseconds(created, s.3),
    addMilliseconds(created, s.4), toUInt32(intDiv(s.3, 60000)), agent, team, toUInt64(100 + i)
  FROM (
    SELECT *, toInt64(multiIf(priority = 'urgent', 900000, priority = 'high', 3600000, 14400000)) AS frt_due, frt_due * 12 AS res_due,
      arrayFilter(x -> x.1 != '', [
        ('activated', 'first_response', toInt64(0), frt_due), (if(frt_ms <= frt_due, 'achieved', 'breached'), 'first_response', least(frt_ms, frt_due), frt_due),
        ('activated', 'resolution', toInt64(0), res_due),
        (if(solved, if(solve_ms <= res_due, 'achieved', 'breached'), if(merged, '', 'breached')), 'resolution', least(if(solved, solve_ms, res_due), res_due), res_due)
      ]) AS clocks
    FROM (${TICKETS})
  ) ARRAY JOIN clocks AS s, arrayEnumerate(clocks) AS i`;

const SURVEYS = `
  SELECT *, addMilliseconds(created, solve_ms) AS sent_at, if(${u('kinds')} < 0.5, ['csat', 'nps'], ['csat', 'nps', 'ces']) AS kinds
  FROM (${TICKETS}) WHERE solved AND ${u('survey')} < 0.9`;

const SURVEY_REQUESTS = `
  INSERT INTO survey_requests (survey_id, event_id, ticket_id, customer_id, kinds, channel, agent, team, at)
  SELECT survey_id, generateUUIDv4(n), ticket_id, customer_id, kinds, channel, agent, team, sent_at FROM (${SURVEYS})`;

/** A uniform draw per (ticket, question kind). */
const UK = `(cityHash64({seed:UInt64}, n, kind, 'score') / 18446744073709551616.0)`;
const SCORE = `multiIf(
    kind = 'csat', arrayElement([5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 3, 3, 2, 2, 1, 1], 1 + toUInt8(floor(${UK} * 20))),
    kind = 'nps', arrayElement([10, 10, 10, 10, 10, 9, 9, 9, 9, 8, 8, 8, 7, 7, 6, 5, 4, 3, 2, 0], 1 + toUInt8(floor(${UK} * 20))),
    arrayElement([7, 7, 7, 6, 6, 6, 6, 5, 5, 5, 4, 4, 3, 2, 1, 6, 5, 7, 6, 2], 1 + toUInt8(floor(${UK} * 20))))`;

const SURVEY_ANSWERS = `
  INSERT INTO survey_answers (event_id, customer_id, kind, score, ticket_id, survey_id, at)
  SELECT generateUUIDv4(n * 4 + length(kind)), customer_id, kind, ${SCORE}, toString(ticket_id), toString(survey_id),
    addMilliseconds(sent_at, toInt64(exp(log(3 * 3600) + ${z('ans')}) * 1000))
  FROM (${SURVEYS}) ARRAY JOIN kinds AS kind
  WHERE cityHash64({seed:UInt64}, n, kind) / 18446744073709551616.0 < 0.3`;

const CUSTOMER_TIERS = `
  INSERT INTO customer_tiers (customer_id, tier, at, event_id)
  SELECT concat('cust-', toString(n)), multiIf(${u('tier')} < 0.70, 'standard', ${u('tier')} < 0.90, 'gold', ${u('tier')} < 0.97, 'vip', ''),
    addMilliseconds({end:DateTime64(3)}, -400 * 86400000), generateUUIDv4(n)
  FROM (SELECT number AS n FROM numbers({first:UInt64}, {count:UInt64}))`;

export interface FactsChunk {
  /** Ticket numbers [first, first + count). */
  first: number;
  count: number;
}

/** The chunk's tickets, recomputed as the projection worker does after a batch (looked up by ticket id). */
const TICKET_STATE = recomputeTicketsSql(`e.ticket_id IN (SELECT ${uuid('8000', 'number')} FROM numbers({first:UInt64}, {count:UInt64}))`);

/** The statements filling one chunk of tickets (each with `{first}`, `{count}`, `{seed}`, `{customers}`, `{end}`). */
export const TICKET_CHUNK_STATEMENTS = [TICKET_EVENTS, TICKET_STATE, SLA_EVENTS, SURVEY_REQUESTS, SURVEY_ANSWERS] as const;
/** The tier of every customer `cust-<n>`, over `numbers({first}, {count})` of customers. */
export const CUSTOMER_TIERS_STATEMENT = CUSTOMER_TIERS;
