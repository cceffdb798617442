import { deadLetterTopicFor, TOPIC_CATEGORIES } from '@csp/contracts';
import type { CheckpointStore, EventStore, RecordedEvent } from '@csp/event-store';
import { randomUUID } from 'node:crypto';
import { errorText, processBatch } from '../batch-processor';
import { eventToMessage, RAW_MESSAGE_TYPE } from '../cloud-event-binding';
import { deadLetterMessage } from '../dead-letter';
import { runWithRestarts } from '../restart-loop';
import {
  type BusMessage,
  type Consumer,
  type ConsumerHealth,
  type ConsumerOptions,
  DEFAULT_RETRY,
  type MessageBus,
  type OutgoingMessage,
} from '../message-bus.port';

/** Stream category that carries the raw messages published to a topic on the log bus. */
export function topicCategory(topic: string): string {
  return `bus_${topic.replace(/[^a-zA-Z0-9]/g, '_')}`;
}

/** The stream categories a topic reads on the log bus: what its relay would publish, plus raw messages. */
export function categoriesOfTopic(topic: string): string[] {
  return [...(TOPIC_CATEGORIES[topic] ?? []), topicCategory(topic)];
}

/**
 * A consumer group's checkpoint is written at most this often (and when it stops): at a few events per batch,
 * one checkpoint statement per batch and group was a good share of all statements (ticketing runs about ten
 * groups). Delivery is at least once anyway; a crash redelivers at most this much more, which the handlers'
 * idempotence absorbs.
 */
const CHECKPOINT_EVERY_MS = 1_000;

export interface LogMessageBusOptions {
  store: EventStore;
  checkpoints: CheckpointStore;
  batchSize?: number;
}

/**
 * The log bus: the event store's own ordered global log served as topics, with a checkpoint per consumer
 * group, so the embedded default needs no Kafka. A topic is the set of stream categories its relay would
 * publish; services append their events once and consumers read them from the log.
 * One active consumer per group (the embedded default runs one instance of each service).
 */
export class LogMessageBus implements MessageBus {
  private readonly consumers = new Set<Consumer>();

  constructor(private readonly options: LogMessageBusOptions) {}

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    const category = topicCategory(topic);
    for (const message of messages) {
      // Raw bus messages are independent facts with no invariant to protect: 'any' revision, ordered per key
      // by the stream (one stream per key).
      await this.options.store.append(
        `${category}-${message.key}`,
        [{ id: randomUUID(), type: RAW_MESSAGE_TYPE, data: { key: message.key, value: message.value, headers: message.headers ?? {} } }],
        { expectedRevision: 'any' },
      );
    }
  }

  async consume(options: ConsumerOptions): Promise<Consumer> {
    const consumer = new LogConsumer(this, this.options, options);
    this.consumers.add(consumer);
    consumer.start(() => this.consumers.delete(consumer));
    return consumer;
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.stop()));
  }
}

class LogConsumer implements Consumer {
  private readonly abort = new AbortController();
  private loop?: Promise<void>;
  private state: ConsumerHealth;
  private readonly topicOf = new Map<string, string>();
  private readonly checkpointName: string;
  /** Acknowledged, not stored yet (see CHECKPOINT_EVERY_MS). */
  private unstored?: bigint;
  private storedAt = -Infinity;
  private storeTimer?: NodeJS.Timeout;
  /** The checkpoint writes, one after the other, so a later position is never overwritten by an earlier one. */
  private storing: Promise<void> = Promise.resolve();

  constructor(
    private readonly bus: MessageBus,
    private readonly deps: LogMessageBusOptions,
    private readonly options: ConsumerOptions,
  ) {
    this.state = { groupId: options.groupId, alive: true };
    this.checkpointName = `bus:${options.groupId}`;
    for (const topic of options.topics) for (const category of categoriesOfTopic(topic)) this.topicOf.set(category, topic);
  }

  start(onEnd: () => void): void {
    this.loop = runWithRestarts(
      (progressed) => this.run(progressed),
      this.abort.signal,
      (error) => {
        this.state = { ...this.state, alive: false, error: errorText(error) };
      },
    ).finally(onEnd);
  }

  health(): ConsumerHealth {
    return { ...this.state };
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    // What was handled is not delivered again after a graceful stop; if the store is away, it is (at least once).
    await this.storeCheckpoint().catch(() => undefined);
    this.state = { ...this.state, alive: false };
  }

  private async run(progressed: () => void): Promise<void> {
    const name = this.checkpointName;
    const policy = { ...DEFAULT_RETRY, ...this.options.retry };
    const dlq = this.options.deadLetterTopic ?? deadLetterTopicFor(this.options.groupId);
    await this.storeCheckpoint(); // a restart after a failure goes on from what was handled
    const after = (await this.deps.checkpoints.loadCheckpoint(name)) ?? 0n;
    const pages = this.deps.store.subscribe({
      after,
      filter: { categories: [...this.topicOf.keys()] },
      signal: this.abort.signal,
      batchSize: this.deps.batchSize ?? 500,
    });
    for await (const page of pages) {
      const messages = page.map((event) => this.toMessage(event));
      await processBatch(
        messages,
        this.options.handler,
        {
          acknowledge: async (done) => {
            this.unstored = done[done.length - 1].position;
            if (performance.now() - this.storedAt >= CHECKPOINT_EVERY_MS) await this.storeCheckpoint();
            else this.storeLater();
            this.state = { ...this.state, alive: true, error: undefined, lastActivityAt: new Date() };
            progressed();
          },
          deadLetter: (message, error, attempts) =>
            this.bus.publish(dlq, [deadLetterMessage(message, { groupId: this.options.groupId, attempts, error, failedAt: new Date() })]),
          isRunning: () => !this.abort.signal.aborted,
        },
        policy,
      );
    }
  }

  /** Stores the acknowledged position, if any is not stored yet. */
  private storeCheckpoint(): Promise<void> {
    clearTimeout(this.storeTimer);
    this.storeTimer = undefined;
    this.storing = this.storing.catch(() => undefined).then(async () => {
      const position = this.unstored;
      if (position === undefined) return;
      this.unstored = undefined;
      try {
        await this.deps.checkpoints.storeCheckpoint(this.checkpointName, position);
        this.storedAt = performance.now();
      } catch (error) {
        this.unstored ??= position;
        throw error;
      }
    });
    return this.storing;
  }

  /** Stores the checkpoint once CHECKPOINT_EVERY_MS has passed since the last write (again later if it fails). */
  private storeLater(wait = Math.max(0, CHECKPOINT_EVERY_MS - (performance.now() - this.storedAt))): void {
    if (this.storeTimer || this.abort.signal.aborted) return;
    this.storeTimer = setTimeout(() => {
      this.storeTimer = undefined;
      this.storeCheckpoint().catch(() => this.storeLater(CHECKPOINT_EVERY_MS));
    }, wait);
    this.storeTimer.unref();
  }

  private toMessage(event: RecordedEvent): BusMessage {
    const message = eventToMessage(event);
    return {
      topic: this.topicOf.get(event.category) ?? event.category,
      key: message.key,
      value: message.value,
      headers: message.headers ?? {},
      scope: 'log',
      position: event.position,
      attempt: 1,
    };
  }
}
