import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateConnectors1763900000300 implements MigrationInterface {
  name = 'CreateConnectors1763900000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE connectors (
      id text PRIMARY KEY,
      name text NOT NULL,
      event_types text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE connector_keys (
      key_hash text PRIMARY KEY,
      connector_id text NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE connector_keys');
    await q.query('DROP TABLE connectors');
  }
}
