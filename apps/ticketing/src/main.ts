import { BaseServiceConfig, openServiceResources, Port, runService } from '@csp/platform-nest';
import { Type } from '@sinclair/typebox';
import { SERVICE_NAME, TICKETING_ENTITIES, TICKETING_MIGRATIONS, TICKETING_RELAY_ROUTES, TicketingModule, VERSION } from './ticketing.module';

const TicketingConfig = Type.Object({ ...BaseServiceConfig.properties, PORT: Port(3002) });

void runService({
  serviceName: SERVICE_NAME,
  version: VERSION,
  description: 'The process engine: opens, acknowledges, routes, times and closes every customer request.',
  configSchema: TicketingConfig,
  open: (config) =>
    openServiceResources({
      serviceName: SERVICE_NAME, config, schema: 'ticketing', entities: TICKETING_ENTITIES, migrations: TICKETING_MIGRATIONS, relayRoutes: TICKETING_RELAY_ROUTES,
    }),
  module: (deps) => TicketingModule.forRoot(deps),
});
