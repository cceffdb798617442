import { eventIdFor } from '@csp/contracts';
import { createTestApp, issueToken, openServiceResources, TEST_JWT_SECRET, testServiceConfig } from '@csp/platform-nest';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TICKETING_ENTITIES, TICKETING_MIGRATIONS, TICKETING_RELAY_ROUTES, TicketingModule } from '../../ticketing.module';

// Workers run beside the HTTP calls; on a busy 2-core machine they need more than jest's default 5 s.
jest.setTimeout(30_000);

describe('agent work on tickets over HTTP: replies, status, priority, assignment, merge, If-Match (real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const tokens: Record<string, string> = {};
  const call = (method: 'GET' | 'POST', url: string, body?: unknown, who = 'agent', headers: Record<string, string> = {}) =>
    app.inject({ method, url, payload: body === undefined ? undefined : JSON.stringify(body), headers: { authorization: `Bearer ${tokens[who]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers } });
  /** Waits until the read model shows what `check` wants (it trails the event store by a moment). */
  const ticketWhen = async (id: string, check: (t: Record<string, unknown>) => boolean) => {
    for (let i = 0; i < 100; i++) {
      const response = await call('GET', `/v1/tickets/${id}`);
      if (response.statusCode === 200 && check(response.json())) return { ticket: response.json(), etag: String(response.headers.etag) };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`ticket ${id} never matched`);
  };
  let ids: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('ticketing_agent_work');
    const config = testServiceConfig({ DATABASE_URL: db.url });
    const deps = await openServiceResources({
      serviceName: 'ticketing', config, schema: 'ticketing', entities: TICKETING_ENTITIES, migrations: TICKETING_MIGRATIONS, relayRoutes: TICKETING_RELAY_ROUTES,
    });
    for (const i of [0, 1]) {
      await deps.runtime.store.append(
        `interaction-w${i}`,
        [{ id: eventIdFor('/test', `w${i}`), type: 'cs.message.received.v1', data: { channel: 'email', customer: { email: `w${i}@example.com` }, body: `help ${i}` }, metadata: { source: '/test' } }],
        { expectedRevision: 'no_stream' },
      );
    }
    app = await createTestApp(TicketingModule.forRoot(deps), { config });
    for (const role of ['agent', 'lead', 'analyst'] as const) {
      tokens[role] = await issueToken(TEST_JWT_SECRET, { subject: `${role}-1`, roles: [role], issuer: 'csp', expiresIn: '1h' });
    }
    for (let i = 0; i < 100 && ids.length < 2; i++) {
      ids = (await call('GET', '/v1/tickets')).json().items.map((t: { id: string }) => t.id);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('replies publicly (the first response) and with an internal note, refusing a stale If-Match with 412', async () => {
    const [id] = ids;
    const { etag } = await ticketWhen(id, () => true);
    const replied = await call('POST', `/v1/tickets/${id}/replies`, { body: 'We are on it.' }, 'agent', { 'if-match': etag });
    expect(replied.statusCode).toBe(201);
    expect(replied.json()).toMatchObject({ ticketId: id, events: ['cs.ticket.message-added.v1'] });
    expect(replied.headers.etag).toBe(`"${Number(etag.replace(/"/g, '')) + 1}"`);
    const stale = await call('POST', `/v1/tickets/${id}/replies`, { body: 'Again?', public: false }, 'agent', { 'if-match': etag });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect((await call('POST', `/v1/tickets/${id}/replies`, { body: 'Note', public: false })).statusCode).toBe(201);
    const { ticket } = await ticketWhen(id, (t) => (t.messages as unknown[]).length === 3);
    expect(ticket.messages).toMatchObject([{ author: 'customer' }, { author: 'agent', public: true, body: 'We are on it.' }, { author: 'agent', public: false }]);
    expect(ticket.firstResponseAt).not.toBeNull();
    expect((await call('POST', `/v1/tickets/${id}/replies`, { body: '' })).statusCode).toBe(400);
  });

  it('changes status and priority, refuses impossible transitions, and checks roles', async () => {
    const [id] = ids;
    expect((await call('POST', `/v1/tickets/${id}/status`, { status: 'pending' })).json().events).toEqual(['cs.ticket.status-changed.v1']);
    expect((await call('POST', `/v1/tickets/${id}/status`, { status: 'pending' })).json().events).toEqual([]);
    const impossible = await call('POST', `/v1/tickets/${id}/status`, { status: 'closed' });
    expect(impossible.statusCode).toBe(409);
    expect(impossible.json()).toMatchObject({ code: 'TICKET.INVALID_STATUS_CHANGE' });
    expect((await call('POST', `/v1/tickets/${id}/priority`, { priority: 'urgent' })).statusCode).toBe(200);
    expect((await call('POST', `/v1/tickets/${id}/priority`, { priority: 'whenever' })).statusCode).toBe(400);
    expect((await call('POST', `/v1/tickets/${id}/priority`, { priority: 'low' }, 'analyst')).statusCode).toBe(403);
    await ticketWhen(id, (t) => t.status === 'pending' && t.priority === 'urgent');
  });

  it('lets an agent take a ticket, but only leads reassign it to someone else', async () => {
    const [id] = ids;
    expect((await call('POST', `/v1/tickets/${id}/assign`, { teamId: 'support' })).json()).toMatchObject({ events: ['cs.ticket.assigned.v1'] });
    expect((await call('POST', `/v1/tickets/${id}/assign`, { teamId: 'support', agentId: 'someone-else' })).statusCode).toBe(403);
    expect((await call('POST', `/v1/tickets/${id}/assign`, { teamId: 'support', agentId: 'agent-2' }, 'lead')).statusCode).toBe(200);
    await ticketWhen(id, (t) => t.assigneeId === 'agent-2' && t.teamId === 'support');
    // agent-1 is no member of team support (no teams configured) and the ticket is no longer theirs.
    const foreign = await call('POST', `/v1/tickets/${id}/replies`, { body: 'Not my team' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().detail).toContain("team 'support'");
    expect((await call('POST', `/v1/tickets/${id}/replies`, { body: 'Lead here' }, 'lead')).statusCode).toBe(201);
  });

  it('merges a duplicate into another ticket, which closes it; commands on it are then refused', async () => {
    const [target, duplicate] = ids;
    expect((await call('POST', `/v1/tickets/${duplicate}/merge`, { intoTicketId: duplicate })).statusCode).toBe(422);
    expect((await call('POST', `/v1/tickets/${duplicate}/merge`, { intoTicketId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    const merged = await call('POST', `/v1/tickets/${duplicate}/merge`, { intoTicketId: target });
    expect(merged.json().events).toEqual(['cs.ticket.merged.v1', 'cs.ticket.status-changed.v1']);
    await ticketWhen(duplicate, (t) => t.status === 'closed');
    const refused = await call('POST', `/v1/tickets/${duplicate}/replies`, { body: 'late' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'TICKET.CLOSED' });
    expect((await call('POST', '/v1/tickets/00000000-0000-4000-8000-000000000000/status', { status: 'solved' })).statusCode).toBe(404);
  });
});
