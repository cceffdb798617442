import { customerIdFor } from '@csp/contracts';
import { openProfileTestKit, type ProfileTestKit } from '../testing/profile-test-kit';

describe('customer-profile HTTP API (real PostgreSQL event store, log bus and projection)', () => {
  let kit: ProfileTestKit;
  const ada = { email: 'ada@example.net', phone: '+442071838750', name: 'Ada' };
  const adaId = customerIdFor(ada);
  const bob = { anonymousId: 'web-bob' };
  const bobId = customerIdFor(bob);
  const json = (r: { body: string }) => JSON.parse(r.body);
  const get = async (url: string) => json(await kit.call('GET', url));

  beforeAll(async () => {
    kit = await openProfileTestKit('profile_api');
    await kit.interact('cs.message.received.v1', ada, '2026-11-20T09:00:00.000Z', { channel: 'email', body: 'Hello' });
    await kit.interact('cs.customer.identified.v1', { email: ada.email }, '2026-11-20T09:05:00.000Z', { traits: { tier: 'gold' } });
    for (let i = 0; i < 3; i++) await kit.interact('cs.page.viewed.v1', bob, `2026-11-2${i}T10:00:00.000Z`, { url: `https://shop.example/${i}` });
    await kit.until(() => get(`/v1/customers/${bobId}/timeline`), (p) => p.items?.length === 3, 'the projection caught up');
    await kit.until(() => get(`/v1/customers/${adaId}`), (c) => c.tier === 'gold', 'ada got her tier');
  }, 60_000);
  afterAll(() => kit.close());

  it('screen pop finds the caller from any spelling of the number, and answers precise errors', async () => {
    for (const spelling of ['+442071838750', '+44 20 7183 8750', '0044 (20) 7183-8750']) {
      const r = await kit.call('GET', `/v1/customers/lookup?phone=${encodeURIComponent(spelling)}`, undefined, 'agent');
      expect([r.statusCode, json(r).id]).toEqual([200, adaId]);
    }
    expect(json(await kit.call('GET', '/v1/customers/lookup?email=ADA@Example.net')).id).toBe(adaId);
    const missing = await kit.call('GET', '/v1/customers/lookup?email=nobody@example.net');
    expect([missing.statusCode, missing.headers['content-type']]).toEqual([404, expect.stringContaining('application/problem+json')]);
    const bad = await kit.call('GET', '/v1/customers/lookup?phone=12');
    expect(bad.statusCode).toBe(400);
    expect(json(bad)).toMatchObject({ code: 'VALIDATION', errors: [{ path: '/query/phone' }] });
    expect((await kit.call('GET', `/v1/customers/${adaId}`, undefined, 'analyst')).statusCode).toBe(403);
  });

  it('pages the timeline newest first', async () => {
    const first = await get(`/v1/customers/${bobId}/timeline?limit=2`);
    expect(first.items.map((i: { at: string }) => i.at)).toEqual(['2026-11-22T10:00:00.000Z', '2026-11-21T10:00:00.000Z']);
    const second = await get(`/v1/customers/${bobId}/timeline?limit=2&cursor=${first.nextCursor}`);
    expect([second.items.map((i: { at: string }) => i.at), second.nextCursor]).toEqual([['2026-11-20T10:00:00.000Z'], null]);
    expect((await kit.call('GET', `/v1/customers/${bobId}/timeline?cursor=nonsense`)).statusCode).toBe(400);
  });

  it('tags customers and lists them by tag and tier', async () => {
    const r = await kit.call('POST', `/v1/customers/${adaId}/tags`, { add: ['Wholesale', 'press'] }, 'agent');
    expect([r.statusCode, json(r).tags]).toEqual([200, ['press', 'wholesale']]);
    await kit.until(() => get(`/v1/customers?tag=press`), (p) => p.items?.length === 1, 'the tag is listed');
    await kit.call('POST', `/v1/customers/${adaId}/tags`, { remove: ['press'] }, 'agent');
    await kit.until(() => get(`/v1/customers/${adaId}`), (c) => c.tags?.join() === 'wholesale', 'the tag is removed');
    expect((await get('/v1/customers?tier=gold')).items.map((c: { id: string }) => c.id)).toEqual([adaId]);
    expect((await get('/v1/customers?tag=press')).items).toEqual([]);
    expect((await kit.call('POST', `/v1/customers/${adaId}/tags`, { add: [] , bogus: 1 })).statusCode).toBe(400);
  });

  it('merges manually (the merged id answers as the survivor) and unmerges back', async () => {
    const merge = await kit.call('POST', `/v1/customers/${adaId}/merge`, { otherId: bobId });
    expect([merge.statusCode, json(merge)]).toEqual([202, { survivorId: adaId, mergedId: bobId }]);
    const merged = await kit.until(() => get(`/v1/customers/${bobId}`), (c) => c.id === adaId, 'bob answers as ada');
    expect(merged.mergedFrom).toContain(bobId);
    expect(merged.behaviour.recentPages).toHaveLength(3);
    const timeline = (await get(`/v1/customers/${adaId}/timeline`)).items as { type: string; customerId: string }[];
    expect(timeline[0].type).toBe('cs.customer.merged.v1');
    expect(timeline.filter((i) => i.customerId === bobId).map((i) => i.type)).toEqual(Array(3).fill('cs.page.viewed.v1'));
    expect(timeline.filter((i) => i.type.startsWith('cs.customer.') && i.type !== 'cs.customer.identified.v1').map((i) => i.type)).toEqual([
      'cs.customer.merged.v1', 'cs.customer.tags-changed.v1', 'cs.customer.tags-changed.v1', 'cs.customer.tier-changed.v1',
    ]);
    const again = await kit.call('POST', `/v1/customers/${adaId}/merge`, { otherId: bobId });
    expect([again.statusCode, json(again).code]).toEqual([409, 'CUSTOMER.ALREADY_MERGED']);
    expect((await kit.call('POST', `/v1/customers/${adaId}/merge`, { otherId: bobId }, 'agent')).statusCode).toBe(403);

    expect((await kit.call('POST', `/v1/customers/${adaId}/unmerge`, { otherId: bobId })).statusCode).toBe(202);
    const apart = await kit.until(() => get(`/v1/customers/${bobId}`), (c) => c.id === bobId, 'bob is himself again');
    expect(apart.behaviour.recentPages).toHaveLength(3);
    expect((await get(`/v1/customers/${adaId}`)).mergedFrom).not.toContain(bobId);
    const notMerged = await kit.call('POST', `/v1/customers/${adaId}/unmerge`, { otherId: bobId });
    expect([notMerged.statusCode, json(notMerged).code]).toEqual([409, 'CUSTOMER.NOT_MERGED']);
  }, 60_000);

  it('undoes an automatic merge: a call keyed by the phone leaves the customer and keeps its own timeline', async () => {
    const phoneId = customerIdFor({ phone: ada.phone });
    await kit.interact('cs.call.completed.v1', { phone: ada.phone }, '2026-11-23T09:00:00.000Z', { direction: 'inbound', durationSeconds: 60, resolvedOnCall: true });
    await kit.until(() => get(`/v1/customers/${adaId}`), (c) => c.mergedFrom?.includes(phoneId), 'the call joins ada');
    expect((await get(`/v1/customers/${phoneId}`)).id).toBe(adaId);

    expect((await kit.call('POST', `/v1/customers/${adaId}/unmerge`, { otherId: phoneId })).statusCode).toBe(202);
    const caller = await kit.until(() => get(`/v1/customers/${phoneId}`), (c) => c.id === phoneId, 'the phone is a customer of its own');
    expect(caller.identities).toEqual([{ kind: 'phone', value: ada.phone }]);
    expect((await get(`/v1/customers/${phoneId}/timeline`)).items.map((i: { type: string }) => i.type)).toContain('cs.call.completed.v1');
    const after = await get(`/v1/customers/${adaId}`);
    expect(after.identities).toEqual([{ kind: 'email', value: ada.email }]);
    expect(after.mergedFrom).not.toContain(phoneId);
  });

  it('refuses to merge two customers with different external ids, and a shared email is ambiguous on screen pop', async () => {
    const [x, y] = [{ externalId: 'acct-x', email: 'home@example.net' }, { externalId: 'acct-y', email: 'home@example.net' }];
    await kit.interact('cs.order.placed.v1', x, '2026-11-20T09:00:00.000Z', { orderId: 'ox', amount: 5, currency: 'EUR' });
    await kit.interact('cs.order.placed.v1', y, '2026-11-20T09:00:00.000Z', { orderId: 'oy', amount: 5, currency: 'EUR' });
    await kit.until(() => get(`/v1/customers/${customerIdFor(y)}`), (c) => c.orders?.count === 1, 'y is known');
    const r = await kit.call('POST', `/v1/customers/${customerIdFor(x)}/merge`, { otherId: customerIdFor(y) });
    expect([r.statusCode, json(r).code]).toEqual([409, 'CUSTOMER.EXTERNAL_ID_CONFLICT']);
    const pop = await kit.call('GET', '/v1/customers/lookup?email=home@example.net', undefined, 'agent');
    expect([pop.statusCode, pop.headers['content-type'], json(pop).code]).toEqual([409, expect.stringContaining('application/problem+json'), 'CUSTOMER.AMBIGUOUS_IDENTIFIER']);
    expect(json(pop).detail).toContain(customerIdFor(y));
  });

  it('pages the customer list', async () => {
    const all = (await get('/v1/customers?limit=200')).items.map((c: { id: string }) => c.id);
    expect(all.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await get(`/v1/customers?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect((await kit.call('GET', '/v1/customers?tier=platinum')).statusCode).toBe(400);
    // A well-formed cursor that this API never handed out (not a customer id) is a 400, not a database error.
    const forged = Buffer.from(JSON.stringify(['not-a-uuid'])).toString('base64url');
    expect((await kit.call('GET', `/v1/customers?cursor=${forged}`)).statusCode).toBe(400);
  });
});
