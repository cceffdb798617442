import { createHash } from 'node:crypto';

/** RFC 4122 name-based UUID (version 5, SHA-1): the same namespace and name always give the same id. */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Namespaces of the deterministic ids of the platform (never change them: ids are stored everywhere). */
export const ID_NAMESPACES = {
  /** eventId = uuidV5(`${source}\n${id}`, EVENT): a redelivered CloudEvent maps to the same stored event. */
  EVENT: '6f1c6a52-8e0b-4b5e-9d55-2a7c0b9f3e10',
  /** customerId = uuidV5(`${kind}:${value}`, CUSTOMER) of the strongest identifier. */
  CUSTOMER: '0d4b1e8c-5f43-4e7a-a7c2-93b1d6e2f4a8',
  /** ids derived from a causing event (a ticket opened by a message, ...). */
  DERIVED: 'b3a7d2f0-1c9e-4a55-8f61-7e2d0c4b9a36',
} as const;

/** The stored event id of a CloudEvent: deterministic in (`source`, `id`), so retries are idempotent. */
export function eventIdFor(source: string, id: string): string {
  return uuidV5(`${source}\n${id}`, ID_NAMESPACES.EVENT);
}

/** An id derived from another id and a purpose (e.g. the ticket opened by event X). */
export function derivedId(purpose: string, fromId: string): string {
  return uuidV5(`${purpose}:${fromId}`, ID_NAMESPACES.DERIVED);
}
