import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The identity graph walks observation -> its identifiers and identifier -> its customer's other identifiers
 * (IdentityGraph.component joins observation_identities on observation_id and customer_aliases on
 * identity_key): without these indexes those joins scanned whole tables, so every resolution got slower as the
 * graph grew.
 */
export class IndexIdentityGraph1763900000240 implements MigrationInterface {
  name = 'IndexIdentityGraph1763900000240';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX observation_identities_observation ON observation_identities (observation_id, identity_key)');
    await q.query('CREATE INDEX customer_aliases_identity ON customer_aliases (identity_key)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX customer_aliases_identity');
    await q.query('DROP INDEX observation_identities_observation');
  }
}
