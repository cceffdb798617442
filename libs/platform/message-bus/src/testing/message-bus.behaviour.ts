import { deadLetterTopicFor } from '@csp/contracts';
import { DLQ_HEADERS, type MessageBus } from '../message-bus.port';
import { Collector, ConsumerPool, FAST_RETRY, expectedValues, keyedMessages, uniqueName, waitUntil } from './bus-test-kit';

export interface MessageBusUnderTest {
  bus: MessageBus;
  cleanup(): Promise<void>;
}

/**
 * The MessageBus contract, run against every adapter. The factory is called once for the block; every test
 * uses its own topics and groups, so tests never see each other's messages.
 */
export function describeMessageBusBehaviour(name: string, factory: () => Promise<MessageBusUnderTest>, timeoutMs = 30_000) {
  describe(`MessageBus behaviour: ${name}`, () => {
    let subject: MessageBusUnderTest | undefined;
    const pool = new ConsumerPool();
    const bus = () => {
      if (!subject) throw new Error('bus factory failed (see beforeAll)');
      return subject.bus;
    };

    beforeAll(async () => {
      subject = await factory();
    }, timeoutMs);
    afterEach(() => pool.stopAll(), timeoutMs);
    afterAll(() => subject?.cleanup(), timeoutMs);

    it('round-trips key, value and headers, with scope, position and first attempt', async () => {
      const [topic, groupId] = [uniqueName('t'), uniqueName('g')];
      const collector = new Collector();
      const consumer = pool.add(await bus().consume({ groupId, topics: [topic], handler: collector.handler }));
      const value = JSON.stringify({ text: 'Grüße, 你好 ✓', n: 1 });
      await bus().publish(topic, [{ key: 'customer_1', value, headers: { 'ce-id': 'e1', 'ce-type': 'x.y.v1' } }]);

      await collector.waitForDistinct(1);
      const [received] = collector.handled;
      expect(received).toMatchObject({ topic, key: 'customer_1', value, attempt: 1 });
      expect(received.headers).toMatchObject({ 'ce-id': 'e1', 'ce-type': 'x.y.v1' });
      expect(typeof received.scope).toBe('string');
      expect(received.scope.length).toBeGreaterThan(0);
      expect(typeof received.position).toBe('bigint');
      expect(consumer.health()).toMatchObject({ groupId, alive: true });
    }, timeoutMs);

    it('keeps per-key order (3 keys x 50 messages published in several calls)', async () => {
      const [topic, groupId] = [uniqueName('t'), uniqueName('g')];
      const keys = ['k_a', 'k_b', 'k_c'];
      const messages = keyedMessages(keys, 150);
      const collector = new Collector();
      pool.add(await bus().consume({ groupId, topics: [topic], handler: collector.handler }));
      for (let from = 0; from < messages.length; from += 30) await bus().publish(topic, messages.slice(from, from + 30));

      await collector.waitForDistinct(150);
      const byKey = collector.firstSeenByKey();
      for (const key of keys) {
        expect(byKey.get(key)).toEqual(Array.from({ length: 50 }, (_, seq) => `${key}:${seq}`));
      }
    }, timeoutMs);

    it('retries a poison message with growing attempts, dead-letters it with the reason, later messages flow', async () => {
      const [topic, groupId] = [uniqueName('t'), uniqueName('g')];
      const messages = keyedMessages(['k_one'], 20);
      const poison = messages[7].value;
      const collector = new Collector({ poison: (message) => message.value === poison });
      const dlq = new Collector();
      const deadLetterTopic = deadLetterTopicFor(groupId);
      await Promise.all([
        bus().consume({ groupId: uniqueName('g'), topics: [deadLetterTopic], handler: dlq.handler }).then((c) => pool.add(c)),
        bus().consume({ groupId, topics: [topic], handler: collector.handler, retry: FAST_RETRY }).then((c) => pool.add(c)),
      ]);
      await bus().publish(topic, messages);

      await collector.waitForDistinct(19);
      await dlq.waitForDistinct(1);
      expect(collector.values()).toEqual(expectedValues(messages).filter((value) => value !== poison));
      expect(collector.poisonAttempts.length).toBeGreaterThanOrEqual(FAST_RETRY.maxAttempts);
      expect(collector.poisonAttempts[0]).toBe(1);
      collector.poisonAttempts.slice(1).forEach((attempt, i) => expect(attempt).toBeGreaterThan(collector.poisonAttempts[i]));

      const [dead] = dlq.handled;
      expect(dead).toMatchObject({ topic: deadLetterTopic, key: 'k_one', value: poison });
      expect(dead.headers).toMatchObject({
        seq: '7',
        [DLQ_HEADERS.originTopic]: topic,
        [DLQ_HEADERS.consumerGroup]: groupId,
      });
      expect(dead.headers[DLQ_HEADERS.error]).toContain(`poison message ${poison}`);
      expect(dead.headers[DLQ_HEADERS.originScope]).toBeTruthy();
      expect(Number(dead.headers[DLQ_HEADERS.attempts])).toBeGreaterThanOrEqual(FAST_RETRY.maxAttempts);
      expect(Number.isNaN(Date.parse(dead.headers[DLQ_HEADERS.failedAt]))).toBe(false);
    }, timeoutMs);

    it('resumes after stop and restart of the same group: nothing lost, nothing handled twice', async () => {
      const [topic, groupId] = [uniqueName('t'), uniqueName('g')];
      const first = keyedMessages(['k_a', 'k_b', 'k_c', 'k_d'], 40);
      const second = keyedMessages(['k_a', 'k_b', 'k_c', 'k_d'], 20, 40);
      const before = new Collector({ delayMs: 20 });
      const consumer = pool.add(await bus().consume({ groupId, topics: [topic], handler: before.handler }));
      await bus().publish(topic, first);
      await before.waitForDistinct(5);
      await pool.stop(consumer);
      expect(consumer.health().alive).toBe(false);
      const handledBefore = before.distinctValues();

      await bus().publish(topic, second);
      const after = new Collector();
      pool.add(await bus().consume({ groupId, topics: [topic], handler: after.handler }));
      const all = expectedValues([...first, ...second]);
      await waitUntil(
        () => all.every((value) => handledBefore.has(value) || after.distinctValues().has(value)),
        20_000,
        () => `${handledBefore.size} handled before the stop + ${after.distinctValues().size} after, of ${all.length}`,
      );
      // A graceful stop acknowledges everything the handler finished: none of it may come back.
      expect(after.values().filter((value) => handledBefore.has(value))).toEqual([]);
      expect(after.values()).toEqual(expect.arrayContaining(expectedValues(second)));
    }, timeoutMs);

    it('delivers everything to each of two groups', async () => {
      const topic = uniqueName('t');
      const messages = keyedMessages(['k_a', 'k_b', 'k_c'], 30);
      const groups = [new Collector(), new Collector()];
      await Promise.all(
        groups.map((collector) =>
          bus().consume({ groupId: uniqueName('g'), topics: [topic], handler: collector.handler }).then((c) => pool.add(c)),
        ),
      );
      await bus().publish(topic, messages);

      await Promise.all(groups.map((collector) => collector.waitForDistinct(30)));
      for (const collector of groups) {
        expect([...collector.distinctValues()].sort()).toEqual(expectedValues(messages).sort());
      }
    }, timeoutMs);
  });
}
