import { createAnalyticsStore, loadClickHouseMigrations, runClickHouseMigrations } from '@csp/clickhouse';
import { BaseServiceConfig, openPlatformRuntime, Port, runService } from '@csp/platform-nest';
import { Type } from '@sinclair/typebox';
import { join } from 'node:path';
import { AnalyticsModule, SERVICE_NAME, VERSION } from './analytics.module';
import { AnalystSqlConfig, openAnalystSql } from './analyst-sql';

const AnalyticsConfig = Type.Object({
  ...BaseServiceConfig.properties,
  ...AnalystSqlConfig.properties,
  PORT: Port(3004),
  CLICKHOUSE_URL: Type.Optional(Type.String({ pattern: '^https?://', description: 'ClickHouse server; else chDB in-process' })),
  CLICKHOUSE_USER: Type.Optional(Type.String()),
  CLICKHOUSE_PASSWORD: Type.Optional(Type.String()),
  CLICKHOUSE_DATABASE: Type.Optional(Type.String()),
  CLICKHOUSE_DATA_DIR: Type.String({ default: '.data/chdb', description: 'chDB data directory (embedded mode)' }),
});

void runService({
  serviceName: SERVICE_NAME,
  version: VERSION,
  description: 'KPIs (NPS, CSAT, CES, response and resolution times, SLA compliance, volume) from ClickHouse.',
  configSchema: AnalyticsConfig,
  open: async (config) => {
    const analytics = await createAnalyticsStore({
      url: config.CLICKHOUSE_URL,
      username: config.CLICKHOUSE_USER,
      password: config.CLICKHOUSE_PASSWORD,
      database: config.CLICKHOUSE_DATABASE,
      dataDir: config.CLICKHOUSE_DATA_DIR,
    });
    await runClickHouseMigrations(analytics, await loadClickHouseMigrations(join(__dirname, 'clickhouse', 'migrations')));
    const runtime = await openPlatformRuntime({
      serviceName: SERVICE_NAME,
      databaseUrl: config.DATABASE_URL,
      eventStoreUrl: config.EVENTSTORE_URL,
      kafkaBrokers: config.KAFKA_BROKERS,
    });
    // Analysts' read-only SQL (ClickHouse HTTP interface) on the same store: chDB's data is this process's.
    const analystSql = await openAnalystSql(config, analytics, SERVICE_NAME);
    return { runtime, analytics, analystSql };
  },
  module: (deps) => AnalyticsModule.forRoot(deps),
});
