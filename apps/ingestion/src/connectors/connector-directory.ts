import type { ConnectorGrant, ConnectorsRepository } from './connectors.repository';

interface Cached {
  grant: ConnectorGrant | undefined;
  expiresAt: number;
}

/**
 * Connector grants by key hash and by id, cached for a few seconds so the intake does not query PostgreSQL on
 * every request. Changes made through this process's admin API take effect at once (`forget`); changes made by
 * another ingestion instance within `ttlMs`.
 */
export class ConnectorDirectory {
  private readonly byKey = new Map<string, Cached>();
  private readonly byId = new Map<string, Cached>();

  constructor(
    readonly repository: ConnectorsRepository,
    private readonly ttlMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  byKeyHash(hash: string): Promise<ConnectorGrant | undefined> {
    return this.cached(this.byKey, hash, () => this.repository.grantByKeyHash(hash));
  }

  byConnectorId(id: string): Promise<ConnectorGrant | undefined> {
    return this.cached(this.byId, id, () => this.repository.grantById(id));
  }

  /** Drops what is cached (after an admin change). */
  forget(): void {
    this.byKey.clear();
    this.byId.clear();
  }

  private async cached(cache: Map<string, Cached>, key: string, load: () => Promise<ConnectorGrant | undefined>) {
    const hit = cache.get(key);
    if (hit && hit.expiresAt > this.now()) return hit.grant;
    const grant = await load();
    if (cache.size > 10_000) cache.clear(); // unknown keys must not grow it without bound
    cache.set(key, { grant, expiresAt: this.now() + this.ttlMs });
    return grant;
  }
}
