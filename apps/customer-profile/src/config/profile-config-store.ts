import type { PROFILE_CONFIG_KINDS } from '@csp/contracts';
import { type EventStore, VersionedDocuments } from '@csp/event-store';

export type ProfileConfigKind = (typeof PROFILE_CONFIG_KINDS)[number];
export type { StoredDocument } from '@csp/event-store';

export const PROFILE_CONFIG_STORE = Symbol('PROFILE_CONFIG_STORE');

const EMPTY: Record<ProfileConfigKind, Record<string, unknown>> = { segments: { segments: [] } };

/**
 * Customer-profile's configuration documents as events (`cs.customer-profile.config-changed.v1` in the stream
 * `profileConfig-<kind>`); the projection rebuilds membership from them.
 */
export type ProfileConfigStore = VersionedDocuments<ProfileConfigKind>;

export function createProfileConfigStore(store: EventStore): ProfileConfigStore {
  return new VersionedDocuments<ProfileConfigKind>(store, {
    streamPrefix: 'profileConfig', eventType: 'cs.customer-profile.config-changed.v1', fallback: (kind) => EMPTY[kind],
  });
}
