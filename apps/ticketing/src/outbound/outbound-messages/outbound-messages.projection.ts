import { type OutboundDeliveryRecordedData, type OutboundRequestedData, Topics } from '@csp/contracts';
import type { DeliveredEvent } from '@csp/message-bus';
import type { Projection } from '@csp/projections';
import type { EntityManager } from 'typeorm';
import { ERASED } from '../../tickets/erasure/erased-customers';

/** One batch (one transaction of the runner): its customers' erasures read once, its requests inserted together. */
interface Batch {
  erasedAt: Map<string, number>;
  requests: OutboundRequestedData[];
  outcomes: OutboundDeliveryRecordedData[];
}

const batches = new WeakMap<EntityManager, Batch>();

/**
 * Projects outbound requests and their delivery attempts into `outbound_messages`. Requests and outcomes
 * share a partition key, so an outcome never arrives before its request; an older attempt arriving after a
 * newer one changes nothing. A batch reads its customers' erasures in one query, inserts its requests in one
 * statement and applies its outcomes in another, instead of round trips per request and per outcome.
 */
export const outboundMessagesProjection: Projection = {
  name: 'ticketing.outbound-messages',
  topics: [Topics.outbound],
  types: ['cs.outbound.requested.v1', 'cs.outbound.delivery-recorded.v1'],
  async prepare(events, manager) {
    batches.set(manager, await readBatch(events, manager));
  },
  async apply(event, manager) {
    const batch = batchOf(manager);
    if (event.type === 'cs.outbound.requested.v1') batch.requests.push(event.data as OutboundRequestedData);
    else batch.outcomes.push(event.data as OutboundDeliveryRecordedData);
  },
  async beforeCommit(manager) {
    await write(batchOf(manager), manager);
    batches.delete(manager);
  },
};

async function readBatch(events: readonly DeliveredEvent[], manager: EntityManager): Promise<Batch> {
  const customers = [...new Set(events.filter((e) => e.type === 'cs.outbound.requested.v1').map((e) => (e.data as OutboundRequestedData).customerId).filter(Boolean))];
  const erased: { customer_id: string; erased_at: Date }[] = customers.length
    ? await manager.query('SELECT customer_id, erased_at FROM erased_customers WHERE customer_id = ANY($1::uuid[])', [customers])
    : [];
  return { erasedAt: new Map(erased.map((r) => [r.customer_id, new Date(r.erased_at).getTime()])), requests: [], outcomes: [] };
}

/** The batch `prepare` read (the runner calls prepare, apply for each event, then beforeCommit, in one transaction). */
function batchOf(manager: EntityManager): Batch {
  const batch = batches.get(manager);
  if (!batch) throw new Error('outbound-messages projection: apply without prepare (run it through ProjectionRunner)');
  return batch;
}

async function write(batch: Batch, manager: EntityManager): Promise<void> {
  if (batch.requests.length > 0) {
    // Whether the customer was erased at or after the request (see erased-customers.ts).
    const erased = (d: OutboundRequestedData) => d.customerId !== undefined && (batch.erasedAt.get(d.customerId) ?? -Infinity) >= Date.parse(d.at);
    await manager.query(
      `INSERT INTO outbound_messages (id, kind, channel, to_address, ticket_id, customer_id, subject, status, attempts, last_error, created_at, updated_at)
       SELECT id, kind, channel, to_address, ticket_id, customer_id, subject, 'pending', 0, NULL, at, at
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, kind text, channel text, to_address text, ticket_id uuid, customer_id uuid, subject text, at timestamptz)
       ON CONFLICT DO NOTHING`,
      [
        JSON.stringify(batch.requests.map((d) => ({
          id: d.messageId, kind: d.kind, channel: d.channel, to_address: erased(d) ? ERASED : d.to, ticket_id: d.ticketId ?? null, customer_id: d.customerId ?? null,
          subject: erased(d) ? null : (d.subject ?? null), at: new Date(d.at).toISOString(),
        }))),
      ],
    );
  }
  if (batch.outcomes.length === 0) return;
  // All outcomes in one statement, as if applied one by one in order: an outcome applies when its attempt is
  // above the row's and every earlier outcome's of the message; the last applied one sets status, attempts and
  // time, the last applied one with an error the error. One round trip per outcome kept the runner's transaction
  // (and with it the log's readable horizon, for every consumer) open for seconds under load.
  await manager.query(
    `WITH o AS (
       SELECT r.*, max(r.attempt) OVER (PARTITION BY r.id ORDER BY r.ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
       FROM jsonb_to_recordset($1::jsonb) AS r(ord int, id uuid, status text, attempt int, at timestamptz, error text)),
     applied AS (
       SELECT o.* FROM o JOIN outbound_messages m ON m.id = o.id
       WHERE o.attempt > m.attempts AND (o.before IS NULL OR o.attempt > o.before)),
     last AS (
       SELECT DISTINCT ON (a.id) a.id, a.status, a.attempt, a.at,
         (SELECT e.error FROM applied e WHERE e.id = a.id AND e.error IS NOT NULL ORDER BY e.ord DESC LIMIT 1) AS error
       FROM applied a ORDER BY a.id, a.ord DESC)
     UPDATE outbound_messages m SET status = last.status, attempts = last.attempt, updated_at = last.at, last_error = COALESCE(last.error, m.last_error)
     FROM last WHERE m.id = last.id`,
    [
      JSON.stringify(batch.outcomes.map((d, ord) => ({
        ord, id: d.messageId, status: d.status, attempt: d.attempt, at: new Date(d.at).toISOString(), error: d.error || null,
      }))),
    ],
  );
}
