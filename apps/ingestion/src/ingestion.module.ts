import { relayRoutesFor } from '@csp/contracts';
import { BODY_LIMIT_BYTES, CqrsModule, dataSourceResource, PlatformModule, ValidationError, workerHostProviders } from '@csp/platform-nest';
import { type DynamicModule, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CONNECTOR_ERROR_STATUS } from './connectors/admin/connector-admin.service';
import { ConnectorsController } from './connectors/admin/connectors.controller';
import { ConnectorAuthGuard } from './connectors/connector-auth.guard';
import { ConnectorDirectory } from './connectors/connector-directory';
import { ConnectorsRepository } from './connectors/connectors.repository';
import { EventTypesController } from './events/catalogue/event-types.controller';
import { BATCH, STRUCTURED } from './events/intake/cloud-event-request';
import { EventsController } from './events/intake/events.controller';
import { IngestEventsHandler } from './events/intake/ingest-events.command';
import { IngestEventsService } from './events/intake/ingest-events.service';
import { kafkaIntakeWorker } from './events/kafka-intake/kafka-intake.worker';
import { INGESTION_DEPS, type IngestionDeps } from './ingestion.deps';
import { CreateConnectors1763900000300 } from './migrations/1763900000300-create-connectors.migration';
import { ConnectorAdmin1763900000310 } from './migrations/1763900000310-connector-admin.migration';

export const SERVICE_NAME = 'ingestion';
export const VERSION = '0.1.0';
export const INGESTION_MIGRATIONS = [CreateConnectors1763900000300, ConnectorAdmin1763900000310];
export const INGESTION_RELAY_ROUTES = relayRoutesFor(['interaction']);

@Module({})
export class IngestionModule {
  static forRoot(deps: IngestionDeps): DynamicModule {
    // Connectors produce to cs.ingest.v1 only where Kafka is the bus; the log bus has no such topic.
    const kafkaIntake = deps.runtime.describe().bus === 'kafka'
      ? [kafkaIntakeWorker({ bus: deps.runtime.bus, service: new IngestEventsService(deps.runtime.store, deps.catalogue) })]
      : [];
    return {
      module: IngestionModule,
      imports: [
        CqrsModule.forRoot(),
        PlatformModule.forRoot({ serviceName: SERVICE_NAME, version: VERSION, errorStatus: CONNECTOR_ERROR_STATUS }),
      ],
      controllers: [EventsController, EventTypesController, ConnectorsController],
      providers: [
        { provide: INGESTION_DEPS, useValue: deps },
        { provide: ConnectorDirectory, useValue: new ConnectorDirectory(new ConnectorsRepository(deps.dataSource)) },
        ConnectorAuthGuard,
        IngestEventsHandler,
        ...workerHostProviders([...deps.runtime.workers, ...kafkaIntake], [deps.runtime, dataSourceResource(deps.dataSource)]),
      ],
    };
  }
}

/**
 * JSON bodies of the intake (CloudEvents structured and batch media types, and `application/json` for binary
 * mode) are decoded as strict UTF-8 (invalid bytes are a 400, never silently replaced), parsed with Fastify's
 * parser (prototype-poisoning keys refused), and kept raw for signature checks (`request.rawBody`).
 */
export function configureIngestionHttp(app: NestFastifyApplication): void {
  const parseJson = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  app.useBodyParser(['application/json', STRUCTURED, BATCH], { bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      return done(new ValidationError([{ path: '', message: 'the body is not valid UTF-8' }]), undefined);
    }
    Object.assign(request, { rawBody: body });
    parseJson(request as never, text, done);
  });
}
