import { Webhook } from 'standardwebhooks';
import { PermanentDeliveryError } from './delivery.errors';
import type { OutboundChannelAdapter, OutboundDelivery } from './outbound-channel.port';

export interface WebhookOptions {
  /** The connector's endpoint; unset for channel `webhook`, whose messages carry the URL in `to`. */
  url?: string;
  /** Standard Webhooks secret (`whsec_<base64>`), shared with the receiving connector. */
  signingSecret: string;
  timeoutMs: number;
}

/** HTTP answers that say "try again later"; every other 4xx means this request will never be accepted. */
const RETRYABLE_4XX = new Set([408, 425, 429]);

/**
 * Posts the message as JSON to a connector, signed per Standard Webhooks. `webhook-id` is the outbound
 * message id on every attempt (the receiver de-duplicates by it); the timestamp and signature are per attempt.
 * Body: `{ type: 'cs.outbound.requested.v1', timestamp, data: <the request> }`. Redirects are not followed.
 */
export class WebhookAdapter implements OutboundChannelAdapter {
  readonly name = 'webhook';
  private readonly signer: Webhook;

  constructor(private readonly options: WebhookOptions) {
    this.signer = new Webhook(options.signingSecret);
  }

  async deliver({ message }: OutboundDelivery): Promise<void> {
    const url = this.options.url ?? message.to;
    if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) throw new PermanentDeliveryError(`'${url}' is not an http(s) URL`);
    const now = new Date();
    const body = JSON.stringify({ type: 'cs.outbound.requested.v1', timestamp: now.toISOString(), data: message });
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': message.messageId,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': this.signer.sign(message.messageId, now, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.options.timeoutMs),
    }).catch((error: unknown) => {
      throw new Error(`POST ${url} failed: ${reasonOf(error)}`);
    });
    if (response.ok) {
      await response.body?.cancel();
      return;
    }
    const detail = (await response.text().catch(() => '')).slice(0, 300);
    const text = `POST ${url} answered ${response.status}${detail ? `: ${detail}` : ''}`;
    const permanent = response.status >= 400 && response.status < 500 && !RETRYABLE_4XX.has(response.status);
    throw permanent ? new PermanentDeliveryError(text) : new Error(text);
  }
}

/** Duck-typed: fetch's errors come from Node's own realm, where `instanceof Error` of a test VM does not hold. */
function reasonOf(error: unknown): string {
  const e = (error ?? {}) as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'timed out';
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
}
