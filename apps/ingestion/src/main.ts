import { ALL_EVENTS, EventCatalogue } from '@csp/contracts';
import { BaseServiceConfig, openServiceResources, Port, runService } from '@csp/platform-nest';
import { Type } from '@sinclair/typebox';
import { ConnectorKeysRepository } from './connectors/connector-keys.repository';
import { configureIngestionHttp, INGESTION_MIGRATIONS, INGESTION_RELAY_ROUTES, IngestionModule, SERVICE_NAME, VERSION } from './ingestion.module';

const IngestionConfig = Type.Object({
  ...BaseServiceConfig.properties,
  PORT: Port(3001),
  BOOTSTRAP_CONNECTOR_KEY: Type.Optional(
    Type.String({ pattern: '^csk_', description: 'embedded default: a demo connector holding this key is ensured at start' }),
  ),
});

void runService({
  serviceName: SERVICE_NAME,
  version: VERSION,
  description: 'One intake for every channel: CloudEvents over HTTP and Kafka, validated, idempotent.',
  configSchema: IngestionConfig,
  open: async (config) => {
    const resources = await openServiceResources({
      serviceName: SERVICE_NAME, config, schema: 'ingestion', entities: [], migrations: INGESTION_MIGRATIONS, relayRoutes: INGESTION_RELAY_ROUTES,
    });
    if (config.BOOTSTRAP_CONNECTOR_KEY) {
      await new ConnectorKeysRepository(resources.dataSource).ensureConnector('demo', 'Demo connector', config.BOOTSTRAP_CONNECTOR_KEY);
    }
    return { ...resources, catalogue: new EventCatalogue(ALL_EVENTS) };
  },
  module: (deps) => IngestionModule.forRoot(deps),
  configure: configureIngestionHttp,
});
