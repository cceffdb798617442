import { Topics } from '@csp/contracts';
import type { RetryPolicy } from '@csp/message-bus';
import { type BackgroundWorker, eventConsumerWorker, type PlatformRuntime } from '@csp/platform-nest';
import type { LoggerService } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { OutboundConfig } from '../outbound.config';
import { createChannelAdapters } from './adapters/channel-adapters.factory';
import { DeliverOutboundMessageHandler } from './deliver-outbound-message.handler';
import { DeliveryDispatcher } from './delivery-dispatcher.worker';
import { DeliveryQueue } from './delivery-queue';
import { QueueOutboundRequestHandler } from './queue-outbound-request.handler';

export const OUTBOUND_DELIVERY_GROUP = 'ticketing.outbound-delivery';

/**
 * Queuing a request only fails when PostgreSQL or the event store is away: retried until it works, because a
 * dead-lettered request would never be delivered.
 */
const QUEUE_RETRY: RetryPolicy = { maxAttempts: Number.MAX_SAFE_INTEGER, initialBackoffMs: 200, maxBackoffMs: 10_000 };

export interface OutboundDeliveryOptions {
  deadLetterTopic?: string;
  logger?: Pick<LoggerService, 'log' | 'error'>;
  now?: () => Date;
}

/**
 * The outbound delivery of the ticketing service as two workers: the consumer of `cs.outbound.v1` that queues
 * each requested message (group `ticketing.outbound-delivery`), and the dispatcher that delivers queued
 * messages through the channel adapters, records every attempt in `outbound-<messageId>` and schedules retries.
 */
export function outboundDeliveryWorkers(
  deps: { runtime: Pick<PlatformRuntime, 'store' | 'bus'>; dataSource: DataSource },
  config: OutboundConfig,
  options: OutboundDeliveryOptions = {},
): BackgroundWorker[] {
  const { store, bus } = deps.runtime;
  const channels = createChannelAdapters(config, options.logger);
  const queue = new DeliveryQueue(deps.dataSource);
  const retry = { maxAttempts: config.OUTBOUND_MAX_ATTEMPTS, initialBackoffMs: config.OUTBOUND_RETRY_INITIAL_MS, maxBackoffMs: config.OUTBOUND_RETRY_MAX_MS };
  const deliver = new DeliverOutboundMessageHandler(store, queue, channels, retry, options.now);
  const dispatcher = new DeliveryDispatcher(queue, (id) => deliver.handle(id), {
    pollMs: config.OUTBOUND_POLL_MS,
    concurrency: 8,
    // An SMTP attempt may wait out its connection, greeting and socket timeouts in turn.
    leaseMs: Math.max(60_000, 4 * config.OUTBOUND_TIMEOUT_MS),
    onStopped: () => channels.close(),
    logger: options.logger,
  });
  const requests = new QueueOutboundRequestHandler(store, queue, () => dispatcher.wake());
  return [
    eventConsumerWorker(bus, {
      groupId: OUTBOUND_DELIVERY_GROUP, topics: [Topics.outbound], deadLetterTopic: options.deadLetterTopic, retry: QUEUE_RETRY,
      handle: (event) => requests.handle(event),
    }),
    dispatcher,
  ];
}
