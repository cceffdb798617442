import { BaseServiceConfig, openPlatformRuntime, Port, runService } from '@csp/platform-nest';
import { openServiceDataSource } from '@csp/projections';
import { Type } from '@sinclair/typebox';
import { CustomerProfileModule, PROFILE_ENTITIES, PROFILE_MIGRATIONS, PROFILE_RELAY_ROUTES, SERVICE_NAME, VERSION } from './customer-profile.module';

const CustomerProfileConfig = Type.Object({ ...BaseServiceConfig.properties, PORT: Port(3003) });

void runService({
  serviceName: SERVICE_NAME,
  version: VERSION,
  description: 'The 360-degree view of every customer: identities, orders, tickets, satisfaction, behaviour.',
  configSchema: CustomerProfileConfig,
  open: async (config) => ({
    runtime: await openPlatformRuntime({
      serviceName: SERVICE_NAME,
      databaseUrl: config.DATABASE_URL,
      eventStoreUrl: config.EVENTSTORE_URL,
      kafkaBrokers: config.KAFKA_BROKERS,
      relayRoutes: PROFILE_RELAY_ROUTES,
    }),
    dataSource: await openServiceDataSource({
      url: config.DATABASE_URL, schema: 'customer_profile', entities: PROFILE_ENTITIES, migrations: PROFILE_MIGRATIONS,
    }),
  }),
  module: (deps) => CustomerProfileModule.forRoot(deps),
});
