import { createTestDatabase, type TestDatabase } from '@csp/testing';
import { randomUUID } from 'node:crypto';
import { eventually, launchPlatform, type RunningPlatform } from './platform-launcher';

/**
 * The ticketing process end to end on the embedded default (PostgreSQL event store, log bus), through the
 * public APIs only: rules and policies configured, a VIP complaint routed to the VIP desk with high priority,
 * warned before its first response is due, breached and escalated, answered, solved, surveyed, and the survey
 * answered. The complaint is dated 59.5 minutes back (CloudEvents `time`), so a 60-minute target is 30 s away.
 */
jest.setTimeout(240_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('ticket lifecycle on the embedded default: VIP complaint to survey answer', () => {
  let platform: RunningPlatform;
  let db: TestDatabase;
  const api = async (base: 'ingestion' | 'ticketing', method: string, path: string, token: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${platform.urls[base]}${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': contentType }) }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  };
  const events = (body: unknown[]) => api('ingestion', 'POST', '/v1/events', platform.credentials.connector, body, 'application/cloudevents-batch+json');
  const ticketOf = (email: string) =>
    eventually(async () => {
      const lookup = await fetch(`${platform.urls.profile}/v1/customers/lookup?email=${encodeURIComponent(email)}`, { headers: { authorization: `Bearer ${platform.credentials.agent}` } });
      const customer: Json = lookup.ok ? await lookup.json() : undefined;
      if (!customer?.id) return undefined;
      const list = await api('ticketing', 'GET', `/v1/tickets?customerId=${customer.id}`, platform.credentials.agent);
      return list.body?.items?.[0]?.id as string | undefined;
    });
  const ticket = (id: string) => api('ticketing', 'GET', `/v1/tickets/${id}`, platform.credentials.lead).then((r) => r.body);
  const history = async (id: string): Promise<string[]> => (await api('ticketing', 'GET', `/v1/tickets/${id}/events`, platform.credentials.lead)).body.items.map((e: { type: string }) => e.type);

  beforeAll(async () => {
    db = await createTestDatabase('e2e_lifecycle');
    platform = await launchPlatform({ portOffset: 400, env: { DATABASE_URL: db.url } });
  });
  afterAll(async () => {
    if (platform) expect(await platform.stop()).toBe(0);
    await db?.drop();
  });

  it('routes, warns, breaches, escalates, is answered, solved, surveyed and the survey answered', async () => {
    const admin = platform.credentials.admin;
    const put = async (kind: string, document: unknown) => expect((await api('ticketing', 'PUT', `/v1/config/${kind}`, admin, document)).status).toBe(200);
    await put('teams', {
      agents: [
        { id: 'embedded-agent', skills: ['vip'], capacity: 10, available: true },
        { id: 'embedded-lead', skills: [], capacity: 5, available: true },
      ],
      teams: [
        { id: 'support', name: 'Support', strategy: 'least_loaded', leadId: 'embedded-lead', members: ['embedded-lead'] },
        { id: 'vip', name: 'VIP desk', strategy: 'skills', leadId: 'embedded-lead', members: ['embedded-agent'] },
      ],
    });
    await put('routing-rules', {
      rules: [{ id: 'vip-complaints', when: { tier: ['vip'], keywords: { any: ['complaint', 'unacceptable'] } }, then: { teamId: 'vip', priority: 'high', category: 'complaint', requiredSkills: ['vip'] } }],
      default: { teamId: 'support', category: 'general' },
    });
    await put('sla-policies', { policies: [{ id: 'vip', when: { tier: ['vip'] }, targets: { first_response: 60, resolution: 600 }, warnBeforeMinutes: 10, onBreach: { notifyLead: true, raisePriority: true } }] });
    await put('surveys', { onSolve: { enabled: true, kinds: ['csat', 'nps'] } });

    const email = `vip-${randomUUID().slice(0, 8)}@example.com`;
    const identified = { specversion: '1.0', id: randomUUID(), source: '/e2e/crm', type: 'cs.customer.identified.v1', data: { customer: { email }, traits: { name: 'Vera', tier: 'vip' } } };
    expect((await events([identified])).status).toBe(202);
    const complaint = {
      specversion: '1.0', id: randomUUID(), source: '/e2e/mail', type: 'cs.message.received.v1', time: new Date(Date.now() - 59.5 * 60_000).toISOString(),
      data: { channel: 'email', customer: { email }, subject: 'Formal complaint', body: 'This is unacceptable: my order arrived broken twice.' },
    };
    expect((await events([complaint])).status).toBe(202);

    const id = await ticketOf(email);
    const routed = await eventually(async () => {
      const t = await ticket(id);
      return t?.teamId === 'vip' && t.assigneeId ? t : undefined;
    });
    expect(routed).toMatchObject({ category: 'complaint', assigneeId: 'embedded-agent' });

    // Warned at once (the warning time has passed), breached 30 s later, escalated: priority high -> urgent.
    const breached = await eventually(async () => {
      const t = await ticket(id);
      return t?.sla?.some((s: { target: string; state: string }) => s.target === 'first_response' && s.state === 'breached') && t.priority === 'urgent' ? t : undefined;
    }, 60_000);
    expect(breached.sla.find((s: { target: string }) => s.target === 'first_response').warnedAt).toEqual(expect.any(String));
    const outbound = await api('ticketing', 'GET', `/v1/outbound?ticketId=${id}`, platform.credentials.lead);
    expect(outbound.body.items.map((m: { kind: string }) => m.kind)).toEqual(expect.arrayContaining(['acknowledgement', 'sla_warning', 'sla_breach']));

    expect((await api('ticketing', 'POST', `/v1/tickets/${id}/replies`, platform.credentials.agent, { body: 'We are very sorry; a replacement is on its way.' })).status).toBe(201);
    expect((await api('ticketing', 'POST', `/v1/tickets/${id}/status`, platform.credentials.agent, { status: 'solved' })).status).toBe(200);
    await eventually(async () => ((await history(id)).includes('cs.survey.requested.v1') ? true : undefined));
    const survey = await eventually(async () => {
      const list = await api('ticketing', 'GET', `/v1/outbound?ticketId=${id}`, platform.credentials.lead);
      return list.body.items.find((m: { kind: string }) => m.kind === 'survey_invitation');
    });
    expect(survey).toMatchObject({ to: email, ticketId: id });
    const types = await history(id);
    expect(types).toEqual(expect.arrayContaining(['cs.ticket.routed.v1', 'cs.ticket.assigned.v1', 'cs.sla.warned.v1', 'cs.sla.breached.v1', 'cs.ticket.priority-changed.v1', 'cs.sla.achieved.v1']));
    const requested = (await api('ticketing', 'GET', `/v1/tickets/${id}/events`, platform.credentials.lead)).body.items.find((e: { type: string }) => e.type === 'cs.survey.requested.v1');
    expect(requested.data).toMatchObject({ kinds: ['csat', 'nps'], agentId: 'embedded-agent', teamId: 'vip' });

    const answer = { specversion: '1.0', id: randomUUID(), source: '/e2e/surveys', type: 'cs.survey.answered.v1', data: { customer: { email }, kind: 'csat', score: 4, surveyId: requested.data.surveyId, ticketId: id } };
    const answered = await events([answer]);
    expect(answered).toMatchObject({ status: 202, body: { accepted: [{ id: answer.id }] } });
  });
});
