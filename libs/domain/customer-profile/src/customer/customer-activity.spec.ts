import { summariseOrders, summariseSatisfaction } from './customer-activity';

describe('order and satisfaction summaries', () => {
  it('sums lifetime value per currency net of refunds, with the purchase frequency', () => {
    const orders = [
      { amount: 100, currency: 'EUR', at: '2026-11-01T00:00:00.000Z' },
      { amount: 50.5, currency: 'EUR', at: '2026-11-11T00:00:00.000Z' },
      { amount: 20, currency: 'USD', at: '2026-11-21T00:00:00.000Z' },
    ];
    expect(summariseOrders(orders, [{ amount: 30, currency: 'EUR', at: '2026-11-12T00:00:00.000Z' }])).toEqual({
      count: 3, lifetimeValue: { EUR: 120.5, USD: 20 }, currency: 'EUR', lastOrderAt: '2026-11-21T00:00:00.000Z', purchaseFrequencyDays: 10,
      refunds: { count: 1, amount: { EUR: 30 } },
    });
    expect(summariseOrders([], [])).toMatchObject({ count: 0, currency: null, lastOrderAt: null, purchaseFrequencyDays: null });
  });

  it('reads a falling satisfaction as declining, whatever the survey kinds', () => {
    const at = (d: number) => `2026-11-${String(d).padStart(2, '0')}T00:00:00.000Z`;
    const answers = [
      { kind: 'csat' as const, score: 5, at: at(1) }, { kind: 'nps' as const, score: 9, at: at(2) },
      { kind: 'ces' as const, score: 6, at: at(3) }, { kind: 'csat' as const, score: 2, at: at(4) },
    ];
    expect(summariseSatisfaction(answers)).toEqual({ lastCsat: 2, lastNps: 9, lastCes: 6, trend: 'declining' });
    expect(summariseSatisfaction([...answers].reverse().map((a, i) => ({ ...a, at: at(i + 1) })))).toMatchObject({ trend: 'improving' });
    expect(summariseSatisfaction([])).toEqual({ lastCsat: null, lastNps: null, lastCes: null, trend: null });
  });
});
