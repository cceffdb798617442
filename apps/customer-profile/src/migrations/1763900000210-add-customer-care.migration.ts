import { deadlinesSchemaSql } from '@csp/scheduler';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Health beside the 360 row (the signals so the daily re-assessment needs no facts, the last assessment so the
 * next one knows what changed), the configuration documents as the projection saw them, and the durable
 * scheduler's deadlines (daily re-assessment, birthday greetings).
 */
export class AddCustomerCare1763900000210 implements MigrationInterface {
  name = 'AddCustomerCare1763900000210';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE customers
      ADD COLUMN health_signals jsonb,
      ADD COLUMN health_score integer,
      ADD COLUMN health_reasons jsonb NOT NULL DEFAULT '[]'`);
    await q.query('CREATE INDEX customers_churn_risk ON customers (churn_risk, id)');
    await q.query(`CREATE TABLE profile_config (
      kind text PRIMARY KEY,
      version integer NOT NULL,
      document jsonb NOT NULL
    )`);
    await q.query(deadlinesSchemaSql('customer_profile'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS customer_profile.deadlines');
    await q.query('DROP TABLE profile_config');
    await q.query('DROP INDEX customers_churn_risk');
    await q.query('ALTER TABLE customers DROP COLUMN health_signals, DROP COLUMN health_score, DROP COLUMN health_reasons');
  }
}
