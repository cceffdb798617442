import { KPI_METRICS, type KpiMetric } from '@csp/analytics-domain';
import { createAnalyticsStore } from '@csp/clickhouse';
import { Command, Option } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateAnalytics } from '../replay/analytics/analytics-app';
import { openBareClient } from './analytics-bare-client';
import { timeSteps } from './analytics-diagnostics';
import { countFacts, generateFacts } from './analytics-facts';
import { type BareSchema, bareInsert, bareRows, createBareTables, insertWorkload, oursInsert } from './analytics-insert-rate';
import { openKpiHttp } from './analytics-kpi-http';
import { timeDrilldown, timeKpis } from './analytics-kpi-latency';
import { describeShape } from './analytics-kpi-requests';
import { drilldownTable, kpiTable, kpiVerdicts, stepsTable } from './analytics-report';
import { positiveInt, runMain } from './bench-cli';
import { note, progressBar } from './bench-progress';
import { comparisonTable, machineLine, markdownTable, type Measurement, throughput } from './bench-report';

const program = new Command('npm run bench:analytics --')
  .description(
    'Analytics on chDB: (a) the projection insert rate (AnalyticsFactsWorker.write) against a raw @clickhouse/client ' +
      'insert of the same rows into plain tables, target >= 50 %; (b) every KPI of api.md over --facts generated ticket ' +
      'and answer facts through GET /v1/kpis/:metric (the real controller, Fastify inject), queryKpi (no HTTP) and as raw SQL (the statements our code produced, run by ' +
      'the bare client): p95 < 250 ms, API <= 1.5 x raw; drill-down (records, first page) p95 < 500 ms.',
  )
  .addOption(new Option('--facts <n>', 'ticket events + survey answers to generate for (b)').default(10_000_000).argParser(positiveInt))
  .addOption(new Option('--runs <n>', 'timed requests per metric (request shapes rotate, see analytics-kpi-requests.ts)').default(5).argParser(positiveInt))
  .addOption(new Option('--insert-events <n>', 'events for (a)').default(100_000).argParser(positiveInt))
  .addOption(new Option('--batch <n>', 'events per delivered batch in (a) (the log bus default)').default(500).argParser(positiveInt))
  .addOption(new Option('--data-dir <dir>', 'chDB data directory (default: a fresh temp directory, removed at the end)'))
  .addOption(new Option('--seed <n>', 'seed of the simulator traffic and of the generated facts').default(1).argParser(positiveInt))
  .addOption(new Option('--reuse-facts', 'with --data-dir: time (b) over the facts a previous run left there, if any, instead of generating them (they must come from the same --facts and --seed; (a) empties the tables, so use it with --skip-insert)'))
  .addOption(new Option('--skip-insert', 'skip (a)'))
  .addOption(new Option('--skip-kpis', 'skip (b)'))
  .addHelpText('after', '\nNo PostgreSQL needed: everything runs on chDB in this process. Markdown on stdout, progress on stderr.');

interface Options {
  facts: number;
  runs: number;
  insertEvents: number;
  batch: number;
  dataDir?: string;
  seed: number;
  reuseFacts?: boolean;
  skipInsert?: boolean;
  skipKpis?: boolean;
}

async function main(): Promise<void> {
  const o = program.parse().opts<Options>();
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'bench-analytics-'));
  const store = await createAnalyticsStore({ dataDir });
  const bare = await openBareClient(dataDir);
  const out: string[] = [];
  try {
    await migrateAnalytics(store);
    const [{ version }] = await store.query<{ version: string }>('SELECT version() AS version');
    const facts: Record<string, string> = { engine: `chDB ${version} (in process, data in ${dataDir})`, seed: String(o.seed) };
    if (!o.skipInsert) out.push(...(await insertRate(store, bare, o, facts)));
    if (!o.skipKpis) out.push(...(await kpis(store, bare, o, facts)));
    process.stdout.write(`# bench:analytics\n\n${machineLine(facts)}\n\n${out.join('\n\n')}\n`);
  } finally {
    await bare.close();
    await store.close();
    if (!o.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function insertRate(store: Awaited<ReturnType<typeof createAnalyticsStore>>, bare: Awaited<ReturnType<typeof openBareClient>>, o: Options, facts: Record<string, string>): Promise<string[]> {
  note('(a) building the workload (simulator traffic + ticket lifecycles)...');
  const messages = insertWorkload(`bench-analytics-${o.seed}`, o.insertEvents);
  const batches = Array.from({ length: Math.ceil(messages.length / o.batch) }, (_, i) => messages.slice(i * o.batch, (i + 1) * o.batch));
  const rows = bareRows(batches);
  const tables = [...new Set(rows.flatMap((byTable) => [...byTable.keys()]))].sort();
  const rowCount = rows.reduce((n, byTable) => n + [...byTable.values()].reduce((m, r) => m + r.length, 0), 0);
  facts['(a) workload'] = `${messages.length.toLocaleString('en-US')} events (${rowCount.toLocaleString('en-US')} rows into ${tables.join(', ')}) in batches of ${o.batch}; bare paths first, then ours`;
  const runs: Measurement[] = [];
  for (const [schema, label] of BARE_PATHS) {
    const db = await createBareTables(bare, store, schema, tables);
    runs.push(await bareInsert(bare, db, label, batches, rows, progressBar(`(a) raw insert, ${schema}`, messages.length)));
    await bare.command({ query: `DROP DATABASE ${db} SYNC` });
  }
  const oursRun = await oursInsert(store, batches, progressBar('(a) AnalyticsFactsWorker.write', messages.length));
  // (b) measures the generated facts only.
  for (const { name } of await store.query<{ name: string }>(
    "SELECT name FROM system.tables WHERE database = 'default' AND engine NOT IN ('View', 'MaterializedView') AND name != 'schema_migrations'",
  )) {
    await store.command(`TRUNCATE TABLE ${name}`);
  }
  const scenario = `projection insert, ${messages.length.toLocaleString('en-US')} events, batches of ${o.batch}`;
  const plain = throughput(runs[0]);
  const breakdown = markdownTable(
    ['path (same rows, same batches)', 'seconds', 'events/s', 'share of the plain rate'],
    [...runs, oursRun].map((m) => [m.label, m.seconds.toFixed(2), Math.round(throughput(m)).toLocaleString('en-US'), `${((throughput(m) / plain) * 100).toFixed(1)} %`]),
  );
  return ['## (a) Projection insert rate', comparisonTable([{ scenario, ours: oursRun, bare: runs[0], target: 0.5 }]),
    'items = events; p50/p99 = one delivered batch (one insert per table).', '### Where the insert time goes', breakdown];
}

/** The bare paths of (a): the baseline first, then the same client into our engines, then into our whole schema. */
const BARE_PATHS: ReadonlyArray<[BareSchema, string]> = [
  ['plain', 'raw @clickhouse/client insert, plain MergeTree'],
  ['sorted', 'raw insert, our engines (ReplacingMergeTree) without the dedup window, no MVs'],
  ['engines', 'raw insert, our engines with the dedup window (10,000 blocks), no MVs, no token'],
  ['engines+mvs', 'raw insert, our whole schema (engines + MVs), no token'],
];

async function kpis(store: Awaited<ReturnType<typeof createAnalyticsStore>>, bare: Awaited<ReturnType<typeof openBareClient>>, o: Options, facts: Record<string, string>): Promise<string[]> {
  const end = new Date('2026-12-01T00:00:00Z');
  note(`(b) generating ~${o.facts.toLocaleString('en-US')} ticket and answer facts in ClickHouse...`);
  const reused = o.reuseFacts && o.dataDir ? await countFacts(store) : undefined;
  const generated = reused && reused.rows['ticket_events'] > 0
    ? reused
    : await generateFacts(store, { facts: o.facts, seed: o.seed, end }, (total) => progressBar('(b) tickets generated', total));
  const [{ parts }] = await store.query<{ parts: string }>("SELECT count() AS parts FROM system.parts WHERE active AND database = 'default' AND table = 'ticket_events'");
  facts['(b) facts'] = `${(generated.rows['ticket_events'] + generated.rows['survey_answers']).toLocaleString('en-US')} (ticket_events ${generated.rows['ticket_events'].toLocaleString('en-US')} + survey_answers ${generated.rows['survey_answers'].toLocaleString('en-US')}) for ${generated.tickets.toLocaleString('en-US')} tickets and ${generated.customers.toLocaleString('en-US')} customers over the year to ${end.toISOString().slice(0, 10)}; also sla_events ${generated.rows['sla_events'].toLocaleString('en-US')}, survey_requests ${generated.rows['survey_requests'].toLocaleString('en-US')}; ${generated === reused ? 'reused from an earlier run' : `generated in ${generated.seconds.toFixed(0)} s`} (INSERT ... SELECT FROM numbers(), analytics-facts-sql.ts); ticket_events active parts when timed: ${parts}`;
  const metrics = KPI_METRICS as readonly KpiMetric[];
  note('(b) warm-up: one untimed headline request per metric...');
  await timeKpis(store, bare, metrics, 1, end, progressBar('(b) warm-up', metrics.length));
  const http = await openKpiHttp(store);
  const timings = await timeKpis(store, bare, metrics, o.runs, end, progressBar('(b) KPI requests (HTTP, queryKpi, raw)', metrics.length * o.runs), http);
  await http.close();
  const drill = await timeDrilldown(store, metrics, o.runs, end, progressBar('(b) drill-down requests', metrics.length * o.runs));
  const steps = await timeSteps(bare, end);
  const shapes = Array.from({ length: Math.min(o.runs, 5) }, (_, run) => `${run + 1}. ${describeShape(run)}`).join('; ');
  return [
    '## (b) KPI queries at scale', `Request shapes, one per run in turn (periods end a week earlier each run): ${shapes}.`,
    kpiTable(timings), '### Drill-down: records, first page of 100', drilldownTable(drill), kpiVerdicts(timings, drill).join('\n'),
    '### Where the time goes', stepsTable(steps),
  ];
}

runMain(main);
