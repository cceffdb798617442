import { Topics } from '@csp/contracts';
import { type BusMessage, eventToMessage } from '@csp/message-bus';
import { randomUUID } from 'node:crypto';

/** Builds bus messages as the relays publish them, for feeding the projection in tests. */
export class BusEvents {
  private position = 0n;
  private readonly revisions = new Map<string, bigint>();

  /** An event of a ticket stream (revision counts up per ticket, in the order the calls are made). */
  ticket(type: string, ticketId: string, data: Record<string, unknown>): BusMessage {
    return this.message(Topics.ticketing, 'ticket', ticketId, type, { ticketId, ...data });
  }

  /** A ticketing configuration change (one stream per kind, as ticketing stores them). */
  config(kind: string, version: number, document: Record<string, unknown>, at: string): BusMessage {
    const data = { kind, version, document, actor: { kind: 'system' }, at };
    return this.message(Topics.ticketing, 'ticketingConfig', kind, 'cs.ticketing.config-changed.v1', data);
  }

  interaction(type: string, customerKey: string, time: string, data: Record<string, unknown>): BusMessage {
    return this.message(Topics.interactions, 'interaction', randomUUID(), type, data, { occurredAt: time, partitionKey: customerKey });
  }

  customer(type: string, customerId: string, data: Record<string, unknown>): BusMessage {
    return this.message(Topics.customers, 'customer', customerId, type, data);
  }

  private message(
    topic: string, category: string, streamId: string, type: string, data: Record<string, unknown>, metadata: Record<string, unknown> = {},
  ): BusMessage {
    const revision = this.revisions.get(streamId) ?? 0n;
    this.revisions.set(streamId, revision + 1n);
    this.position += 1n;
    const at = (data['at'] ?? data['openedAt'] ?? metadata['occurredAt']) as string;
    const message = eventToMessage({
      id: randomUUID(), type, streamName: `${category}-${streamId}`, category, revision, position: this.position, data,
      metadata: { partitionKey: streamId, ...metadata }, recordedAt: new Date(at),
    });
    return { ...message, headers: message.headers ?? {}, topic, scope: 'log', position: this.position, attempt: 1 };
  }
}
