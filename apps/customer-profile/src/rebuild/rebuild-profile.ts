import type { IdentityConfig } from '@csp/customer-profile-domain';
import type { DeliveredEvent } from '@csp/message-bus';
import type { ClientBase } from 'pg';
import type { Fact } from '../customers/timeline-writes';
import { CUSTOMER_360_PROJECTION } from '../customers/customer-360.projection';
import { copyTextRow } from '@csp/projections';
import { arrayLiteral, copyFrom, copyRows } from './copy-rows';
import { ProfileFold } from './profile-fold';
import { profileRows, type ProfileRows } from './profile-rows';

/** A page of the log as the bus would deliver it, and where it ends (the projection's checkpoint). */
export interface LogPage {
  events: readonly DeliveredEvent[];
  /** Position of the page's last event in the log; `scope` is the checkpoint scope of those positions. */
  lastPosition: bigint;
  scope: string;
}

export interface SetRebuildOptions {
  /** The schema the read model's (empty, migrated) tables are in. */
  schema: string;
  identity: IdentityConfig;
  /** The projection's care clock: health is assessed and greetings planned at this time (default: now). */
  clock?: () => Date;
  /** Plan birthday greetings into the schema's deadlines, as the projection does when it has BirthdayGreetings. */
  birthdays?: boolean;
  /** After each page's timeline rows were written: events folded so far. */
  onPage?(events: number): void;
}

export interface SetRebuildResult {
  events: number;
  /** The last position read, per checkpoint scope (what the projection's checkpoints hold afterwards). */
  positions: Map<string, bigint>;
  /** Rows written per table. */
  rows: Record<string, number>;
}

/**
 * The set-based rebuild of the 360 read model (docs/customer-profile.md, "Rebuild"): the log is read once and folded
 * in memory (ProfileFold: observations, decisions, tickets, facts per customer id; the timeline is COPYed page by
 * page as it is read), identities are resolved once over everything, every customer's row, health and greeting is
 * computed with the projection's own functions (profileRows), and each table is written with COPY, in one
 * transaction (the indexes that back no constraint are dropped first and built again at the end). The tables come out as the per-event projection leaves them (tested against it over simulator
 * traffic), with an empty outbox: what the projection would announce anew is not decided here. A log the fold
 * cannot decide (an erasure, a segments document) throws NeedsPerEventRebuild after a rollback: nothing is written.
 */
export async function rebuildProfileSetBased(client: ClientBase, pages: AsyncIterable<LogPage>, o: SetRebuildOptions): Promise<SetRebuildResult> {
  const fold = new ProfileFold(o.identity);
  const t = (table: string) => `${quoted(o.schema)}.${quoted(table)}`;
  const rows: Record<string, number> = { customer_timeline: 0 };
  const positions = new Map<string, bigint>();
  await client.query('BEGIN');
  try {
    const indexes = await dropSecondaryIndexes(client, o.schema);
    // One page's timeline COPY in flight while the next page is read and folded (PostgreSQL and Node work at once).
    let copying: Promise<number> = Promise.resolve(0);
    for await (const page of pages) {
      const facts = page.events.map((e) => fold.add(e)).filter((f): f is Fact => f !== undefined);
      rows['customer_timeline'] += await copying;
      copying = facts.length ? copyFrom(client, t('customer_timeline'), TIMELINE_COLUMNS, facts.map(timelineRow).join('')) : Promise.resolve(0);
      // Awaited on the next turn; a failure meanwhile (the fold threw too) must not go unhandled.
      copying.catch(() => undefined);
      positions.set(page.scope, page.lastPosition);
      o.onPage?.(fold.events);
    }
    rows['customer_timeline'] += await copying;
    const computed = profileRows(fold, { identity: o.identity, now: (o.clock ?? (() => new Date()))(), birthdays: o.birthdays ?? false });
    Object.assign(rows, await writeRows(client, t, computed, fold));
    for (const definition of indexes) await client.query(definition);
    // Statistics for the planner: without them (autovacuum may be off or not there yet) the 360 view's plans guess
    // row counts of a few hundred and can pick sequential scans of the whole timeline.
    for (const table of FILLED_TABLES) await client.query(`ANALYZE ${t(table)}`);
    for (const [scope, position] of positions) {
      await client.query(`INSERT INTO ${t('projection_checkpoints')} (projection, scope, position) VALUES ($1, $2, $3)`, [CUSTOMER_360_PROJECTION, scope, String(position)]);
    }
    await client.query('COMMIT');
  } catch (error) {
    // The rebuild's own error (e.g. NeedsPerEventRebuild, on which the replay falls back) is the one to report.
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return { events: fold.events, positions, rows };
}

/**
 * The schema's indexes that back no constraint (the timeline's by customer and by type, the customers' filters...):
 * dropped inside the rebuild's transaction and created again from their own definitions after the COPYs, since
 * building an index over loaded rows is cheaper than growing it row by row. Primary keys stay (they check as
 * the rows go in). A rollback restores them with the rest.
 */
async function dropSecondaryIndexes(client: ClientBase, schema: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
     WHERE i.schemaname = $1 AND i.tablename = ANY($2)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)`,
    [schema, FILLED_TABLES],
  );
  for (const r of rows) await client.query(`DROP INDEX ${quoted(schema)}.${quoted(r.name)}`);
  return rows.map((r) => r.definition);
}

const quoted = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** The tables the rebuild fills. */
const FILLED_TABLES = [
  'customer_timeline', 'customers', 'customer_aliases', 'customer_identities', 'identity_observations', 'observation_identities', 'shared_identities',
  'identity_decisions', 'customer_tickets', 'profile_config', 'deadlines',
];

const TIMELINE_COLUMNS = ['event_id', 'customer_id', 'type', 'at', 'data'];
const timelineRow = (f: Fact) => copyTextRow([f.eventId, f.customerId, f.type, f.at, JSON.stringify(f.data)]);

/** Every table but the timeline, one COPY per table (or per 20,000 rows). */
async function writeRows(client: ClientBase, t: (table: string) => string, r: ProfileRows, fold: ProfileFold): Promise<Record<string, number>> {
  const json = (v: unknown) => JSON.stringify(v);
  return {
    customers: await copyRows(client, t('customers'),
      ['id', 'name', 'traits', 'tier', 'tags', 'merged_from', 'segments', 'churn_risk', 'first_seen_at', 'last_seen_at', 'health_signals', 'health_score', 'health_reasons'],
      r.customers, (c) => [c.id, c.name, json(c.traits), c.tier, arrayLiteral(c.tags), arrayLiteral(c.merged_from), arrayLiteral(c.segments), c.churn_risk,
        c.first_seen_at, c.last_seen_at, json(c.health_signals), c.health_score, json(c.health_reasons)]),
    customer_aliases: await copyRows(client, t('customer_aliases'), ['alias_id', 'identity_key', 'customer_id'], r.aliases, (a) => [a.alias_id, a.identity_key, a.customer_id]),
    customer_identities: await copyRows(client, t('customer_identities'), ['kind', 'value', 'customer_id', 'shared'], r.identities, (i) => [i.kind, i.value, i.customer_id, i.shared]),
    identity_observations: await copyRows(client, t('identity_observations'), ['id', 'identities', 'verified', 'first_at', 'first_event_id'], r.observations,
      (ob) => [ob.id, ob.identities, ob.verified, ob.first_at, ob.first_event_id]),
    observation_identities: await copyRows(client, t('observation_identities'), ['identity_key', 'observation_id'], r.observationIdentities, (oi) => [oi.identity_key, oi.observation_id]),
    shared_identities: await copyRows(client, t('shared_identities'), ['identity_key'], r.shared, (key) => [key]),
    identity_decisions: await copyRows(client, t('identity_decisions'), ['event_id', 'kind', 'a', 'b', 'at'], r.decisions, (d) => [d.event_id, d.kind, d.a, d.b, d.at]),
    customer_tickets: await copyRows(client, t('customer_tickets'),
      ['ticket_id', 'customer_id', 'number', 'status', 'status_at', 'category', 'channel', 'subject', 'opened_at', 'solved_at'],
      [...fold.tickets.values()], (k) => [k.ticket_id, k.customer_id, k.number, k.status, k.status_at, k.category, k.channel, k.subject, k.opened_at, k.solved_at]),
    profile_config: await copyRows(client, t('profile_config'), ['kind', 'version', 'document'], [...fold.configs], ([kind, c]) => [kind, c.version, json(c.document)]),
    deadlines: await copyRows(client, t('deadlines'), ['id', 'kind', 'due_at', 'fire_at', 'payload'], r.greetings, (g) => [g.id, g.kind, g.due_at, g.due_at, g.payload]),
  };
}
