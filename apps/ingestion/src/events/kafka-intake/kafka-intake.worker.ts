import { Topics } from '@csp/contracts';
import type { Consumer, MessageBus, RetryPolicy } from '@csp/message-bus';
import type { BackgroundWorker } from '@csp/platform-nest';
import { Logger, type LoggerService } from '@nestjs/common';
import type { IngestEventsService } from '../intake/ingest-events.service';
import { KAFKA_INTAKE_GROUP, kafkaIntakeHandler } from './kafka-intake.handler';
import type { RejectedMessage } from './rejected-message.dead-letter';

export interface KafkaIntakeOptions {
  /** The Kafka bus (the intake has no meaning on the log bus: connectors produce to Kafka). */
  bus: MessageBus;
  service: Pick<IngestEventsService, 'ingest'>;
  /** Retries of a batch whose handler threw (store or brokers down); default: until it succeeds. */
  retry?: Partial<RetryPolicy>;
  now?: () => Date;
  /** Where rejections are reported (default: the service's Nest logger, context `KafkaIntake`). */
  logger?: Pick<LoggerService, 'warn'>;
}

/**
 * Infrastructure failures are retried without limit by default: a message that fails because the store is down
 * is valid, and dead-lettering it would lose it from the intake. Invalid messages never come this way (the
 * handler dead-letters them and returns), nor do events the store could never hold (the parser rejects them).
 */
export const KAFKA_INTAKE_RETRY: RetryPolicy = { maxAttempts: Number.MAX_SAFE_INTEGER, initialBackoffMs: 200, maxBackoffMs: 10_000 };

/**
 * The Kafka intake as a worker of the ingestion service: consumer group `ingestion-intake` on `cs.ingest.v1`,
 * from the beginning of the topic on first start (events produced before ingestion first ran are not lost).
 * Health is the consumer's (group membership, lag), reported by the WorkerHost in `/health/ready`.
 */
export function kafkaIntakeWorker(options: KafkaIntakeOptions): BackgroundWorker {
  const logger = options.logger ?? new Logger('KafkaIntake');
  let consumer: Consumer | undefined;
  const { bus, service, now } = options;
  const handler = kafkaIntakeHandler({ bus, service, now, onRejected: (rejections) => logger.warn(describe(rejections)) });
  return {
    name: KAFKA_INTAKE_GROUP,
    async start() {
      consumer = await bus.consume({
        groupId: KAFKA_INTAKE_GROUP,
        topics: [Topics.ingest],
        handler,
        retry: { ...KAFKA_INTAKE_RETRY, ...options.retry },
        // Only reached when `retry` is bounded: a copy beside the rejected ones, with the exception's text.
        deadLetterTopic: Topics.ingestDlq,
        fromBeginning: true,
      });
    },
    stop: async () => consumer?.stop(),
    health: () => consumer?.health() ?? { groupId: KAFKA_INTAKE_GROUP, alive: false },
  };
}

function describe(rejections: readonly RejectedMessage[]): string {
  const [{ message, errors }] = rejections;
  const first = errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; ');
  return `${rejections.length} invalid message(s) from ${message.scope} sent to ${Topics.ingestDlq}; offset ${message.position}: ${first}`;
}
