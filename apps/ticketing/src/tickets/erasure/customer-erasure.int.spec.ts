import { customerIdFor, eventIdFor } from '@csp/contracts';
import { randomUUID } from 'node:crypto';
import { openTicketingTestKit, type TicketingTestKit } from '../../testing/ticketing-test-kit';

describe("erasure: ticketing forgets an erased customer's personal data (real PostgreSQL, log bus)", () => {
  let kit: TicketingTestKit;
  const email = 'erase-me@example.com';
  const customerId = customerIdFor({ email });
  const message = (subject: string, body: string) =>
    kit.runtime.store.append(
      `interaction-${customerId}`,
      [{ id: eventIdFor('/test', randomUUID()), type: 'cs.message.received.v1', data: { channel: 'email', customer: { email }, subject, body }, metadata: { source: '/test', partitionKey: customerId } }],
      { expectedRevision: 'any' },
    );
  /** Polls the API until `check` holds (the workers trail the appends). */
  const until = async <T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> => {
    for (let i = 0; i < 400; i++) {
      const value = await read();
      if (check(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`never matched: ${JSON.stringify(await read())}`);
  };
  const tickets = async () => (await kit.call('GET', `/v1/tickets?customerId=${customerId}`)).json().items as { id: string; subject: string; number: number; status: string }[];
  const ticket = async (id: string) => (await kit.call('GET', `/v1/tickets/${id}`)).json() as { subject: string; number: number; messages: { body: string; author: string }[] };
  const outbound = async () => (await kit.call('GET', `/v1/outbound?customerId=${customerId}`)).json().items as { to: string; kind: string }[];

  beforeAll(async () => {
    kit = await openTicketingTestKit('ticketing_erasure', { starterConfig: 'embedded', subjects: { agent: 'embedded-agent' } });
  });
  afterAll(async () => kit?.close());

  it('redacts subjects, bodies and addresses, keeps what does not identify the person, and serves a returning customer as anyone else', async () => {
    await message('I live at 5 Main Street', 'Please call me on +49 30 1234567.');
    const [opened] = await until(tickets, (t) => t.length === 1);
    await until(outbound, (o) => o.some((m) => m.kind === 'acknowledgement' && m.to === email));
    const reply = await kit.call('POST', `/v1/tickets/${opened.id}/replies`, { body: 'Dear Ms Erase-Me, we will call you.', public: true }, 'agent');
    expect(reply.statusCode).toBe(201);
    await until(() => ticket(opened.id), (t) => t.messages.length === 2);

    await kit.runtime.store.append(
      `customer-${customerId}`,
      [{ id: randomUUID(), type: 'cs.customer.erased.v1', data: { customerId, alsoErasedIds: [], actor: { kind: 'user', id: 'dpo' }, at: new Date().toISOString() }, metadata: { partitionKey: customerId } }],
      { expectedRevision: 'any' },
    );
    const erased = await until(() => ticket(opened.id), (t) => t.subject === '[erased]');
    expect(erased.messages.map((m) => [m.author, m.body])).toEqual([['customer', '[erased]'], ['agent', '[erased]']]);
    expect(erased.number).toBe(opened.number);
    expect((await outbound()).every((m) => m.to === '[erased]')).toBe(true);

    // The same person writes again after the erasure: a new ticket, shown as written.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await message('Back again', 'Hello, it is me again.');
    const both = await until(tickets, (t) => t.length === 2);
    const fresh = both.find((t) => t.id !== opened.id) as { id: string };
    expect(await until(() => ticket(fresh.id), (t) => t.messages.length === 1)).toMatchObject({ subject: 'Back again', messages: [{ body: 'Hello, it is me again.' }] });
    expect((await ticket(opened.id)).subject).toBe('[erased]');
  });
});
