/** Domain errors carry a stable code; the app maps codes to HTTP statuses. */
export class InvalidBusinessCalendar extends Error {
  readonly code = 'CALENDAR.INVALID';
  constructor(
    readonly calendarId: string,
    readonly problems: readonly string[],
  ) {
    super(`calendar ${calendarId} is invalid: ${problems.join('; ')}`);
  }
}

/**
 * Safety net: a valid calendar always opens again within a year or so (holidays are finite), so scanning
 * further than that means a bug rather than a long wait; better an error than a loop that never ends.
 */
export class NoBusinessTime extends Error {
  readonly code = 'CALENDAR.NO_BUSINESS_TIME';
  constructor(
    readonly calendarId: string,
    readonly after: Date,
  ) {
    super(`calendar ${calendarId} has no business time for a long stretch after ${after.toISOString()}`);
  }
}
