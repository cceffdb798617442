import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Static, TObject } from '@sinclair/typebox';
import { bootstrapService } from '../bootstrap/bootstrap-service';
import type { BaseServiceConfig } from '../config/base-service-config';
import { ConfigError, loadConfig } from '../config/load-config';

export interface RunServiceOptions<S extends TObject, D> {
  serviceName: string;
  version: string;
  description: string;
  configSchema: S;
  /** Connects the service's resources (event store, bus, database) before the HTTP server starts. */
  open(config: Static<S>): Promise<D>;
  /** The root module, given the opened resources. */
  module(deps: D, config: Static<S>): DynamicModule;
  env?: NodeJS.ProcessEnv;
  /** Adjusts the Fastify app before it listens (content-type parsers, hooks). */
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
}

/**
 * The whole `main()` of a service: read and validate the configuration (a wrong variable stops the service
 * with a message naming it), open the resources, start the Nest app. Exits with status 1 when it cannot start.
 */
export async function runService<S extends TObject, D>(options: RunServiceOptions<S, D>): Promise<NestFastifyApplication> {
  let config: Static<S>;
  try {
    config = loadConfig(options.configSchema, options.env ?? process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${options.serviceName}: invalid configuration\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const deps = await options.open(config);
  return bootstrapService({
    module: options.module(deps, config),
    serviceName: options.serviceName,
    config: config as BaseServiceConfig,
    openApi: { title: options.serviceName, description: options.description, version: options.version },
    configure: options.configure,
  });
}
