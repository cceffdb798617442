import { markdownTable, percentile } from './bench-report';
import type { LoadResult, Tally } from './http-load';
import { problems } from './http-load';
import type { CpuCost } from './proc-cpu';

/** One path (ours or the bare ceiling) through one scenario. */
export interface PathRun {
  label: string;
  connections: number;
  load: LoadResult;
  cpu: CpuCost;
}

/** A requirement of the issue: a rate to reach, or a p99 to stay under at a fixed request rate. */
export type Target = { kind: 'rate'; eventsPerSecond: number } | { kind: 'p99'; ms: number; requestsPerSecond: number };

export interface Scenario {
  name: string;
  target: Target;
  ours: PathRun;
  bare: PathRun;
}

/** Accepted events per second: only events the server answered 202 for and listed as accepted count. */
export function eventsPerSecond(run: PathRun): number {
  return run.load.seconds > 0 ? run.load.tally.accepted / run.load.seconds : 0;
}

/** Share of the fixed rate an open-loop run actually achieved; below this the server did not keep up. */
export const KEPT_UP = 0.95;

export interface Verdict {
  pass: boolean;
  /** Why it failed, or what it passed with. */
  text: string;
}

export function verdict(s: Scenario): Verdict {
  const troubles = problems(s.ours.load.tally);
  const reasons: string[] = [];
  if (s.target.kind === 'rate') {
    const rate = eventsPerSecond(s.ours);
    if (rate < s.target.eventsPerSecond) reasons.push(`${int(rate)} < ${int(s.target.eventsPerSecond)} events/s`);
  } else {
    const p99 = percentile(s.ours.load.latenciesMs, 99);
    if (!(p99 < s.target.ms)) reasons.push(`p99 ${fixed(p99)} ms >= ${s.target.ms} ms`);
    const achieved = s.ours.load.seconds > 0 ? s.ours.load.requests / s.ours.load.seconds : 0;
    if (achieved < KEPT_UP * s.target.requestsPerSecond) reasons.push(`only ${int(achieved)} requests/s of ${int(s.target.requestsPerSecond)}`);
  }
  if (troubles > 0) reasons.push(`${int(troubles)} events or requests not accepted`);
  return reasons.length === 0 ? { pass: true, text: '**PASS**' } : { pass: false, text: `**FAIL** (${reasons.join('; ')})` };
}

export function targetText(t: Target): string {
  return t.kind === 'rate' ? `>= ${int(t.eventsPerSecond)} events/s` : `p99 < ${t.ms} ms at ${int(t.requestsPerSecond)} requests/s`;
}

/** "0", or what went wrong: `3 x 503, 2 no answer, 1 duplicates`. */
export function troubleText(t: Tally): string {
  const parts = Object.entries(t.non202).map(([status, n]) => `${int(n)} x ${status}`);
  if (t.errors) parts.push(`${int(t.errors)} no answer`);
  if (t.malformed) parts.push(`${int(t.malformed)} malformed 202`);
  if (t.duplicates) parts.push(`${int(t.duplicates)} duplicates`);
  if (t.rejected) parts.push(`${int(t.rejected)} rejected`);
  return parts.length === 0 ? '0' : parts.join(', ');
}

export function resultsTable(scenarios: readonly Scenario[]): string {
  const headers = [
    'scenario', 'path', 'connections', 'requests', 'events accepted', 'not accepted', 'seconds', 'events/s', 'p50 ms', 'p99 ms',
    'ours / bare', 'target', 'result',
  ];
  const rows = scenarios.flatMap((s) => {
    const row = (run: PathRun, tail: string[]) => [
      s.name,
      run.label,
      String(run.connections),
      run.load.requests < run.load.planned ? `${int(run.load.requests)} of ${int(run.load.planned)} (time limit)` : int(run.load.requests),
      int(run.load.tally.accepted),
      troubleText(run.load.tally),
      fixed(run.load.seconds, 2),
      int(eventsPerSecond(run)),
      fixed(percentile(run.load.latenciesMs, 50)),
      fixed(percentile(run.load.latenciesMs, 99)),
      ...tail,
    ];
    const bare = eventsPerSecond(s.bare);
    const ratio = s.target.kind === 'rate' && bare > 0 ? `${fixed((eventsPerSecond(s.ours) / bare) * 100, 1)} %` : '-';
    return [row(s.ours, [ratio, targetText(s.target), verdict(s).text]), row(s.bare, ['', '', ''])];
  });
  return markdownTable(headers, rows);
}

export function cpuTable(scenarios: readonly Scenario[]): string {
  const headers = [
    'scenario', 'path', 'server CPU ms / 1,000 events', 'PostgreSQL backends CPU ms / 1,000 events', 'load generator CPU ms / 1,000 events',
    'machine CPU busy', 'server RSS MiB (peak so far)',
  ];
  const rows = scenarios.flatMap((s) =>
    [s.ours, s.bare].map((run) => [
      s.name,
      run.label,
      fixed(run.cpu.serverMsPer1k, 0),
      fixed(run.cpu.helpersMsPer1k, 0),
      fixed(run.cpu.clientMsPer1k, 0),
      `${fixed(run.cpu.machineBusy * 100, 0)} %`,
      `${(run.cpu.rssKb / 1024).toFixed(0)} (${(run.cpu.hwmKb / 1024).toFixed(0)})`,
    ]),
  );
  return markdownTable(headers, rows);
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
export const int = (n: number) => (Number.isFinite(n) ? integer.format(n) : '-');
export const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
