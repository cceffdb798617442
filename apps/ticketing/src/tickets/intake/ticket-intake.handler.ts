import {
  type CallCompletedData, type CustomerRef, customerIdFor, derivedId, type MessageReceivedData, type OutboundRequestedData, type TicketOpenedData,
} from '@csp/contracts';
import { ConcurrencyError, type EventStore } from '@csp/event-store';
import type { DeliveredEvent } from '@csp/message-bus';
import { decideTicket, initialTicketState, ReopenWindowPassed, TicketClosed, TicketNotFound } from '@csp/ticketing-domain';
import type { DataSource } from 'typeorm';
import { TicketStreams } from '../ticket-streams';
import { outboundRequest } from '../../outbound/request-outbound';
import { type ReplyAddress, replyAddress } from './reply-address';

export interface IntakeOptions {
  /** A solved ticket reopens when the customer writes again within this window (default 7 days). */
  reopenWindowMinutes?: number;
  now?: () => Date;
}

/** An inbound contact that needs a ticket: a message, or a call not resolved on the call. */
interface Contact {
  customer: CustomerRef;
  channel: MessageReceivedData['channel'];
  subject?: string;
  body: string;
  threadKey?: string;
  language?: string;
}

/**
 * Automatic intake. An inbound message (or an unresolved call) joins the customer's ticket on the same thread,
 * reopening it when it was solved within the reopen window; otherwise it opens a ticket (linked to the earlier
 * one when that was solved too long ago or closed) and the customer gets an acknowledgement with the number.
 * Every id is derived from the interaction event, so a redelivery changes nothing.
 */
export class TicketIntakeHandler {
  private readonly tickets: TicketStreams;
  private readonly reopenWindowMinutes: number;
  private readonly now: () => Date;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    options: IntakeOptions = {},
  ) {
    this.tickets = new TicketStreams(store);
    this.reopenWindowMinutes = options.reopenWindowMinutes ?? 7 * 24 * 60;
    this.now = options.now ?? (() => new Date());
  }

  async handle(event: DeliveredEvent): Promise<void> {
    const contact = contactOf(event);
    if (!contact) return;
    const customerId = customerIdFor(contact.customer);
    const newTicketId = derivedId('ticket', event.id);
    if ((await this.tickets.load(newTicketId)).revision !== 'no_stream') return; // this contact opened a ticket already
    const at = happenedAt(event.time) ?? this.now();
    const metadata = { causationId: event.id, correlationId: event.correlationId ?? event.id };
    const messageId = derivedId('message', event.id);

    let followUpOf: string | undefined;
    const mapped = contact.threadKey ? await this.ticketOfThread(customerId, contact.threadKey) : undefined;
    // The thread may name this contact's own ticket already: written with its number, the opening then failed.
    const newThread = contact.threadKey !== undefined && (mapped === undefined || mapped === newTicketId);
    let joinId = mapped === newTicketId ? undefined : mapped;
    while (joinId) {
      try {
        await this.tickets.execute(
          joinId,
          { type: 'AddCustomerMessage', messageId, body: contact.body, channel: contact.channel, sourceEventId: event.id, reopenWindowMinutes: this.reopenWindowMinutes, now: at },
          { eventId: (i) => derivedId(`ticket-event-${i}`, event.id), metadata },
        );
        return;
      } catch (error) {
        if (error instanceof TicketClosed && error.mergedInto) joinId = error.mergedInto; // follow the merge
        else if (error instanceof ReopenWindowPassed || error instanceof TicketClosed) [followUpOf, joinId] = [joinId, undefined];
        // The thread names a ticket whose opening failed for good (mapped with its number): this message opens one.
        else if (error instanceof TicketNotFound) joinId = undefined;
        else throw error;
      }
    }
    await this.open(newTicketId, customerId, contact, { messageId, sourceEventId: event.id, followUpOf, newThread, at, metadata });
  }

  /**
   * Opens the ticket and requests its acknowledgement in one transaction (`appendMany`): the caller saw no stream,
   * so the decision needs no second read. A concurrent delivery of the same contact that opened it first makes
   * this one a ConcurrencyError (it wrote the same acknowledgement), or, with the same events, a duplicate.
   */
  private async open(
    ticketId: string, customerId: string, contact: Contact,
    o: { messageId: string; sourceEventId: string; followUpOf?: string; newThread: boolean; at: Date; metadata: { causationId: string; correlationId: string } },
  ): Promise<void> {
    const address = replyAddress(contact.channel, contact.customer);
    // A thread nobody wrote on yet is mapped to the ticket with its number (a write saved); one that moves to a
    // follow-up is moved after the opening, so a failed opening leaves it on the old ticket.
    const thread = o.newThread && contact.threadKey ? { customerId, threadKey: contact.threadKey } : undefined;
    const number = await this.numberAndContact(ticketId, address, contact.customer.email, thread);
    const events = decideTicket(
      {
        type: 'OpenTicket', ticketId, number, customerId, channel: contact.channel, subject: contact.subject, body: contact.body,
        messageId: o.messageId, sourceEventId: o.sourceEventId, threadId: contact.threadKey, language: contact.language, followUpOf: o.followUpOf, now: o.at,
      },
      initialTicketState(),
    );
    const decided = events.map((event, i) => ({ event, id: derivedId(`ticket-event-${i}`, o.sourceEventId) }));
    const appends = [TicketStreams.decidedAppend(ticketId, 'no_stream', decided, o.metadata)];
    const opened = events[0].type === 'cs.ticket.opened.v1' ? events[0].data : undefined;
    if (opened && address) appends.push(outboundRequest(acknowledgement(opened, address), o.metadata));
    try {
      await this.store.appendMany(appends);
    } catch (error) {
      if (error instanceof ConcurrencyError) return;
      throw error;
    }
    if (contact.threadKey && !thread) {
      await this.dataSource.query(
        `INSERT INTO ticket_threads (customer_id, thread_key, ticket_id) VALUES ($1, $2, $3)
         ON CONFLICT (customer_id, thread_key) DO UPDATE SET ticket_id = EXCLUDED.ticket_id, updated_at = now()`,
        [customerId, contact.threadKey, ticketId],
      );
    }
  }

  /**
   * The new ticket's number and, when the customer can be answered, the address progress updates and the survey
   * go to later, and a new thread's ticket: one round trip (rows keyed by the ticket id or the thread, so a
   * redelivery changes nothing).
   */
  private async numberAndContact(
    ticketId: string, address: ReplyAddress | undefined, email: string | undefined, thread: { customerId: string; threadKey: string } | undefined,
  ): Promise<number> {
    const [{ n }]: { n: string }[] = await this.dataSource.query(
      `WITH contact AS (
         INSERT INTO ticket_contacts (ticket_id, channel, address, email) SELECT $1::uuid, $2::text, $3::text, $4::text WHERE $2::text IS NOT NULL ON CONFLICT (ticket_id) DO NOTHING),
       thread AS (
         INSERT INTO ticket_threads (customer_id, thread_key, ticket_id) SELECT $5::uuid, $6::text, $1::uuid WHERE $6::text IS NOT NULL
         ON CONFLICT (customer_id, thread_key) DO UPDATE SET ticket_id = EXCLUDED.ticket_id, updated_at = now())
       SELECT nextval('ticket_number_seq') AS n`,
      [ticketId, address?.channel ?? null, address?.to ?? null, email ?? null, thread?.customerId ?? null, thread?.threadKey ?? null],
    );
    return Number(n);
  }

  private async ticketOfThread(customerId: string, threadKey: string): Promise<string | undefined> {
    const rows: { ticket_id: string }[] = await this.dataSource.query('SELECT ticket_id FROM ticket_threads WHERE customer_id = $1 AND thread_key = $2', [customerId, threadKey]);
    return rows[0]?.ticket_id;
  }
}

/** The receipt the customer gets at once: an outbound message with the ticket number. */
function acknowledgement(ticket: TicketOpenedData, address: ReplyAddress): OutboundRequestedData {
  return {
    messageId: derivedId('acknowledgement', ticket.ticketId), kind: 'acknowledgement', ...address, customerId: ticket.customerId, ticketId: ticket.ticketId,
    subject: `[#${ticket.number}] ${ticket.subject}`,
    body: `We received your request and opened ticket #${ticket.number} ("${ticket.subject}"). We will get back to you soon; replies to this message are added to the ticket.`,
    at: ticket.openedAt,
  };
}

function contactOf(event: DeliveredEvent): Contact | undefined {
  if (event.type === 'cs.message.received.v1') {
    const m = event.data as MessageReceivedData;
    return { customer: m.customer, channel: m.channel, subject: m.subject, body: m.body, threadKey: m.thread?.externalId, language: m.language };
  }
  if (event.type === 'cs.call.completed.v1') {
    const c = event.data as CallCompletedData;
    if (c.resolvedOnCall) return undefined;
    const minutes = Math.max(1, Math.round(c.durationSeconds / 60));
    return { customer: c.customer, channel: 'phone', subject: `Call (${c.direction}, ${minutes} min)`, body: c.summary ?? `${c.direction} call of ${minutes} min, not resolved on the call.` };
  }
  return undefined;
}

/** The ticket opens when the customer wrote (CloudEvents `time`), not when ticketing got to it. */
function happenedAt(time: string): Date | undefined {
  const at = new Date(time);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
