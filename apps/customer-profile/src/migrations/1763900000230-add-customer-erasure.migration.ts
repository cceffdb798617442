import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erased customer ids and when: a late event about one of them that happened before the erasure is not applied
 * again (the person's data stays gone); what happens after it starts a new customer.
 */
export class AddCustomerErasure1763900000230 implements MigrationInterface {
  name = 'AddCustomerErasure1763900000230';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE erased_customers (customer_id uuid PRIMARY KEY, erased_at timestamptz NOT NULL)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE erased_customers');
  }
}
