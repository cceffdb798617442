import { Type, type TProperties } from '@sinclair/typebox';
import type { EventData } from '../catalogue/event-definition';
import { DateTime, Str, StringEnum, Uuid } from './common.schema';
import { catalogueEvent } from './event-factories';

/**
 * Outbound messages to customers and staff (owner ticketing, stream `outbound-<messageId>`, topic
 * cs.outbound.v1). Requesting a message is an event; delivery adapters consume it and record each attempt.
 */

export const OUTBOUND_KINDS = [
  'acknowledgement', 'progress_update', 'sla_warning', 'sla_breach', 'survey_invitation', 'care_message', 'risk_alert',
] as const;
export const OUTBOUND_CHANNELS = ['email', 'sms', 'chat', 'social', 'webhook'] as const;
export const DELIVERY_STATUSES = ['sent', 'failed', 'gave_up'] as const;

const outboundEvent = <P extends TProperties>(type: string, description: string, properties: P) =>
  catalogueEvent({ type, description, owner: 'ticketing', category: 'outbound', public: false }, properties);

export const OutboundRequested = outboundEvent(
  'cs.outbound.requested.v1',
  'A message to a customer or to staff should be delivered (acknowledgement, progress, SLA warning, survey, ...).',
  {
    messageId: Uuid(),
    kind: StringEnum(OUTBOUND_KINDS),
    channel: StringEnum(OUTBOUND_CHANNELS),
    to: Str(2_000, { description: 'address on the channel: email address, E.164 phone, handle or webhook URL' }),
    customerId: Type.Optional(Uuid()),
    ticketId: Type.Optional(Uuid()),
    subject: Type.Optional(Str(500)),
    body: Str(100_000),
    surveyId: Type.Optional(Uuid({ description: 'for survey invitations' })),
    at: DateTime(),
  },
);
export type OutboundRequestedData = EventData<typeof OutboundRequested>;

export const OutboundDeliveryRecorded = outboundEvent(
  'cs.outbound.delivery-recorded.v1',
  'One delivery attempt of an outbound message ended: sent, failed (will retry) or gave up.',
  {
    messageId: Uuid(),
    status: StringEnum(DELIVERY_STATUSES),
    attempt: Type.Integer({ minimum: 1 }),
    error: Type.Optional(Str(2_000)),
    // Repeated from the request so consumers (the outbound list, analytics) need no join to filter.
    customerId: Type.Optional(Uuid()),
    ticketId: Type.Optional(Uuid()),
    at: DateTime(),
  },
);
export type OutboundDeliveryRecordedData = EventData<typeof OutboundDeliveryRecorded>;
