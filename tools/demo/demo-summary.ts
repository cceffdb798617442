import { PUBLIC_EVENT_TYPES } from '@csp/simulator';
import type { SendReport } from './send-traffic';
import { totals, type TypeTally } from './send-tally';

export interface SummaryContext {
  seed: number;
  customers: number;
  days: number;
  via: 'http' | 'kafka' | 'both';
  dryRun: boolean;
}

const COLUMNS: Record<'dry' | 'http' | 'kafka', Array<keyof TypeTally>> = {
  dry: ['generated'],
  http: ['generated', 'sent', 'accepted', 'duplicates', 'rejected'],
  kafka: ['generated', 'kafka'],
};

/** The closing report: a table of events by type and outcome, then throughput, throttling and rejections. */
export function formatSummary(report: SendReport, ctx: SummaryContext): string {
  const columns = ctx.dryRun ? COLUMNS.dry : ctx.via === 'both' ? [...COLUMNS.http, 'kafka' as const] : COLUMNS[ctx.via];
  const row = (label: string, t: TypeTally) => [label.padEnd(27), ...columns.map((c) => String(t[c]).padStart(c.length + 1))].join(' ');
  const sum = totals(report.tally);
  const lines = [
    `\nSummary: seed ${ctx.seed}, ${ctx.customers} customers, ${ctx.days} simulated day(s)${ctx.dryRun ? ', dry run (nothing sent)' : ''}`,
    ['event type'.padEnd(27), ...columns.map((c) => c.padStart(c.length + 1))].join(' '),
    ...PUBLIC_EVENT_TYPES.map((type) => row(type, report.tally.byType[type])),
    row('total', sum),
  ];
  if (!ctx.dryRun) {
    const rate = report.seconds > 0 ? report.delivered / report.seconds : 0;
    lines.push(`${report.delivered} of ${sum.generated} events sent in ${report.seconds.toFixed(1)} s (${rate.toFixed(0)} events/s).`);
    if (report.stopped) lines.push('Stopped early (Ctrl-C): the rest was not sent.');
    if (report.tally.throttled > 0) lines.push(`${report.tally.throttled} request(s) were rate-limited (429) and retried after Retry-After.`);
    if (sum.duplicates > 0) lines.push(`${sum.duplicates} duplicate(s): these ids were sent before (same seed), so ingestion stored nothing new.`);
  }
  if (report.tally.rejections.length > 0) {
    lines.push(`First rejections (${sum.rejected} in all):`);
    for (const r of report.tally.rejections) lines.push(`  ${r.id} (${r.type}): ${r.reason}`);
  }
  return lines.join('\n');
}
