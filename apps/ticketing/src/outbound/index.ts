/**
 * Outbound delivery (requirement 10): what the ticketing module wires in. Delivery: the consumer of
 * `cs.outbound.v1` and the dispatcher (`outboundDeliveryWorkers`); read model: `outbound_messages`, its
 * projection and `GET /v1/outbound`; configuration: `OutboundConfig` (spread into the service's schema).
 */
import { CreateErasedCustomers1763900000170 } from '../migrations/1763900000170-create-erased-customers.migration';
import { CreateOutboundMessages1763900000200 } from '../migrations/1763900000200-create-outbound-messages.migration';
import { OutboundMessageView } from './outbound-messages/outbound-message.entity';

export { OutboundConfig, outboundConfigFrom, CONNECTOR_CHANNELS } from './outbound.config';
export { outboundDeliveryWorkers, OUTBOUND_DELIVERY_GROUP, type OutboundDeliveryOptions } from './delivery/outbound-delivery.workers';
export { createChannelAdapters, type ChannelAdapters, type OutboundChannel } from './delivery/adapters/channel-adapters.factory';
export type { OutboundChannelAdapter, OutboundDelivery, DeliveryReceipt } from './delivery/adapters/outbound-channel.port';
export { PermanentDeliveryError } from './delivery/adapters/delivery.errors';
export { SmtpEmailAdapter } from './delivery/adapters/smtp-email.adapter';
export { WebhookAdapter } from './delivery/adapters/webhook.adapter';
export { LogOnlyAdapter } from './delivery/adapters/log-only.adapter';
export { OutboundMessageView } from './outbound-messages/outbound-message.entity';
export { outboundMessagesProjection } from './outbound-messages/outbound-messages.projection';
export { ListOutboundMessagesHandler, ListOutboundMessagesQuery } from './outbound-messages/list-outbound-messages.query';
export { OutboundController } from './outbound-messages/outbound.controller';
export { CreateOutboundMessages1763900000200 };

export const OUTBOUND_ENTITIES = [OutboundMessageView];
// erased_customers: the outbound read model redacts erased customers' addresses too (tickets/erasure).
export const OUTBOUND_MIGRATIONS = [CreateErasedCustomers1763900000170, CreateOutboundMessages1763900000200];
