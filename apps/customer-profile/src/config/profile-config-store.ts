import type { PROFILE_CONFIG_KINDS, ProfileConfigChangedData } from '@csp/contracts';
import { ConcurrencyError, type EventStore } from '@csp/event-store';
import { randomUUID } from 'node:crypto';

export type ProfileConfigKind = (typeof PROFILE_CONFIG_KINDS)[number];

export const PROFILE_CONFIG_STORE = Symbol('PROFILE_CONFIG_STORE');

export interface StoredDocument<T = Record<string, unknown>> {
  /** 0 = nothing stored yet (the empty document applies). */
  version: number;
  document: T;
}

const EMPTY: Record<ProfileConfigKind, Record<string, unknown>> = { segments: { segments: [] } };

/**
 * Customer-profile's configuration documents as events (`cs.customer-profile.config-changed.v1` in the stream
 * `profileConfig-<kind>`): who changed what and when, and the projection rebuilds membership from them. The
 * version is the stream revision + 1; a PUT states the version it replaces (If-Match).
 */
export class ProfileConfigStore {
  constructor(private readonly store: EventStore) {}

  async get<T = Record<string, unknown>>(kind: ProfileConfigKind): Promise<StoredDocument<T>> {
    const events = await this.store.readStream(streamOf(kind));
    const last = events[events.length - 1];
    const value = last ? { version: events.length, document: (last.data as ProfileConfigChangedData).document } : { version: 0, document: EMPTY[kind] };
    return value as StoredDocument<T>;
  }

  /** Replaces the document; with `expectedVersion` a concurrent change fails with ConcurrencyError (412). */
  async put(kind: ProfileConfigKind, document: Record<string, unknown>, actor: { kind: 'user' | 'system'; id: string }, expectedVersion: number | undefined, now: Date): Promise<StoredDocument> {
    const current = expectedVersion ?? (await this.store.readStream(streamOf(kind))).length;
    const version = current + 1;
    const data: ProfileConfigChangedData = { kind, version, document, actor, at: now.toISOString() };
    try {
      await this.store.append(
        streamOf(kind),
        [{ id: randomUUID(), type: 'cs.customer-profile.config-changed.v1', data, metadata: { actor: actor.id } }],
        { expectedRevision: current === 0 ? 'no_stream' : BigInt(current - 1) },
      );
    } catch (error) {
      if (error instanceof ConcurrencyError && expectedVersion === undefined) return this.put(kind, document, actor, undefined, now);
      throw error;
    }
    return { version, document };
  }
}

const streamOf = (kind: ProfileConfigKind) => `profileConfig-${kind}`;
