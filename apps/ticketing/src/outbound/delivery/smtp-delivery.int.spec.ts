import { derivedId } from '@csp/contracts';
import { eventToMessage, messageToEvent } from '@csp/message-bus';
import { eventually, openOutboundTestKit, type OutboundTestKit } from '../testing/outbound-test-kit';
import { TestSmtpServer } from '../testing/test-smtp-server';
import { DeliveryQueue } from './delivery-queue';
import { QueueOutboundRequestHandler } from './queue-outbound-request.handler';

describe('outbound email through a real SMTP server (real PostgreSQL, log bus)', () => {
  let smtp: TestSmtpServer;
  let kit: OutboundTestKit;
  const email = (to: string) => kit.request({ channel: 'email', to });
  const statuses = async (id: string) => (await kit.outcomes(id)).map((o) => [o.status, o.attempt]);
  const listed = (ticketId: string, status: string) =>
    eventually(async () => (await kit.get(`/v1/outbound?ticketId=${ticketId}`)).json().items.find((m: { status: string }) => m.status === status));

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    kit = await openOutboundTestKit('outbound_smtp', { SMTP_URL: smtp.url, OUTBOUND_FROM: 'Support <support@example.com>', OUTBOUND_MAX_ATTEMPTS: '5' });
  });
  afterAll(async () => {
    await kit?.close();
    await smtp?.stop();
  });

  it('delivers a requested email, records it as sent and lists it', async () => {
    const m = await email('ada@example.com');
    const [mail] = await eventually(async () => smtp.mailsWith(m.messageId).length > 0 && smtp.mailsWith(m.messageId));
    expect(mail.envelopeTo).toEqual(['ada@example.com']);
    expect(mail.header('to')).toBe('ada@example.com');
    expect(mail.header('from')).toBe('Support <support@example.com>');
    expect(mail.header('subject')).toBe('We got your request');
    expect(mail.header('message-id')).toBe(`<${m.messageId}@example.com>`);
    expect(mail.header('x-ticket-id')).toBe(m.ticketId);
    expect(mail.body).toContain('Ticket #1 is open.');
    await eventually(async () => (await kit.outcomes(m.messageId)).length > 0);
    const [sent] = (await kit.deps.runtime.store.readStream(`outbound-${m.messageId}`)).slice(1);
    expect(sent).toMatchObject({ id: derivedId('outbound-delivery-1', m.messageId), data: { status: 'sent', attempt: 1, ticketId: m.ticketId } });
    expect(sent.metadata.partitionKey).toBe(m.customerId);
    expect(await listed(m.ticketId, 'sent')).toMatchObject({
      id: m.messageId, kind: 'acknowledgement', channel: 'email', to: 'ada@example.com', ticketId: m.ticketId, customerId: m.customerId,
      subject: 'We got your request', status: 'sent', attempts: 1, lastError: null, createdAt: m.at,
    });
  });

  it('gives up at once when the server refuses the recipient for good (550)', async () => {
    smtp.refuse.set('gone@example.com', 550);
    const m = await email('gone@example.com');
    const gaveUp = await listed(m.ticketId, 'gave_up');
    expect(gaveUp).toMatchObject({ attempts: 1, lastError: expect.stringContaining('550') });
    expect(await statuses(m.messageId)).toEqual([['gave_up', 1]]);
    expect(await kit.deps.dataSource.query('SELECT 1 FROM outbound_deliveries WHERE message_id = $1', [m.messageId])).toEqual([]);
  });

  it('retries a temporary refusal (451) with backoff, then gives up after the last attempt', async () => {
    smtp.refuse.set('busy@example.com', 451);
    const m = await email('busy@example.com');
    expect(await listed(m.ticketId, 'gave_up')).toMatchObject({ attempts: 5, lastError: expect.stringContaining('451') });
    expect(await statuses(m.messageId)).toEqual([['failed', 1], ['failed', 2], ['failed', 3], ['failed', 4], ['gave_up', 5]]);
    const times = (await kit.outcomes(m.messageId)).map((o) => Date.parse(o.at));
    // Backoffs of 30, 60, 120 and 120 ms (capped), each at least halved by the jitter.
    expect(times[4] - times[0]).toBeGreaterThanOrEqual(15 + 30 + 60 + 60);
  });

  it('gives up at once on an address that is not one', async () => {
    const m = await email('not-an-address');
    expect(await listed(m.ticketId, 'gave_up')).toMatchObject({ attempts: 1, lastError: "'not-an-address' is not an email address" });
  });

  it('retries while the server is down and sends once it is back', async () => {
    await smtp.stop();
    const m = await email('patient@example.com');
    await eventually(async () => (await kit.outcomes(m.messageId)).some((o) => o.status === 'failed'));
    await smtp.listen();
    await listed(m.ticketId, 'sent');
    const outcomes = await kit.outcomes(m.messageId);
    expect(outcomes[0]).toMatchObject({ status: 'failed', attempt: 1, error: expect.stringMatching(/ECONNREFUSED|connect/i) });
    expect(outcomes[outcomes.length - 1]).toMatchObject({ status: 'sent', attempt: outcomes.length });
    expect(smtp.mailsWith(m.messageId)).toHaveLength(1);
  });

  it('sends a redelivered request once', async () => {
    const m = await email('twice@example.com');
    await listed(m.ticketId, 'sent');
    const [requested] = await kit.deps.runtime.store.readStream(`outbound-${m.messageId}`);
    // The same event stored again is a no-op; delivered again by the bus, it queues nothing.
    const again = await kit.deps.runtime.store.append(`outbound-${m.messageId}`, [{ id: requested.id, type: requested.type, data: requested.data, metadata: requested.metadata }], { expectedRevision: 'any' });
    expect(again.duplicates).toBe(1);
    const queue = new DeliveryQueue(kit.deps.dataSource);
    const consumer = new QueueOutboundRequestHandler(kit.deps.runtime.store, queue);
    const message = eventToMessage(requested);
    const redelivered = messageToEvent({ ...message, headers: message.headers ?? {}, topic: 'cs.outbound.v1', scope: 'log', position: 1n, attempt: 2 });
    if (!redelivered) throw new Error('not a CloudEvent');
    await Promise.all([consumer.handle(redelivered), consumer.handle(redelivered)]);
    expect(await kit.deps.dataSource.query('SELECT 1 FROM outbound_deliveries WHERE message_id = $1', [m.messageId])).toEqual([]);
    // Queued anyway (a redelivery racing the first send): the dispatcher finds 'sent' in the stream and drops it.
    await queue.enqueue(m.messageId);
    await eventually(async () => (await kit.deps.dataSource.query('SELECT 1 FROM outbound_deliveries WHERE message_id = $1', [m.messageId])).length === 0);
    expect(smtp.mailsWith(m.messageId)).toHaveLength(1);
    expect(await statuses(m.messageId)).toEqual([['sent', 1]]);
  });
});
