import { Presets, SingleBar } from 'cli-progress';
import type { SendTally } from './send-tally';
import { totals } from './send-tally';

export interface DemoProgress {
  update(delivered: number, tally: SendTally): void;
  stop(): void;
}

/**
 * A progress bar on stderr with ingestion's verdicts so far. When stderr is not a terminal (CI logs), a
 * plain line every few seconds instead of redrawing.
 */
export function demoProgress(total: number): DemoProgress {
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: 'sending [{bar}] {percentage}% {value}/{total} events | accepted {accepted} duplicates {duplicates} rejected {rejected} | {eta}s left',
      hideCursor: true,
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 5_000,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { accepted: 0, duplicates: 0, rejected: 0 });
  return {
    update: (delivered, tally) => {
      const sum = totals(tally);
      bar.update(delivered, { accepted: sum.accepted, duplicates: sum.duplicates, rejected: sum.rejected });
    },
    stop: () => bar.stop(),
  };
}
