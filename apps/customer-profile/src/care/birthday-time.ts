/** Greetings go out at this local hour on the birthday. */
export const GREETING_HOUR = 9;

/** `YYYY-MM-DD` (the contract's birthday) -> month and day; undefined when it is not one. */
export function birthdayOf(value: unknown): { month: number; day: number } | undefined {
  const match = typeof value === 'string' ? /^\d{4}-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return undefined;
  const [month, day] = [Number(match[1]), Number(match[2])];
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? { month, day } : undefined;
}

/** An IANA zone the runtime knows, else UTC. */
export function zoneOf(value: unknown): string {
  if (typeof value !== 'string' || value === '') return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value;
  } catch {
    return 'UTC';
  }
}

/** 09:00 in `zone` on the birthday of `year` (29 February is the 28th in other years). */
export function greetingTime(birthday: { month: number; day: number }, year: number, zone: string): Date {
  const lastDay = new Date(Date.UTC(year, birthday.month, 0)).getUTCDate();
  const wall = Date.UTC(year, birthday.month - 1, Math.min(birthday.day, lastDay), GREETING_HOUR);
  // The zone's offset at that wall time; the second pass settles a guess that fell across a DST change.
  let utc = wall - offsetMs(zone, wall);
  utc = wall - offsetMs(zone, utc);
  return new Date(utc);
}

/** The next greeting at or after `now`: this year's, or next year's when this year's has passed. */
export function nextGreeting(birthday: { month: number; day: number }, zone: string, now: Date): { year: number; at: Date } {
  const year = Number(new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric' }).format(now));
  const thisYear = greetingTime(birthday, year, zone);
  return thisYear.getTime() >= now.getTime() ? { year, at: thisYear } : { year: year + 1, at: greetingTime(birthday, year + 1, zone) };
}

/** How far `zone` is ahead of UTC at the instant `utc`. */
function offsetMs(zone: string, utc: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(utc));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(utc / 1000) * 1000;
}
