import { Column, Entity, PrimaryColumn } from 'typeorm';

export const OUTBOUND_STATUSES = ['pending', 'sent', 'failed', 'gave_up'] as const;
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];

/** Read model of one outbound message and its delivery so far, projected from `outbound-<messageId>`. */
@Entity({ name: 'outbound_messages' })
export class OutboundMessageView {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') kind!: string;
  @Column('text') channel!: string;
  @Column({ name: 'to_address', type: 'text' }) to!: string;
  @Column({ name: 'ticket_id', type: 'uuid', nullable: true }) ticketId!: string | null;
  @Column({ name: 'customer_id', type: 'uuid', nullable: true }) customerId!: string | null;
  @Column({ type: 'text', nullable: true }) subject!: string | null;
  @Column('text') status!: OutboundStatus;
  /** Attempts recorded so far (0 while pending). */
  @Column('integer') attempts!: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  /** When the message was requested. */
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  /** When the last attempt ended (the request time while pending). */
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
