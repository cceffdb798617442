import { type TICKETING_CONFIG_KINDS, type TicketingConfigChangedData } from '@csp/contracts';
import { ConcurrencyError, type EventStore } from '@csp/event-store';
import { randomUUID } from 'node:crypto';

export type ConfigKind = (typeof TICKETING_CONFIG_KINDS)[number];

export const CONFIG_STORE = Symbol('CONFIG_STORE');

export interface StoredDocument<T = Record<string, unknown>> {
  /** 0 = nothing stored yet (the starter document or an empty one applies). */
  version: number;
  document: T;
}

/**
 * Ticketing's configuration documents, stored as events (`cs.ticketing.config-changed.v1` in the stream
 * `ticketingConfig-<kind>`), so every change says who changed what, when, and simulations can replay them.
 * The document's version is its stream revision + 1; a PUT states the version it replaces.
 */
export class ConfigStore {
  private readonly cache = new Map<ConfigKind, { at: number; value: StoredDocument }>();

  constructor(
    private readonly store: EventStore,
    private readonly fallback: (kind: ConfigKind) => Record<string, unknown>,
    private readonly ttlMs = 2_000,
  ) {}

  /** The current document (cached for a moment: processes read it on every ticket). */
  async get<T = Record<string, unknown>>(kind: ConfigKind): Promise<StoredDocument<T>> {
    const hit = this.cache.get(kind);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value as StoredDocument<T>;
    const events = await this.store.readStream(streamOf(kind));
    const last = events[events.length - 1];
    const value = last
      ? { version: events.length, document: (last.data as TicketingConfigChangedData).document }
      : { version: 0, document: this.fallback(kind) };
    this.cache.set(kind, { at: Date.now(), value });
    return value as StoredDocument<T>;
  }

  /** Replaces the document; `expectedVersion` (If-Match) makes it conditional (ConcurrencyError -> 412). */
  async put(kind: ConfigKind, document: Record<string, unknown>, actor: { kind: 'user' | 'system'; id: string }, expectedVersion: number | undefined, now: Date): Promise<StoredDocument> {
    const current = expectedVersion === undefined ? (await this.store.readStream(streamOf(kind))).length : expectedVersion;
    const version = current + 1;
    const data: TicketingConfigChangedData = { kind, version, document, actor, at: now.toISOString() };
    try {
      await this.store.append(
        streamOf(kind),
        [{ id: randomUUID(), type: 'cs.ticketing.config-changed.v1', data, metadata: { actor: actor.id } }],
        { expectedRevision: current === 0 ? 'no_stream' : BigInt(current - 1) },
      );
    } catch (error) {
      if (error instanceof ConcurrencyError && expectedVersion === undefined) return this.put(kind, document, actor, undefined, now);
      throw error;
    }
    const value = { version, document };
    this.cache.set(kind, { at: Date.now(), value });
    return value;
  }
}

const streamOf = (kind: ConfigKind) => `ticketingConfig-${kind}`;
