import { auc, metricsOf, operatingPoints } from './health-eval.metrics';

const s = (score: number, churner: boolean, flagged = score < 65) => ({ score, churner, flagged });

describe('health evaluation metrics', () => {
  it('computes precision, recall and F1 from the flags', () => {
    const m = metricsOf([s(20, true), s(50, false), s(90, true), s(95, false), s(30, true)]);
    expect(m).toMatchObject({ customers: 5, churners: 3, flagged: 3, truePositives: 2 });
    expect([m.precision, m.recall, m.f1]).toEqual([2 / 3, 2 / 3, 2 / 3]);
  });

  it('AUC: 1 when every churner scores below every stayer, 0.5 for ties, 0 when reversed', () => {
    expect(auc([s(10, true), s(20, true), s(80, false), s(90, false)])).toBe(1);
    expect(auc([s(50, true), s(50, false)])).toBe(0.5);
    expect(auc([s(90, true), s(10, false)])).toBe(0);
    // one churner (30) below 2 of 3 stayers (40, 60) and above one (20): 2/3
    expect(auc([s(30, true), s(20, false), s(40, false), s(60, false)])).toBeCloseTo(2 / 3, 10);
  });

  it('lists precision and recall per score threshold', () => {
    expect(operatingPoints([s(20, true), s(50, false), s(60, true), s(95, false)], [30, 70])).toEqual([
      { below: 30, precision: 1, recall: 0.5, flagged: 1 },
      { below: 70, precision: 2 / 3, recall: 1, flagged: 3 },
    ]);
  });
});
