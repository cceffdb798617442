import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Creates the checkpoint table of the projection runner in the service's schema. */
export class CreateProjectionCheckpoints1763900000000 implements MigrationInterface {
  name = 'CreateProjectionCheckpoints1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE projection_checkpoints (
      projection text NOT NULL,
      scope text NOT NULL,
      position numeric NOT NULL, -- log positions can exceed 64 bits (see the event-store port)
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (projection, scope)
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE projection_checkpoints');
  }
}
