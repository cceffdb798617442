import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox of a service whose projections decide events of their own (see EventOutbox): add it to the
 * service's migrations. Rows are appends waiting for the relay, in commit order of their `seq`.
 */
export class CreateEventOutbox1763900000220 implements MigrationInterface {
  name = 'CreateEventOutbox1763900000220';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE event_outbox (
      seq bigserial PRIMARY KEY,
      stream_name text NOT NULL,
      events jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE event_outbox');
  }
}
