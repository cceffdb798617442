/** Domain errors carry a stable code; the app maps codes to HTTP statuses. */
export class TicketAlreadyOpened extends Error {
  readonly code = 'TICKET.ALREADY_OPENED';
  constructor(readonly ticketId: string) {
    super(`ticket ${ticketId} is already open`);
  }
}

export class TicketNotFound extends Error {
  readonly code = 'TICKET.NOT_FOUND';
  constructor() {
    super('no such ticket');
  }
}

/** Closed (or merged) tickets take no more changes; a customer reply opens a new ticket instead. */
export class TicketClosed extends Error {
  readonly code = 'TICKET.CLOSED';
  constructor(
    readonly ticketId: string,
    readonly mergedInto?: string,
  ) {
    super(mergedInto ? `ticket ${ticketId} was merged into ${mergedInto}` : `ticket ${ticketId} is closed`);
  }
}

/** A customer wrote after the reopen window of a solved ticket: a new ticket follows up on this one. */
export class ReopenWindowPassed extends Error {
  readonly code = 'TICKET.REOPEN_WINDOW_PASSED';
  constructor(readonly ticketId: string) {
    super(`ticket ${ticketId} was solved too long ago to reopen`);
  }
}

export class InvalidStatusChange extends Error {
  readonly code = 'TICKET.INVALID_STATUS_CHANGE';
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`a ticket cannot go from ${from} to ${to}`);
  }
}

export class InvalidMerge extends Error {
  readonly code = 'TICKET.INVALID_MERGE';
}
