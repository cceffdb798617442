import { Command, CommandHandler, type ICommandHandler } from '@csp/platform-nest';
import { Inject } from '@nestjs/common';
import { INGESTION_DEPS, type IngestionDeps } from '../../ingestion.deps';
import { type Connector, type IngestOutcome, IngestEventsService } from './ingest-events.service';

export class IngestEventsCommand extends Command<IngestOutcome> {
  constructor(
    readonly candidates: readonly unknown[],
    readonly connector: Connector,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(IngestEventsCommand)
export class IngestEventsHandler implements ICommandHandler<IngestEventsCommand> {
  private readonly service: IngestEventsService;

  constructor(@Inject(INGESTION_DEPS) deps: IngestionDeps) {
    this.service = new IngestEventsService(deps.runtime.store, deps.catalogue);
  }

  execute({ candidates, connector, correlationId }: IngestEventsCommand): Promise<IngestOutcome> {
    return this.service.ingest(candidates, connector, correlationId);
  }
}
