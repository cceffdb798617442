import type { Consumer as KafkaConsumer, ConsumerConfig, EachBatchPayload, Kafka, Message } from 'kafkajs';
import { deadLetterTopicFor } from '@csp/contracts';
import { ConsumerStopped, processBatch } from '../batch-processor';
import {
  type BusMessage,
  type Consumer,
  type ConsumerHealth,
  type ConsumerOptions,
  DEFAULT_RETRY,
  type RetryPolicy,
} from '../message-bus.port';
import { deadLetterMessage } from '../dead-letter';
import { kafkaScope, toBusMessage, toKafkaMessage } from './kafka-messages';

/** Group membership and fetch tuning shared by every consumer of one bus. */
export type KafkaConsumerSettings = Omit<ConsumerConfig, 'groupId' | 'allowAutoTopicCreation'> & {
  /** Partitions handled at the same time (order is per partition, so per key, either way). Default 1. */
  partitionsConsumedConcurrently?: number;
};

/** Produces to the dead-letter topic and resolves once the brokers acknowledged (acks=all). */
export type DeadLetterSender = (topic: string, message: Message) => Promise<void>;

/**
 * One consumer group member: kafkajs `eachBatch` without auto-resolve, each partition's batch handed to the
 * shared `processBatch`. An offset is resolved only after its message was handled or dead-lettered, and
 * kafkajs commits only resolved offsets (after each batch, before a rebalance, and on stop), so a crash
 * redelivers exactly the unacknowledged work.
 */
export class KafkaGroupConsumer implements Consumer {
  private readonly consumer: KafkaConsumer;
  private readonly retry: RetryPolicy;
  private readonly deadLetterTopic: string;
  private readonly lagByPartition = new Map<string, bigint>();
  private connected = false;
  private running = false;
  private lastError?: string;
  private crashed = false;
  private lastActivityAt?: Date;

  constructor(
    kafka: Kafka,
    private readonly options: ConsumerOptions,
    private readonly settings: KafkaConsumerSettings,
    private readonly sendDeadLetter: DeadLetterSender,
  ) {
    const { partitionsConsumedConcurrently: _concurrency, ...config } = settings;
    this.consumer = kafka.consumer({ ...config, groupId: options.groupId, allowAutoTopicCreation: true });
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.deadLetterTopic = options.deadLetterTopic ?? deadLetterTopicFor(options.groupId);
    this.trackEvents();
  }

  /** Resolves once the member joined the group and got its partitions. */
  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      eachBatchAutoResolve: false,
      // Commits only what was resolved; every batch ends with a commit, so the interval matters only during
      // long retries of one batch (acknowledge calls commitOffsetsIfNecessary).
      autoCommit: true,
      autoCommitInterval: 1_000,
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.eachBatch(payload),
    });
    this.running = true;
  }

  health(): ConsumerHealth {
    let lag = 0n;
    for (const partitionLag of this.lagByPartition.values()) lag += partitionLag;
    return {
      groupId: this.options.groupId,
      alive: this.connected && this.running && !this.crashed,
      lag: Number(lag),
      lastActivityAt: this.lastActivityAt,
      error: this.lastError,
    };
  }

  /** kafkajs stops fetching, waits for the batch in hand, commits what it resolved and leaves the group. */
  async stop(): Promise<void> {
    this.running = false;
    await this.consumer.disconnect();
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale } = payload;
    const { topic, partition } = batch;
    const highWatermark = BigInt(batch.highWatermark);
    const messages = batch.messages.map((message) => toBusMessage(topic, partition, message));
    this.markActivity();
    this.setLag(topic, partition, highWatermark - BigInt(batch.firstOffset() ?? batch.highWatermark));
    const hooks = {
      acknowledge: async (done: BusMessage[]) => {
        const last = done[done.length - 1].position;
        resolveOffset(last.toString());
        this.setLag(topic, partition, highWatermark - last - 1n);
        this.markActivity();
        await commitOffsetsIfNecessary();
      },
      deadLetter: (message: BusMessage, error: unknown, attempts: number) =>
        this.sendDeadLetter(
          this.deadLetterTopic,
          toKafkaMessage(deadLetterMessage(message, { groupId: this.options.groupId, partition, attempts, error, failedAt: new Date() })),
        ),
      heartbeat,
      isRunning: () => isRunning() && !isStale(),
    };
    try {
      await processBatch(messages, this.options.handler, hooks, this.retry);
    } catch (error) {
      // Stopping mid-batch is normal: what was acknowledged gets committed, the rest is fetched again.
      if (error instanceof ConsumerStopped) return;
      throw error;
    }
  }

  private setLag(topic: string, partition: number, lag: bigint): void {
    this.lagByPartition.set(kafkaScope(topic, partition), lag > 0n ? lag : 0n);
  }

  private markActivity(): void {
    this.lastActivityAt = new Date();
  }

  private trackEvents(): void {
    const { events } = this.consumer;
    this.consumer.on(events.CONNECT, () => (this.connected = true));
    this.consumer.on(events.DISCONNECT, () => (this.connected = false));
    this.consumer.on(events.HEARTBEAT, () => this.markActivity());
    this.consumer.on(events.GROUP_JOIN, ({ payload }) => {
      this.crashed = false;
      this.keepOnlyAssigned(payload.memberAssignment);
      this.markActivity();
    });
    this.consumer.on(events.CRASH, ({ payload }) => {
      // With restart=true kafkajs re-joins by itself; alive again at the next GROUP_JOIN.
      this.crashed = true;
      this.lastError = `${payload.error.name}: ${payload.error.message}`;
    });
  }

  /** After a rebalance, lag counts only the partitions this member still owns. */
  private keepOnlyAssigned(assignment: Record<string, number[]>): void {
    const owned = new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => kafkaScope(topic, p))));
    for (const scope of this.lagByPartition.keys()) if (!owned.has(scope)) this.lagByPartition.delete(scope);
  }
}
