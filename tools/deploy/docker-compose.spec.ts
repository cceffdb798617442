// docker-compose.yml against the contracts and the deploy/ Dockerfiles: images, ports, health checks,
// environment, start order and the Kafka topics. No Docker needed: the file is parsed as Compose would.
import { Topics, deadLetterTopicFor } from '@csp/contracts';
import { BaseServiceConfig, loadConfig } from '@csp/platform-nest';
import {
  APPS,
  dependenciesOf,
  dockerfileOf,
  environmentOf,
  interpolate,
  readCompose,
  readWorkspaceFile,
  scriptOf,
  workspaceFileExists,
} from './deploy-files';

const compose = readCompose();
const services = compose.services;
const ONE_SHOT = new Set(['kafka-init']);
const INFRASTRUCTURE = ['kurrentdb', 'kafka', 'postgres', 'clickhouse'];
const COMMON_ENV = ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'EVENTSTORE_URL', 'KAFKA_BROKERS', 'AUTH_JWT_SECRET'];
const CLICKHOUSE_ENV = ['CLICKHOUSE_URL', 'CLICKHOUSE_USER', 'CLICKHOUSE_PASSWORD'];
const VALID_CONDITIONS = new Set(['service_started', 'service_healthy', 'service_completed_successfully']);

describe('docker-compose.yml', () => {
  it('runs the four apps, the infrastructure and the topic creation, nothing else', () => {
    const expected = [...APPS.map((a) => a.name), ...INFRASTRUCTURE, 'kafka-init'].sort();
    expect(Object.keys(services).sort()).toEqual(expected);
  });

  it.each(Object.keys(services))('%s uses a pinned image or a build from deploy/', (name) => {
    const service = services[name];
    const dockerfile = dockerfileOf(service);
    if (dockerfile) {
      expect(dockerfile).toMatch(/^deploy\/[a-z-]+\.Dockerfile$/);
      expect(workspaceFileExists(dockerfile)).toBe(true);
      return;
    }
    // A registry image with an explicit version tag, never `latest` or an untagged name.
    expect(service.image).toMatch(/^[a-z0-9./-]+:\d+(\.\d+)+$/);
  });

  it('pins the infrastructure versions the platform is written for', () => {
    expect(services.kurrentdb.image).toMatch(/^docker\.kurrent\.io\/kurrent-latest\/kurrentdb:\d+\.\d+\.\d+$/);
    expect(services.kafka.image).toMatch(/^apache\/kafka:\d+\.\d+\.\d+$/);
    expect(services['kafka-init'].image).toBe(services.kafka.image);
    expect(services.postgres.image).toMatch(/^postgres:17(\.\d+)?$/);
    expect(services.clickhouse.image).toMatch(/^clickhouse\/clickhouse-server:25\.\d+(\.\d+)*$/);
  });

  it.each(APPS)('$name publishes its own port only and says so in PORT', ({ name, port }) => {
    expect(services[name].ports).toEqual([`${port}:${port}`]);
    expect(environmentOf(services[name]).PORT).toBe(String(port));
  });

  it.each(APPS)('$name gets every variable its config reads', ({ name }) => {
    const env = environmentOf(services[name]);
    const required = name === 'analytics' ? [...COMMON_ENV, ...CLICKHOUSE_ENV] : COMMON_ENV;
    for (const key of required) expect(env[key]).toEqual(expect.any(String));
    if (name !== 'analytics') for (const key of CLICKHOUSE_ENV) expect(env[key]).toBeUndefined();
    // Secrets must come from the operator: compose refuses to start without them.
    expect(env.AUTH_JWT_SECRET).toBe('${AUTH_JWT_SECRET:?set AUTH_JWT_SECRET}');
    expect(env.EVENTSTORE_URL).toMatch(/^(esdb|kurrentdb):\/\/kurrentdb:2113\?tls=false$/);
    expect(env.KAFKA_BROKERS).toBe('kafka:9092');
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\/[a-z_]+$/);
  });

  it.each(APPS)('$name environment passes the services\' config schema once the operator sets the secrets', ({ name }) => {
    const secrets = { AUTH_JWT_SECRET: 'x'.repeat(48), POSTGRES_PASSWORD: 'pg-secret', CLICKHOUSE_PASSWORD: 'ch-secret' };
    const env = environmentOf(services[name]);
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v, secrets)]));
    const config = loadConfig(BaseServiceConfig, resolved);
    expect(config).toMatchObject({ LOG_LEVEL: 'info', KAFKA_BROKERS: ['kafka:9092'], AUTH_JWT_SECRET: secrets.AUTH_JWT_SECRET });
    expect(() => interpolate(env.AUTH_JWT_SECRET)).toThrow('AUTH_JWT_SECRET: set AUTH_JWT_SECRET');
  });

  it('gives every service its own database (services never read each other\'s)', () => {
    const databases = APPS.map(({ name }) => environmentOf(services[name]).DATABASE_URL.split('/').pop());
    expect(new Set(databases).size).toBe(APPS.length);
    const initSql = readWorkspaceFile('deploy/postgres/initdb/01-service-databases.sql');
    for (const db of databases) expect(initSql).toContain(`CREATE DATABASE ${db};`);
  });

  it('points analytics at the ClickHouse service with its credentials, and no analyst port on the app', () => {
    const env = environmentOf(services.analytics);
    const server = environmentOf(services.clickhouse);
    expect(env.CLICKHOUSE_URL).toBe('http://clickhouse:8123');
    expect(env.CLICKHOUSE_USER).toBe(server.CLICKHOUSE_USER);
    expect(env.CLICKHOUSE_PASSWORD).toBe(server.CLICKHOUSE_PASSWORD);
    // The database the analytics tables live in is the one the read-only analyst user may read.
    expect(env.CLICKHOUSE_DATABASE).toBe(server.CLICKHOUSE_DB);
    expect(services.analytics.ports?.some((p) => p.includes('8123'))).toBe(false);
  });

  it.each(Object.keys(services).filter((s) => !ONE_SHOT.has(s)))('%s has a health check and restarts', (name) => {
    const { healthcheck, restart } = services[name];
    expect(healthcheck?.disable).not.toBe(true);
    expect(healthcheck?.test?.length).toBeGreaterThan(0);
    expect(['always', 'unless-stopped', 'on-failure']).toContain(restart);
  });

  it.each(APPS)('$name is health-checked on /health/live of its PORT', ({ name }) => {
    expect(JSON.stringify(services[name].healthcheck?.test)).toContain('/health/live');
    expect(JSON.stringify(services[name].healthcheck?.test)).toContain('process.env.PORT');
  });

  it('runs kafka-init once, after Kafka is healthy', () => {
    expect(services['kafka-init'].restart).toBe('no');
    expect(dependenciesOf(services['kafka-init'])).toEqual({ kafka: 'service_healthy' });
  });

  it.each(Object.keys(services))('%s depends only on services that can satisfy the condition', (name) => {
    for (const [target, condition] of Object.entries(dependenciesOf(services[name]))) {
      expect(Object.keys(services)).toContain(target);
      expect(VALID_CONDITIONS.has(condition)).toBe(true);
      if (condition === 'service_healthy') expect(services[target].healthcheck?.test).toBeDefined();
      if (condition === 'service_completed_successfully') expect(ONE_SHOT.has(target)).toBe(true);
    }
  });

  it.each(APPS)('$name starts after its infrastructure is healthy and the topics exist', ({ name }) => {
    const deps = dependenciesOf(services[name]);
    expect(deps).toMatchObject({
      postgres: 'service_healthy',
      kurrentdb: 'service_healthy',
      kafka: 'service_healthy',
      'kafka-init': 'service_completed_successfully',
    });
    expect(deps.clickhouse).toBe(name === 'analytics' ? 'service_healthy' : undefined);
  });

  it('creates every contract topic and every consumer group\'s dead-letter topic, and no other', () => {
    const env = environmentOf(services['kafka-init']);
    const created = [...env.TOPICS.split(/\s+/), ...env.DLQ_TOPICS.split(/\s+/)];
    const expected = [...Object.values(Topics), ...APPS.map(({ name }) => deadLetterTopicFor(name))];
    expect(created.sort()).toEqual([...new Set(expected)].sort());
    expect(new Set(created).size).toBe(created.length);
  });

  it('creates the topics with partitions and a replication factor, idempotently', () => {
    const script = scriptOf(services['kafka-init']);
    expect(script).toContain('kafka-topics.sh');
    expect(script).toMatch(/--create --if-not-exists/);
    expect(script).toMatch(/--partitions "\$\$2"/);
    expect(script).toMatch(/--replication-factor "\$\$REPLICATION_FACTOR"/);
    expect(script).toMatch(/for topic in \$\$TOPICS; do create "\$\$topic" "\$\$PARTITIONS"/);
    expect(script).toMatch(/for topic in \$\$DLQ_TOPICS; do create "\$\$topic" "\$\$DLQ_PARTITIONS"/);
    // A single `$` would be interpolated by Compose from the host environment before the shell sees it.
    expect(script.replace(/\$\$/g, '')).not.toContain('$');
  });

  it('keeps data in declared named volumes and mounts only files that exist', () => {
    const declared = Object.keys(compose.volumes ?? {});
    for (const name of [...INFRASTRUCTURE]) {
      const volumes = (services[name].volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`));
      const named = volumes.map((v) => v.split(':')[0]).filter((source) => !source.startsWith('.'));
      expect(named.length).toBeGreaterThan(0);
      for (const source of named) expect(declared).toContain(source);
      for (const bind of volumes.filter((v) => v.startsWith('./'))) {
        expect(workspaceFileExists(bind.split(':')[0])).toBe(true);
      }
    }
  });
});
