import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where to reach the customer of each ticket (the reply address of the contact that opened it). */
export class CreateTicketContacts1763900000130 implements MigrationInterface {
  name = 'CreateTicketContacts1763900000130';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ticket_contacts (
      ticket_id uuid PRIMARY KEY,
      channel text NOT NULL,
      address text NOT NULL,
      email text
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE ticket_contacts');
  }
}
