import { derivedId, type OutboundRequestedData } from '@csp/contracts';
import type { EventMetadata, EventStore } from '@csp/event-store';

/**
 * Asks for an outbound message: `cs.outbound.requested.v1` in the stream `outbound-<messageId>`. Callers derive
 * `messageId` from what caused the message, so a redelivered cause finds the same event id: a no-op.
 */
export async function requestOutbound(store: EventStore, data: OutboundRequestedData, metadata: EventMetadata = {}): Promise<void> {
  await store.append(
    `outbound-${data.messageId}`,
    [{ id: derivedId('outbound-requested', data.messageId), type: 'cs.outbound.requested.v1', data, metadata: { partitionKey: data.customerId ?? data.messageId, ...metadata } }],
    { expectedRevision: 'any' }, // independent facts; the derived id makes a repeat a no-op
  );
}
