import fc from 'fast-check';
import { membershipChanges } from './segment-membership';
import { matches, segmentsOf } from './segment.matches';
import type { Segment, SegmentCondition } from './segments.document';
import { NOW, viewOf } from './segments.fixture';

const leaf: fc.Arbitrary<SegmentCondition> = fc.oneof(
  fc.constantFrom('standard', 'gold', 'vip').map((value) => ({ field: 'tier', op: 'eq' as const, value })),
  fc.integer({ min: 0, max: 100 }).map((value) => ({ field: 'health.score', op: 'lt' as const, value })),
  fc.integer({ min: 1, max: 60 }).map((value) => ({ field: 'behaviour.lastVisitAt', op: 'withinDays' as const, value })),
  fc.constantFrom('b2b', 'vip-care').map((value) => ({ field: 'tags', op: 'contains' as const, value })),
);
const condition = fc.letrec<{ c: SegmentCondition }>((tie) => ({
  c: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })), tie('c').map((not) => ({ not }))),
})).c;
const segments = fc.array(condition, { maxLength: 6 }).map((cs): Segment[] => cs.map((conditions, i) => ({ id: `s${i}`, name: `S${i}`, conditions })));
const view = fc.record({ tier: fc.constantFrom('standard', 'gold', 'vip'), score: fc.integer({ min: 0, max: 100 }), visitDays: fc.integer({ min: 0, max: 90 }), tags: fc.subarray(['b2b', 'vip-care']) })
  .map(({ tier, score, visitDays, tags }) => viewOf({ tier, tags, health: { score, churnRisk: null }, behaviour: { abandonedCarts: 0, lastVisitAt: new Date(NOW - visitDays * 86_400_000).toISOString() } }));

describe('segments properties', () => {
  it('not inverts, and membership changes turn the old membership into the new one', () => {
    fc.assert(
      fc.property(segments, view, view, (list, before, after) => {
        for (const s of list) expect(matches({ conditions: { not: s.conditions } }, after, NOW)).toBe(!matches(s, after, NOW));
        const { entered, left } = membershipChanges(list, before, after, NOW);
        const next = new Set(segmentsOf(list, before, NOW));
        entered.forEach((id) => next.add(id));
        left.forEach((id) => next.delete(id));
        expect([...next].sort()).toEqual(segmentsOf(list, after, NOW).sort());
        expect(membershipChanges(list, segmentsOf(list, before, NOW), after, NOW)).toEqual({ entered, left });
      }),
    );
  });
});
