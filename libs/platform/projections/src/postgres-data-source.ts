import { Client } from 'pg';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';
import { CreateProjectionCheckpoints1763900000000 } from './projection-checkpoint.migration';

export interface ServiceDataSourceOptions {
  url: string;
  /** The service's own schema: services never read each other's tables. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
}

/**
 * A TypeORM DataSource on the service's schema, with the projection checkpoint table, migrated on start.
 * `synchronize` is never used: the schema comes from real migrations.
 */
export async function openServiceDataSource(options: ServiceDataSourceOptions): Promise<DataSource> {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error(`invalid schema name ${options.schema}`);
  const client = new Client({ connectionString: options.url });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_xact_lock(7240002); CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
  } finally {
    await client.end();
  }
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: [ProjectionCheckpoint, ...(options.entities as unknown[] as [])],
    migrations: [CreateProjectionCheckpoints1763900000000, ...(options.migrations as unknown[] as [])],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: options.poolSize ?? 10, options: `-c search_path=${options.schema}` },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}
