import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import type { BaseServiceConfig } from '../config/base-service-config';
import { createLogger } from '../logging/create-logger';
import { createPlatformApp, type PlatformAppOptions, type RootModule } from './create-platform-app';
import type { OpenApiOptions } from './openapi';
import { shutdownOnSignals } from './shutdown-on-signals';

export interface BootstrapOptions extends Pick<PlatformAppOptions, 'rawBody' | 'jsonMediaTypes' | 'configure'> {
  /** The app's root module; it must import `PlatformModule.forRoot(...)`. */
  module: RootModule;
  serviceName: string;
  /** The result of `loadConfig(...)`; provided to every module as `SERVICE_CONFIG`. */
  config: BaseServiceConfig;
  openApi: OpenApiOptions;
  /** A ready pino logger; by default one is created from the config (JSON to stdout). */
  logger?: Logger;
}

/**
 * Starts a service: Nest on Fastify (1 MiB body limit, trustProxy, pino logs), global problem+json filter and
 * auth guard (from PlatformModule), OpenAPI at /docs and /docs/json, SIGINT/SIGTERM shutdown, listening on
 * HOST:PORT, and one startup line with the URLs. Rejects (after logging) when the service cannot start.
 */
export async function bootstrapService(options: BootstrapOptions): Promise<NestFastifyApplication> {
  const { config, serviceName, openApi } = options;
  const logger =
    options.logger ??
    createLogger({ serviceName, level: config.LOG_LEVEL, instanceId: config.SERVICE_INSTANCE_ID, version: openApi.version });
  try {
    const app = await createPlatformApp(options.module, { ...options, logger });
    await app.listen({ port: config.PORT, host: config.HOST });
    shutdownOnSignals(app, logger);
    const base = baseUrl(app, config.HOST);
    const urls = { api: base, docs: `${base}/docs`, health: `${base}/health/ready`, metrics: `${base}/metrics` };
    logger.info({ urls }, `${serviceName} ${openApi.version} listening on ${base} (docs ${urls.docs}, health ${urls.health}, metrics ${urls.metrics})`);
    return app;
  } catch (error) {
    logger.fatal({ err: error }, `${serviceName} failed to start: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

function baseUrl(app: NestFastifyApplication, host: string): string {
  const { port } = app.getHttpServer().address() as AddressInfo;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}
