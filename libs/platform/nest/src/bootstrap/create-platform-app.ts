import type { IncomingHttpHeaders } from 'node:http';
import type { DynamicModule, ForwardReference, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import type { BaseServiceConfig } from '../config/base-service-config';
import { correlationIdFrom } from '../logging/correlation-context';
import { PinoNestLogger } from '../logging/pino-nest-logger';
import { installRequestHooks } from '../logging/request-hooks';
import { METRICS_SINK, type MetricsSink } from '../metrics/metrics.service';
import { SERVICE_CONFIG } from '../platform.options';
import { setupOpenApi, type OpenApiOptions } from './openapi';

export type RootModule = Type<unknown> | DynamicModule | ForwardReference;

/** The Fastify instance under Nest (typed from Nest's own copy of fastify, which may differ from the root one). */
export type PlatformFastify = ReturnType<ReturnType<NestFastifyApplication['getHttpAdapter']>['getInstance']>;

/** 1 MiB: the public contract's body limit (bigger bodies get 413). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface PlatformAppOptions {
  config: BaseServiceConfig;
  logger: Logger;
  openApi: OpenApiOptions;
  /** Keep the raw body as `request.rawBody` (needed to check webhook signatures). */
  rawBody?: boolean;
  /** More media types parsed as JSON, e.g. `application/cloudevents+json` (same limit and safety as JSON). */
  jsonMediaTypes?: readonly string[];
  /** Runs after the app exists and before it starts: add content-type parsers, CORS, etc. */
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
}

/** Builds the Nest app on Fastify the same way for production and tests; does not listen. */
export async function createPlatformApp(module: RootModule, options: PlatformAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: true,
    logger: false,
    // The request id is the correlation id, so Fastify and our hooks agree on it.
    genReqId: (request: { headers: IncomingHttpHeaders }) => correlationIdFrom(request.headers),
  });
  const fastify = adapter.getInstance<PlatformFastify>();
  const sink: MetricsSink = {};
  installRequestHooks(fastify, options.logger, sink);
  addJsonMediaTypes(fastify, options.jsonMediaTypes ?? [], options.rawBody ?? false);
  const app = await NestFactory.create<NestFastifyApplication>(withServiceConfig(module, options.config, sink), adapter, {
    logger: new PinoNestLogger(options.logger),
    abortOnError: false,
    rawBody: options.rawBody ?? false,
  });
  if (!sink.metrics) {
    await app.close();
    throw new Error('PlatformModule is missing: import PlatformModule.forRoot({ serviceName, version }) in the root module');
  }
  setupOpenApi(app, options.openApi);
  await options.configure?.(app);
  return app;
}

@Module({})
class ServiceRootModule {}

/** Wraps the app's module in a global one that provides `SERVICE_CONFIG` (and the metrics sink) to every module. */
function withServiceConfig(module: RootModule, config: BaseServiceConfig, sink: MetricsSink): DynamicModule {
  return {
    module: ServiceRootModule,
    global: true,
    imports: [module],
    providers: [
      { provide: SERVICE_CONFIG, useValue: config },
      { provide: METRICS_SINK, useValue: sink },
    ],
    exports: [SERVICE_CONFIG, METRICS_SINK],
  };
}

/** Fastify's own JSON parser (prototype-poisoning checks included) for extra media types. */
function addJsonMediaTypes(fastify: PlatformFastify, types: readonly string[], keepRawBody: boolean): void {
  if (types.length === 0) return;
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser([...types], { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    if (keepRawBody) Object.assign(request, { rawBody: body });
    parseJson(request, body.toString('utf8'), done);
  });
}
