import { KPI_METRICS, type KpiMetric } from '@csp/analytics-domain';
import { createAnalyticsStore } from '@csp/clickhouse';
import { Command, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { migrateAnalytics, queryKpi, queryKpiRecords } from '../replay/analytics/analytics-app';
import { generateFacts } from './analytics-facts';
import { kpiRequest } from './analytics-kpi-requests';
import { positiveInt, runMain } from './bench-cli';
import { progressBar } from './bench-progress';

const program = new Command('node -r ./tools/register.js tools/bench/analytics-answers.ts')
  .description(
    'Writes the answers of the bench:analytics requests (every metric x --runs request shapes: the KPI answer and the ' +
      'first drill-down page of 100) as JSON lines, to compare two versions of the KPI code byte for byte over the same ' +
      'facts. --generate fills --data-dir first (as bench:analytics does); without it the directory is migrated and read.',
  )
  .requiredOption('--data-dir <dir>', 'chDB data directory (kept)')
  .requiredOption('--out <file>', 'JSON lines output')
  .addOption(new Option('--facts <n>', 'facts to generate with --generate').default(1_000_000).argParser(positiveInt))
  .addOption(new Option('--runs <n>', 'request shapes per metric').default(5).argParser(positiveInt))
  .addOption(new Option('--seed <n>', 'seed of the generated facts').default(1).argParser(positiveInt))
  .option('--generate', 'generate the facts first', false);

async function main(): Promise<void> {
  const o = program.parse().opts<{ dataDir: string; out: string; facts: number; runs: number; seed: number; generate: boolean }>();
  const end = new Date('2026-12-01T00:00:00Z');
  const store = await createAnalyticsStore({ dataDir: o.dataDir });
  try {
    await migrateAnalytics(store);
    if (o.generate) await generateFacts(store, { facts: o.facts, seed: o.seed, end }, (total) => progressBar('tickets generated', total));
    const lines: string[] = [];
    for (const metric of KPI_METRICS as readonly KpiMetric[]) {
      for (let run = 0; run < o.runs; run++) {
        const request = kpiRequest(metric, run, end);
        lines.push(JSON.stringify({ metric, run, kpi: await queryKpi(store, request) }));
        const { interval: _interval, groupBy: _groupBy, compare: _compare, ...records } = request;
        lines.push(JSON.stringify({ metric, run, records: await queryKpiRecords(store, records, 100) }));
      }
    }
    writeFileSync(o.out, `${lines.join('\n')}\n`);
  } finally {
    await store.close();
  }
}

runMain(main);
