import { PostgresEventStore } from '@csp/event-store';
import { createTestDatabase } from '@csp/testing';
import { Command } from 'commander';
import { Client } from 'pg';
import { DATABASE_HELP, positiveInt, runMain } from './bench-cli';
import { note, progressBar } from './bench-progress';
import { machineLine } from './bench-report';
import { openProfileDataSource } from '../replay/customer-profile/profile-app';
import { apiPhase, type ApiScenario, type RebuildPhase, rebuildPhase } from './profile-phases';
import { seedStore } from './profile-rebuild';
import { apiPasses, apiReport, rebuildPasses, rebuildReport } from './profile-report';
import { profileTraffic } from './profile-traffic';

const program = new Command('npm run bench:profile --')
  .description(
    'customer-profile: set-based rebuild of the 360 read model from simulated events (the log folded in memory with the ' +
      'projection\'s rules, every table written with COPY; what `npm run replay -- customer-profile` runs) vs a raw COPY of the rows it produced; then the real service\'s lookup and ' +
      '360 endpoints at a fixed rate vs the same questions as raw pg queries. Fresh database per run; Markdown on stdout, progress on stderr.',
  )
  .option('--customers <n>', 'simulated customers', positiveInt, 100_000)
  .option('--events <n>', 'events (the first n of the simulation, in time order)', positiveInt, 2_000_000)
  .option('--seed <text>', 'simulator seed', 'bench-profile')
  .option('--page-size <n>', 'events per page of the log (replay\'s default)', positiveInt, 2000)
  .option('--append-batch <n>', 'streams per appendMany while filling the store (setup, not timed)', positiveInt, 1000)
  .option('--rows-per-copy <n>', 'rows per COPY statement of the baseline', positiveInt, 10_000)
  .option('--rate <n>', 'requests per second of the API phase (open loop)', positiveInt, 200)
  .option('--seconds <n>', 'seconds per API scenario and path', positiveInt, 30)
  .option('--connections <n>', 'most requests in flight in the API phase', positiveInt, 32)
  .option('--skip-rebuild', 'no COPY baseline (the read model is still rebuilt, without the comparison)', false)
  .option('--skip-api', 'no API phase', false)
  .option('--log-level <level>', 'LOG_LEVEL of the service', 'warn')
  .option('--strict', 'exit with code 2 when a target is missed', false)
  .addHelpText('after', `${DATABASE_HELP}\nMemory: 2,000,000 events are held in memory; give Node a larger heap and young generation (NODE_OPTIONS="--max-old-space-size=9000 --max-semi-space-size=64").`);

interface Options {
  customers: number; events: number; seed: string; pageSize: number; appendBatch: number; rowsPerCopy: number;
  rate: number; seconds: number; connections: number; skipRebuild: boolean; skipApi: boolean; logLevel: string; strict: boolean;
}

async function main(): Promise<void> {
  const o = program.parse().opts<Options>();
  note(`simulating ${o.customers} customers, ${o.events} events (seed ${o.seed}) ...`);
  const generated = performance.now();
  const traffic = profileTraffic({ seed: o.seed, customers: o.customers, events: o.events });
  note(`${traffic.appends.length} events over ${traffic.days} simulated days in ${((performance.now() - generated) / 1000).toFixed(1)} s; ${traffic.targets.length} customers with an email or phone`);
  const db = await createTestDatabase('bench_profile');
  note(`fresh database ${db.name}`);
  const store = await PostgresEventStore.create({ connectionString: db.url });
  const dataSource = await openProfileDataSource(db.url);
  let rebuilt: RebuildPhase | undefined;
  let api: ApiScenario[] | undefined;
  try {
    await seedStore(store, traffic.appends, o.appendBatch, progressBar('event store (setup, not timed)', traffic.appends.length));
    const server = await serverFacts(db.url);
    rebuilt = await rebuildPhase(dataSource, store, db.url, { pageSize: o.pageSize, rowsPerCopy: o.rowsPerCopy, total: traffic.appends.length, withCopy: !o.skipRebuild });
    await dataSource.destroy();
    if (!o.skipApi) api = await apiPhase(db.url, traffic.targets, { rate: o.rate, seconds: o.seconds, seed: o.seed, logLevel: o.logLevel, concurrency: o.connections });
    const out = (text = '') => process.stdout.write(`${text}\n`);
    out(machineLine({
      postgres: server,
      data: `simulateTraffic (libs/simulator), seed "${o.seed}", ${o.customers} customers over ${traffic.days} days, first ${traffic.appends.length} events in time order, normalised and keyed as ingestion stores them`,
      'event store': `PostgresEventStore, filled with appendMany of ${o.appendBatch} streams (not timed)`,
      service: 'customer-profile from sources (tools/register.js), PostgreSQL event store + log bus, LOG_LEVEL=' + o.logLevel,
    }));
    out();
    out(`#### Rebuild\n\n${rebuildReport(rebuilt, o.pageSize, o.rowsPerCopy)}`);
    if (api) out(`\n#### API latency\n\n${apiReport(api)}`);
    if (o.strict && !(rebuildPasses(rebuilt, o.pageSize, o.rowsPerCopy) && (!api || apiPasses(api)))) process.exitCode = 2;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await store.close();
    await db.drop();
  }
}

async function serverFacts(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const settings = await client.query<{ name: string; setting: string }>(`SELECT name, setting FROM pg_settings WHERE name IN ('server_version', 'synchronous_commit', 'autovacuum', 'shared_buffers')`);
    const s = Object.fromEntries(settings.rows.map((r) => [r.name, r.setting]));
    return `${s['server_version']} (synchronous_commit=${s['synchronous_commit']}, autovacuum=${s['autovacuum']}, shared_buffers=${s['shared_buffers']} x 8 kB)`;
  } finally {
    await client.end();
  }
}

runMain(main);
