import type { Progress } from './bench-progress';
import { combine, dealRoundRobin, runWorkers } from './bench-workers';

const silent: Progress = { increment: () => undefined, stop: () => undefined };

describe('bench workers', () => {
  it('deals jobs round-robin, keeping their order within each queue', () => {
    expect(dealRoundRobin([1, 2, 3, 4, 5], 2)).toEqual([[1, 3, 5], [2, 4]]);
    expect(dealRoundRobin([1], 3)).toEqual([[1]]);
  });

  it('runs each queue one call at a time, queues side by side, counting items and latencies', async () => {
    const inFlight = [0, 0];
    const seen = { perQueue: 0, total: 0 };
    const result = await runWorkers('x', [[1, 2], [3, 4]], async (job) => {
      const queue = job <= 2 ? 0 : 1;
      inFlight[queue]++;
      seen.perQueue = Math.max(seen.perQueue, inFlight[queue]);
      seen.total = Math.max(seen.total, inFlight[0] + inFlight[1]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight[queue]--;
      return job;
    }, silent);
    expect(seen).toEqual({ perQueue: 1, total: 2 });
    expect(result.items).toBe(10);
    expect(result.latenciesMs).toHaveLength(4);
  });

  it('adds up rounds', () => {
    const m = combine('sum', [
      { label: 'a', items: 10, seconds: 1, latenciesMs: [1] },
      { label: 'b', items: 5, seconds: 0.5 },
    ]);
    expect(m).toEqual({ label: 'sum', items: 15, seconds: 1.5, latenciesMs: [1] });
  });
});
