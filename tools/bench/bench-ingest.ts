import { createTestDatabase } from '@csp/testing';
import { Command, Option } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { Client } from 'pg';
import { DATABASE_HELP, positiveInt, runMain } from './bench-cli';
import { note, progressBar } from './bench-progress';
import { machineLine, percentile } from './bench-report';
import { fixedRate, type LoadResult, maxThroughput, prepare } from './http-load';
import { BATCH, eventBodies, STRUCTURED } from './ingest-events';
import { cpuTable, fixed, int, type PathRun, resultsTable, type Scenario, type Target, verdict } from './ingest-report';
import { newConnectorKey, type ServerProcess, startBare, startIngestion } from './ingest-servers';
import { cpuCost, readCpu } from './proc-cpu';

/**
 * append_locked (one stream of an append_many) checks duplicates with `event_id IN (...)` and `NOT EXISTS`.
 * PL/pgSQL caches a generic plan of both after five calls; planned while the table is small and without
 * statistics (autovacuum off here), it is a hash join over the whole events_event_id_unique index, rebuilt on
 * every call, for every stream of every group commit. The candidate fix as a function setting: no hash or merge
 * joins in that function, so the cached plan probes the unique index once per event.
 */
const WHAT_IF = {
  'no-hashjoin': 'enable_hashjoin = off SET enable_mergejoin = off',
} as const;
type WhatIf = keyof typeof WHAT_IF;

const program = new Command('npm run bench:ingest --')
  .description(
    'HTTP intake: the real ingestion service (child process, PostgreSQL event store in a fresh database; 202 only ' +
      'after the commit) vs a bare Fastify route with the same parsing and JSON Schema validation and no storage ' +
      '(the ceiling), on the same simulator events (cs.message.received.v1): single-event requests at full speed ' +
      'and at a fixed rate, and batches. Markdown on stdout; progress on stderr.',
  )
  .option('--single-events <n>', 'single-event requests per path at full speed', positiveInt, 50_000)
  .option('--single-connections <n>', 'keep-alive connections for single-event requests at full speed', positiveInt, 64)
  .option('--latency-rate <n>', 'single-event requests per second of the fixed-rate run (half the 5,000 events/s target)', positiveInt, 2_500)
  .option('--latency-seconds <n>', 'length of the fixed-rate run per path', positiveInt, 20)
  .option('--latency-connections <n>', 'keep-alive sockets the fixed-rate run may use at most', positiveInt, 64)
  .option('--batch-events <n>', 'events per path sent in batches', positiveInt, 200_000)
  .option('--batch-size <n>', 'events per batch request', positiveInt, 100)
  .option('--batch-connections <n>', 'keep-alive connections for batches', positiveInt, 8)
  .option('--warmup-events <n>', 'events each server gets before any timing (half single, half in batches)', positiveInt, 4_000)
  .option('--customers <n>', 'distinct customers the messages come from (one interaction stream each)', positiveInt, 10_000)
  .option('--seed <text>', 'simulator seed; each phase adds its own suffix, so no event id repeats', 'bench-ingest')
  .option('--timeout-seconds <n>', 'give up on one request after this long (counted as not accepted)', positiveInt, 30)
  .option('--max-run-seconds <n>', 'stop sending after this long in one run (a path too slow to send everything); the rate stays valid', positiveInt, 180)
  .option('--settle-seconds <n>', 'pause between runs (PostgreSQL writes back, timers settle)', positiveInt, 3)
  .option('--log-level <level>', 'LOG_LEVEL of the ingestion service', 'warn')
  .option('--cpu-prof <dir>', 'write a V8 CPU profile of each server to this directory (open it in Chrome DevTools or speedscope)')
  .addOption(
    new Option('--what-if <fix>', 'try a store fix as a setting of append_locked in the bench database (the code is untouched)').choices(Object.keys(WHAT_IF)),
  )
  .option('--strict', 'exit with code 2 when a target is missed', false)
  .addHelpText(
    'after',
    `${DATABASE_HELP}\nTargets (from the issue): single-event requests >= 5,000 events/s; p99 < 50 ms at 2,500 requests/s; ` +
      'batches of 100 >= 30,000 events/s; the bare ceiling is reported as a ratio, with the CPU per event.\n' +
      `What-if fixes: ${Object.entries(WHAT_IF)
        .map(([name, setting]) => `${name} = SET ${setting}`)
        .join('; ')}.`,
  );

interface CliOptions {
  singleEvents: number;
  singleConnections: number;
  latencyRate: number;
  latencySeconds: number;
  latencyConnections: number;
  batchEvents: number;
  batchSize: number;
  batchConnections: number;
  warmupEvents: number;
  customers: number;
  seed: string;
  timeoutSeconds: number;
  maxRunSeconds: number;
  settleSeconds: number;
  logLevel: string;
  cpuProf?: string;
  whatIf?: WhatIf;
  strict: boolean;
}

const TARGET_SINGLE_EVENTS_PER_SECOND = 5_000;
const TARGET_P99_MS = 50;
const TARGET_BATCH_EVENTS_PER_SECOND = 30_000;
const OURS = 'ingestion (Nest + PostgreSQL store)';
const BARE = 'bare Fastify, same validation, no storage';

/** The store's table and the event type the simulator sends: what the store check counts. */
const COUNT_SQL = `SELECT count(*)::int AS n FROM eventstore.events WHERE type = 'cs.message.received.v1'`;

async function main(): Promise<void> {
  const o = program.parse().opts<CliOptions>();
  const db = await createTestDatabase('bench_ingest');
  const connectorKey = newConnectorKey();
  note(`fresh database ${db.name}; starting ingestion and the bare server...`);
  const servers: ServerProcess[] = [];
  const pg = new Client({ connectionString: db.url });
  try {
    const ours = await startIngestion({ databaseUrl: db.url, connectorKey, logLevel: o.logLevel, startTimeoutMs: 120_000, cpuProfDir: o.cpuProf });
    servers.push(ours);
    const bare = await startBare(60_000, o.cpuProf);
    servers.push(bare);
    await pg.connect();
    // Before the first append: the service's connections then compile the function with the setting.
    if (o.whatIf) await pg.query(`ALTER FUNCTION eventstore.append_locked(text, text, bigint, jsonb) SET ${WHAT_IF[o.whatIf]}`);
    const bench = new Bench(o, ours, bare, connectorKey, pg);
    note(`ingestion pid ${ours.pid} at ${ours.baseUrl}; bare pid ${bare.pid} at ${bare.baseUrl}`);

    await bench.warmUp();
    const scenarios: Scenario[] = [];
    const singleBodies = bench.bodies('single', o.singleEvents);
    scenarios.push(
      await bench.scenario(`single-event requests, full speed`, { kind: 'rate', eventsPerSecond: TARGET_SINGLE_EVENTS_PER_SECOND }, singleBodies, {
        contentType: STRUCTURED, eventsPerBody: 1, connections: o.singleConnections,
      }),
    );
    const latencyBodies = bench.bodies('latency', o.latencyRate * o.latencySeconds);
    scenarios.push(
      await bench.scenario(
        `single-event requests, fixed ${int(o.latencyRate)}/s (open loop)`,
        { kind: 'p99', ms: TARGET_P99_MS, requestsPerSecond: o.latencyRate },
        latencyBodies,
        { contentType: STRUCTURED, eventsPerBody: 1, connections: o.latencyConnections, rate: o.latencyRate },
      ),
    );
    const batchBodies = bench.bodies('batch', o.batchEvents, o.batchSize);
    scenarios.push(
      await bench.scenario(`batches of ${o.batchSize}, full speed`, { kind: 'rate', eventsPerSecond: TARGET_BATCH_EVENTS_PER_SECOND }, batchBodies, {
        contentType: BATCH, eventsPerBody: o.batchSize, connections: o.batchConnections,
      }),
    );

    const stored = await bench.storedEvents();
    const eventIdIndex = await eventIdIndexReads(pg, o.settleSeconds);
    const storeCheck = bench.checks.every((c) => c.stored === c.accepted) && stored === bench.acceptedByOurs;
    report(o, scenarios, {
      postgres: await postgresVersion(pg),
      bareVersion: /bare fastify (\S+)/.exec(bare.lastLines())?.[1] ?? '?',
      bodyBytes: { single: averageBytes(singleBodies), batch: averageBytes(batchBodies) },
      stored,
      bench,
      storeCheck,
      eventIdIndex,
    });
    if (!storeCheck) {
      throw new Error(
        `store check failed: ${stored} events stored, ${bench.acceptedByOurs} accepted by ingestion; per run: ` +
          bench.checks.map((c) => `${c.run} stored ${c.stored} / accepted ${c.accepted}`).join('; '),
      );
    }
    if (o.strict && !scenarios.every((s) => verdict(s).pass)) process.exitCode = 2;
  } finally {
    await pg.end().catch(() => undefined);
    for (const server of servers) await server.stop();
    await db.drop();
  }
}

interface RunShape {
  contentType: string;
  eventsPerBody: number;
  connections: number;
  /** Requests per second (open loop); full speed (closed loop) when absent. */
  rate?: number;
}

class Bench {
  /** Per run of ours: rows the store gained vs events ingestion said it accepted. */
  readonly checks: { run: string; stored: number; accepted: number }[] = [];
  acceptedByOurs = 0;
  warmupSeconds = 0;

  constructor(
    private readonly o: CliOptions,
    private readonly ours: ServerProcess,
    private readonly bare: ServerProcess,
    private readonly connectorKey: string,
    private readonly pg: Client,
  ) {}

  bodies(phase: string, count: number, batchSize?: number): Buffer[] {
    const started = performance.now();
    const bodies = eventBodies({ seed: `${this.o.seed}-${phase}`, count, customers: this.o.customers, batchSize });
    note(`${phase}: generated ${count} events (${bodies.length} bodies) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return bodies;
  }

  /** JIT, connection pools and the connector cache warmed on both servers, with events of their own. */
  async warmUp(): Promise<void> {
    const half = Math.max(this.o.batchSize, Math.floor(this.o.warmupEvents / 2));
    const single = this.bodies('warmup-single', half);
    const batches = this.bodies('warmup-batch', half, this.o.batchSize);
    const started = performance.now();
    for (const server of [this.bare, this.ours]) {
      await this.run(server, `warm-up ${server.name}`, single, { contentType: STRUCTURED, eventsPerBody: 1, connections: 16 });
      await this.run(server, `warm-up ${server.name} batches`, batches, { contentType: BATCH, eventsPerBody: this.o.batchSize, connections: 4 });
    }
    this.warmupSeconds = (performance.now() - started) / 1000;
  }

  /** The bare ceiling first, then ours, on the same bodies (the bare server stores nothing, so ours still gets new ids). */
  async scenario(name: string, target: Target, bodies: Buffer[], shape: RunShape): Promise<Scenario> {
    await this.settle();
    const bare = await this.run(this.bare, `${name}: bare`, bodies, shape);
    await this.settle();
    const ours = await this.run(this.ours, `${name}: ours`, bodies, shape);
    return { name, target, ours: { ...ours, label: OURS }, bare: { ...bare, label: BARE } };
  }

  async storedEvents(): Promise<number> {
    return (await this.pg.query<{ n: number }>(COUNT_SQL)).rows[0].n;
  }

  private async run(server: ServerProcess, phase: string, bodies: readonly Buffer[], shape: RunShape): Promise<PathRun> {
    const isOurs = server === this.ours;
    const prepared = prepare({
      baseUrl: server.baseUrl,
      path: '/v1/events',
      headers: { authorization: `Bearer ${this.connectorKey}`, 'content-type': shape.contentType },
      bodies,
      eventsPerBody: shape.eventsPerBody,
      timeoutSeconds: this.o.timeoutSeconds,
      maxSeconds: this.o.maxRunSeconds,
    });
    const storedBefore = isOurs ? await this.storedEvents() : 0;
    const helpersBefore = isOurs ? await this.backendPids() : [];
    const progress = progressBar(phase, bodies.length * shape.eventsPerBody);
    const before = readCpu(server.pid, helpersBefore);
    let result: LoadResult;
    try {
      result = shape.rate ? await fixedRate(prepared, shape.rate, shape.connections, progress) : await maxThroughput(prepared, shape.connections, progress);
    } finally {
      progress.stop();
    }
    const after = readCpu(server.pid, isOurs ? await this.backendPids() : []);
    const cpu = cpuCost(before, after, result.tally.accepted, server.pid, isOurs && after.helpers.size > 0);
    if (result.tally.firstProblem) note(`${phase}: first problem: ${result.tally.firstProblem}`);
    if (isOurs) {
      // Requests that got no answer may still be committed after the run: count once the store stops growing.
      const stored = (result.tally.errors > 0 ? await this.storedWhenSettled() : await this.storedEvents()) - storedBefore;
      this.checks.push({ run: phase, stored, accepted: result.tally.accepted });
      this.acceptedByOurs += result.tally.accepted;
      if (stored !== result.tally.accepted) note(`${phase}: STORE MISMATCH: ${stored} rows added, ${result.tally.accepted} events accepted`);
    }
    return { label: server.name, connections: shape.connections, load: result, cpu };
  }

  private async storedWhenSettled(): Promise<number> {
    let last = await this.storedEvents();
    for (let i = 0; i < 120; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const now = await this.storedEvents();
      if (now === last) return now;
      last = now;
    }
    return last;
  }

  /**
   * The PostgreSQL server processes serving the bench database (the service's pools), when PostgreSQL runs on
   * this machine and its processes are readable here; none otherwise (their CPU is then reported as '-').
   */
  private async backendPids(): Promise<number[]> {
    const { rows } = await this.pg.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    return rows.map((r) => r.pid).filter((pid) => existsSync(`/proc/${pid}/comm`) && readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres');
  }

  private settle(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.o.settleSeconds * 1000));
  }
}

function averageBytes(bodies: readonly Buffer[]): number {
  return bodies.reduce((sum, b) => sum + b.length, 0) / Math.max(1, bodies.length);
}

async function postgresVersion(pg: Client): Promise<string> {
  const { rows } = await pg.query(`SELECT current_setting('server_version') AS v, current_setting('synchronous_commit') AS sc`);
  return `${rows[0].v} (synchronous_commit=${rows[0].sc})`;
}

/**
 * Entries of the event_id unique index that the store's queries read over the whole run (the duplicate
 * checks are its only readers). A probe per event reads ~0 entries for a new id; a plan that scans the index
 * reads the whole index per call. Backends publish their statistics when idle, within PGSTAT_IDLE_INTERVAL
 * (10 s) at most: hence the wait.
 */
async function eventIdIndexReads(pg: Client, alreadyIdleSeconds: number): Promise<{ scans: number; entriesRead: number }> {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, 11 - alreadyIdleSeconds) * 1000));
  const { rows } = await pg.query<{ scans: string; entries: string }>(
    `SELECT idx_scan AS scans, idx_tup_read AS entries FROM pg_stat_user_indexes WHERE schemaname = 'eventstore' AND indexrelname = 'events_event_id_unique'`,
  );
  return { scans: Number(rows[0]?.scans ?? 0), entriesRead: Number(rows[0]?.entries ?? 0) };
}

interface ReportFacts {
  postgres: string;
  bareVersion: string;
  bodyBytes: { single: number; batch: number };
  stored: number;
  bench: Bench;
  storeCheck: boolean;
  eventIdIndex: { scans: number; entriesRead: number };
}

function report(o: CliOptions, scenarios: Scenario[], f: ReportFacts): void {
  const out = (text = '') => process.stdout.write(`${text}\n`);
  const nestFastify = (require('@nestjs/platform-fastify/package.json') as { version: string }).version;
  out('## bench:ingest: HTTP intake (ingestion service) vs bare Fastify with the same validation');
  out();
  out(
    machineLine({
      postgres: f.postgres,
      'append_locked function': o.whatIf ? `what-if: SET ${WHAT_IF[o.whatIf]} (--what-if ${o.whatIf})` : 'as shipped',
      servers: `ingestion from sources (tools/register.js, LOG_LEVEL=${o.logLevel}), @nestjs/platform-fastify ${nestFastify}; bare Fastify ${f.bareVersion}; each its own process`,
      events: `messageEvents (libs/simulator), seed "${o.seed}-<phase>", ${int(o.customers)} customers; body ${int(f.bodyBytes.single)} B single, ${int(f.bodyBytes.batch)} B per batch of ${o.batchSize}`,
      'warm-up': `${int(o.warmupEvents)} events per server before timing (${fixed(f.bench.warmupSeconds, 1)} s)`,
      order: `bare first, then ours, ${o.settleSeconds} s apart; load generator (raw keep-alive HTTP/1.1 client, requests serialised before timing) in the bench process on the same machine`,
    }),
  );
  out();
  out(resultsTable(scenarios));
  out();
  out(cpuTable(scenarios));
  out();
  out(
    'events/s = events answered 202 and listed as accepted / wall time of the run. Full speed: closed loop, each connection ' +
      'sends its next request when the previous one is answered; latency from writing the request to its answer. Fixed rate: ' +
      'open loop, latency from the time the request was due (a request waiting for a free connection waits on the clock). CPU: utime + stime of the server process (/proc/<pid>/stat) and of the PostgreSQL backends of the ' +
      'bench database; machine CPU busy = all cores, everything running on the machine.',
  );
  out();
  out(
    `Duplicate checks: the store's queries read ${int(f.eventIdIndex.entriesRead)} entries of the event_id unique index in ` +
      `${int(f.eventIdIndex.scans)} index scans over the run, ${fixed(f.eventIdIndex.entriesRead / Math.max(1, f.stored), 1)} per stored event ` +
      '(pg_stat_user_indexes; about 0 when each check probes the index for the new id, about the table size per call when a cached plan scans the whole index).',
  );
  for (const s of scenarios.filter((x) => x.ours.load.sendLagMs?.length)) {
    const lag = (run: PathRun) => `p99 ${fixed(percentile(run.load.sendLagMs ?? [], 99))} ms, max ${fixed((run.load.sendLagMs ?? []).reduce((m, v) => Math.max(m, v), 0))} ms`;
    out();
    out(
      `${s.name}: the load generator's own lateness (a request leaving after it was due, before any server time): ` +
        `${lag(s.ours)} in the run against ours, ${lag(s.bare)} against bare.`,
    );
  }
  out();
  out(
    f.storeCheck
      ? `Store check: the event store holds ${int(f.stored)} cs.message.received.v1 events = ${int(f.bench.acceptedByOurs)} accepted by ingestion ` +
          '(warm-up included), and every run added exactly the events it was told were accepted.'
      : `**STORE CHECK FAILED**: the event store holds ${int(f.stored)} cs.message.received.v1 events, ingestion accepted ` +
          `${int(f.bench.acceptedByOurs)}; per run: ${f.bench.checks.map((c) => `${c.run} +${c.stored}/${c.accepted}`).join('; ')}.`,
  );
}

runMain(main);
