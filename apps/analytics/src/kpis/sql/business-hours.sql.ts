/**
 * Business-hours durations per ticket, from the rows the projection computed on the ticket's calendar
 * (table ticket_business_durations, one per public agent reply and per solve). The first response is the
 * earliest reply's value, first / full resolution the earliest / latest solve's; `business_calendar` says
 * which calendar (`<id>@<calendars version>`, '24x7@0' = around the clock) measured them.
 * Referenced only by business-hours requests: a CTE nobody reads costs nothing.
 */
export const TICKET_BUSINESS_CTE = `
  ticket_business AS (
    SELECT ticket_id AS business_ticket_id,
      if(countIf(kind = 'reply') > 0, argMinIf(business_seconds, (at, event_id), kind = 'reply'), NULL) AS first_response_business_seconds,
      if(countIf(kind = 'solved') > 0, argMinIf(business_seconds, (at, event_id), kind = 'solved'), NULL) AS first_resolution_business_seconds,
      if(countIf(kind = 'solved') > 0, argMaxIf(business_seconds, (at, event_id), kind = 'solved'), NULL) AS full_resolution_business_seconds,
      argMin(concat(calendar_id, '@', toString(calendar_version)), (at, event_id)) AS business_calendar
    FROM ticket_business_durations FINAL
    GROUP BY ticket_id
  )`;

export const BUSINESS_COLUMNS = `b.first_response_business_seconds AS first_response_business_seconds,
    b.first_resolution_business_seconds AS first_resolution_business_seconds,
    b.full_resolution_business_seconds AS full_resolution_business_seconds, b.business_calendar AS business_calendar`;

/** Appended to a duration metric's `definition` when businessHours=true (docs/analytics.md, "Business hours"). */
export const BUSINESS_HOURS_DEFINITION =
  'Business hours: the same tickets and instants, measured in business seconds on the ticket\'s calendar, from the ' +
  'calendars document in force when the ticket was created: the calendar of its SLA policy when an SLA clock was ' +
  'activated (a policy without a calendar: around the clock, as its SLA clock runs), else the default calendar (the ' +
  'first of the document), else around the clock (no document in force, or an id it does not hold). Weekly hours are ' +
  'wall-clock times of the calendar\'s time zone (DST included); holidays are closed all day. count = tickets with a ' +
  'business-hours value.';
