import { ALL_EVENTS, EVENT_EXAMPLES, EventCatalogue, PUBLIC_EVENTS } from '@csp/contracts';
import { createTestApp, hashConnectorKey, issueToken, openPlatformRuntime, type PlatformRuntime, TEST_JWT_SECRET, testServiceConfig } from '@csp/platform-nest';
import { openServiceDataSource } from '@csp/projections';
import { countStoredEvents, createTestDatabase, type TestDatabase } from '@csp/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ConnectorsRepository } from '../../connectors/connectors.repository';
import { configureIngestionHttp, INGESTION_MIGRATIONS, IngestionModule } from '../../ingestion.module';

const KEY = `csk_${randomUUID().replace(/-/g, '')}`;
const NARROW_KEY = `csk_${randomUUID().replace(/-/g, '')}`;

describe('POST /v1/events (ingestion over real PostgreSQL)', () => {
  let db: TestDatabase;
  let runtime: PlatformRuntime;
  let dataSource: DataSource;
  let app: NestFastifyApplication;

  const message = (over: Record<string, unknown> = {}) => ({
    specversion: '1.0', id: randomUUID(), source: '/test/mail', type: 'cs.message.received.v1',
    data: { channel: 'email', customer: { email: `c${randomUUID().slice(0, 6)}@example.com` }, body: 'Hello' }, ...over,
  });
  const post = (body: unknown, contentType = 'application/cloudevents+json', key = KEY, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST', url: '/v1/events', payload: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': contentType, ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    });
  const stored = () => countStoredEvents(db.url, 'interaction');

  beforeAll(async () => {
    db = await createTestDatabase('ingestion');
    const config = testServiceConfig({ DATABASE_URL: db.url });
    runtime = await openPlatformRuntime({ serviceName: 'ingestion', databaseUrl: db.url });
    dataSource = await openServiceDataSource({ url: db.url, schema: 'ingestion', entities: [], migrations: INGESTION_MIGRATIONS });
    await new ConnectorsRepository(dataSource).ensureConnector('shop', 'Shop', PUBLIC_EVENTS.map((e) => e.type), hashConnectorKey(KEY));
    await dataSource.query(`INSERT INTO connectors (id, name, event_types) VALUES ('web', 'Web', '{cs.page.viewed.v1}')`);
    await dataSource.query(`INSERT INTO connector_keys (key_hash, connector_id) VALUES (encode(sha256($1::bytea), 'hex'), 'web')`, [NARROW_KEY]);
    app = await createTestApp(IngestionModule.forRoot({ runtime, dataSource, catalogue: new EventCatalogue(ALL_EVENTS) }), {
      config, configure: configureIngestionHttp,
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('accepts an example of every public event type, stores each once, and reports a redelivery as a duplicate', async () => {
    const before = await stored();
    const events = PUBLIC_EVENTS.map((d) => ({ specversion: '1.0', id: randomUUID(), source: '/test/all', type: d.type, data: EVENT_EXAMPLES[d.type] }));
    const first = await post(events, 'application/cloudevents-batch+json');
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ duplicates: [], rejected: [] });
    expect(first.json().accepted).toHaveLength(PUBLIC_EVENTS.length);
    const again = await post(events, 'application/cloudevents-batch+json');
    expect(again.json()).toMatchObject({ accepted: [], rejected: [] });
    expect(again.json().duplicates.map((d: { eventId: string }) => d.eventId)).toEqual(first.json().accepted.map((a: { eventId: string }) => a.eventId));
    expect(await stored()).toBe(before + PUBLIC_EVENTS.length);
  });

  it('stores the valid events of a batch and rejects the others with JSON Pointer paths', async () => {
    const before = await stored();
    const noBody = message();
    delete (noBody.data as Record<string, unknown>)['body'];
    const response = await post([message(), noBody, message(), { ...message(), specversion: '0.3' }], 'application/cloudevents-batch+json');
    expect(response.statusCode).toBe(202);
    const result = response.json();
    expect(result.accepted).toHaveLength(2);
    expect(result.rejected).toEqual([
      { index: 1, id: noBody.id, errors: [{ path: '/data/body', message: expect.any(String) }] },
      { index: 3, id: expect.any(String), errors: [{ path: '/specversion', message: "must be '1.0'" }] },
    ]);
    expect(await stored()).toBe(before + 2);
  });

  it('answers 400 problem+json when nothing is valid, and stores nothing', async () => {
    const before = await stored();
    const response = await post(message({ data: { channel: 'fax', customer: { email: 'x@example.com' }, body: 'hi' } }));
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      code: 'VALIDATION', errors: [{ path: '/data/channel' }], rejected: [{ index: 0, errors: [{ path: '/data/channel' }] }],
    });
    for (const bad of ['{"specversion":', '{"__proto__":{"polluted":true}}', '[]']) {
      expect((await post(bad, bad === '[]' ? 'application/cloudevents-batch+json' : undefined)).statusCode).toBe(400);
    }
    expect(await stored()).toBe(before);
  });

  it('accepts binary mode (ce-* headers) and normalises the email before deriving the customer', async () => {
    const id = randomUUID();
    const response = await post({ channel: 'chat', customer: { email: '  Mixed.Case@Example.com ' }, body: 'hi' }, 'application/json', KEY, {
      'ce-specversion': '1.0', 'ce-id': id, 'ce-source': '/test/chat', 'ce-type': 'cs.message.received.v1',
    });
    expect(response.statusCode).toBe(202);
    // The log shows the event once every older transaction of the cluster has ended (other suites run too).
    let [event] = [] as Awaited<ReturnType<typeof runtime.store.readAll>>;
    for (let i = 0; i < 100 && !event; i++) {
      [event] = (await runtime.store.readAll({ filter: { categories: ['interaction'] }, maxCount: 10_000 })).filter((e) => e.metadata.ceId === id);
      if (!event) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((event.data as { customer: { email: string } }).customer.email).toBe('mixed.case@example.com');
  });

  it('answers 401 without a valid key, 403 for people and for types outside the key scope, 413 over 1 MiB', async () => {
    expect((await post(message(), undefined, '')).statusCode).toBe(401);
    expect((await post(message(), undefined, 'csk_unknown')).statusCode).toBe(401);
    const agent = await issueToken(TEST_JWT_SECRET, { subject: 'a1', roles: ['agent'], issuer: 'csp', expiresIn: '1h' });
    expect((await post(message(), undefined, agent)).statusCode).toBe(403);
    const narrow = await post(message(), undefined, NARROW_KEY);
    expect(narrow.statusCode).toBe(403);
    expect(narrow.json()).toMatchObject({ code: 'AUTH.FORBIDDEN' });
    // In a batch, an event outside the scope is rejected alone; its allowed neighbour is stored.
    const page = { specversion: '1.0', id: randomUUID(), source: '/web', type: 'cs.page.viewed.v1', data: EVENT_EXAMPLES['cs.page.viewed.v1'] };
    const mixed = await post([page, message()], 'application/cloudevents-batch+json', NARROW_KEY);
    expect(mixed.statusCode).toBe(202);
    expect(mixed.json()).toMatchObject({ accepted: [{ id: page.id }], rejected: [{ index: 1, errors: [{ path: '/type' }] }] });
    const huge = message({ data: { channel: 'email', customer: { email: 'a@example.com' }, body: 'x'.repeat(1_100_000) } });
    expect((await post(huge)).statusCode).toBe(413);
  });

  it('lists the catalogue of public event types with their JSON Schemas', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/event-types' });
    expect(response.statusCode).toBe(200);
    const items: { type: string; version: number; schema: { type: string } }[] = response.json().items;
    expect(items.map((i) => i.type).sort()).toEqual(PUBLIC_EVENTS.map((d) => d.type).sort());
    expect(items.every((i) => i.version === 1 && i.schema.type === 'object')).toBe(true);
  });
});
