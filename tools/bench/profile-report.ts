import { type Comparison, comparisonTable, markdownTable, percentile, ratio } from './bench-report';
import { type ApiScenario, cpuLine, type RebuildPhase } from './profile-phases';

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');

/** The scale: 2 million events rebuilt in under 2 minutes. */
export const TARGET_EVENTS = 2_000_000;
export const TARGET_SECONDS = 120;

export function rebuildComparison(p: RebuildPhase, pageSize: number, rowsPerCopy: number): Comparison | undefined {
  if (!p.copy) return undefined;
  return {
    scenario: `rebuild of the read model from ${int.format(p.rebuild.events)} events`,
    ours: { label: `set-based rebuild (fold of the log in memory, COPY of every table), ${pageSize} events per log page`, items: p.rebuild.events, seconds: p.rebuild.seconds, latenciesMs: p.rebuild.pageMs },
    bare: { label: `raw COPY FROM STDIN of the ${int.format(p.copy.rows)} final rows, ${int.format(rowsPerCopy)} rows/statement`, items: p.rebuild.events, seconds: p.copy.seconds },
    target: 0.3,
  };
}

export function rebuildReport(p: RebuildPhase, pageSize: number, rowsPerCopy: number): string {
  const r = p.rebuild;
  const rate = r.events / r.seconds;
  const projected = TARGET_EVENTS / rate;
  const lines: string[] = [];
  const c = rebuildComparison(p, pageSize, rowsPerCopy);
  if (c) lines.push(comparisonTable([c]), '', 'items = events of the log the read model is built from (both paths end with the same rows); latency = one log page (read + fold + its timeline COPY).', '');
  lines.push(
    markdownTable(
      ['rebuild', 'events', 'seconds', 'events/s', 'pages', 'reading the log s', `projected time for ${int.format(TARGET_EVENTS)} events`, 'target', 'result'],
      [[
        'ours', int.format(r.events), r.seconds.toFixed(1), int.format(rate), int.format(r.pages), (r.readMs / 1000).toFixed(1),
        `${int.format(projected)} s (at this rate)`, `< ${TARGET_SECONDS} s for ${int.format(TARGET_EVENTS)}`,
        projected < TARGET_SECONDS ? '**PASS**' : `**FAIL** (needs ${int.format(TARGET_EVENTS / TARGET_SECONDS)} events/s)`,
      ]],
    ),
  );
  if (p.copyCpu) lines.push('', `${cpuLine(r, p.copyCpu)}.`);
  if (p.copy && p.dumps) {
    const bySize = p.copy.tables.map((t) => [t.table, int.format(t.rows), t.seconds.toFixed(2)]);
    lines.push('', markdownTable(['table', 'rows', 'COPY seconds'], bySize));
  }
  const total = r.seconds * 1000;
  lines.push(
    '',
    `Where the rebuild's time goes (every statement of its connection and every log read timed during the run; ${int.format(p.hotspots.totalCalls())} calls, ` +
      `${(p.hotspots.totalCalls() / r.events).toFixed(1)} per event, ${((p.hotspots.totalMs() / total) * 100).toFixed(0)} % of the wall time; the rest is JavaScript: the fold, the rows and the COPY text; reading and COPY overlap):`,
    '',
    markdownTable(
      ['statement', 'calls', 'calls / event', 'total s', 'ms / call', 'share of rebuild'],
      p.hotspots.top(12).map((h) => [`\`${h.what}\``, int.format(h.calls), (h.calls / r.events).toFixed(2), (h.ms / 1000).toFixed(1), (h.ms / h.calls).toFixed(3), `${((h.ms / total) * 100).toFixed(1)} %`]),
    ),
  );
  return lines.join('\n');
}

export function rebuildPasses(p: RebuildPhase, pageSize: number, rowsPerCopy: number): boolean {
  const c = rebuildComparison(p, pageSize, rowsPerCopy);
  return TARGET_EVENTS / (p.rebuild.events / p.rebuild.seconds) < TARGET_SECONDS && (!c || ratio(c) >= c.target);
}

const statuses = (s: Record<number, number>) => Object.entries(s).map(([k, v]) => `${k === '0' ? 'error' : k}: ${int.format(v)}`).join(', ');

export function apiReport(scenarios: readonly ApiScenario[]): string {
  const rows = scenarios.flatMap((s) => {
    const p99 = percentile(s.ours.latenciesMs, 99);
    const bareP99 = percentile(s.bare.latenciesMs, 99);
    const ok = p99 < s.target.p99Ms && !s.ours.statuses[0] && !s.ours.statuses[500];
    const row = (path: string, r: typeof s.ours, extra: string[]) => [
      s.name, path, int.format(r.requests), r.seconds.toFixed(1), int.format(r.requests / r.seconds), statuses(r.statuses),
      ms(percentile(r.latenciesMs, 50)), ms(percentile(r.latenciesMs, 95)), ms(percentile(r.latenciesMs, 99)), ...extra,
    ];
    return [
      row('customer-profile service (HTTP, Nest, TypeORM)', s.ours, [`p99 ${(p99 / bareP99).toFixed(1)}x`, `p99 < ${s.target.p99Ms} ms`, ok ? '**PASS**' : `**FAIL** (p99 ${ms(p99)} ms)`]),
      row('raw pg: minimal index lookup, same pool size (10)', s.bare, ['', '', '']),
    ];
  });
  const lag = scenarios.map((s) => `${s.short}: load generator lateness p99 ${ms(percentile(s.ours.sendLagMs, 99))} ms (ours), ${ms(percentile(s.bare.sendLagMs, 99))} ms (bare)`);
  const problems = scenarios.flatMap((s) => s.problems.map((p) => `- first non-200 answers: ${p}`));
  return [
    markdownTable(['scenario', 'path', 'requests', 'seconds', 'requests/s', 'answers', 'p50 ms', 'p95 ms', 'p99 ms', 'ours / bare', 'target', 'result'], rows),
    '',
    'Latency from the time each request was due (open loop, no coordinated omission). ' + lag.join('; ') + '.',
    ...(problems.length ? ['', ...problems] : []),
  ].join('\n');
}

export function apiPasses(scenarios: readonly ApiScenario[]): boolean {
  return scenarios.every((s) => percentile(s.ours.latenciesMs, 99) < s.target.p99Ms);
}
