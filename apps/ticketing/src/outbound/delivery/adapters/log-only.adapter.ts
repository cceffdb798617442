import { Logger, type LoggerService } from '@nestjs/common';
import type { DeliveryReceipt, OutboundChannelAdapter, OutboundDelivery } from './outbound-channel.port';

/**
 * Writes the message to the service log instead of delivering it (`OUTBOUND_FALLBACK=log`, meant for the
 * embedded default, which has no mail server). It is recorded as sent with a note saying it was only logged,
 * so the outbound list never claims a customer was reached when nothing left the machine.
 */
export class LogOnlyAdapter implements OutboundChannelAdapter {
  readonly name = 'log';

  constructor(
    private readonly reason: string,
    private readonly logger: Pick<LoggerService, 'log'> = new Logger('Outbound'),
  ) {}

  async deliver({ message }: OutboundDelivery): Promise<DeliveryReceipt> {
    this.logger.log(
      `${message.kind} ${message.messageId} to ${message.channel}:${message.to} (logged only): ${message.subject ?? ''}\n${message.body}`,
    );
    return { note: `logged only, not delivered: ${this.reason}` };
  }
}
