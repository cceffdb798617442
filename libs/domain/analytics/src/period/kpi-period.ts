/** Time windows of KPI requests. Pure: every instant comes in as an argument. */
export const KPI_INTERVALS = ['hour', 'day', 'week', 'month'] as const;
export type KpiInterval = (typeof KPI_INTERVALS)[number];

export interface Period {
  from: Date;
  to: Date;
}

/** The period of the same length that ends where this one starts ("compare=previous"). */
export function previousPeriod({ from, to }: Period): Period {
  const length = to.getTime() - from.getTime();
  return { from: new Date(from.getTime() - length), to: new Date(from.getTime()) };
}

/** Start of the UTC bucket holding `t`; weeks start on Monday (ISO 8601), like ClickHouse's toMonday. */
export function bucketStart(t: Date, interval: KpiInterval): Date {
  const d = new Date(t.getTime());
  switch (interval) {
    case 'hour':
      d.setUTCMinutes(0, 0, 0);
      return d;
    case 'day':
      d.setUTCHours(0, 0, 0, 0);
      return d;
    case 'week': {
      d.setUTCHours(0, 0, 0, 0);
      const sinceMonday = (d.getUTCDay() + 6) % 7;
      d.setUTCDate(d.getUTCDate() - sinceMonday);
      return d;
    }
    case 'month':
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  }
}

/** The start of the bucket after the one starting at `start`. */
export function nextBucket(start: Date, interval: KpiInterval): Date {
  const d = new Date(start.getTime());
  if (interval === 'hour') d.setUTCHours(d.getUTCHours() + 1);
  else if (interval === 'day') d.setUTCDate(d.getUTCDate() + 1);
  else if (interval === 'week') d.setUTCDate(d.getUTCDate() + 7);
  else d.setUTCMonth(d.getUTCMonth() + 1);
  return d;
}

/** The starts of the buckets that overlap [from, to), or undefined when there would be more than `max`. */
export function bucketStarts(period: Period, interval: KpiInterval, max: number): Date[] | undefined {
  const starts: Date[] = [];
  for (let t = bucketStart(period.from, interval); t < period.to; t = nextBucket(t, interval)) {
    if (starts.length === max) return undefined;
    starts.push(t);
  }
  return starts;
}
