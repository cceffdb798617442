/**
 * @csp/platform-nest: the skeleton every service is built on (NestJS 11 on Fastify).
 *
 * main.ts of a service:
 *   const TicketingConfig = Type.Object({ ...BaseServiceConfig.properties, PORT: Port(3002), SLA_TICK_MS: Type.Integer({ default: 1000 }) });
 *   const config = loadConfig(TicketingConfig);            // throws ConfigError naming every bad variable
 *   await bootstrapService({ module: AppModule, serviceName: 'ticketing', config,
 *     openApi: { title: 'Ticketing', description: '...', version: '1.0.0' } });
 *
 * AppModule imports, once:
 *   PlatformModule.forRoot({ serviceName: 'ticketing', version: '1.0.0', errorStatus: { 'TICKET.NOT_FOUND': 404 } })
 * which gives GET /health/live, GET /health/ready (HealthRegistry.register(name, check)), GET /metrics
 * (MetricsService.registry for your own metrics), the global auth guard and the global problem+json filter.
 * Inject the typed config anywhere with `@Inject(SERVICE_CONFIG)`.
 *
 * Auth: every route needs `Authorization: Bearer <JWT | csk_ connector key>` unless `@Public()`; `@Roles('agent',
 * 'lead')` needs any of them; `@CurrentPrincipal()` gives the Principal. Connector keys are accepted only where
 * the app provides `CONNECTOR_KEY_RESOLVER` (from any module); a connector principal has no roles, so any
 * `@Roles(...)` route refuses it, and its `scopes` are for the app to check.
 *
 * Bodies: 1 MiB limit (413 beyond). `bootstrapService({ jsonMediaTypes: ['application/cloudevents+json'],
 * rawBody: true })` parses more JSON media types and keeps `request.rawBody` (webhook signatures).
 *
 * Errors: throw errors with a stable `code` (domain errors, ValidationError, NotFoundError, the event store's
 * ConcurrencyError); they become RFC 9457 application/problem+json. Validate bodies with
 * `@Body(schemaPipe(Schema))` or `validateBody(Schema, value)` (TypeBox or JSON Schema; errors with JSON Pointers).
 *
 * Logs: pino JSON lines; every line written while handling a request carries its correlation id
 * (`x-correlation-id`, else the `traceparent` trace id, else new; echoed in the response). Read it with
 * `currentCorrelationId()` to put it in event metadata; consumers set it per message with `runWithCorrelationId`.
 *
 * CQRS: CommandBus/QueryBus are for in-process dispatch only; never use @nestjs/cqrs's EventBus as a transport.
 *
 * Shutdown (SIGINT/SIGTERM): the HTTP server stops accepting and drains, then `onApplicationShutdown` hooks run
 * (stop consumers there), then the process exits.
 *
 * Tests: `createTestApp(AppModule, { config: testServiceConfig(), listen?: true })` builds the same app.
 */
export { BaseServiceConfig, LOG_LEVELS, Port, StringEnum, type LogLevel } from './config/base-service-config';
export { ConfigError, loadConfig, type ConfigProblem, type Environment } from './config/load-config';

export { createLogger, type LoggerOptions } from './logging/create-logger';
export { PinoNestLogger } from './logging/pino-nest-logger';
export { CORRELATION_HEADER, correlationIdFrom, currentCorrelationId, runWithCorrelationId } from './logging/correlation-context';

export { PlatformModule } from './platform.module';
export { SERVICE_CONFIG, type PlatformModuleOptions } from './platform.options';
export { HealthRegistry, type HealthCheck, type HealthCheckResult, type HealthReport } from './health/health.registry';
export { MetricsService } from './metrics/metrics.service';

export {
  AuthError,
  BUILT_IN_ERROR_STATUS,
  isDomainError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
  type DomainError,
  type FieldError,
} from './errors/domain-errors';
export { PROBLEM_CONTENT_TYPE, toProblem, type ProblemDetails } from './errors/problem-details';
export { ProblemDetailsFilter } from './errors/problem-details.filter';
export { schemaPipe, validateBody } from './errors/validate-body';
export { ifMatchVersion } from './errors/if-match';
export { wholeDocumentBody } from './errors/whole-document';

export { CurrentPrincipal, Public, Roles, type AuthenticatedRequest } from './auth/auth.decorators';
export { AuthGuard } from './auth/auth.guard';
export { actorOf, isRole, ROLES, type Principal, type Role } from './auth/principal';
export { issueToken, verifyToken, type IssueTokenOptions } from './auth/jwt';
export {
  CONNECTOR_KEY_RESOLVER,
  connectorKeyMatches,
  generateConnectorKey,
  hashConnectorKey,
  isConnectorKey,
  type ConnectorKeyResolver,
} from './auth/connector-key';

export { bootstrapService, type BootstrapOptions } from './bootstrap/bootstrap-service';
export { BODY_LIMIT_BYTES, type RootModule } from './bootstrap/create-platform-app';
export { createTestApp, TEST_JWT_SECRET, testServiceConfig, type TestAppOptions } from './bootstrap/create-test-app';
export type { OpenApiOptions } from './bootstrap/openapi';

export * from './cqrs';

export {
  openPlatformRuntime,
  dataSourceResource,
  openServiceResources,
  type PlatformRuntime,
  type PlatformRuntimeOptions,
  type ServiceResourcesOptions,
} from './infrastructure/platform-runtime';
export { WorkerHost, workerHostProviders, type BackgroundWorker, type Closeable } from './infrastructure/worker-host';
export { eventConsumerWorker } from './infrastructure/consumer-worker';
export { runService, type RunServiceOptions } from './infrastructure/run-service';
