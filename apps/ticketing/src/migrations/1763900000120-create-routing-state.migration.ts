import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Local state of routing and assignment: customers' tiers (from their events), round-robin cursors, and which
 * working ticket is assigned to whom (the load), written at once by the assigning process so the next decision
 * sees it (the tickets read model would trail by a moment and let a burst exceed an agent's capacity).
 */
export class CreateRoutingState1763900000120 implements MigrationInterface {
  name = 'CreateRoutingState1763900000120';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE customer_tiers (
      customer_id uuid PRIMARY KEY,
      tier text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE agent_assignments (
      ticket_id uuid PRIMARY KEY,
      agent_id text NOT NULL
    )`);
    await q.query('CREATE INDEX agent_assignments_agent ON agent_assignments (agent_id)');
    await q.query(`CREATE TABLE team_cursors (
      team_id text PRIMARY KEY,
      last_agent_id text NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE team_cursors');
    await q.query('DROP TABLE agent_assignments');
    await q.query('DROP TABLE customer_tiers');
  }
}
