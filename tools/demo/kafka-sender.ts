import { type CustomerRef, customerIdFor, Topics } from '@csp/contracts';
import type { SimEvent } from '@csp/simulator';
import { Kafka, logLevel, type Message, Partitioners, type Producer } from 'kafkajs';

/**
 * A CloudEvent as a Kafka message in the CloudEvents Kafka binding, binary mode: attributes as `ce_*`
 * headers, `data` as the JSON value, key = the customer id ingestion will derive, so one customer's events
 * stay in one partition and in order.
 */
export function kafkaMessage(event: SimEvent): Message {
  const headers: Record<string, string> = {
    ce_specversion: event.specversion,
    ce_id: event.id,
    ce_source: event.source,
    ce_type: event.type,
    ce_time: event.time,
    'content-type': 'application/json',
  };
  if (typeof event.subject === 'string') headers['ce_subject'] = event.subject;
  return { key: customerKey(event), value: JSON.stringify(event.data), headers };
}

function customerKey(event: SimEvent): string {
  const data = event.data as { customer?: CustomerRef; platform?: string; handle?: string };
  // An unattributed social mention belongs to the account that posted it, as ingestion files it.
  return customerIdFor(data.customer ?? { social: { platform: String(data.platform), handle: String(data.handle) } });
}

export interface KafkaSender {
  send(batch: readonly SimEvent[]): Promise<void>;
  close(): Promise<void>;
}

/** Produces to `cs.ingest.v1` on `brokers` (from KAFKA_BROKERS), waiting for all in-sync replicas. */
export async function connectKafka(brokers: readonly string[]): Promise<KafkaSender> {
  const kafka = new Kafka({ clientId: 'csp-demo', brokers: [...brokers], logLevel: logLevel.ERROR, retry: { retries: 3 } });
  const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true, maxInFlightRequests: 1 });
  await producer.connect();
  return {
    send: async (batch) => {
      await producer.send({ topic: Topics.ingest, acks: -1, messages: batch.map(kafkaMessage) });
    },
    close: () => producer.disconnect(),
  };
}

export function brokersFrom(env: string | undefined): string[] {
  return (env ?? '').split(',').map((b) => b.trim()).filter((b) => b.length > 0);
}
