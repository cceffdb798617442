import { Topics } from '@csp/contracts';
import { simulateTraffic } from '@csp/simulator';
import { requireKcatOrSkip, startKafkaMockCluster, type KafkaMockCluster } from '@csp/testing';
import { Kafka, logLevel } from 'kafkajs';
import { connectKafka, kafkaMessage } from './kafka-sender';
import { sendTraffic } from './send-traffic';
import { totals } from './send-tally';

const enabled = requireKcatOrSkip('demo: producing to cs.ingest.v1');
const describeKafka = enabled ? describe : describe.skip;

describeKafka('sendTraffic to Kafka (librdkafka mock cluster)', () => {
  let cluster: KafkaMockCluster;
  beforeAll(async () => {
    cluster = await startKafkaMockCluster({ brokers: 1 });
  }, 20_000);
  afterAll(() => cluster?.stop());

  it('produces every event to cs.ingest.v1 in binary mode, in order per customer', async () => {
    const events = simulateTraffic({ seed: 3, customers: 5, days: 2 });
    const producer = await connectKafka(cluster.bootstrapServers);
    const report = await sendTraffic(events, { kafka: producer, rate: 0, batchSize: 50 });
    await producer.close();
    expect(report.error).toBeUndefined();
    expect(totals(report.tally)).toMatchObject({ kafka: events.length, sent: 0 });

    const kafka = new Kafka({ clientId: 'demo-test', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: 'demo-test' });
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.ingest, fromBeginning: true });
    const received: Array<{ key: string; id: string; type: string; data: unknown }> = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          const header = (name: string) => String(message.headers?.[name] ?? '');
          expect(header('ce_specversion')).toBe('1.0');
          expect(header('content-type')).toBe('application/json');
          received.push({ key: String(message.key), id: header('ce_id'), type: header('ce_type'), data: JSON.parse(String(message.value)) });
          if (received.length === events.length) resolve();
        },
      });
    });
    await consumer.disconnect();
    const byId = new Map(events.map((e) => [e.id, e]));
    expect(received.map((r) => [r.type, r.data])).toEqual(received.map((r) => [byId.get(r.id)?.type, byId.get(r.id)?.data]));
    expect(new Set(received.map((r) => r.id))).toEqual(new Set(byId.keys()));
    const keyOf = (id: string) => String(kafkaMessage(byId.get(id) ?? events[0]).key);
    for (const key of new Set(received.map((r) => r.key))) {
      expect(received.filter((r) => r.key === key).map((r) => r.id)).toEqual(events.map((e) => e.id).filter((id) => keyOf(id) === key));
    }
  }, 30_000);
});
