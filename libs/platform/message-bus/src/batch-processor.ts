import { type BatchHandler, type BusMessage, DEFAULT_RETRY, type RetryPolicy } from './message-bus.port';

export interface BatchProcessorHooks {
  /** Called after messages were handled (or dead-lettered): they may be acknowledged. */
  acknowledge(messages: BusMessage[]): Promise<void> | void;
  /** Sends a message that failed every attempt to the dead-letter topic. Must be durable when it resolves. */
  deadLetter(message: BusMessage, error: unknown, attempts: number): Promise<void>;
  /** Keeps the group membership alive during long retries (Kafka heartbeat). */
  heartbeat?(): Promise<void>;
  /** False once the consumer is stopping or lost the partition: stop without acknowledging the rest. */
  isRunning(): boolean;
}

/** Thrown when a consumer stops in the middle of a batch; the unacknowledged rest will be redelivered. */
export class ConsumerStopped extends Error {
  constructor() {
    super('consumer stopped before the batch was done');
  }
}

/**
 * The delivery rules both bus adapters share: a batch is handled as a whole first; if that throws, message by
 * message in order with exponential backoff, so exactly the poison message is dead-lettered after
 * `maxAttempts` and every message after it still flows. Acknowledges only what the handler finished.
 */
export async function processBatch(
  messages: BusMessage[],
  handler: BatchHandler,
  hooks: BatchProcessorHooks,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<void> {
  if (messages.length === 0) return;
  let handled = true;
  try {
    await handler(messages);
  } catch {
    handled = false; // isolate the failing message below
  }
  // Acknowledging is not handling: if it fails, the error surfaces (redelivery follows), never a DLQ entry.
  if (handled) return hooks.acknowledge(messages);
  for (const message of messages) {
    await processOne(message, handler, hooks, policy);
  }
}

async function processOne(message: BusMessage, handler: BatchHandler, hooks: BatchProcessorHooks, policy: RetryPolicy) {
  let lastError: unknown;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    if (!hooks.isRunning()) throw new ConsumerStopped();
    try {
      await handler([{ ...message, attempt: message.attempt + attempt }]);
    } catch (error) {
      lastError = error;
      if (attempt < policy.maxAttempts) {
        await hooks.heartbeat?.();
        await sleep(backoffMs(attempt, policy));
      }
      continue;
    }
    return hooks.acknowledge([message]);
  }
  await hooks.deadLetter(message, lastError, policy.maxAttempts + 1);
  await hooks.acknowledge([message]);
}

/** Exponential backoff with jitter: initial * 2^(attempt-1), capped, times a random factor in [0.5, 1]. */
export function backoffMs(attempt: number, policy: RetryPolicy): number {
  const base = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** (attempt - 1));
  return Math.round(base * (0.5 + Math.random() / 2));
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 2000);
  return String(error).slice(0, 2000);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
