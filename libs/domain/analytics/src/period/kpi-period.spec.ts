import { bucketStart, bucketStarts, previousPeriod } from './kpi-period';

const d = (iso: string) => new Date(iso);

describe('KPI periods', () => {
  it('the previous period has the same length and ends where this one starts', () => {
    expect(previousPeriod({ from: d('2026-11-08T00:00:00Z'), to: d('2026-11-15T00:00:00Z') })).toEqual({
      from: d('2026-11-01T00:00:00Z'), to: d('2026-11-08T00:00:00Z'),
    });
  });

  it('buckets are UTC; weeks start on Monday', () => {
    expect(bucketStart(d('2026-11-04T13:45:10Z'), 'hour')).toEqual(d('2026-11-04T13:00:00Z'));
    expect(bucketStart(d('2026-11-04T13:45:10Z'), 'day')).toEqual(d('2026-11-04T00:00:00Z'));
    expect(bucketStart(d('2026-11-01T10:00:00Z'), 'week')).toEqual(d('2026-10-26T00:00:00Z')); // a Sunday
    expect(bucketStart(d('2026-11-02T00:00:00Z'), 'week')).toEqual(d('2026-11-02T00:00:00Z')); // a Monday
    expect(bucketStart(d('2026-11-30T23:59:59Z'), 'month')).toEqual(d('2026-11-01T00:00:00Z'));
  });

  it('lists the buckets overlapping the period, up to a limit', () => {
    expect(bucketStarts({ from: d('2026-11-01T12:00:00Z'), to: d('2026-11-03T00:00:00Z') }, 'day', 10)).toEqual([
      d('2026-11-01T00:00:00Z'), d('2026-11-02T00:00:00Z'),
    ]);
    expect(bucketStarts({ from: d('2026-11-01T00:00:00Z'), to: d('2026-12-01T00:00:00Z') }, 'hour', 100)).toBeUndefined();
  });
});
