import { randomUUID } from 'node:crypto';
import { ConcurrencyError } from './event-store.errors';
import type { EventStore } from './event-store.port';

export interface StoredDocument<T = Record<string, unknown>> {
  /** 0 = nothing stored yet (the fallback document applies). */
  version: number;
  document: T;
}

export interface VersionedDocumentsOptions<K extends string> {
  /** Streams are `<streamPrefix>-<kind>`; the prefix is the stream category the owning service relays. */
  streamPrefix: string;
  /** The `…config-changed…` event type; its data is `{ kind, version, document, actor, at }`. */
  eventType: string;
  /** The document that applies while none is stored (version 0). */
  fallback: (kind: K) => Record<string, unknown>;
  /** How long a read may be served from memory (processes read configuration on every message). Default 0. */
  cacheMs?: number;
}

/**
 * Whole configuration documents stored as events, one stream per kind: every change says who changed what and
 * when, and replays see the history. The version is the stream revision + 1; a PUT names the version it
 * replaces (If-Match), so a concurrent change fails with a ConcurrencyError (412).
 */
export class VersionedDocuments<K extends string> {
  private readonly cache = new Map<K, { at: number; value: StoredDocument }>();

  constructor(
    private readonly store: EventStore,
    private readonly options: VersionedDocumentsOptions<K>,
  ) {}

  async get<T = Record<string, unknown>>(kind: K): Promise<StoredDocument<T>> {
    const hit = this.cache.get(kind);
    if (hit && Date.now() - hit.at < (this.options.cacheMs ?? 0)) return hit.value as StoredDocument<T>;
    const events = await this.store.readStream(this.streamOf(kind));
    const last = events[events.length - 1];
    const value = last
      ? { version: events.length, document: (last.data as { document: Record<string, unknown> }).document }
      : { version: 0, document: this.options.fallback(kind) };
    this.cache.set(kind, { at: Date.now(), value });
    return value as StoredDocument<T>;
  }

  /**
   * Replaces the document. With `expectedVersion` a concurrent change is a ConcurrencyError; without it, the
   * document replaces whatever is current (a few attempts against concurrent writers).
   */
  async put(kind: K, document: Record<string, unknown>, actor: { kind: 'user' | 'system'; id: string }, expectedVersion: number | undefined, now: Date): Promise<StoredDocument> {
    for (let attempt = 1; ; attempt++) {
      const current = expectedVersion ?? (await this.store.readStream(this.streamOf(kind))).length;
      const version = current + 1;
      try {
        await this.store.append(
          this.streamOf(kind),
          [{ id: randomUUID(), type: this.options.eventType, data: { kind, version, document, actor, at: now.toISOString() }, metadata: { actor: actor.id } }],
          { expectedRevision: current === 0 ? 'no_stream' : BigInt(current - 1) },
        );
      } catch (error) {
        if (error instanceof ConcurrencyError && expectedVersion === undefined && attempt < 5) continue;
        throw error;
      }
      const value = { version, document };
      this.cache.set(kind, { at: Date.now(), value });
      return value;
    }
  }

  /**
   * Stores the fallback of each kind as version 1 where nothing is stored yet (a fresh install's first start), so
   * that readers of the events (another service, a replay, a simulation) see the document that applies. Safe on
   * several instances at once: a concurrent seed or PUT wins and this one is skipped. Returns the kinds stored.
   */
  async seedFallbacks(kinds: readonly K[], actor: { kind: 'system'; id: string }, now: Date): Promise<K[]> {
    const seeded: K[] = [];
    for (const kind of kinds) {
      if ((await this.store.readStream(this.streamOf(kind), { maxCount: 1 })).length > 0) continue;
      try {
        await this.put(kind, this.options.fallback(kind), actor, 0, now);
        seeded.push(kind);
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
      }
    }
    return seeded;
  }

  private streamOf(kind: K): string {
    return `${this.options.streamPrefix}-${kind}`;
  }
}
