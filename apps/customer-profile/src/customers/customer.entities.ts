import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per surviving customer: a cache of what its facts say (traits, tier, tags), for lists and filters. */
@Entity({ name: 'customers' })
export class CustomerRow {
  @PrimaryColumn('uuid') id!: string;
  @Column({ type: 'text', nullable: true }) name!: string | null;
  @Column({ type: 'jsonb' }) traits!: Record<string, unknown>;
  @Column({ type: 'text', nullable: true }) tier!: string | null;
  @Column({ type: 'text', array: true }) tags!: string[];
  @Column({ name: 'merged_from', type: 'uuid', array: true }) mergedFrom!: string[];
  @Column({ name: 'first_seen_at', type: 'timestamptz', nullable: true }) firstSeenAt!: Date | null;
  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true }) lastSeenAt!: Date | null;
}

@Entity({ name: 'customer_identities' })
export class CustomerIdentityRow {
  @PrimaryColumn('text') kind!: string;
  @PrimaryColumn('text') value!: string;
  @PrimaryColumn({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column('boolean') shared!: boolean;
}

@Entity({ name: 'customer_tickets' })
export class CustomerTicketRow {
  @PrimaryColumn({ name: 'ticket_id', type: 'uuid' }) ticketId!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column('integer') number!: number;
  @Column('text') status!: string;
  @Column({ name: 'status_at', type: 'timestamptz' }) statusAt!: Date;
  @Column({ type: 'text', nullable: true }) category!: string | null;
  @Column('text') channel!: string;
  @Column('text') subject!: string;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt!: Date;
  @Column({ name: 'solved_at', type: 'timestamptz', nullable: true }) solvedAt!: Date | null;
}

export const CUSTOMER_ENTITIES = [CustomerRow, CustomerIdentityRow, CustomerTicketRow];
