import { customerIdOfIdentity, type Identity } from '@csp/contracts';
import {
  type IdentityConfig, type IdentityDecision, identityKey, type IdentityObservation, isBlocked, parseKey, type ResolvedIdentities, resolveIdentities,
  sharedIdentities,
} from '@csp/customer-profile-domain';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { forgetAnswersAs } from '../customers/customer-refresh';

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
  /** Whom each id of the component answers as now. */
  answersAs: ReadonlyMap<string, string>;
}

export const idOfKey = (key: string) => customerIdOfIdentity(parseKey(key));

/** An observation is identified by its identifier set: the usable identifiers, distinct and sorted. */
export const observationKeys = (identities: readonly Identity[], config: IdentityConfig) =>
  [...new Set(identities.filter((i) => !isBlocked(i, config)).map(identityKey))].sort();
export const observationIdOf = (keys: readonly string[]) => createHash('sha1').update(keys.join('\n')).digest('hex');

/**
 * What a transaction knows of stored observations (prefetched for a batch, then kept by `observe`): the earliest
 * sighting is at or before `at` (at the same `eventId` when equal) and `verified` is at least this. An event seen
 * later than that, and not newly vouching, cannot change the observation: no statement is needed.
 */
interface KnownObservation { at: string; eventId: string; verified: boolean }
const knownObservations = new WeakMap<EntityManager, Map<string, KnownObservation>>();
/** Rows of the observation upsert (see `IdentityGraph.observe`). */
interface SharedRead { part: 'c' | 's' | 'v'; identity_key: string | null; identities: Identity[] | null }

/** What a resolution reads of a connected component (see `IdentityGraph.component`). */
interface Component {
  keys: Set<string>;
  shared: Set<string>;
  observations: Map<string, IdentityObservation>;
  decisions: Map<string, IdentityDecision>;
  /** alias id -> the customer it answers as now. */
  aliases: Map<string, string>;
  /** customer -> its merged_from now (the customers the component's ids answer as). */
  mergedFrom: Map<string, string[]>;
  /** The component's ids that have a customers row. */
  rows: Set<string>;
}

/** Transactions that hold the resolution lock already. */
const locked = new WeakSet<EntityManager>();

/** The ids of the observations these identifier sets would be (to read them up front). */
export function observationIdsOf(config: IdentityConfig, identitySets: readonly (readonly Identity[])[]): string[] {
  return [...new Set(identitySets.map((set) => observationKeys(set, config)).filter((keys) => keys.length > 0).map(observationIdOf))];
}

/** A stored observation as `observationsJsonSql` gives it (`first_at` as JSON text). */
export interface ObservationJson { id: string; first_at: string; first_event_id: string; verified: boolean }
/** An expression over `identity_observations` rows for `knowObservations` ($n = ids from `observationIdsOf`). */
export const observationsJsonSql = (param: string) =>
  `COALESCE((SELECT json_agg(json_build_object('id', id, 'first_at', first_at, 'first_event_id', first_event_id, 'verified', verified))
    FROM identity_observations WHERE id = ANY(${param})), '[]')`;

/** Keeps the stored observations read up front for the batch in the transaction's memory. */
export function knowObservations(manager: EntityManager, rows: readonly ObservationJson[]): void {
  knownObservations.set(manager, new Map(rows.map((r) => [r.id, { at: new Date(r.first_at).toISOString(), eventId: r.first_event_id, verified: r.verified }])));
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
    // One statement: the set's identifiers are indexed when the observation changed ('c'); when it is vouched for,
    // which of its identifiers are shared already ('s') and the vouched observations stored before of the others
    // ('v'), for markShared.
    const candidates = verified ? keys.filter((k) => !k.startsWith('externalId:')) : [];
    const rows: SharedRead[] = await this.manager.query(
      `WITH o AS (INSERT INTO identity_observations (id, identities, verified, first_at, first_event_id) VALUES ($1, $2, $5, $3, $4)
       ON CONFLICT (id) DO UPDATE SET
         first_at = LEAST(identity_observations.first_at, EXCLUDED.first_at),
         first_event_id = CASE WHEN (EXCLUDED.first_at, EXCLUDED.first_event_id) < (identity_observations.first_at, identity_observations.first_event_id)
           THEN EXCLUDED.first_event_id ELSE identity_observations.first_event_id END,
         verified = identity_observations.verified OR EXCLUDED.verified
         WHERE (EXCLUDED.first_at, EXCLUDED.first_event_id) < (identity_observations.first_at, identity_observations.first_event_id)
           OR (EXCLUDED.verified AND NOT identity_observations.verified)
       RETURNING true AS changed),
       oi AS (INSERT INTO observation_identities (identity_key, observation_id) SELECT k, $1 FROM unnest($6::text[]) k WHERE EXISTS (SELECT 1 FROM o) ON CONFLICT DO NOTHING)
       SELECT 'c' AS part, NULL AS identity_key, NULL::jsonb AS identities FROM o
       UNION ALL SELECT 's', identity_key, NULL FROM shared_identities WHERE identity_key = ANY($7)
       UNION ALL SELECT 'v', oi.identity_key, o.identities FROM observation_identities oi JOIN identity_observations o ON o.id = oi.observation_id AND o.verified
         WHERE oi.identity_key = ANY($7) AND oi.identity_key NOT IN (SELECT identity_key FROM shared_identities WHERE identity_key = ANY($7))`,
      [id, JSON.stringify(keys.map(parseKey)), at, eventId, verified, keys, candidates],
    );
    // Stored now: at or before this sighting, and vouched for if this one was.
    memory?.set(id, later ? { ...known, verified: known.verified || verified } : { at, eventId, verified: verified || Boolean(known?.verified) });
    if (!rows.some((r) => r.part === 'c')) return undefined; // the same set was seen earlier: nothing can change
    if (candidates.length > 0) await this.markShared(candidates, keys.map(parseKey), rows);
    return this.resolve(keys);
  }

  /**
   * Sharedness only grows, so it is decided once per identifier, over every vouched observation of it: those read
   * with the upsert (stored before it) plus the one just vouched for (the statement did not see its own write;
   * counting one twice changes nothing, sharedness counts distinct values).
   */
  private async markShared(candidates: readonly string[], vouched: Identity[], read: readonly SharedRead[]): Promise<void> {
    const shared = new Set(read.filter((r) => r.part === 's').map((r) => r.identity_key));
    const byKey = new Map(candidates.filter((k) => !shared.has(k)).map((k) => [k, [vouched]]));
    for (const r of read) if (r.part === 'v') byKey.get(String(r.identity_key))?.push(r.identities ?? []);
    for (const [key, observations] of byKey) {
      const asObservations = observations.map((identities, n): IdentityObservation => ({ id: String(n), at: '', identities }));
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
    // Held until the transaction ends: taken once per transaction (a batch resolves many times).
    if (!locked.has(this.manager)) {
      await this.manager.query(`SELECT pg_advisory_xact_lock(hashtext('customer-profile.identity-graph'))`);
      if (this.manager.queryRunner?.isTransactionActive) locked.add(this.manager);
    }
    const component = await this.component(seed);
    const resolved = resolveIdentities([...component.observations.values()], [...component.decisions.values()], this.config, component.shared);
    return this.store(component, resolved);
  }

  /**
   * Breadth-first over observations, decisions and current customers until nothing new is reachable. Shared
   * identifiers are not walked through (they glue nobody): a junk value that slipped past the blocklist makes
   * no component huge. Each step also reads what resolving and storing the component need of its frontier, so
   * the walk is all the reading a resolution does (nothing writes these tables in between).
   */
  private async component(seed: readonly string[]): Promise<Component> {
    const c: Component = { keys: new Set(seed), shared: new Set(), observations: new Map(), decisions: new Map(), aliases: new Map(), mergedFrom: new Map(), rows: new Set() };
    let frontier = [...seed];
    while (frontier.length > 0) {
      // Parts: 's' the frontier's shared identifiers (a frontier holds only keys not seen before, so its shared
      // ones are exactly those found here), 'w' what the others reach, 'o' their observations, 'd' decisions about
      // the frontier's ids, 'a' the frontier's aliases, 'm' merged_from of the customers they answer as, 'r' the
      // frontier's ids that have a row.
      const found: { part: 's' | 'w' | 'o' | 'd' | 'a' | 'm' | 'r'; k: string | null; o: string | null; j: Record<string, unknown> | null }[] = await this.manager.query(
        `WITH sh AS (SELECT identity_key FROM shared_identities WHERE identity_key = ANY($1)),
         oi AS (SELECT observation_id FROM observation_identities WHERE identity_key = ANY($1) AND identity_key NOT IN (SELECT identity_key FROM sh)),
         ca AS (SELECT alias_id, customer_id FROM customer_aliases WHERE identity_key = ANY($1))
         SELECT 's' AS part, identity_key AS k, NULL::text AS o, NULL::jsonb AS j FROM sh
         UNION ALL (
           SELECT 'w', oi2.identity_key, oi2.observation_id, NULL::jsonb FROM oi JOIN observation_identities oi2 ON oi2.observation_id = oi.observation_id
           UNION SELECT 'w', ca2.identity_key, NULL, NULL FROM ca JOIN customer_aliases ca2 ON ca2.customer_id = ca.customer_id
           UNION SELECT 'w', ca.identity_key, NULL, NULL FROM identity_decisions d
             JOIN customer_aliases ca ON ca.alias_id IN (d.a, d.b) WHERE d.a = ANY($2) OR d.b = ANY($2))
         UNION ALL SELECT 'o', o.id, NULL, jsonb_build_object('id', o.first_event_id, 'at', o.first_at, 'identities', o.identities, 'verified', o.verified)
           FROM identity_observations o WHERE o.id IN (SELECT observation_id FROM oi)
         UNION ALL SELECT 'd', d.event_id, NULL, jsonb_build_object('id', d.event_id, 'kind', d.kind, 'a', d.a, 'b', d.b, 'at', d.at)
           FROM identity_decisions d WHERE d.a = ANY($2) OR d.b = ANY($2)
         UNION ALL SELECT 'a', alias_id::text, customer_id::text, NULL FROM ca
         UNION ALL SELECT 'm', c.id::text, NULL, jsonb_build_object('mergedFrom', c.merged_from) FROM customers c WHERE c.id IN (SELECT customer_id FROM ca)
         UNION ALL SELECT 'r', c.id::text, NULL, NULL FROM customers c WHERE c.id = ANY($2)`,
        [frontier, frontier.map(idOfKey)],
      );
      frontier = [];
      for (const { part, k: key, o, j } of found) {
        const k = String(key);
        const at = () => new Date(String(j?.at)).toISOString();
        if (part === 's') c.shared.add(k);
        else if (part === 'o') c.observations.set(k, { ...(j as Omit<IdentityObservation, 'at'>), at: at() });
        else if (part === 'd') c.decisions.set(k, { ...(j as Omit<IdentityDecision, 'at'>), at: at() });
        else if (part === 'a') c.aliases.set(k, String(o));
        else if (part === 'm') c.mergedFrom.set(k, (j as { mergedFrom: string[] }).mergedFrom);
        else if (part === 'r') c.rows.add(k);
        else if (!c.keys.has(k)) {
          c.keys.add(k);
          frontier.push(k);
        }
      }
    }
    return c;
  }

  private async store(component: Component, resolved: ResolvedIdentities): Promise<IdentityChange> {
    const { keys } = component;
    const entries = [...keys].map((k) => [idOfKey(k), k, resolved.aliases[idOfKey(k)]] as const).filter(([, , to]) => to);
    const oldOf = component.aliases;
    const oldSurvivors = [...new Set(oldOf.values())];
    const anchors = new Set([...[...component.mergedFrom.values()].flat(), ...oldSurvivors, ...resolved.customers.flatMap((c) => [c.id, ...c.mergedFrom])]);

    const survivors = resolved.customers.map((c) => c.id);
    // Two round trips: aliases and the old identities out (separate tables), then the new identities and rows (a
    // statement does not see its own deletes, so the identities go in after).
    await this.manager.query(
      `WITH a AS (INSERT INTO customer_aliases (alias_id, identity_key, customer_id) SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[])
         ON CONFLICT (alias_id) DO UPDATE SET customer_id = EXCLUDED.customer_id)
       DELETE FROM customer_identities WHERE customer_id = ANY($4)`,
      [entries.map((e) => e[0]), entries.map((e) => e[1]), entries.map((e) => e[2]), [...oldSurvivors, ...survivors]],
    );
    forgetAnswersAs(this.manager);
    if (resolved.customers.length > 0) {
      const rows = resolved.customers.flatMap((c) => [...c.identities.map((i) => ({ ...i, shared: false })), ...c.shared.map((i) => ({ ...i, shared: true }))].map((i) => ({ ...i, id: c.id })));
      await this.manager.query(
        `WITH i AS (INSERT INTO customer_identities (kind, value, customer_id, shared) SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::boolean[]))
         INSERT INTO customers (id, traits, merged_from)
         SELECT t.id, '{}', ARRAY(SELECT m.id::uuid FROM jsonb_array_elements_text(t.merged_from) WITH ORDINALITY AS m(id, n) ORDER BY m.n)
         FROM jsonb_to_recordset($5::jsonb) AS t(id uuid, merged_from jsonb)
         ON CONFLICT (id) DO UPDATE SET merged_from = EXCLUDED.merged_from`,
        [rows.map((r) => r.kind), rows.map((r) => r.value), rows.map((r) => r.id), rows.map((r) => r.shared), JSON.stringify(resolved.customers.map((c) => ({ id: c.id, merged_from: c.mergedFrom })))],
      );
    }
    const moves = [...anchors]
      .map((aliasId) => ({ aliasId, from: oldOf.get(aliasId) ?? aliasId, to: resolved.aliases[aliasId] ?? aliasId }))
      .filter((m) => m.from !== m.to)
      .sort((a, b) => (a.aliasId < b.aliasId ? -1 : 1));
    // Rows of ids that were customers of their own before their identifiers were known (a ticket came first);
    // the survivors' rows written above are in `survivors` already.
    const stale = entries.map(([id]) => id).filter((id) => component.rows.has(id));
    return { moves, affected: [...new Set([...oldSurvivors, ...survivors, ...stale])], answersAs: new Map(entries.map(([aliasId, , to]) => [aliasId, to])) };
  }
}
