import type { Static, TSchema } from '@sinclair/typebox';

/** Who owns (publishes) an event type: connectors through ingestion, or one of the services. */
export type EventOwner = 'ingestion' | 'ticketing' | 'customer-profile' | 'analytics';

/**
 * One entry of the event catalogue: CloudEvents `type` + version -> JSON Schema of `data` -> (compiled
 * validator in the catalogue) and the TypeScript type `EventData<typeof def>`.
 */
export interface EventDefinition<S extends TSchema = TSchema> {
  type: string;
  version: number;
  description: string;
  owner: EventOwner;
  /** Stream category the owning service appends this event to (`<category>-<id>`). */
  category: string;
  schema: S;
  /** True for the events connectors may send to `POST /v1/events`. */
  public: boolean;
}

export type EventData<D> = D extends EventDefinition<infer S> ? Static<S> : never;

export function defineEvent<S extends TSchema>(definition: EventDefinition<S>): EventDefinition<S> {
  const match = /\.v(\d+)$/.exec(definition.type);
  if (!match || Number(match[1]) !== definition.version) {
    throw new Error(`event type ${definition.type} must end with .v${definition.version}`);
  }
  return definition;
}

/** `cs.message.received.v2` -> `cs.message.received`. */
export function familyOf(type: string): string {
  return type.replace(/\.v\d+$/, '');
}

/** `cs.message.received.v2` -> 2 (0 when the type carries no version). */
export function versionOf(type: string): number {
  const match = /\.v(\d+)$/.exec(type);
  return match ? Number(match[1]) : 0;
}
