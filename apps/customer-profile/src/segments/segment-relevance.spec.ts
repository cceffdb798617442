import { fieldsOf, mayMoveSegments } from './segment-relevance';

describe('which facts can move segment membership', () => {
  const segments = [
    { id: 'a', name: 'A', conditions: { all: [{ field: 'orders.count', op: 'gte' as const, value: 2 }, { not: { field: 'behaviour.lastVisitAt', op: 'withinDays' as const, value: 60 } }] } },
    { id: 'b', name: 'B', conditions: { any: [{ field: 'churnRisk', op: 'eq' as const, value: 'high' }] } },
  ];

  it('lists the fields of nested conditions', () => {
    expect(fieldsOf(segments).sort()).toEqual(['behaviour.lastVisitAt', 'churnRisk', 'orders.count']);
  });

  it('evaluates only when a fact or the health touches a field some segment reads', () => {
    const fields = fieldsOf(segments);
    expect(mayMoveSegments(fields, 'cs.order.placed.v1', false)).toBe(true);
    expect(mayMoveSegments(fields, 'cs.page.viewed.v1', false)).toBe(true);
    expect(mayMoveSegments(fields, 'cs.survey.answered.v1', false)).toBe(false);
    expect(mayMoveSegments(fields, 'cs.survey.answered.v1', true)).toBe(true);
    expect(mayMoveSegments(fields, 'cs.ticket.opened.v1', false)).toBe(false);
    expect(mayMoveSegments(['tickets.open'], 'cs.ticket.status-changed.v1', false)).toBe(true);
    expect(mayMoveSegments(['traits.vip'], undefined, true)).toBe(false);
  });
});
