import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'customers' })
export class CustomerRow {
  @PrimaryColumn('uuid') id!: string;
  @Column({ type: 'text', nullable: true }) name!: string | null;
  @Column({ type: 'jsonb' }) traits!: Record<string, unknown>;
  @Column({ type: 'text', nullable: true }) tier!: string | null;
  @Column({ name: 'first_seen_at', type: 'timestamptz' }) firstSeenAt!: Date;
  @Column({ name: 'last_seen_at', type: 'timestamptz' }) lastSeenAt!: Date;
}

@Entity({ name: 'customer_identities' })
export class CustomerIdentityRow {
  @PrimaryColumn('text') kind!: string;
  @PrimaryColumn('text') value!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
}

@Entity({ name: 'customer_tickets' })
export class CustomerTicketRow {
  @PrimaryColumn({ name: 'ticket_id', type: 'uuid' }) ticketId!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column('integer') number!: number;
  @Column('text') status!: string;
  @Column('text') channel!: string;
  @Column('text') subject!: string;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt!: Date;
}

export const CUSTOMER_ENTITIES = [CustomerRow, CustomerIdentityRow, CustomerTicketRow];
