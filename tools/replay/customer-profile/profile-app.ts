/* eslint-disable @nx/enforce-module-boundaries -- bench:profile and `npm run replay -- customer-profile` must run
   the customer-profile service's own projection and migrations, not a copy of them; the app exports no library,
   so this one adapter reaches into its sources. */
import { DEFAULT_IDENTITY_CONFIG, type IdentityConfig } from '@csp/customer-profile-domain';
import type { ClientBase } from 'pg';
import { openServiceDataSource, type Projection } from '@csp/projections';
import type { DataSource } from 'typeorm';
import { PROFILE_ENTITIES, PROFILE_MIGRATIONS } from '../../../apps/customer-profile/src/customer-profile.module';
import { customer360Projection, type Customer360ProjectionDeps } from '../../../apps/customer-profile/src/customers/customer-360.projection';

export { BirthdayGreetings } from '../../../apps/customer-profile/src/care/birthday-greetings';
export { identityConfigFrom } from '../../../apps/customer-profile/src/config/identity-config';

export const PROFILE_SCHEMA = 'customer_profile';
/** TypeORM's own table in the schema: bookkeeping of migrations, not read-model rows. */
export const MIGRATIONS_TABLE = 'migrations';

/** The service's DataSource on its schema (or another one, e.g. a rebuild's), migrated (the read-model tables exist). */
export function openProfileDataSource(url: string, schema = PROFILE_SCHEMA): Promise<DataSource> {
  return openServiceDataSource({ url, schema, entities: PROFILE_ENTITIES, migrations: PROFILE_MIGRATIONS });
}

/** The 360 projection as the service wires it; without options, the default identity configuration and no care. */
export function profileProjection(o: { identity?: IdentityConfig; care?: Customer360ProjectionDeps['care'] } = {}): Projection {
  return customer360Projection({ identity: o.identity ?? DEFAULT_IDENTITY_CONFIG, care: o.care });
}

/**
 * Every table of `schema` except TypeORM's migrations bookkeeping (so the projection's checkpoint table too),
 * referenced tables before the tables that reference them (observation_identities -> identity_observations).
 */
export async function readModelTables(client: ClientBase, schema: string): Promise<string[]> {
  const { rows: tables } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> $2 ORDER BY table_name`,
    [schema, MIGRATIONS_TABLE],
  );
  const { rows: refs } = await client.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c
     JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = $1`,
    [schema],
  );
  const bare = (name: string) => name.replace(/^.*\./, '').replace(/"/g, '');
  const parentsOf = (t: string) => refs.filter((r) => bare(r.child) === t).map((r) => bare(r.parent)).filter((p) => p !== t);
  const ordered: string[] = [];
  const visit = (t: string) => {
    if (ordered.includes(t)) return;
    parentsOf(t).forEach(visit);
    ordered.push(t);
  };
  tables.forEach((t) => visit(t.table_name));
  return ordered;
}
export { NeedsPerEventRebuild } from '../../../apps/customer-profile/src/rebuild/profile-fold';
export { type LogPage, rebuildProfileSetBased, type SetRebuildResult } from '../../../apps/customer-profile/src/rebuild/rebuild-profile';
