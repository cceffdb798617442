import { NotFoundError, Query, QueryHandler, type IQueryHandler } from '@csp/platform-nest';
import { Inject } from '@nestjs/common';
import { TICKETING_DEPS, type TicketingDeps } from '../../ticketing.deps';

export interface TicketHistoryEntry {
  id: string;
  type: string;
  revision: number;
  recordedAt: string;
  data: unknown;
}

export class GetTicketEventsQuery extends Query<{ items: TicketHistoryEntry[] }> {
  constructor(readonly id: string) {
    super();
  }
}

/** The ticket's full event history from the event store (the source of truth), oldest first. */
@QueryHandler(GetTicketEventsQuery)
export class GetTicketEventsHandler implements IQueryHandler<GetTicketEventsQuery> {
  constructor(@Inject(TICKETING_DEPS) private readonly deps: TicketingDeps) {}

  async execute({ id }: GetTicketEventsQuery) {
    const events = await this.deps.runtime.store.readStream(`ticket-${id}`);
    if (events.length === 0) throw new NotFoundError(`ticket ${id} not found`);
    return {
      items: events.map((e) => ({ id: e.id, type: e.type, revision: Number(e.revision), recordedAt: e.recordedAt.toISOString(), data: e.data })),
    };
  }
}
