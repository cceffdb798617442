import { initialSignals } from '@csp/customer-profile-domain';
import { randomUUID } from 'node:crypto';
import { flushHealth, storeHealth, withPendingHealth, writeHealthBehind } from '../health/health-writes';
import { openProfileProjectionKit, type ProfileProjectionKit } from '../testing/profile-projection-kit';
import { addFact, type Fact, flushFacts, forgetFacts, writeFactsBehind } from './timeline-writes';

jest.setTimeout(60_000);

describe('timeline rows and health written behind (real PostgreSQL)', () => {
  let kit: ProfileProjectionKit;
  const customerId = randomUUID();
  const fact = (eventId: string): Fact => ({ eventId, customerId, type: 'cs.page.viewed.v1', at: '2026-11-01T10:00:00.000Z', data: { url: `https://shop.example/${eventId}`, quote: 'a "b" \\ c' } });
  const timeline = async (m = kit.dataSource.manager) =>
    ((await m.query('SELECT event_id, data FROM customer_timeline WHERE customer_id = $1 ORDER BY event_id', [customerId])) as { event_id: string; data: unknown }[]);

  beforeAll(async () => {
    kit = await openProfileProjectionKit('profile_write_behind_units');
    await kit.dataSource.query(`INSERT INTO customers (id, traits, health_score, churn_risk) VALUES ($1, '{}', 50, 'medium')`, [customerId]);
  });
  afterAll(() => kit.close());

  it('answers "is it new?" from memory and writes the batch\'s facts in one statement when flushed', async () => {
    await addFact(kit.dataSource.manager, fact('e0')); // stored before the batch
    await kit.dataSource.transaction(async (m) => {
      writeFactsBehind(m, ['e0', 'e1', 'e2'], ['e0']);
      expect(await addFact(m, fact('e0'))).toBe(false);
      expect(await addFact(m, fact('e1'))).toBe(true);
      expect(await addFact(m, fact('e1'))).toBe(false); // twice in the batch
      expect(await addFact(m, fact('e2'))).toBe(true);
      expect((await timeline(m)).map((r) => r.event_id)).toEqual(['e0']);
      await flushFacts(m);
      expect((await timeline(m)).map((r) => r.event_id)).toEqual(['e0', 'e1', 'e2']);
      // Not one of the batch's events: written at once.
      expect(await addFact(m, fact('e3'))).toBe(true);
      expect((await timeline(m)).map((r) => r.event_id)).toEqual(['e0', 'e1', 'e2', 'e3']);
    });
    expect((await timeline()).find((r) => r.event_id === 'e1')?.data).toEqual(fact('e1').data);
  });

  it('after forgetFacts (rows deleted in the transaction) asks the table again', async () => {
    await kit.dataSource.transaction(async (m) => {
      writeFactsBehind(m, ['e4', 'e5'], []);
      expect(await addFact(m, fact('e4'))).toBe(true);
      await forgetFacts(m); // writes e4 first
      await m.query(`DELETE FROM customer_timeline WHERE event_id = 'e4'`);
      expect(await addFact(m, fact('e4'))).toBe(true);
      expect(await addFact(m, fact('e5'))).toBe(true);
      expect(await addFact(m, fact('e5'))).toBe(false);
    });
    expect((await timeline()).map((r) => r.event_id)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5']);
  });

  it('fails the flush when another transaction stored one of the facts after the batch read what was stored', async () => {
    await expect(
      kit.dataSource.transaction(async (m) => {
        writeFactsBehind(m, ['e6', 'e7'], []);
        expect(await addFact(m, fact('e6'))).toBe(true); // counted as new (health folds it) ...
        expect(await addFact(m, fact('e7'))).toBe(true);
        await addFact(kit.dataSource.manager, fact('e6')); // ... but a concurrent delivery stored it first
        await flushFacts(m);
      }),
    ).rejects.toThrow(/stored meanwhile/);
    // Rolled back: the retry of the batch reads e6 as stored and e7 as new.
    expect((await timeline()).map((r) => r.event_id)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
  });

  it('keeps the latest assessment of each customer in memory for readers in the transaction until flushed', async () => {
    const health = (score: number) => ({ health_signals: { ...initialSignals(), ordersAt: [score] }, health_score: score, churn_risk: 'low' as const, health_reasons: [`r${score}`] });
    const row = async (m = kit.dataSource.manager) => (await m.query('SELECT id, name, health_signals, health_score, churn_risk, health_reasons FROM customers WHERE id = $1', [customerId]))[0];
    await kit.dataSource.transaction(async (m) => {
      writeHealthBehind(m);
      await storeHealth(m, customerId, health(70));
      await storeHealth(m, customerId, health(80));
      const stored = await row(m);
      expect(stored.health_score).toBe(50);
      expect(withPendingHealth(m, stored)).toEqual({ ...stored, ...health(80) });
      await flushHealth(m);
      expect(await row(m)).toEqual({ ...stored, ...health(80) });
    });
    // Without writeHealthBehind: written at once.
    await storeHealth(kit.dataSource.manager, customerId, health(90));
    expect(await row()).toMatchObject(health(90));
  });
});
