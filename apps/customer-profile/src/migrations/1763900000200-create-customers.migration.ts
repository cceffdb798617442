import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCustomers1763900000200 implements MigrationInterface {
  name = 'CreateCustomers1763900000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE customers (
      id uuid PRIMARY KEY,
      name text,
      traits jsonb NOT NULL DEFAULT '{}',
      tier text,
      first_seen_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE customer_identities (
      kind text NOT NULL,
      value text NOT NULL,
      customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
      PRIMARY KEY (kind, value)
    )`);
    await q.query('CREATE INDEX customer_identities_customer ON customer_identities (customer_id)');
    await q.query(`CREATE TABLE customer_tickets (
      ticket_id uuid PRIMARY KEY,
      customer_id uuid NOT NULL,
      number integer NOT NULL,
      status text NOT NULL,
      channel text NOT NULL,
      subject text NOT NULL,
      opened_at timestamptz NOT NULL
    )`);
    await q.query('CREATE INDEX customer_tickets_customer ON customer_tickets (customer_id, opened_at DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE customer_tickets');
    await q.query('DROP TABLE customer_identities');
    await q.query('DROP TABLE customers');
  }
}
