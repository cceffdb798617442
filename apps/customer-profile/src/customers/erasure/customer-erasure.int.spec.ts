import { customerIdFor } from '@csp/contracts';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { openProfileTestKit, type ProfileTestKit } from '../../testing/profile-test-kit';

jest.setTimeout(90_000);

describe('erasure: DELETE /v1/customers/:id (real PostgreSQL event store, log bus and projection)', () => {
  let kit: ProfileTestKit;
  // Anna wrote from her email, then called from her phone (a customer of its own), then one message carried both:
  // the phone's customer was merged into hers. Carl is someone else.
  const anna = { email: 'anna@example.net', name: 'Anna' };
  const annaPhone = { phone: '+442071838751' };
  const annaId = customerIdFor(anna);
  const phoneId = customerIdFor(annaPhone);
  const carl = { email: 'carl@example.net', name: 'Carl' };
  const carlId = customerIdFor(carl);
  const json = (r: { body: string }) => JSON.parse(r.body);
  const get = async (url: string) => json(await kit.call('GET', url));
  const status = async (url: string) => (await kit.call('GET', url)).statusCode;
  let db: Client;
  const rows = async (sql: string, params: unknown[]) => (await db.query(sql, params)).rows;

  beforeAll(async () => {
    kit = await openProfileTestKit('profile_erasure');
    db = new Client({ connectionString: kit.db.url, options: '-c search_path=customer_profile' });
    await db.connect();
    await kit.interact('cs.message.received.v1', anna, '2026-11-01T09:00:00.000Z', { channel: 'email', body: 'My order is late' });
    await kit.interact('cs.customer.identified.v1', { email: anna.email }, '2026-11-01T09:01:00.000Z', { traits: { birthday: '1990-05-04' } });
    await kit.interact('cs.call.completed.v1', annaPhone, '2026-11-02T10:00:00.000Z', { channel: 'phone', durationSeconds: 60 });
    await kit.interact('cs.message.received.v1', { ...anna, ...annaPhone }, '2026-11-03T11:00:00.000Z', { channel: 'email', body: 'Call me back' });
    await kit.interact('cs.customer.identified.v1', { email: anna.email, phone: annaPhone.phone }, '2026-11-03T11:01:00.000Z', { traits: {} });
    await kit.interact('cs.message.received.v1', carl, '2026-11-04T12:00:00.000Z', { channel: 'email', body: 'Hi' });
    const ticketId = randomUUID();
    await kit.runtime.store.append(`ticket-${ticketId}`, [{
      id: randomUUID(), type: 'cs.ticket.opened.v1',
      data: { ticketId, number: 7, customerId: annaId, channel: 'email', subject: 'My order is late', priority: 'normal', openedBy: 'system', openedAt: '2026-11-01T09:00:01.000Z' },
      metadata: { partitionKey: ticketId },
    }], { expectedRevision: 'no_stream' });
    await kit.until(() => get(`/v1/customers/${phoneId}`), (c) => c.id === annaId && c.tickets?.total === 1, 'the phone merged into anna, her ticket listed');
    await kit.until(() => get(`/v1/customers/${carlId}`), (c) => c.id === carlId, 'carl is known');
  });
  afterAll(async () => {
    await db.end();
    await kit.close();
  });

  it('is for managers and admins, and 404s an unknown customer', async () => {
    expect((await kit.call('DELETE', `/v1/customers/${annaId}`, undefined, 'agent')).statusCode).toBe(403);
    const unknown = await kit.call('DELETE', `/v1/customers/${randomUUID()}`, undefined, 'admin');
    expect([unknown.statusCode, unknown.headers['content-type']]).toEqual([404, expect.stringContaining('application/problem+json')]);
    expect((await kit.call('DELETE', '/v1/customers/not-a-uuid', undefined, 'admin')).statusCode).toBe(400);
  });

  it('forgets the person under every id, keeps other customers, and publishes the erasure', async () => {
    const carlBefore = await get(`/v1/customers/${carlId}`);
    const r = await kit.call('DELETE', `/v1/customers/${phoneId}`, undefined, 'manager');
    expect([r.statusCode, json(r)]).toEqual([202, { customerId: annaId, alsoErasedIds: [phoneId] }]);
    await kit.until(() => status(`/v1/customers/${annaId}`), (s) => s === 404, 'anna is gone');
    expect(await status(`/v1/customers/${phoneId}`)).toBe(404);
    expect(await status(`/v1/customers/lookup?email=${anna.email}`)).toBe(404);
    expect(await status(`/v1/customers/lookup?phone=${encodeURIComponent(annaPhone.phone)}`)).toBe(404);
    expect(await get(`/v1/customers/${carlId}`)).toEqual(carlBefore);

    const ids = [annaId, phoneId];
    for (const [table, column] of [['customers', 'id'], ['customer_aliases', 'customer_id'], ['customer_identities', 'customer_id'], ['customer_timeline', 'customer_id'], ['customer_tickets', 'customer_id']]) {
      expect([table, await rows(`SELECT * FROM ${table} WHERE ${column} = ANY($1)`, [ids])]).toEqual([table, []]);
    }
    expect(await rows(`SELECT id FROM identity_observations WHERE identities::text LIKE '%anna@%' OR identities::text LIKE '%2071838751%'`, [])).toEqual([]);
    expect(await rows(`SELECT id FROM deadlines WHERE id LIKE 'birthday:%'`, [])).toEqual([]);
    expect((await rows('SELECT customer_id FROM erased_customers ORDER BY customer_id', [])).map((x) => (x as { customer_id: string }).customer_id)).toEqual([...ids].sort());
    const published = await kit.runtime.store.readStream(`customer-${annaId}`);
    expect(published.filter((e) => e.type === 'cs.customer.erased.v1').map((e) => e.data)).toEqual([
      { customerId: annaId, alsoErasedIds: [phoneId], actor: { kind: 'user', id: 'manager-1' }, at: expect.any(String) },
    ]);

    // A retried request answers the same without a second event.
    const again = await kit.call('DELETE', `/v1/customers/${annaId}`, undefined, 'admin');
    expect([again.statusCode, json(again)]).toEqual([202, { customerId: annaId, alsoErasedIds: [] }]);
    expect((await kit.runtime.store.readStream(`customer-${annaId}`)).filter((e) => e.type === 'cs.customer.erased.v1')).toHaveLength(1);
  });

  it('does not bring the data back with a late event, and a later contact starts afresh', async () => {
    await kit.interact('cs.page.viewed.v1', anna, '2026-11-03T12:00:00.000Z', { url: 'https://shop.example/late' });
    await kit.interact('cs.page.viewed.v1', carl, '2026-11-05T12:00:00.000Z', { url: 'https://shop.example/marker' });
    await kit.until(() => get(`/v1/customers/${carlId}/timeline`), (p) => p.items?.length === 2, 'the marker after the late event was applied');
    expect(await status(`/v1/customers/${annaId}`)).toBe(404);

    const now = new Date(Date.now() + 60_000).toISOString();
    await kit.interact('cs.message.received.v1', { email: anna.email }, now, { channel: 'email', body: 'Hello again' });
    const back = await kit.until(() => get(`/v1/customers/${annaId}`), (c) => c.id === annaId, 'anna is a new customer');
    expect(back.identities).toEqual([{ kind: 'email', value: anna.email }]);
    expect((await get(`/v1/customers/${annaId}/timeline`)).items.map((i: { type: string }) => i.type)).toEqual(['cs.message.received.v1']);
  });
});
