import { type CustomerRef, customerIdFor, eventIdFor, type Identity } from '@csp/contracts';
import { DEFAULT_IDENTITY_CONFIG, resolveIdentities } from '@csp/customer-profile-domain';
import { simulateTraffic } from '@csp/simulator';
import { openProfileProjectionKit, type ProfileProjectionKit, type TestEvent } from '../testing/profile-projection-kit';

/** Seeded traffic plus what makes identity interesting: external ids arriving later, a shared email, tickets, a manual merge. */
function history(): { events: TestEvent[]; emails: string[] } {
  const traffic = simulateTraffic({ seed: 'profile-idempotency', customers: 12, days: 30 });
  const events: TestEvent[] = traffic.map((e) => {
    const data = e.data as { customer?: CustomerRef; platform?: string; handle?: string };
    const ref = data.customer ?? { social: { platform: String(data.platform), handle: String(data.handle) } };
    return { id: eventIdFor(e.source, e.id), type: e.type, category: 'interaction', key: customerIdFor(ref), time: e.time, data: e.data };
  });
  const at = (day: number) => new Date(Date.UTC(2025, 0, day, 12)).toISOString();
  const seen = (n: number, type: string, customer: CustomerRef, day: number, data: Record<string, unknown>): TestEvent => ({
    id: `extra-${n}`, type, category: 'interaction', key: customerIdFor(customer), time: at(day), data: { customer, ...data },
  });
  const identified = (n: number, customer: CustomerRef, day: number, traits: Record<string, unknown> = {}) => seen(n, 'cs.customer.identified.v1', customer, day, { traits });
  const page = (n: number, customer: CustomerRef, day: number) => seen(n, 'cs.page.viewed.v1', customer, day, { url: `https://shop.example/p/${n}` });
  const emails = ['link1@mail.test', 'link2@mail.test', 'family@mail.test', 'm1@mail.test', 'm2@mail.test'];
  events.push(
    seen(1, 'cs.order.placed.v1', { email: emails[0] }, 5, { orderId: 'x-1', amount: 42, currency: 'EUR' }),
    identified(2, { externalId: 'crm-1', email: emails[0] }, 20, { tier: 'vip' }),
    page(3, { email: emails[1], phone: '+4930555000' }, 2),
    identified(4, { externalId: 'crm-2', email: emails[1] }, 3, { tier: 'gold' }),
    identified(5, { externalId: 'crm-3', email: emails[2] }, 10),
    identified(6, { externalId: 'crm-4', email: emails[2] }, 11),
    page(7, { email: emails[3] }, 4),
    page(8, { email: emails[4] }, 6),
    // Typed into a web form: recorded, merges nobody.
    seen(9, 'cs.message.received.v1', { email: 'form@mail.test', phone: '+4930555000' }, 7, { channel: 'webform', body: 'call me' }),
  );
  const [survivor, merged] = [customerIdFor({ email: emails[3] }), customerIdFor({ email: emails[4] })];
  events.push({
    id: 'manual-merge-1', type: 'cs.customer.merged.v1', category: 'customer', key: survivor, time: at(25),
    data: { survivorId: survivor, mergedId: merged, mode: 'manual', reason: 'same person', actor: { kind: 'user', id: 'lead-1' }, at: at(25) },
  });
  for (const [n, message] of events.filter((e) => e.type === 'cs.message.received.v1').slice(0, 6).entries()) {
    const ticketId = `00000000-0000-4000-8000-00000000000${n}`;
    const opened = Date.parse(message.time) + 60_000;
    events.push(
      { id: `t${n}-opened`, type: 'cs.ticket.opened.v1', category: 'ticket', key: ticketId, time: new Date(opened).toISOString(),
        data: { ticketId, number: n + 1, customerId: message.key, channel: 'email', subject: `Issue ${n}`, priority: 'normal', openedBy: 'system', openedAt: new Date(opened).toISOString() } },
      { id: `t${n}-solved`, type: 'cs.ticket.status-changed.v1', category: 'ticket', key: ticketId, time: new Date(opened + 3_600_000 * (n + 1)).toISOString(),
        data: { ticketId, customerId: message.key, from: 'open', to: 'solved', actor: { kind: 'user', id: 'agent-1' }, at: new Date(opened + 3_600_000 * (n + 1)).toISOString() } },
    );
  }
  return { events: events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)), emails };
}

/** Every event twice, keys interleaved at random; the order within a key (a customer, a ticket) is kept. */
function redeliveredOutOfOrder(events: readonly TestEvent[], seed: number): TestEvent[] {
  const queues = new Map<string, TestEvent[]>();
  for (const e of [...events, ...events]) (queues.get(e.key) ?? queues.set(e.key, []).get(e.key)!).push(e);
  const perKey = [...queues.values()].map((q) => [...q.slice(0, q.length / 2), ...q.slice(q.length / 2)]);
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31);
  const out: TestEvent[] = [];
  while (perKey.some((q) => q.length)) {
    const open = perKey.filter((q) => q.length);
    out.push(open[next() % open.length].shift()!);
  }
  return out;
}

describe('the 360 projection is idempotent and order-independent (real PostgreSQL, seeded traffic)', () => {
  let clean: ProfileProjectionKit;
  let noisy: ProfileProjectionKit;
  beforeAll(async () => {
    [clean, noisy] = [await openProfileProjectionKit('profile_clean'), await openProfileProjectionKit('profile_noisy')];
  });
  afterAll(async () => {
    await clean.close();
    await noisy.close();
  });

  it('gives the same read model and the same customers when every event comes twice and out of order across customers', async () => {
    const { events, emails } = history();
    expect(events.length).toBeGreaterThan(300);
    await clean.deliver(events);
    await noisy.deliver(redeliveredOutOfOrder(events, 42));

    const [a, b] = [await clean.dump(), await noisy.dump()];
    expect(b).toEqual(a);
    const ids = (a.customers as { id: string }[]).map((c) => c.id);
    expect(ids.length).toBeGreaterThan(10);
    for (const id of ids) expect(await noisy.query.byId(id)).toEqual(await clean.query.byId(id));

    // The scenario did what it says: merges by precedence, a shared email that merged nobody, the manual merge.
    const byId = new Map((a.customers as { id: string; merged_from: string[] }[]).map((c) => [c.id, c.merged_from]));
    const idOf = (ref: CustomerRef) => customerIdFor(ref);
    expect(byId.get(idOf({ externalId: 'crm-1' }))).toContain(idOf({ email: emails[0] }));
    expect(byId.get(idOf({ externalId: 'crm-2' }))).toContain(idOf({ email: emails[1] }));
    expect(byId.get(idOf({ email: emails[3] }))).toContain(idOf({ email: emails[4] }));
    expect((await clean.query.byId(idOf({ email: 'form@mail.test' })))?.id).toBe(idOf({ email: 'form@mail.test' }));
    expect((await clean.query.byId(idOf({ phone: '+4930555000' })))?.id).toBe(idOf({ externalId: 'crm-2' }));
    expect(await clean.query.idsByIdentity('email', emails[2])).toEqual([idOf({ externalId: 'crm-3' }), idOf({ externalId: 'crm-4' })].sort());
  }, 120_000);

  it('resolves each change over its component only, yet agrees with resolving every observation at once', async () => {
    const observations: { first_event_id: string; first_at: Date; identities: Identity[]; verified: boolean }[] = await clean.dataSource.query('SELECT * FROM identity_observations');
    const decisions: { event_id: string; kind: 'merge' | 'separate'; a: string; b: string; at: Date }[] = await clean.dataSource.query('SELECT * FROM identity_decisions');
    const global = resolveIdentities(
      observations.map((o) => ({ id: o.first_event_id, at: o.first_at.toISOString(), identities: o.identities, verified: o.verified })),
      decisions.map((d) => ({ id: d.event_id, kind: d.kind, a: d.a, b: d.b, at: d.at.toISOString() })),
      DEFAULT_IDENTITY_CONFIG,
    );
    const stored: { alias_id: string; customer_id: string }[] = await clean.dataSource.query('SELECT alias_id, customer_id FROM customer_aliases');
    expect(Object.fromEntries(stored.map((r) => [r.alias_id, r.customer_id]))).toEqual(global.aliases);
    const merged: { id: string; merged_from: string[] }[] = await clean.dataSource.query(`SELECT id, merged_from FROM customers WHERE merged_from <> '{}'`);
    expect(Object.fromEntries(merged.map((c) => [c.id, [...c.merged_from].sort()]))).toEqual(
      Object.fromEntries(global.customers.filter((c) => c.mergedFrom.length).map((c) => [c.id, c.mergedFrom])),
    );
  });
});
