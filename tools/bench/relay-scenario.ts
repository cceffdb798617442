import { PostgresEventStore, type RecordedEvent } from '@csp/event-store';
import { eventToMessage, EventRelay, KafkaMessageBus, type OutgoingMessage } from '@csp/message-bus';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { bareKafka, bareProducer, chunk, waitFor, warmTopic } from './bare-kafka';
import { benchEvents } from './bench-payloads';
import { progressBar } from './bench-progress';
import type { Comparison, Measurement } from './bench-report';
import { runWorkers } from './bench-workers';

export interface BusBenchOptions {
  url: string;
  brokers: string[];
  messages: number;
  batchSize: number;
  payloadBytes: number;
  timeoutMs: number;
  /** ANALYZE the events table after the prefill (the statistics autovacuum would have gathered by itself). */
  analyze: boolean;
}

const SCHEMA = 'bench_bus';
const CATEGORY = 'benchrelay';
const EVENTS_PER_STREAM = 100;

/**
 * Ours: N events already in the PostgreSQL event store, published by EventRelay through KafkaMessageBus,
 * from `start()` until the relay's checkpoint reached the last position. Bare: a kafkajs producer sending
 * the very messages the relay produces (same key, value, headers), in batches of the relay's page size.
 */
export async function relayComparison(o: BusBenchOptions): Promise<{ comparison: Comparison; messages: OutgoingMessage[] }> {
  const store = await PostgresEventStore.create({ connectionString: o.url, schema: SCHEMA });
  try {
    const last = await prefillStore(store, o);
    if (o.analyze) await analyzeEvents(o.url);
    const messages = (await readLog(store, o.batchSize)).map(eventToMessage);
    const ours = await runRelay(store, o, last);
    const bare = await runBareProducer(messages, o);
    const comparison = { scenario: `relay throughput: store -> Kafka, ${o.batchSize}/batch, acks=-1`, target: 0.5, ours, bare };
    return { comparison, messages };
  } finally {
    await store.close();
  }
}

async function prefillStore(store: PostgresEventStore, o: BusBenchOptions): Promise<bigint> {
  const progress = progressBar('prefill event store', o.messages);
  let last = 0n;
  for (let offset = 0; offset < o.messages; offset += EVENTS_PER_STREAM) {
    const events = benchEvents(Math.min(EVENTS_PER_STREAM, o.messages - offset), o.payloadBytes, offset);
    const result = await store.append(`${CATEGORY}-${randomUUID()}`, events, { expectedRevision: 'no_stream' });
    last = result.position ?? last;
    progress.increment(events.length);
  }
  progress.stop();
  return last;
}

/**
 * Without statistics (a table written seconds ago, before autovacuum's first pass) the planner expects a
 * handful of rows and reads every event after the checkpoint for each page; `--analyze` shows the steady state.
 */
async function analyzeEvents(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`ANALYZE ${SCHEMA}.events`);
  } finally {
    await client.end();
  }
}

async function readLog(store: PostgresEventStore, pageSize: number): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let page = await store.readAll({ maxCount: pageSize }); page.length > 0; ) {
    events.push(...page);
    page = await store.readAll({ after: page[page.length - 1].position, maxCount: pageSize });
  }
  return events;
}

async function runRelay(store: PostgresEventStore, o: BusBenchOptions, last: bigint): Promise<Measurement> {
  const topic = 'bench.relay.ours';
  const bus = new KafkaMessageBus({ brokers: o.brokers, clientId: 'bench-relay' });
  const latenciesMs: number[] = [];
  let published = 0;
  let pageStarted = 0;
  let finishedAt: number | undefined;
  let failure: unknown;
  try {
    await warmTopic((messages) => bus.publish(topic, messages));
    const progress = progressBar('relay (ours)', o.messages);
    const relay = new EventRelay({
      name: 'bench-relay',
      store,
      checkpoints: store,
      bus,
      routes: { [CATEGORY]: topic },
      batchSize: o.batchSize,
      onPublished: (count, position) => {
        const now = performance.now();
        latenciesMs.push(now - pageStarted);
        pageStarted = now;
        published += count;
        progress.increment(count);
        if (position >= last) finishedAt ??= now;
      },
      onError: (error) => (failure = error),
    });
    const started = (pageStarted = performance.now());
    await relay.start();
    await waitFor(() => finishedAt !== undefined || failure !== undefined, o.timeoutMs, 'the relay checkpoint');
    await relay.stop();
    progress.stop();
    if (finishedAt === undefined) throw failure;
    return { label: 'EventRelay + KafkaMessageBus', items: published, seconds: (finishedAt - started) / 1000, latenciesMs };
  } finally {
    await bus.close();
  }
}

async function runBareProducer(messages: OutgoingMessage[], o: BusBenchOptions): Promise<Measurement> {
  const topic = 'bench.relay.bare';
  const producer = await bareProducer(bareKafka(o.brokers, 'bench-bare-producer'));
  try {
    await warmTopic((batch) => producer.send({ topic, messages: batch, acks: -1 }).then(() => undefined));
    const progress = progressBar('bare kafkajs producer', messages.length);
    const label = `kafkajs producer.send, ${o.batchSize}/batch`;
    const result = await runWorkers(label, [chunk(messages, o.batchSize)], async (batch) => {
      await producer.send({ topic, messages: batch, acks: -1 });
      return batch.length;
    }, progress);
    progress.stop();
    return result;
  } finally {
    await producer.disconnect();
  }
}
