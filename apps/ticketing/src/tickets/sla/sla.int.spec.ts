import { derivedId, eventIdFor } from '@csp/contracts';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { openTicketingTestKit, type TicketingTestKit } from '../../testing/ticketing-test-kit';

jest.setTimeout(60_000);

describe('SLA clocks on the durable scheduler: activated, warned, breached, escalated (real PostgreSQL, log bus)', () => {
  let kit: TicketingTestKit;
  const call = (...args: Parameters<TicketingTestKit['call']>) => kit.call(...args);
  const types = async (ticketId: string) => (await kit.runtime.store.readStream(`ticket-${ticketId}`)).map((e) => e.type);
  /** A customer message that was written `minutesAgo` minutes ago: the ticket opens then, and its clocks start then. */
  const message = async (minutesAgo: number) => {
    const id = eventIdFor('/test', randomUUID());
    const time = new Date(Date.now() - minutesAgo * 60_000).toISOString();
    await kit.runtime.store.append(`interaction-${randomUUID()}`, [{ id, type: 'cs.message.received.v1', data: { channel: 'email', customer: { email: `${randomUUID().slice(0, 6)}@example.com` }, subject: 'Broken', body: 'It broke.' }, metadata: { source: '/test', occurredAt: time } }], { expectedRevision: 'no_stream' });
    return derivedId('ticket', id);
  };

  beforeAll(async () => {
    kit = await openTicketingTestKit('ticketing_sla', { subjects: { agent: 'ada' } });
    const put = async (kind: string, document: unknown) => expect((await call('PUT', `/v1/config/${kind}`, document)).statusCode).toBe(200);
    await put('teams', { agents: [{ id: 'ada', skills: [], capacity: 10, available: true }], teams: [{ id: 'support', name: 'Support', strategy: 'least_loaded', leadId: 'lena', members: ['ada'] }] });
    await put('routing-rules', { rules: [], default: { teamId: 'support', category: 'general' } });
    await put('sla-policies', { policies: [{ id: 'std', when: {}, targets: { first_response: 60, resolution: 600 }, warnBeforeMinutes: 10, onBreach: { notifyLead: true, raisePriority: true } }] });
  });
  afterAll(async () => kit?.close());

  it('warns before the first response is due and breaches at it, once each; the lead is told and the priority raised', async () => {
    // Opened 59.9 minutes ago: the warning (at 50 min) is overdue, the breach due in about 6 s.
    const ticketId = await message(59.9);
    // The escalation (priority raised) follows the breach.
    const history = await kit.until(() => types(ticketId), (t) => t.includes('cs.sla.breached.v1') && t.includes('cs.ticket.priority-changed.v1'), 'the breach and its escalation');
    expect(history.filter((t) => t === 'cs.sla.activated.v1')).toHaveLength(2);
    expect(history.filter((t) => t === 'cs.sla.warned.v1')).toHaveLength(1);
    expect(history.filter((t) => t === 'cs.sla.breached.v1')).toHaveLength(1);
    const events = await kit.runtime.store.readStream(`ticket-${ticketId}`);
    const breached = events.find((e) => e.type === 'cs.sla.breached.v1');
    expect(breached?.data).toMatchObject({ target: 'first_response', policyId: 'std', agentId: 'ada', teamId: 'support' });
    expect(events.find((e) => e.type === 'cs.ticket.priority-changed.v1')?.data).toMatchObject({ from: 'normal', to: 'high', reason: 'sla_escalation' });
    const staffMessages = async () =>
      (await kit.runtime.store.readAll({ filter: { categories: ['outbound'], types: ['cs.outbound.requested.v1'] }, maxCount: 1000 }))
        .map((e) => e.data as { kind: string; to: string; ticketId: string }).filter((d) => d.ticketId === ticketId && d.kind !== 'acknowledgement');
    const staff = await kit.until(staffMessages, (m) => m.length >= 3, 'the warnings and the breach notice');
    expect(staff.map((d) => [d.kind, d.to]).sort()).toEqual([['sla_breach', 'lena'], ['sla_warning', 'ada'], ['sla_warning', 'lena']]);
    const ticket = await kit.until(async () => (await call('GET', `/v1/tickets/${ticketId}`, undefined, 'agent')).json(), (t) => t.sla?.some((s: { state: string }) => s.state === 'breached'), 'the view');
    expect(ticket.sla).toEqual(expect.arrayContaining([expect.objectContaining({ target: 'first_response', state: 'breached', warnedAt: expect.any(String) })]));
  });

  it('achieves the first response when an agent replies in time, and stops the clocks while pending', async () => {
    const ticketId = await message(1);
    await kit.until(() => types(ticketId), (t) => t.includes('cs.sla.activated.v1'), 'the clocks');
    expect((await call('POST', `/v1/tickets/${ticketId}/replies`, { body: 'On it.' }, 'agent')).statusCode).toBe(201);
    await kit.until(() => types(ticketId), (t) => t.includes('cs.sla.achieved.v1'), 'the first response');
    expect((await call('POST', `/v1/tickets/${ticketId}/status`, { status: 'pending' }, 'agent')).statusCode).toBe(200);
    await kit.until(() => types(ticketId), (t) => t.includes('cs.sla.paused.v1'), 'the pause');
    // First response achieved, resolution paused: nothing left to fire for this ticket.
    const client = new Client({ connectionString: kit.db.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT id FROM ticketing.deadlines WHERE id LIKE $1`, [`sla:${ticketId}:%`]);
      expect(rows).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it('simulates candidate policies on the real tickets of a period without touching them', async () => {
    const before = await kit.runtime.store.readAll({ filter: { categories: ['ticket'] }, maxCount: 10_000 });
    const response = await call('POST', '/v1/simulations/sla', {
      policies: { policies: [{ id: 'lenient', when: {}, targets: { first_response: 120 } }] },
      from: new Date(Date.now() - 24 * 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.tickets).toBe(2);
    expect(body.actual.first_response).toEqual({ achieved: 1, breached: 1, compliance: 0.5 });
    // Under 120 minutes the late ticket is not breached yet (opened an hour ago, never answered); the other is achieved.
    expect(body.simulated.first_response).toEqual({ achieved: 1, breached: 0, compliance: 1 });
    expect(await kit.runtime.store.readAll({ filter: { categories: ['ticket'] }, maxCount: 10_000 })).toHaveLength(before.length);
    const bad = await call('POST', '/v1/simulations/sla', { policies: { policies: [{ id: 'x', when: {}, targets: {} }] }, from: 'yesterday' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['/policies/policies/0/targets', '/from', '/to']));
  });
});
