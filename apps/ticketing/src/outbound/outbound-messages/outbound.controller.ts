import { type FieldError, QueryBus, Roles, ValidationError } from '@csp/platform-nest';
import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { decodeCursor } from './outbound-cursor';
import { OUTBOUND_STATUSES, type OutboundStatus } from './outbound-message.entity';
import { ListOutboundMessagesQuery } from './list-outbound-messages.query';

const STAFF = ['agent', 'lead', 'manager', 'admin'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('outbound')
@Controller('v1/outbound')
export class OutboundController {
  constructor(private readonly queries: QueryBus) {}

  /** Messages sent (or being sent) to customers and staff, newest first, with their delivery status. */
  @Get()
  @Roles(...STAFF)
  @Header('Cache-Control', 'no-store')
  list(
    @Query('ticketId') ticketId?: string,
    @Query('customerId') customerId?: string,
    @Query('status') status?: string,
    @Query('limit') limit = '50',
    @Query('cursor') cursor?: string,
  ) {
    const errors: FieldError[] = [];
    for (const [name, value] of Object.entries({ ticketId, customerId })) {
      if (value && !UUID.test(value)) errors.push({ path: `/${name}`, message: 'must be a UUID' });
    }
    if (status && !(OUTBOUND_STATUSES as readonly string[]).includes(status)) errors.push({ path: '/status', message: `must be one of ${OUTBOUND_STATUSES.join(', ')}` });
    const after = cursor ? decodeCursor(cursor) : undefined;
    if (cursor && !after) errors.push({ path: '/cursor', message: 'must be a nextCursor returned by this endpoint' });
    if (errors.length) throw new ValidationError(errors);
    const take = Math.min(Math.max(Number(limit) || 50, 1), 200);
    return this.queries.execute(new ListOutboundMessagesQuery({ ticketId, customerId, status: status as OutboundStatus | undefined }, take, after));
  }
}
