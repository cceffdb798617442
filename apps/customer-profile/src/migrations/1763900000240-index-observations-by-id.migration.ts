import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The identity graph walks observation -> its identifiers (IdentityGraph.component joins observation_identities
 * on observation_id): without this index that join scanned the whole table, so every resolution got slower as
 * the graph grew.
 */
export class IndexObservationsById1763900000240 implements MigrationInterface {
  name = 'IndexObservationsById1763900000240';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX IF NOT EXISTS observation_identities_observation ON observation_identities (observation_id, identity_key)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX observation_identities_observation');
  }
}
