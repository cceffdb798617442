import { customerIdFor, type CustomerRef, eventIdFor, type TicketOpenedData } from '@csp/contracts';
import { simulateTraffic } from '@csp/simulator';
import { openProfileProjectionKit, type ProfileProjectionKit, type TestEvent } from '../testing/profile-projection-kit';

jest.setTimeout(180_000);

const at = (day: number, hour = 12) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();
let n = 0;
const [max1, max2] = [{ email: 'max@mail.test' }, { email: 'max.other@mail.test' }];
const interaction = (type: string, customer: CustomerRef, time: string, data: Record<string, unknown> = {}): TestEvent => ({
  id: `wb-${++n}`, type, category: 'interaction', key: customerIdFor(customer), time, data: { customer, ...data },
});

/**
 * Seeded traffic plus what reads the timeline and the health columns inside a batch: segments (the 360 view), tiers
 * and names (refresh), merges (resolution and recomputed signals), tickets, an erasure with facts of the customer
 * before and after it, and redeliveries.
 */
function history(withSegments: boolean): TestEvent[] {
  const traffic = simulateTraffic({ seed: 'profile-write-behind', customers: 8, days: 8 }).map((e): TestEvent => {
    const data = e.data as { customer?: CustomerRef; platform?: string; handle?: string };
    const ref = data.customer ?? { social: { platform: String(data.platform), handle: String(data.handle) } };
    return { id: eventIdFor(e.source, e.id), type: e.type, category: 'interaction', key: customerIdFor(ref), time: e.time, data: e.data };
  });
  const ada = { email: 'ada@mail.test' };
  const adaPhone = { phone: '+4930555111' };
  const eve = { email: 'eve@mail.test' };
  const eveId = customerIdFor(eve);
  const ticketId = '00000000-0000-4000-8000-00000000aaaa';
  const opened: TicketOpenedData = { ticketId, number: 1, customerId: customerIdFor(ada), channel: 'email', subject: 'Late', priority: 'normal', category: 'complaint', openedBy: 'system', openedAt: at(3) };
  const segments: TestEvent[] = [
    {
      id: 'wb-segments', type: 'cs.customer-profile.config-changed.v1', category: 'profileConfig', key: 'segments', time: at(1, 0),
      data: {
        kind: 'segments', version: 1, actor: { kind: 'user', id: 'admin-1' }, at: at(1, 0),
        document: { segments: [
          { id: 'buyers', name: 'Buyers', conditions: { field: 'orders.count', op: 'gte', value: 1 } },
          { id: 'gold', name: 'Gold', conditions: { field: 'tier', op: 'eq', value: 'gold' } },
          { id: 'at-risk', name: 'At risk', conditions: { field: 'churnRisk', op: 'in', value: ['medium', 'high'] } },
        ] },
      },
    },
  ];
  const manual = (type: string, time: string, data: Record<string, unknown>): TestEvent => ({
    id: `wb-${type}`, type, category: 'customer', key: customerIdFor(max1), time,
    data: { survivorId: customerIdFor(max1), mergedId: customerIdFor(max2), actor: { kind: 'user', id: 'lead-1' }, at: time, ...data },
  });
  const eveTicket: TicketOpenedData = { ...opened, ticketId: '00000000-0000-4000-8000-00000000bbbb', number: 2, customerId: eveId, openedAt: '2026-11-08T12:30:00.000Z' };
  const own: TestEvent[] = [
    ...(withSegments ? segments : []),
    interaction('cs.order.placed.v1', ada, at(2), { orderId: 'o-1', amount: 30, currency: 'EUR' }),
    interaction('cs.page.viewed.v1', ada, at(2, 13), { url: 'https://shop.example/a' }),
    interaction('cs.customer.identified.v1', ada, at(2, 14), { traits: { tier: 'gold', name: 'Ada' } }),
    { id: 'wb-ticket-opened', type: 'cs.ticket.opened.v1', category: 'ticket', key: ticketId, time: at(3), data: opened },
    interaction('cs.call.completed.v1', adaPhone, at(3, 14), { channel: 'phone', durationSeconds: 60 }),
    interaction('cs.order.refunded.v1', adaPhone, at(4), { orderId: 'o-1', amount: 30, currency: 'EUR' }),
    // Both identifiers together: the phone's customer merges into Ada's, in the middle of the batch.
    interaction('cs.message.received.v1', { ...ada, ...adaPhone }, at(5), { channel: 'email', body: 'Call me' }),
    interaction('cs.order.placed.v1', adaPhone, at(6), { orderId: 'o-2', amount: 50, currency: 'EUR' }),
    {
      id: 'wb-ticket-solved', type: 'cs.ticket.status-changed.v1', category: 'ticket', key: ticketId, time: at(7),
      data: { ticketId, customerId: customerIdFor(ada), from: 'open', to: 'solved', actor: { kind: 'user', id: 'agent-1' }, at: at(7) },
    },
    interaction('cs.order.placed.v1', eve, at(2), { orderId: 'e-1', amount: 10, currency: 'EUR' }),
    // A cheap event (its fact and health kept in memory) right before the erasure.
    interaction('cs.page.viewed.v1', eve, '2026-11-08T11:59:00.000Z', { url: 'https://shop.example/e' }),
    {
      id: 'wb-erased', type: 'cs.customer.erased.v1', category: 'customer', key: eveId, time: '2026-11-08T11:59:30.000Z',
      data: { customerId: eveId, alsoErasedIds: [], actor: { kind: 'user', id: 'admin-1' }, at: '2026-11-08T11:59:30.000Z' },
    },
    // An agent merges Max's second address into his first and takes it back: each time the second address's
    // events must go to the customer it answers as then.
    interaction('cs.page.viewed.v1', max1, at(2), { url: 'https://shop.example/m1' }),
    interaction('cs.page.viewed.v1', max2, at(2, 13), { url: 'https://shop.example/m2' }),
    // Seconds apart, so no other event's resolution comes in between.
    interaction('cs.page.viewed.v1', max2, '2026-11-04T03:17:00.000Z', { url: 'https://shop.example/m2' }),
    manual('cs.customer.merged.v1', '2026-11-04T03:17:10.000Z', { mode: 'manual', reason: 'same person' }),
    interaction('cs.page.viewed.v1', max2, '2026-11-04T03:17:20.000Z', { url: 'https://shop.example/m2' }),
    manual('cs.customer.unmerged.v1', '2026-11-04T03:17:30.000Z', { reason: 'not the same person' }),
    interaction('cs.page.viewed.v1', max2, '2026-11-04T03:17:40.000Z', { url: 'https://shop.example/m2' }),
    interaction('cs.order.placed.v1', max2, at(6), { orderId: 'm-1', amount: 15, currency: 'EUR' }),
    // After the erasure Eve starts again as a new customer: a ticket first (no identity resolution), then an order.
    { id: 'wb-eve-ticket', type: 'cs.ticket.opened.v1', category: 'ticket', key: eveTicket.ticketId, time: eveTicket.openedAt, data: eveTicket },
    interaction('cs.order.placed.v1', eve, at(9), { orderId: 'e-2', amount: 20, currency: 'EUR' }),
  ];
  const events = [...traffic, ...own].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  // Redelivered at later positions (the runner's checkpoint does not catch these): their facts are stored already.
  return [...events, ...events.filter((_, i) => i % 7 === 0)];
}

describe('the 360 projection writes timeline rows and health behind, per batch (real PostgreSQL)', () => {
  let batched: ProfileProjectionKit;
  let single: ProfileProjectionKit;
  const clock = () => new Date('2026-11-30T12:00:00.000Z');
  beforeEach(async () => {
    [batched, single] = [await openProfileProjectionKit('profile_wb_batched', { care: { clock } }), await openProfileProjectionKit('profile_wb_single', { care: { clock } })];
  });
  afterEach(async () => {
    await batched.close();
    await single.close();
  });

  // Segments read the 360 view after most events (so what is in memory is written then); without them it stays there longer.
  it.each([['with', true], ['without', false]])('gives the same read model and announcements in one batch as with one event per batch, %s segments', async (_, withSegments) => {
    const events = history(withSegments);
    // One batch of the kit (200 events): every read inside it comes after writes kept in memory.
    expect(events.length).toBeGreaterThan(150);
    expect(events.length).toBeLessThanOrEqual(200);
    await batched.deliver(events);
    for (const event of events) await single.deliver([event]);

    const [a, b] = [await batched.dump(), await single.dump()];
    expect(a).toEqual(b);
    const announced = async (kit: ProfileProjectionKit) => (await kit.store.readAll()).map((e) => ({ id: e.id, type: e.type, data: e.data }));
    expect(await announced(batched)).toEqual(await announced(single));

    // The scenario did what it says: the merge, Ada's health and segments, Eve's erasure and her new start.
    const ada = customerIdFor({ email: 'ada@mail.test' });
    const row = (a.customers as { id: string; merged_from: string[]; segments: string[]; health_signals: unknown; tier: string }[]).find((c) => c.id === ada);
    expect(row).toMatchObject({ merged_from: [customerIdFor({ phone: '+4930555111' })], tier: 'gold', segments: withSegments ? ['buyers', 'gold'] : [] });
    expect(row?.health_signals).not.toBeNull();
    const max = (a.customers as { id: string; last_seen_at: Date }[]).filter((c) => [customerIdFor(max1), customerIdFor(max2)].includes(c.id));
    expect(max.map((c) => [c.id, c.last_seen_at.toISOString()]).sort()).toEqual([[customerIdFor(max1), '2026-11-04T03:17:30.000Z'], [customerIdFor(max2), at(6)]].sort()); // the decisions are on max1's timeline
    const eveFacts = (a.customer_timeline as { customer_id: string; event_id: string }[]).filter((f) => f.customer_id === customerIdFor({ email: 'eve@mail.test' }));
    expect(eveFacts.map((f) => f.event_id).sort()).toEqual(['wb-eve-ticket', events.find((e) => e.time === at(9))?.id].sort());
  });
});
