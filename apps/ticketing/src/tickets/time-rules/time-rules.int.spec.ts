import { derivedId, eventIdFor } from '@csp/contracts';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { openTicketingTestKit, type TicketingTestKit } from '../../testing/ticketing-test-kit';

jest.setTimeout(60_000);

describe('time rules on the durable scheduler (real PostgreSQL, log bus)', () => {
  let kit: TicketingTestKit;
  const call = (method: 'PUT' | 'POST', url: string, body: unknown, who: 'admin' | 'agent' = 'admin') => kit.call(method, url, body, who);
  const events = (ticketId: string) => kit.runtime.store.readStream(`ticket-${ticketId}`);
  const until = (check: () => Promise<boolean>, what: string) => kit.until(check, (ok) => ok, what);
  /** A customer message written `secondsAgo` seconds ago (the rule's clock starts then). */
  const message = async (secondsAgo: number) => {
    const id = eventIdFor('/test', randomUUID());
    await kit.runtime.store.append(`interaction-${randomUUID()}`, [{
      id, type: 'cs.message.received.v1', data: { channel: 'email', customer: { email: `${randomUUID().slice(0, 6)}@example.com` }, body: 'Hello?' },
      metadata: { source: '/test', occurredAt: new Date(Date.now() - secondsAgo * 1000).toISOString() },
    }], { expectedRevision: 'no_stream' });
    return derivedId('ticket', id);
  };

  beforeAll(async () => {
    kit = await openTicketingTestKit('ticketing_time_rules', { subjects: { agent: 'ada' } });
    const rules = { rules: [{ id: 'unanswered', name: 'No reply within a minute', when: { condition: 'no_agent_reply', minutes: 1 }, then: { action: 'raise_priority', note: 'Nobody answered within a minute.' } }] };
    expect((await call('PUT', '/v1/config/time-rules', rules)).statusCode).toBe(200);
  });
  afterAll(async () => kit?.close());

  it('raises the priority once, with a note, when nobody replied within the time', async () => {
    const ticketId = await message(55); // due in about 5 s
    await until(async () => (await events(ticketId)).some((e) => e.type === 'cs.ticket.priority-changed.v1'), 'the time rule');
    const history = await events(ticketId);
    expect(history.filter((e) => e.type === 'cs.ticket.priority-changed.v1').map((e) => e.data)).toEqual([expect.objectContaining({ from: 'normal', to: 'high', reason: 'time_rule' })]);
    expect(history.find((e) => e.type === 'cs.ticket.message-added.v1' && (e.data as { author: string }).author === 'system')?.data).toMatchObject({ public: false, body: 'Nobody answered within a minute.', authorId: 'time-rules' });
  });

  it('does nothing when an agent replied in time: the deadline is cancelled', async () => {
    const ticketId = await message(0);
    const client = new Client({ connectionString: kit.db.url });
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
