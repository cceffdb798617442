import { ALL_EVENTS, EventCatalogue } from '@csp/contracts';
import { decideHealthEvents } from './decide-health-events';
import { NOW } from './health-events.fixture';

const id = '4d2f3e1a-0c9b-4f6e-8a7d-1b2c3d4e5f60';
const at = new Date(NOW).toISOString();
const healthy = { score: 92, churnRisk: 'low' as const, reasons: [] };
const medium = { score: 55, churnRisk: 'medium' as const, reasons: ['3 complaints in the last 90 days'] };
const high = { score: 30, churnRisk: 'high' as const, reasons: ['No order for 90 days (usually every 20 days)', 'Last NPS answer was 2 (detractor)'] };

describe('decideHealthEvents', () => {
  it('given a healthy customer, when the score wobbles by less than the threshold, then nothing is emitted', () => {
    expect(decideHealthEvents(id, healthy, { ...healthy, score: 88 }, NOW)).toEqual([]);
  });

  it('given a healthy customer, when the score moves by the threshold, then health-changed only', () => {
    expect(decideHealthEvents(id, healthy, { ...healthy, score: 87, reasons: ['x'] }, NOW)).toEqual([
      { type: 'cs.customer.health-changed.v1', data: { customerId: id, score: 87, previousScore: 92, churnRisk: 'low', reasons: ['x'], at } },
    ]);
  });

  it('given low risk, when it rises to medium, then health-changed and churn-risk raised with the reasons', () => {
    expect(decideHealthEvents(id, healthy, medium, NOW)).toEqual([
      { type: 'cs.customer.health-changed.v1', data: { customerId: id, score: 55, previousScore: 92, churnRisk: 'medium', reasons: medium.reasons, at } },
      { type: 'cs.churn-risk.raised.v1', data: { customerId: id, churnRisk: 'medium', previous: 'low', reasons: medium.reasons, at } },
    ]);
  });

  it('given high risk, when it eases to medium, then health-changed but neither raised nor cleared', () => {
    expect(decideHealthEvents(id, high, medium, NOW).map((e) => e.type)).toEqual(['cs.customer.health-changed.v1']);
  });

  it('given medium risk, when it falls back to low, then churn-risk cleared says what changed', () => {
    const events = decideHealthEvents(id, medium, { ...healthy, score: 70 }, NOW);
    expect(events[1]).toEqual({ type: 'cs.churn-risk.cleared.v1', data: { customerId: id, previous: 'medium', reasons: ['Health score recovered from 55 to 70'], at } });
  });

  it('given no previous assessment, then the customer counts as healthy: at risk raises at once, healthy says nothing', () => {
    expect(decideHealthEvents(id, null, high, NOW).map((e) => [e.type, 'previous' in e.data ? e.data.previous : undefined])).toEqual([
      ['cs.customer.health-changed.v1', undefined],
      ['cs.churn-risk.raised.v1', 'low'],
    ]);
    expect(decideHealthEvents(id, null, { score: 100, churnRisk: 'low', reasons: [] }, NOW)).toEqual([]);
  });

  it('keeps reasons within the contract limits (20 reasons of 200 characters)', () => {
    const [changed] = decideHealthEvents(id, healthy, { ...high, reasons: Array.from({ length: 25 }, () => 'r'.repeat(300)) }, NOW);
    expect(changed.data.reasons).toHaveLength(20);
    expect(changed.data.reasons.every((r) => r.length === 200)).toBe(true);
  });

  it('emits only events the contracts catalogue accepts', () => {
    const catalogue = new EventCatalogue(ALL_EVENTS);
    const events = [...decideHealthEvents(id, null, high, NOW), ...decideHealthEvents(id, high, healthy, NOW)];
    expect(events.map((e) => e.type)).toEqual(['cs.customer.health-changed.v1', 'cs.churn-risk.raised.v1', 'cs.customer.health-changed.v1', 'cs.churn-risk.cleared.v1']);
    expect(events.map((e) => catalogue.validate(e.type, e.data))).toEqual(events.map(() => ({ ok: true })));
  });
});
