import { validateSegments } from './segments.validate';

const doc = (conditions: unknown, extra: object = {}) => ({ segments: [{ id: 'seg', name: 'Segment', conditions, ...extra }] });
const errorsOf = (value: unknown) => {
  const result = validateSegments(value);
  return result.ok ? [] : result.errors;
};

describe('validateSegments', () => {
  it('accepts a realistic document', () => {
    const value = {
      version: 2,
      segments: [
        { id: 'vip-at-risk', name: 'VIPs at risk', conditions: { all: [{ field: 'tier', op: 'eq', value: 'vip' }, { field: 'churnRisk', op: 'in', value: ['medium', 'high'] }] } },
        { id: 'dormant', name: 'Dormant buyers', conditions: { all: [{ field: 'orders.count', op: 'gte', value: 2 }, { not: { field: 'behaviour.lastVisitAt', op: 'withinDays', value: 60 } }] } },
        { id: 'big-spenders', name: 'Big spenders', conditions: { any: [{ field: 'orders.lifetimeValue.EUR', op: 'gt', value: 1000 }, { field: 'tags', op: 'contains', value: 'key-account' }] } },
        { id: 'companies', name: 'Companies', conditions: { field: 'traits.company', op: 'exists', value: true } },
      ],
    };
    expect(validateSegments(value)).toEqual({ ok: true, document: value });
  });

  it('reports schema problems with JSON Pointers', () => {
    expect(errorsOf({ segments: [{ id: 'Bad Id', name: 'x', conditions: { field: 'tier', op: 'like', value: 'vip', extra: 1 } }] })).toEqual(
      expect.arrayContaining([
        { path: '/segments/0/id', message: 'must match pattern "^[a-z0-9][a-z0-9_-]*$"' },
        { path: '/segments/0/conditions/extra', message: 'is not allowed' },
      ]),
    );
    expect(errorsOf(doc({ field: 'tier', op: 'like', value: 'vip' }))).toEqual([
      { path: '/segments/0/conditions/op', message: 'must be one of: eq, neq, in, gt, gte, lt, lte, contains, exists, withinDays' },
    ]);
    expect(errorsOf({ segments: [{ id: 'a', conditions: { all: [] } }] })).toEqual(
      expect.arrayContaining([{ path: '/segments/0/name', message: 'is required' }, { path: '/segments/0/conditions/all', message: 'must NOT have fewer than 1 items' }]),
    );
  });

  it('points at the nested condition that is wrong', () => {
    expect(errorsOf(doc({ all: [{ field: 'tier', op: 'eq', value: 'vip' }, { any: [{ field: 'orders.total', op: 'gt', value: 3 }] }] }))).toEqual([
      { path: '/segments/0/conditions/all/1/any/0/field', message: "unknown field 'orders.total'" },
    ]);
    expect(errorsOf(doc({ not: { field: 'health.score', op: 'withinDays', value: 3 } }))).toEqual([
      { path: '/segments/0/conditions/not/op', message: "'withinDays' does not apply to 'health.score'; use one of: eq, neq, in, gt, gte, lt, lte, exists" },
    ]);
  });

  it('checks the value against the operator and the field', () => {
    const cases: Array<[unknown, string]> = [
      [{ field: 'tier', op: 'eq', value: 'VIP' }, 'must be one of: standard, gold, vip'],
      [{ field: 'churnRisk', op: 'in', value: ['high', 'severe'] }, 'must be one of: low, medium, high'],
      [{ field: 'health.score', op: 'lt', value: '40' }, 'must be a number'],
      [{ field: 'orders.lastOrderAt', op: 'gt', value: 'last week' }, 'must be a date or date-time (ISO 8601)'],
      [{ field: 'behaviour.lastVisitAt', op: 'withinDays', value: 0 }, 'must be a number of days > 0'],
      [{ field: 'tags', op: 'exists', value: 'yes' }, 'must be true or false'],
      [{ field: 'tags', op: 'contains', value: ['a'] }, "must be a single value for 'contains'"],
      [{ field: 'tier', op: 'in', value: 'vip' }, 'must be a list of values'],
      [{ field: 'traits.company', op: 'eq' }, 'is required'],
      [{ field: 'traits.company', op: 'eq', value: { name: 'x' } }, 'must be a text (at most 500 characters), a number, true or false, or a list of 1 to 200 of them'],
      [{ field: 'tier', op: 'in', value: [] }, 'must be a text (at most 500 characters), a number, true or false, or a list of 1 to 200 of them'],
    ];
    for (const [condition, message] of cases) expect([condition, errorsOf(doc(condition))]).toEqual([condition, [{ path: '/segments/0/conditions/value', message }]]);
  });

  it('wants exactly one kind of node, an operator for a field, and unique ids', () => {
    expect(errorsOf(doc({}))).toEqual([{ path: '/segments/0/conditions', message: 'must have one of all, any, not or field' }]);
    expect(errorsOf(doc({ field: 'tier', op: 'eq', value: 'vip', any: [{ field: 'tags', op: 'exists', value: true }] }))).toEqual([
      { path: '/segments/0/conditions', message: 'must have only one of any, field' },
    ]);
    expect(errorsOf(doc({ field: 'tier' }))).toEqual([{ path: '/segments/0/conditions/op', message: 'is required' }]);
    const twice = { segments: [0, 1].map(() => ({ id: 'same', name: 'n', conditions: { field: 'tags', op: 'exists', value: true } })) };
    expect(errorsOf(twice)).toEqual([{ path: '/segments/1/id', message: "duplicates the segment id 'same' of /segments/0" }]);
  });
});
