import { assessHealth, riskOf } from './assess-health';
import { assessed, ev, given, loyal, NOW } from './health-events.fixture';
import { healthModel } from './health-model.config';
import { initialSignals } from './health-signals';

describe('assessHealth', () => {
  it('given no history, when assessed, then the customer is healthy with nothing to explain', () => {
    expect(assessHealth(initialSignals(), NOW)).toEqual({ score: 100, churnRisk: 'low', reasons: [], contributions: [] });
  });

  it('given a loyal, content customer, then the score is 100 and the risk low', () => {
    expect(assessed(...loyal())).toMatchObject({ score: 100, churnRisk: 'low', reasons: [] });
  });

  it('given falling CSAT, then the fall is the reason and costs its share of the weight', () => {
    // fall 5 -> 2 over 3 answers = full severity (fallForFull 3) -> 25 points
    const a = assessed(...loyal(), ev.csat(30, 5), ev.csat(20, 4), ev.csat(10, 2));
    expect(a.contributions).toEqual([{ signal: 'satisfaction', points: 25, reason: 'CSAT fell from 5.0 to 2.0 over the last 3 answers' }]);
    expect(a).toMatchObject({ score: 75, churnRisk: 'low' });
  });

  it('given CSAT that moves within the fine range (5, 5, 4), then it is no warning', () => {
    expect(assessed(ev.csat(30, 5), ev.csat(20, 5), ev.csat(10, 4)).contributions).toEqual([]);
  });

  it('given steadily low CSAT, then the level is the reason', () => {
    // mean 2.5 -> (4 - 2.5) / 2 = 0.75 of 25
    expect(assessed(ev.csat(30, 3), ev.csat(10, 2)).contributions[0]).toEqual({ signal: 'satisfaction', points: 18.8, reason: 'CSAT averages 2.5 over the last 2 answers' });
  });

  it('given a drifting customer (complaints, a ticket surge, SLA breaches, silence), then high risk with the top three reasons', () => {
    const a = assessed(
      ev.order(200), ev.order(170), ev.order(140), ev.order(110), ev.visit(45),
      ev.ticket(1, 25, 'complaint'), ev.ticket(2, 15), ev.routed(2, 15, 'complaint'), ev.ticket(3, 5), ev.breach(3, 4), ev.breach(2, 14),
      ev.csat(20, 2), ev.nps(19, 2),
    );
    expect(a.churnRisk).toBe('high');
    expect(a.reasons).toEqual([
      'Last CSAT answer was 2 of 5',
      'No order for 110 days (usually every 30 days)',
      '3 tickets in the last 30 days, up from 0.0 per 30 days before',
    ]);
    // 25 CSAT + 20 orders + 15 surge + 15 complaints + 10 breaches (2 of 3) + 7.1 NPS + 6.2 visits + 5 open tickets
    expect(a.contributions.map((c) => [c.signal, c.points])).toEqual([
      ['satisfaction', 25], ['orderSilence', 20], ['ticketSurge', 15], ['complaints', 15], ['slaBreaches', 10], ['nps', 7.1], ['visitSilence', 6.2], ['openTickets', 5],
    ]);
    expect(a.score).toBe(0);
  });

  it("judges order silence against the customer's own rhythm", () => {
    // a weekly buyer's rhythm counts as 14 days at least (minIntervalDays): silent 50 days = 3.6x overdue -> full;
    // silent 30 days = 2.1x -> (2.14 - 1.5) / 2 of 20; a 60-day buyer silent 30 days is not overdue at all
    const weekly = assessed(ev.order(71), ev.order(64), ev.order(57), ev.order(50));
    const lapsing = assessed(ev.order(51), ev.order(44), ev.order(37), ev.order(30));
    const rare = assessed(ev.order(150), ev.order(90), ev.order(30));
    expect(weekly.contributions).toEqual([{ signal: 'orderSilence', points: 20, reason: 'No order for 50 days (usually every 14 days)' }]);
    expect(lapsing.contributions).toEqual([{ signal: 'orderSilence', points: 6.4, reason: 'No order for 30 days (usually every 14 days)' }]);
    expect(rare.contributions).toEqual([]);
  });

  it('weighs refunds by count and share of orders', () => {
    expect(assessed(ev.order(60), ev.order(40), ev.order(20), ev.order(5), ev.refund(30)).contributions).toEqual([
      { signal: 'refunds', points: 2.5, reason: '1 of 4 orders in the last 90 days refunded' },
    ]);
    expect(assessed(ev.order(30), ev.order(20), ev.refund(15), ev.refund(10)).contributions.find((c) => c.signal === 'refunds')?.points).toBe(10);
  });

  it('forgets what is outside the look-back windows', () => {
    expect(assessed(ev.ticket(1, 120, 'complaint'), ev.status(1, 119, 'solved'), ev.breach(1, 100)).contributions).toEqual([]);
  });

  it('maps scores to risk levels at the configured thresholds', () => {
    expect([100, 65, 64, 40, 39, 0].map((s) => riskOf(s))).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high']);
    const strict = healthModel({ riskBelow: { medium: 90 } });
    expect(strict.riskBelow).toEqual({ high: 40, medium: 90 });
    expect(assessHealth(given(ev.csat(30, 5), ev.csat(10, 2)), NOW, strict)).toMatchObject({ score: 75, churnRisk: 'medium' });
  });
});
