import { DEFAULT_IDENTITY_CONFIG } from '@csp/customer-profile-domain';
import type { DeliveredEvent } from '@csp/message-bus';
import { NeedsPerEventRebuild, ProfileFold } from './profile-fold';

let n = 0;
const event = (category: string, type: string, time: string, data: Record<string, unknown>, id = `e${++n}`): DeliveredEvent => ({
  id, type, time, category, data, source: 'test', subject: `${category}-x`, streamId: 'x', key: 'x',
});
const ticket = (type: string, time: string, data: Record<string, unknown>) => event('ticket', type, time, { ticketId: 't1', customerId: 'c1', ...data });

describe('ProfileFold', () => {
  it('keeps one observation per identifier set: the earliest sighting, vouched for once any sighting was', () => {
    const fold = new ProfileFold(DEFAULT_IDENTITY_CONFIG);
    const customer = { email: 'a@example.com', phone: '+4915112345678' };
    fold.add(event('interaction', 'cs.message.received.v1', '2026-01-02T00:00:00.000Z', { customer, channel: 'webform' }, 'b'));
    fold.add(event('interaction', 'cs.order.placed.v1', '2026-01-03T00:00:00.000Z', { customer }, 'c'));
    fold.add(event('interaction', 'cs.page.viewed.v1', '2026-01-02T00:00:00.000Z', { customer: { phone: customer.phone, email: customer.email } }, 'a'));
    expect([...fold.observations.values()]).toEqual([{ keys: ['email:a@example.com', 'phone:+4915112345678'], at: '2026-01-02T00:00:00.000Z', eventId: 'a', verified: true }]);
  });

  it('records no observation for blocklisted identifiers, but the fact under the id the producer computed', () => {
    const fold = new ProfileFold(DEFAULT_IDENTITY_CONFIG);
    const fact = fold.add(event('interaction', 'cs.page.viewed.v1', '2026-01-02T00:00:00.000Z', { customer: { email: 'test@test.com' } }));
    expect(fold.observations.size).toBe(0);
    expect(fact?.customerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fold.touched).toEqual(new Set([fact?.customerId]));
  });

  it('moves a ticket forward in time only, and keeps the first opening', () => {
    const fold = new ProfileFold(DEFAULT_IDENTITY_CONFIG);
    const opened = { number: 7, channel: 'email', subject: 's', openedAt: '2026-01-01T00:00:00.000Z' };
    fold.add(ticket('cs.ticket.opened.v1', opened.openedAt, opened));
    fold.add(ticket('cs.ticket.opened.v1', '2026-01-05T00:00:00.000Z', { ...opened, subject: 'again', openedAt: '2026-01-05T00:00:00.000Z' }));
    fold.add(ticket('cs.ticket.status-changed.v1', '2026-01-03T00:00:00.000Z', { to: 'solved', at: '2026-01-03T00:00:00.000Z' }));
    fold.add(ticket('cs.ticket.status-changed.v1', '2026-01-02T00:00:00.000Z', { to: 'pending', at: '2026-01-02T00:00:00.000Z' }));
    fold.add(ticket('cs.ticket.status-changed.v1', '2026-01-04T00:00:00.000Z', { to: 'closed', at: '2026-01-04T00:00:00.000Z' }));
    fold.add(ticket('cs.ticket.routed.v1', '2026-01-04T00:00:00.000Z', { category: 'complaint' }));
    expect(fold.tickets.get('t1')).toMatchObject({ subject: 's', status: 'closed', status_at: '2026-01-04T00:00:00.000Z', solved_at: '2026-01-03T00:00:00.000Z', category: 'complaint' });
    // Every one of them is on the customer's timeline; the assignment-like ones would not be.
    expect(fold.facts.get('c1')?.health.map((f) => f.type)).toEqual(['cs.ticket.opened.v1', 'cs.ticket.opened.v1', 'cs.ticket.status-changed.v1', 'cs.ticket.status-changed.v1', 'cs.ticket.status-changed.v1', 'cs.ticket.routed.v1']);
    expect(fold.add(ticket('cs.ticket.assigned.v1', '2026-01-04T00:00:00.000Z', { agentId: 'a' }))).toBeUndefined();
  });

  it("keeps outcomes off first/last seen, and agents' decisions (not the resolver's announcements) for resolution", () => {
    const fold = new ProfileFold(DEFAULT_IDENTITY_CONFIG);
    fold.add(event('customer', 'cs.customer.health-changed.v1', '2026-02-01T00:00:00.000Z', { customerId: 'c1', score: 50 }));
    fold.add(event('customer', 'cs.customer.tags-changed.v1', '2026-01-01T00:00:00.000Z', { customerId: 'c1', added: ['vip'], removed: [] }));
    fold.add(event('customer', 'cs.customer.merged.v1', '2026-01-02T00:00:00.000Z', { survivorId: 'c1', mergedId: 'c2', actor: { kind: 'system', id: 'identity-resolution' } }));
    fold.add(event('customer', 'cs.customer.merged.v1', '2026-01-03T00:00:00.000Z', { survivorId: 'c1', mergedId: 'c3', actor: { kind: 'user', id: 'lead' } }, 'm'));
    expect(fold.facts.get('c1')).toMatchObject({ first: '2026-01-01T00:00:00.000Z', last: '2026-01-03T00:00:00.000Z', tagChanges: [{ added: ['vip'] }] });
    expect([...fold.decisions.values()]).toEqual([{ id: 'm', at: '2026-01-03T00:00:00.000Z', kind: 'merge', a: 'c1', b: 'c3' }]);
  });

  it('keeps the newest configuration document of each kind, and refuses what only the per-event projection decides', () => {
    const fold = new ProfileFold(DEFAULT_IDENTITY_CONFIG);
    const config = (version: number, document: unknown, kind = 'identity') => event('profileConfig', 'cs.customer-profile.config-changed.v1', '2026-01-01T00:00:00.000Z', { kind, version, document });
    fold.add(config(2, { b: 1 }));
    fold.add(config(1, { a: 1 }));
    fold.add(config(1, { segments: [] }, 'segments'));
    expect(Object.fromEntries(fold.configs)).toEqual({ identity: { version: 2, document: { b: 1 } }, segments: { version: 1, document: { segments: [] } } });
    expect(() => fold.add(config(2, { segments: [{ id: 's1' }] }, 'segments'))).toThrow(NeedsPerEventRebuild);
    expect(() => fold.add(event('customer', 'cs.customer.erased.v1', '2026-01-01T00:00:00.000Z', { customerId: 'c1', alsoErasedIds: [] }))).toThrow(/erasure/);
  });
});
