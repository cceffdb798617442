import { Type } from '@sinclair/typebox';
import { defineEvent } from '../catalogue/event-definition';
import { Str } from './customer-ref.schema';

export const TicketOpened = defineEvent({
  type: 'cs.ticket.opened.v1',
  version: 1,
  owner: 'ticketing',
  category: 'ticket',
  public: false,
  description: 'A ticket was opened, automatically from an inbound message or call, or by an agent.',
  schema: Type.Object(
    {
      ticketId: Type.String({ format: 'uuid' }),
      number: Type.Integer({ minimum: 1 }),
      customerId: Type.String({ format: 'uuid' }),
      channel: Str(50),
      subject: Type.String({ maxLength: 500 }),
      priority: Type.Union([Type.Literal('low'), Type.Literal('normal'), Type.Literal('high'), Type.Literal('urgent')]),
      category: Type.Optional(Str(100)),
      teamId: Type.Optional(Str(100)),
      openedBy: Type.Union([Type.Literal('system'), Type.Literal('agent')]),
      sourceEventId: Type.Optional(Type.String({ format: 'uuid' })),
      threadId: Type.Optional(Str(200)),
      openedAt: Type.String({ format: 'date-time' }),
    },
    { additionalProperties: false },
  ),
});
