import { ConcurrencyError, type EventMetadata, type EventStore, type StreamAppend } from '@csp/event-store';
import { decideTicket, evolveTicket, initialTicketState, TICKET_EVENT_TYPES, type TicketCommand, type TicketEvent, type TicketState } from '@csp/ticketing-domain';

// The ticket stream also holds SLA clock events and survey requests; the Ticket decider folds only its own.
const isTicketEvent = (e: { type: string }): boolean => (TICKET_EVENT_TYPES as readonly string[]).includes(e.type);

export interface LoadedTicket {
  state: TicketState;
  /** Revision of the stream's last event (the ETag), or 'no_stream'. */
  revision: bigint | 'no_stream';
}

export interface ExecuteOptions {
  /** The revision the caller saw (`If-Match`); a different one is a ConcurrencyError (412). */
  expectedRevision?: bigint;
  /** Event ids for the decided events, e.g. derived from the message that caused them (idempotent intake). */
  eventId: (index: number) => string;
  metadata: EventMetadata;
}

/** Loads ticket streams, runs the decider and appends what it decided with an exact expected revision. */
export class TicketStreams {
  constructor(private readonly store: EventStore) {}

  static streamOf(ticketId: string): string {
    return `ticket-${ticketId}`;
  }

  /** The ticket's events, oldest first. */
  async history(ticketId: string): Promise<TicketEvent[]> {
    return (await this.store.readStream(TicketStreams.streamOf(ticketId))).filter(isTicketEvent).map((e) => ({ type: e.type, data: e.data }) as TicketEvent);
  }

  async load(ticketId: string): Promise<LoadedTicket> {
    return TicketStreams.fold(await this.store.readStream(TicketStreams.streamOf(ticketId)));
  }

  /** The ticket's state and revision from its stream as read (for callers that need the raw events too). */
  static fold(history: readonly { type: string; data: unknown; revision: bigint }[]): LoadedTicket {
    const state = history.filter(isTicketEvent).reduce((s, e) => evolveTicket(s, { type: e.type, data: e.data } as TicketEvent), initialTicketState());
    return { state, revision: history.length === 0 ? 'no_stream' : history[history.length - 1].revision };
  }

  /** Appends events the caller decided on the state at `revision` (exact expected revision), each with its id. */
  async appendDecided(ticketId: string, revision: bigint | 'no_stream', decided: readonly { event: TicketEvent; id: string }[], metadata: EventMetadata): Promise<bigint> {
    const { streamName, events, expectedRevision } = TicketStreams.decidedAppend(ticketId, revision, decided, metadata);
    const result = await this.store.append(streamName, events, { expectedRevision });
    return result.nextExpectedRevision;
  }

  /** The append of `appendDecided`, for callers that write it together with other streams (`appendMany`). */
  static decidedAppend(ticketId: string, revision: bigint | 'no_stream', decided: readonly { event: TicketEvent; id: string }[], metadata: EventMetadata): StreamAppend {
    return {
      streamName: TicketStreams.streamOf(ticketId),
      events: decided.map(({ event, id }) => ({ id, type: event.type, data: event.data, metadata: { partitionKey: ticketId, ...metadata } })),
      expectedRevision: revision,
    };
  }

  /**
   * Decides `command` on the current state and appends the events. Without `expectedRevision`, a concurrent
   * writer is handled by deciding again on the new state (a few times); with it, the conflict goes to the caller.
   */
  async execute(ticketId: string, command: TicketCommand | ((state: TicketState) => TicketCommand), options: ExecuteOptions): Promise<{ events: TicketEvent[]; revision: bigint | 'no_stream' }> {
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(ticketId);
      if (options.expectedRevision !== undefined && revision !== options.expectedRevision) {
        throw new ConcurrencyError(TicketStreams.streamOf(ticketId), String(options.expectedRevision), String(revision));
      }
      const events = decideTicket(typeof command === 'function' ? command(state) : command, state);
      if (events.length === 0) return { events, revision };
      try {
        const next = await this.appendDecided(ticketId, revision, events.map((event, i) => ({ event, id: options.eventId(i) })), options.metadata);
        return { events, revision: next };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || options.expectedRevision !== undefined || attempt >= 5) throw error;
      }
    }
  }
}
