import { customerIdFor, eventIdFor } from '@csp/contracts';
import { randomUUID } from 'node:crypto';
import { openTicketingTestKit, type TicketingTestKit } from '../../testing/ticketing-test-kit';

// Workers run beside the HTTP calls; on a busy 2-core machine they need more than jest's default 5 s.
jest.setTimeout(60_000);

describe('routing and assignment of new tickets, re-routing when the tier arrives, queues (real PostgreSQL, log bus)', () => {
  let kit: TicketingTestKit;
  let runtime: TicketingTestKit['runtime'];
  const call = (...args: Parameters<TicketingTestKit['call']>) => kit.call(...args);
  const interaction = (email: string, type: string, data: Record<string, unknown>) =>
    runtime.store.append(`interaction-${randomUUID()}`, [{ id: eventIdFor('/test', randomUUID()), type, data: { customer: { email }, ...data }, metadata: { source: '/test' } }], { expectedRevision: 'no_stream' });
  const message = (email: string, body: string) => interaction(email, 'cs.message.received.v1', { channel: 'webform', body });
  const ticketsOf = async (email: string, check: (t: Record<string, unknown>[]) => boolean) => {
    // The consumers trail the appends; on a loaded machine by seconds.
    for (let i = 0; i < 400; i++) {
      const lookup = (await call('GET', '/v1/tickets?limit=200')).json().items as Record<string, unknown>[];
      const mine = lookup.filter((t) => (t.subject as string).includes(email));
      if (check(mine)) return mine;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`tickets of ${email} never matched: ${JSON.stringify((await call('GET', '/v1/tickets?limit=200')).json().items.filter((t: { subject: string }) => t.subject.includes(email)))}`);
  };

  beforeAll(async () => {
    kit = await openTicketingTestKit('ticketing_routing', { starterConfig: 'none' });
    ({ runtime } = kit);
    const teams = {
      agents: [
        { id: 'ada', skills: [], capacity: 1, available: true },
        { id: 'bob', skills: [], capacity: 1, available: true },
        { id: 'vera', skills: ['vip'], capacity: 5, available: true },
      ],
      teams: [
        { id: 'support', name: 'Support', strategy: 'round_robin', members: ['ada', 'bob'] },
        { id: 'vip', name: 'VIP desk', strategy: 'skills', leadId: 'vera', members: ['vera'] },
      ],
    };
    expect((await call('PUT', '/v1/config/teams', teams)).statusCode).toBe(200);
    const rules = {
      rules: [
        { id: 'vip', when: { tier: ['vip'] }, then: { teamId: 'vip', priority: 'high', requiredSkills: ['vip'] } },
        { id: 'refunds', when: { keywords: { any: ['refund'] } }, then: { category: 'refund' } },
      ],
      default: { teamId: 'support', category: 'general' },
    };
    expect((await call('PUT', '/v1/config/routing-rules', rules)).statusCode).toBe(200);
  });
  afterAll(async () => kit?.close());

  it('routes by the rules and assigns round-robin within capacity; the rest waits in the queue and is drained when capacity frees', async () => {
    for (const n of [1, 2, 3]) await message('queue@example.com', `queue@example.com #${n}: I want a refund`);
    const tickets = await ticketsOf('queue@example.com', (t) => t.length === 3 && t.filter((x) => x.assigneeId).length === 2 && t.every((x) => x.teamId === 'support'));
    expect(tickets.every((t) => t.category === 'refund')).toBe(true);
    expect(tickets.map((t) => t.assigneeId).filter(Boolean).sort()).toEqual(['ada', 'bob']);
    const done = tickets.find((t) => t.assigneeId === 'ada') as { id: string };
    expect((await call('POST', `/v1/tickets/${done.id}/status`, { status: 'solved' })).statusCode).toBe(200);
    const after = await ticketsOf('queue@example.com', (t) => t.filter((x) => x.status !== 'solved' && x.assigneeId).length === 2);
    expect(after.find((t) => t.status !== 'solved' && t.assigneeId === 'ada')).toBeDefined();
  });

  it('routes a ticket again when the customer turns out to be VIP', async () => {
    await message('vip@example.com', 'vip@example.com: my order is late');
    await ticketsOf('vip@example.com', (t) => t.length === 1 && t[0].teamId === 'support');
    await interaction('vip@example.com', 'cs.customer.identified.v1', { traits: { tier: 'vip' } });
    const [ticket] = await ticketsOf('vip@example.com', (t) => t[0]?.teamId === 'vip' && t[0]?.assigneeId !== null);
    expect(ticket).toMatchObject({ teamId: 'vip', priority: 'high', assigneeId: 'vera' });
  });

  it("follows customer-profile: a merge gives the ticket the survivor's tier, and the survivor lists it", async () => {
    await message('merged@example.com', 'merged@example.com: where is my parcel?');
    const [ticket] = await ticketsOf('merged@example.com', (t) => t.length === 1 && t[0].teamId === 'support');
    const mergedId = customerIdFor({ email: 'merged@example.com' });
    expect(ticket.customerId).toBe(mergedId);
    const survivorId = customerIdFor({ externalId: 'crm-4711' });
    const profileEvent = (type: string, data: Record<string, unknown>) =>
      runtime.store.append(`customer-${survivorId}`, [{ id: randomUUID(), type, data, metadata: { partitionKey: survivorId } }], { expectedRevision: 'any' });
    const at = new Date().toISOString();
    await profileEvent('cs.customer.tier-changed.v1', { customerId: survivorId, to: 'vip', at });
    await profileEvent('cs.customer.merged.v1', { survivorId, mergedId, mode: 'automatic', reason: 'same email', actor: { kind: 'system', id: 'identity' }, at });
    const [rerouted] = await ticketsOf('merged@example.com', (t) => t[0]?.teamId === 'vip' && t[0]?.assigneeId !== null);
    expect(rerouted).toMatchObject({ teamId: 'vip', priority: 'high', assigneeId: 'vera' });
    const listed = (await call('GET', `/v1/tickets?customerId=${survivorId}`)).json().items as { id: string }[];
    expect(listed.map((t) => t.id)).toEqual([ticket.id]);

    await profileEvent('cs.customer.unmerged.v1', { survivorId, mergedId, actor: { kind: 'user', id: 'lead-1' }, at });
    for (let i = 0; i < 200; i++) {
      if ((await call('GET', `/v1/tickets?customerId=${survivorId}`)).json().items.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await call('GET', `/v1/tickets?customerId=${survivorId}`)).json().items).toEqual([]);
  });

  it("never exceeds an agent's capacity when tickets of many customers arrive at once (routing runs customers side by side)", async () => {
    const teams = (await call('GET', '/v1/config/teams')).json();
    const rules = (await call('GET', '/v1/config/routing-rules')).json();
    const { version: teamsVersion, ...teamsDoc } = teams;
    const { version: rulesVersion, ...rulesDoc } = rules;
    expect((await call('PUT', '/v1/config/teams', {
      agents: [...teamsDoc.agents, { id: 'cy', skills: [], capacity: 1, available: true }, { id: 'dee', skills: [], capacity: 1, available: true }],
      teams: [...teamsDoc.teams, { id: 'burst', name: 'Burst', strategy: 'least_loaded', members: ['cy', 'dee'] }],
    }, 'admin', { 'if-match': `"${teamsVersion}"` })).statusCode).toBe(200);
    expect((await call('PUT', '/v1/config/routing-rules', {
      ...rulesDoc, rules: [{ id: 'burst', when: { keywords: { any: ['burst'] } }, then: { teamId: 'burst' } }, ...rulesDoc.rules],
    }, 'admin', { 'if-match': `"${rulesVersion}"` })).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // the processes cache configuration for 2 s
    await Promise.all(Array.from({ length: 8 }, (_, i) => message(`burst${i}@example.com`, `burst${i}@example.com: burst of trouble`)));
    const all = async () => ((await call('GET', '/v1/tickets?teamId=burst&limit=50')).json().items as { assigneeId: string | null }[]);
    for (let i = 0; i < 400 && (await all()).length < 8; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // let any over-eager assignment show up
    const tickets = await all();
    expect(tickets).toHaveLength(8);
    expect(tickets.map((t) => t.assigneeId).filter(Boolean).sort()).toEqual(['cy', 'dee']);
  });
});
