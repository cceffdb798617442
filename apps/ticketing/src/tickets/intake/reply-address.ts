import type { CustomerRef } from '@csp/contracts';
import type { OutboundRequestedData } from '@csp/contracts';

export type ReplyAddress = Pick<OutboundRequestedData, 'channel' | 'to'>;

/**
 * Where to answer a customer who wrote on `channel`: the same channel when we have their address on it,
 * else email when we know it. Undefined when there is no way to reach them (an anonymous web visitor).
 */
export function replyAddress(channel: string, customer: CustomerRef): ReplyAddress | undefined {
  if ((channel === 'sms' || channel === 'phone') && customer.phone) return { channel: 'sms', to: customer.phone };
  if (channel === 'social' && customer.social) return { channel: 'social', to: `${customer.social.platform}:${customer.social.handle}` };
  if (channel === 'chat' && (customer.externalId || customer.anonymousId)) return { channel: 'chat', to: customer.externalId ?? customer.anonymousId ?? '' };
  if (customer.email) return { channel: 'email', to: customer.email };
  if (customer.phone) return { channel: 'sms', to: customer.phone };
  return undefined;
}
