import { ALL_EVENTS, customerIdFor, type CustomerRef, EventCatalogue, type OutboundRequestedData, type TicketOpenedData } from '@csp/contracts';
import type { RecordedEvent } from '@csp/event-store';
import { DeadlineStore } from '@csp/scheduler';
import { randomUUID } from 'node:crypto';
import { ListCustomersQuery } from '../customers/list-customers/list-customers.query';
import { openProfileProjectionKit, type ProfileProjectionKit, type TestEvent } from '../testing/profile-projection-kit';
import { CustomerCare } from './customer-care';
import { DailyCare } from './daily-care';

const interaction = (type: string, customer: CustomerRef, time: string, data: Record<string, unknown> = {}): TestEvent => ({
  id: randomUUID(), type, category: 'interaction', key: customerIdFor(customer), time, data: { customer, ...data },
});
const complaint = (customerId: string, number: number, openedAt: string): TestEvent => {
  const data: TicketOpenedData = { ticketId: randomUUID(), number, customerId, channel: 'email', subject: 'Broken again', priority: 'normal', category: 'complaint', openedBy: 'system', openedAt };
  return { id: randomUUID(), type: 'cs.ticket.opened.v1', category: 'ticket', key: data.ticketId, time: openedAt, data };
};
let configVersion = 0;
const segmentsDocument = (segments: unknown[]): TestEvent => ({
  id: randomUUID(), type: 'cs.customer-profile.config-changed.v1', category: 'profileConfig', key: 'segments', time: '2026-12-01T00:00:00.000Z',
  data: { kind: 'segments', version: ++configVersion, document: { segments }, actor: { kind: 'user', id: 'admin-1' }, at: '2026-12-01T00:00:00.000Z' },
});
const AT_RISK = { id: 'at-risk', name: 'At risk', conditions: { field: 'churnRisk', op: 'in', value: ['medium', 'high'] } };
const GOLD = { id: 'gold', name: 'Gold', conditions: { field: 'tier', op: 'eq', value: 'gold' } };
const VIP = { id: 'vip', name: 'VIP', conditions: { field: 'tier', op: 'eq', value: 'vip' } };
const RECENT = { id: 'recent-visitors', name: 'Visited lately', conditions: { field: 'behaviour.lastVisitAt', op: 'withinDays', value: 30 } };
const LEAD = 'cs-lead@shop.example';

describe('health, churn risk and segments in the projection (real PostgreSQL)', () => {
  let kit: ProfileProjectionKit;
  let now = new Date('2026-12-01T12:00:00.000Z');
  const rita = { email: 'rita@example.net', name: 'Rita' };
  const ritaId = customerIdFor(rita);
  const gina = { email: 'gina@example.net' };
  const ginaId = customerIdFor(gina);
  const outcomes = async (customerId: string) => (await kit.store.readStream(`customer-${customerId}`)).filter((e) => e.type !== 'cs.customer.tier-changed.v1');
  const typesOf = (events: RecordedEvent[]) => events.map((e) => `${e.type}${(e.data as { segmentId?: string }).segmentId ? `:${(e.data as { segmentId: string }).segmentId}` : ''}`);
  const outbound = async () => (await kit.store.readAll({ filter: { categories: ['outbound'] } })).map((e) => e.data as OutboundRequestedData);
  /** What the bus would bring back: the projection's own announcements. */
  const ownEvents = async (): Promise<TestEvent[]> =>
    (await kit.store.readAll({ filter: { categories: ['customer'] } })).map((e) => ({ id: e.id, type: e.type, category: 'customer', key: e.streamName.slice('customer-'.length), time: (e.data as { at: string }).at, data: e.data }));

  // Rita stopped buying and visiting in spring, answers surveys with 1 of 5 and complained twice this month.
  const ritaEvents = (): TestEvent[] => [
    ...['2026-03-01', '2026-03-31', '2026-04-30'].map((d, i) => interaction('cs.order.placed.v1', rita, `${d}T10:00:00.000Z`, { orderId: `r${i}`, amount: 40, currency: 'EUR' })),
    interaction('cs.page.viewed.v1', rita, '2026-05-01T10:00:00.000Z', { url: 'https://shop.example/' }),
    ...[20, 21, 22].map((d) => interaction('cs.survey.answered.v1', rita, `2026-11-${d}T10:00:00.000Z`, { kind: 'csat', score: 1 })),
    complaint(ritaId, 1, '2026-11-10T10:00:00.000Z'),
    complaint(ritaId, 2, '2026-11-15T10:00:00.000Z'),
  ];

  beforeAll(async () => {
    kit = await openProfileProjectionKit('profile_care', { care: { clock: () => now, leadEmail: LEAD } });
  });
  afterAll(() => kit.close());

  it('assesses health with reasons, raises the churn risk once and alerts the lead once, whatever is redelivered', async () => {
    const events = ritaEvents();
    await kit.deliver(events);
    const view = await kit.query.byId(ritaId);
    expect(view?.health.churnRisk).toBe('high');
    expect(view?.health.score).toBeLessThan(40);
    expect(view?.health.reasons.length).toBeGreaterThan(0);
    expect(view?.health.reasons.join(' | ')).toMatch(/CSAT/);
    const first = await outcomes(ritaId);
    const raisedHigh = first.filter((e) => e.type === 'cs.churn-risk.raised.v1' && (e.data as { churnRisk: string }).churnRisk === 'high');
    expect(raisedHigh).toHaveLength(1);
    expect(first.filter((e) => e.type === 'cs.customer.health-changed.v1').length).toBeGreaterThan(0);
    const alerts = (await outbound()).filter((m) => m.kind === 'risk_alert');
    expect(alerts).toEqual([expect.objectContaining({ to: LEAD, channel: 'email', customerId: ritaId, subject: 'High churn risk: Rita' })]);

    // The same events again (a redelivery at new positions) and the projection's own events coming back.
    await kit.deliver(events);
    await kit.deliver(await ownEvents());
    expect((await outcomes(ritaId)).map((e) => e.id)).toEqual(first.map((e) => e.id));
    expect((await outbound()).filter((m) => m.kind === 'risk_alert')).toHaveLength(1);
    expect((await kit.query.byId(ritaId))?.health).toEqual(view?.health);
    const list = await new ListCustomersQuery(kit.dataSource).page({ churnRisk: 'high' }, 10);
    expect(list.items.map((c) => [c.id, c.churnRisk])).toEqual([[ritaId, 'high']]);
  });

  it('gives a merged customer the health of both and an unmerge gives each its own back', async () => {
    const before = (await kit.query.byId(ritaId))?.health;
    const other = { externalId: 'crm-rita' };
    const otherId = customerIdFor(other);
    await kit.deliver([interaction('cs.order.placed.v1', other, '2026-11-30T10:00:00.000Z', { orderId: 'x1', amount: 10, currency: 'EUR' })]);
    expect((await kit.query.byId(otherId))?.health.churnRisk).toBe('low');
    // Identifiers seen together: Rita's email merges into the external id's customer, which now has her complaints.
    await kit.deliver([interaction('cs.customer.identified.v1', { externalId: 'crm-rita', email: rita.email }, '2026-11-30T11:00:00.000Z', { traits: {} })]);
    const merged = await kit.query.byId(otherId);
    expect(merged?.mergedFrom).toEqual([ritaId]);
    expect(merged?.health.score).toBeLessThan(65);
    expect(merged?.health.reasons.join(' | ')).toMatch(/CSAT/);
    const merge = (await kit.store.readStream(`customer-${otherId}`)).find((e) => e.type === 'cs.customer.merged.v1');
    await kit.deliver([{
      id: randomUUID(), type: 'cs.customer.unmerged.v1', category: 'customer', key: otherId, time: '2026-11-30T12:00:00.000Z',
      data: { survivorId: otherId, mergedId: ritaId, reason: 'not the same person', actor: { kind: 'user', id: 'lead-1' }, at: '2026-11-30T12:00:00.000Z' },
    }]);
    expect(merge).toBeDefined();
    expect((await kit.query.byId(otherId))?.health).toMatchObject({ churnRisk: 'low' });
    expect((await kit.query.byId(ritaId))?.health).toEqual(before);
    // Her row was recomputed with her health events on the timeline: they are not her being seen.
    const [listed] = (await new ListCustomersQuery(kit.dataSource).page({ churnRisk: 'high' }, 10)).items;
    expect([listed.id, listed.lastSeenAt]).toEqual([ritaId, '2026-11-22T10:00:00.000Z']);
  });

  it('enters and leaves segments on events, on a new document and with time alone, once each', async () => {
    await kit.deliver([segmentsDocument([AT_RISK, GOLD, RECENT])]);
    expect((await kit.query.byId(ritaId))?.segments).toEqual(['at-risk']);
    expect(typesOf(await outcomes(ritaId))).toContain('cs.segment.entered.v1:at-risk');

    await kit.deliver([
      interaction('cs.customer.identified.v1', gina, '2026-11-20T10:00:00.000Z', { traits: { tier: 'gold' } }),
      interaction('cs.page.viewed.v1', gina, '2026-11-25T10:00:00.000Z', { url: 'https://shop.example/' }),
    ]);
    expect((await kit.query.byId(ginaId))?.segments).toEqual(['gold', 'recent-visitors']);
    await kit.deliver([interaction('cs.customer.identified.v1', gina, '2026-11-28T10:00:00.000Z', { traits: { tier: 'vip' } })]);
    expect((await kit.query.byId(ginaId))?.segments).toEqual(['recent-visitors']);

    // A new document: the at-risk segment is gone (Rita leaves it), a VIP segment appears (Gina enters it).
    const v2 = segmentsDocument([GOLD, RECENT, VIP]);
    await kit.deliver([v2]);
    await kit.deliver([v2]);
    expect((await kit.query.byId(ritaId))?.segments).toEqual([]);
    expect((await kit.query.byId(ginaId))?.segments).toEqual(['recent-visitors', 'vip']);
    expect((await new ListCustomersQuery(kit.dataSource).page({ segment: 'vip' }, 10)).items.map((c) => c.id)).toEqual([ginaId]);

    // 45 days after her visit the daily job finds it too old for the segment and costs her health points (time alone);
    // running the same day twice changes nothing more.
    now = new Date('2027-01-10T02:00:00.000Z');
    const daily = new DailyCare(kit.dataSource, DeadlineStore.onExecutor(kit.dataSource, 'customer_profile'), new CustomerCare({ clock: () => now }));
    await daily.run('profile-daily:2027-01-10@2027-01-10T02:00:00.000Z');
    await daily.run('profile-daily:2027-01-10@2027-01-10T02:00:00.000Z');
    await kit.relayOutbox();
    expect((await kit.query.byId(ginaId))?.segments).toEqual(['vip']);
    expect(typesOf(await outcomes(ginaId))).toEqual([
      'cs.segment.entered.v1:gold', 'cs.segment.entered.v1:recent-visitors', 'cs.segment.left.v1:gold', 'cs.segment.entered.v1:vip',
      'cs.customer.health-changed.v1', 'cs.segment.left.v1:recent-visitors',
    ]);
    expect((await kit.query.byId(ginaId))?.health.reasons).toEqual(['No visit to the shop for 45 days']);
    expect(typesOf(await outcomes(ritaId)).filter((t) => t.startsWith('cs.segment'))).toEqual(['cs.segment.entered.v1:at-risk', 'cs.segment.left.v1:at-risk']);
  });

  it('announces only events the contracts catalogue accepts', async () => {
    const catalogue = new EventCatalogue(ALL_EVENTS);
    const announced = await kit.store.readAll({ filter: { categories: ['customer', 'outbound'] } });
    expect(new Set(announced.map((e) => e.type))).toEqual(new Set([
      'cs.customer.health-changed.v1', 'cs.churn-risk.raised.v1', 'cs.churn-risk.cleared.v1', 'cs.outbound.requested.v1', 'cs.segment.entered.v1', 'cs.segment.left.v1',
      'cs.customer.merged.v1', 'cs.customer.tier-changed.v1',
    ]));
    expect(announced.map((e) => [e.type, catalogue.validate(e.type, e.data)])).toEqual(announced.map((e) => [e.type, { ok: true }]));
  });
});
