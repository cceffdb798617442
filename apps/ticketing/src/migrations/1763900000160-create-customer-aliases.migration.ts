import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customers merged by customer-profile (cs.customer.merged.v1): each merged-away id and the customer it now
 * answers as, so tiers, re-routing and ticket lists follow merges; an unmerge removes the row again.
 */
export class CreateCustomerAliases1763900000160 implements MigrationInterface {
  name = 'CreateCustomerAliases1763900000160';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE customer_aliases (
      customer_id uuid PRIMARY KEY,
      survivor_id uuid NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX customer_aliases_survivor ON customer_aliases (survivor_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE customer_aliases');
  }
}
