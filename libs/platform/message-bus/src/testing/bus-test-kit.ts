import type { BatchHandler, BusMessage, Consumer, OutgoingMessage, RetryPolicy } from '../message-bus.port';

/** Short retries so a poison message reaches the dead-letter topic in well under a second. */
export const FAST_RETRY: RetryPolicy = { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 50 };

/** A name valid as a Kafka topic, a consumer group and an event-store category: letters, digits, '_' only. */
export function uniqueName(prefix: 't' | 'g'): string {
  return `${prefix}_${Math.random().toString(36).slice(2, 10)}${Date.now().toString(36)}`;
}

/** `count` messages spread round-robin over `keys`, value `<key>:<seq>` with seq increasing per key. */
export function keyedMessages(keys: readonly string[], count: number, from = 0): OutgoingMessage[] {
  return Array.from({ length: count }, (_, i) => {
    const key = keys[(from + i) % keys.length];
    const seq = Math.floor((from + i) / keys.length);
    return { key, value: `${key}:${seq}`, headers: { seq: String(seq) } };
  });
}

export interface CollectorOptions {
  /** The handler throws for a batch that holds a message matching this (before recording anything). */
  poison?: (message: BusMessage) => boolean;
  /** Simulated work per batch, to keep batches in flight while a test stops or rebalances. */
  delayMs?: number;
}

/** Records what a handler finished (returned for), and every attempt at a poison message. */
export class Collector {
  readonly handled: BusMessage[] = [];
  readonly poisonAttempts: number[] = [];

  constructor(private readonly options: CollectorOptions = {}) {}

  readonly handler: BatchHandler = async (messages) => {
    const poisoned = messages.find((message) => this.options.poison?.(message));
    if (poisoned) {
      this.poisonAttempts.push(poisoned.attempt);
      throw new Error(`poison message ${poisoned.value}`);
    }
    if (this.options.delayMs) await sleep(this.options.delayMs);
    this.handled.push(...messages);
  };

  values(): string[] {
    return this.handled.map((message) => message.value);
  }

  distinctValues(): Set<string> {
    return new Set(this.values());
  }

  /** Values per key in the order they were first handled (redeliveries of earlier ones ignored). */
  firstSeenByKey(): Map<string, string[]> {
    const seen = new Set<string>();
    const byKey = new Map<string, string[]>();
    for (const { key, value } of this.handled) {
      if (seen.has(value)) continue;
      seen.add(value);
      byKey.set(key, [...(byKey.get(key) ?? []), value]);
    }
    return byKey;
  }

  waitForDistinct(count: number, timeoutMs = 20_000): Promise<void> {
    return waitUntil(() => this.distinctValues().size >= count, timeoutMs, () => `${this.distinctValues().size}/${count} messages handled`);
  }
}

/** Polls until `condition` holds; on timeout fails with what was observed. */
export async function waitUntil(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await sleep(20);
  }
}

/** Stops every consumer a test started, even when the test failed half way. */
export class ConsumerPool {
  private readonly consumers = new Set<Consumer>();

  add(consumer: Consumer): Consumer {
    this.consumers.add(consumer);
    return consumer;
  }

  async stop(consumer: Consumer): Promise<void> {
    this.consumers.delete(consumer);
    await consumer.stop();
  }

  async stopAll(): Promise<void> {
    const consumers = [...this.consumers];
    this.consumers.clear();
    await Promise.allSettled(consumers.map((consumer) => consumer.stop()));
  }
}

export function expectedValues(messages: readonly OutgoingMessage[]): string[] {
  return messages.map((message) => message.value);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
