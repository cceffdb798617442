import { ALL_EVENTS, EventCatalogue } from '@csp/contracts';
import fc from 'fast-check';
import { PUBLIC_EVENT_TYPES, type SimEvent } from './events/sim-event';
import { DAY } from './journeys/journey-window';
import { customerPopulation } from './population/customer-population';
import { DEFAULT_TRAFFIC_START, simulateTraffic } from './simulate-traffic';
import { countByType } from './traffic-summary';

const catalogue = new EventCatalogue(ALL_EVENTS);
const invalid = (events: SimEvent[]) =>
  events.flatMap((e) => {
    const result = catalogue.validate(e.type, e.data);
    return result.ok ? [] : [{ id: e.id, type: e.type, errors: result.errors }];
  });
const messages = (events: SimEvent[]) => events.filter((e): e is SimEvent<'cs.message.received.v1'> => e.type === 'cs.message.received.v1');
const customerIndexOf = (id: string) => /-c(\d+)-/.exec(id)?.[1];

describe('simulateTraffic', () => {
  const options = { seed: 42, customers: 60, days: 7 };
  const events = simulateTraffic(options);

  it('is reproducible: the same seed gives the same events, another seed other ones', () => {
    expect(simulateTraffic(options)).toEqual(events);
    const other = simulateTraffic({ ...options, seed: 43 });
    expect(other.map((e) => e.id)).not.toEqual(events.map((e) => e.id));
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(events));
  });

  it('sends only events the contracts catalogue accepts', () => {
    expect(invalid(events)).toEqual([]);
  });

  it('covers every public event type with a modest population', () => {
    const counts = countByType(events);
    expect(Object.keys(counts)).toEqual([...PUBLIC_EVENT_TYPES]);
    expect(PUBLIC_EVENT_TYPES.filter((t) => counts[t] === 0)).toEqual([]);
    expect(counts['cs.customer.identified.v1']).toBe(options.customers);
  });

  it('gives unique ids, deterministic per seed, and the CloudEvents envelope ingestion expects', () => {
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const e of events) {
      expect(e).toMatchObject({ specversion: '1.0', id: expect.stringMatching(/^sim-42-7d-/), source: expect.stringMatching(/^\/connectors\//) });
    }
    expect(new Set(events.map((e) => e.source)).size).toBe(8);
  });

  it('is in time order within the simulated period; start only shifts the times', () => {
    const times = events.map((e) => Date.parse(e.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(DEFAULT_TRAFFIC_START);
    expect(Math.max(...times)).toBeLessThan(DEFAULT_TRAFFIC_START + 7 * DAY);
    const later = simulateTraffic({ ...options, start: new Date(DEFAULT_TRAFFIC_START + 30 * DAY) });
    expect(later.map((e) => [e.id, e.data])).toEqual(events.map((e) => [e.id, e.data]));
    expect(Date.parse(later[0].time) - times[0]).toBe(30 * DAY);
  });

  it('keeps customer i doing the same things in a larger population', () => {
    const larger = simulateTraffic({ ...options, customers: 80 });
    const mine = (list: SimEvent[]) => list.filter((e) => customerIndexOf(e.id) === '5');
    expect(mine(larger)).toEqual(mine(events));
  });

  it('continues conversations on the same thread, from the same customer and channel', () => {
    const threads = new Map<string, SimEvent<'cs.message.received.v1'>[]>();
    for (const m of messages(events)) {
      const key = m.data.thread?.externalId ?? '';
      threads.set(key, [...(threads.get(key) ?? []), m]);
    }
    const followedUp = [...threads.values()].filter((list) => list.length > 1);
    expect(followedUp.length).toBeGreaterThan(3);
    for (const list of followedUp) {
      expect(new Set(list.map((m) => `${customerIndexOf(m.id)} ${m.data.channel} ${m.source}`)).size).toBe(1);
    }
  });

  it('writes messages of several categories, some angry, some from VIP customers, some in German', () => {
    const texts = messages(events).map((m) => `${m.data.subject ?? ''} ${m.data.body}`);
    const categories = [/charged|invoice/i, /tracking|arrived|delivery/i, /refund|return/i, /log in|password|account/i, /stopped working|leaks|noise/i, /discount|stock|compatible|difference/i];
    expect(categories.filter((re) => texts.some((t) => re.test(t))).length).toBeGreaterThanOrEqual(5);
    expect(texts.some((t) => /not acceptable|disappointed|worst|ridiculous|manager|inakzeptabel/i.test(t))).toBe(true);
    expect(messages(events).some((m) => m.data.language === 'de')).toBe(true);
    // One customer in twenty is a VIP: a population of 200 has about ten, and some of them write.
    const vipEmails = new Set(customerPopulation(42, 200).filter((c) => c.tier === 'vip').map((c) => c.email));
    const fromVips = messages(simulateTraffic({ ...options, customers: 200 })).filter((m) => vipEmails.has(m.data.customer.email ?? ''));
    expect(fromVips.length).toBeGreaterThan(0);
  });

  it('answers surveys only after the same customer contacted support', () => {
    const surveys = events.filter((e) => e.type === 'cs.survey.answered.v1');
    expect(surveys.length).toBeGreaterThan(0);
    for (const s of surveys) {
      const contacts = events.filter((e) => (e.type === 'cs.message.received.v1' || e.type === 'cs.call.completed.v1') && customerIndexOf(e.id) === customerIndexOf(s.id));
      expect(contacts.some((c) => c.time < s.time)).toBe(true);
      expect(s.data).not.toHaveProperty('ticketId');
    }
  });

  it('produces valid events for any seed and size (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 6 }), fc.double({ min: 0.2, max: 5, noNaN: true }), (seed, customers, days) => {
        const run = simulateTraffic({ seed, customers, days });
        return invalid(run).length === 0 && new Set(run.map((e) => e.id)).size === run.length;
      }),
      { numRuns: 40 },
    );
  });

  it('refuses nonsense sizes', () => {
    expect(() => simulateTraffic({ seed: 1, customers: -1, days: 1 })).toThrow(RangeError);
    expect(() => simulateTraffic({ seed: 1, customers: 1, days: 0 })).toThrow(RangeError);
  });
});
