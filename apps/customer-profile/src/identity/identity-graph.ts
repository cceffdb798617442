import { customerIdOfIdentity, type Identity } from '@csp/contracts';
import {
  type IdentityConfig, type IdentityDecision, identityKey, type IdentityObservation, isBlocked, parseKey, type ResolvedIdentities, resolveIdentities,
  sharedIdentities,
} from '@csp/customer-profile-domain';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** An id whose customer changed: `from` = the customer it answered as before (itself when new). */
export interface AliasMove {
  aliasId: string;
  from: string;
  to: string;
}

export interface IdentityChange {
  /** Ids of interactions (anchors) that now answer as another customer. */
  moves: AliasMove[];
  /** Customers before and after: their cached rows must be refreshed. */
  affected: string[];
}

const idOfKey = (key: string) => customerIdOfIdentity(parseKey(key));

/** An observation is identified by its identifier set: the usable identifiers, distinct and sorted. */
const observationKeys = (identities: readonly Identity[], config: IdentityConfig) =>
  [...new Set(identities.filter((i) => !isBlocked(i, config)).map(identityKey))].sort();
const observationIdOf = (keys: readonly string[]) => createHash('sha1').update(keys.join('\n')).digest('hex');

/**
 * What a transaction knows of stored observations (prefetched for a batch, then kept by `observe`): the earliest
 * sighting is at or before `at` (at the same `eventId` when equal) and `verified` is at least this. An event seen
 * later than that, and not newly vouching, cannot change the observation: no statement is needed.
 */
interface KnownObservation { at: string; eventId: string; verified: boolean }
const knownObservations = new WeakMap<EntityManager, Map<string, KnownObservation>>();

/** Reads the stored observations of these identifier sets into the transaction's memory (one statement). */
export async function prefetchObservations(manager: EntityManager, config: IdentityConfig, identitySets: readonly (readonly Identity[])[]): Promise<void> {
  const ids = [...new Set(identitySets.map((set) => observationKeys(set, config)).filter((keys) => keys.length > 0).map(observationIdOf))];
  const rows: { id: string; first_at: Date; first_event_id: string; verified: boolean }[] = await manager.query(
    'SELECT id, first_at, first_event_id, verified FROM identity_observations WHERE id = ANY($1)',
    [ids],
  );
  knownObservations.set(manager, new Map(rows.map((r) => [r.id, { at: r.first_at.toISOString(), eventId: r.first_event_id, verified: r.verified }])));
}

/** After observations were deleted in the transaction (erasure). */
export function forgetObservations(manager: EntityManager): void {
  knownObservations.delete(manager);
}

/**
 * The identity graph in Postgres: distinct observations (identifier sets) and manual decisions. A change is
 * resolved again over its connected component only (observations reachable through identifiers that are not
 * shared, decisions, and the customers it touched), which gives the same result as resolving everything.
 */
export class IdentityGraph {
  constructor(
    private readonly manager: EntityManager,
    private readonly config: IdentityConfig,
  ) {}

  usable(identities: readonly Identity[]): Identity[] {
    return identities.filter((i) => !isBlocked(i, this.config));
  }

  /**
   * Records one identifier set; resolves again only when it is new, earlier than the one recorded, or now
   * vouched for (an identifier set is vouched for once any connector vouched for it).
   */
  async observe(identities: readonly Identity[], at: string, eventId: string, verified: boolean): Promise<IdentityChange | undefined> {
    const keys = observationKeys(identities, this.config);
    if (keys.length === 0) return undefined;
    const id = observationIdOf(keys);
    const memory = knownObservations.get(this.manager);
    const known = memory?.get(id);
    // Strictly later only: equal times are decided by the database's text order of event ids.
    const later = known && (at > known.at || (at === known.at && eventId === known.eventId));
    if (later && (!verified || known.verified)) return undefined;
    const rows: { changed: boolean }[] = await this.manager.query(
      `INSERT INTO identity_observations (id, identities, verified, first_at, first_event_id) VALUES ($1, $2, $5, $3, $4)
       ON CONFLICT (id) DO UPDATE SET
         first_at = LEAST(identity_observations.first_at, EXCLUDED.first_at),
         first_event_id = CASE WHEN (EXCLUDED.first_at, EXCLUDED.first_event_id) < (identity_observations.first_at, identity_observations.first_event_id)
           THEN EXCLUDED.first_event_id ELSE identity_observations.first_event_id END,
         verified = identity_observations.verified OR EXCLUDED.verified
         WHERE (EXCLUDED.first_at, EXCLUDED.first_event_id) < (identity_observations.first_at, identity_observations.first_event_id)
           OR (EXCLUDED.verified AND NOT identity_observations.verified)
       RETURNING true AS changed`,
      [id, JSON.stringify(keys.map(parseKey)), at, eventId, verified],
    );
    // Stored now: at or before this sighting, and vouched for if this one was.
    memory?.set(id, later ? { ...known, verified: known.verified || verified } : { at, eventId, verified: verified || Boolean(known?.verified) });
    if (rows.length === 0) return undefined; // the same set was seen earlier: nothing can change
    await this.manager.query(
      'INSERT INTO observation_identities (identity_key, observation_id) SELECT k, $2 FROM unnest($1::text[]) k ON CONFLICT DO NOTHING',
      [keys, id],
    );
    if (verified) await this.markShared(keys);
    return this.resolve(keys);
  }

  /** Sharedness only grows, so it is decided once per identifier, over every vouched observation of it. */
  private async markShared(keys: readonly string[]): Promise<void> {
    const known: { identity_key: string }[] = await this.manager.query('SELECT identity_key FROM shared_identities WHERE identity_key = ANY($1)', [keys]);
    for (const key of keys.filter((k) => !k.startsWith('externalId:') && !known.some((r) => r.identity_key === k))) {
      const observations: { identities: Identity[] }[] = await this.manager.query(
        `SELECT o.identities FROM observation_identities oi JOIN identity_observations o ON o.id = oi.observation_id AND o.verified WHERE oi.identity_key = $1`,
        [key],
      );
      const asObservations = observations.map((o, n): IdentityObservation => ({ id: String(n), at: '', identities: o.identities }));
      if (sharedIdentities(asObservations, this.config).has(key)) {
        await this.manager.query('INSERT INTO shared_identities (identity_key) VALUES ($1) ON CONFLICT DO NOTHING', [key]);
      }
    }
  }

  /** Records a manual merge or separation of two customer ids. */
  async decide(decision: IdentityDecision): Promise<IdentityChange | undefined> {
    const inserted: unknown[] = await this.manager.query(
      'INSERT INTO identity_decisions (event_id, kind, a, b, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING event_id',
      [decision.id, decision.kind, decision.a, decision.b, decision.at],
    );
    if (inserted.length === 0) return undefined;
    const keys: { identity_key: string }[] = await this.manager.query('SELECT identity_key FROM customer_aliases WHERE alias_id = ANY($1)', [[decision.a, decision.b]]);
    return keys.length ? this.resolve(keys.map((k) => k.identity_key)) : undefined;
  }

  private async resolve(seed: readonly string[]): Promise<IdentityChange> {
    // Components may overlap between concurrent consumers (Kafka partitions): one resolution at a time. A
    // deadlock with a row lock is detected by PostgreSQL and the batch is retried.
    await this.manager.query(`SELECT pg_advisory_xact_lock(hashtext('customer-profile.identity-graph'))`);
    const { keys, observationIds, shared } = await this.component(seed);
    const observations: { id: string; identities: Identity[]; verified: boolean; first_at: Date; first_event_id: string }[] = await this.manager.query(
      'SELECT id, identities, verified, first_at, first_event_id FROM identity_observations WHERE id = ANY($1)',
      [[...observationIds]],
    );
    const aliasIds = [...keys].map(idOfKey);
    const decisions: { event_id: string; kind: 'merge' | 'separate'; a: string; b: string; at: Date }[] = await this.manager.query(
      'SELECT event_id, kind, a, b, at FROM identity_decisions WHERE a = ANY($1) OR b = ANY($1)',
      [aliasIds],
    );
    const resolved = resolveIdentities(
      observations.map((o): IdentityObservation => ({ id: o.first_event_id, at: o.first_at.toISOString(), identities: o.identities, verified: o.verified })),
      decisions.map((d): IdentityDecision => ({ id: d.event_id, kind: d.kind, a: d.a, b: d.b, at: d.at.toISOString() })),
      this.config,
      shared,
    );
    return this.store(keys, resolved);
  }

  /**
   * Breadth-first over observations, decisions and current customers until nothing new is reachable. Shared
   * identifiers are not walked through (they glue nobody): a junk value that slipped past the blocklist makes
   * no component huge.
   */
  private async component(seed: readonly string[]): Promise<{ keys: Set<string>; observationIds: Set<string>; shared: Set<string> }> {
    const keys = new Set(seed);
    const observationIds = new Set<string>();
    const shared = new Set<string>();
    let frontier = [...seed];
    while (frontier.length > 0) {
      const known: { identity_key: string }[] = await this.manager.query('SELECT identity_key FROM shared_identities WHERE identity_key = ANY($1)', [frontier]);
      for (const r of known) shared.add(r.identity_key);
      const found: { k: string; o: string | null }[] = await this.manager.query(
        `SELECT oi2.identity_key AS k, oi2.observation_id AS o FROM observation_identities oi1
           JOIN observation_identities oi2 ON oi2.observation_id = oi1.observation_id WHERE oi1.identity_key = ANY($3)
         UNION SELECT ca2.identity_key, NULL FROM customer_aliases ca1
           JOIN customer_aliases ca2 ON ca2.customer_id = ca1.customer_id WHERE ca1.identity_key = ANY($1)
         UNION SELECT ca.identity_key, NULL FROM identity_decisions d
           JOIN customer_aliases ca ON ca.alias_id IN (d.a, d.b) WHERE d.a = ANY($2) OR d.b = ANY($2)`,
        [frontier, frontier.map(idOfKey), frontier.filter((k) => !shared.has(k))],
      );
      frontier = [];
      for (const { k, o } of found) {
        if (o) observationIds.add(o);
        if (!keys.has(k)) {
          keys.add(k);
          frontier.push(k);
        }
      }
    }
    return { keys, observationIds, shared };
  }

  private async store(keys: ReadonlySet<string>, resolved: ResolvedIdentities): Promise<IdentityChange> {
    const before: { alias_id: string; customer_id: string }[] = await this.manager.query(
      'SELECT alias_id, customer_id FROM customer_aliases WHERE identity_key = ANY($1)',
      [[...keys]],
    );
    const oldOf = new Map(before.map((r) => [r.alias_id, r.customer_id]));
    const oldSurvivors = [...new Set(oldOf.values())];
    const oldMerged: { merged_from: string[] }[] = await this.manager.query('SELECT merged_from FROM customers WHERE id = ANY($1)', [oldSurvivors]);
    const anchors = new Set([...oldMerged.flatMap((r) => r.merged_from), ...oldSurvivors, ...resolved.customers.flatMap((c) => [c.id, ...c.mergedFrom])]);

    const entries = [...keys].map((k) => [idOfKey(k), k, resolved.aliases[idOfKey(k)]] as const).filter(([, , to]) => to);
    await this.manager.query(
      `INSERT INTO customer_aliases (alias_id, identity_key, customer_id) SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[])
       ON CONFLICT (alias_id) DO UPDATE SET customer_id = EXCLUDED.customer_id`,
      [entries.map((e) => e[0]), entries.map((e) => e[1]), entries.map((e) => e[2])],
    );
    const survivors = resolved.customers.map((c) => c.id);
    await this.manager.query('DELETE FROM customer_identities WHERE customer_id = ANY($1)', [[...oldSurvivors, ...survivors]]);
    for (const c of resolved.customers) {
      const rows = [...c.identities.map((i) => ({ ...i, shared: false })), ...c.shared.map((i) => ({ ...i, shared: true }))];
      await this.manager.query(
        'INSERT INTO customer_identities (kind, value, customer_id, shared) SELECT k, v, $3, s FROM unnest($1::text[], $2::text[], $4::boolean[]) AS t(k, v, s)',
        [rows.map((r) => r.kind), rows.map((r) => r.value), c.id, rows.map((r) => r.shared)],
      );
      await this.manager.query(
        `INSERT INTO customers (id, traits, merged_from) VALUES ($1, '{}', $2) ON CONFLICT (id) DO UPDATE SET merged_from = EXCLUDED.merged_from`,
        [c.id, c.mergedFrom],
      );
    }
    const moves = [...anchors]
      .map((aliasId) => ({ aliasId, from: oldOf.get(aliasId) ?? aliasId, to: resolved.aliases[aliasId] ?? aliasId }))
      .filter((m) => m.from !== m.to)
      .sort((a, b) => (a.aliasId < b.aliasId ? -1 : 1));
    // Rows of ids that were customers of their own before their identifiers were known (a ticket came first).
    const stale: { id: string }[] = await this.manager.query('SELECT id FROM customers WHERE id = ANY($1)', [entries.map((e) => e[0])]);
    return { moves, affected: [...new Set([...oldSurvivors, ...survivors, ...stale.map((r) => r.id)])] };
  }
}
