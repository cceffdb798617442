import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Connector administration: allowed sources, signing secret, rate limit, versions; key ids; webhook receipts. */
export class ConnectorAdmin1763900000310 implements MigrationInterface {
  name = 'ConnectorAdmin1763900000310';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE connectors
      ADD COLUMN sources text[] NOT NULL DEFAULT '{}',
      ADD COLUMN signing_secret text,
      ADD COLUMN rate_limit_per_second integer,
      ADD COLUMN version integer NOT NULL DEFAULT 1,
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE connector_keys
      ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid(),
      ADD COLUMN hint text NOT NULL DEFAULT '',
      ADD CONSTRAINT connector_keys_id_unique UNIQUE (id)`);
    // Standard Webhooks message ids already accepted, per connector; kept a little longer than the 5-minute window.
    await q.query(`CREATE TABLE webhook_receipts (
      connector_id text NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
      webhook_id text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (connector_id, webhook_id)
    )`);
    await q.query('CREATE INDEX webhook_receipts_received_at ON webhook_receipts (received_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_receipts');
    await q.query('ALTER TABLE connector_keys DROP CONSTRAINT connector_keys_id_unique, DROP COLUMN id, DROP COLUMN hint');
    await q.query(`ALTER TABLE connectors DROP COLUMN sources, DROP COLUMN signing_secret, DROP COLUMN rate_limit_per_second,
      DROP COLUMN version, DROP COLUMN updated_at`);
  }
}
