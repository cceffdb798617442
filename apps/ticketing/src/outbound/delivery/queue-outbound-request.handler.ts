import type { OutboundRequestedData } from '@csp/contracts';
import type { EventStore } from '@csp/event-store';
import type { DeliveredEvent } from '@csp/message-bus';
import type { DeliveryQueue } from './delivery-queue';
import { deliveryStateOf, outboundStream } from './delivery-state';

/**
 * Consumes outbound requests from the bus and queues them for delivery; it never waits for a receiver, so a
 * slow or failing one cannot hold up the topic. Idempotent: a request whose stream already records the
 * message as sent or given up is not queued again (a replay from the start of the topic sends nothing twice).
 */
export class QueueOutboundRequestHandler {
  constructor(
    private readonly store: EventStore,
    private readonly queue: DeliveryQueue,
    private readonly queued: () => void = () => undefined,
  ) {}

  async handle(event: DeliveredEvent): Promise<void> {
    if (event.type !== 'cs.outbound.requested.v1') return;
    const { messageId } = event.data as OutboundRequestedData;
    const state = deliveryStateOf(await this.store.readStream(outboundStream(messageId)));
    if (state.final) return;
    await this.queue.enqueue(messageId);
    this.queued();
  }
}
