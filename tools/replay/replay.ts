import { Command, InvalidArgumentError, Option } from 'commander';
import { openEventSource } from './event-source';
import { replayProgressBar } from './replay-progress';
import { REPLAY_TARGETS, replayTarget } from './replay-targets';

const targetList = REPLAY_TARGETS.map((t) => `  ${t.name.padEnd(18)} ${t.description}`).join('\n');
const targetEnv = REPLAY_TARGETS.flatMap((t) => Object.entries(t.env).map(([k, v]) => `  ${k.padEnd(20)} (${t.name}) ${v}`)).join('\n');

const program = new Command('npm run replay --')
  .description('Rebuilds a read model from the event store (the source of truth), with a progress bar and a summary.')
  .argument('<target>', `what to rebuild: ${REPLAY_TARGETS.map((t) => t.name).join(', ')}`, (name: string) => {
    if (!replayTarget(name)) throw new InvalidArgumentError(`unknown target; known: ${REPLAY_TARGETS.map((t) => t.name).join(', ')}`);
    return name;
  })
  .addOption(new Option('--data-dir <dir>', 'the embedded data directory of npm start').env('DATA_DIR').default('.data'))
  .addOption(new Option('--postgres-port <port>', 'port for the embedded PostgreSQL when DATABASE_URL is unset').env('EMBEDDED_PG_PORT').default('5433'))
  .addOption(new Option('--page-size <n>', 'events per read of the global log (and per projection batch)').default('2000'))
  .addHelpText(
    'after',
    `\nTargets:\n${targetList}\n\nEnvironment:\n` +
      '  DATABASE_URL         PostgreSQL event store; without it, the embedded one of npm start (stopped) is started\n' +
      '  EVENTSTORE_URL       EventStoreDB instead of PostgreSQL (no total: the bar shows count and rate only)\n' +
      `${targetEnv}\n\nExample: npm run replay -- analytics`,
  );

async function main(): Promise<number> {
  program.parse();
  const target = replayTarget(program.args[0]);
  const o = program.opts<{ dataDir: string; postgresPort: string; pageSize: string }>();
  const pageSize = Number(o.pageSize);
  if (!target || !Number.isInteger(pageSize) || pageSize <= 0) {
    process.stderr.write('replay: --page-size must be a positive integer\n');
    return 2;
  }
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const progress = replayProgressBar(target.name);
  try {
    const source = await openEventSource({
      databaseUrl: process.env['DATABASE_URL'], eventStoreUrl: process.env['EVENTSTORE_URL'],
      dataDir: o.dataDir, postgresPort: Number(o.postgresPort), log: say,
    });
    try {
      say(`replaying ${target.name} from ${source.describe}`);
      const summary = await target.run({
        events: source.events, databaseUrl: source.databaseUrl, countEvents: source.countEvents, progress, env: process.env, pageSize, dataDir: o.dataDir,
      });
      process.stdout.write(`${summary.join('\n')}\n`);
      return 0;
    } finally {
      await source.close();
    }
  } catch (error) {
    progress.stop();
    const hint = target.explain?.(error);
    say(`replay ${target.name} failed: ${hint ?? (error instanceof Error ? error.message : String(error))}`);
    return 1;
  }
}

main().then((code) => process.exit(code));
