import { deciderSpecification } from '../testing/decider-specification';
import type { OpenTicketFromMessage } from './ticket.commands';
import { decideTicket } from './ticket.decide';
import { TicketAlreadyOpened } from './ticket.errors';
import type { TicketEvent } from './ticket.events';
import { evolveTicket, initialTicketState } from './ticket.state';

const spec = deciderSpecification({ decide: decideTicket, evolve: evolveTicket, initialState: initialTicketState });
const now = new Date('2026-11-23T10:00:00.000Z');
const open: OpenTicketFromMessage = {
  type: 'OpenTicketFromMessage',
  ticketId: '00000000-0000-4000-8000-000000000001',
  number: 7,
  customerId: '00000000-0000-4000-8000-0000000000c1',
  channel: 'email',
  body: 'My order never arrived.\nOrder 123',
  messageId: '00000000-0000-4000-8000-0000000000e1',
  sourceEventId: '00000000-0000-4000-8000-0000000000e1',
  now,
};

describe('Ticket decider: opening from an inbound message', () => {
  it('opens a ticket at normal priority and records the customer message', () => {
    spec.given([]).when(open).then([
      {
        type: 'cs.ticket.opened.v1',
        data: {
          ticketId: open.ticketId, number: 7, customerId: open.customerId, channel: 'email',
          subject: 'My order never arrived.', priority: 'normal', openedBy: 'system',
          sourceEventId: open.sourceEventId, openedAt: now.toISOString(),
        },
      },
      {
        type: 'cs.ticket.message-added.v1',
        data: {
          ticketId: open.ticketId, customerId: open.customerId, messageId: open.messageId, author: 'customer',
          authorId: open.customerId, public: true, body: open.body, sourceEventId: open.sourceEventId, at: now.toISOString(),
        },
      },
    ]);
  });

  it('keeps the subject when the message has one', () => {
    const [opened] = decideTicket({ ...open, subject: ' Refund ' }, initialTicketState());
    expect(opened.type === 'cs.ticket.opened.v1' && opened.data.subject).toBe('Refund');
  });

  it('refuses to open the same ticket twice', () => {
    const history: TicketEvent[] = decideTicket(open, initialTicketState());
    spec.given(history).when(open).thenThrows(TicketAlreadyOpened);
  });
});
