import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  increment(by?: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr, so stdout carries only the Markdown report (`npm run bench:store > out.md`).
 * cli-progress draws nothing when stderr is not a terminal; the phase names are printed there anyway.
 */
export function progressBar(phase: string, total: number): Progress {
  if (!process.stderr.isTTY) process.stderr.write(`${phase}: ${total} ...\n`);
  const bar = new SingleBar(
    { stream: process.stderr, format: `${phase.padEnd(34)} [{bar}] {percentage}% {value}/{total} | {eta}s left`, hideCursor: true },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    increment: (by = 1) => bar.increment(by),
    stop: () => bar.stop(),
  };
}

/** A line of context on stderr (what is being prepared), out of the way of the report on stdout. */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}
