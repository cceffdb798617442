import { type OutboundDeliveryRecordedData, type OutboundRequestedData, Topics } from '@csp/contracts';
import type { DeliveredEvent } from '@csp/message-bus';
import type { Projection } from '@csp/projections';
import type { EntityManager } from 'typeorm';
import { ERASED } from '../../tickets/erasure/erased-customers';
import { OutboundMessageView } from './outbound-message.entity';

/** One batch (one transaction of the runner): its customers' erasures read once, its requests inserted together. */
interface Batch {
  erasedAt: Map<string, number>;
  /** Applies still to come; the batch is written when it reaches 0. */
  left: number;
  requests: OutboundRequestedData[];
  outcomes: OutboundDeliveryRecordedData[];
}

const batches = new WeakMap<EntityManager, Batch>();

/**
 * Projects outbound requests and their delivery attempts into `outbound_messages`. Requests and outcomes
 * share a partition key, so an outcome never arrives before its request; an older attempt arriving after a
 * newer one changes nothing. A batch reads its customers' erasures in one query and inserts its requests in
 * one statement (then applies the outcomes in order), instead of two round trips per request.
 */
export const outboundMessagesProjection: Projection = {
  name: 'ticketing.outbound-messages',
  topics: [Topics.outbound],
  types: ['cs.outbound.requested.v1', 'cs.outbound.delivery-recorded.v1'],
  async prepare(events, manager) {
    batches.set(manager, await readBatch(events, manager));
  },
  async apply(event, manager) {
    // Without `prepare` (a caller applying one event), the event is a batch of its own.
    const batch = batches.get(manager) ?? (await readBatch([event], manager));
    batches.set(manager, batch);
    if (event.type === 'cs.outbound.requested.v1') batch.requests.push(event.data as OutboundRequestedData);
    else batch.outcomes.push(event.data as OutboundDeliveryRecordedData);
    if (--batch.left > 0) return;
    batches.delete(manager);
    await write(batch, manager);
  },
};

async function readBatch(events: readonly DeliveredEvent[], manager: EntityManager): Promise<Batch> {
  const customers = [...new Set(events.filter((e) => e.type === 'cs.outbound.requested.v1').map((e) => (e.data as OutboundRequestedData).customerId).filter(Boolean))];
  const erased: { customer_id: string; erased_at: Date }[] = customers.length
    ? await manager.query('SELECT customer_id, erased_at FROM erased_customers WHERE customer_id = ANY($1::uuid[])', [customers])
    : [];
  return { erasedAt: new Map(erased.map((r) => [r.customer_id, new Date(r.erased_at).getTime()])), left: events.length, requests: [], outcomes: [] };
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
  const repo = manager.getRepository(OutboundMessageView);
  for (const d of batch.outcomes) {
    await repo
      .createQueryBuilder()
      .update()
      .set({ status: d.status, attempts: d.attempt, updatedAt: new Date(d.at), ...(d.error ? { lastError: d.error } : {}) })
      .where('id = :id AND attempts < :attempt', { id: d.messageId, attempt: d.attempt })
      .execute();
  }
}
