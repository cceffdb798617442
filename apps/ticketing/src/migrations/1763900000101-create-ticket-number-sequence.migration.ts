import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ticket numbers (#123) are handed out by this sequence and then recorded in the ticket's events. It is
 * ticketing's own state, not a read model: a rebuild of the read models must never drop or reset it, or new
 * tickets would reuse numbers.
 */
export class CreateTicketNumberSequence1763900000101 implements MigrationInterface {
  name = 'CreateTicketNumberSequence1763900000101';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SEQUENCE ticket_number_seq START 1');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SEQUENCE ticket_number_seq');
  }
}
