import { ALL_EVENTS, EventCatalogue } from '@csp/contracts';
import { DAY } from '../journeys/journey-window';
import { DEFAULT_TRAFFIC_START, churnLabels, simulateTraffic } from '../simulate-traffic';
import type { SimEvent } from '../events/sim-event';

const options = { seed: 11, customers: 160, days: 160, churn: {} };
const events = simulateTraffic(options);
const labels = churnLabels(options);
const indexOf = (e: SimEvent) => Number(/-c(\d+)-/.exec(e.id)?.[1] ?? -1);
const byCustomer = (list: SimEvent[]) => {
  const map = new Map<number, SimEvent[]>();
  for (const e of list) {
    const i = indexOf(e);
    if (!map.has(i)) map.set(i, []);
    map.get(i)?.push(e);
  }
  return (i: number) => map.get(i) ?? [];
};
const mine = byCustomer(events);
const stripIds = (list: SimEvent[]) => list.map(({ id: _id, ...rest }) => rest);

describe('planted churn (opt-in)', () => {
  it('labels every customer reproducibly, with roughly the planted shares', () => {
    expect(churnLabels(options)).toEqual(labels);
    const share = (kind: string) => labels.filter((l) => l.kind === kind).length / labels.length;
    expect(share('loud-churner') + share('silent-churner')).toBeGreaterThan(0.1);
    expect(share('loud-churner') + share('silent-churner')).toBeLessThan(0.2);
    expect(share('rough-patch')).toBeGreaterThan(0.04);
    expect(share('pause')).toBeGreaterThan(0.04);
    expect(labels.filter((l) => l.churner).every((l) => l.kind.endsWith('churner') && l.from !== undefined)).toBe(true);
  });

  it('leaves loyal customers doing exactly what they do without planting, under their own ids', () => {
    const plain = simulateTraffic({ ...options, churn: undefined });
    const loyal = labels.filter((l) => l.kind === 'loyal').slice(0, 20);
    const plainOf = byCustomer(plain);
    for (const { index } of loyal) expect(stripIds(mine(index))).toEqual(stripIds(plainOf(index)));
    expect(events[0].id).toMatch(/^sim-11-160d-churn-/);
  });

  it('makes churners stop buying once gone, and loud churners complain while drifting', () => {
    const end = DEFAULT_TRAFFIC_START + options.days * DAY;
    const gone = labels.filter((l) => l.churner && (l.to ?? Infinity) < end);
    expect(gone.length).toBeGreaterThan(5);
    for (const l of gone) {
      const late = mine(l.index).filter((e) => Date.parse(e.time) >= (l.to ?? 0));
      expect(late.filter((e) => e.type === 'cs.order.placed.v1' || e.type === 'cs.page.viewed.v1')).toEqual([]);
    }
    const contactsPerDay = (kind: string, inDrift: boolean) => {
      const group = labels.filter((l) => l.kind === kind);
      let contacts = 0;
      let days = 0;
      for (const l of group) {
        const [from, to] = [l.from ?? 0, Math.min(l.to ?? 0, end)];
        const span = inDrift ? [from, to] : [DEFAULT_TRAFFIC_START, from];
        days += (span[1] - span[0]) / DAY;
        contacts += mine(l.index).filter((e) => e.type === 'cs.message.received.v1' && Date.parse(e.time) >= span[0] && Date.parse(e.time) < span[1]).length;
      }
      return contacts / days;
    };
    expect(contactsPerDay('loud-churner', true)).toBeGreaterThan(2 * contactsPerDay('loud-churner', false));
  });

  it('sends only events the contracts catalogue accepts, with unique ids', () => {
    const catalogue = new EventCatalogue(ALL_EVENTS);
    expect(events.filter((e) => !catalogue.validate(e.type, e.data).ok)).toEqual([]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });
});
