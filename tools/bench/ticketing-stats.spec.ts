import { dueSchedule, firingOf, recordStep, slaLags, type StepTimes, stepLatencies, stepOf, timesSlower } from './ticketing-stats';

describe('bench:ticketing helpers', () => {
  it('maps ticket events to latency steps; only acknowledgements among outbound requests', () => {
    expect(stepOf({ type: 'cs.ticket.opened.v1', data: { ticketId: 't' } })).toEqual({ ticketId: 't', step: 'opened' });
    expect(stepOf({ type: 'cs.ticket.unassigned.v1', data: { ticketId: 't' } })).toEqual({ ticketId: 't', step: 'queued' });
    expect(stepOf({ type: 'cs.outbound.requested.v1', data: { ticketId: 't', kind: 'acknowledgement' } })).toEqual({ ticketId: 't', step: 'acknowledgement' });
    expect(stepOf({ type: 'cs.outbound.requested.v1', data: { ticketId: 't', kind: 'sla_warning' } })).toBeUndefined();
    expect(stepOf({ type: 'cs.sla.activated.v1', data: { ticketId: 't' } })).toBeUndefined();
  });

  it('keeps the first time of each step and measures each step and the last of the four from the POST', () => {
    const times = new Map<string, StepTimes>();
    for (const [type, at] of [['cs.ticket.opened.v1', 1010], ['cs.outbound.requested.v1', 1015], ['cs.ticket.routed.v1', 1030], ['cs.ticket.assigned.v1', 1040], ['cs.ticket.assigned.v1', 1090]] as const) {
      recordStep(times, { type, data: { ticketId: 'a', kind: 'acknowledgement' }, recordedAt: at });
    }
    recordStep(times, { type: 'cs.ticket.opened.v1', data: { ticketId: 'b' }, recordedAt: 2005 });
    const result = stepLatencies(new Map([['a', 1000], ['b', 2000]]), times);
    expect(result.steps).toEqual({ opened: [10, 5], routed: [30], assigned: [40], acknowledgement: [15] });
    expect(result.all).toEqual([40]);
    expect(result.missing).toEqual({ opened: 0, routed: 1, assigned: 1, acknowledgement: 1 });
    expect(result.doneRate).toBeCloseTo(1000 / 40);
  });

  it('dates messages so their clocks fall due evenly over the window', () => {
    expect(dueSchedule(4, 100_000, 1_000, 60)).toEqual([
      { dueAt: 100_000, messageAt: 100_000 - 3_600_000 },
      { dueAt: 100_250, messageAt: 100_250 - 3_600_000 },
      { dueAt: 100_500, messageAt: 100_500 - 3_600_000 },
      { dueAt: 100_750, messageAt: 100_750 - 3_600_000 },
    ]);
  });

  it('measures warning and breach lag from their due times and counts each clock once', () => {
    const due = new Map([['a:first_response', 120_000], ['b:first_response', 130_000]]);
    const fire = (ticketId: string, kind: 'warn' | 'breach', recordedAt: number) => ({ ticketId, target: 'first_response', kind, recordedAt });
    const lags = slaLags(due, 60_000, [fire('a', 'warn', 60_500), fire('a', 'breach', 121_000), fire('a', 'breach', 125_000), fire('b', 'breach', 130_200), fire('x', 'warn', 1)]);
    expect(lags.warn).toEqual([500]);
    expect(lags.breach).toEqual([1_000, 200]);
    expect(lags).toMatchObject({ warnedOnce: 1, breachedOnce: 1, repeated: 1, neverWarned: 1, neverBreached: 0 });
    expect(firingOf({ type: 'cs.sla.breached.v1', data: { ticketId: 'a', target: 'resolution' }, recordedAt: 5 })).toEqual({ ticketId: 'a', target: 'resolution', kind: 'breach', recordedAt: 5 });
  });

  it('writes ours / bare as a factor', () => {
    expect(timesSlower(300, 2)).toBe('150.0x');
    expect(timesSlower(Number.NaN, 2)).toBe('-');
  });
});
