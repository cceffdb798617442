/**
 * UTC offsets of IANA time zones from the built-in Intl (ICU's tz database): no date library, and the
 * domain stays free of infrastructure. Intl only answers "what does the wall clock show at instant t"
 * (about 7 us a call), so each zone's offsets are tabulated once per UTC year and looked up in memory.
 */
const DAY_MS = 86_400_000;
const SECOND_MS = 1_000;

/** The offset in force from `start` (UTC ms) up to the next entry or the end of the year. */
interface OffsetTable {
  readonly yearEnd: number;
  readonly starts: readonly number[];
  readonly offsets: readonly number[];
}

export interface OffsetSegment {
  /** Wall clock minus UTC, in ms (Europe/Berlin in winter: 3_600_000). */
  readonly offsetMs: number;
  /** The offset holds from the queried instant up to (not including) this instant. */
  readonly untilMs: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const tables = new Map<string, Map<number, OffsetTable>>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Asks Intl directly (whole seconds: the tz database has no finer offsets). */
export function utcOffsetAt(timeZone: string, instantMs: number): number {
  const second = Math.floor(instantMs / SECOND_MS) * SECOND_MS;
  const field: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(second)) if (part.type !== 'literal') field[part.type] = Number(part.value);
  const wall = new Date(0);
  wall.setUTCFullYear(field.year, field.month - 1, field.day); // setUTCFullYear keeps years 0-99 literal
  wall.setUTCHours(field.hour, field.minute, field.second, 0);
  return wall.getTime() - second;
}

/** First whole second in (before, after] whose offset differs from the offset at `before`. */
function transitionBetween(timeZone: string, before: number, after: number): number {
  const offset = utcOffsetAt(timeZone, before);
  let [low, high] = [before, after];
  while (high - low > SECOND_MS) {
    const middle = low + Math.floor((high - low) / 2 / SECOND_MS) * SECOND_MS;
    if (utcOffsetAt(timeZone, middle) === offset) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * Samples the offset daily through the year and bisects each change to the second. Assumes no more than
 * one change between two samples a day apart, which holds for every zone's rules in use today.
 */
function buildTable(timeZone: string, year: number): OffsetTable {
  const yearStart = Date.UTC(year, 0, 1);
  const yearEnd = Date.UTC(year + 1, 0, 1);
  const starts = [yearStart];
  const offsets = [utcOffsetAt(timeZone, yearStart)];
  let previous = yearStart;
  for (let sample = yearStart + DAY_MS; previous < yearEnd - SECOND_MS; sample += DAY_MS) {
    const at = Math.min(sample, yearEnd - SECOND_MS);
    const offset = utcOffsetAt(timeZone, at);
    if (offset !== offsets[offsets.length - 1]) {
      starts.push(transitionBetween(timeZone, previous, at));
      offsets.push(offset);
    }
    previous = at;
  }
  return { yearEnd, starts, offsets };
}

function tableFor(timeZone: string, instantMs: number): OffsetTable {
  let byYear = tables.get(timeZone);
  if (!byYear) tables.set(timeZone, (byYear = new Map()));
  const year = new Date(instantMs).getUTCFullYear();
  let table = byYear.get(year);
  if (!table) byYear.set(year, (table = buildTable(timeZone, year)));
  return table;
}

/** The offset at `instantMs` and how long it lasts (at most to the end of the UTC year). */
export function offsetSegmentAt(timeZone: string, instantMs: number): OffsetSegment {
  const { starts, offsets, yearEnd } = tableFor(timeZone, instantMs);
  let i = starts.length - 1;
  while (starts[i] > instantMs) i--; // a year has at most a handful of entries
  return { offsetMs: offsets[i], untilMs: i + 1 < starts.length ? starts[i + 1] : yearEnd };
}
