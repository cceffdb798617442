import { reevaluateRoute, routeChanges } from './reevaluate-route';
import { routeTicket } from './route-ticket';
import { inputFixture, rulesFixture } from './routing-rules.fixture';

describe('reevaluateRoute: the customer tier arrives after routing', () => {
  const complaint = inputFixture({ channel: 'webform', category: 'complaint', body: 'This is the third time my parcel is late.' });

  it('re-routes a VIP complaint to the VIP team with high priority', () => {
    const first = routeTicket(rulesFixture(), complaint);
    expect(first).toMatchObject({ teamId: 'complaints', priority: 'normal', ruleId: 'complaints' });

    const again = reevaluateRoute(rulesFixture(), { ...complaint, tier: 'vip' }, first);

    expect(again).toEqual({
      changed: true,
      route: { teamId: 'vip', priority: 'high', category: 'complaint', requiredSkills: [], ruleId: 'vip-complaints' },
      changes: ['teamId', 'priority'],
    });
  });

  it('changes nothing when the tier does not matter', () => {
    const first = routeTicket(rulesFixture(), complaint);
    expect(reevaluateRoute(rulesFixture(), { ...complaint, tier: 'standard' }, first)).toEqual({ changed: false });
  });

  it('changes nothing when another rule gives the same route', () => {
    const first = { ...routeTicket(rulesFixture(), complaint), ruleId: 'an-older-rule' };
    expect(reevaluateRoute(rulesFixture(), { ...complaint, tier: 'gold' }, first)).toEqual({ changed: false });
  });

  it('compares required skills as sets', () => {
    const route = { teamId: 't', priority: 'normal' as const, category: 'c', requiredSkills: ['a', 'b'] };
    expect(routeChanges(route, { ...route, requiredSkills: ['b', 'a'] })).toEqual([]);
    expect(routeChanges(route, { ...route, requiredSkills: ['a'] })).toEqual(['requiredSkills']);
    expect(routeChanges(route, { ...route, category: 'd' })).toEqual(['category']);
  });
});
