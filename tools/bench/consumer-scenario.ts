import { KafkaMessageBus, type OutgoingMessage } from '@csp/message-bus';
import { bareKafka, bareProducer, chunk, waitFor } from './bare-kafka';
import { type Progress, progressBar } from './bench-progress';
import type { Comparison, Measurement } from './bench-report';
import { combine } from './bench-workers';
import type { BusBenchOptions } from './relay-scenario';

const TOPIC = 'bench.consume';
/** Both consumers poll an idle partition this long at most (kafkajs default 5000; our tests use about 100). */
const MAX_WAIT_MS = 100;

export interface ConsumerBenchOptions extends BusBenchOptions {
  /** Messages in the pre-filled topic; the mock keeps at most 5 MiB per partition, so this stays small. */
  consumeMessages: number;
  /** Each round consumes the whole topic once per path, each in a new group; the order alternates. */
  consumeRounds: number;
}

/** Counts delivered messages; the clock starts at the first one, so the group join (about 3 s) is excluded. */
class DeliveryClock {
  firstAt?: number;
  lastAt?: number;
  count = 0;

  constructor(
    private readonly expected: number,
    private readonly progress: Progress,
  ) {}

  delivered(n: number): void {
    const now = performance.now();
    this.firstAt ??= now;
    this.count += n;
    this.progress.increment(n);
    if (this.count >= this.expected) this.lastAt ??= now;
  }

  measurement(label: string): Measurement {
    return { label, items: this.count, seconds: ((this.lastAt ?? 0) - (this.firstAt ?? 0)) / 1000 };
  }
}

/**
 * Ours: KafkaMessageBus.consume with a no-op handler. Bare: a kafkajs consumer with `eachBatch` (auto-resolve,
 * auto-commit). The same pre-filled topic, read from the beginning by a new group per path and round.
 */
export async function consumerComparison(o: ConsumerBenchOptions, messages: OutgoingMessage[]): Promise<Comparison> {
  const retained = await prefillTopic(o, messages.slice(0, o.consumeMessages));
  const runs: Record<'ours' | 'bare', Measurement[]> = { ours: [], bare: [] };
  for (let round = 1; round <= o.consumeRounds; round++) {
    const order = round % 2 === 1 ? (['bare', 'ours'] as const) : (['ours', 'bare'] as const);
    for (const side of order) {
      const phase = `consume r${round}/${o.consumeRounds} ${side}`;
      runs[side].push(side === 'ours' ? await runOurConsumer(o, retained, round, phase) : await runBareConsumer(o, retained, round, phase));
    }
  }
  return {
    scenario: `consumer throughput: no-op handler, ${retained} messages x ${o.consumeRounds} rounds, 4 partitions, 1 member`,
    target: 0.5,
    ours: combine('KafkaMessageBus.consume', runs.ours),
    bare: combine('kafkajs consumer eachBatch', runs.bare),
  };
}

/** Produces the messages, then returns how many the topic holds (what the consumers must each read). */
async function prefillTopic(o: BusBenchOptions, messages: OutgoingMessage[]): Promise<number> {
  const kafka = bareKafka(o.brokers, 'bench-prefill');
  const producer = await bareProducer(kafka);
  const progress = progressBar('prefill topic', messages.length);
  try {
    for (const batch of chunk(messages, 1000)) {
      await producer.send({ topic: TOPIC, messages: batch, acks: -1 });
      progress.increment(batch.length);
    }
  } finally {
    progress.stop();
    await producer.disconnect();
  }
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(TOPIC);
    const retained = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    if (retained < messages.length) {
      throw new Error(`the mock cluster kept ${retained} of ${messages.length} messages (5 MiB per partition): lower --consume-messages`);
    }
    return retained;
  } finally {
    await admin.disconnect();
  }
}

async function runOurConsumer(o: BusBenchOptions, expected: number, round: number, phase: string): Promise<Measurement> {
  const bus = new KafkaMessageBus({ brokers: o.brokers, clientId: 'bench-consumer', maxWaitTimeInMs: MAX_WAIT_MS });
  const progress = progressBar(phase, expected);
  const clock = new DeliveryClock(expected, progress);
  try {
    await bus.consume({ groupId: `bench-ours-${round}`, topics: [TOPIC], handler: async (batch) => clock.delivered(batch.length) });
    await waitFor(() => clock.lastAt !== undefined, o.timeoutMs, 'our consumer to handle every message');
    return clock.measurement('KafkaMessageBus.consume');
  } finally {
    progress.stop();
    await bus.close();
  }
}

async function runBareConsumer(o: BusBenchOptions, expected: number, round: number, phase: string): Promise<Measurement> {
  const consumer = bareKafka(o.brokers, 'bench-bare-consumer').consumer({ groupId: `bench-bare-${round}`, maxWaitTimeInMs: MAX_WAIT_MS });
  const progress = progressBar(phase, expected);
  const clock = new DeliveryClock(expected, progress);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
    await consumer.run({ eachBatch: async ({ batch }) => clock.delivered(batch.messages.length) });
    await waitFor(() => clock.lastAt !== undefined, o.timeoutMs, 'the bare consumer to handle every message');
    return clock.measurement('kafkajs consumer eachBatch');
  } finally {
    progress.stop();
    await consumer.disconnect();
  }
}
