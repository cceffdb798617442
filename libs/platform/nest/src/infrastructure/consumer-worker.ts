import { type Consumer, type ConsumerOptions, type DeliveredEvent, type MessageBus, messageToEvent } from '@csp/message-bus';
import { runWithCorrelationId } from '../logging/correlation-context';
import type { BackgroundWorker } from './worker-host';

/**
 * A bus consumer as a worker: each delivered CloudEvent is handled in order, with its correlation id in the
 * log context. The handler must be idempotent (redeliveries are normal); messages that are not CloudEvents
 * are skipped.
 */
export function eventConsumerWorker(
  bus: MessageBus,
  options: Omit<ConsumerOptions, 'handler'> & { handle(event: DeliveredEvent): Promise<void> },
): BackgroundWorker {
  let consumer: Consumer | undefined;
  return {
    name: options.groupId,
    async start() {
      consumer = await bus.consume({
        ...options,
        handler: async (messages) => {
          for (const message of messages) {
            const event = messageToEvent(message);
            if (event) await runWithCorrelationId(event.correlationId ?? event.id, () => options.handle(event));
          }
        },
      });
    },
    stop: async () => consumer?.stop(),
    health: () => consumer?.health() ?? { groupId: options.groupId, alive: false },
  };
}
