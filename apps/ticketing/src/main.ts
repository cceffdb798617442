import { BaseServiceConfig, openServiceResources, Port, runService } from '@csp/platform-nest';
import { Type } from '@sinclair/typebox';
import { OutboundConfig } from './outbound';
import { SERVICE_NAME, TICKETING_ENTITIES, TICKETING_MIGRATIONS, TICKETING_RELAY_ROUTES, TicketingModule, VERSION } from './ticketing.module';

const TicketingConfig = Type.Object({
  ...BaseServiceConfig.properties,
  PORT: Port(3002),
  ...OutboundConfig.properties,
  STARTER_CONFIG: Type.Union([Type.Literal('embedded'), Type.Literal('none')], {
    default: 'none',
    description: "'embedded': a starter team, calendar, SLA policies, routing and CSAT survey apply until configured (npm start sets it)",
  }),
});

void runService({
  serviceName: SERVICE_NAME,
  version: VERSION,
  description: 'The process engine: opens, acknowledges, routes, times and closes every customer request.',
  configSchema: TicketingConfig,
  open: async (config) => ({
    ...(await openServiceResources({
      serviceName: SERVICE_NAME, config, schema: 'ticketing', entities: TICKETING_ENTITIES, migrations: TICKETING_MIGRATIONS, relayRoutes: TICKETING_RELAY_ROUTES,
    })),
    starterConfig: config.STARTER_CONFIG,
  }),
  module: (deps, config) => TicketingModule.forRoot(deps, config),
});
