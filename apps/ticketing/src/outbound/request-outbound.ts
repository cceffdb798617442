import { derivedId, type OutboundRequestedData } from '@csp/contracts';
import type { EventMetadata, EventStore, StreamAppend } from '@csp/event-store';

/**
 * Asks for an outbound message: `cs.outbound.requested.v1` in the stream `outbound-<messageId>`. Callers derive
 * `messageId` from what caused the message, so a redelivered cause finds the same event id: a no-op.
 */
export async function requestOutbound(store: EventStore, data: OutboundRequestedData, metadata: EventMetadata = {}): Promise<void> {
  const { streamName, events, expectedRevision } = outboundRequest(data, metadata);
  await store.append(streamName, events, { expectedRevision });
}

/** The append of `requestOutbound`, for callers that write it together with their own events. */
export function outboundRequest(data: OutboundRequestedData, metadata: EventMetadata = {}): StreamAppend {
  return {
    streamName: `outbound-${data.messageId}`,
    events: [{ id: derivedId('outbound-requested', data.messageId), type: 'cs.outbound.requested.v1', data, metadata: { partitionKey: data.customerId ?? data.messageId, ...metadata } }],
    expectedRevision: 'any', // independent facts; the derived id makes a repeat a no-op
  };
}
