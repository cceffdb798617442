import fc from 'fast-check';
import { ev, given, NOW } from './health-events.fixture';
import { evolveSignals } from './evolve-signals';
import { DAY_MS, initialSignals, SIGNAL_LIST_LIMIT } from './health-signals';

const daysAgo = (d: number) => NOW - d * DAY_MS;

describe('evolveSignals', () => {
  it('given tickets, when routed, solved and reopened, then open tickets and complaints follow (one complaint per ticket)', () => {
    const s = given(ev.ticket(1, 10), ev.ticket(2, 9, 'complaint'), ev.routed(1, 10, 'complaint'), ev.routed(1, 8, 'complaint'), ev.status(2, 5, 'solved'));
    expect(s.openTickets).toHaveLength(1);
    expect(s.complaints.map((c) => c.at)).toEqual([daysAgo(10), daysAgo(9)]);
    const rerouted = evolveSignals(s, ev.routed(1, 7, 'billing'));
    expect(rerouted.complaints.map((c) => c.at)).toEqual([daysAgo(9)]);
    expect(evolveSignals(rerouted, ev.status(2, 3, 'open')).openTickets).toHaveLength(2);
    const merged = evolveSignals(s, { type: 'cs.ticket.merged.v1', data: { ticketId: s.openTickets[0], intoTicketId: s.openTickets[0], at: new Date(NOW).toISOString() } });
    expect(merged).toMatchObject({ openTickets: [], complaints: [{ at: daysAgo(9) }] });
  });

  it('keeps the last survey answers in time order, even when they arrive late; CES is not a health signal', () => {
    const s = given(ev.csat(5, 2), ev.csat(30, 5), ev.nps(4, 3), ev.ces(3, 1));
    expect(s.csat).toEqual([{ at: daysAgo(30), score: 5 }, { at: daysAgo(5), score: 2 }]);
    expect(s.nps).toEqual([{ at: daysAgo(4), score: 3 }]);
    expect(given(...[1, 2, 3, 4, 5, 6, 7].map((d) => ev.csat(d, 3))).csat).toHaveLength(5);
  });

  it('remembers orders, refunds, visits and SLA breaches; drops what is older than the history window', () => {
    const s = given(ev.order(400), ev.order(100), ev.order(10), ev.refund(9), ev.visit(3), ev.visit(20), ev.breach(1, 2));
    expect(s).toMatchObject({ ordersAt: [daysAgo(100), daysAgo(10)], refundsAt: [daysAgo(9)], lastVisitAt: daysAgo(3), slaBreachesAt: [daysAgo(2)] });
  });

  it('gives the same signals in any arrival order of tickets, orders, answers and breaches (a clean rebuild folds them in time order)', () => {
    const event = fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 400 }), fc.boolean()).map(([n, d, complaint]) => ev.ticket(n, d, complaint ? 'complaint' : undefined)),
      fc.integer({ min: 0, max: 400 }).map((d) => ev.order(d)),
      fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 400 })).map(([n, d]) => ev.breach(n, d)),
      fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 5 })).map(([d, score]) => ev.csat(d, score)),
    );
    const timeOf = (e: { time?: string }) => Date.parse(e.time ?? '');
    fc.assert(
      fc.property(fc.uniqueArray(event, { selector: (e) => JSON.stringify(e), minLength: 1, maxLength: 80 }), fc.nat(), (events, seed) => {
        // One opening per ticket, as in the log; the reordering is a seeded rotation, reversed.
        const openings = new Set<string>();
        const distinct = events.filter((e) => {
          if (e.type !== 'cs.ticket.opened.v1') return true;
          const { ticketId } = e.data as { ticketId: string };
          return !openings.has(ticketId) && Boolean(openings.add(ticketId));
        });
        const inTime = [...distinct].sort((a, b) => timeOf(a) - timeOf(b));
        const shuffled = [...distinct.slice(seed % distinct.length), ...distinct.slice(0, seed % distinct.length)].reverse();
        expect(given(...shuffled)).toEqual(given(...inTime));
      }),
      { numRuns: 300 },
    );
  });

  it('stays bounded for a very busy customer', () => {
    const s = given(...Array.from({ length: 80 }, (_, i) => ev.order(i)));
    expect(s.ordersAt).toHaveLength(SIGNAL_LIST_LIMIT);
    expect(s.ordersAt[SIGNAL_LIST_LIMIT - 1]).toBe(NOW);
  });

  it('returns the same object for events that say nothing about health, or carry no time', () => {
    const s = initialSignals();
    expect(evolveSignals(s, { type: 'cs.marketing.engaged.v1', time: new Date(NOW).toISOString(), data: {} })).toBe(s);
    expect(evolveSignals(s, { type: 'cs.order.placed.v1', data: {} })).toBe(s);
  });
});
