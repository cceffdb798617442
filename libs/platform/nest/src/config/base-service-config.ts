import { Type, type Static, type TInteger, type TUnsafe } from '@sinclair/typebox';

/** A string that must be one of `values`; one `enum` keyword gives one clear error instead of an anyOf list. */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { default?: T[number]; description?: string } = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** A TCP port; each app overrides `PORT` with its own default: `PORT: Port(3002)`. */
export function Port(defaultPort?: number): TInteger {
  const options = { minimum: 0, maximum: 65535, description: 'TCP port to listen on (0 = any free port)' };
  return defaultPort === undefined ? Type.Integer(options) : Type.Integer({ ...options, default: defaultPort });
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The environment every service reads. Apps extend it with their own variables and their port:
 * `Type.Object({ ...BaseServiceConfig.properties, PORT: Port(3002), SLA_TICK_MS: Type.Integer({ default: 1000 }) })`
 * (or `Type.Composite([BaseServiceConfig, ...])`), then `loadConfig(schema)` once at startup.
 */
export const BaseServiceConfig = Type.Object({
  PORT: Port(),
  HOST: Type.String({ default: '0.0.0.0', minLength: 1, description: 'interface to bind' }),
  LOG_LEVEL: StringEnum(LOG_LEVELS, { default: 'info' }),
  DATABASE_URL: Type.String({
    pattern: '^postgres(ql)?://',
    description: 'a PostgreSQL URL such as postgres://user:password@host:5432/database',
  }),
  EVENTSTORE_URL: Type.Optional(
    Type.String({ pattern: '^(esdb|kurrentdb)(\\+discover)?://', description: 'an EventStoreDB URL such as esdb://host:2113?tls=false' }),
  ),
  KAFKA_BROKERS: Type.Optional(
    Type.Array(Type.String({ pattern: '^[^\\s,]+:\\d+$', description: 'host:port' }), {
      minItems: 1,
      description: 'comma-separated host:port list',
    }),
  ),
  AUTH_JWT_SECRET: Type.String({ minLength: 32, description: 'HS256 signing secret' }),
  AUTH_JWT_ISSUER: Type.String({ default: 'csp', minLength: 1 }),
  SERVICE_INSTANCE_ID: Type.Optional(Type.String({ minLength: 1 })),
});

export type BaseServiceConfig = Static<typeof BaseServiceConfig>;
