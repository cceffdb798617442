import { categoryOf, idOf, type RecordedEvent } from '@csp/event-store';
import type { BusMessage, Headers, OutgoingMessage } from './message-bus.port';

/** Type of events that carry a raw bus message (log bus `publish` to a topic without stream categories). */
export const RAW_MESSAGE_TYPE = 'csp.bus.message.v1';

/**
 * A stored event as a Kafka message in the CloudEvents Kafka binding, binary mode: `data` as the JSON value,
 * attributes as `ce_*` headers, key = the partition key (customer or aggregate id) so per-key order holds.
 */
export function eventToMessage(event: RecordedEvent): OutgoingMessage {
  if (event.type === RAW_MESSAGE_TYPE) {
    const raw = event.data as { key: string; value: string; headers: Headers };
    return { key: raw.key, value: raw.value, headers: raw.headers };
  }
  const m = event.metadata;
  const headers: Headers = {
    ce_specversion: '1.0',
    ce_id: event.id,
    ce_type: event.type,
    ce_source: typeof m.source === 'string' ? m.source : `/csp/${event.category}`,
    ce_time: typeof m.occurredAt === 'string' ? m.occurredAt : event.recordedAt.toISOString(),
    ce_subject: event.streamName,
    'content-type': 'application/json',
    ce_recordedat: event.recordedAt.toISOString(),
    ce_streamrevision: String(event.revision),
  };
  for (const name of ['correlationId', 'causationId', 'actor', 'ceId'] as const) {
    if (typeof m[name] === 'string') headers[`ce_${name.toLowerCase()}`] = m[name] as string;
  }
  return { key: typeof m.partitionKey === 'string' ? m.partitionKey : idOf(event.streamName), value: JSON.stringify(event.data), headers };
}

/** The event a consumer sees, whichever bus delivered it. */
export interface DeliveredEvent<TData = unknown> {
  id: string;
  type: string;
  source: string;
  time: string;
  /** The stream the event was stored in (`<category>-<id>`). */
  subject: string;
  category: string;
  streamId: string;
  key: string;
  data: TData;
  correlationId?: string;
  causationId?: string;
  recordedAt?: string;
  /** Revision of the event in its stream (the ETag of an aggregate), when known. */
  revision?: string;
}

/** Reads a CloudEvents binary-mode message back into an event; undefined when it is not one. */
export function messageToEvent(message: BusMessage): DeliveredEvent | undefined {
  const h = message.headers;
  if (!h['ce_id'] || !h['ce_type']) return undefined;
  const subject = h['ce_subject'] ?? '';
  return {
    id: h['ce_id'],
    type: h['ce_type'],
    source: h['ce_source'] ?? '',
    time: h['ce_time'] ?? '',
    subject,
    category: categoryOf(subject),
    streamId: idOf(subject),
    key: message.key,
    data: JSON.parse(message.value),
    correlationId: h['ce_correlationid'],
    causationId: h['ce_causationid'],
    recordedAt: h['ce_recordedat'],
    revision: h['ce_streamrevision'],
  };
}
