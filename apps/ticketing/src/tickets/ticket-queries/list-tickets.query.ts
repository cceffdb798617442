import { Query, QueryHandler, type IQueryHandler } from '@csp/platform-nest';
import { Inject } from '@nestjs/common';
import { TICKETING_DEPS, type TicketingDeps } from '../../ticketing.deps';
import { TicketView } from '../ticket-view.entity';
import { type TicketDto, toTicketDto } from './ticket.dto';

export interface TicketFilters {
  status?: string;
  customerId?: string;
  teamId?: string;
  assigneeId?: string;
  priority?: string;
}

export class ListTicketsQuery extends Query<{ items: TicketDto[]; nextCursor: string | null }> {
  constructor(
    readonly filters: TicketFilters,
    readonly limit: number,
    readonly cursor?: number,
  ) {
    super();
  }
}

/** Newest first by ticket number; the cursor is the last number of the previous page. */
@QueryHandler(ListTicketsQuery)
export class ListTicketsHandler implements IQueryHandler<ListTicketsQuery> {
  constructor(@Inject(TICKETING_DEPS) private readonly deps: TicketingDeps) {}

  async execute({ filters, limit, cursor }: ListTicketsQuery) {
    const qb = this.deps.dataSource.getRepository(TicketView).createQueryBuilder('t').orderBy('t.number', 'DESC').take(limit + 1);
    const { customerId, ...columns } = filters;
    for (const [column, value] of Object.entries(columns)) if (value) qb.andWhere(`t.${column} = :${column}`, { [column]: value });
    // A customer's tickets include those of the customers merged into it (customer-profile's merges).
    if (customerId) {
      qb.andWhere('(t.customerId = :customerId OR t.customerId IN (SELECT a.customer_id FROM customer_aliases a WHERE a.survivor_id = :customerId))', { customerId });
    }
    if (cursor !== undefined) qb.andWhere('t.number < :cursor', { cursor });
    const rows = await qb.getMany();
    const items = rows.slice(0, limit).map(toTicketDto);
    return { items, nextCursor: rows.length > limit ? String(items[items.length - 1].number) : null };
  }
}
