import { Type } from '@sinclair/typebox';
import type { EventData } from '../catalogue/event-definition';
import {
  ActorSchema, Channel, DateTime, LanguageTag, Str, StringEnum, SurveyKind, TicketPriority, TicketStatus, Uuid,
} from './common.schema';
import { ticketEvent } from './event-factories';

/** Ticket lifecycle integration events (owner ticketing, stream `ticket-<ticketId>`, topic cs.ticketing.v1). */

export const TicketOpened = ticketEvent(
  'cs.ticket.opened.v1',
  'A ticket was opened, automatically from an inbound message or call, or by an agent.',
  {
    ticketId: Uuid(),
    number: Type.Integer({ minimum: 1, description: 'the human-facing ticket number (#123)' }),
    customerId: Uuid(),
    channel: Str(50),
    subject: Type.String({ maxLength: 500 }),
    priority: TicketPriority(),
    category: Type.Optional(Str(100)),
    teamId: Type.Optional(Str(100)),
    openedBy: StringEnum(['system', 'agent'] as const),
    sourceEventId: Type.Optional(Uuid({ description: 'the interaction event that opened it' })),
    threadId: Type.Optional(Str(200)),
    language: Type.Optional(LanguageTag()),
    followUpOf: Type.Optional(Uuid({ description: 'the solved or closed ticket this one follows up (the customer wrote again after the reopen window)' })),
    openedAt: DateTime(),
  },
);
export type TicketOpenedData = EventData<typeof TicketOpened>;

export const TicketMessageAdded = ticketEvent(
  'cs.ticket.message-added.v1',
  'A message joined the ticket: from the customer, a public reply or internal note of an agent, or an automatic message.',
  {
    ticketId: Uuid(),
    customerId: Uuid(),
    messageId: Uuid(),
    author: StringEnum(['customer', 'agent', 'system'] as const, {
      description: 'system = automatic messages (acknowledgements, time rules); they never count as a first response',
    }),
    authorId: Str(200, { description: 'customer id, agent (user) id, or the name of the automation' }),
    public: Type.Boolean({ description: 'false = internal note, never shown to the customer' }),
    body: Type.String({ maxLength: 100_000 }),
    channel: Type.Optional(Channel()),
    sourceEventId: Type.Optional(Uuid({ description: 'the interaction event that carried a customer message' })),
    at: DateTime(),
  },
);
export type TicketMessageAddedData = EventData<typeof TicketMessageAdded>;

export const TicketStatusChanged = ticketEvent(
  'cs.ticket.status-changed.v1',
  'The status changed (solving, closing and reopening are status changes too).',
  {
    ticketId: Uuid(),
    customerId: Uuid(),
    from: TicketStatus(),
    to: TicketStatus(),
    actor: ActorSchema,
    at: DateTime(),
  },
);
export type TicketStatusChangedData = EventData<typeof TicketStatusChanged>;

export const TicketReopened = ticketEvent(
  'cs.ticket.reopened.v1',
  'A solved or closed ticket was reopened. Emitted beside the status change so reopen counts (FCR) stay honest.',
  {
    ticketId: Uuid(),
    customerId: Uuid(),
    previousSolvedAt: DateTime({ description: 'when it had been solved before this reopen' }),
    reopenCount: Type.Integer({ minimum: 1, description: 'how many times this ticket has been reopened, this one included' }),
    by: StringEnum(['customer', 'agent', 'system'] as const),
    actor: ActorSchema,
    at: DateTime(),
  },
);
export type TicketReopenedData = EventData<typeof TicketReopened>;

export const TicketMerged = ticketEvent(
  'cs.ticket.merged.v1',
  'The ticket (ticketId, the source) was merged into another one (intoTicketId, the target) and is closed.',
  {
    ticketId: Uuid(),
    customerId: Uuid(),
    intoTicketId: Uuid(),
    actor: ActorSchema,
    at: DateTime(),
  },
);
export type TicketMergedData = EventData<typeof TicketMerged>;

export const SurveyRequested = ticketEvent(
  'cs.survey.requested.v1',
  'A satisfaction survey about a ticket goes out to the customer; the answer comes back as cs.survey.answered.v1.',
  {
    surveyId: Uuid(),
    ticketId: Uuid(),
    customerId: Uuid(),
    kinds: Type.Array(SurveyKind(), { minItems: 1, maxItems: 3, uniqueItems: true }),
    channel: Channel(),
    agentId: Type.Optional(Str(100, { description: 'assignee at solve time, for per-agent satisfaction' })),
    teamId: Type.Optional(Str(100)),
    at: DateTime(),
  },
);
export type SurveyRequestedData = EventData<typeof SurveyRequested>;
