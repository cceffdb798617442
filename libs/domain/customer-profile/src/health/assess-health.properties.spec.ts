import fc from 'fast-check';
import { assessHealth } from './assess-health';
import { evolveSignals, type SignalEvent } from './evolve-signals';
import { ev, given, NOW } from './health-events.fixture';

const days = fc.integer({ min: 0, max: 200 });
const anEvent: fc.Arbitrary<SignalEvent> = fc.oneof(
  days.map(ev.order),
  days.map(ev.refund),
  days.map(ev.visit),
  fc.tuple(days, fc.integer({ min: 1, max: 5 })).map(([d, s]) => ev.csat(d, s)),
  fc.tuple(days, fc.integer({ min: 0, max: 10 })).map(([d, s]) => ev.nps(d, s)),
  fc.tuple(fc.integer({ min: 1, max: 30 }), days, fc.constantFrom(undefined, 'complaint', 'billing')).map(([n, d, c]) => ev.ticket(n, d, c)),
  fc.tuple(fc.integer({ min: 1, max: 30 }), days, fc.constantFrom('solved', 'closed', 'open')).map(([n, d, to]) => ev.status(n, d, to)),
  fc.tuple(fc.integer({ min: 1, max: 30 }), days).map(([n, d]) => ev.breach(n, d)),
);
const histories = fc.array(anEvent, { maxLength: 40 });
const recent = fc.integer({ min: 0, max: 29 });

describe('assessHealth properties', () => {
  it('is deterministic, bounded, and always explains a risk above low', () => {
    fc.assert(
      fc.property(histories, (events) => {
        const signals = given(...events);
        const a = assessHealth(signals, NOW);
        expect(assessHealth(structuredClone(signals), NOW)).toEqual(a);
        expect(Number.isInteger(a.score) && a.score >= 0 && a.score <= 100).toBe(true);
        expect(a.reasons.length).toBeLessThanOrEqual(3);
        if (a.churnRisk !== 'low') expect(a.reasons.length).toBeGreaterThan(0);
      }),
    );
  });

  it('never improves when a bad signal is added: a recent complaint, an SLA breach, a refund', () => {
    fc.assert(
      fc.property(histories, recent, fc.integer({ min: 100, max: 120 }), (events, d, n) => {
        const signals = given(...events);
        const before = assessHealth(signals, NOW).score;
        for (const bad of [ev.ticket(n, d, 'complaint'), ev.breach(n, d), ev.refund(d)]) {
          expect(assessHealth(evolveSignals(signals, bad), NOW).score).toBeLessThanOrEqual(before);
        }
      }),
    );
  });

  it('never improves as the last visit lies further back', () => {
    fc.assert(
      fc.property(histories, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (events, a, b) => {
        const signals = given(...events);
        const [near, far] = [Math.min(a, b), Math.max(a, b)];
        const at = (d: number) => assessHealth({ ...signals, lastVisitAt: NOW - d * 86_400_000 }, NOW).score;
        expect(at(far)).toBeLessThanOrEqual(at(near));
      }),
    );
  });
});
