import { Public } from '@csp/platform-nest';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { INGESTION_DEPS, type IngestionDeps } from '../../ingestion.deps';

@ApiTags('events')
@Controller('v1/event-types')
export class EventTypesController {
  constructor(@Inject(INGESTION_DEPS) private readonly deps: IngestionDeps) {}

  /**
   * The event catalogue: every type and version connectors may send, with the JSON Schema of its `data`.
   * Older versions stay accepted while listed; `latest` names the version consumers read them as.
   */
  @Get()
  @Public()
  list() {
    return {
      items: this.deps.catalogue
        .list()
        .filter((d) => d.public)
        .map((d) => ({ type: d.type, version: d.version, latest: this.deps.catalogue.latest(d.type), description: d.description, schema: d.schema })),
    };
  }
}
