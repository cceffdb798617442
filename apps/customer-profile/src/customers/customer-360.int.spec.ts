import { customerIdFor, type CustomerRef, customerIdOfIdentity, type TicketOpenedData } from '@csp/contracts';
import { randomUUID } from 'node:crypto';
import { openProfileProjectionKit, type ProfileProjectionKit, type TestEvent } from '../testing/profile-projection-kit';

const interaction = (type: string, customer: CustomerRef, time: string, data: Record<string, unknown> = {}): TestEvent => ({
  id: randomUUID(), type, category: 'interaction', key: customerIdFor(customer), time, data: { customer, ...data },
});

describe('the 360 view projection (real PostgreSQL)', () => {
  let kit: ProfileProjectionKit;
  beforeAll(async () => {
    kit = await openProfileProjectionKit('profile360');
  });
  afterAll(() => kit.close());

  it('links identities, lists tickets and activity, and gives the same view when everything is delivered twice', async () => {
    const customer = { email: 'grace@example.net', phone: '+4930123456', name: 'Grace' };
    const customerId = customerIdFor(customer);
    const ticket: TicketOpenedData = {
      ticketId: randomUUID(), number: 9, customerId, channel: 'phone', subject: 'Invoice wrong', priority: 'normal', openedBy: 'system', openedAt: '2026-11-20T10:00:00.000Z',
    };
    const events: TestEvent[] = [
      interaction('cs.message.received.v1', customer, '2026-11-20T09:59:00.000Z', { channel: 'phone', body: 'Invoice wrong' }),
      { id: randomUUID(), type: 'cs.ticket.opened.v1', category: 'ticket', key: ticket.ticketId, time: ticket.openedAt, data: ticket },
      {
        id: randomUUID(), type: 'cs.ticket.status-changed.v1', category: 'ticket', key: ticket.ticketId, time: '2026-11-20T12:00:00.000Z',
        data: { ticketId: ticket.ticketId, customerId, from: 'open', to: 'solved', actor: { kind: 'user', id: 'agent-1' }, at: '2026-11-20T12:00:00.000Z' },
      },
      interaction('cs.page.viewed.v1', { email: customer.email }, '2026-11-21T08:00:00.000Z', { url: 'https://shop.example/help' }),
      interaction('cs.order.placed.v1', { phone: customer.phone }, '2026-11-01T08:00:00.000Z', { orderId: 'o1', amount: 100, currency: 'EUR' }),
      interaction('cs.order.placed.v1', { email: customer.email }, '2026-11-11T08:00:00.000Z', { orderId: 'o2', amount: 50, currency: 'EUR' }),
      interaction('cs.order.refunded.v1', { email: customer.email }, '2026-11-12T08:00:00.000Z', { orderId: 'o2', amount: 20, currency: 'EUR' }),
      interaction('cs.survey.answered.v1', { email: customer.email }, '2026-11-20T13:00:00.000Z', { kind: 'csat', score: 4, ticketId: ticket.ticketId }),
      interaction('cs.social.mentioned.v1', customer, '2026-11-22T08:00:00.000Z', { platform: 'x', handle: 'grace', text: 'slow refund', sentiment: -0.6 }),
    ];
    await kit.deliver(events);
    const once = await kit.query.byId(customerId);
    const tables = await kit.dump();
    await kit.deliver([...events].reverse());
    expect(await kit.query.byId(customerId)).toEqual(once);
    expect(await kit.dump()).toEqual(tables);

    expect(once).toMatchObject({
      id: customerId,
      identities: [{ kind: 'email', value: 'grace@example.net' }, { kind: 'phone', value: '+4930123456' }],
      traits: { name: 'Grace' },
      orders: { count: 2, lifetimeValue: { EUR: 130 }, currency: 'EUR', lastOrderAt: '2026-11-11T08:00:00.000Z', purchaseFrequencyDays: 10, refunds: { count: 1, amount: { EUR: 20 } } },
      tickets: { open: 0, total: 1, lastTicketAt: '2026-11-20T10:00:00.000Z', averageResolutionSeconds: 7200 },
      satisfaction: { lastCsat: 4, lastNps: null, trend: null },
      behaviour: { recentPages: [{ url: 'https://shop.example/help', at: '2026-11-21T08:00:00.000Z' }] },
      social: { mentions: [{ platform: 'x', handle: 'grace', text: 'slow refund', sentiment: -0.6, at: '2026-11-22T08:00:00.000Z' }] },
      // The phone-only order was keyed by the phone's id (what other services compute): it answers as this customer.
      mergedFrom: [customerIdFor({ phone: customer.phone })],
    });
    expect(once?.tickets.recent).toEqual([{ id: ticket.ticketId, number: 9, status: 'solved', channel: 'phone', subject: 'Invoice wrong', openedAt: '2026-11-20T10:00:00.000Z' }]);
    expect((await kit.query.byId(customerIdFor({ phone: customer.phone })))?.id).toBe(customerId);
  });

  it('merges automatically by precedence when an external id arrives, announces it once, and the tier follows', async () => {
    const email = { email: 'lin@example.net' };
    const emailId = customerIdFor(email);
    const externalId = customerIdOfIdentity({ kind: 'externalId', value: 'shop-77' });
    const order = interaction('cs.order.placed.v1', email, '2026-11-01T08:00:00.000Z', { orderId: 'o77', amount: 10, currency: 'USD' });
    const identified = interaction('cs.customer.identified.v1', { externalId: 'shop-77', email: 'lin@example.net' }, '2026-11-02T08:00:00.000Z', { traits: { tier: 'gold', company: 'Acme' } });
    await kit.deliver([order, identified]);
    await kit.deliver([identified]);

    const survivor = await kit.query.byId(emailId);
    expect(survivor).toMatchObject({ id: externalId, tier: 'gold', traits: { tier: 'gold', company: 'Acme' }, mergedFrom: [emailId], orders: { count: 1 } });
    const announced = (await kit.store.readStream(`customer-${externalId}`)).map((e) => [e.type, e.data]);
    expect(announced).toEqual([
      ['cs.customer.merged.v1', expect.objectContaining({ survivorId: externalId, mergedId: emailId, mode: 'automatic' })],
      ['cs.customer.tier-changed.v1', expect.objectContaining({ customerId: externalId, to: 'gold' })],
    ]);
  });

  it('ignores junk identifiers: two callers who typed test@test.com stay two customers', async () => {
    const [one, two] = [{ email: 'test@test.com', phone: '+4930999001' }, { email: 'TEST@test.com'.toLowerCase(), phone: '+4930999002' }];
    await kit.deliver([
      interaction('cs.message.received.v1', one, '2026-11-03T08:00:00.000Z', { channel: 'webform', body: 'one' }),
      interaction('cs.message.received.v1', two, '2026-11-03T08:01:00.000Z', { channel: 'webform', body: 'two' }),
    ]);
    const [a, b] = [await kit.query.byId(customerIdFor({ phone: one.phone })), await kit.query.byId(customerIdFor({ phone: two.phone }))];
    expect([a?.identities, b?.identities]).toEqual([[{ kind: 'phone', value: one.phone }], [{ kind: 'phone', value: two.phone }]]);
    expect(await kit.query.idsByIdentity('email', 'test@test.com')).toEqual([]);
  });

  it('splits customers again once a value turns out shared (a shop front-desk phone used by many)', async () => {
    const desk = '+4930777000';
    const callers = Array.from({ length: 6 }, (_, i) => ({ email: `caller${i}@example.net`, phone: desk }));
    await kit.deliver(callers.slice(0, 3).map((c, i) => interaction('cs.order.placed.v1', c, `2026-11-0${i + 1}T08:00:00.000Z`, { orderId: `d${i}`, amount: 1, currency: 'EUR' })));
    // Three emails with one phone: still one person by the rules (maxPerKind = 3).
    expect((await kit.query.byId(customerIdFor({ email: 'caller2@example.net' })))?.id).toBe(customerIdFor(callers[0]));
    await kit.deliver(callers.slice(3).map((c, i) => interaction('cs.order.placed.v1', c, `2026-11-0${i + 4}T08:00:00.000Z`, { orderId: `d${i + 3}`, amount: 1, currency: 'EUR' })));
    const views = await Promise.all(callers.map((c) => kit.query.byId(customerIdFor(c))));
    expect(views.map((v) => [v?.id, v?.orders.count, v?.identities])).toEqual(
      callers.map((c) => [customerIdFor(c), 1, [{ kind: 'email', value: c.email }, { kind: 'phone', value: desk, shared: true }]]),
    );
    expect(await kit.query.idsByIdentity('phone', desk)).toHaveLength(6);
  });

  it('never merges two external ids through a shared email, and an agent can merge and unmerge with timelines restored', async () => {
    const [a, b] = [{ externalId: 'acct-a', email: 'family@example.net' }, { externalId: 'acct-b', email: 'family@example.net' }];
    const [idA, idB] = [customerIdFor(a), customerIdFor(b)];
    await kit.deliver([
      interaction('cs.message.received.v1', a, '2026-11-03T08:00:00.000Z', { channel: 'email', body: 'hi from a' }),
      interaction('cs.message.received.v1', b, '2026-11-03T09:00:00.000Z', { channel: 'email', body: 'hi from b' }),
    ]);
    expect((await kit.query.byId(idA))?.id).toBe(idA);
    expect((await kit.query.byId(idB))?.id).toBe(idB);
    expect(await kit.query.idsByIdentity('email', 'family@example.net')).toEqual([idA, idB].sort());

    const anon = { anonymousId: 'web-42' };
    const anonId = customerIdFor(anon);
    await kit.deliver([interaction('cs.page.viewed.v1', anon, '2026-11-04T08:00:00.000Z', { url: 'https://shop.example/' })]);
    const before = { a: await kit.query.byId(idA), anon: await kit.query.byId(anonId) };
    const actor = { kind: 'user', id: 'lead-1' };
    await kit.deliver([{ id: randomUUID(), type: 'cs.customer.merged.v1', category: 'customer', key: idA, time: '2026-11-05T08:00:00.000Z', data: { survivorId: idA, mergedId: anonId, mode: 'manual', reason: 'same person', actor, at: '2026-11-05T08:00:00.000Z' } }]);
    const merged = await kit.query.byId(anonId);
    expect(merged).toMatchObject({ id: idA, mergedFrom: [anonId], behaviour: { recentPages: [{ url: 'https://shop.example/' }] } });

    await kit.deliver([{ id: randomUUID(), type: 'cs.customer.unmerged.v1', category: 'customer', key: idA, time: '2026-11-06T08:00:00.000Z', data: { survivorId: idA, mergedId: anonId, actor, at: '2026-11-06T08:00:00.000Z' } }]);
    expect(await kit.query.byId(anonId)).toEqual(before.anon);
    expect(await kit.query.byId(idA)).toEqual(before.a);
  });
});
