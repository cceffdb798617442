import { openTicketingTestKit, type TicketingTestKit } from '../testing/ticketing-test-kit';
import { CONFIG_KINDS, validateConfigDocument } from './config-documents';
import { STARTER_CONFIG } from './starter-config';

// Workers run beside the HTTP calls; on a busy 2-core machine they need more than jest's default 5 s.
jest.setTimeout(30_000);

describe('ticketing configuration documents (real PostgreSQL)', () => {
  let kit: TicketingTestKit;
  let runtime: TicketingTestKit['runtime'];
  const call = (...args: Parameters<TicketingTestKit['call']>) => kit.call(...args);
  const teams = {
    agents: [{ id: 'ada', skills: ['billing'], capacity: 5, available: true }],
    teams: [{ id: 'billing', name: 'Billing', strategy: 'round_robin', members: ['ada'] }],
  };

  beforeAll(async () => {
    kit = await openTicketingTestKit('ticketing_config', { starterConfig: 'embedded' });
    ({ runtime } = kit);
  });
  afterAll(async () => kit?.close());

  it('ships a starter configuration that passes its own validation', () => {
    const context = { teams: STARTER_CONFIG.teams as never };
    for (const kind of CONFIG_KINDS) expect({ kind, errors: validateConfigDocument(kind, STARTER_CONFIG[kind], context) }).toEqual({ kind, errors: [] });
  });

  it('stores each starter document as version 1 at the first start, as an event like any change', async () => {
    const response = await call('GET', '/v1/config/teams', undefined, 'agent');
    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"1"');
    expect(response.json()).toMatchObject({ version: 1, teams: [{ id: 'support', members: ['embedded-agent', 'embedded-lead'] }] });
    for (const kind of CONFIG_KINDS) {
      const events = await runtime.store.readStream(`ticketingConfig-${kind}`);
      expect(events.map((e) => e.data)).toEqual([{ kind, version: 1, document: STARTER_CONFIG[kind], actor: { kind: 'system', id: 'starter-config' }, at: expect.any(String) }]);
    }
  });

  it('replaces a document (admins only), versioned, conditional with If-Match, stored as an event', async () => {
    expect((await call('PUT', '/v1/config/teams', teams, 'agent')).statusCode).toBe(403);
    const first = await call('PUT', '/v1/config/teams', teams, 'admin', { 'if-match': '"1"' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ version: 2, teams: [{ id: 'billing' }] });
    const stale = await call('PUT', '/v1/config/teams', { ...teams, version: 2 }, 'admin', { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    const second = await call('PUT', '/v1/config/teams', { ...teams, version: 2 }, 'admin', { 'if-match': '"2"' });
    expect(second.headers.etag).toBe('"3"');
    const [, event] = await runtime.store.readStream('ticketingConfig-teams');
    expect(event).toMatchObject({ type: 'cs.ticketing.config-changed.v1', data: { kind: 'teams', version: 2, actor: { kind: 'user', id: 'admin-1' }, document: teams } });
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
