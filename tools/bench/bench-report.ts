import { cpus, loadavg } from 'node:os';

/** One timed path of a benchmark: how much it moved in how long, and the latency of each call. */
export interface Measurement {
  label: string;
  items: number;
  seconds: number;
  /** Latency of each call in milliseconds (one append, one batch...), when the path has calls. */
  latenciesMs?: number[];
}

export interface Comparison {
  scenario: string;
  ours: Measurement;
  bare: Measurement;
  /** Minimum acceptable ours/bare throughput ratio. */
  target: number;
}

export function throughput(m: Measurement): number {
  return m.seconds > 0 ? m.items / m.seconds : 0;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function ratio(c: Comparison): number {
  const bare = throughput(c.bare);
  return bare > 0 ? throughput(c.ours) / bare : 0;
}

export function passes(c: Comparison): boolean {
  return ratio(c) >= c.target;
}

export function markdownTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** The results table every benchmark prints: one row per path, the verdict on the row of our path. */
export function comparisonTable(comparisons: readonly Comparison[]): string {
  const headers = ['scenario', 'path', 'items', 'seconds', 'items/s', 'p50 ms', 'p99 ms', 'ours / bare', 'target', 'result'];
  const rows = comparisons.flatMap((c) => {
    const row = (m: Measurement, verdict: string[]) => [
      c.scenario,
      m.label,
      int.format(m.items),
      fixed(m.seconds, 2),
      int.format(throughput(m)),
      m.latenciesMs ? fixed(percentile(m.latenciesMs, 50), 2) : '-',
      m.latenciesMs ? fixed(percentile(m.latenciesMs, 99), 2) : '-',
      ...verdict,
    ];
    const verdict = [`${fixed(ratio(c) * 100)} %`, `>= ${fixed(c.target * 100, 0)} %`, passes(c) ? '**PASS**' : '**FAIL**'];
    return [row(c.ours, verdict), row(c.bare, ['', '', ''])];
  });
  return markdownTable(headers, rows);
}

// Taken when the script starts: the load other processes put on the machine, before ours adds to it.
const START = { date: new Date().toISOString(), load: loadavg() };

/** What the numbers were measured on, printed above every table. */
export function machineLine(extra: Record<string, string> = {}): string {
  const cpu = cpus();
  const facts = {
    started: START.date,
    cpu: `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown'})`,
    node: process.version,
    'load average (1/5/15 min) at start': START.load.map((l) => l.toFixed(2)).join(' / '),
    ...extra,
  };
  return Object.entries(facts)
    .map(([k, v]) => `- ${k}: ${v}`)
    .join('\n');
}

/** Milliseconds since `start` (from `performance.now()`). */
export function since(start: number): number {
  return performance.now() - start;
}
