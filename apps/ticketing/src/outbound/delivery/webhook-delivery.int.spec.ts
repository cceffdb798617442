import { randomBytes } from 'node:crypto';
import { eventually, openOutboundTestKit, type OutboundTestKit } from '../testing/outbound-test-kit';
import { TestWebhookReceiver } from '../testing/test-webhook-receiver';

describe('outbound messages through connectors’ signed webhooks (real PostgreSQL, log bus)', () => {
  const smsSecret = `whsec_${randomBytes(32).toString('base64')}`;
  const hookSecret = `whsec_${randomBytes(32).toString('base64')}`;
  let receiver: TestWebhookReceiver;
  let kit: OutboundTestKit;
  const statuses = async (id: string) => (await kit.outcomes(id)).map((o) => [o.status, o.attempt]);
  const settled = (id: string) => eventually(async () => (await kit.outcomes(id)).some((o) => o.status !== 'failed'));

  beforeAll(async () => {
    receiver = await TestWebhookReceiver.start({ '/sms': smsSecret, '/hooks/staff': hookSecret });
    kit = await openOutboundTestKit('outbound_webhook', {
      OUTBOUND_WEBHOOK_SMS_URL: `${receiver.baseUrl}/sms`, OUTBOUND_WEBHOOK_SMS_SECRET: smsSecret, OUTBOUND_WEBHOOK_SECRET: hookSecret,
    });
  });
  afterAll(async () => {
    await kit?.close();
    await receiver?.stop();
  });

  it('posts a signed message to the channel’s connector and retries a 500 with the same webhook-id', async () => {
    receiver.respond('/sms', 500);
    const m = await kit.request({ channel: 'sms', to: '+4915112345678', kind: 'progress_update', subject: undefined, body: 'We are on it.' });
    await settled(m.messageId);
    expect(await statuses(m.messageId)).toEqual([['failed', 1], ['sent', 2]]);
    const [first, second] = receiver.withId(m.messageId);
    expect([first.verified, first.answered, second.verified, second.answered]).toEqual([true, 500, true, 200]);
    expect(second.headers['content-type']).toBe('application/json');
    expect(JSON.parse(second.body)).toEqual({
      type: 'cs.outbound.requested.v1', timestamp: expect.any(String),
      data: { messageId: m.messageId, kind: 'progress_update', channel: 'sms', to: '+4915112345678', customerId: m.customerId, ticketId: m.ticketId, body: 'We are on it.', at: m.at },
    });
    expect((await kit.outcomes(m.messageId))[0].error).toBe(`POST ${receiver.baseUrl}/sms answered 500: status 500 from test`);
    const listed = await eventually(async () => (await kit.get(`/v1/outbound?customerId=${m.customerId}&status=sent`)).json().items[0]);
    expect(listed).toMatchObject({ id: m.messageId, channel: 'sms', status: 'sent', attempts: 2, lastError: expect.stringContaining('500') });
  });

  it('posts channel `webhook` messages to the URL in `to`, and gives up at once on a 4xx', async () => {
    receiver.respond('/hooks/staff', 404);
    const m = await kit.request({ channel: 'webhook', to: `${receiver.baseUrl}/hooks/staff`, kind: 'sla_warning' });
    await settled(m.messageId);
    expect(await statuses(m.messageId)).toEqual([['gave_up', 1]]);
    expect(receiver.withId(m.messageId).map((r) => [r.verified, r.answered])).toEqual([[true, 404]]);
  });

  it('retries a 429 and sends', async () => {
    receiver.respond('/hooks/staff', 429, 503);
    const m = await kit.request({ channel: 'webhook', to: `${receiver.baseUrl}/hooks/staff`, kind: 'risk_alert' });
    await settled(m.messageId);
    expect(await statuses(m.messageId)).toEqual([['failed', 1], ['failed', 2], ['sent', 3]]);
    expect(new Set(receiver.withId(m.messageId).map((r) => r.headers['webhook-id']))).toEqual(new Set([m.messageId]));
  });

  it('gives up at once on a channel nobody configured, naming the variables to set', async () => {
    const m = await kit.request({ channel: 'chat', to: 'visitor-42' });
    await settled(m.messageId);
    const [outcome] = await kit.outcomes(m.messageId);
    expect(outcome).toMatchObject({ status: 'gave_up', attempt: 1, error: expect.stringContaining('OUTBOUND_WEBHOOK_CHAT_URL and OUTBOUND_WEBHOOK_CHAT_SECRET') });
    expect(receiver.withId(m.messageId)).toEqual([]);
  });
});
