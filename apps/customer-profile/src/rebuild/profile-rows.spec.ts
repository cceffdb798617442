import { customerIdOfIdentity } from '@csp/contracts';
import { DEFAULT_IDENTITY_CONFIG } from '@csp/customer-profile-domain';
import type { DeliveredEvent } from '@csp/message-bus';
import { ProfileFold } from './profile-fold';
import { profileRows } from './profile-rows';

const said = (id: string, type: string, time: string, data: Record<string, unknown>): DeliveredEvent => ({
  id, type, time, category: 'interaction', data, source: 'test', subject: 'interaction-x', streamId: 'x', key: 'x',
});
const now = new Date('2026-12-01T00:00:00Z');

describe('profileRows', () => {
  const fold = new ProfileFold(DEFAULT_IDENTITY_CONFIG);
  const ann = { email: 'ann@example.com' };
  const both = { externalId: 'crm-1', email: 'ann@example.com' };
  fold.add(said('e1', 'cs.customer.identified.v1', '2026-01-01T00:00:00.000Z', { customer: ann, traits: { name: 'Ann', birthday: '1990-12-24', timezone: 'Europe/Berlin' } }));
  fold.add(said('e2', 'cs.order.placed.v1', '2026-01-02T00:00:00.000Z', { customer: both }));
  fold.add(said('e3', 'cs.page.viewed.v1', '2026-01-03T00:00:00.000Z', { customer: { email: 'bob@example.com' } }));
  const rows = profileRows(fold, { identity: DEFAULT_IDENTITY_CONFIG, now, birthdays: true });
  const crm = customerIdOfIdentity({ kind: 'externalId', value: 'crm-1' });
  const annId = customerIdOfIdentity({ kind: 'email', value: ann.email });

  it('resolves identities once: the external id survives, the email answers as it and its row is gone', () => {
    expect(rows.customers.map((c) => c.id)).toEqual([crm, customerIdOfIdentity({ kind: 'email', value: 'bob@example.com' })].sort());
    expect(rows.aliases).toContainEqual({ alias_id: annId, identity_key: 'email:ann@example.com', customer_id: crm });
    const survivor = rows.customers.find((c) => c.id === crm);
    expect(survivor).toMatchObject({
      name: 'Ann', merged_from: [annId], first_seen_at: '2026-01-01T00:00:00.000Z', last_seen_at: '2026-01-02T00:00:00.000Z', tags: [], segments: [],
    });
    expect(survivor?.health_signals).toMatchObject({ ordersAt: [Date.parse('2026-01-02T00:00:00.000Z')] });
  });

  it('plans the greeting BirthdayGreetings.plan would, for surviving customers only', () => {
    expect(rows.greetings).toEqual([{
      id: `birthday:${crm}:2026`, kind: 'profile-birthday', due_at: '2026-12-24T08:00:00.000Z', payload: JSON.stringify({ customerId: crm, year: 2026, month: 12, day: 24 }),
    }]);
    expect(profileRows(fold, { identity: DEFAULT_IDENTITY_CONFIG, now, birthdays: false }).greetings).toEqual([]);
  });
});
