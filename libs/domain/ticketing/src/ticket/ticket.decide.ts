import type { TicketCommand } from './ticket.commands';
import { TicketAlreadyOpened } from './ticket.errors';
import type { TicketEvent } from './ticket.events';
import type { TicketState } from './ticket.state';

/** The Ticket decider: what happens when a command meets the current state. Pure; time is an input. */
export function decideTicket(command: TicketCommand, state: TicketState): TicketEvent[] {
  switch (command.type) {
    case 'OpenTicketFromMessage': {
      if (state.status !== 'none') throw new TicketAlreadyOpened(command.ticketId);
      const at = command.now.toISOString();
      const subject = command.subject?.trim() || summarise(command.body);
      return [
        {
          type: 'cs.ticket.opened.v1',
          data: {
            ticketId: command.ticketId,
            number: command.number,
            customerId: command.customerId,
            channel: command.channel,
            subject,
            priority: 'normal',
            openedBy: 'system',
            sourceEventId: command.sourceEventId,
            ...(command.threadId ? { threadId: command.threadId } : {}),
            openedAt: at,
          },
        },
        {
          type: 'cs.ticket.message-added.v1',
          data: {
            ticketId: command.ticketId,
            customerId: command.customerId,
            messageId: command.messageId,
            author: 'customer',
            authorId: command.customerId,
            public: true,
            body: command.body,
            sourceEventId: command.sourceEventId,
            at,
          },
        },
      ];
    }
  }
}

/** A subject for messages that have none (chat, sms): the first line of the body, shortened. */
function summarise(body: string): string {
  const line = body.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line || '(no subject)';
}
