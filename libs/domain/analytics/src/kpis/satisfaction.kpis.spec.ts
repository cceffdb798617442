import { ces, cesEasyShare, csat, nps } from './satisfaction.kpis';

describe('satisfaction KPIs (hand-computed expectations)', () => {
  it('NPS: promoters minus detractors over all answers, passives in the denominator', () => {
    expect(nps([10, 9, 8, 7, 6, 0])).toEqual({ value: 0, count: 6 }); // 2 promoters, 2 detractors
    expect(nps([8, 7, 8])).toEqual({ value: 0, count: 3 }); // passives only
    expect(nps([10, 10, 10, 3])).toEqual({ value: 50, count: 4 });
    expect(nps([])).toEqual({ value: null, count: 0 });
  });

  it('CSAT: share of 4 and 5', () => {
    expect(csat([5, 4, 3, 1])).toEqual({ value: 50, count: 4 });
    expect(csat([5, 5, 2])).toEqual({ value: 66.67, count: 3 });
    expect(csat([])).toEqual({ value: null, count: 0 });
  });

  it('CES: mean score and share of easy answers (5-7)', () => {
    expect(ces([7, 5, 3])).toEqual({ value: 5, count: 3 });
    expect(cesEasyShare([7, 5, 3, 4])).toEqual({ value: 50, count: 4 });
  });
});
