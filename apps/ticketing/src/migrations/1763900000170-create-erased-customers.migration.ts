import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customers erased by customer-profile (cs.customer.erased.v1) and when: the read models redact what they
 * project about them from before that moment, also when a projection applies an older event late.
 */
export class CreateErasedCustomers1763900000170 implements MigrationInterface {
  name = 'CreateErasedCustomers1763900000170';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE erased_customers (
      customer_id uuid PRIMARY KEY,
      erased_at timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE erased_customers');
  }
}
