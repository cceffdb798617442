import { ID_NAMESPACES, uuidV5 } from './uuid';

/** The identifiers a connector may send for a customer (`Customer` in api.md), already normalised. */
export interface CustomerRef {
  email?: string;
  phone?: string;
  externalId?: string;
  social?: { platform: string; handle: string };
  anonymousId?: string;
  name?: string;
}

export type IdentityKind = 'externalId' | 'email' | 'phone' | 'social' | 'anonymousId';

/** Strongest first: the first one present decides the customer id. */
export const IDENTITY_PRECEDENCE: readonly IdentityKind[] = ['externalId', 'email', 'phone', 'social', 'anonymousId'];

export interface Identity {
  kind: IdentityKind;
  value: string;
}

/** Every identifier of a reference as `{ kind, value }`, strongest first. */
export function identitiesOf(ref: CustomerRef): Identity[] {
  const out: Identity[] = [];
  for (const kind of IDENTITY_PRECEDENCE) {
    const value = kind === 'social' ? (ref.social ? `${ref.social.platform}:${ref.social.handle}` : undefined) : ref[kind];
    if (typeof value === 'string' && value.length > 0) out.push({ kind, value });
  }
  return out;
}

/**
 * The customer id every service can compute without asking customer-profile: a UUID v5 of the strongest
 * identifier present. Customer-profile may later merge customers; merges are events everyone honours.
 */
export function customerIdFor(ref: CustomerRef): string {
  const [strongest] = identitiesOf(ref);
  if (!strongest) throw new Error('a customer reference needs at least one identifier');
  return customerIdOfIdentity(strongest);
}

export function customerIdOfIdentity(identity: Identity): string {
  return uuidV5(`${identity.kind}:${identity.value}`, ID_NAMESPACES.CUSTOMER);
}
