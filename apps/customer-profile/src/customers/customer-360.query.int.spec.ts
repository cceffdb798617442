import { customerIdFor, type CustomerRef } from '@csp/contracts';
import { openServiceDataSource } from '@csp/projections';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { PROFILE_ENTITIES, PROFILE_MIGRATIONS } from '../customer-profile.module';
import { openProfileProjectionKit, type ProfileProjectionKit, type TestEvent } from '../testing/profile-projection-kit';
import { Customer360Query } from './customer-360.query';

const interaction = (type: string, customer: CustomerRef, time: string, data: Record<string, unknown> = {}): TestEvent => ({
  id: randomUUID(), type, category: 'interaction', key: customerIdFor(customer), time, data: { customer, ...data },
});

describe('the 360 view and screen pop queries (real PostgreSQL)', () => {
  let kit: ProfileProjectionKit;
  const grace = { email: 'grace@example.net', phone: '+4930123456', name: 'Grace' };
  const graceId = customerIdFor(grace);
  const [x, y] = [{ externalId: 'acct-x', email: 'home@example.net' }, { externalId: 'acct-y', email: 'home@example.net' }];

  beforeAll(async () => {
    kit = await openProfileProjectionKit('profile_lookup');
    await kit.deliver([
      interaction('cs.message.received.v1', grace, '2026-11-20T09:59:00.000Z', { channel: 'email', body: 'Hello' }),
      // Keyed by the phone's own id (as a call would be): merged into Grace, its id answers as her.
      interaction('cs.order.placed.v1', { phone: grace.phone }, '2026-11-01T08:00:00.000Z', { orderId: 'o1', amount: 100, currency: 'EUR' }),
      interaction('cs.order.placed.v1', x, '2026-11-20T09:00:00.000Z', { orderId: 'ox', amount: 5, currency: 'EUR' }),
      interaction('cs.order.placed.v1', y, '2026-11-20T09:00:00.000Z', { orderId: 'oy', amount: 5, currency: 'EUR' }),
    ]);
  });
  afterAll(() => kit.close());

  it('screen pop answers the same view as byId for every identifier of the customer, in one statement', async () => {
    const view = await kit.query.byId(graceId);
    expect(view?.orders.count).toBe(1);
    const pool = (kit.dataSource.driver as unknown as { master: Pool }).master;
    const statements = jest.spyOn(pool, 'query');
    try {
      expect(await kit.query.lookup('email', grace.email)).toEqual({ ids: [graceId], customer: view });
      expect(await kit.query.lookup('phone', grace.phone)).toEqual({ ids: [graceId], customer: view });
      expect(await kit.query.lookup('email', 'nobody@example.net')).toEqual({ ids: [], customer: undefined });
      expect(statements).toHaveBeenCalledTimes(3);
    } finally {
      statements.mockRestore();
    }
  });

  it('screen pop lists the customers sharing an identifier without choosing one', async () => {
    expect(await kit.query.lookup('email', 'home@example.net')).toEqual({ ids: [customerIdFor(x), customerIdFor(y)].sort(), customer: undefined });
    expect((await kit.query.lookup('externalId', 'acct-y')).customer?.id).toBe(customerIdFor(y));
  });

  it('plans each named statement once per connection, not on every request', async () => {
    // One connection, so every call below runs on the session whose prepared statements are inspected.
    const single = await openServiceDataSource({
      url: (kit.dataSource.options as { url: string }).url, schema: 'customer_profile', entities: PROFILE_ENTITIES, migrations: PROFILE_MIGRATIONS, poolSize: 1,
    });
    try {
      const query = new Customer360Query(single);
      for (let i = 0; i < 10; i++) {
        expect((await query.byId(graceId))?.id).toBe(graceId);
        expect((await query.lookup('email', grace.email)).customer?.id).toBe(graceId);
      }
      const plans = await single.query(`SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE 'customer-360%' ORDER BY name`);
      // PostgreSQL tries five custom plans before it settles on the generic one, unless that looks dearer.
      expect(plans).toEqual([
        { name: 'customer-360', generic_plans: '5', custom_plans: '5' },
        { name: 'customer-360-lookup', generic_plans: '5', custom_plans: '5' },
      ]);
    } finally {
      await single.destroy();
    }
  });
});
