import { createTestDatabase } from '@csp/testing';
import { Command, Option } from 'commander';
import { Client } from 'pg';
import { DATABASE_HELP, positiveInt, runMain } from './bench-cli';
import { note } from './bench-progress';
import { type Comparison, comparisonTable, machineLine, passes } from './bench-report';
import {
  BARE_SCHEMA,
  batchedComparison,
  prepareSchemas,
  singleComparison,
  STORE_SCHEMA,
  type StoreBenchOptions,
  WHAT_IF,
} from './store-scenarios';
import { visibilityLags, visibilityTable, type VisibilityOptions } from './store-visibility';

const program = new Command('npm run bench:store --')
  .description(
    'PostgreSQL event store (PostgresEventStore.append) vs raw pg into an identical bare events table, same rows, ' +
      'same JSON, in a fresh database; and how soon a subscriber sees an append while a read-model writer of the ' +
      'same database keeps a transaction open (visibility). Prints Markdown on stdout; progress on stderr.',
  )
  .addOption(new Option('--only <scenario>', 'run one part: the append comparisons or the visibility lag').choices(['append', 'visibility']))
  .option('--batched-events <n>', 'events per path in the batched scenario', positiveInt, 100_000)
  .option('--batch-size <n>', 'events per append / rows per COPY', positiveInt, 100)
  .option('--batch-writers <n>', 'concurrent writers in the batched scenario', positiveInt, 1)
  .option('--single-events <n>', 'events per path in the single-event scenario', positiveInt, 30_000)
  .option('--single-writers <n>', 'concurrent writers (and pool size) in the single-event scenario', positiveInt, 50)
  .option('--payload-bytes <n>', 'size of each event\'s data JSON', positiveInt, 1000)
  .option('--visibility-events <n>', 'visibility: events appended per path', positiveInt, 200)
  .option('--interval-ms <n>', 'visibility: pause between two appends', positiveInt, 50)
  .option('--hold-ms <n>', 'visibility: how long the read-model writer keeps each transaction open', positiveInt, 3000)
  .option('--rounds <n>', 'rounds per scenario; the order of the two paths alternates between rounds', positiveInt, 2)
  .addOption(
    new Option('--what-if <fix>', 'try a store fix as a setting of append_events in the bench database (the code is untouched)').choices(
      Object.keys(WHAT_IF),
    ),
  )
  .option('--strict', 'exit with code 2 when a target is missed', false)
  .addHelpText(
    'after',
    `${DATABASE_HELP}\nWhat-if fixes: ${Object.entries(WHAT_IF)
      .map(([name, setting]) => `${name} = SET ${setting}`)
      .join('; ')}.`,
  );

interface CliOptions extends Omit<StoreBenchOptions, 'url'> {
  only?: 'append' | 'visibility';
  visibilityEvents: number;
  intervalMs: number;
  holdMs: number;
  strict: boolean;
}

async function main(): Promise<void> {
  const opts = program.parse().opts<CliOptions>();
  const db = await createTestDatabase('bench_store');
  note(`fresh database ${db.name}`);
  try {
    const options: StoreBenchOptions = { ...opts, url: db.url };
    const serverVersion = await postgresVersion(db.url);
    let comparisons: Comparison[] = [];
    if (opts.only !== 'visibility') {
      await prepareSchemas(db.url);
      comparisons = [await batchedComparison(options), await singleComparison(options)];
      await verifySameRows(db.url);
    }
    const visibility: VisibilityOptions = { url: db.url, events: opts.visibilityEvents, intervalMs: opts.intervalMs, holdMs: opts.holdMs };
    const lags = opts.only === 'append' ? undefined : await visibilityLags(visibility);
    report(comparisons, options, serverVersion);
    if (lags) process.stdout.write(`\n### Visibility: append to subscriber while a read-model transaction is open\n\n${visibilityTable(lags, visibility)}\n`);
    if (opts.strict && !comparisons.every(passes)) process.exitCode = 2;
  } finally {
    await db.drop();
  }
}

function report(comparisons: Comparison[], o: StoreBenchOptions, serverVersion: string): void {
  const out = (text = '') => process.stdout.write(`${text}\n`);
  out('## bench:store: PostgreSQL event store vs raw pg');
  out();
  out(
    machineLine({
      postgres: serverVersion,
      'payload per event': `${o.payloadBytes} B data JSON + metadata`,
      rounds: String(o.rounds),
      'append_events function': o.whatIf ? `what-if: SET ${WHAT_IF[o.whatIf]} (--what-if ${o.whatIf})` : 'as shipped',
    }),
  );
  if (comparisons.length === 0) return;
  out();
  out(comparisonTable(comparisons));
  out();
  out('items = events; latency = one append call (batched: one call of the whole batch).');
}

async function postgresVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT current_setting('server_version') AS v, current_setting('synchronous_commit') AS sc`);
    return `${rows[0].v} (synchronous_commit=${rows[0].sc})`;
  } finally {
    await client.end();
  }
}

/** Both paths must have written the same number of rows, or the comparison means nothing. */
async function verifySameRows(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT (SELECT count(*) FROM ${STORE_SCHEMA}.events)::int AS ours, (SELECT count(*) FROM ${BARE_SCHEMA}.events)::int AS bare`,
    );
    if (rows[0].ours !== rows[0].bare) throw new Error(`paths wrote different row counts: ours ${rows[0].ours}, bare ${rows[0].bare}`);
    note(`verified: both tables hold ${rows[0].ours} events`);
  } finally {
    await client.end();
  }
}

runMain(main);
