import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The SLA state of each ticket in the tickets read model (one entry per target). */
export class AddTicketSla1763900000150 implements MigrationInterface {
  name = 'AddTicketSla1763900000150';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tickets ADD COLUMN sla jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE tickets DROP COLUMN sla');
  }
}
