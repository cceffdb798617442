import { ALL_EVENTS, customerIdFor, EventCatalogue } from '@csp/contracts';
import { messageEvent, messageEvents } from './message-events';
import { simCustomer } from './population/customer-population';
import { seededRandom } from './random/seeded-random';

const catalogue = new EventCatalogue(ALL_EVENTS);

describe('messageEvents', () => {
  const events = messageEvents({ seed: 7, count: 500, customers: 40 });

  it('gives N valid inbound messages from M customers, reproducibly', () => {
    expect(events).toHaveLength(500);
    expect(events.every((e) => e.type === 'cs.message.received.v1' && catalogue.validate(e.type, e.data).ok)).toBe(true);
    expect(new Set(events.map((e) => customerIdFor(e.data.customer))).size).toBeLessThanOrEqual(40 * 2);
    expect(new Set(events.map((e) => e.id)).size).toBe(500);
    expect(messageEvents({ seed: 7, count: 500, customers: 40 })).toEqual(events);
    expect(messageEvents({ seed: 8, count: 500, customers: 40 })).not.toEqual(events);
  });

  it('continues some threads, each from one customer', () => {
    const byThread = new Map<string, Set<string>>();
    for (const e of events) {
      const thread = e.data.thread?.externalId ?? '';
      byThread.set(thread, (byThread.get(thread) ?? new Set()).add(JSON.stringify(e.data.customer)));
    }
    expect(byThread.size).toBeLessThan(events.length);
    expect([...byThread.values()].every((customers) => customers.size === 1)).toBe(true);
  });

  it('builds one message with the asked-for category and channel', () => {
    const event = messageEvent({ customer: simCustomer(1, 0), id: 'm-1', at: Date.UTC(2025, 5, 1), rng: seededRandom(1), category: 'refund', channel: 'chat', angry: true });
    expect(event).toMatchObject({ id: 'm-1', source: '/connectors/chat', time: '2025-06-01T00:00:00.000Z', data: { channel: 'chat' } });
    expect(catalogue.validate(event.type, event.data)).toEqual({ ok: true });
  });
});
