import { type Comparison, comparisonTable, markdownTable, passes, percentile, ratio, throughput } from './bench-report';

const comparison = (oursSeconds: number, target: number): Comparison => ({
  scenario: 'appends',
  target,
  ours: { label: 'ours', items: 1000, seconds: oursSeconds, latenciesMs: [1, 2, 3, 4] },
  bare: { label: 'bare', items: 1000, seconds: 1 },
});

describe('bench report', () => {
  it('takes nearest-rank percentiles of unsorted values', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });

  it('compares throughput, not time, against the target', () => {
    expect(throughput({ label: 'x', items: 500, seconds: 2 })).toBe(250);
    expect(ratio(comparison(4, 0.3))).toBeCloseTo(0.25);
    expect(passes(comparison(4, 0.3))).toBe(false);
    expect(passes(comparison(2, 0.5))).toBe(true);
  });

  it('prints one row per path with the verdict on ours, and escapes pipes', () => {
    const table = comparisonTable([comparison(4, 0.3)]).split('\n');
    expect(table).toHaveLength(4);
    expect(table[2]).toContain('| 25.0 % | >= 30 % | **FAIL** |');
    expect(table[2]).toContain('| 250 |');
    expect(table[3]).toContain('| bare | 1,000 | 1.00 | 1,000 | - | - |  |  |  |');
    expect(markdownTable(['a'], [['x|y']])).toBe('| a |\n| --- |\n| x\\|y |');
  });
});
