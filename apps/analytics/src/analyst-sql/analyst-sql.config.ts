import type { AnalyticsRawQuery } from '@csp/clickhouse';
import { type BaseServiceConfig, createLogger, type LogLevel, Port, verifyToken } from '@csp/platform-nest';
import { type Static, Type } from '@sinclair/typebox';
import { type AnalystSqlServer, startAnalystSqlServer } from './analyst-sql.server';

/** The analytics service's settings for the endpoint; spread into its config schema. */
export const AnalystSqlConfig = Type.Object({
  ANALYST_SQL_ENABLED: Type.Boolean({ default: true, description: "Serve analysts' read-only SQL (ClickHouse HTTP interface)" }),
  ANALYST_SQL_PORT: Port(8123),
  ANALYST_SQL_HOST: Type.String({ default: '127.0.0.1', description: 'Address for the analyst SQL endpoint; 0.0.0.0 to reach it from elsewhere' }),
});

type ServiceConfig = Static<typeof AnalystSqlConfig> &
  Pick<Static<typeof BaseServiceConfig>, 'AUTH_JWT_SECRET' | 'AUTH_JWT_ISSUER'> & {
    LOG_LEVEL?: LogLevel;
    CLICKHOUSE_URL?: string;
    CLICKHOUSE_DATABASE?: string;
  };

/**
 * Starts the endpoint when enabled, verifying tokens as the service's REST API does. The database callers may
 * name is the store's: chDB's `default`, or the server database the service was given.
 */
export async function openAnalystSql(config: ServiceConfig, store: AnalyticsRawQuery, serviceName = 'analytics'): Promise<AnalystSqlServer | undefined> {
  if (!config.ANALYST_SQL_ENABLED) return undefined;
  return startAnalystSqlServer({
    store,
    port: config.ANALYST_SQL_PORT,
    host: config.ANALYST_SQL_HOST,
    database: config.CLICKHOUSE_URL ? (config.CLICKHOUSE_DATABASE ?? 'default') : 'default',
    verifyToken: (token) => verifyToken(config.AUTH_JWT_SECRET, config.AUTH_JWT_ISSUER, token),
    logger: createLogger({ serviceName, level: config.LOG_LEVEL }).child({ component: 'analyst-sql' }),
  });
}
