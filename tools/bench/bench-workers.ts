import type { Progress } from './bench-progress';
import { type Measurement, since } from './bench-report';

/**
 * Runs one queue of jobs per worker, all workers at once, each worker strictly one call after the other
 * (like a writer that awaits its append). Records the latency of every call and the wall time of the whole.
 */
export async function runWorkers<T>(
  label: string,
  queues: ReadonlyArray<readonly T[]>,
  call: (job: T) => Promise<number>,
  progress: Progress,
): Promise<Measurement> {
  const latenciesMs: number[] = [];
  let items = 0;
  const started = performance.now();
  await Promise.all(
    queues.map(async (queue) => {
      for (const job of queue) {
        const t = performance.now();
        const n = await call(job);
        latenciesMs.push(since(t));
        items += n;
        progress.increment(n);
      }
    }),
  );
  return { label, items, seconds: since(started) / 1000, latenciesMs };
}

/** Deals `jobs` round-robin into `workers` queues (order kept within each queue). */
export function dealRoundRobin<T>(jobs: readonly T[], workers: number): T[][] {
  const queues: T[][] = Array.from({ length: Math.min(workers, jobs.length) }, () => []);
  jobs.forEach((job, i) => queues[i % queues.length].push(job));
  return queues;
}

/** Adds up the measurements of one path over several rounds. */
export function combine(label: string, parts: readonly Measurement[]): Measurement {
  return {
    label,
    items: parts.reduce((sum, m) => sum + m.items, 0),
    seconds: parts.reduce((sum, m) => sum + m.seconds, 0),
    latenciesMs: parts.flatMap((m) => m.latenciesMs ?? []),
  };
}
