import { BaseServiceConfig, openPlatformRuntime, Port, runService } from '@csp/platform-nest';
import { openServiceDataSource } from '@csp/projections';
import { Type } from '@sinclair/typebox';
import { SERVICE_NAME, TICKETING_ENTITIES, TICKETING_MIGRATIONS, TICKETING_RELAY_ROUTES, TicketingModule, VERSION } from './ticketing.module';

const TicketingConfig = Type.Object({ ...BaseServiceConfig.properties, PORT: Port(3002) });

void runService({
  serviceName: SERVICE_NAME,
  version: VERSION,
  description: 'The process engine: opens, acknowledges, routes, times and closes every customer request.',
  configSchema: TicketingConfig,
  open: async (config) => ({
    runtime: await openPlatformRuntime({
      serviceName: SERVICE_NAME,
      databaseUrl: config.DATABASE_URL,
      eventStoreUrl: config.EVENTSTORE_URL,
      kafkaBrokers: config.KAFKA_BROKERS,
      relayRoutes: TICKETING_RELAY_ROUTES,
    }),
    dataSource: await openServiceDataSource({
      url: config.DATABASE_URL, schema: 'ticketing', entities: TICKETING_ENTITIES, migrations: TICKETING_MIGRATIONS,
    }),
  }),
  module: (deps) => TicketingModule.forRoot(deps),
});
