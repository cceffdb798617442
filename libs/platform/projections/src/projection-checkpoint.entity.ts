import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Position of a projection in each scope it reads (a Kafka partition, or the log), stored with its effects. */
@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpoint {
  @PrimaryColumn({ type: 'text' })
  projection!: string;

  @PrimaryColumn({ type: 'text' })
  scope!: string;

  @Column({ type: 'numeric' })
  position!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
