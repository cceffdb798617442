import { emptyTally } from './http-load';
import { type PathRun, resultsTable, type Scenario, troubleText, verdict } from './ingest-report';

const run = (accepted: number, seconds: number, latenciesMs: number[], requests = accepted): PathRun => ({
  label: 'x',
  connections: 8,
  load: { tally: { ...emptyTally(), accepted, responses: requests }, requests, planned: requests, seconds, latenciesMs },
  cpu: { serverMsPer1k: 100, helpersMsPer1k: Number.NaN, clientMsPer1k: 10, machineBusy: 0.5, rssKb: 1024, hwmKb: 2048 },
});

describe('bench:ingest verdicts', () => {
  it('passes a rate target on accepted events per second only', () => {
    const scenario: Scenario = { name: 's', target: { kind: 'rate', eventsPerSecond: 5_000 }, ours: run(10_000, 2, [1]), bare: run(10_000, 1, [1]) };
    expect(verdict(scenario)).toEqual({ pass: true, text: '**PASS**' });
    expect(verdict({ ...scenario, ours: run(9_000, 2, [1]) }).text).toBe('**FAIL** (4,500 < 5,000 events/s)');
    const table = resultsTable([scenario]).split('\n');
    expect(table[2]).toContain('| 5,000 | 1.00 | 1.00 | 50.0 % | >= 5,000 events/s | **PASS** |');
    const cut = run(6_000, 2, [1]);
    cut.load.planned = 10_000;
    expect(resultsTable([{ ...scenario, ours: cut }])).toContain('| 6,000 of 10,000 (time limit) |');
  });

  it('fails a run with errors whatever its rate, and says what went wrong', () => {
    const ours = run(10_000, 1, [1]);
    ours.load.tally.non202 = { 503: 3 };
    ours.load.tally.errors = 2;
    const scenario: Scenario = { name: 's', target: { kind: 'rate', eventsPerSecond: 5_000 }, ours, bare: run(10_000, 1, [1]) };
    expect(verdict(scenario)).toEqual({ pass: false, text: '**FAIL** (5 events or requests not accepted)' });
    expect(troubleText(ours.load.tally)).toBe('3 x 503, 2 no answer');
    expect(troubleText(emptyTally())).toBe('0');
  });

  it('checks p99 under the limit and that the fixed rate was actually kept', () => {
    const fast = Array.from({ length: 100 }, (_, i) => (i < 99 ? 5 : 80));
    const target = { kind: 'p99' as const, ms: 50, requestsPerSecond: 1_000 };
    expect(verdict({ name: 'l', target, ours: run(10_000, 10, fast), bare: run(10_000, 10, fast) }).pass).toBe(true);
    const slow = Array.from({ length: 100 }, (_, i) => (i < 98 ? 5 : 80));
    expect(verdict({ name: 'l', target, ours: run(10_000, 10, slow), bare: run(10_000, 10, fast) }).text).toBe('**FAIL** (p99 80.00 ms >= 50 ms)');
    expect(verdict({ name: 'l', target, ours: run(10_000, 20, fast), bare: run(10_000, 10, fast) }).text).toBe('**FAIL** (only 500 requests/s of 1,000)');
  });
});
