import { assessHealth } from './assess-health';
import { ev, given, NOW } from './health-events.fixture';
import { initialSignals } from './health-signals';
import { mergeSignals } from './merge-signals';

describe('mergeSignals', () => {
  it('given two halves of one customer, when merged, then the signals equal those of all the events in one history', () => {
    const a = [ev.order(60), ev.csat(50, 5), ev.ticket(1, 20, 'complaint'), ev.visit(30)];
    const b = [ev.order(30), ev.csat(10, 2), ev.ticket(2, 10), ev.refund(25), ev.breach(2, 9), ev.visit(5)];
    expect(mergeSignals(given(...a), given(...b))).toEqual(given(...a, ...b));
    expect(assessHealth(mergeSignals(given(...a), given(...b)), NOW)).toEqual(assessHealth(given(...b, ...a), NOW));
  });

  it('counts a complaint seen by both only once, and keeps a missing visit missing', () => {
    const both = given(ev.ticket(1, 20, 'complaint'));
    expect(mergeSignals(both, both).complaints).toHaveLength(1);
    expect(mergeSignals(initialSignals(), initialSignals()).lastVisitAt).toBeNull();
  });
});
