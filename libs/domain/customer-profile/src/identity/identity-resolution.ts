import { customerIdOfIdentity, IDENTITY_PRECEDENCE, type Identity } from '@csp/contracts';
import { type IdentityConfig, identityKey, isBlocked } from './identity.config';
import { UnionFind } from './union-find';

/** One set of identifiers seen together (an interaction's `customer`), with when it happened. */
export interface IdentityObservation {
  /** The id of the (first) event that carried this set: breaks ties between observations at the same time. */
  id: string;
  at: string;
  identities: readonly Identity[];
  /**
   * False when the identifiers are only claimed together (typed into a web form, guessed by social listening):
   * they are recorded, but merge nobody. Default true (a connector's system of record vouches for them).
   */
  verified?: boolean;
}

/** A manual decision of an agent about two customer ids (the ids of identifiers). The latest per pair wins. */
export interface IdentityDecision {
  id: string;
  at: string;
  kind: 'merge' | 'separate';
  a: string;
  b: string;
}

export interface ResolvedCustomer {
  /** The survivor: the id of its strongest identifier (precedence, then first seen, then value). */
  id: string;
  /** Identifiers that belong to this customer only, strongest first. */
  identities: Identity[];
  /** Shared identifiers (a family email) this customer used; they merge nobody. */
  shared: Identity[];
  /** Ids that interactions were keyed by (customerIdFor) and that now answer as this customer. */
  mergedFrom: string[];
}

export interface ResolvedIdentities {
  customers: ResolvedCustomer[];
  /** The id of every usable identifier -> the customer it belongs to now. */
  aliases: Record<string, string>;
}

/**
 * Identity resolution as a function of the *set* of observations and decisions: the inputs are put in one
 * canonical order (time, then id) and folded into a union-find, so the same inputs in any delivery order give
 * the same customers. A union never joins two different external ids, nor two customers an agent separated;
 * blocklisted values are ignored and shared identifiers never glue.
 */
export function resolveIdentities(
  observations: readonly IdentityObservation[],
  decisions: readonly IdentityDecision[],
  config: IdentityConfig,
  /** Identifiers known to be shared from observations not given here (sharedness only ever grows). */
  knownShared: Iterable<string> = [],
): ResolvedIdentities {
  // Identifiers strongest first inside an observation, observations by time, id, then content: nothing in
  // the result may depend on the order the inputs were given in.
  const usable = observations
    .map((o) => ({ ...o, identities: sortKeys(dedupe(o.identities.filter((i) => !isBlocked(i, config))).map(identityKey)) }))
    .filter((o) => o.identities.length > 0)
    .sort((x, y) => canonical(x, y) || compare(x.identities.map(identityKey).join('\n'), y.identities.map(identityKey).join('\n')));
  const vouched = usable.filter((o) => o.verified !== false);
  const shared = new Set([...sharedIdentities(vouched, config), ...knownShared]);
  // When an identifier was first seen: the (time, id) of its earliest observation (sortable text).
  const firstSeen = new Map<string, string>();
  const byId = new Map<string, Identity>();
  usable.forEach((o) => {
    for (const i of o.identities) {
      const key = identityKey(i);
      if (!firstSeen.has(key)) firstSeen.set(key, `${o.at}\n${o.id}`);
      byId.set(customerIdOfIdentity(i), i);
    }
  });

  const latest = latestDecisions(decisions);
  // A decision about an id nobody observed (yet) binds nothing.
  const pairOf = (d: IdentityDecision) => {
    const [a, b] = [byId.get(d.a), byId.get(d.b)];
    return a && b ? ([identityKey(a), identityKey(b)] as const) : undefined;
  };
  const separated = latest.filter((d) => d.kind === 'separate').map(pairOf).filter((p): p is readonly [string, string] => p !== undefined);
  const uf = new UnionFind(firstSeen.keys(), (key) => (key.startsWith('externalId:') ? key : undefined), separated);
  const links = [
    ...vouched.map((o) => ({ at: o.at, id: o.id, keys: o.identities.map(identityKey).filter((k) => !shared.has(k)) })),
    ...latest.filter((d) => d.kind === 'merge' && pairOf(d)).map((d) => ({ at: d.at, id: d.id, keys: [...(pairOf(d) ?? [])] })),
  ].sort((x, y) => canonical(x, y) || compare(x.keys.join('\n'), y.keys.join('\n')));
  for (const link of links) for (const key of link.keys.slice(1)) uf.union(link.keys[0], key);

  const survivorOf = new Map<string, string>();
  for (const members of uf.components()) {
    const strongest = [...members].sort((x, y) => rank(x) - rank(y) || compare(firstSeen.get(x) ?? '', firstSeen.get(y) ?? '') || compare(x, y))[0];
    const survivor = customerIdOfIdentity(parseKey(strongest));
    for (const key of members) survivorOf.set(key, survivor);
  }
  return assemble(usable, shared, survivorOf);
}

function assemble(usable: readonly IdentityObservation[], shared: ReadonlySet<string>, survivorOf: ReadonlyMap<string, string>): ResolvedIdentities {
  const customers = new Map<string, { identities: Set<string>; shared: Set<string>; mergedFrom: Set<string> }>();
  const customer = (id: string) => entry(customers, id, () => ({ identities: new Set<string>(), shared: new Set<string>(), mergedFrom: new Set<string>() }));
  const aliases: Record<string, string> = {};
  for (const [key, survivor] of survivorOf) {
    aliases[customerIdOfIdentity(parseKey(key))] = survivor;
    if (!shared.has(key)) customer(survivor).identities.add(key);
  }
  for (const o of usable) {
    const anchor = o.identities.find((i) => !shared.has(identityKey(i))) ?? o.identities[0];
    const survivor = survivorOf.get(identityKey(anchor)) ?? customerIdOfIdentity(anchor);
    const anchorId = customerIdOfIdentity(anchor);
    if (anchorId !== survivor) customer(survivor).mergedFrom.add(anchorId);
    for (const i of o.identities) if (shared.has(identityKey(i))) customer(survivor).shared.add(identityKey(i));
  }
  return {
    customers: [...customers.entries()]
      .filter(([, c]) => c.identities.size > 0)
      .map(([id, c]) => ({ id, identities: sortKeys(c.identities), shared: sortKeys(c.shared), mergedFrom: [...c.mergedFrom].sort() }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    aliases,
  };
}

/**
 * Shared: seen (in vouched observations) with two external ids, or with more than `maxPerKind` distinct
 * identifiers of another kind (anonymous ids aside). Monotone: more observations never make an identifier unshared.
 */
export function sharedIdentities(observations: readonly IdentityObservation[], config: IdentityConfig): Set<string> {
  const partners = new Map<string, Map<string, Set<string>>>();
  for (const o of observations) {
    for (const i of o.identities) {
      if (i.kind === 'externalId') continue; // the connector's own key is authoritative, never shared
      const byKind = entry(partners, identityKey(i), () => new Map<string, Set<string>>());
      for (const other of o.identities) {
        // A person has many anonymous ids (devices, cleared cookies): they never make an identifier shared.
        if (other.kind === i.kind || other.kind === 'anonymousId') continue;
        entry(byKind, other.kind, () => new Set<string>()).add(other.value);
      }
    }
  }
  const shared = new Set<string>();
  for (const [key, byKind] of partners) {
    if ((byKind.get('externalId')?.size ?? 0) > 1 || [...byKind.values()].some((values) => values.size > config.maxPerKind)) shared.add(key);
  }
  return shared;
}

function latestDecisions(decisions: readonly IdentityDecision[]): IdentityDecision[] {
  const latest = new Map<string, IdentityDecision>();
  for (const d of [...decisions].sort(canonical)) latest.set([d.a, d.b].sort().join('|'), d);
  return [...latest.values()];
}

const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const canonical = (x: { at: string; id: string }, y: { at: string; id: string }) => compare(x.at, y.at) || compare(x.id, y.id);
const rank = (key: string) => IDENTITY_PRECEDENCE.indexOf(parseKey(key).kind);
const sortKeys = (keys: Iterable<string>) => [...keys].sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : 1)).map(parseKey);

export function parseKey(key: string): Identity {
  const colon = key.indexOf(':');
  return { kind: key.slice(0, colon) as Identity['kind'], value: key.slice(colon + 1) };
}

function entry<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  const found = map.get(key);
  if (found !== undefined) return found;
  const made = create();
  map.set(key, made);
  return made;
}

function dedupe(identities: readonly Identity[]): Identity[] {
  const seen = new Set<string>();
  return identities.filter((i) => !seen.has(identityKey(i)) && Boolean(seen.add(identityKey(i))));
}
