import { offsetSegmentAt, utcOffsetAt } from './time-zone-offsets';

const ms = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('time zone offsets from Intl', () => {
  it('reads offsets including half-hour and 45-minute ones', () => {
    expect(utcOffsetAt('Europe/Berlin', ms('2026-01-15T12:00Z'))).toBe(HOUR);
    expect(utcOffsetAt('Europe/Berlin', ms('2026-07-15T12:00Z'))).toBe(2 * HOUR);
    expect(utcOffsetAt('Asia/Kolkata', ms('2026-07-15T12:00Z'))).toBe(5.5 * HOUR);
    expect(utcOffsetAt('Pacific/Chatham', ms('2026-07-15T12:00Z'))).toBe(12.75 * HOUR);
    expect(utcOffsetAt('America/New_York', ms('2026-01-15T12:00Z'))).toBe(-5 * HOUR);
  });

  it('finds the DST changes to the second and says how long an offset lasts', () => {
    expect(offsetSegmentAt('Europe/Berlin', ms('2026-03-29T00:59:59Z'))).toEqual({ offsetMs: HOUR, untilMs: ms('2026-03-29T01:00Z') });
    expect(offsetSegmentAt('Europe/Berlin', ms('2026-03-29T01:00Z'))).toEqual({ offsetMs: 2 * HOUR, untilMs: ms('2026-10-25T01:00Z') });
    expect(offsetSegmentAt('Europe/Berlin', ms('2026-11-01T00:00Z'))).toEqual({ offsetMs: HOUR, untilMs: ms('2027-01-01T00:00Z') });
    expect(offsetSegmentAt('Australia/Sydney', ms('2026-01-01T00:00Z'))).toEqual({ offsetMs: 11 * HOUR, untilMs: ms('2026-04-04T16:00Z') });
  });

  it('agrees with Intl at every hour of a year with DST', () => {
    for (const zone of ['America/New_York', 'Pacific/Chatham', 'America/Sao_Paulo']) {
      for (let t = ms('2026-01-01T00:00Z'); t < ms('2027-01-01T00:00Z'); t += HOUR) {
        if (offsetSegmentAt(zone, t).offsetMs !== utcOffsetAt(zone, t)) throw new Error(`${zone} differs at ${new Date(t).toISOString()}`);
      }
    }
  });
});
