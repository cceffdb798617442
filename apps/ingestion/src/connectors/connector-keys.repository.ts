import { PUBLIC_EVENTS } from '@csp/contracts';
import { type ConnectorKeyResolver, hashConnectorKey } from '@csp/platform-nest';
import type { DataSource } from 'typeorm';

/**
 * Connector keys, stored hashed (SHA-256 of a 256-bit random key). The admin API (register, issue, rotate,
 * revoke) comes with the ingestion issue; this slice resolves keys and seeds the embedded demo connector.
 */
export class ConnectorKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  readonly resolve: ConnectorKeyResolver = async (hash) => {
    const rows: { connector_id: string; event_types: string[] }[] = await this.dataSource.query(
      `SELECT k.connector_id, c.event_types FROM connector_keys k JOIN connectors c ON c.id = k.connector_id
       WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [hash],
    );
    return rows[0] ? { connectorId: rows[0].connector_id, scopes: rows[0].event_types } : undefined;
  };

  /** Ensures a connector allowed to send every public event type holds `key` (idempotent). */
  async ensureConnector(id: string, name: string, key: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO connectors (id, name, event_types) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET event_types = EXCLUDED.event_types`,
        [id, name, PUBLIC_EVENTS.map((e) => e.type)],
      );
      await manager.query(`INSERT INTO connector_keys (key_hash, connector_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
        hashConnectorKey(key),
        id,
      ]);
    });
  }
}
