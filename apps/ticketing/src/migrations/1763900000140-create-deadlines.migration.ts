import { deadlinesSchemaSql } from '@csp/scheduler';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The durable scheduler's deadlines (SLA warnings and breaches, time rules): ticketing's own state. */
export class CreateDeadlines1763900000140 implements MigrationInterface {
  name = 'CreateDeadlines1763900000140';

  async up(q: QueryRunner): Promise<void> {
    await q.query(deadlinesSchemaSql('ticketing'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS ticketing.deadlines');
  }
}
