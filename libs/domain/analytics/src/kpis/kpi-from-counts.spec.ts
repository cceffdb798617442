import { countValue, meanFromSum, npsFromCounts, percentFromCounts, statistic } from './kpi-from-counts';
import { percentile } from './percentile';
import { ces, csat, nps } from './satisfaction.kpis';

describe('KPIs from aggregated counts (hand-computed)', () => {
  it('NPS from counts matches NPS from the answers', () => {
    expect(npsFromCounts(2, 2, 6)).toEqual(nps([10, 9, 8, 7, 6, 0]));
    expect(npsFromCounts(0, 0, 3)).toEqual({ value: 0, count: 3 }); // passives only
    expect(npsFromCounts(1, 2, 3)).toEqual({ value: -33.33, count: 3 }); // (1 - 2) / 3 = -33.33
    expect(npsFromCounts(0, 0, 0)).toEqual({ value: null, count: 0 });
  });

  it('percent shares and means', () => {
    expect(percentFromCounts(2, 3)).toEqual(csat([5, 4, 1])); // 66.67
    expect(percentFromCounts(0, 0)).toEqual({ value: null, count: 0 });
    expect(meanFromSum(15, 3)).toEqual(ces([7, 5, 3]));
    expect(countValue(4)).toEqual({ value: 4, count: 4 });
    expect(statistic(null, 0)).toEqual({ value: null, count: 0 });
    expect(statistic(12.345, 2)).toEqual({ value: 12.35, count: 2 });
  });

  it('percentile interpolates between closest ranks (PERCENTILE.INC)', () => {
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5); // h = 1.5 -> 2 + 0.5 * (3 - 2)
    expect(percentile([10, 20, 30, 40, 50], 0.9)).toBe(46); // h = 3.6 -> 40 + 0.6 * 10
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
  });
});
