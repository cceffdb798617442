export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The simulated period, epoch milliseconds; events after `end` have not happened yet and are left out. */
export interface JourneyWindow {
  start: number;
  end: number;
}

export const windowDays = (w: JourneyWindow): number => (w.end - w.start) / DAY;
