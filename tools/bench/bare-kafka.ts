import type { OutgoingMessage } from '@csp/message-bus';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';

/** A plain kafkajs client: the baseline of the bus benchmark, and the tool that pre-fills topics. */
export function bareKafka(brokers: string[], clientId: string): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.ERROR });
}

export async function bareProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true });
  await producer.connect();
  return producer;
}

/** Splits messages into consecutive batches of `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Sends one message and waits for it, so the topic exists (auto-created: the mock has no CreateTopics) and
 * the producer knows its partition leaders before any timing starts.
 */
export async function warmTopic(send: (messages: OutgoingMessage[]) => Promise<void>): Promise<void> {
  await send([{ key: 'warm-up', value: '{}', headers: {} }]);
}

/** Resolves when `isDone()` turns true, polling briefly; rejects after `timeoutMs` with `what` in the message. */
export async function waitFor(isDone: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!isDone()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
