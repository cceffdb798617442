import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { LOG_LEVELS, type BaseServiceConfig, type LogLevel } from '../config/base-service-config';
import { createLogger } from '../logging/create-logger';
import { createPlatformApp, type PlatformAppOptions, type RootModule } from './create-platform-app';
import type { OpenApiOptions } from './openapi';

/** A fixed secret for test tokens: `issueToken(TEST_JWT_SECRET, { ..., issuer: 'csp' })`. */
export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256';

/**
 * A complete, valid config for tests, pointing at the local PostgreSQL; override what the test needs (an app's
 * own required fields included: `testServiceConfig<TicketingConfig>({ SLA_TICK_MS: 10 })`).
 */
export function testServiceConfig<T extends BaseServiceConfig = BaseServiceConfig>(overrides: Partial<T> = {}): T {
  const level = process.env['LOG_LEVEL'];
  return {
    PORT: 0,
    HOST: '127.0.0.1',
    LOG_LEVEL: (LOG_LEVELS as readonly string[]).includes(level ?? '') ? (level as LogLevel) : 'warn',
    DATABASE_URL: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    AUTH_JWT_ISSUER: 'csp',
    ...overrides,
  } as T;
}

export interface TestAppOptions extends Pick<PlatformAppOptions, 'rawBody' | 'jsonMediaTypes' | 'configure'> {
  config?: BaseServiceConfig;
  logger?: Logger;
  openApi?: OpenApiOptions;
  /** Listen on 127.0.0.1 at a random port (read it with `await app.getUrl()`); otherwise use `app.inject()`. */
  listen?: boolean;
}

/** The service as `bootstrapService` builds it, initialised, without signal handlers. Close it in afterAll. */
export async function createTestApp(module: RootModule, options: TestAppOptions = {}): Promise<NestFastifyApplication> {
  const config = options.config ?? testServiceConfig();
  const logger = options.logger ?? createLogger({ serviceName: 'test', level: config.LOG_LEVEL });
  const openApi = options.openApi ?? { title: 'test', description: 'test app', version: '0.0.0' };
  const app = await createPlatformApp(module, { ...options, config, logger, openApi });
  if (options.listen) await app.listen({ port: 0, host: '127.0.0.1' });
  else await app.init();
  return app;
}
