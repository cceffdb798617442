import { Type, type TObject } from '@sinclair/typebox';
import { BaseServiceConfig, Port } from './base-service-config';
import { ConfigError, loadConfig, type Environment } from './load-config';

const ServiceConfig = Type.Object({
  ...BaseServiceConfig.properties,
  PORT: Port(3002),
  FEATURE_ENABLED: Type.Boolean({ default: false }),
  BATCH_SIZES: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }))),
});

const SECRET = 'a-secret-of-at-least-32-characters!';
const valid: Environment = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/csp', AUTH_JWT_SECRET: SECRET };

function problemsOf(env: Environment, schema: TObject = ServiceConfig): string[] {
  try {
    loadConfig(schema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.variable} ${p.message}`);
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies defaults and leaves optional variables out', () => {
    expect(loadConfig(ServiceConfig, valid)).toEqual({
      ...valid,
      PORT: 3002,
      HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
      AUTH_JWT_ISSUER: 'csp',
      FEATURE_ENABLED: false,
    });
  });

  it('converts numbers, booleans and comma lists', () => {
    const config = loadConfig(ServiceConfig, {
      ...valid,
      PORT: ' 8080 ',
      FEATURE_ENABLED: 'yes',
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092,,',
      BATCH_SIZES: '10,20',
      EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
      SERVICE_INSTANCE_ID: 'ticketing-1',
    });
    expect(config).toMatchObject({
      PORT: 8080,
      FEATURE_ENABLED: true,
      KAFKA_BROKERS: ['kafka-1:9092', 'kafka-2:9092'],
      BATCH_SIZES: [10, 20],
      EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
      SERVICE_INSTANCE_ID: 'ticketing-1',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(ServiceConfig, { ...valid, PORT: '', LOG_LEVEL: '' })).toMatchObject({ PORT: 3002, LOG_LEVEL: 'info' });
  });

  it('ignores variables the schema does not name', () => {
    expect(loadConfig(ServiceConfig, { ...valid, PATH: '/usr/bin' })).not.toHaveProperty('PATH');
  });

  it('names every missing required variable at once', () => {
    expect(problemsOf({})).toEqual(['DATABASE_URL is required but not set', 'AUTH_JWT_SECRET is required but not set']);
  });

  it('puts every problem in one clear message line', () => {
    expect(() => loadConfig(ServiceConfig, { AUTH_JWT_SECRET: SECRET, PORT: 'abc' })).toThrow(
      "Invalid configuration (2 problems): PORT must be an integer (got 'abc'); DATABASE_URL is required but not set",
    );
  });

  it('reports numbers out of range and non-integers', () => {
    expect(problemsOf({ ...valid, PORT: '70000' })).toEqual(["PORT must be <= 65535 (got '70000')"]);
    expect(problemsOf({ ...valid, PORT: '3.5' })).toEqual(["PORT must be an integer (got '3.5')"]);
  });

  it('reports a boolean it cannot read', () => {
    expect(problemsOf({ ...valid, FEATURE_ENABLED: 'maybe' })).toEqual(["FEATURE_ENABLED must be a boolean (got 'maybe')"]);
  });

  it('reports a log level outside the list', () => {
    expect(problemsOf({ ...valid, LOG_LEVEL: 'loud' })).toEqual([
      "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace (got 'loud')",
    ]);
  });

  it('reports a database URL that is not postgres without echoing it', () => {
    const [problem] = problemsOf({ ...valid, DATABASE_URL: 'mysql://root:hunter2@db/csp' });
    expect(problem).toBe('DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/database');
    expect(problem).not.toContain('hunter2');
  });

  it('reports a short JWT secret without echoing it', () => {
    expect(problemsOf({ ...valid, AUTH_JWT_SECRET: 'short-secret' })).toEqual(['AUTH_JWT_SECRET must be at least 32 characters long']);
  });

  it('reports an event store URL with the wrong scheme', () => {
    expect(problemsOf({ ...valid, EVENTSTORE_URL: 'http://localhost:2113' })).toEqual([
      'EVENTSTORE_URL must be an EventStoreDB URL such as esdb://host:2113?tls=false',
    ]);
  });

  it('reports the bad entry of a comma list by position', () => {
    expect(problemsOf({ ...valid, KAFKA_BROKERS: 'kafka-1:9092,kafka-2' })).toEqual(['KAFKA_BROKERS entry 2 must be host:port']);
    expect(problemsOf({ ...valid, BATCH_SIZES: '10,x' })).toEqual(["BATCH_SIZES entry 2 must be an integer (got 'x')"]);
    expect(problemsOf({ ...valid, KAFKA_BROKERS: ' , ' })).toEqual(['KAFKA_BROKERS must list at least 1 comma-separated value(s)']);
  });

  it('requires PORT when the app gives no default', () => {
    expect(problemsOf(valid, BaseServiceConfig)).toEqual(['PORT is required but not set']);
  });

  it('works with Type.Composite extensions (defaults inside allOf)', () => {
    const Composite = Type.Composite([BaseServiceConfig, Type.Object({ PORT: Port(3004) })]);
    expect(loadConfig(Composite, valid).PORT).toBe(3004);
    expect(problemsOf({ ...valid, PORT: 'x' }, Composite)).toEqual(["PORT must be an integer (got 'x')"]);
  });
});
