import { type OutboundDeliveryRecordedData, type OutboundRequestedData, Topics } from '@csp/contracts';
import type { Projection } from '@csp/projections';
import { ERASED, erasedAfter } from '../../tickets/erasure/erased-customers';
import { OutboundMessageView } from './outbound-message.entity';

/**
 * Projects outbound requests and their delivery attempts into `outbound_messages`. Requests and outcomes
 * share a partition key, so an outcome never arrives before its request; an older attempt arriving after a
 * newer one changes nothing.
 */
export const outboundMessagesProjection: Projection = {
  name: 'ticketing.outbound-messages',
  topics: [Topics.outbound],
  types: ['cs.outbound.requested.v1', 'cs.outbound.delivery-recorded.v1'],
  async apply(event, manager) {
    const repo = manager.getRepository(OutboundMessageView);
    if (event.type === 'cs.outbound.requested.v1') {
      const d = event.data as OutboundRequestedData;
      const at = new Date(d.at);
      const erased = await erasedAfter(manager, d.customerId, d.at);
      await repo
        .createQueryBuilder()
        .insert()
        .values({
          id: d.messageId, kind: d.kind, channel: d.channel, to: erased ? ERASED : d.to, ticketId: d.ticketId ?? null, customerId: d.customerId ?? null,
          subject: erased ? null : (d.subject ?? null), status: 'pending', attempts: 0, lastError: null, createdAt: at, updatedAt: at,
        })
        .orIgnore()
        .execute();
      return;
    }
    const d = event.data as OutboundDeliveryRecordedData;
    await repo
      .createQueryBuilder()
      .update()
      .set({ status: d.status, attempts: d.attempt, updatedAt: new Date(d.at), ...(d.error ? { lastError: d.error } : {}) })
      .where('id = :id AND attempts < :attempt', { id: d.messageId, attempt: d.attempt })
      .execute();
  },
};
