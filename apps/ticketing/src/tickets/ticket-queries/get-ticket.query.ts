import { NotFoundError, Query, QueryHandler, type IQueryHandler } from '@csp/platform-nest';
import { Inject } from '@nestjs/common';
import { TICKETING_DEPS, type TicketingDeps } from '../../ticketing.deps';
import { TicketView } from '../ticket-view.entity';
import { type TicketDto, toTicketDto } from './ticket.dto';

export class GetTicketQuery extends Query<{ ticket: TicketDto; etag: string }> {
  constructor(readonly id: string) {
    super();
  }
}

/** One ticket with its ETag (the stream revision of the last event the read model applied). */
@QueryHandler(GetTicketQuery)
export class GetTicketHandler implements IQueryHandler<GetTicketQuery> {
  constructor(@Inject(TICKETING_DEPS) private readonly deps: TicketingDeps) {}

  async execute({ id }: GetTicketQuery) {
    const ticket = await this.deps.dataSource.getRepository(TicketView).findOneBy({ id });
    if (!ticket) throw new NotFoundError(`ticket ${id} not found`);
    return { ticket: toTicketDto(ticket), etag: `"${ticket.revision}"` };
  }
}
