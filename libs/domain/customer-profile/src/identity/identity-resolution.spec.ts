import { customerIdOfIdentity, type Identity } from '@csp/contracts';
import fc from 'fast-check';
import { DEFAULT_IDENTITY_CONFIG, type IdentityConfig } from './identity.config';
import { type IdentityDecision, type IdentityObservation, resolveIdentities } from './identity-resolution';

const config: IdentityConfig = { ...DEFAULT_IDENTITY_CONFIG, maxPerKind: 3 };
const ext = (v: string): Identity => ({ kind: 'externalId', value: v });
const email = (v: string): Identity => ({ kind: 'email', value: `${v}@mail.test` });
const phone = (v: string): Identity => ({ kind: 'phone', value: v });
const id = customerIdOfIdentity;

const UNIVERSE: Identity[] = [
  ext('x1'), ext('x2'), ext('x3'),
  email('ada'), email('bob'), email('cy'), email('dee'), email('family'),
  phone('+4930111111'), phone('+4930222222'), phone('+4930333333'),
  { kind: 'social', value: 'x:ada' }, { kind: 'anonymousId', value: 'anon-1' }, { kind: 'anonymousId', value: 'anon-2' },
  { kind: 'email', value: 'test@test.com' },
];

const observationsArb = fc
  .array(fc.record({ at: fc.integer({ min: 0, max: 20 }), verified: fc.constantFrom(true, true, true, false), identities: fc.uniqueArray(fc.constantFrom(...UNIVERSE), { minLength: 1, maxLength: 3, selector: (i) => `${i.kind}:${i.value}` }) }), { maxLength: 25 })
  .map((list) => list.map((o, n): IdentityObservation => ({ id: `e${String(n).padStart(3, '0')}`, at: `2026-11-01T00:00:${String(o.at).padStart(2, '0')}.000Z`, identities: o.identities, verified: o.verified })));

const decisionsArb = (observations: IdentityObservation[]) => {
  const ids = [...new Set(observations.flatMap((o) => o.identities.map(id)))];
  if (ids.length < 2) return fc.constant<IdentityDecision[]>([]);
  return fc.array(
    fc.record({ at: fc.integer({ min: 0, max: 20 }), kind: fc.constantFrom('merge' as const, 'separate' as const), a: fc.constantFrom(...ids), b: fc.constantFrom(...ids) }),
    { maxLength: 4 },
  ).map((list) => list.filter((d) => d.a !== d.b).map((d, n): IdentityDecision => ({ ...d, id: `d${n}`, at: `2026-11-01T00:00:${String(d.at).padStart(2, '0')}.000Z` })));
};

const scenarioArb = observationsArb.chain((observations) => decisionsArb(observations).map((decisions) => ({ observations, decisions })));

describe('resolveIdentities', () => {
  it('gives the same customers and survivors whatever order the inputs arrive in (and with redeliveries)', () => {
    fc.assert(
      fc.property(scenarioArb, fc.infiniteStream(fc.nat()), ({ observations, decisions }, seeds) => {
        const once = resolveIdentities(observations, decisions, config);
        const noisy = [...observations, ...observations.filter((_, n) => n % 3 === 0)];
        const shuffled = shuffle(noisy, seeds).map((o) => ({ ...o, identities: shuffle(o.identities, seeds) }));
        expect(resolveIdentities(shuffled, shuffle(decisions, seeds), config)).toEqual(once);
      }),
      { numRuns: 500 },
    );
  });

  it('never puts two different external ids in one customer, and lists every usable identifier exactly once', () => {
    fc.assert(
      fc.property(scenarioArb, ({ observations, decisions }) => {
        const { customers, aliases } = resolveIdentities(observations, decisions, config);
        for (const c of customers) expect(c.identities.filter((i) => i.kind === 'externalId').length).toBeLessThanOrEqual(1);
        const listed = customers.flatMap((c) => c.identities.map((i) => `${i.kind}:${i.value}`));
        expect(new Set(listed).size).toBe(listed.length);
        expect(listed).not.toContain('email:test@test.com');
        for (const c of customers) for (const i of c.identities) expect(aliases[id(i)]).toBe(c.id);
      }),
      { numRuns: 500 },
    );
  });

  it('merges nobody through identifiers only claimed together (unverified)', () => {
    fc.assert(
      fc.property(observationsArb, (observations) => {
        const people = (r: ReturnType<typeof resolveIdentities>) => r.customers.map((c) => ({ id: c.id, identities: c.identities }));
        const apart = observations.flatMap((o) => (o.verified === false ? o.identities.map((i) => ({ ...o, identities: [i] })) : [o]));
        expect(people(resolveIdentities(observations, [], config))).toEqual(people(resolveIdentities(apart, [], config)));
      }),
      // Found by this property: the survivor once depended on where an observation sat in the input.
      { numRuns: 500, examples: [[[
        { id: 'e000', at: '2026-11-01T00:00:01.000Z', identities: [email('bob'), { kind: 'anonymousId', value: 'anon-2' }], verified: true },
        { id: 'e001', at: '2026-11-01T00:00:01.000Z', identities: [{ kind: 'anonymousId', value: 'anon-2' }, email('dee'), email('family')], verified: true },
        { id: 'e002', at: '2026-11-01T00:00:00.000Z', identities: [email('dee'), email('bob'), ext('x1')], verified: false },
      ]]] },
    );
  });

  it('unmerge restores both customers exactly as they were before the link', () => {
    const chainArb = (pool: Identity[]) =>
      fc.shuffledSubarray(pool, { minLength: 2, maxLength: pool.length }).map((ids) => ids.slice(1).map((next, n) => [ids[n], next]));
    const left = [email('ada'), phone('+4930111111'), { kind: 'anonymousId', value: 'anon-1' } as Identity];
    const right = [email('bob'), phone('+4930222222'), { kind: 'social', value: 'x:bob' } as Identity];
    fc.assert(
      fc.property(chainArb(left), chainArb(right), fc.nat(), fc.nat(), (a, b, i, j) => {
        const [la, rb] = [a.flat()[i % (a.length * 2)], b.flat()[j % (b.length * 2)]];
        const obs = (pairs: Identity[][], prefix: string) => pairs.map((identities, n): IdentityObservation => ({ id: `${prefix}${n}`, at: `2026-11-01T00:0${n}:00.000Z`, identities }));
        const [aObs, bObs] = [obs(a, 'a'), obs(b, 'b')];
        const link: IdentityObservation = { id: 'link', at: '2026-11-02T00:00:00.000Z', identities: [la, rb] };
        const apart = resolveIdentities([...aObs, ...bObs], [], config);
        expect(apart.customers).toHaveLength(2);
        const merged = resolveIdentities([...aObs, ...bObs, link], [], config);
        expect(merged.customers).toHaveLength(1);
        const [survivor, other] = [merged.customers[0].id, apart.customers.map((c) => c.id).find((c) => c !== merged.customers[0].id)!];
        const separate: IdentityDecision = { id: 'u', at: '2026-11-03T00:00:00.000Z', kind: 'separate', a: survivor, b: other };
        const unmerged = resolveIdentities([...aObs, ...bObs, link], [separate], config);
        // mergedFrom may now also name the link's own key (its events stay with whichever side owns that key).
        const people = (r: typeof apart) => r.customers.map(({ id: customerId, identities, shared }) => ({ customerId, identities, shared }));
        expect(people(unmerged)).toEqual(people(apart));
        const remerged = resolveIdentities([...aObs, ...bObs, link], [separate, { ...separate, id: 'm', at: '2026-11-04T00:00:00.000Z', kind: 'merge' }], config);
        expect(remerged.customers).toEqual(merged.customers);
      }),
      { numRuns: 100 },
    );
  });

  it('merges by precedence: the external id survives, the email-keyed customer is merged from', () => {
    const first: IdentityObservation = { id: 'e1', at: '2026-11-01T00:00:00.000Z', identities: [email('ada'), phone('+4930111111')] };
    const later: IdentityObservation = { id: 'e2', at: '2026-11-02T00:00:00.000Z', identities: [ext('x1'), email('ada')] };
    const { customers } = resolveIdentities([first, later], [], config);
    expect(customers).toEqual([{ id: id(ext('x1')), identities: [ext('x1'), email('ada'), phone('+4930111111')], shared: [], mergedFrom: [id(email('ada'))] }]);
  });

  it('keeps one person with many devices together: anonymous ids never make an email shared', () => {
    const devices = Array.from({ length: 8 }, (_, n): IdentityObservation => ({
      id: `d${n}`, at: `2026-11-01T00:00:0${n}.000Z`, identities: [email('ada'), { kind: 'anonymousId', value: `device-${n}` }],
    }));
    const { customers } = resolveIdentities(devices, [], config);
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({ id: id(email('ada')), shared: [] });
    expect(customers[0].identities).toHaveLength(9);
  });

  it('keeps a family email shared between two external ids and a junk value out of everything', () => {
    const family = email('family');
    const observations: IdentityObservation[] = [
      { id: 'e1', at: '2026-11-01T00:00:00.000Z', identities: [ext('x1'), family] },
      { id: 'e2', at: '2026-11-01T00:00:01.000Z', identities: [ext('x2'), family] },
      { id: 'e3', at: '2026-11-01T00:00:02.000Z', identities: [family, phone('+4930111111')] },
      { id: 'e4', at: '2026-11-01T00:00:03.000Z', identities: [{ kind: 'phone', value: '+10000000000' }, ext('x3')] },
      { id: 'e5', at: '2026-11-01T00:00:04.000Z', identities: [{ kind: 'phone', value: '+10000000000' }, ext('x1')] },
    ];
    const { customers } = resolveIdentities(observations, [], config);
    expect(customers.map((c) => c.identities.map((i) => i.value)).sort()).toEqual([['+4930111111'], ['x1'], ['x2'], ['x3']]);
    expect(customers.find((c) => c.id === id(ext('x1')))?.shared).toEqual([family]);
  });
});

function shuffle<T>(items: readonly T[], seeds: fc.Stream<number>): T[] {
  const out = [...items];
  const it = seeds[Symbol.iterator]();
  for (let i = out.length - 1; i > 0; i--) {
    const j = (it.next().value as number) % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
