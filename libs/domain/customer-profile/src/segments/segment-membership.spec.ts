import { membershipChanges } from './segment-membership';
import type { Segment } from './segments.document';
import { daysAgo, NOW, viewOf } from './segments.fixture';

const segments: Segment[] = [
  { id: 'at-risk', name: 'At risk', conditions: { field: 'churnRisk', op: 'in', value: ['medium', 'high'] } },
  { id: 'recent-visitors', name: 'Visited this month', conditions: { field: 'behaviour.lastVisitAt', op: 'withinDays', value: 30 } },
  { id: 'gold', name: 'Gold', conditions: { field: 'tier', op: 'eq', value: 'gold' } },
];

describe('membershipChanges', () => {
  it('given a customer seen for the first time, then every matching segment is entered', () => {
    expect(membershipChanges(segments, null, viewOf(), NOW)).toEqual({ entered: ['recent-visitors', 'gold'], left: [] });
  });

  it('given the risk rose and the tier changed, then at-risk is entered and gold left', () => {
    const before = viewOf();
    const after = viewOf({ tier: 'vip', health: { score: 50, churnRisk: 'medium' } });
    expect(membershipChanges(segments, before, after, NOW)).toEqual({ entered: ['at-risk'], left: ['gold'] });
  });

  it('given nothing changed, then nothing is entered or left', () => {
    expect(membershipChanges(segments, viewOf(), viewOf(), NOW)).toEqual({ entered: [], left: [] });
  });

  it('given the stored membership, then time alone and removed segments count', () => {
    const lapsed = viewOf({ behaviour: { abandonedCarts: 0, lastVisitAt: daysAgo(31) } });
    expect(membershipChanges(segments, ['recent-visitors', 'gold', 'old-segment'], lapsed, NOW)).toEqual({ entered: [], left: ['recent-visitors', 'old-segment'] });
  });
});
