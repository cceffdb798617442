import type { KpiMetric } from '@csp/analytics-domain';
import type { KpiTimings } from './analytics-kpi-latency';
import { markdownTable, percentile } from './bench-report';

export const KPI_P95_TARGET_MS = 250;
export const DRILLDOWN_P95_TARGET_MS = 500;
export const API_RAW_TARGET = 1.5;

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '-');
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const verdict = (ok: boolean, detail: string) => (ok ? `**PASS** (${detail})` : `**FAIL** (${detail})`);

/** The path the targets judge: HTTP when it was measured (the API as clients see it), else queryKpi. */
const judged = (t: KpiTimings) => (t.httpMs.length ? t.httpMs : t.apiMs);
const ratioOf = (t: KpiTimings) => sum(judged(t)) / Math.max(sum(t.rawMs), 1e-9);

/** Per metric: HTTP, queryKpi and raw p50/p95, the API/raw ratio of the summed times, and both verdicts. */
export function kpiTable(timings: readonly KpiTimings[]): string {
  const http = timings.some((t) => t.httpMs.length > 0);
  const headers = [
    'metric', 'runs', 'statements / request', ...(http ? ['HTTP p50 ms', 'HTTP p95 ms'] : []), 'queryKpi p50 ms', 'queryKpi p95 ms',
    'raw SQL p50 ms', 'raw SQL p95 ms', `${http ? 'HTTP' : 'queryKpi'} / raw`, `p95 < ${KPI_P95_TARGET_MS} ms`, `API <= ${API_RAW_TARGET} x raw`,
  ];
  return markdownTable(
    headers,
    timings.map((t) => {
      const p95 = percentile(judged(t), 95);
      const ratio = ratioOf(t);
      return [
        t.metric, String(t.apiMs.length), `${Math.min(...t.statements)}-${Math.max(...t.statements)}`,
        ...(http ? [ms(percentile(t.httpMs, 50)), ms(percentile(t.httpMs, 95))] : []),
        ms(percentile(t.apiMs, 50)), ms(percentile(t.apiMs, 95)), ms(percentile(t.rawMs, 50)), ms(percentile(t.rawMs, 95)),
        ratio.toFixed(2), verdict(p95 < KPI_P95_TARGET_MS, `${ms(p95)} ms`), verdict(ratio <= API_RAW_TARGET, ratio.toFixed(2)),
      ];
    }),
  );
}

export function drilldownTable(drill: ReadonlyMap<KpiMetric, number[]>): string {
  return markdownTable(
    ['metric', 'runs', 'p50 ms', 'p95 ms', `p95 < ${DRILLDOWN_P95_TARGET_MS} ms`],
    [...drill].map(([metric, times]) => {
      const p95 = percentile(times, 95);
      return [metric, String(times.length), ms(percentile(times, 50)), ms(p95), verdict(p95 < DRILLDOWN_P95_TARGET_MS, `${ms(p95)} ms`)];
    }),
  );
}

/** One line per target: how many metrics pass it. */
export function kpiVerdicts(timings: readonly KpiTimings[], drill: ReadonlyMap<KpiMetric, number[]>): string[] {
  const p95 = timings.filter((t) => percentile(judged(t), 95) < KPI_P95_TARGET_MS).length;
  const ratio = timings.filter((t) => ratioOf(t) <= API_RAW_TARGET).length;
  const drillOk = [...drill.values()].filter((times) => percentile(times, 95) < DRILLDOWN_P95_TARGET_MS).length;
  return [
    `- KPI p95 < ${KPI_P95_TARGET_MS} ms: ${p95} of ${timings.length} metrics`,
    `- API <= ${API_RAW_TARGET} x raw SQL: ${ratio} of ${timings.length} metrics`,
    `- drill-down p95 < ${DRILLDOWN_P95_TARGET_MS} ms: ${drillOk} of ${drill.size} metrics`,
  ];
}

export function stepsTable(steps: ReadonlyArray<readonly [string, number, number]>): string {
  return markdownTable(['step (bare client, once)', 'rows', 'ms'], steps.map(([step, rows, t]) => [step, rows.toLocaleString('en-US'), ms(t)]));
}
