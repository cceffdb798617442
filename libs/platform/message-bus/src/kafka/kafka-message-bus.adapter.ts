import { Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import type { Consumer, ConsumerOptions, MessageBus, OutgoingMessage } from '../message-bus.port';
import { KafkaGroupConsumer, type KafkaConsumerSettings } from './kafka-group-consumer';
import { type KafkaLogLevel, quietLogCreator, toKafkaLogLevel } from './kafka-logger';
import { toKafkaMessage } from './kafka-messages';

export type { KafkaLogLevel } from './kafka-logger';

export interface KafkaMessageBusOptions {
  brokers: string[];
  clientId: string;
  /** Default 'error', written as one compact line per entry (see quietLogCreator). */
  logLevel?: KafkaLogLevel;
  /** How long a fetch waits for data on an idle topic (kafkajs default 5000; tests use about 100). */
  maxWaitTimeInMs?: number;
  /** Group membership timings (kafkajs defaults: 30000 / 60000 / 3000). Short ones speed up rebalances. */
  sessionTimeout?: number;
  rebalanceTimeout?: number;
  heartbeatInterval?: number;
  /** Partitions of one member handled at the same time (default 1). */
  partitionsConsumedConcurrently?: number;
}

/**
 * The MessageBus on Kafka (kafkajs). Publishing waits for acks from all in-sync replicas. The producer is
 * neither idempotent nor transactional: the event store is the outbox, relays checkpoint after the ack,
 * and consumers deduplicate by event id. Each `consume()` is its own kafkajs consumer (one group member).
 */
export class KafkaMessageBus implements MessageBus {
  private readonly kafka: Kafka;
  private readonly consumers = new Set<KafkaGroupConsumer>();
  private producer?: Promise<Producer>;
  private closed = false;

  constructor(private readonly options: KafkaMessageBusOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: toKafkaLogLevel(options.logLevel ?? 'error'),
      logCreator: quietLogCreator(),
    });
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.send(topic, messages.map(toKafkaMessage));
  }

  async consume(options: ConsumerOptions): Promise<Consumer> {
    this.assertOpen();
    const member = new KafkaGroupConsumer(this.kafka, options, this.consumerSettings(), (topic, message) =>
      this.send(topic, [message]),
    );
    const tracked: Consumer = {
      health: () => member.health(),
      stop: async () => {
        this.consumers.delete(member);
        await member.stop();
      },
    };
    this.consumers.add(member);
    try {
      await member.start();
    } catch (error) {
      await tracked.stop().catch(() => undefined);
      throw error;
    }
    return tracked;
  }

  /** Stops every consumer gracefully (each commits what it handled), then disconnects the producer. */
  async close(): Promise<void> {
    this.closed = true;
    const members = [...this.consumers];
    this.consumers.clear();
    await Promise.allSettled(members.map((member) => member.stop()));
    const producer = this.producer;
    this.producer = undefined;
    if (producer) await (await producer.catch(() => undefined))?.disconnect();
  }

  private async send(topic: string, messages: Message[]): Promise<void> {
    const producer = await this.connectedProducer();
    await producer.send({ topic, messages, acks: -1 });
  }

  private connectedProducer(): Promise<Producer> {
    this.assertOpen();
    if (!this.producer) {
      const producer = this.kafka.producer({
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: true,
        idempotent: false,
        // Without idempotence a retried request could land after a later one; one request in flight per
        // broker keeps per-key (per-partition) order across concurrent publishes.
        maxInFlightRequests: 1,
      });
      this.producer = producer.connect().then(() => producer);
      this.producer.catch(() => (this.producer = undefined));
    }
    return this.producer;
  }

  private consumerSettings(): KafkaConsumerSettings {
    const { maxWaitTimeInMs, sessionTimeout, rebalanceTimeout, heartbeatInterval, partitionsConsumedConcurrently } =
      this.options;
    return { maxWaitTimeInMs, sessionTimeout, rebalanceTimeout, heartbeatInterval, partitionsConsumedConcurrently };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('KafkaMessageBus is closed');
  }
}

/** The production bus from an app's validated config: kafkajs defaults for group timings, quiet logs. */
export function kafkaBusFromConfig(config: { brokers: string[]; clientId: string; logLevel?: KafkaLogLevel }): KafkaMessageBus {
  return new KafkaMessageBus({ brokers: config.brokers, clientId: config.clientId, logLevel: config.logLevel });
}
