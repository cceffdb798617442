import { type BusMessage, type Consumer, type ConsumerOptions, type DeliveredEvent, type MessageBus, messageToEvent } from '@csp/message-bus';
import { runWithCorrelationId } from '../logging/correlation-context';
import type { BackgroundWorker } from './worker-host';

export interface EventConsumerOptions extends Omit<ConsumerOptions, 'handler'> {
  handle(event: DeliveredEvent): Promise<void>;
  /**
   * How many message keys of one delivered batch are handled at once (default 1: the whole batch in order).
   * Messages of one key always stay in order; messages of different keys (and topics) in any order. A handler
   * that decides on state shared between keys (e.g. agent load) must serialise those decisions itself (ticketing's
   * routing takes a per-team advisory lock) or keep 1.
   */
  concurrency?: number;
}

/**
 * A bus consumer as a worker: each delivered CloudEvent is handled in order of its key, with its correlation id
 * in the log context. The handler must be idempotent (redeliveries are normal: when one message fails, the whole
 * batch comes again); messages that are not CloudEvents are skipped.
 */
export function eventConsumerWorker(bus: MessageBus, options: EventConsumerOptions): BackgroundWorker {
  const { handle, concurrency = 1, ...consumerOptions } = options;
  let consumer: Consumer | undefined;
  const handleInOrder = async (messages: readonly BusMessage[]) => {
    for (const message of messages) {
      const event = messageToEvent(message);
      if (event) await runWithCorrelationId(event.correlationId ?? event.id, () => handle(event));
    }
  };
  return {
    name: options.groupId,
    async start() {
      consumer = await bus.consume({
        ...consumerOptions,
        handler: (messages) => (concurrency <= 1 ? handleInOrder(messages) : handleByKey(messages, concurrency, handleInOrder)),
      });
    },
    stop: async () => consumer?.stop(),
    health: () => consumer?.health() ?? { groupId: options.groupId, alive: false },
  };
}

/** Groups a batch by key and runs up to `concurrency` keys at a time; fails (after all settled) if any failed. */
async function handleByKey(
  messages: readonly BusMessage[],
  concurrency: number,
  handleInOrder: (messages: readonly BusMessage[]) => Promise<void>,
): Promise<void> {
  const byKey = new Map<string, BusMessage[]>();
  for (const message of messages) {
    const group = byKey.get(message.key);
    if (group) group.push(message);
    else byKey.set(message.key, [message]);
  }
  const groups = [...byKey.values()];
  let next = 0;
  const errors: unknown[] = [];
  const lane = async () => {
    while (next < groups.length) {
      const group = groups[next++];
      await handleInOrder(group).catch((error: unknown) => errors.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, groups.length) }, lane));
  if (errors.length > 0) throw errors[0];
}
