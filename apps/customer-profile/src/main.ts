import { BaseServiceConfig, openServiceResources, Port, runService } from '@csp/platform-nest';
import { Type } from '@sinclair/typebox';
import { CustomerProfileModule, PROFILE_ENTITIES, PROFILE_MIGRATIONS, PROFILE_RELAY_ROUTES, SERVICE_NAME, VERSION } from './customer-profile.module';

const CustomerProfileConfig = Type.Object({ ...BaseServiceConfig.properties, PORT: Port(3003) });

void runService({
  serviceName: SERVICE_NAME,
  version: VERSION,
  description: 'The 360-degree view of every customer: identities, orders, tickets, satisfaction, behaviour.',
  configSchema: CustomerProfileConfig,
  open: (config) =>
    openServiceResources({
      serviceName: SERVICE_NAME, config, schema: 'customer_profile', entities: PROFILE_ENTITIES, migrations: PROFILE_MIGRATIONS, relayRoutes: PROFILE_RELAY_ROUTES,
    }),
  module: (deps) => CustomerProfileModule.forRoot(deps),
});
