import type { OutboundMessageView } from './outbound-message.entity';

/**
 * An outbound message of `GET /v1/outbound` (api.md: id, kind, to, ticketId, status, createdAt, and more).
 * `lastError` is the last failure or note recorded, kept when a later attempt succeeded.
 */
export function toOutboundMessageDto(m: OutboundMessageView) {
  return {
    id: m.id, kind: m.kind, channel: m.channel, to: m.to, ticketId: m.ticketId, customerId: m.customerId, subject: m.subject,
    status: m.status, attempts: m.attempts, lastError: m.lastError, createdAt: m.createdAt.toISOString(), updatedAt: m.updatedAt.toISOString(),
  };
}

export type OutboundMessageDto = ReturnType<typeof toOutboundMessageDto>;
