import { derivedId, type OutboundRequestedData } from '@csp/contracts';
import { enqueueEvents } from '@csp/projections';
import type { EntityManager } from 'typeorm';

/**
 * Asks ticketing's outbound delivery for a message: `cs.outbound.requested.v1` in the stream
 * `outbound-<messageId>` of the shared event store (the same shape ticketing's own requests have, with
 * `source: customer-profile`), so the log bus and ticketing's relay (which publishes the whole `outbound`
 * category to cs.outbound.v1) carry it to the delivery workers. `messageId` derives from the cause: a repeat is
 * a no-op. Through the outbox, in the caller's transaction: asked for exactly when the decision committed.
 */
export async function requestCareMessage(manager: EntityManager, data: OutboundRequestedData): Promise<void> {
  await enqueueEvents(manager, `outbound-${data.messageId}`, [{
    id: derivedId('outbound-requested', data.messageId), type: 'cs.outbound.requested.v1', data,
    metadata: { source: 'customer-profile', partitionKey: data.customerId ?? data.messageId },
  }]);
}
