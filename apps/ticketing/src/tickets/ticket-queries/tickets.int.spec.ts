import { customerIdFor, eventIdFor } from '@csp/contracts';
import { createTestApp, issueToken, openServiceResources, TEST_JWT_SECRET, testServiceConfig } from '@csp/platform-nest';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TICKETING_ENTITIES, TICKETING_MIGRATIONS, TICKETING_RELAY_ROUTES, TicketingModule } from '../../ticketing.module';

// Workers run beside the HTTP calls; on a busy 2-core machine they need more than jest's default 5 s.
jest.setTimeout(60_000);

describe('ticketing service: intake on the log bus and the ticket queries (real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let agent: string;
  const get = (url: string, token = agent) => app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    db = await createTestDatabase('ticketing_api');
    const config = testServiceConfig({ DATABASE_URL: db.url });
    const deps = await openServiceResources({
      serviceName: 'ticketing', config, schema: 'ticketing', entities: TICKETING_ENTITIES, migrations: TICKETING_MIGRATIONS, relayRoutes: TICKETING_RELAY_ROUTES,
    });
    for (const [i, channel] of ['email', 'chat', 'email'].entries()) {
      await deps.runtime.store.append(
        `interaction-c${i}`,
        [{ id: eventIdFor('/test', `m${i}`), type: 'cs.message.received.v1', data: { channel, customer: { email: `c${i}@example.com` }, body: `message ${i}` }, metadata: { source: '/test' } }],
        { expectedRevision: 'no_stream' },
      );
    }
    app = await createTestApp(TicketingModule.forRoot(deps), { config });
    agent = await issueToken(TEST_JWT_SECRET, { subject: 'agent-1', roles: ['agent'], issuer: 'csp', expiresIn: '1h' });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('opens a ticket per inbound message and lists them newest first, paged, filtered', async () => {
    let list = (await get('/v1/tickets')).json();
    for (let i = 0; i < 250 && list.items.length < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      list = (await get('/v1/tickets')).json();
    }
    expect(list.items.map((t: { number: number }) => t.number)).toEqual([3, 2, 1]);
    const page = (await get('/v1/tickets?limit=2')).json();
    expect(page.items).toHaveLength(2);
    expect((await get(`/v1/tickets?limit=2&cursor=${page.nextCursor}`)).json()).toMatchObject({ items: [{ number: 1 }], nextCursor: null });
    expect((await get('/v1/tickets?status=solved')).json().items).toEqual([]);
    expect((await get(`/v1/tickets?customerId=${list.items[0].customerId}`)).json().items).toHaveLength(1);
  });

  it('returns one ticket with its ETag and messages, its event history, and clear errors', async () => {
    // Intake handles different customers side by side: ticket numbers follow the order of handling, not of arrival.
    const [ticket] = (await get(`/v1/tickets?customerId=${customerIdFor({ email: 'c2@example.com' })}`)).json().items;
    const one = await get(`/v1/tickets/${ticket.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.headers.etag).toBe('"1"');
    expect(one.json()).toMatchObject({ id: ticket.id, status: 'open', priority: 'normal', messages: [{ author: 'customer', public: true, body: 'message 2' }] });
    const history = (await get(`/v1/tickets/${ticket.id}/events`)).json();
    expect(history.items.map((e: { type: string; revision: number }) => [e.type, e.revision])).toEqual([['cs.ticket.opened.v1', 0], ['cs.ticket.message-added.v1', 1]]);
    const missing = await get('/v1/tickets/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect((await get('/v1/tickets/not-a-uuid')).statusCode).toBe(400);
    expect((await get('/v1/tickets', '')).statusCode).toBe(401);
    const ready = await get('/health/ready', '');
    expect(ready.statusCode).toBe(200);
    expect(Object.keys(ready.json().checks)).toEqual(expect.arrayContaining(['eventstore', 'postgres', 'worker:ticketing', 'worker:ticketing.ticket-view']));
    const analyst = await issueToken(TEST_JWT_SECRET, { subject: 'x', roles: ['analyst'], issuer: 'csp', expiresIn: '1h' });
    expect((await get('/v1/tickets', analyst)).statusCode).toBe(403);
  });
});
