import type { BusinessCalendar, BusinessHoursInterval } from './business-calendar';
import { businessDueTime, elapsedBusinessMinutes } from './business-clock';
import { addBusinessMinutes } from './business-time';

const at = (iso: string) => new Date(iso);
const hours: BusinessHoursInterval[] = [{ start: '09:00', end: '17:00' }];
const office: BusinessCalendar = { id: 'office', timezone: 'Europe/Berlin', holidays: [], weeklyHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours } };
const started = at('2026-03-23T09:00+01:00'); // Monday

describe('SLA clock with pauses', () => {
  it('without pauses is addBusinessMinutes / businessMinutesBetween', () => {
    expect(businessDueTime(office, started, 600)).toEqual(addBusinessMinutes(office, started, 600));
    expect(elapsedBusinessMinutes(office, started, at('2026-03-24T10:00+01:00'))).toBe(540);
  });

  it('moves the due time by the business time spent pending', () => {
    const pending = [{ from: at('2026-03-23T10:00+01:00'), to: at('2026-03-23T15:00+01:00') }];
    const due = at('2026-03-24T10:00+01:00'); // 60 before the pause, 120 on Monday afternoon, 60 on Tuesday
    expect(businessDueTime(office, started, 240, pending)).toEqual(due);
    expect(businessDueTime(office, started, 240, pending)).toEqual(addBusinessMinutes(office, pending[0].to, 240 - 60));
    expect(elapsedBusinessMinutes(office, started, at('2026-03-24T09:30+01:00'), pending)).toBe(60 + 120 + 30);
  });

  it('has no due time while an open pause holds the clock short of its target', () => {
    const onHold = [{ from: at('2026-03-23T10:00+01:00') }];
    expect(businessDueTime(office, started, 240, onHold)).toBeUndefined();
    expect(elapsedBusinessMinutes(office, started, at('2026-03-30T10:00+02:00'), onHold)).toBe(60);
  });

  it('keeps a due time that was reached before a pause began', () => {
    expect(businessDueTime(office, started, 30, [{ from: at('2026-03-23T10:00+01:00') }])).toEqual(at('2026-03-23T09:30+01:00'));
  });

  it('ignores pauses outside business hours', () => {
    const weekend = [{ from: at('2026-03-20T18:00+01:00'), to: at('2026-03-23T08:00+01:00') }];
    expect(businessDueTime(office, at('2026-03-20T16:00+01:00'), 120, weekend)).toEqual(at('2026-03-23T10:00+01:00'));
  });

  it('merges overlapping and unsorted pauses and clips one that began before the clock', () => {
    const pauses = [
      { from: at('2026-03-23T12:00+01:00'), to: at('2026-03-23T14:00+01:00') },
      { from: at('2026-03-23T08:00+01:00'), to: at('2026-03-23T10:00+01:00') },
      { from: at('2026-03-23T11:00+01:00'), to: at('2026-03-23T13:00+01:00') },
    ];
    // Running 10-11 and 14-17 on Monday: 240 minutes.
    expect(elapsedBusinessMinutes(office, started, at('2026-03-24T09:00+01:00'), pauses)).toBe(240);
    expect(businessDueTime(office, started, 241, pauses)).toEqual(at('2026-03-24T09:01+01:00'));
  });

  it('gives the warning time as the due time of target minus lead', () => {
    expect(businessDueTime(office, started, 480 - 60)).toEqual(at('2026-03-23T16:00+01:00'));
  });

  it('counts nothing before the start and rejects a pause that ends before it begins', () => {
    expect(elapsedBusinessMinutes(office, started, at('2026-03-20T10:00+01:00'))).toBe(0);
    expect(() => elapsedBusinessMinutes(office, started, at('2026-03-24T09:00+01:00'), [{ from: at('2026-03-23T12:00Z'), to: at('2026-03-23T11:00Z') }])).toThrow(RangeError);
  });
});
