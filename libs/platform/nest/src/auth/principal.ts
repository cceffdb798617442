export const ROLES = ['admin', 'manager', 'lead', 'agent', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who made the request: a person (JWT) or a connector (connector key). */
export interface Principal {
  /** JWT `sub` for people; `connector:<connectorId>` for connectors. */
  subject: string;
  roles: readonly Role[];
  kind: 'person' | 'connector';
  connectorId?: string;
  /** Event types a connector key may send (connectors only). */
  scopes?: readonly string[];
  /** CloudEvents `source`s a connector may send from; empty = any (connectors only). */
  sources?: readonly string[];
}

/** Who did it, as the contract events' `actor` records it (people are `user`s). */
export function actorOf(who: Principal): { kind: 'user' | 'connector'; id: string } {
  return { kind: who.kind === 'connector' ? 'connector' : 'user', id: who.subject };
}
