import { customerIdFor } from '@csp/contracts';
import { DeadlineStore, type FiredDeadline } from '@csp/scheduler';
import { randomUUID } from 'node:crypto';
import { openProfileProjectionKit, type ProfileProjectionKit, type TestEvent } from '../testing/profile-projection-kit';
import { CustomerCare } from './customer-care';
import { DailyCare, SEGMENTS_REVIEW_KIND } from './daily-care';

jest.setTimeout(90_000);

describe('a new segments document over more customers than one page (real PostgreSQL)', () => {
  let kit: ProfileProjectionKit;
  const continued: { causeId: string; after: string }[] = [];
  const customers = Array.from({ length: 230 }, (_, i) => ({ email: `pro-${i}@example.net` }));
  const members = async () => Number((await kit.dataSource.query(`SELECT count(*)::int AS n FROM customers WHERE 'pro' = ANY(segments)`))[0].n);
  const daily = () => new DailyCare(kit.dataSource, DeadlineStore.onExecutor(kit.dataSource, 'customer_profile'), new CustomerCare());

  beforeAll(async () => {
    kit = await openProfileProjectionKit('profile_segments_review', {
      care: { continueReview: async (_manager, causeId, after) => void continued.push({ causeId, after }) },
    });
    await kit.deliver(customers.map((customer): TestEvent => ({
      id: randomUUID(), type: 'cs.customer.identified.v1', category: 'interaction', key: customerIdFor(customer), time: '2026-11-01T10:00:00.000Z',
      data: { customer, traits: { plan: 'pro' } },
    })));
  });
  afterAll(() => kit.close());

  it('reviews the first page in the event\'s transaction and hands the rest to the scheduler, which finishes it', async () => {
    const document: TestEvent = {
      id: randomUUID(), type: 'cs.customer-profile.config-changed.v1', category: 'profileConfig', key: 'segments', time: '2026-12-01T00:00:00.000Z',
      data: {
        kind: 'segments', version: 1, actor: { kind: 'user', id: 'admin-1' }, at: '2026-12-01T00:00:00.000Z',
        document: { segments: [{ id: 'pro', name: 'Pro plan', conditions: { field: 'traits.plan', op: 'eq', value: 'pro' } }] },
      },
    };
    await kit.deliver([document]);
    expect(continued).toEqual([{ causeId: document.id, after: expect.any(String) }]);
    expect(await members()).toBe(200);

    // The service plans the rest as a deadline in that transaction; firing it reviews the remaining pages.
    await kit.dataSource.transaction((m) => daily().continueReview(m, document.id, continued[0].after));
    const [planned]: { id: string; kind: string; payload: unknown }[] = await kit.dataSource.query('SELECT id, kind, payload FROM deadlines WHERE kind = $1', [SEGMENTS_REVIEW_KIND]);
    expect(planned).toEqual({ id: `segments-review:${document.id}`, kind: SEGMENTS_REVIEW_KIND, payload: continued[0] });
    const fired = { id: planned.id, kind: planned.kind, payload: planned.payload, dueAt: new Date(), firedAt: new Date(), attempt: 1, occurrence: 'x' } as FiredDeadline;
    await daily().handlers()[SEGMENTS_REVIEW_KIND](fired);
    await kit.relayOutbox();
    expect(await members()).toBe(customers.length);
    // One entered event per customer, all caused by the document, none twice.
    const entered = (await kit.store.readAll({ filter: { types: ['cs.segment.entered.v1'] }, maxCount: 1000 }));
    expect(entered).toHaveLength(customers.length);
    expect(new Set(entered.map((e) => e.metadata.causationId))).toEqual(new Set([document.id]));
  });
});
