/** Commands of the Ticket decider. Time always comes in with the command (`now`). */
export type TicketCommand = OpenTicketFromMessage;

export interface OpenTicketFromMessage {
  type: 'OpenTicketFromMessage';
  ticketId: string;
  number: number;
  customerId: string;
  channel: string;
  subject?: string;
  body: string;
  messageId: string;
  sourceEventId: string;
  threadId?: string;
  now: Date;
}
