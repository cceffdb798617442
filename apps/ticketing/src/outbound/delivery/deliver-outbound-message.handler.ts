import type { OutboundRequestedData } from '@csp/contracts';
import { ConcurrencyError, type EventStore } from '@csp/event-store';
import { backoffMs, type RetryPolicy } from '@csp/message-bus';
import { describeFailure, isPermanentFailure } from './adapters/delivery.errors';
import type { ChannelAdapters } from './adapters/channel-adapters.factory';
import type { DeliveryQueue } from './delivery-queue';
import { type AttemptResult, deliveryRecorded, deliveryStateOf, outboundStream } from './delivery-state';

/** Attempts per message and the backoff between them (exponential with jitter, capped). */
export type DeliveryRetryPolicy = RetryPolicy;

/**
 * One attempt at one queued message. The stream decides: nothing happens once an attempt was recorded as sent
 * or gave up, so a redelivered or re-queued request is never sent again. The outcome is appended at the
 * revision that was read: if another worker recorded something meanwhile, this attempt's record is refused
 * and the message is looked at again (at worst it was sent twice, with the same message id for the receiver).
 */
export class DeliverOutboundMessageHandler {
  constructor(
    private readonly store: EventStore,
    private readonly queue: DeliveryQueue,
    private readonly channels: ChannelAdapters,
    private readonly retry: DeliveryRetryPolicy,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async handle(messageId: string): Promise<void> {
    const stream = outboundStream(messageId);
    const state = deliveryStateOf(await this.store.readStream(stream));
    if (!state.request || state.final || state.revision === 'no_stream') return this.queue.remove(messageId);
    const attempt = state.attempts + 1;
    const result = await this.attempt(state.request.data, attempt);
    const event = deliveryRecorded(state.request, attempt, result, this.retry.maxAttempts, this.now());
    try {
      await this.store.append(stream, [event], { expectedRevision: state.revision });
    } catch (error) {
      if (error instanceof ConcurrencyError) return this.queue.retryIn(messageId, 0);
      throw error;
    }
    if (event.data.status === 'failed') await this.queue.retryIn(messageId, backoffMs(attempt, this.retry));
    else await this.queue.remove(messageId);
  }

  private async attempt(message: OutboundRequestedData, attempt: number): Promise<AttemptResult> {
    const adapter = this.channels.adapters[message.channel];
    if (!adapter) return { ok: false, permanent: true, error: this.channels.missing[message.channel] ?? `no adapter for channel '${message.channel}'` };
    try {
      const receipt = await adapter.deliver({ message, attempt });
      return { ok: true, note: receipt?.note };
    } catch (error) {
      return { ok: false, permanent: isPermanentFailure(error), error: describeFailure(error) };
    }
  }
}
