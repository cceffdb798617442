import { derivedId, eventIdFor } from '@csp/contracts';
import { openTicketingTestKit, type TicketingTestKit } from '../../testing/ticketing-test-kit';

// Workers run beside the HTTP calls; on a busy 2-core machine they need more than jest's default 5 s.
jest.setTimeout(30_000);

describe('customer notifications: progress updates and the survey on solve (real PostgreSQL, log bus)', () => {
  let kit: TicketingTestKit;
  let runtime: TicketingTestKit['runtime'];
  const post = (url: string, body: unknown) => kit.call('POST', url, body, 'agent');
  const outbound = async (count: number) => {
    for (let i = 0; i < 100; i++) {
      const events = await runtime.store.readAll({ filter: { categories: ['outbound'], types: ['cs.outbound.requested.v1'] }, maxCount: 1000 });
      if (events.length >= count) return events;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return runtime.store.readAll({ filter: { categories: ['outbound'], types: ['cs.outbound.requested.v1'] }, maxCount: 1000 });
  };

  beforeAll(async () => {
    kit = await openTicketingTestKit('ticketing_notifications', { starterConfig: 'embedded', subjects: { agent: 'embedded-agent' } });
    ({ runtime } = kit);
  });
  afterAll(async () => kit?.close());

  it('acknowledges, reports progress, and sends one CSAT survey linked to the ticket when it is solved', async () => {
    const sourceId = eventIdFor('/test', 'n1');
    await runtime.store.append('interaction-n1', [{ id: sourceId, type: 'cs.message.received.v1', data: { channel: 'email', customer: { email: 'nina@example.com' }, subject: 'Help', body: 'Please help.' }, metadata: { source: '/test' } }], { expectedRevision: 'no_stream' });
    const ticketId = derivedId('ticket', sourceId);
    expect((await outbound(1)).map((e) => (e.data as { kind: string }).kind)).toEqual(['acknowledgement']);
    expect((await post(`/v1/tickets/${ticketId}/status`, { status: 'pending' })).statusCode).toBe(200);
    expect((await post(`/v1/tickets/${ticketId}/status`, { status: 'solved' })).statusCode).toBe(200);
    const sent = await outbound(4);
    expect(sent.map((e) => (e.data as { kind: string }).kind)).toEqual(['acknowledgement', 'progress_update', 'progress_update', 'survey_invitation']);
    expect(sent.every((e) => (e.data as { to: string }).to === 'nina@example.com')).toBe(true);
    const survey = (await runtime.store.readStream(`ticket-${ticketId}`)).find((e) => e.type === 'cs.survey.requested.v1');
    expect(survey?.data).toMatchObject({ ticketId, kinds: ['csat'], channel: 'email' });
    expect(sent[3].data).toMatchObject({ surveyId: (survey?.data as { surveyId: string }).surveyId, ticketId });
  });
});
