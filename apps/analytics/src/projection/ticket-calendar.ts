import { type BusinessCalendar, businessCalendarProblems, businessMinutesBetween, CALENDAR_24X7 } from '@csp/business-calendar';

/** One stored version of the `/v1/config/calendars` document (table `calendars`). */
export interface CalendarsVersion {
  version: number;
  /** When it was stored (ms since the epoch): in force for tickets created from then on. */
  atMs: number;
  /** The document as PUT: `{ calendars: [{ id, timezone, weeklyHours, holidays? }] }`, validated by ticketing. */
  document: unknown;
}

/**
 * What the projection knows about a ticket's clock: when it started and, when an SLA clock was activated,
 * the calendarId of that activation ('' = the policy has no calendar).
 */
export interface TicketClock {
  createdAtMs: number;
  slaCalendarId?: string;
}

export interface ChosenCalendar {
  calendar: BusinessCalendar;
  /** The calendars version it comes from; 0 when no version was in force at creation. */
  version: number;
}

/** The latest version stored at or before `atMs` (versions count up, so the highest `at` <= atMs). */
export function versionInForce(versions: readonly Pick<CalendarsVersion, 'version' | 'atMs'>[], atMs: number): number {
  let best = 0;
  for (const v of versions) if (v.atMs <= atMs && v.version > best) best = v.version;
  return best;
}

/**
 * The calendar a ticket's business durations are measured on (docs/analytics.md, "Business hours"):
 * 1. an SLA clock was activated: the calendar of its policy (`calendarId`), exactly as ticketing's clocks run;
 *    a policy without a calendar runs around the clock, so 24x7;
 * 2. no SLA clock: the default calendar, the first one of the document;
 * 3. otherwise (no document in force, an id it does not hold, a calendar that does not validate): 24x7.
 * Always from the calendars version in force when the ticket was created, so later edits never rewrite it.
 */
export function chooseTicketCalendar(clock: TicketClock, version: CalendarsVersion | undefined): ChosenCalendar {
  const around = { calendar: CALENDAR_24X7, version: version?.version ?? 0 };
  if (clock.slaCalendarId === '') return around;
  const calendars = calendarsOf(version?.document);
  const raw = clock.slaCalendarId === undefined ? calendars[0] : calendars.find((c) => c['id'] === clock.slaCalendarId);
  if (!raw) return around;
  const calendar = { ...raw, holidays: raw['holidays'] ?? [] } as unknown as BusinessCalendar;
  // Ticketing validates before storing; an unusable calendar must still never block the projection.
  return businessCalendarProblems(calendar).length === 0 ? { calendar, version: version?.version ?? 0 } : around;
}

function calendarsOf(document: unknown): Record<string, unknown>[] {
  const list = (document as { calendars?: unknown } | null | undefined)?.calendars;
  return Array.isArray(list) ? list.filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null) : [];
}

/** Business seconds in [from, to), to the millisecond (signed like calendar time when `to` is earlier). */
export function businessSecondsBetween(calendar: BusinessCalendar, fromMs: number, toMs: number): number {
  return Math.round(businessMinutesBetween(calendar, new Date(fromMs), new Date(toMs)) * 60_000) / 1000;
}
