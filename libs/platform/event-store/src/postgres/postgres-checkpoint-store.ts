import { Pool } from 'pg';
import type { CheckpointStore } from '../event-store.port';
import { quoteIdent } from './postgres-event-store.schema';

/**
 * Checkpoints in the `<schema>.checkpoints` table: next to the PostgreSQL event store's log (which creates the
 * table with its schema), or on their own when the event store is EventStoreDB.
 */
export class PostgresCheckpointStore implements CheckpointStore {
  private constructor(
    private readonly pool: Pool,
    private readonly table: string,
    private readonly ownsPool: boolean,
  ) {}

  /** On a pool someone else owns (and closes), for a schema whose checkpoints table exists. */
  static onPool(pool: Pool, schema: string): PostgresCheckpointStore {
    return new PostgresCheckpointStore(pool, `${quoteIdent(schema)}.checkpoints`, false);
  }

  /** With its own small pool, creating the table if needed. */
  static async create(connectionString: string, schema: string): Promise<PostgresCheckpointStore> {
    const pool = new Pool({ connectionString, max: 2 });
    const s = quoteIdent(schema);
    await pool.query(`SELECT pg_advisory_xact_lock(7240001); CREATE SCHEMA IF NOT EXISTS ${s};
      CREATE TABLE IF NOT EXISTS ${s}.checkpoints (name text PRIMARY KEY, position numeric NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`);
    return new PostgresCheckpointStore(pool, `${s}.checkpoints`, true);
  }

  async loadCheckpoint(name: string): Promise<bigint | undefined> {
    const { rows } = await this.pool.query(`SELECT position FROM ${this.table} WHERE name = $1`, [name]);
    return rows[0] ? BigInt(rows[0].position) : undefined;
  }

  async storeCheckpoint(name: string, position: bigint): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [name, String(position)],
    );
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}
