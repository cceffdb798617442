import { Command, Option } from 'commander';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureCredentials } from './credentials';
import { type RunningPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { SERVICES, type ServiceProcess, spawnService, stopService, waitUntilReady } from './service-processes';

const program = new Command('npm start --')
  .description(
    'Runs the whole platform on embedded defaults: PostgreSQL (embedded-postgres, or DATABASE_URL), the ' +
      'PostgreSQL event store and log bus (or EVENTSTORE_URL / KAFKA_BROKERS), chDB for analytics, and the four services.',
  )
  .addOption(new Option('--data-dir <dir>', 'where embedded data and credentials live').env('DATA_DIR').default('.data'))
  .addOption(new Option('--postgres-port <port>', 'port of the embedded PostgreSQL').env('EMBEDDED_PG_PORT').default('5433'))
  .addOption(new Option('--port-offset <n>', 'added to every service port (3001-3004)').env('PORT_OFFSET').default('0'))
  .addOption(new Option('--log-level <level>', 'service log level').env('LOG_LEVEL').default('info'))
  .option('--json-logs', 'print the services\' raw JSON log lines', false)
  .addHelpText(
    'after',
    '\nEnvironment: DATABASE_URL (use this PostgreSQL instead of the embedded one), KAFKA_BROKERS (Kafka as the bus),\n' +
      'EVENTSTORE_URL (EventStoreDB as the event store), CLICKHOUSE_URL (a ClickHouse server instead of chDB).',
  )
  .parse();

async function main(): Promise<void> {
  const options = program.opts<{ dataDir: string; postgresPort: string; portOffset: string; logLevel: string; jsonLogs: boolean }>();
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  let postgres: RunningPostgres | undefined;
  const services: ServiceProcess[] = [];
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping the services...');
    await Promise.all(services.map((s) => stopService(s)));
    if (postgres) {
      say('stopping the embedded PostgreSQL...');
      await postgres.stop().catch(() => undefined);
    }
    say('stopped.');
    process.exit(code);
  };
  // embedded-postgres (through async-exit-hook, installed when it is first imported) stops PostgreSQL on
  // SIGINT/SIGTERM and exits with 130 at once, while the services still need it to stop gracefully: this
  // launcher stops everything in order itself, so it replaces those listeners, again after the import.
  const ownSignals = () => {
    process.removeAllListeners('SIGINT');
    process.removeAllListeners('SIGTERM');
    process.on('SIGINT', () => void shutdown(0));
    process.on('SIGTERM', () => void shutdown(0));
  };
  ownSignals();

  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      say(`starting the embedded PostgreSQL (data in ${dataDir}/postgres, port ${options.postgresPort})...`);
      postgres = await startEmbeddedPostgres(dataDir, Number(options.postgresPort), say);
      ownSignals();
      databaseUrl = postgres.url;
    }
    const secrets = await ensureCredentials(dataDir);
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: databaseUrl,
      AUTH_JWT_SECRET: secrets.jwtSecret,
      LOG_LEVEL: options.logLevel,
      CLICKHOUSE_DATA_DIR: `${dataDir}/chdb`,
      BOOTSTRAP_CONNECTOR_KEY: secrets.credentials.connector,
      STARTER_CONFIG: 'embedded',
      // No mail server on a fresh machine: outbound messages are written to the ticketing log, marked so.
      OUTBOUND_FALLBACK: 'log',
      // The analysts' read-only SQL endpoint of the analytics service (ClickHouse's HTTP port), moved with the others.
      ANALYST_SQL_PORT: process.env.ANALYST_SQL_PORT ?? String(8123 + Number(options.portOffset)),
    };
    for (const { name, port } of SERVICES) {
      services.push(spawnService(name, port + Number(options.portOffset), env, { json: options.jsonLogs, write: say }));
    }
    await Promise.all(services.map((s) => waitUntilReady(s, 120_000)));
    for (const service of services) {
      void service.exited.then((code) => {
        if (!stopping) {
          say(`${service.name} exited unexpectedly (code ${code}); stopping everything.`);
          void shutdown(1);
        }
      });
    }
    const bus = process.env.KAFKA_BROKERS ? `Kafka at ${process.env.KAFKA_BROKERS}` : 'the log bus (event store log)';
    const store = process.env.EVENTSTORE_URL ? `EventStoreDB at ${process.env.EVENTSTORE_URL}` : 'the PostgreSQL event store';
    say('');
    say('The customer-service platform is running:');
    for (const s of services) say(`  ${s.name.padEnd(17)} http://localhost:${s.port}   (docs http://localhost:${s.port}/docs)`);
    say(`  PostgreSQL        ${postgres ? `embedded, data in ${dataDir}/postgres` : 'DATABASE_URL'}`);
    say(`  events            ${store}; bus: ${bus}; analytics on ${process.env.CLICKHOUSE_URL ?? `chDB in ${dataDir}/chdb`}`);
    say(`  analyst SQL       http://localhost:${env.ANALYST_SQL_PORT}   (ClickHouse HTTP interface, read-only: user analyst, password = the analyst token; docs/analytics-sql.md)`);
    say(`  credentials       ${secrets.credentialsFile}${secrets.created ? ' (created now)' : ''}`);
    say('');
    say(`Try: curl -X POST http://localhost:${services[0].port}/v1/events -H "Authorization: Bearer $(node -p "require('${secrets.credentialsFile}').connector")" \\`);
    say(`       -H 'content-type: application/cloudevents+json' -d '{"specversion":"1.0","id":"m1","source":"/demo","type":"cs.message.received.v1","data":{"channel":"email","customer":{"email":"ada@example.com"},"subject":"Where is my order?","body":"It did not arrive."}}'`);
    const demoArgs = [
      options.dataDir !== '.data' ? `--data-dir ${options.dataDir}` : '',
      Number(options.portOffset) !== 0 ? `--url http://localhost:${services[0].port}` : '',
    ].filter(Boolean).join(' ');
    say(`Or play a week of realistic traffic from simulated connectors: npm run demo${demoArgs ? ` -- ${demoArgs}` : ''}`);
    say('Press Ctrl-C to stop.');
  } catch (error) {
    say(`could not start: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}

void main();
