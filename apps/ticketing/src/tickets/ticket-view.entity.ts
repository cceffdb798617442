import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface TicketMessageView {
  id: string;
  author: 'customer' | 'agent' | 'system';
  public: boolean;
  body: string;
  at: string;
}

export interface TicketSlaView {
  target: 'first_response' | 'next_response' | 'resolution';
  dueAt: string | null;
  state: 'active' | 'paused' | 'achieved' | 'breached';
  warnedAt: string | null;
}

/** Read model of one ticket (ticket details and queues), projected from the ticket stream. */
@Entity({ name: 'tickets' })
export class TicketView {
  @PrimaryColumn('uuid') id!: string;
  @Column('integer') number!: number;
  @Column('text') status!: string;
  @Column('text') priority!: string;
  @Column({ type: 'text', nullable: true }) category!: string | null;
  @Column('text') channel!: string;
  @Column({ name: 'customer_id', type: 'uuid' }) customerId!: string;
  @Column({ name: 'team_id', type: 'text', nullable: true }) teamId!: string | null;
  @Column({ name: 'assignee_id', type: 'text', nullable: true }) assigneeId!: string | null;
  @Column('text') subject!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'first_response_at', type: 'timestamptz', nullable: true }) firstResponseAt!: Date | null;
  @Column({ name: 'solved_at', type: 'timestamptz', nullable: true }) solvedAt!: Date | null;
  /** Stream revision of the last applied event: the ETag of the ticket. */
  @Column({ type: 'bigint' }) revision!: string;
  @Column({ type: 'jsonb' }) messages!: TicketMessageView[];
  @Column({ type: 'jsonb', default: () => "'[]'" }) sla!: TicketSlaView[];
}
