/** Domain errors carry a stable code; the app's exception filter maps codes to HTTP statuses. */
export class TicketAlreadyOpened extends Error {
  readonly code = 'TICKET.ALREADY_OPENED';
  constructor(readonly ticketId: string) {
    super(`ticket ${ticketId} is already open`);
  }
}
