import { createTestDatabase } from '@csp/testing';
import { Command, Option } from 'commander';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DATABASE_HELP, positiveInt, runMain } from './bench-cli';
import { note } from './bench-progress';
import { machineLine, markdownTable } from './bench-report';
import { startPlatform } from './platform-process';
import { waitUntilQuiet } from './proc-memory';
import { benchTeams, platformApi, putConfig } from './ticketing-api';
import { type LatencyResult, runLatency } from './ticketing-latency';
import { TicketingObserver } from './ticketing-observer';
import { runSla, type SlaResult, type SlaRun } from './ticketing-sla';
import { LATENCY_STEPS, summarize, type Summary, timesSlower } from './ticketing-stats';

const TARGET_P95_MS = 200;
const TARGET_LAG_P99_MS = 5_000;

const program = new Command('npm run bench:ticketing --')
  .description(
    'Ticketing on the embedded default (launcher, fresh PostgreSQL database, log bus): (1) inbound message -> ticket opened, ' +
      'routed, assigned and acknowledgement requested, at a paced rate, from the events\' recordedAt; (2) open tickets whose ' +
      'SLA clocks fall due within a short window: warning/breach firing lag and the services\' CPU. Each against a bare raw-pg ' +
      'path on the same data in the same run. Markdown on stdout; progress on stderr.',
  )
  .addOption(new Option('--only <scenario>', 'run one scenario').choices(['latency', 'sla']))
  .option('--rate <n>', 'latency: messages per second (one POST each)', positiveInt, 100)
  .option('--seconds <n>', 'latency: seconds of posting', positiveInt, 10)
  .option('--customers <n>', 'distinct customers the messages come from', positiveInt, 1000)
  .option('--sla-tickets <n>', 'SLA: open tickets with running clocks (the requirement: 10,000)', positiveInt, 2_000)
  .option('--sla-window-seconds <n>', 'SLA: the due times are spread over this window', positiveInt, 60)
  .option('--sla-lead-seconds <n>', 'SLA: from the first POST of the setup to the first warning due (setup must finish before)', positiveInt, 240)
  .option('--sla-target-minutes <n>', 'SLA: first-response target of the policy', positiveInt, 60)
  .option('--warn-before-minutes <n>', 'SLA: warnBeforeMinutes of the policy', positiveInt, 1)
  .option('--batch-size <n>', 'SLA setup: events per POST', positiveInt, 100)
  .option('--concurrency <n>', 'SLA setup: POSTs in flight', positiveInt, 4)
  .option('--agents <n>', 'agents of the support team (capacity 1,000 each, so every ticket is assigned)', positiveInt, 20)
  .option('--port-offset <n>', 'launcher --port-offset (ingestion listens on 3001 + offset)', positiveInt, 520)
  .option('--drain-timeout-seconds <n>', 'give up waiting for tickets / firings / quiet services after this long', positiveInt, 300)
  .option('--log-level <level>', 'service log level', 'warn')
  .option('--strict', 'exit with code 2 when a target is missed', false)
  .addHelpText('after', DATABASE_HELP);

interface CliOptions {
  only?: 'latency' | 'sla';
  rate: number;
  seconds: number;
  customers: number;
  slaTickets: number;
  slaWindowSeconds: number;
  slaLeadSeconds: number;
  slaTargetMinutes: number;
  warnBeforeMinutes: number;
  batchSize: number;
  concurrency: number;
  agents: number;
  portOffset: number;
  drainTimeoutSeconds: number;
  logLevel: string;
  strict: boolean;
}

async function main(): Promise<void> {
  const o = program.parse().opts<CliOptions>();
  if (o.warnBeforeMinutes >= o.slaTargetMinutes) throw new Error('--warn-before-minutes must be below --sla-target-minutes');
  const seed = randomUUID().slice(0, 8);
  const db = await createTestDatabase('bench_ticketing');
  const dataDir = mkdtempSync(join(tmpdir(), 'csp-bench-ticketing-'));
  note(`fresh database ${db.name}, data dir ${dataDir}; starting the platform...`);
  const started = performance.now();
  const platform = await startPlatform({ dataDir, portOffset: o.portOffset, databaseUrl: db.url, logLevel: o.logLevel, startTimeoutMs: 180_000 }).catch(async (error: unknown) => {
    await db.drop();
    throw error;
  });
  let observer: TicketingObserver | undefined;
  try {
    const startSeconds = (performance.now() - started) / 1000;
    const pids = [...platform.services.values()];
    note(`ready in ${startSeconds.toFixed(1)} s; services ${[...platform.services].map(([n, p]) => `${n}=${p}`).join(', ')}`);
    const api = platformApi(dataDir, o.portOffset);
    const serverVersion = await postgresVersion(db.url);
    await putConfig(api, 'teams', benchTeams(o.agents));
    observer = await TicketingObserver.start(db.url);
    const quiet = () => waitUntilQuiet(pids, { timeoutMs: o.drainTimeoutSeconds * 1000 }).catch((error: Error) => note(`${error.message}; going on`));
    await quiet();
    let latency: LatencyResult | undefined;
    let sla: SlaResult | undefined;
    if (o.only !== 'sla') {
      latency = await runLatency(api, observer, platform.services, db.url, { ...o, seed, settleTimeoutSeconds: o.drainTimeoutSeconds });
      note('latency scenario done; waiting until the services are idle...');
      await quiet();
    }
    if (o.only !== 'latency') {
      sla = await runSla(api, observer, platform.services, db.url, {
        tickets: o.slaTickets, windowSeconds: o.slaWindowSeconds, leadSeconds: o.slaLeadSeconds, targetMinutes: o.slaTargetMinutes,
        warnBeforeMinutes: o.warnBeforeMinutes, customers: o.customers, seed, batchSize: o.batchSize, concurrency: o.concurrency, drainTimeoutSeconds: o.drainTimeoutSeconds,
      });
    }
    const passed = report(o, { startSeconds, serverVersion }, latency, sla);
    if (o.strict && !passed) process.exitCode = 2;
  } finally {
    await observer?.stop();
    note('stopping the platform (SIGINT)...');
    await platform.stop();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
const int = (n: number) => n.toLocaleString('en-US');
const summaryCells = (s: Summary) => [int(s.n), ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max)];

/** Prints the report; true when every target of the scenarios that ran was met. */
function report(o: CliOptions, run: { startSeconds: number; serverVersion: string }, latency?: LatencyResult, sla?: SlaResult): boolean {
  const out = (text = '') => process.stdout.write(`${text}\n`);
  let passed = true;
  out('## bench:ticketing: inbound message to acknowledged ticket, and SLA deadlines firing (embedded default)');
  out();
  out(
    machineLine({
      postgres: run.serverVersion,
      platform: `embedded launcher (PostgreSQL event store, log bus, chDB), STARTER_CONFIG=embedded, support team of ${o.agents} agents (capacity 1,000 each); start ${run.startSeconds.toFixed(1)} s`,
    }),
  );
  if (latency) {
    const all = summarize(latency.ours.all);
    const ok = all.p95 < TARGET_P95_MS && all.n === latency.sent;
    passed &&= ok;
    const bare = summarize(latency.bare);
    out();
    out(`### Message to ticket opened, routed, assigned and acknowledged: ${latency.sent} messages at ${o.rate}/s, one POST each`);
    out();
    const rows = [
      ...LATENCY_STEPS.map((step) => ['ours', `${step} (recordedAt - POST)`, ...summaryCells(summarize(latency.ours.steps[step])), '', '']),
      ['ours', '**all four** (the last of them)', ...summaryCells(all), `p95 < ${TARGET_P95_MS} ms`, ok ? '**PASS**' : '**FAIL**'],
      ['ours', 'ingestion 202 (client side, for reference)', ...summaryCells(summarize(latency.http202)), '', ''],
      ['bare', 'raw pg: BEGIN; INSERT message, ticket, outbound; COMMIT', ...summaryCells(bare), '', ''],
    ];
    out(markdownTable(['path', 'step', 'tickets', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'target', 'result'], rows));
    out();
    out(`ours / bare (all four vs commit): p50 ${timesSlower(all.p50, bare.p50)}, p95 ${timesSlower(all.p95, bare.p95)}, p99 ${timesSlower(all.p99, bare.p99)}.`);
    const missing = LATENCY_STEPS.filter((s) => latency.ours.missing[s] > 0).map((s) => `${s} ${latency.ours.missing[s]}`);
    out(
      `Sent ${latency.sent} in ${latency.oursSend.seconds.toFixed(1)} s (sender at most ${latency.oursSend.lateMs.toFixed(0)} ms behind schedule, ${latency.oursSend.errors.length} POST errors` +
        `${latency.oursSend.errors[0] ? `, first: ${latency.oursSend.errors[0]}` : ''}); bare sent in ${latency.bareSend.seconds.toFixed(1)} s. ` +
        `Missing steps: ${missing.length ? missing.join(', ') : 'none'}; queued instead of assigned: ${latency.ours.queued}. ` +
        `Tickets done (all four steps) per second, first POST to last ticket done: ${latency.ours.doneRate.toFixed(1)}.`,
    );
    out();
    latencyCpuReport(out, latency);
  }
  if (sla) {
    const all = [...sla.ours.lags.warn, ...sla.ours.lags.breach];
    const lag = summarize(all);
    const exactlyOnce = sla.ours.lags.warnedOnce === sla.tickets && sla.ours.lags.breachedOnce === sla.tickets && sla.ours.lags.repeated === 0;
    const ok = lag.p99 < TARGET_LAG_P99_MS && exactlyOnce;
    passed &&= ok;
    const bareAll = summarize([...sla.bare.lags.warn, ...sla.bare.lags.breach]);
    out();
    out(
      `### SLA deadlines: ${int(sla.tickets)} open tickets, first-response ${o.slaTargetMinutes} min, warning ${o.warnBeforeMinutes} min before, ` +
        `due times spread over ${o.slaWindowSeconds} s`,
    );
    out();
    out(
      `Setup: ${int(sla.tickets)} messages posted in ${sla.postSeconds.toFixed(1)} s (${o.batchSize} per POST, ${o.concurrency} in flight); every clock activated ` +
        `${sla.setupSeconds.toFixed(1)} s after the first POST, ${sla.slackSeconds >= 0 ? `${sla.slackSeconds.toFixed(1)} s before the first warning was due` : `**${(-sla.slackSeconds).toFixed(1)} s after the first warning was due (the lags include the setup backlog)**`}.`,
    );
    out();
    const onceCell = (r: SlaRun, kind: 'warn' | 'breach') => `${int(kind === 'warn' ? r.lags.warnedOnce : r.lags.breachedOnce)} / ${int(sla.tickets)}`;
    const rows = [
      ['ours', 'warning (recordedAt - (dueAt - warnBefore))', onceCell(sla.ours, 'warn'), ...summaryCells(summarize(sla.ours.lags.warn)).slice(1), '', ''],
      ['ours', 'breach (recordedAt - dueAt)', onceCell(sla.ours, 'breach'), ...summaryCells(summarize(sla.ours.lags.breach)).slice(1), '', ''],
      ['ours', '**both**', `repeated ${sla.ours.lags.repeated}`, ...summaryCells(lag).slice(1), `p99 < ${TARGET_LAG_P99_MS / 1000} s, each once`, ok ? '**PASS**' : '**FAIL**'],
      ['bare', 'raw pg loop: SKIP LOCKED claim of 100, INSERT per deadline, DELETE', `${int(sla.bare.lags.warnedOnce)} + ${int(sla.bare.lags.breachedOnce)}, repeated ${sla.bare.lags.repeated}`, ...summaryCells(bareAll).slice(1), '', ''],
    ];
    out(markdownTable(['path', 'event', 'clocks fired exactly once', 'p50 lag ms', 'p95 lag ms', 'p99 lag ms', 'max lag ms', 'target', 'result'], rows));
    out();
    out(`ours / bare lag: p50 ${timesSlower(lag.p50, bareAll.p50)}, p99 ${timesSlower(lag.p99, bareAll.p99)}. Never warned: ${sla.ours.lags.neverWarned}; never breached: ${sla.ours.lags.neverBreached}.`);
    out();
    const cpuRows = (path: string, r: SlaRun, firings: number) =>
      r.cpu.map((c) => [path, c.label, (c.ticks / 100).toFixed(1), `${((c.ticks / 100 / r.windowSeconds) * 100).toFixed(0)} %`, firings > 0 ? ((c.ticks * 10) / firings).toFixed(2) : '-']);
    out(
      markdownTable(
        ['path', 'process', 'CPU s in the firing window', 'of one core', 'CPU ms per firing'],
        [...cpuRows(`ours (${sla.ours.windowSeconds.toFixed(1)} s window)`, sla.ours, sla.ours.firings), ...cpuRows(`bare (${sla.bare.windowSeconds.toFixed(1)} s window)`, sla.bare, sla.bare.firings)],
      ),
    );
    out();
    out('Firing window: from 1 s before the first warning was due until the last warning/breach was seen (ours) or fired (bare). Ticketing\'s CPU includes its consumers reacting to the SLA events and the outbound messages (warning to the assignee and the lead, breach to the lead); the other services consume the same events.');
  }
  return passed;
}

const STATEMENTS_SHOWN = 25;

/** Where the CPU went per message in the latency phase, and which statements the backends were running. */
function latencyCpuReport(out: (text?: string) => void, latency: LatencyResult): void {
  const { cpu, sent } = latency;
  const total = cpu.cpu.reduce((sum, c) => sum + c.ticks, 0);
  const row = (label: string, ticks: number) => [label, (ticks / 100).toFixed(1), `${((ticks / 100 / cpu.windowSeconds) * 100).toFixed(0)} %`, ((ticks * 10) / sent).toFixed(2)];
  out(
    markdownTable(
      ['process', `CPU s (${cpu.windowSeconds.toFixed(1)} s window)`, 'of one core', 'CPU ms per message'],
      [...cpu.cpu.map((c) => row(c.label, c.ticks)), row('**all of the above**', total)],
    ),
  );
  out();
  out(
    `Window: from the first POST until every ticket was assigned and acknowledged. Backends are attributed to the process holding the other end of their connection. ` +
      `Statements: ${int(cpu.samples)} samples of pg_stat_activity (every 25 ms); "busy" = samples that caught it running / samples, i.e. backends busy in it on average (waits included).`,
  );
  out();
  const perMessage = (n: number) => (n / sent).toFixed(1);
  out(
    `Database over the window, per message: ${perMessage(cpu.database.transactions)} transactions (about one per statement); event store index scans ` +
      `${cpu.database.eventStoreIndexScans.map((i) => `${i.index} ${perMessage(i.scans)}`).join(', ')}.`,
  );
  out();
  const rows = cpu.statements
    .slice(0, STATEMENTS_SHOWN)
    .map((s) => [s.owner, `\`${s.statement.replace(/\|/g, '\\|')}\``, int(s.seen), (s.seen / cpu.samples).toFixed(2)]);
  out(markdownTable(['connection of', 'statement (first 110 characters)', 'samples seen running', 'busy'], rows));
}

async function postgresVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT current_setting('server_version') AS v, current_setting('synchronous_commit') AS sc, current_setting('autovacuum') AS av`);
    return `${rows[0].v} (synchronous_commit=${rows[0].sc}, autovacuum=${rows[0].av})`;
  } finally {
    await client.end();
  }
}

runMain(main);
