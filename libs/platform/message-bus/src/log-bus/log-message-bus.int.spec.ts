import { PostgresEventStore } from '@csp/event-store';
import { createTestDatabase } from '@csp/testing';
import { describeMessageBusBehaviour } from '../testing';
import { LogMessageBus } from './log-message-bus.adapter';

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
