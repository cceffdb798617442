import { relayRoutesFor } from '@csp/contracts';
import { CONNECTOR_KEY_RESOLVER, CqrsModule, dataSourceResource, PlatformModule, workerHostProviders } from '@csp/platform-nest';
import { type DynamicModule, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConnectorKeysRepository } from './connectors/connector-keys.repository';
import { EventTypesController } from './events/catalogue/event-types.controller';
import { BATCH, STRUCTURED } from './events/intake/cloud-event-request';
import { EventsController } from './events/intake/events.controller';
import { IngestEventsHandler } from './events/intake/ingest-events.command';
import { INGESTION_DEPS, type IngestionDeps } from './ingestion.deps';
import { CreateConnectors1763900000300 } from './migrations/1763900000300-create-connectors.migration';

export const SERVICE_NAME = 'ingestion';
export const VERSION = '0.1.0';
export const INGESTION_MIGRATIONS = [CreateConnectors1763900000300];
export const INGESTION_RELAY_ROUTES = relayRoutesFor(['interaction']);

@Module({})
export class IngestionModule {
  static forRoot(deps: IngestionDeps): DynamicModule {
    const keys = new ConnectorKeysRepository(deps.dataSource);
    return {
      module: IngestionModule,
      imports: [CqrsModule.forRoot(), PlatformModule.forRoot({ serviceName: SERVICE_NAME, version: VERSION })],
      controllers: [EventsController, EventTypesController],
      providers: [
        { provide: INGESTION_DEPS, useValue: deps },
        IngestEventsHandler,
        { provide: CONNECTOR_KEY_RESOLVER, useValue: keys.resolve },
        ...workerHostProviders(deps.runtime.workers, [deps.runtime, dataSourceResource(deps.dataSource)]),
      ],
      exports: [CONNECTOR_KEY_RESOLVER],
    };
  }
}

/** The CloudEvents JSON media types parse like JSON (prototype-poisoning keys are refused). */
export function configureIngestionHttp(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addContentTypeParser([STRUCTURED, BATCH], { parseAs: 'string' }, fastify.getDefaultJsonParser('error', 'error'));
}

