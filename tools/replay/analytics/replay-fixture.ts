import { eventIdFor, Topics } from '@csp/contracts';
import type { StreamAppend } from '@csp/event-store';
import { type BusMessage, eventToMessage } from '@csp/message-bus';
import type { SimEvent } from '@csp/simulator';

/** Connector traffic as the log bus delivers it after ingestion stored it (one stream per event). */
export function simulatedMessages(traffic: readonly SimEvent[]): BusMessage[] {
  return traffic.map((event, i) => {
    const position = BigInt(i + 1);
    const message = eventToMessage({
      id: eventIdFor(event.source, event.id), type: event.type, streamName: `interaction-${eventIdFor(event.source, event.id)}`,
      category: 'interaction', revision: 0n, position, data: event.data,
      metadata: { occurredAt: event.time, source: event.source, ceId: event.id }, recordedAt: new Date(event.time),
    });
    return { ...message, headers: message.headers ?? {}, topic: Topics.interactions, scope: 'log', position, attempt: 1 };
  });
}

/**
 * The appends that would have produced these deliveries: each event once (a redelivery is not a second
 * event), in its stream's revision order whatever order the bus delivered it in, with the CloudEvents
 * metadata the log bus turns back into the same headers.
 */
export function appendsFor(messages: readonly BusMessage[]): StreamAppend[] {
  const byStream = new Map<string, Map<string, BusMessage>>();
  for (const m of messages) {
    const stream = m.headers['ce_subject'];
    if (!byStream.has(stream)) byStream.set(stream, new Map());
    byStream.get(stream)?.set(m.headers['ce_id'], m);
  }
  return [...byStream].map(([streamName, unique]) => ({
    streamName,
    expectedRevision: 'any' as const,
    events: [...unique.values()]
      .sort((a, b) => Number(a.headers['ce_streamrevision']) - Number(b.headers['ce_streamrevision']))
      .map((m) => ({
        id: m.headers['ce_id'],
        type: m.headers['ce_type'],
        data: JSON.parse(m.value) as unknown,
        metadata: {
          occurredAt: m.headers['ce_time'], partitionKey: m.key,
          ...(m.headers['ce_source'] && !String(m.headers['ce_source']).startsWith('/csp/') ? { source: m.headers['ce_source'] } : {}),
          ...(m.headers['ce_ceid'] ? { ceId: m.headers['ce_ceid'] } : {}),
        },
      })),
  }));
}
