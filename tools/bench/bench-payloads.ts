import type { NewEvent } from '@csp/event-store';
import { randomUUID } from 'node:crypto';

export const BENCH_EVENT_TYPE = 'cs.message.received.v1';

const WORDS = 'hello the espresso machine I ordered arrived with a cracked water tank please send a replacement soon'.split(' ');

/** Readable filler text of exactly `length` characters (ASCII, so characters = bytes). */
export function filler(length: number, seed: number): string {
  let text = '';
  for (let i = seed; text.length < length; i++) text += `${WORDS[i % WORDS.length]} `;
  return text.slice(0, length);
}

/** The `data` of an inbound e-mail, padded so its JSON is `bytes` long (at least its fixed fields). */
export function messageData(i: number, bytes: number): Record<string, unknown> {
  const data = {
    channel: 'email',
    customer: { email: `customer-${i % 1000}@example.com`, name: `Customer ${i % 1000}` },
    thread: { externalId: `<thread-${i}@mail.example.com>` },
    subject: `Order ${10_000 + i} arrived damaged`,
    language: 'en',
    body: '',
  };
  data.body = filler(Math.max(0, bytes - JSON.stringify(data).length), i);
  return data;
}

/** A stored event as ingestion would append it: the CloudEvent's data plus its provenance metadata. */
export function benchEvent(i: number, bytes: number): NewEvent {
  return {
    id: randomUUID(),
    type: BENCH_EVENT_TYPE,
    data: messageData(i, bytes),
    metadata: {
      source: '/bench/connector',
      ceId: `msg-${i}`,
      occurredAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i % 86_400)).toISOString(),
      partitionKey: `customer-${i % 1000}`,
      correlationId: randomUUID(),
    },
  };
}

export function benchEvents(count: number, bytes: number, offset = 0): NewEvent[] {
  return Array.from({ length: count }, (_, i) => benchEvent(offset + i, bytes));
}
