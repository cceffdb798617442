import { createTestDatabase } from '@csp/testing';
import { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE_HELP, positiveInt, runMain } from './bench-cli';
import { note, progressBar } from './bench-progress';
import { machineLine, markdownTable } from './bench-report';
import { type LoadResult, postEvents } from './ingestion-load';
import { startPlatform } from './platform-process';
import { readMemory, type ResidentMemory, waitUntilQuiet } from './proc-memory';

const program = new Command('npm run bench:memory --')
  .description(
    'Resident memory of the four services: starts the platform with the embedded launcher on a fresh database, ' +
      'reads VmRSS/VmHWM of each service process at idle, posts inbound messages to ingestion, waits until every ' +
      'service is idle again (consumers caught up) and reads them again. Markdown on stdout; progress on stderr.',
  )
  .option('--events <n>', 'cs.message.received.v1 events to post', positiveInt, 5_000)
  .option('--batch-size <n>', 'events per POST (batch mode)', positiveInt, 100)
  .option('--concurrency <n>', 'POSTs in flight', positiveInt, 4)
  .option('--customers <n>', 'distinct customers the messages come from', positiveInt, 500)
  .option('--payload-bytes <n>', 'size of each event\'s data JSON', positiveInt, 1000)
  .option('--port-offset <n>', 'launcher --port-offset (ingestion listens on 3001 + offset)', positiveInt, 500)
  .option('--idle-seconds <n>', 'settle time after start before the idle reading', positiveInt, 10)
  .option('--drain-timeout-seconds <n>', 'give up waiting for the services to go idle after the load', positiveInt, 300)
  .option('--log-level <level>', 'service log level', 'warn')
  .addHelpText('after', DATABASE_HELP);

interface CliOptions {
  events: number;
  batchSize: number;
  concurrency: number;
  customers: number;
  payloadBytes: number;
  portOffset: number;
  idleSeconds: number;
  drainTimeoutSeconds: number;
  logLevel: string;
}

type Readings = Map<string, ResidentMemory>;

async function main(): Promise<void> {
  const o = program.parse().opts<CliOptions>();
  const db = await createTestDatabase('bench_memory');
  const dataDir = mkdtempSync(join(tmpdir(), 'csp-bench-memory-'));
  note(`fresh database ${db.name}, data dir ${dataDir}; starting the platform...`);
  const started = performance.now();
  const platform = await startPlatform({ dataDir, portOffset: o.portOffset, databaseUrl: db.url, logLevel: o.logLevel, startTimeoutMs: 180_000 }).catch(
    async (error: unknown) => {
      await db.drop();
      throw error;
    },
  );
  try {
    const startSeconds = (performance.now() - started) / 1000;
    const pids = [...platform.services.values()];
    note(`ready in ${startSeconds.toFixed(1)} s; services ${[...platform.services].map(([n, p]) => `${n}=${p}`).join(', ')}`);
    await waitUntilQuiet(pids, { timeoutMs: 120_000 });
    await new Promise((resolve) => setTimeout(resolve, o.idleSeconds * 1000));
    const idle = readAll(platform.services);
    const connectorKey = (JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8')) as { connector: string }).connector;
    const progress = progressBar('POST /v1/events', o.events);
    const load = await postEvents({ baseUrl: `http://127.0.0.1:${3001 + o.portOffset}`, connectorKey, ...o }, progress);
    progress.stop();
    note(`posted in ${load.seconds.toFixed(1)} s; waiting until every service is idle again...`);
    const drainMs = await waitUntilQuiet(pids, { timeoutMs: o.drainTimeoutSeconds * 1000 });
    report(o, idle, readAll(platform.services), load, { startSeconds, drainSeconds: drainMs / 1000 });
  } finally {
    await platform.stop();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function readAll(services: Map<string, number>): Readings {
  return new Map([...services].map(([name, pid]) => [name, readMemory(pid)]));
}

const mib = (kb: number) => (kb / 1024).toFixed(0);

function report(o: CliOptions, idle: Readings, loaded: Readings, load: LoadResult, t: { startSeconds: number; drainSeconds: number }): void {
  const out = (text = '') => process.stdout.write(`${text}\n`);
  const rows = [...idle].map(([name, i]) => {
    const l = loaded.get(name) ?? i;
    return [name, mib(i.rssKb), mib(i.hwmKb), mib(l.rssKb), mib(l.hwmKb)];
  });
  const sum = (r: Readings, key: keyof ResidentMemory) => [...r.values()].reduce((s, m) => s + m[key], 0);
  rows.push(['**all four**', mib(sum(idle, 'rssKb')), mib(sum(idle, 'hwmKb')), mib(sum(loaded, 'rssKb')), mib(sum(loaded, 'hwmKb'))]);
  out('## bench:memory: resident memory of the four services (embedded launcher, PostgreSQL event store, log bus, chDB)');
  out();
  out(machineLine({ 'platform start': `${t.startSeconds.toFixed(1)} s to "Press Ctrl-C to stop."`, 'idle reading': `${o.idleSeconds} s after the services went quiet` }));
  out();
  out(markdownTable(['service', 'idle VmRSS MiB', 'idle VmHWM MiB', 'after load VmRSS MiB', 'peak under load VmHWM MiB'], rows));
  out();
  out(
    `Load: ${o.events} cs.message.received.v1 events from ${o.customers} customers, ${o.batchSize} per POST, ${o.concurrency} in flight: ` +
      `${load.accepted} accepted, ${load.duplicates} duplicates, ${load.rejected} rejected in ${load.seconds.toFixed(1)} s ` +
      `(${Math.round(load.accepted / load.seconds)} events/s into ingestion); every service idle again ${t.drainSeconds.toFixed(1)} s later ` +
      '(CPU < 5 % of a core over a 3 s window, window included).',
  );
  if (load.firstRejection) out(`First rejection: ${load.firstRejection}`);
  out('VmHWM is the peak resident set since the process started (its start-up included); VmRSS is the reading at that moment.');
}

runMain(main);
