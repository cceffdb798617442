import type { TICKETING_CONFIG_KINDS } from '@csp/contracts';
import { type EventStore, VersionedDocuments } from '@csp/event-store';

export type ConfigKind = (typeof TICKETING_CONFIG_KINDS)[number];
export type { StoredDocument } from '@csp/event-store';

export const CONFIG_STORE = Symbol('CONFIG_STORE');

/**
 * Ticketing's configuration documents, stored as events (`cs.ticketing.config-changed.v1` in the stream
 * `ticketingConfig-<kind>`), so every change says who changed what, when, and simulations can replay them.
 * Reads are cached for 2 s: the processes read configuration on every ticket.
 */
export type ConfigStore = VersionedDocuments<ConfigKind>;

/** `fallback`: the document while none is stored (the starter configuration, or an empty one). */
export function createConfigStore(store: EventStore, fallback: (kind: ConfigKind) => Record<string, unknown>): ConfigStore {
  return new VersionedDocuments<ConfigKind>(store, { streamPrefix: 'ticketingConfig', eventType: 'cs.ticketing.config-changed.v1', fallback, cacheMs: 2_000 });
}
