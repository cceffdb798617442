import { PostgresEventStore } from '@csp/event-store';
import { createTestDatabase } from '@csp/testing';
import { describeMessageBusBehaviour } from '../testing';
import { LogMessageBus, topicCategory } from './log-message-bus.adapter';

describeMessageBusBehaviour('log bus on the PostgreSQL event store', async () => {
  const db = await createTestDatabase('log_bus');
  const store = await PostgresEventStore.create({ connectionString: db.url });
  const bus = new LogMessageBus({ store, checkpoints: store, batchSize: 100 });
  return {
    bus,
    cleanup: async () => {
      await bus.close();
      await store.close();
      await db.drop();
    },
  };
});

describe('log bus checkpoints (PostgreSQL event store)', () => {
  it('writes a group checkpoint at most once a second while it runs, and what it handled when it stops', async () => {
    const db = await createTestDatabase('log_bus_checkpoints');
    const store = await PostgresEventStore.create({ connectionString: db.url });
    const writes: bigint[] = [];
    const checkpoints = {
      loadCheckpoint: (name: string) => store.loadCheckpoint(name),
      storeCheckpoint: async (name: string, position: bigint) => {
        writes.push(position);
        await store.storeCheckpoint(name, position);
      },
    };
    const bus = new LogMessageBus({ store, checkpoints, batchSize: 100 });
    try {
      const handled: string[] = [];
      const consumer = await bus.consume({ groupId: 'g', topics: ['t'], handler: async (messages) => void handled.push(...messages.map((m) => m.value)) });
      // Twenty batches within about half a second: one write at the first, the rest waits for the second to pass.
      for (let i = 0; i < 20; i++) {
        await bus.publish('t', [{ key: `k${i}`, value: String(i) }]);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      for (let i = 0; i < 100 && handled.length < 20; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(handled).toHaveLength(20);
      expect(writes.length).toBeLessThanOrEqual(2);
      await consumer.stop();
      const last = (await store.readAll({ filter: { categories: [topicCategory('t')] } })).at(-1)?.position;
      expect(writes.at(-1)).toBe(last);
      expect(await store.loadCheckpoint('bus:g')).toBe(last);
    } finally {
      await bus.close();
      await store.close();
      await db.drop();
    }
  });
});
