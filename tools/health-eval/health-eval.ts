import { Presets, SingleBar } from 'cli-progress';
import { evaluateHealth, type HealthEvaluation } from './evaluate-health';
import { healthEvalCommand, type HealthEvalOptions } from './health-eval.options';

/** `npm run eval:health`: precision, recall and AUC of the health model on simulated, labelled churners. */
function main(): void {
  const options = healthEvalCommand().parse().opts<HealthEvalOptions>();
  const bar = new SingleBar(
    { stream: process.stderr, format: 'assessing [{bar}] {percentage}% {value}/{total} customers', hideCursor: true, noTTYOutput: !process.stderr.isTTY, notTTYSchedule: 5_000 },
    Presets.shades_classic,
  );
  process.stderr.write(`Simulating ${options.customers} customers over ${options.days} days (seed ${options.seed}, ${options.churnShare * 100}% planted churners)...\n`);
  const started = Date.now();
  bar.start(options.customers, 0);
  const result = evaluateHealth(options, (done) => bar.update(done));
  bar.stop();
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : report(result, Date.now() - started));
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function report(r: HealthEvaluation, ms: number): string {
  const m = r.metrics;
  const kinds = Object.entries(r.byKind).map(([kind, k]) => `  ${kind.padEnd(15)} ${String(k.customers).padStart(6)}  flagged ${String(k.flagged).padStart(5)} (${pct(k.customers ? k.flagged / k.customers : 0).padStart(6)})  mean score ${k.meanScore}`);
  return [
    `Cut-off ${r.cutOff}; ${r.events} events; ${m.customers} customers, ${m.churners} planted churners; ${(ms / 1000).toFixed(1)} s`,
    `Predicted churner = churn risk medium or high: ${m.flagged} flagged, ${m.truePositives} of them churners`,
    `  precision ${pct(m.precision)}   recall ${pct(m.recall)}   F1 ${pct(m.f1)}   AUC (score) ${m.auc.toFixed(3)}`,
    'If "predicted churner" meant score below N:',
    ...r.operatingPoints.map((o) => `  below ${String(o.below).padStart(3)}: precision ${pct(o.precision).padStart(6)}  recall ${pct(o.recall).padStart(6)}  flagged ${o.flagged}`),
    'By planted kind:',
    ...kinds,
    'Each signal alone (AUC of its points; customers it touched):',
    ...Object.entries(r.bySignal).map(([signal, x]) => `  ${signal.padEnd(15)} AUC ${x.auc.toFixed(3)}  ${String(x.customers).padStart(6)} customers`),
    'Most frequent first reason of flagged customers:',
    ...r.topReasons.map((t) => `  ${String(t.customers).padStart(5)}  ${t.reason}`),
    '',
  ].join('\n');
}

main();
