import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { BusMessage, Headers, OutgoingMessage } from '../message-bus.port';

/** `topic:partition`: the scope within which `position` (the Kafka offset) increases. */
export function kafkaScope(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

export function toKafkaMessage(message: OutgoingMessage): Message {
  return { key: message.key, value: message.value, headers: message.headers };
}

export function toBusMessage(topic: string, partition: number, message: KafkaMessage): BusMessage {
  return {
    topic,
    key: message.key?.toString('utf8') ?? '',
    value: message.value?.toString('utf8') ?? '',
    headers: decodeHeaders(message.headers),
    scope: kafkaScope(topic, partition),
    position: BigInt(message.offset),
    attempt: 1,
  };
}

/**
 * Kafka headers are bytes and may repeat; ours are one string per name. A repeated header keeps its last
 * value (the one a later producer in the chain set), and a header without a value becomes ''.
 */
export function decodeHeaders(headers: IHeaders | undefined): Headers {
  const decoded: Headers = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    decoded[name] = value === undefined ? '' : value.toString();
  }
  return decoded;
}


/** The original key, value and headers, plus why and where it failed, so it can be inspected and replayed. */
