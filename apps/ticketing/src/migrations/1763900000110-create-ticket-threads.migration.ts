import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which ticket a customer's conversation thread belongs to, written by the intake itself (not a projection)
 * so the next message of the thread finds its ticket at once.
 */
export class CreateTicketThreads1763900000110 implements MigrationInterface {
  name = 'CreateTicketThreads1763900000110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ticket_threads (
      customer_id uuid NOT NULL,
      thread_key text NOT NULL,
      ticket_id uuid NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (customer_id, thread_key)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE ticket_threads');
  }
}
