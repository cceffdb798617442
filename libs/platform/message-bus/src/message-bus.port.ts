/**
 * The message bus port: topics with keys and headers, consumer groups with at-least-once delivery, per-key
 * order, acknowledgement only after the handler returned (its effects are durable), retries with backoff
 * and a dead-letter topic. Adapters: Kafka (kafkajs) and the log bus (the event store's global log).
 */
export const MESSAGE_BUS = Symbol('MESSAGE_BUS');

export type Headers = Record<string, string>;

export interface OutgoingMessage {
  key: string;
  /** The payload (JSON text of the CloudEvent `data` in binary mode). */
  value: string;
  headers?: Headers;
}

export interface BusMessage {
  topic: string;
  key: string;
  value: string;
  headers: Headers;
  /**
   * Where this message sits, for consumers that keep their own checkpoint in the same transaction as their
   * effects: `scope` is a partition (`topic:partition` on Kafka, `log` on the log bus), `position` increases
   * within a scope.
   */
  scope: string;
  position: bigint;
  /** Delivery attempt of this message in this consumer (1 = first). */
  attempt: number;
}

/**
 * Handles a batch of messages of one scope in order. Returning means every effect is durable and the batch
 * may be acknowledged. Throwing retries the batch with backoff, then message by message to isolate the one
 * that fails, which goes to the dead-letter topic with the error; later messages keep flowing.
 */
export type BatchHandler = (messages: BusMessage[]) => Promise<void>;

export interface RetryPolicy {
  /** Attempts per message before dead-lettering (default 5). */
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export interface ConsumerOptions {
  groupId: string;
  topics: readonly string[];
  handler: BatchHandler;
  retry?: Partial<RetryPolicy>;
  /** Dead-letter topic (default `deadLetterTopicFor(groupId)`). */
  deadLetterTopic?: string;
  /** Start from the beginning of the topics when the group has no committed position (default true). */
  fromBeginning?: boolean;
}

export interface ConsumerHealth {
  groupId: string;
  alive: boolean;
  /** Messages behind the end of the topics (sum over partitions), when known. */
  lag?: number;
  lastActivityAt?: Date;
  error?: string;
}

export interface Consumer {
  health(): ConsumerHealth;
  /** Graceful: finishes the batch in hand, acknowledges what was done, leaves the group. */
  stop(): Promise<void>;
}

export interface MessageBus {
  /** Publishes and resolves once the broker acknowledged (acks=all on Kafka). */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  consume(options: ConsumerOptions): Promise<Consumer>;
  close(): Promise<void>;
}

/** Headers of a dead-lettered message (beside the original headers). */
export const DLQ_HEADERS = {
  error: 'x-dlq-error',
  originTopic: 'x-dlq-origin-topic',
  originScope: 'x-dlq-origin-scope',
  originPartition: 'x-dlq-origin-partition',
  originOffset: 'x-dlq-origin-offset',
  attempts: 'x-dlq-attempts',
  consumerGroup: 'x-dlq-consumer-group',
  failedAt: 'x-dlq-failed-at',
} as const;

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, initialBackoffMs: 100, maxBackoffMs: 5_000 };
