import { PUBLIC_EVENTS } from '@csp/contracts';
import type { BatchHandler, BusMessage, MessageBus } from '@csp/message-bus';
import { MAX_BATCH } from '../intake/cloud-event-request';
import type { Connector, IngestEventsService } from '../intake/ingest-events.service';
import { parseKafkaCloudEvent } from './kafka-cloud-event.parser';
import { publishRejections, type RejectedMessage } from './rejected-message.dead-letter';

/** Consumer group of the Kafka intake (its committed offsets are the intake's progress on `cs.ingest.v1`). */
export const KAFKA_INTAKE_GROUP = 'ingestion-intake';

/**
 * Who every Kafka message is ingested as. Kafka connectors hold no connector key: the brokers authenticate
 * them (SASL/mTLS) and the topic's ACLs decide who may produce to `cs.ingest.v1`, so whatever reaches the topic
 * may send every public event type. Narrower scopes per producer would need the broker's principal, which
 * Kafka does not hand to consumers.
 */
export const KAFKA_CONNECTOR: Connector = { connectorId: 'kafka', scopes: PUBLIC_EVENTS.map((definition) => definition.type) };

export interface KafkaIntakeHandlerOptions {
  service: Pick<IngestEventsService, 'ingest'>;
  bus: Pick<MessageBus, 'publish'>;
  now?: () => Date;
  /** Called after rejected messages reached the dead-letter topic (for logs). */
  onRejected?(rejections: readonly RejectedMessage[]): void;
}

/**
 * Handles a batch of one partition: valid events are ingested together (validation, deterministic ids, one
 * group commit), invalid messages are published to `cs.ingest.dlq.v1` by the handler itself, and the handler
 * returns, so the batch is acknowledged. An invalid message is an answer, not a failure: it is never retried
 * and never holds up the messages behind it. Anything that throws (store or brokers unavailable) leaves the
 * batch unacknowledged for the consumer to retry; redelivered events are then duplicates, never second facts.
 */
export function kafkaIntakeHandler(options: KafkaIntakeHandlerOptions): BatchHandler {
  const now = options.now ?? (() => new Date());
  return async (messages) => {
    const rejections: RejectedMessage[] = [];
    const candidates: { message: BusMessage; event: unknown }[] = [];
    for (const message of messages) {
      const parsed = parseKafkaCloudEvent(message);
      if (parsed.ok) candidates.push({ message, event: parsed.event });
      else rejections.push({ message, errors: parsed.errors });
    }
    // Slices of the HTTP batch size, one after the other: a large fetch becomes neither one huge transaction
    // nor concurrent writes that could store a key's events out of order.
    for (let from = 0; from < candidates.length; from += MAX_BATCH) {
      const slice = candidates.slice(from, from + MAX_BATCH);
      const { result } = await options.service.ingest(slice.map((candidate) => candidate.event), KAFKA_CONNECTOR);
      for (const { index, errors } of result.rejected) rejections.push({ message: slice[index].message, errors });
    }
    if (rejections.length === 0) return;
    rejections.sort((a, b) => (a.message.position < b.message.position ? -1 : 1));
    // After the valid events are stored: if this publish fails, the retried batch finds them as duplicates.
    await publishRejections(options.bus, rejections, KAFKA_INTAKE_GROUP, now());
    options.onRejected?.(rejections);
  };
}
