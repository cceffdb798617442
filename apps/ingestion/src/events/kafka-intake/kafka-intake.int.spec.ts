import { ALL_EVENTS, EventCatalogue, PUBLIC_EVENTS, Topics, type ValidationIssue } from '@csp/contracts';
import { PostgresEventStore } from '@csp/event-store';
import { DLQ_HEADERS, KafkaMessageBus } from '@csp/message-bus';
import type { BackgroundWorker } from '@csp/platform-nest';
import { createTestDatabase, type KafkaMockCluster, requireKcatOrSkip, startKafkaMockCluster, type TestDatabase } from '@csp/testing';
import { Kafka, logLevel, type Consumer, type IHeaders, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { IngestEventsService } from '../intake/ingest-events.service';
import { kafkaIntakeWorker } from './kafka-intake.worker';

const SUITE = 'Kafka intake (cs.ingest.v1) on the librdkafka mock cluster and PostgreSQL';
const describeKafka = requireKcatOrSkip(SUITE) ? describe : describe.skip;
jest.setTimeout(60_000);

interface Dead { key: string; value: string; headers: Record<string, string> }
type Sent = { partition: number; offset: string };

const customer = () => ({ email: `c${randomUUID().slice(0, 8)}@example.com` });
const envelope = (over: Record<string, unknown> = {}) => ({
  specversion: '1.0', id: randomUUID(), source: '/kafka-test', type: 'cs.message.received.v1',
  data: { channel: 'chat', customer: customer(), body: 'Where is my order?' }, ...over,
});
const structuredHeaders = { 'content-type': 'application/cloudevents+json' };
const binaryHeaders = (e: ReturnType<typeof envelope>) => ({
  'content-type': 'application/json', ce_specversion: '1.0', ce_id: e.id, ce_source: e.source, ce_type: e.type,
  ce_time: '2025-02-03T04:05:06Z', ce_subject: 'thread-7',
});
const decode = (headers: IHeaders | undefined) => Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(v)]));

describeKafka(SUITE, () => {
  let cluster: KafkaMockCluster;
  let db: TestDatabase;
  let store: PostgresEventStore;
  let bus: KafkaMessageBus;
  let worker: BackgroundWorker;
  let producer: Producer;
  let dlqConsumer: Consumer;
  const dead: Dead[] = [];
  const warnings: string[] = [];
  /** Infrastructure failures to simulate on the next `ingest` calls (store down), and how many happened. */
  let failNext = 0;
  let failures = 0;

  const produce = async (key: string, value: string, headers: Record<string, string>): Promise<Sent> => {
    const [meta] = await producer.send({ topic: Topics.ingest, acks: -1, messages: [{ key, value, headers }] });
    return { partition: meta.partition, offset: meta.baseOffset ?? '' };
  };
  const storedWith = async (source: string, ceId: string) =>
    (await store.readAll({ filter: { categories: ['interaction'] }, maxCount: 100_000 })).filter((e) => e.metadata['source'] === source && e.metadata['ceId'] === ceId);
  const waitUntil = async (what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const waitStored = (e: { source: string; id: string }) => waitUntil(`${e.id} stored`, async () => (await storedWith(e.source, e.id)).length > 0);

  beforeAll(async () => {
    cluster = await startKafkaMockCluster({ brokers: 3 });
    db = await createTestDatabase('kafka_intake');
    store = await PostgresEventStore.create({ connectionString: db.url });
    const brokers = cluster.bootstrapServers;
    bus = new KafkaMessageBus({ brokers, clientId: 'ingestion', logLevel: 'nothing', maxWaitTimeInMs: 100, sessionTimeout: 3_000, heartbeatInterval: 300 });
    const real = new IngestEventsService(store, new EventCatalogue(ALL_EVENTS));
    const service = {
      ingest: (...args: Parameters<IngestEventsService['ingest']>) => {
        if (failNext === 0) return real.ingest(...args);
        failNext--;
        failures++;
        return Promise.reject(new Error('simulated: event store unavailable'));
      },
    };
    worker = kafkaIntakeWorker({ bus, service, logger: { warn: (line: string) => warnings.push(line) } });
    const kafka = new Kafka({ clientId: 'connector', brokers, logLevel: logLevel.NOTHING });
    producer = kafka.producer({ allowAutoTopicCreation: true });
    dlqConsumer = kafka.consumer({ groupId: `dlq-reader-${randomUUID()}`, maxWaitTimeInMs: 100, sessionTimeout: 3_000, heartbeatInterval: 300 });
    await Promise.all([worker.start(), producer.connect(), dlqConsumer.connect()]);
    await dlqConsumer.subscribe({ topic: Topics.ingestDlq, fromBeginning: true });
    await dlqConsumer.run({
      eachMessage: async ({ message }) => {
        dead.push({ key: message.key?.toString() ?? '', value: message.value?.toString() ?? '', headers: decode(message.headers) });
      },
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await Promise.allSettled([dlqConsumer?.disconnect(), producer?.disconnect(), bus?.close()]);
    await store?.close();
    await db?.drop();
    await cluster?.stop();
  });

  it('stores a structured and a binary event once each, as the kafka connector, attributes from the headers', async () => {
    const structured = envelope();
    const binary = envelope();
    await produce('k-structured', JSON.stringify(structured), structuredHeaders);
    await produce('k-binary', JSON.stringify(binary.data), binaryHeaders(binary));
    await Promise.all([waitStored(structured), waitStored(binary)]);

    const [a] = await storedWith(structured.source, structured.id);
    expect(a).toMatchObject({ type: 'cs.message.received.v1', data: structured.data, metadata: { connectorId: 'kafka' } });
    const [b] = await storedWith(binary.source, binary.id);
    expect(b).toMatchObject({ data: binary.data, metadata: { connectorId: 'kafka', occurredAt: '2025-02-03T04:05:06Z', subject: 'thread-7' } });
    expect(worker.health()).toMatchObject({ alive: true });
  });

  it('stores an event produced twice (and once more in binary mode) once', async () => {
    const e = envelope();
    const later = envelope({ data: { ...e.data, body: 'a later message of the same customer' } });
    for (let i = 0; i < 2; i++) await produce('k-twice', JSON.stringify(e), structuredHeaders);
    await produce('k-twice', JSON.stringify(e.data), binaryHeaders(e));
    // Same key, same partition: once `later` is stored, every delivery before it was handled.
    await produce('k-twice', JSON.stringify(later), structuredHeaders);
    await waitStored(later);
    expect(await storedWith(e.source, e.id)).toHaveLength(1);
  });

  it('an event first ingested over HTTP and then produced to Kafka stays one event, the first one', async () => {
    const e = envelope();
    const http = await new IngestEventsService(store, new EventCatalogue(ALL_EVENTS)).ingest([e], {
      connectorId: 'shop', scopes: PUBLIC_EVENTS.map((d) => d.type),
    });
    expect(http.result.accepted).toHaveLength(1);
    const later = envelope({ data: { ...e.data, body: 'next' } });
    await produce('k-http', JSON.stringify(e), structuredHeaders);
    await produce('k-http', JSON.stringify(later), structuredHeaders);
    await waitStored(later);
    const stored = await storedWith(e.source, e.id);
    expect(stored).toHaveLength(1);
    expect(stored[0].metadata['connectorId']).toBe('shop');
  });

  it('dead-letters poison messages with reasons and origin, once, and the valid message behind them is stored', async () => {
    const key = `k-poison-${randomUUID()}`;
    const noSource = envelope();
    const { ce_source: _dropped, ...noSourceHeaders } = binaryHeaders(noSource);
    const poison = [
      { value: JSON.stringify(envelope()).slice(0, 40), headers: structuredHeaders, path: '' },
      { value: JSON.stringify(envelope({ type: 'cs.unknown.v1' })), headers: structuredHeaders, path: '/type' },
      { value: JSON.stringify(noSource.data), headers: noSourceHeaders, path: '/source' },
      { value: JSON.stringify(envelope({ data: { channel: 'chat', customer: customer() } })), headers: structuredHeaders, path: '/data/body' },
    ];
    const sent: Sent[] = [];
    for (const p of poison) sent.push(await produce(key, p.value, p.headers));
    const valid = envelope();
    await produce(key, JSON.stringify(valid), structuredHeaders);

    await waitStored(valid);
    await waitUntil('4 dead letters', () => dead.filter((d) => d.key === key).length >= poison.length);
    const letters = dead.filter((d) => d.key === key);
    expect(letters).toHaveLength(poison.length);
    letters.forEach((letter, i) => {
      expect(letter.value).toBe(poison[i].value);
      expect(letter.headers).toMatchObject({
        ...poison[i].headers,
        [DLQ_HEADERS.originTopic]: Topics.ingest,
        [DLQ_HEADERS.originPartition]: String(sent[i].partition),
        [DLQ_HEADERS.originOffset]: sent[i].offset,
        [DLQ_HEADERS.attempts]: '1',
      });
      const reasons: ValidationIssue[] = JSON.parse(letter.headers[DLQ_HEADERS.error]);
      expect(reasons.map((r) => r.path)).toContain(poison[i].path);
      expect(reasons.every((r) => typeof r.message === 'string' && r.message.length > 0)).toBe(true);
    });
    expect(warnings.some((w) => w.includes(Topics.ingestDlq))).toBe(true);
    const interactions = await store.readAll({ filter: { categories: ['interaction'] }, maxCount: 100_000 });
    expect(interactions.filter((e) => e.metadata['ceId'] === noSource.id)).toEqual([]);
  });

  it('retries a batch while the store is unavailable and then stores it once, without dead-lettering it', async () => {
    const e = envelope();
    failNext = 3;
    await produce('k-outage', JSON.stringify(e), structuredHeaders);
    await waitStored(e);
    expect([failNext, failures]).toEqual([0, 3]);
    expect(await storedWith(e.source, e.id)).toHaveLength(1);
    expect(dead.filter((d) => d.key === 'k-outage')).toEqual([]);
  });
});
