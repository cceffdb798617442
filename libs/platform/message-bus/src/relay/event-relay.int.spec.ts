import { type CheckpointStore, PostgresEventStore } from '@csp/event-store';
import { createTestDatabase, requireKcatOrSkip, startKafkaMockCluster, type TestDatabase } from '@csp/testing';
import { randomUUID } from 'node:crypto';
import { messageToEvent } from '../cloud-event-binding';
import { KafkaMessageBus } from '../kafka/kafka-message-bus.adapter';
import { Collector, uniqueName, waitUntil } from '../testing';
import { EventRelay } from './event-relay';

const run = requireKcatOrSkip('EventRelay to Kafka');
const describeKafka = run ? describe : describe.skip;
jest.setTimeout(60_000);

describeKafka('EventRelay: event store -> Kafka (librdkafka mock cluster)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let kafka: Awaited<ReturnType<typeof startKafkaMockCluster>>;
  let bus: KafkaMessageBus;

  beforeAll(async () => {
    kafka = await startKafkaMockCluster({ brokers: 3 });
    db = await createTestDatabase('relay');
    store = await PostgresEventStore.create({ connectionString: db.url });
    bus = new KafkaMessageBus({ brokers: kafka.bootstrapServers, clientId: 'relay-test', maxWaitTimeInMs: 100, sessionTimeout: 3000, heartbeatInterval: 500 });
  });
  afterAll(async () => {
    await bus?.close();
    await store?.close();
    await db?.drop();
    await kafka?.stop();
  });

  it('loses nothing when it dies between the Kafka acknowledgement and the checkpoint', async () => {
    const topic = uniqueName('t');
    const category = `rel${randomUUID().replace(/-/g, '').slice(0, 8)}`;
    const keys = ['c1', 'c2', 'c3'];
    const appended: string[] = [];
    for (let i = 0; i < 60; i++) {
      const id = randomUUID();
      appended.push(id);
      await store.append(`${category}-${keys[i % 3]}`, [{ id, type: 'cs.test.happened.v1', data: { seq: i }, metadata: { partitionKey: keys[i % 3] } }], {
        expectedRevision: 'any',
      });
    }

    // First relay: Kafka acknowledges its sends, then it "dies" before storing any checkpoint.
    let published = 0;
    const dying: CheckpointStore = {
      loadCheckpoint: (name) => store.loadCheckpoint(name),
      storeCheckpoint: async () => {
        throw new Error('killed between send and checkpoint');
      },
    };
    const first = new EventRelay({ name: 'relay:test', store, checkpoints: dying, bus, routes: { [category]: topic }, batchSize: 25,
      onError: () => (published += 1) });
    await first.start();
    await waitUntil(() => published > 0, 10_000, () => 'first relay never sent');
    await first.stop();
    expect(await store.loadCheckpoint('relay:test')).toBeUndefined();

    // A new relay starts from the last checkpoint (none) and publishes everything again.
    const second = new EventRelay({ name: 'relay:test', store, checkpoints: store, bus, routes: { [category]: topic }, batchSize: 25 });
    await second.start();
    const collector = new Collector();
    const consumer = await bus.consume({ groupId: uniqueName('g'), topics: [topic], handler: collector.handler });
    await waitUntil(() => new Set(collector.handled.map((m) => m.headers['ce_id'])).size >= 60, 30_000, () => `${collector.handled.length} received`);
    await consumer.stop();
    await second.stop();

    const received = collector.handled.map((m) => messageToEvent(m));
    expect(new Set(received.map((e) => e?.id))).toEqual(new Set(appended));
    // The first relay's sends did reach Kafka (they come again as duplicates), yet nothing is missing.
    expect(received.length).toBeGreaterThan(60);
    // Keyed by partition key, CloudEvents headers, and per key in append order (first sightings).
    const firstSeen = new Map<string, number[]>();
    const seen = new Set<string>();
    for (const e of received) {
      if (!e || seen.has(e.id)) continue;
      seen.add(e.id);
      expect(e.type).toBe('cs.test.happened.v1');
      firstSeen.set(e.key, [...(firstSeen.get(e.key) ?? []), (e.data as { seq: number }).seq]);
    }
    for (const [i, key] of keys.entries()) {
      expect(firstSeen.get(key)).toEqual(Array.from({ length: 20 }, (_, n) => n * 3 + i));
    }
    expect(await store.loadCheckpoint('relay:test')).toBeGreaterThan(0n);
  });
});
