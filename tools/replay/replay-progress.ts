import { Presets, SingleBar } from 'cli-progress';
import type { ReplayProgress } from './replay-target';

/**
 * Events done / total, events/s and ETA on stderr. Without a total (EventStoreDB cannot count a category
 * cheaply) the bar shows the count and the rate only. When stderr is not a terminal cli-progress draws
 * nothing, so a line is printed every `quietEvery` events instead.
 */
export function replayProgressBar(label: string, quietEvery = 50_000): ReplayProgress {
  const started = performance.now();
  let total: number | undefined;
  let lastQuiet = 0;
  let running = false;
  const rate = (done: number) => Math.round(done / Math.max((performance.now() - started) / 1000, 0.001));
  const bar = new SingleBar(
    {
      stream: process.stderr,
      hideCursor: true,
      format: `${label} [{bar}] {value}/{total} events | {rate} events/s | ETA {eta_formatted}`,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  return {
    start(t) {
      total = t;
      if (!process.stderr.isTTY) process.stderr.write(`${label}: ${t ?? 'unknown number of'} events ...\n`);
      bar.start(t ?? 0, 0, { rate: 0 });
      running = true;
    },
    update(done) {
      if (total !== undefined && done > total) bar.setTotal(done);
      bar.update(done, { rate: rate(done) });
      if (!process.stderr.isTTY && done - lastQuiet >= quietEvery) {
        lastQuiet = done;
        process.stderr.write(`${label}: ${done}${total ? `/${total}` : ''} events, ${rate(done)} events/s\n`);
      }
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
