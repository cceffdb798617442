import { customerIdFor, derivedId, type MessageReceivedData } from '@csp/contracts';
import { ConcurrencyError, type EventStore } from '@csp/event-store';
import type { DeliveredEvent } from '@csp/message-bus';
import { decideTicket, initialTicketState } from '@csp/ticketing-domain';
import type { DataSource } from 'typeorm';

/**
 * Automatic intake: an inbound customer message opens a ticket. The ticket id is derived from the message's
 * event id, so a redelivered message meets the existing stream and changes nothing (idempotent).
 */
export class OpenTicketFromMessageHandler {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async handle(event: DeliveredEvent): Promise<void> {
    if (event.type !== 'cs.message.received.v1') return;
    const message = event.data as MessageReceivedData;
    const ticketId = derivedId('ticket', event.id);
    const stream = `ticket-${ticketId}`;
    const history = await this.store.readStream(stream);
    if (history.length > 0) return; // already opened by an earlier delivery
    const state = initialTicketState();
    const [{ nextval }] = await this.dataSource.query(`SELECT nextval('ticket_number_seq') AS nextval`);
    const events = decideTicket(
      {
        type: 'OpenTicketFromMessage',
        ticketId,
        number: Number(nextval),
        customerId: customerIdFor(message.customer),
        channel: message.channel,
        subject: message.subject,
        body: message.body,
        messageId: derivedId('message', event.id),
        sourceEventId: event.id,
        threadId: message.thread?.externalId,
        now: happenedAt(event.time) ?? this.now(),
      },
      state,
    );
    try {
      await this.store.append(
        stream,
        events.map((e, i) => ({
          id: derivedId(`ticket-event-${i}`, event.id),
          type: e.type,
          data: e.data,
          metadata: { partitionKey: ticketId, causationId: event.id, correlationId: event.correlationId ?? event.id },
        })),
        { expectedRevision: 'no_stream' },
      );
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error; // a concurrent delivery opened it first
    }
  }
}

/** The ticket opens when the customer wrote (CloudEvents `time`), not when ticketing got to it. */
function happenedAt(time: string): Date | undefined {
  const at = new Date(time);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
