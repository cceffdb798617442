import { Query, QueryHandler, type IQueryHandler } from '@csp/platform-nest';
import { Inject } from '@nestjs/common';
import { TICKETING_DEPS, type TicketingDeps } from '../../ticketing.deps';
import { type OutboundStatus, OutboundMessageView } from './outbound-message.entity';
import { type OutboundMessageDto, toOutboundMessageDto } from './outbound-message.dto';
import { type OutboundCursor, encodeCursor } from './outbound-cursor';

export interface OutboundFilters {
  ticketId?: string;
  customerId?: string;
  status?: OutboundStatus;
}

export class ListOutboundMessagesQuery extends Query<{ items: OutboundMessageDto[]; nextCursor: string | null }> {
  constructor(
    readonly filters: OutboundFilters,
    readonly limit: number,
    readonly after?: OutboundCursor,
  ) {
    super();
  }
}

/** Newest first (request time, then id); the cursor is the position of the previous page's last message. */
@QueryHandler(ListOutboundMessagesQuery)
export class ListOutboundMessagesHandler implements IQueryHandler<ListOutboundMessagesQuery> {
  constructor(@Inject(TICKETING_DEPS) private readonly deps: TicketingDeps) {}

  async execute({ filters, limit, after }: ListOutboundMessagesQuery) {
    const qb = this.deps.dataSource
      .getRepository(OutboundMessageView)
      .createQueryBuilder('m')
      .orderBy('m.createdAt', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .take(limit + 1);
    for (const [field, value] of Object.entries(filters)) if (value) qb.andWhere(`m.${field} = :${field}`, { [field]: value });
    if (after) qb.andWhere('(m.createdAt, m.id) < (:at, :id)', { at: after.createdAt, id: after.id });
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items: items.map(toOutboundMessageDto), nextCursor: rows.length > limit ? encodeCursor(last) : null };
  }
}
