import type { DataSource, EntityManager } from 'typeorm';

export interface ConnectorKeyInfo {
  id: string;
  /** The key's last characters, to tell keys apart; the key itself is never stored. */
  hint: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface ConnectorRecord {
  id: string;
  name: string;
  eventTypes: string[];
  sources: string[];
  signed: boolean;
  rateLimitPerSecond: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  keys: ConnectorKeyInfo[];
}

/** What a request authenticated as this connector may do. */
export interface ConnectorGrant {
  connectorId: string;
  scopes: readonly string[];
  sources: readonly string[];
  signingSecret?: string;
  rateLimitPerSecond?: number;
}

export interface ConnectorSettings {
  name: string;
  eventTypes: string[];
  sources: string[];
  rateLimitPerSecond: number | null;
}

interface ConnectorRow {
  id: string;
  name: string;
  event_types: string[];
  sources: string[];
  signing_secret: string | null;
  rate_limit_per_second: number | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const toGrant = (row: ConnectorRow): ConnectorGrant => ({
  connectorId: row.id,
  scopes: row.event_types,
  sources: row.sources,
  signingSecret: row.signing_secret ?? undefined,
  rateLimitPerSecond: row.rate_limit_per_second ?? undefined,
});

/**
 * Connectors and their keys (stored as SHA-256 hashes), in the ingestion schema. Updates are wrapped in
 * `WITH ... RETURNING` selects: TypeORM answers a bare UPDATE with `[rows, count]` instead of the rows.
 */
export class ConnectorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async grantByKeyHash(hash: string): Promise<ConnectorGrant | undefined> {
    const rows: ConnectorRow[] = await this.dataSource.query(
      `SELECT c.* FROM connector_keys k JOIN connectors c ON c.id = k.connector_id WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [hash],
    );
    return rows[0] && toGrant(rows[0]);
  }

  async grantById(id: string): Promise<ConnectorGrant | undefined> {
    const rows: ConnectorRow[] = await this.dataSource.query('SELECT * FROM connectors WHERE id = $1', [id]);
    return rows[0] && toGrant(rows[0]);
  }

  async list(): Promise<ConnectorRecord[]> {
    const rows: ConnectorRow[] = await this.dataSource.query('SELECT * FROM connectors ORDER BY id');
    const keys = await this.keysOf(this.dataSource.manager, rows.map((r) => r.id));
    return rows.map((row) => toRecord(row, keys.get(row.id) ?? []));
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<ConnectorRecord | undefined> {
    const rows: ConnectorRow[] = await manager.query('SELECT * FROM connectors WHERE id = $1', [id]);
    if (!rows[0]) return undefined;
    return toRecord(rows[0], (await this.keysOf(manager, [id])).get(id) ?? []);
  }

  /** Creates the connector with its first key; false when the id is taken. */
  async create(id: string, settings: ConnectorSettings, keyHash: string, hint: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO connectors (id, name, event_types, sources, rate_limit_per_second) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [id, settings.name, settings.eventTypes, settings.sources, settings.rateLimitPerSecond],
      );
      if (inserted.length === 0) return false;
      await manager.query('INSERT INTO connector_keys (key_hash, connector_id, hint) VALUES ($1, $2, $3)', [keyHash, id, hint]);
      return true;
    });
  }

  /** Compare-and-set on `version`: 'stale' when `expectedVersion` is given and is not the current one. */
  async update(id: string, settings: ConnectorSettings, expectedVersion?: number): Promise<'ok' | 'missing' | 'stale'> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH changed AS (
         UPDATE connectors SET name = $2, event_types = $3, sources = $4, rate_limit_per_second = $5, version = version + 1, updated_at = now()
         WHERE id = $1 AND ($6::int IS NULL OR version = $6) RETURNING id
       ) SELECT id FROM changed`,
      [id, settings.name, settings.eventTypes, settings.sources, settings.rateLimitPerSecond, expectedVersion ?? null],
    );
    if (rows.length > 0) return 'ok';
    return (await this.grantById(id)) ? 'stale' : 'missing';
  }

  async addKey(id: string, keyHash: string, hint: string): Promise<ConnectorKeyInfo | undefined> {
    const rows: { id: string; created_at: Date }[] = await this.dataSource.query(
      `INSERT INTO connector_keys (key_hash, connector_id, hint) SELECT $1, id, $3 FROM connectors WHERE id = $2 RETURNING id, created_at`,
      [keyHash, id, hint],
    );
    return rows[0] && { id: rows[0].id, hint, createdAt: rows[0].created_at.toISOString(), revokedAt: null };
  }

  /** The key hash of a key that was revoked now (undefined when there is no such active key). */
  async revokeKey(id: string, keyId: string): Promise<string | undefined> {
    const rows: { key_hash: string }[] = await this.dataSource.query(
      `WITH revoked AS (
         UPDATE connector_keys SET revoked_at = now() WHERE connector_id = $1 AND id = $2::text::uuid AND revoked_at IS NULL RETURNING key_hash
       ) SELECT key_hash FROM revoked`,
      [id, keyId],
    );
    return rows[0]?.key_hash;
  }

  async setSigningSecret(id: string, secret: string | null): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH changed AS (UPDATE connectors SET signing_secret = $2, version = version + 1, updated_at = now() WHERE id = $1 RETURNING id)
       SELECT id FROM changed`,
      [id, secret],
    );
    return rows.length > 0;
  }

  /** Records a webhook message id; false when this connector already sent it (a replay). */
  async recordReceipt(connectorId: string, webhookId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'INSERT INTO webhook_receipts (connector_id, webhook_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING webhook_id',
      [connectorId, webhookId],
    );
    return rows.length > 0;
  }

  /** Releases a recorded message id (its request failed on our side, so the sender may retry it). */
  async forgetReceipt(connectorId: string, webhookId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM webhook_receipts WHERE connector_id = $1 AND webhook_id = $2', [connectorId, webhookId]);
  }

  async pruneReceipts(olderThanSeconds: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM webhook_receipts WHERE received_at < now() - make_interval(secs => $1)`, [olderThanSeconds]);
  }

  /** Ensures a connector holding `keyHash` exists, allowed the given types (embedded demo connector; idempotent). */
  async ensureConnector(id: string, name: string, eventTypes: string[], keyHash: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO connectors (id, name, event_types) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET event_types = EXCLUDED.event_types`,
        [id, name, eventTypes],
      );
      await manager.query(`INSERT INTO connector_keys (key_hash, connector_id, hint) VALUES ($1, $2, 'bootstrap') ON CONFLICT DO NOTHING`, [keyHash, id]);
    });
  }

  private async keysOf(manager: EntityManager, ids: string[]): Promise<Map<string, ConnectorKeyInfo[]>> {
    const rows: { connector_id: string; id: string; hint: string; created_at: Date; revoked_at: Date | null }[] = await manager.query(
      'SELECT connector_id, id, hint, created_at, revoked_at FROM connector_keys WHERE connector_id = ANY($1) ORDER BY created_at, id',
      [ids],
    );
    const byConnector = new Map<string, ConnectorKeyInfo[]>();
    for (const r of rows) {
      const keys = byConnector.get(r.connector_id) ?? [];
      keys.push({ id: r.id, hint: r.hint, createdAt: r.created_at.toISOString(), revokedAt: r.revoked_at?.toISOString() ?? null });
      byConnector.set(r.connector_id, keys);
    }
    return byConnector;
  }
}

function toRecord(row: ConnectorRow, keys: ConnectorKeyInfo[]): ConnectorRecord {
  return {
    id: row.id,
    name: row.name,
    eventTypes: row.event_types,
    sources: row.sources,
    signed: row.signing_secret !== null,
    rateLimitPerSecond: row.rate_limit_per_second,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    keys,
  };
}
