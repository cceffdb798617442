import { ALL_EVENTS, EVENT_EXAMPLES, EventCatalogue } from '@csp/contracts';
import { createTestApp, issueToken, openPlatformRuntime, type PlatformRuntime, TEST_JWT_SECRET, testServiceConfig } from '@csp/platform-nest';
import { openServiceDataSource } from '@csp/projections';
import { countStoredEvents, createTestDatabase, type TestDatabase } from '@csp/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { DataSource } from 'typeorm';
import { configureIngestionHttp, INGESTION_MIGRATIONS, IngestionModule } from '../ingestion.module';

describe('connectors: administration, key rotation, signatures, rate limits (real PostgreSQL)', () => {
  let db: TestDatabase;
  let runtime: PlatformRuntime;
  let dataSource: DataSource;
  let app: NestFastifyApplication;
  let admin: string;

  const page = (over: Record<string, unknown> = {}) => ({
    specversion: '1.0', id: randomUUID(), source: '/shop/web', type: 'cs.page.viewed.v1', data: EVENT_EXAMPLES['cs.page.viewed.v1'], ...over,
  });
  const stored = () => countStoredEvents(db.url, 'interaction');
  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method, url, payload: payload === undefined ? undefined : JSON.stringify(payload), headers: { authorization: `Bearer ${admin}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers } });
  const send = (body: string, headers: Record<string, string>, query = '') =>
    app.inject({ method: 'POST', url: `/v1/events${query}`, payload: body, headers: { 'content-type': 'application/cloudevents+json', ...headers } });
  const register = async (id: string, extra: Record<string, unknown> = {}) => {
    const response = await api('POST', '/v1/connectors', { id, name: id, eventTypes: ['cs.page.viewed.v1'], ...extra });
    expect(response.statusCode).toBe(201);
    return response.json() as { key: string; connector: { version: number; keys: { id: string }[] } };
  };

  beforeAll(async () => {
    db = await createTestDatabase('ingestion_connectors');
    runtime = await openPlatformRuntime({ serviceName: 'ingestion', databaseUrl: db.url });
    dataSource = await openServiceDataSource({ url: db.url, schema: 'ingestion', entities: [], migrations: INGESTION_MIGRATIONS });
    app = await createTestApp(IngestionModule.forRoot({ runtime, dataSource, catalogue: new EventCatalogue(ALL_EVENTS) }), {
      config: testServiceConfig({ DATABASE_URL: db.url }), configure: configureIngestionHttp,
    });
    admin = await issueToken(TEST_JWT_SECRET, { subject: 'root', roles: ['admin'], issuer: 'csp', expiresIn: '1h' });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('registers a connector, shows its key once, lists it without secrets, and refuses a second with the same id', async () => {
    const { key, connector } = await register('shop');
    expect(key).toMatch(/^csk_/);
    expect(connector).toMatchObject({ id: 'shop', eventTypes: ['cs.page.viewed.v1'], sources: [], signed: false, version: 1 });
    const listed = await api('GET', '/v1/connectors');
    expect(JSON.stringify(listed.json())).not.toContain(key);
    expect(listed.json().items.map((c: { id: string }) => c.id)).toContain('shop');
    expect((await api('POST', '/v1/connectors', { id: 'shop', name: 'again', eventTypes: ['cs.page.viewed.v1'] })).statusCode).toBe(409);
    const bad = await api('POST', '/v1/connectors', { id: 'Bad Id', name: 'x', eventTypes: ['cs.nope.v1'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toContain('/id');
    expect((await send(JSON.stringify(page()), { authorization: `Bearer ${key}` })).statusCode).toBe(202);
  });

  it('is for admins only', async () => {
    const agent = await issueToken(TEST_JWT_SECRET, { subject: 'a', roles: ['agent'], issuer: 'csp', expiresIn: '1h' });
    expect((await app.inject({ method: 'GET', url: '/v1/connectors', headers: { authorization: `Bearer ${agent}` } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/v1/connectors' })).statusCode).toBe(401);
  });

  it('rotates keys: old and new both work until the old one is revoked', async () => {
    const { key: oldKey, connector } = await register('crm');
    const issued = await api('POST', '/v1/connectors/crm/keys');
    expect(issued.statusCode).toBe(201);
    const newKey: string = issued.json().key;
    for (const k of [oldKey, newKey]) expect((await send(JSON.stringify(page()), { authorization: `Bearer ${k}` })).statusCode).toBe(202);
    expect((await api('DELETE', `/v1/connectors/crm/keys/${connector.keys[0].id}`)).statusCode).toBe(204);
    expect((await send(JSON.stringify(page()), { authorization: `Bearer ${oldKey}` })).statusCode).toBe(401);
    expect((await send(JSON.stringify(page()), { authorization: `Bearer ${newKey}` })).statusCode).toBe(202);
    expect((await api('DELETE', `/v1/connectors/crm/keys/${connector.keys[0].id}`)).statusCode).toBe(404);
    expect((await api('DELETE', '/v1/connectors/crm/keys/not-a-uuid')).statusCode).toBe(404);
  });

  it('changes settings with optimistic concurrency (If-Match, 412) and applies new scopes at once', async () => {
    const { key } = await register('cart', { sources: ['/cart/*'] });
    expect((await send(JSON.stringify(page({ source: '/cart/eu' })), { authorization: `Bearer ${key}` })).statusCode).toBe(202);
    const outside = await send(JSON.stringify(page({ source: '/elsewhere' })), { authorization: `Bearer ${key}` });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().detail).toContain('/source');
    const settings = { name: 'Cart', eventTypes: ['cs.cart.abandoned.v1'], sources: ['/cart/*'] };
    const updated = await api('PATCH', '/v1/connectors/cart', settings, { 'if-match': '"1"' });
    expect(updated.statusCode).toBe(200);
    expect(updated.headers['etag']).toBe('"2"');
    expect((await api('PATCH', '/v1/connectors/cart', settings, { 'if-match': '"1"' })).statusCode).toBe(412);
    expect((await send(JSON.stringify(page({ source: '/cart/eu' })), { authorization: `Bearer ${key}` })).statusCode).toBe(403);
    expect((await api('PATCH', '/v1/connectors/nobody', settings)).statusCode).toBe(404);
  });

  it('rate-limits each connector with 429 and Retry-After, and stores nothing of a refused request', async () => {
    const { key } = await register('chatty', { rateLimitPerSecond: 2 });
    const before = await stored();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await send(JSON.stringify(page()), { authorization: `Bearer ${key}` }));
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 429, 429]);
    expect(answers[2].headers['retry-after']).toBe('1');
    expect(answers[2].json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(await stored()).toBe(before + 2);
  });

  describe('Standard Webhooks signatures', () => {
    let secret: string;
    let key: string;
    const sign = (body: string, id = `msg_${randomUUID()}`, at = new Date(), withSecret = secret) => ({
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(withSecret).sign(id, at, body),
    });

    beforeAll(async () => {
      ({ key } = await register('signed'));
      const response = await api('POST', '/v1/connectors/signed/signing-secret');
      expect(response.statusCode).toBe(201);
      secret = response.json().secret;
      expect(secret).toMatch(/^whsec_/);
    });

    it('accepts a signed request with or without the key, and refuses a replayed webhook-id', async () => {
      const body = JSON.stringify(page());
      const headers = sign(body);
      expect((await send(body, headers, '?connector=signed')).statusCode).toBe(202);
      const replay = await send(body, headers, '?connector=signed');
      expect(replay.statusCode).toBe(401);
      expect(replay.json().detail).toContain('already received');
      const other = JSON.stringify(page());
      expect((await send(other, { ...sign(other), authorization: `Bearer ${key}` })).statusCode).toBe(202);
    });

    it('refuses, before storing anything: no signature, wrong secret, re-serialised body, 301 s off, another body', async () => {
      const before = await stored();
      const body = JSON.stringify(page(), null, 0);
      const wrongSecret = `whsec_${Buffer.from(randomUUID()).toString('base64')}`;
      // Headers are made right before each request, so "301 s off" is 301 s off when the request arrives.
      const attempts: [string, string, () => Record<string, string>][] = [
        ['key without signature', body, () => ({ authorization: `Bearer ${key}` })],
        ['wrong secret', body, () => sign(body, undefined, new Date(), wrongSecret)],
        ['re-serialised body', JSON.stringify(JSON.parse(body), null, 2), () => sign(body)],
        ['timestamp 301 s old', body, () => sign(body, undefined, new Date(Date.now() - 301_000))],
        // Timestamps are whole seconds, rounded down: 302 s ahead is still 301 s ahead once the second turns.
        ['timestamp 301 s ahead', body, () => sign(body, undefined, new Date(Date.now() + 302_000))],
        ['signature of another body', body, () => sign(JSON.stringify(page()))],
        ['garbage signature', body, () => ({ ...sign(body), 'webhook-signature': 'v1,AAAA' })],
      ];
      for (const [what, payload, headers] of attempts) {
        const response = await send(payload, headers(), '?connector=signed');
        expect({ what, status: response.statusCode }).toEqual({ what, status: 401 });
      }
      expect((await send(body, sign(body), '?connector=shop')).statusCode).toBe(401); // shop does not sign
      expect(await stored()).toBe(before);
    });

    it('keeps the webhook-id of a message refused as invalid: the same bytes would fail again', async () => {
      // Only a failure on our side (5xx) releases the id for a retry (EventsController).
      const invalid = JSON.stringify(page({ data: {} }));
      const headers = sign(invalid);
      expect((await send(invalid, headers, '?connector=signed')).statusCode).toBe(400);
      expect((await send(invalid, headers, '?connector=signed')).statusCode).toBe(401);
    });

    it('stops asking for signatures when signing is disabled', async () => {
      expect((await api('DELETE', '/v1/connectors/signed/signing-secret')).statusCode).toBe(204);
      expect((await send(JSON.stringify(page()), { authorization: `Bearer ${key}` })).statusCode).toBe(202);
    });
  });
});
