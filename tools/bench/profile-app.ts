/* eslint-disable @nx/enforce-module-boundaries -- bench:profile must time the customer-profile service's own
   projection and migrations (what `npm run replay -- customer-profile` runs), not a copy of them; the app
   exports no library, so this one adapter reaches into its sources. */
import { DEFAULT_IDENTITY_CONFIG } from '@csp/customer-profile-domain';
import type { EventStore } from '@csp/event-store';
import { openServiceDataSource, type Projection } from '@csp/projections';
import type { DataSource } from 'typeorm';
import { PROFILE_ENTITIES, PROFILE_MIGRATIONS } from '../../apps/customer-profile/src/customer-profile.module';
import { customer360Projection } from '../../apps/customer-profile/src/customers/customer-360.projection';

export const PROFILE_SCHEMA = 'customer_profile';
/** TypeORM's own table in the schema: bookkeeping of migrations, not read-model rows. */
export const MIGRATIONS_TABLE = 'migrations';

/** The service's DataSource on its schema, migrated (the read-model tables exist, empty). */
export function openProfileDataSource(url: string): Promise<DataSource> {
  return openServiceDataSource({ url, schema: PROFILE_SCHEMA, entities: PROFILE_ENTITIES, migrations: PROFILE_MIGRATIONS });
}

/** The 360 projection exactly as the service wires it (default identity configuration). */
export function profileProjection(store: EventStore): Projection {
  return customer360Projection({ store, identity: DEFAULT_IDENTITY_CONFIG });
}
