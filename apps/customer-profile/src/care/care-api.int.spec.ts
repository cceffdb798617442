import { ALL_EVENTS, customerIdFor, EventCatalogue, type OutboundRequestedData } from '@csp/contracts';
import { Client } from 'pg';
import { openProfileTestKit, type ProfileTestKit } from '../testing/profile-test-kit';

jest.setTimeout(90_000);

describe('segments document and birthday greetings (whole service: real PostgreSQL, log bus, durable scheduler)', () => {
  let kit: ProfileTestKit;
  let db: Client;
  const deadline = async (id: string) =>
    (await db.query<{ due_at: Date; kind: string }>('SELECT due_at, kind FROM customer_profile.deadlines WHERE id = $1', [id])).rows[0];
  const careMessages = async () =>
    (await kit.runtime.store.readAll({ filter: { categories: ['outbound'] }, maxCount: 1000 })).map((e) => e.data as OutboundRequestedData).filter((d) => d.kind === 'care_message');

  beforeAll(async () => {
    kit = await openProfileTestKit('profile_care_api');
    db = new Client({ connectionString: kit.db.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await kit?.close();
  });

  it('validates a segments document with JSON Pointers, stores it versioned and refuses a stale If-Match', async () => {
    const bad = await kit.call('PUT', '/v1/config/segments', {
      segments: [
        { id: 'big', name: 'Big', conditions: { all: [{ field: 'orders.total', op: 'gt', value: 3 }, { field: 'tier', op: 'eq', value: 'platinum' }] } },
        { id: 'big', name: 'Again', conditions: { field: 'tags', op: 'gt', value: 1 } },
      ],
    }, 'admin');
    expect([bad.statusCode, bad.headers['content-type']]).toEqual([400, expect.stringContaining('application/problem+json')]);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining([
      '/segments/0/conditions/all/0/field', '/segments/0/conditions/all/1/value', '/segments/1/id', '/segments/1/conditions/op',
    ]));
    expect((await kit.call('PUT', '/v1/config/segments', { segments: [] }, 'lead')).statusCode).toBe(403);

    const document = { segments: [{ id: 'birthday-known', name: 'Birthday known', conditions: { field: 'traits.birthday', op: 'exists', value: true } }] };
    const put = await kit.call('PUT', '/v1/config/segments', document, 'admin');
    expect([put.statusCode, put.headers.etag]).toEqual([200, '"1"']);
    const got = await kit.call('GET', '/v1/config/segments', undefined, 'agent');
    expect([got.headers.etag, got.json()]).toEqual(['"1"', { ...document, version: 1 }]);
    const stale = await kit.call('PUT', '/v1/config/segments', { segments: [] }, 'admin', { 'if-match': '"0"' });
    expect([stale.statusCode, stale.headers['content-type']]).toEqual([412, expect.stringContaining('application/problem+json')]);
    const events = await kit.runtime.store.readStream('profileConfig-segments');
    expect(events.map((e) => [e.type, (e.data as { version: number }).version])).toEqual([['cs.customer-profile.config-changed.v1', 1]]);
  });

  it('greets a customer once on the birthday at 09:00 local time, and plans next year', async () => {
    const bea = { email: 'bea@example.net' };
    const beaId = customerIdFor(bea);
    // Her birthday is the day after tomorrow in Tokyo (UTC+9 all year): 09:00 there is 00:00 UTC that day.
    const tokyo = new Date(Date.now() + 9 * 3_600_000 + 2 * 86_400_000);
    const [year, month, day] = [tokyo.getUTCFullYear(), tokyo.getUTCMonth() + 1, tokyo.getUTCDate()];
    const birthday = `1992-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    await kit.interact('cs.customer.identified.v1', bea, new Date().toISOString(), { traits: { name: 'Bea', birthday, timezone: 'Asia/Tokyo' } });
    const planned = await kit.until(() => deadline(`birthday:${beaId}:${year}`), (d) => d !== undefined, 'the greeting planned');
    expect(planned).toEqual({ due_at: new Date(Date.UTC(year, month - 1, day)), kind: 'profile-birthday' });
    // The segments document of the first test applies to her as she arrives.
    await kit.until(async () => (await kit.call('GET', `/v1/customers/${beaId}`)).json().segments, (s) => s?.[0] === 'birthday-known', 'the segment');
    expect(await careMessages()).toEqual([]);

    // Time comes (the database's clock decides): move the deadline to now.
    await db.query('UPDATE customer_profile.deadlines SET due_at = now(), fire_at = now() WHERE id = $1', [`birthday:${beaId}:${year}`]);
    const sent = await kit.until(careMessages, (m) => m.length > 0, 'the greeting');
    expect(sent).toEqual([expect.objectContaining({ kind: 'care_message', channel: 'email', to: 'bea@example.net', customerId: beaId, subject: 'Happy birthday!' })]);
    expect(sent[0].body).toContain('Dear Bea');
    expect(new EventCatalogue(ALL_EVENTS).validate('cs.outbound.requested.v1', sent[0])).toEqual({ ok: true });
    const next = await kit.until(() => deadline(`birthday:${beaId}:${year + 1}`), (d) => d !== undefined, 'next year planned');
    expect(next).toEqual({ due_at: new Date(Date.UTC(year + 1, month - 1, day)), kind: 'profile-birthday' });

    // The same year's deadline once more (a re-fire after a crash, a replay that planned it again): no second greeting.
    await db.query(
      `INSERT INTO customer_profile.deadlines (id, kind, due_at, fire_at, payload) VALUES ($1, 'profile-birthday', now(), now(), $2)`,
      [`birthday:${beaId}:${year}`, JSON.stringify({ customerId: beaId, year, month, day })],
    );
    await kit.until(() => deadline(`birthday:${beaId}:${year}`), (d) => d === undefined, 'the repeat fired');
    expect(await careMessages()).toHaveLength(1);
  });
});
