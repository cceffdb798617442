import type { NewEvent } from '@csp/event-store';
import { categoryOf } from '@csp/event-store';
import { Pool } from 'pg';
import { copyFrom, copyTextRow } from '@csp/projections';

/** A run of events for one stream: what one append call writes. */
export interface AppendJob {
  stream: string;
  /** Revision of the first event (0 = a new stream). */
  firstRevision: number;
  events: NewEvent[];
}

const COLUMNS = 'event_id, stream_name, category, revision, type, data, metadata';

/**
 * The baseline: the event store's `events` table cloned (columns, defaults, constraints and indexes, its
 * own position sequence) into another schema, written with plain `pg` and none of the store's logic.
 */
export class BareEventTable {
  private constructor(
    private readonly pool: Pool,
    private readonly table: string,
  ) {}

  /** Clones `<sourceSchema>.events` into `<schema>.events` (both names are ours, never user input). */
  static async create(url: string, sourceSchema: string, schema: string, poolSize: number): Promise<BareEventTable> {
    const pool = new Pool({ connectionString: url, max: poolSize });
    pool.on('error', () => undefined);
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema};
      CREATE TABLE IF NOT EXISTS ${schema}.events (LIKE ${sourceSchema}.events INCLUDING ALL);
      CREATE SEQUENCE IF NOT EXISTS ${schema}.events_position_seq OWNED BY ${schema}.events.position;
      ALTER TABLE ${schema}.events ALTER COLUMN position SET DEFAULT nextval('${schema}.events_position_seq')`);
    return new BareEventTable(pool, `${schema}.events`);
  }

  /** Opens `connections` connections up front, so no path pays for connecting inside its timing. */
  async warm(connections: number): Promise<void> {
    await Promise.all(Array.from({ length: connections }, () => this.pool.query('SELECT 1')));
  }

  /** COPY FROM STDIN of the job's rows in one statement (its own transaction). */
  async copy(job: AppendJob): Promise<number> {
    const payload = job.events.map((e, i) => copyTextRow(toRow(job, e, i))).join('');
    const client = await this.pool.connect();
    try {
      return await copyFrom(client, `COPY ${this.table} (${COLUMNS}) FROM STDIN`, payload);
    } finally {
      client.release();
    }
  }

  /** A single-row INSERT as one implicit transaction (one round trip, like the store's append). */
  async insertOne(job: AppendJob): Promise<number> {
    const result = await this.pool.query(`INSERT INTO ${this.table} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, toRow(job, job.events[0], 0));
    return result.rowCount ?? 0;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** The same values the store's append function writes (data and metadata as the same JSON text). */
function toRow(job: AppendJob, event: NewEvent, index: number): string[] {
  return [
    event.id,
    job.stream,
    categoryOf(job.stream),
    String(job.firstRevision + index),
    event.type,
    JSON.stringify(event.data),
    JSON.stringify(event.metadata ?? {}),
  ];
}
