import { derivedId, type OutboundRequestedData } from '@csp/contracts';
import type { RecordedEvent } from '@csp/event-store';
import { deliveryRecorded, deliveryStateOf, statusOf } from './delivery-state';

const messageId = '7d4f3c9e-8a51-4c1e-9a0b-2f6e5d4c3b2a';
const customerId = '0f1e2d3c-4b5a-4968-8776-655443322110';
const request: RecordedEvent<OutboundRequestedData> = {
  id: 'req-1', type: 'cs.outbound.requested.v1', streamName: `outbound-${messageId}`, category: 'outbound', revision: 0n, position: 1n,
  data: { messageId, kind: 'acknowledgement', channel: 'email', to: 'ada@example.com', customerId, body: 'hi', at: '2026-11-23T09:00:00.000Z' },
  metadata: { partitionKey: customerId, correlationId: 'corr-1' }, recordedAt: new Date(),
};
const recorded = (revision: bigint, status: string, attempt: number): RecordedEvent => ({
  ...request, id: `rec-${attempt}`, type: 'cs.outbound.delivery-recorded.v1', revision, data: { messageId, status, attempt, at: request.data.at },
});
const at = new Date('2026-11-23T09:01:00.000Z');

describe('delivery state of an outbound stream', () => {
  it('counts attempts and knows when nothing more is to be done', () => {
    expect(deliveryStateOf([])).toEqual({ attempts: 0, revision: 'no_stream' });
    expect(deliveryStateOf([request])).toEqual({ request, attempts: 0, revision: 0n });
    expect(deliveryStateOf([request, recorded(1n, 'failed', 1), recorded(2n, 'failed', 2)])).toEqual({ request, attempts: 2, revision: 2n });
    expect(deliveryStateOf([request, recorded(1n, 'failed', 1), recorded(2n, 'sent', 2)])).toMatchObject({ attempts: 2, final: 'sent' });
    expect(deliveryStateOf([request, recorded(1n, 'gave_up', 1)])).toMatchObject({ attempts: 1, final: 'gave_up' });
  });

  it('retries failures until the last attempt, and never a permanent one', () => {
    expect(statusOf({ ok: true }, 1, 3)).toBe('sent');
    expect(statusOf({ ok: false, error: 'x', permanent: false }, 2, 3)).toBe('failed');
    expect(statusOf({ ok: false, error: 'x', permanent: false }, 3, 3)).toBe('gave_up');
    expect(statusOf({ ok: false, error: 'x', permanent: true }, 1, 3)).toBe('gave_up');
  });

  it('records an attempt under an id derived from message and attempt, behind its request on the bus', () => {
    const event = deliveryRecorded(request, 2, { ok: false, error: 'e'.repeat(3000), permanent: false }, 3, at);
    expect(event.id).toBe(derivedId('outbound-delivery-2', messageId));
    expect(event.data).toEqual({ messageId, status: 'failed', attempt: 2, error: 'e'.repeat(2000), customerId, at: at.toISOString() });
    expect(event.metadata).toEqual({ partitionKey: customerId, causationId: 'req-1', correlationId: 'corr-1', occurredAt: at.toISOString() });
    const logged = deliveryRecorded({ ...request, metadata: {} }, 1, { ok: true, note: 'logged only' }, 3, at);
    expect(logged.data).toMatchObject({ status: 'sent', error: 'logged only' });
    expect(logged.metadata?.partitionKey).toBe(messageId);
  });
});
