import { createTestApp, issueToken, openServiceResources, type PlatformRuntime, TEST_JWT_SECRET, testServiceConfig } from '@csp/platform-nest';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TICKETING_ENTITIES, TICKETING_MIGRATIONS, TICKETING_RELAY_ROUTES, TicketingModule } from '../ticketing.module';
import { CONFIG_KINDS, validateConfigDocument } from './config-documents';
import { STARTER_CONFIG } from './starter-config';

// Workers run beside the HTTP calls; on a busy 2-core machine they need more than jest's default 5 s.
jest.setTimeout(30_000);

describe('ticketing configuration documents (real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let runtime: PlatformRuntime;
  const tokens: Record<string, string> = {};
  const call = (method: 'GET' | 'PUT', url: string, body?: unknown, who = 'admin', headers: Record<string, string> = {}) =>
    app.inject({ method, url, payload: body === undefined ? undefined : JSON.stringify(body), headers: { authorization: `Bearer ${tokens[who]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers } });
  const teams = {
    agents: [{ id: 'ada', skills: ['billing'], capacity: 5, available: true }],
    teams: [{ id: 'billing', name: 'Billing', strategy: 'round_robin', members: ['ada'] }],
  };

  beforeAll(async () => {
    db = await createTestDatabase('ticketing_config');
    const config = testServiceConfig({ DATABASE_URL: db.url });
    const deps = await openServiceResources({
      serviceName: 'ticketing', config, schema: 'ticketing', entities: TICKETING_ENTITIES, migrations: TICKETING_MIGRATIONS, relayRoutes: TICKETING_RELAY_ROUTES,
    });
    runtime = deps.runtime;
    app = await createTestApp(TicketingModule.forRoot({ ...deps, starterConfig: 'embedded' }), { config });
    for (const role of ['admin', 'agent', 'analyst'] as const) tokens[role] = await issueToken(TEST_JWT_SECRET, { subject: `${role}-1`, roles: [role], issuer: 'csp', expiresIn: '1h' });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('ships a starter configuration that passes its own validation', () => {
    const context = { teams: STARTER_CONFIG.teams as never };
    for (const kind of CONFIG_KINDS) expect({ kind, errors: validateConfigDocument(kind, STARTER_CONFIG[kind], context) }).toEqual({ kind, errors: [] });
  });

  it('serves the starter document as version 0 until one is stored', async () => {
    const response = await call('GET', '/v1/config/teams', undefined, 'agent');
    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"0"');
    expect(response.json()).toMatchObject({ version: 0, teams: [{ id: 'support', members: ['embedded-agent', 'embedded-lead'] }] });
  });

  it('replaces a document (admins only), versioned, conditional with If-Match, stored as an event', async () => {
    expect((await call('PUT', '/v1/config/teams', teams, 'agent')).statusCode).toBe(403);
    const first = await call('PUT', '/v1/config/teams', teams, 'admin', { 'if-match': '"0"' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ version: 1, teams: [{ id: 'billing' }] });
    const stale = await call('PUT', '/v1/config/teams', { ...teams, version: 1 }, 'admin', { 'if-match': '"0"' });
    expect(stale.statusCode).toBe(412);
    const second = await call('PUT', '/v1/config/teams', { ...teams, version: 1 }, 'admin', { 'if-match': '"1"' });
    expect(second.headers.etag).toBe('"2"');
    const [event] = await runtime.store.readStream('ticketingConfig-teams');
    expect(event).toMatchObject({ type: 'cs.ticketing.config-changed.v1', data: { kind: 'teams', version: 1, actor: { kind: 'user', id: 'admin-1' }, document: teams } });
  });

  it('refuses invalid documents with precise paths, including references to teams that do not exist', async () => {
    const bad = await call('PUT', '/v1/config/sla-policies', { policies: [{ id: 'p1', when: { priority: ['asap'] }, targets: {} }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['/policies/0/when/priority/0', '/policies/0/targets']));
    const routing = await call('PUT', '/v1/config/routing-rules', { rules: [], default: { teamId: 'nobody', category: 'general' } });
    expect(routing.statusCode).toBe(400);
    expect(routing.json().errors).toEqual([expect.objectContaining({ path: '/default/teamId' })]);
    expect((await call('PUT', '/v1/config/routing-rules', { rules: [], default: { teamId: 'billing', category: 'general' } })).statusCode).toBe(200);
    expect((await call('GET', '/v1/config/nonsense')).statusCode).toBe(400);
    expect((await call('GET', '/v1/config/surveys', undefined, 'analyst')).statusCode).toBe(403);
  });
});
