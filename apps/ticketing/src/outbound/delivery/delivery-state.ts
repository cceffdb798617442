import { derivedId, type OutboundDeliveryRecordedData, type OutboundRequestedData } from '@csp/contracts';
import type { NewEvent, RecordedEvent } from '@csp/event-store';

/** The stream of one outbound message: its request, then one delivery-recorded event per attempt. */
export const outboundStream = (messageId: string) => `outbound-${messageId}`;

/** What the stream says about a message: the request, how many attempts ended, and whether it is done. */
export interface DeliveryState {
  request?: RecordedEvent<OutboundRequestedData>;
  attempts: number;
  /** `sent` or `gave_up`: nothing more will be attempted. */
  final?: 'sent' | 'gave_up';
  /** Revision of the stream's last event: what the next append expects. */
  revision: bigint | 'no_stream';
}

export function deliveryStateOf(events: readonly RecordedEvent[]): DeliveryState {
  const state: DeliveryState = { attempts: 0, revision: events.length ? events[events.length - 1].revision : 'no_stream' };
  for (const event of events) {
    if (event.type === 'cs.outbound.requested.v1') state.request ??= event as RecordedEvent<OutboundRequestedData>;
    if (event.type !== 'cs.outbound.delivery-recorded.v1') continue;
    const d = event.data as OutboundDeliveryRecordedData;
    state.attempts = Math.max(state.attempts, d.attempt);
    if (d.status !== 'failed') state.final ??= d.status;
  }
  return state;
}

/** How one attempt ended, before it is recorded. */
export type AttemptResult = { ok: true; note?: string } | { ok: false; error: string; permanent: boolean };

/** The attempt's status: a failure is retried unless it is permanent or the last attempt allowed. */
export function statusOf(result: AttemptResult, attempt: number, maxAttempts: number): OutboundDeliveryRecordedData['status'] {
  if (result.ok) return 'sent';
  return result.permanent || attempt >= maxAttempts ? 'gave_up' : 'failed';
}

/**
 * The delivery-recorded event of an attempt. Its id is derived from (message, attempt), so recording an
 * attempt twice stores it once; it keeps the request's partition key so it stays in order behind it on Kafka.
 */
export function deliveryRecorded(request: RecordedEvent<OutboundRequestedData>, attempt: number, result: AttemptResult, maxAttempts: number, at: Date): NewEvent<OutboundDeliveryRecordedData> {
  const { messageId, customerId, ticketId } = request.data;
  const error = result.ok ? result.note : result.error;
  const data: OutboundDeliveryRecordedData = {
    messageId, status: statusOf(result, attempt, maxAttempts), attempt, at: at.toISOString(),
    ...(error ? { error: error.slice(0, 2000) } : {}),
    ...(customerId ? { customerId } : {}),
    ...(ticketId ? { ticketId } : {}),
  };
  const { partitionKey, correlationId } = request.metadata;
  return {
    id: derivedId(`outbound-delivery-${attempt}`, messageId),
    type: 'cs.outbound.delivery-recorded.v1',
    data,
    metadata: {
      // The request's key, or what the relay keys it by without one (the stream id): same partition, same order.
      partitionKey: partitionKey ?? messageId, causationId: request.id, occurredAt: data.at,
      ...(correlationId ? { correlationId } : {}),
    },
  };
}
