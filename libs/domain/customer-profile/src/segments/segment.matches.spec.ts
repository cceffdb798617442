import { matches, segmentsOf } from './segment.matches';
import type { SegmentCondition } from './segments.document';
import { daysAgo, NOW, viewOf } from './segments.fixture';

const m = (conditions: SegmentCondition, view = viewOf()) => matches({ conditions }, view, NOW);

describe('matches', () => {
  it('tests every operator on the fields of the view', () => {
    expect(m({ field: 'tier', op: 'eq', value: 'gold' })).toBe(true);
    expect(m({ field: 'tier', op: 'neq', value: 'gold' })).toBe(false);
    expect(m({ field: 'churnRisk', op: 'in', value: ['medium', 'high'] })).toBe(false);
    expect(m({ field: 'health.score', op: 'gte', value: 82 })).toBe(true);
    expect(m({ field: 'health.score', op: 'gt', value: 82 })).toBe(false);
    expect(m({ field: 'orders.lifetimeValue.EUR', op: 'gt', value: 1000 })).toBe(true);
    expect(m({ field: 'orders.lifetimeValue.GBP', op: 'gt', value: 0 })).toBe(false);
    expect(m({ field: 'tickets.complaints', op: 'lte', value: 0 })).toBe(false);
    expect(m({ field: 'satisfaction.lastNps', op: 'lt', value: 7 })).toBe(false);
    expect(m({ field: 'tags', op: 'contains', value: 'b2b' })).toBe(true);
    expect(m({ field: 'tags', op: 'in', value: ['vip-care', 'newsletter'] })).toBe(true);
    expect(m({ field: 'traits.company', op: 'contains', value: 'northwind' })).toBe(true);
    expect(m({ field: 'orders.lastOrderAt', op: 'gt', value: '2026-06-01' })).toBe(true);
    expect(m({ field: 'behaviour.lastVisitAt', op: 'withinDays', value: 2 })).toBe(true);
    expect(m({ field: 'tickets.lastTicketAt', op: 'withinDays', value: 2 })).toBe(false);
  });

  it('treats a missing value as matching only neq and exists: false', () => {
    const view = viewOf({ tier: null, traits: {} });
    expect(m({ field: 'tier', op: 'eq', value: 'gold' }, view)).toBe(false);
    expect(m({ field: 'tier', op: 'neq', value: 'gold' }, view)).toBe(true);
    expect(m({ field: 'traits.company', op: 'exists', value: false }, view)).toBe(true);
    expect(m({ field: 'traits.constructor', op: 'exists', value: true }, view)).toBe(false);
    expect(m({ field: 'satisfaction.lastCes', op: 'lt', value: 3 })).toBe(false);
  });

  it('nests all, any and not', () => {
    const dormantBuyer: SegmentCondition = {
      all: [{ field: 'orders.count', op: 'gte', value: 2 }, { not: { field: 'behaviour.lastVisitAt', op: 'withinDays', value: 60 } }],
    };
    expect(m(dormantBuyer)).toBe(false);
    expect(m(dormantBuyer, viewOf({ behaviour: { abandonedCarts: 0, lastVisitAt: daysAgo(90) } }))).toBe(true);
    expect(m({ any: [{ field: 'tier', op: 'eq', value: 'vip' }, { field: 'tags', op: 'contains', value: 'b2b' }] })).toBe(true);
  });

  it('lists the segments a customer is in, in document order', () => {
    const segments = [
      { id: 'gold', name: 'Gold', conditions: { field: 'tier', op: 'eq' as const, value: 'gold' } },
      { id: 'vip', name: 'VIP', conditions: { field: 'tier', op: 'eq' as const, value: 'vip' } },
      { id: 'carts', name: 'Cart abandoners', conditions: { field: 'behaviour.abandonedCarts', op: 'gte' as const, value: 2 } },
    ];
    expect(segmentsOf(segments, viewOf(), NOW)).toEqual(['gold', 'carts']);
  });
});
