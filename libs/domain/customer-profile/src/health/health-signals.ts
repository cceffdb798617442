/** One survey answer the model remembers. Times are epoch milliseconds, so the signals store as plain JSON. */
export interface SurveyPoint {
  at: number;
  score: number;
}

/**
 * What the health model knows about one customer, kept incrementally by `evolveSignals` from the events and
 * stored beside the 360 view. Only times and small counts: no personal data, bounded in size (lists are
 * trimmed to the last `SIGNAL_HISTORY_DAYS` and at most `SIGNAL_LIST_LIMIT` entries).
 */
export interface HealthSignals {
  /** The last CSAT (1-5) and NPS (0-10) answers, oldest first. */
  csat: SurveyPoint[];
  nps: SurveyPoint[];
  ticketsOpenedAt: number[];
  /** Tickets categorised `complaint` (when opened or by routing), by ticket so a re-route can take one back. */
  complaints: { ticketId: string; at: number }[];
  slaBreachesAt: number[];
  /** Ids of the customer's tickets that are neither solved nor closed. */
  openTickets: string[];
  /** The last orders' times, for the customer's usual ordering rhythm and the refund share. */
  ordersAt: number[];
  refundsAt: number[];
  /** Last page or product view, or abandoned cart: the customer came to the shop. */
  lastVisitAt: number | null;
}

/** How far back the signals remember. The model looks back at most 180 days. */
export const SIGNAL_HISTORY_DAYS = 180;
/** Cap of every list, so a very busy customer's signals stay small. */
export const SIGNAL_LIST_LIMIT = 50;
/** Survey answers kept: enough for a trend over the last few. */
export const SURVEY_POINTS_KEPT = 5;

export function initialSignals(): HealthSignals {
  return { csat: [], nps: [], ticketsOpenedAt: [], complaints: [], slaBreachesAt: [], openTickets: [], ordersAt: [], refundsAt: [], lastVisitAt: null };
}

export const DAY_MS = 86_400_000;

/** Entries at or before `now` and within the last `days`. */
export function countWithin(times: readonly number[], now: number, days: number): number {
  return times.filter((t) => t <= now && t > now - days * DAY_MS).length;
}
