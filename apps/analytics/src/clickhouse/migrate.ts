import { createAnalyticsStore } from '@csp/clickhouse';
import { Command, Option } from 'commander';
import { analyticsMigrationStatus, migrateAnalytics } from './analytics-migrations';

const program = new Command('npm run clickhouse:migrate --')
  .description(
    'Applies the analytics ClickHouse migrations (apps/analytics/src/clickhouse/migrations) not applied yet, in ' +
      'order, to a ClickHouse server (--url) or to the embedded chDB data directory. The analytics service runs ' +
      'the same step at start; use this as a deploy step. chDB locks its directory: stop the service first.',
  )
  .addOption(new Option('--url <url>', 'ClickHouse server (http or https); without it, chDB at --data-dir').env('CLICKHOUSE_URL'))
  .addOption(new Option('--user <user>', 'ClickHouse user').env('CLICKHOUSE_USER'))
  .addOption(new Option('--password <password>', 'ClickHouse password').env('CLICKHOUSE_PASSWORD'))
  .addOption(new Option('--database <name>', 'ClickHouse database').env('CLICKHOUSE_DATABASE'))
  .addOption(new Option('--data-dir <dir>', 'chDB data directory (embedded mode)').env('CLICKHOUSE_DATA_DIR').default('.data/chdb'))
  .option('--status', 'only list applied and pending migrations', false)
  .parse();

async function main(): Promise<number> {
  const o = program.opts<{ url?: string; user?: string; password?: string; database?: string; dataDir: string; status: boolean }>();
  const store = await createAnalyticsStore({ url: o.url, username: o.user, password: o.password, database: o.database, dataDir: o.dataDir });
  const target = o.url ?? `chDB at ${o.dataDir}`;
  try {
    if (o.status) {
      const { applied, pending } = await analyticsMigrationStatus(store);
      process.stdout.write(`${target}\napplied: ${applied.join(', ') || '(none)'}\npending: ${pending.join(', ') || '(none)'}\n`);
      return 0;
    }
    const applied = await migrateAnalytics(store);
    process.stdout.write(applied.length ? `${target}: applied ${applied.join(', ')}\n` : `${target}: up to date\n`);
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`clickhouse:migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
