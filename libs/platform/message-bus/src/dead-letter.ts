import { errorText } from './batch-processor';
import { type BusMessage, DLQ_HEADERS, type OutgoingMessage } from './message-bus.port';

export interface DeadLetterContext {
  groupId: string;
  attempts: number;
  error: unknown;
  failedAt: Date;
  /** Kafka partition of the original message (absent on the log bus). */
  partition?: number;
}

/** The dead-letter copy of a message, both buses alike: original key, value and headers plus `x-dlq-*`. */
export function deadLetterMessage(message: BusMessage, context: DeadLetterContext): OutgoingMessage {
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      [DLQ_HEADERS.error]: errorText(context.error),
      [DLQ_HEADERS.originTopic]: message.topic,
      [DLQ_HEADERS.originScope]: message.scope,
      ...(context.partition === undefined ? {} : { [DLQ_HEADERS.originPartition]: String(context.partition) }),
      [DLQ_HEADERS.originOffset]: message.position.toString(),
      [DLQ_HEADERS.attempts]: String(context.attempts),
      [DLQ_HEADERS.consumerGroup]: context.groupId,
      [DLQ_HEADERS.failedAt]: context.failedAt.toISOString(),
    },
  };
}
