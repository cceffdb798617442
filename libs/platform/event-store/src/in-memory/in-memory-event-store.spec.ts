import { describeEventStoreBehaviour } from '../testing/event-store.behaviour';
import { InMemoryEventStore } from './in-memory-event-store.adapter';

describeEventStoreBehaviour('in-memory', async () => {
  const store = new InMemoryEventStore();
  return { store, cleanup: () => store.close() };
});
