import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `outbound_messages` is a read model (projected from the outbound streams; may be dropped and rebuilt).
 * `outbound_deliveries` is the delivery worker's own queue of messages still to attempt, with when each is
 * due; it is not a read model: a rebuild of the read models must leave it alone, or pending retries would be
 * forgotten (replaying the consumer group `ticketing.outbound-delivery` would queue them again).
 */
export class CreateOutboundMessages1763900000200 implements MigrationInterface {
  name = 'CreateOutboundMessages1763900000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE outbound_messages (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      channel text NOT NULL,
      to_address text NOT NULL,
      ticket_id uuid,
      customer_id uuid,
      subject text,
      status text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await q.query('CREATE INDEX outbound_messages_created ON outbound_messages (created_at DESC, id DESC)');
    await q.query('CREATE INDEX outbound_messages_ticket ON outbound_messages (ticket_id, created_at DESC, id DESC) WHERE ticket_id IS NOT NULL');
    await q.query('CREATE INDEX outbound_messages_customer ON outbound_messages (customer_id, created_at DESC, id DESC) WHERE customer_id IS NOT NULL');
    await q.query('CREATE INDEX outbound_messages_status ON outbound_messages (status, created_at DESC, id DESC)');
    await q.query(`CREATE TABLE outbound_deliveries (
      message_id uuid PRIMARY KEY,
      due_at timestamptz NOT NULL,
      claims integer NOT NULL DEFAULT 0,
      queued_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX outbound_deliveries_due ON outbound_deliveries (due_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE outbound_deliveries');
    await q.query('DROP TABLE outbound_messages');
  }
}
