import { createTransport } from 'nodemailer';
import { PermanentDeliveryError } from './delivery.errors';
import type { OutboundChannelAdapter, OutboundDelivery } from './outbound-channel.port';

export interface SmtpEmailOptions {
  /** `smtp://user:password@host:587` (STARTTLS when offered) or `smtps://...:465` (TLS from the start). */
  url: string;
  /** The From address, e.g. `Support <support@example.com>`; its domain also names the Message-ID. */
  from: string;
  /** Connection, greeting and idle-socket timeout in ms. */
  timeoutMs: number;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

/**
 * Email through an SMTP server (nodemailer). The Message-ID is derived from the outbound message id, so a
 * message sent again after a lost outcome is recognisably the same message (and a reply's In-Reply-To leads
 * back to it). SMTP reply classes decide what is permanent: 5xx (but 503) gives up, 4xx and connection
 * failures are retried.
 */
export class SmtpEmailAdapter implements OutboundChannelAdapter {
  readonly name = 'smtp';
  private readonly transport;
  private readonly domain: string;

  constructor(private readonly options: SmtpEmailOptions) {
    const { timeoutMs } = options;
    this.transport = createTransport({ url: options.url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
    this.domain = /@([^\s@<>]+)>?\s*$/.exec(options.from)?.[1] ?? 'csp.invalid';
  }

  async deliver({ message }: OutboundDelivery): Promise<void> {
    if (!EMAIL.test(message.to)) throw new PermanentDeliveryError(`'${message.to}' is not an email address`);
    const info = await this.transport.sendMail({
      from: this.options.from,
      to: message.to,
      subject: message.subject ?? defaultSubject(message.kind),
      text: message.body,
      messageId: `<${message.messageId}@${this.domain}>`,
      headers: {
        ...(message.ticketId ? { 'X-Ticket-Id': message.ticketId } : {}),
        'X-Outbound-Kind': message.kind,
      },
    });
    // With a single recipient a refusal is an error; a partial acceptance would land here.
    if (info.rejected.length > 0) throw new PermanentDeliveryError(`recipient refused: ${info.response}`);
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

function defaultSubject(kind: string): string {
  return kind.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
