import type { OutboundRequestedData } from '@csp/contracts';

/** What an adapter is asked to deliver: the request as recorded, and which attempt this is (1 = first). */
export interface OutboundDelivery {
  message: OutboundRequestedData;
  attempt: number;
}

/** What a successful delivery may add to the 'sent' record (e.g. that the message was only logged). */
export interface DeliveryReceipt {
  note?: string;
}

/**
 * Delivers an outbound message on one channel (SMTP, a connector's webhook, the log). Resolves once the
 * receiver accepted the message; throws on failure, with a `PermanentDeliveryError` when retrying cannot help
 * (invalid address, a 5xx SMTP reply, a 4xx HTTP answer). Receivers see the same message id on every attempt,
 * so they can drop the duplicate of a delivery whose outcome we failed to record.
 */
export interface OutboundChannelAdapter {
  readonly name: string;
  deliver(delivery: OutboundDelivery): Promise<DeliveryReceipt | void>;
  /** Releases connections on shutdown. */
  close?(): Promise<void>;
}
