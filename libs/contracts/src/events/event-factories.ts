import type { TProperties } from '@sinclair/typebox';
import { defineEvent, type EventDefinition } from '../catalogue/event-definition';
import { Obj } from './common.schema';

type Meta = Omit<EventDefinition, 'schema' | 'version'>;

/** The version is read from the type (`....v2` -> 2) so the two can never disagree. */
function versionOf(type: string): number {
  return Number(/\.v(\d+)$/.exec(type)?.[1]);
}

/** An event whose `data` is a strict object of `properties` (unknown fields are rejected). */
export function catalogueEvent<P extends TProperties>(meta: Meta, properties: P) {
  return defineEvent({ ...meta, version: versionOf(meta.type), schema: Obj(properties) });
}

/** A public event: sent by connectors to ingestion, stored in the customer's interaction stream. */
export const interactionEvent = <P extends TProperties>(type: string, description: string, properties: P) =>
  catalogueEvent({ type, description, owner: 'ingestion', category: 'interaction', public: true }, properties);

/** An integration event of ticketing, appended to the ticket's stream. */
export const ticketEvent = <P extends TProperties>(type: string, description: string, properties: P) =>
  catalogueEvent({ type, description, owner: 'ticketing', category: 'ticket', public: false }, properties);

/** An integration event of customer-profile, appended to the customer's stream. */
export const customerEvent = <P extends TProperties>(type: string, description: string, properties: P) =>
  catalogueEvent({ type, description, owner: 'customer-profile', category: 'customer', public: false }, properties);
