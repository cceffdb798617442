import { derivedId, eventIdFor } from '@csp/contracts';
import { createTestApp, issueToken, openServiceResources, type PlatformRuntime, TEST_JWT_SECRET, testServiceConfig } from '@csp/platform-nest';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { TICKETING_ENTITIES, TICKETING_MIGRATIONS, TICKETING_RELAY_ROUTES, TicketingModule } from '../../ticketing.module';

jest.setTimeout(60_000);

describe('time rules on the durable scheduler (real PostgreSQL, log bus)', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let runtime: PlatformRuntime;
  const tokens: Record<string, string> = {};
  const call = (method: 'PUT' | 'POST', url: string, body: unknown, who = 'admin') =>
    app.inject({ method, url, payload: JSON.stringify(body), headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' } });
  const events = (ticketId: string) => runtime.store.readStream(`ticket-${ticketId}`);
  const until = async (check: () => Promise<boolean>, what: string) => {
    for (let i = 0; i < 300; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${what} never happened`);
  };
  /** A customer message written `secondsAgo` seconds ago (the rule's clock starts then). */
  const message = async (secondsAgo: number) => {
    const id = eventIdFor('/test', randomUUID());
    await runtime.store.append(`interaction-${randomUUID()}`, [{
      id, type: 'cs.message.received.v1', data: { channel: 'email', customer: { email: `${randomUUID().slice(0, 6)}@example.com` }, body: 'Hello?' },
      metadata: { source: '/test', occurredAt: new Date(Date.now() - secondsAgo * 1000).toISOString() },
    }], { expectedRevision: 'no_stream' });
    return derivedId('ticket', id);
  };

  beforeAll(async () => {
    db = await createTestDatabase('ticketing_time_rules');
    const config = testServiceConfig({ DATABASE_URL: db.url });
    const deps = await openServiceResources({
      serviceName: 'ticketing', config, schema: 'ticketing', entities: TICKETING_ENTITIES, migrations: TICKETING_MIGRATIONS, relayRoutes: TICKETING_RELAY_ROUTES,
    });
    runtime = deps.runtime;
    app = await createTestApp(TicketingModule.forRoot({ ...deps, starterConfig: 'none' }), { config });
    tokens['admin'] = await issueToken(TEST_JWT_SECRET, { subject: 'admin-1', roles: ['admin'], issuer: 'csp', expiresIn: '1h' });
    tokens['agent'] = await issueToken(TEST_JWT_SECRET, { subject: 'ada', roles: ['agent'], issuer: 'csp', expiresIn: '1h' });
    const rules = { rules: [{ id: 'unanswered', name: 'No reply within a minute', when: { condition: 'no_agent_reply', minutes: 1 }, then: { action: 'raise_priority', note: 'Nobody answered within a minute.' } }] };
    expect((await call('PUT', '/v1/config/time-rules', rules)).statusCode).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('raises the priority once, with a note, when nobody replied within the time', async () => {
    const ticketId = await message(55); // due in about 5 s
    await until(async () => (await events(ticketId)).some((e) => e.type === 'cs.ticket.priority-changed.v1'), 'the time rule');
    const history = await events(ticketId);
    expect(history.filter((e) => e.type === 'cs.ticket.priority-changed.v1').map((e) => e.data)).toEqual([expect.objectContaining({ from: 'normal', to: 'high', reason: 'time_rule' })]);
    expect(history.find((e) => e.type === 'cs.ticket.message-added.v1' && (e.data as { author: string }).author === 'system')?.data).toMatchObject({ public: false, body: 'Nobody answered within a minute.', authorId: 'time-rules' });
  });

  it('does nothing when an agent replied in time: the deadline is cancelled', async () => {
    const ticketId = await message(0);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const scheduled = async () => (await client.query('SELECT 1 FROM ticketing.deadlines WHERE id = $1', [`rule:${ticketId}:unanswered`])).rowCount === 1;
    try {
      await until(scheduled, 'the deadline');
      expect((await call('POST', `/v1/tickets/${ticketId}/replies`, { body: 'Hi!' }, 'agent')).statusCode).toBe(201);
      await until(async () => !(await scheduled()), 'the cancel');
    } finally {
      await client.end();
    }
    expect((await events(ticketId)).some((e) => e.type === 'cs.ticket.priority-changed.v1')).toBe(false);
  });
});
