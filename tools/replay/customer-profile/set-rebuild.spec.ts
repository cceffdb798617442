import type { RecordedEvent } from '@csp/event-store';
import { messageToEvent } from '@csp/message-bus';
import { toBusMessage } from '../event-log-pages';
import { deliveredOf } from './set-rebuild';

describe('deliveredOf', () => {
  const recorded = (metadata: Record<string, unknown>): RecordedEvent => ({
    id: 'e1', type: 'cs.order.placed.v1', streamName: 'interaction-5b0d3c7e-1111-5aaa-8bbb-000000000001', category: 'interaction', revision: 3n,
    position: 42n, data: { customer: { email: 'a@example.com' }, amount: 12.5, items: [{ sku: 'x' }] }, metadata, recordedAt: new Date('2026-01-02T03:04:05.678Z'),
  });

  it('is the event the bus would deliver, without the JSON round trip', () => {
    for (const metadata of [{ occurredAt: '2026-01-01T00:00:00.000Z', source: 'shop', partitionKey: 'k', correlationId: 'c', causationId: 'x' }, {}]) {
      const event = recorded(metadata);
      expect(deliveredOf(event)).toEqual(messageToEvent(toBusMessage(event)));
    }
  });

  it('skips raw bus messages, as the runner does', () => {
    expect(deliveredOf({ ...recorded({}), type: 'csp.bus.message.v1', data: { key: 'k', value: '{}', headers: {} } })).toBeUndefined();
    expect(messageToEvent(toBusMessage({ ...recorded({}), type: 'csp.bus.message.v1', data: { key: 'k', value: '{}', headers: {} } }))).toBeUndefined();
  });
});
