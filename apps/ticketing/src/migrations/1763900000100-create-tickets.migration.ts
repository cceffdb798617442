import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTickets1763900000100 implements MigrationInterface {
  name = 'CreateTickets1763900000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE tickets (
      id uuid PRIMARY KEY,
      number integer NOT NULL,
      status text NOT NULL,
      priority text NOT NULL,
      category text,
      channel text NOT NULL,
      customer_id uuid NOT NULL,
      team_id text,
      assignee_id text,
      subject text NOT NULL,
      created_at timestamptz NOT NULL,
      first_response_at timestamptz,
      solved_at timestamptz,
      revision bigint NOT NULL,
      messages jsonb NOT NULL DEFAULT '[]'
    )`);
    await q.query('CREATE INDEX tickets_customer ON tickets (customer_id, created_at DESC)');
    await q.query('CREATE INDEX tickets_status ON tickets (status, created_at DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE tickets');
  }
}
