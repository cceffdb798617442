import { ALL_EVENTS, EventCatalogue, PUBLIC_EVENTS } from '@csp/contracts';
import { BaseServiceConfig, hashConnectorKey, openServiceResources, Port, runService } from '@csp/platform-nest';
import { Type } from '@sinclair/typebox';
import { ConnectorsRepository } from './connectors/connectors.repository';
import { configureIngestionHttp, INGESTION_MIGRATIONS, INGESTION_RELAY_ROUTES, IngestionModule, SERVICE_NAME, VERSION } from './ingestion.module';

const IngestionConfig = Type.Object({
  ...BaseServiceConfig.properties,
  PORT: Port(3001),
  INGEST_RATE_LIMIT_PER_SECOND: Type.Number({
    default: 1000, exclusiveMinimum: 0, description: 'requests per second per connector, unless the connector sets its own (429 beyond)',
  }),
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
      const types = PUBLIC_EVENTS.map((e) => e.type);
      await new ConnectorsRepository(resources.dataSource).ensureConnector('demo', 'Demo connector', types, hashConnectorKey(config.BOOTSTRAP_CONNECTOR_KEY));
    }
    return { ...resources, catalogue: new EventCatalogue(ALL_EVENTS), rateLimitPerSecond: config.INGEST_RATE_LIMIT_PER_SECOND };
  },
  module: (deps) => IngestionModule.forRoot(deps),
  configure: configureIngestionHttp,
});
